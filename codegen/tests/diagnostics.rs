//! Diagnostics a spec author can act on: a snippet with a caret under the offending text,
//! a `help:` line (with "did you mean"), the first definition of a duplicate key, plain words
//! for bad indentation, and every problem of a file at once.

#[path = "support/head.rs"]
mod head;

use std::path::Path;

use hookspec_codegen::diagnostic::did_you_mean;
use hookspec_codegen::{Diagnostic, Severity, load_str};

use head::{ENVELOPE, HEAD};

/// A small valid spec with `types` and `events` spliced in; the first event line is line 22.
fn spec(types: &str, events: &str) -> String {
    format!(
        r#"{HEAD}{ENVELOPE}types:
{types}
events:
{events}"#
    )
}

const ADDRESS: &str = "  Address:\n    type: object\n    doc: A postal address.\n    fields:\n      city: { type: string, doc: The city. }";

fn errors(text: &str) -> Vec<Diagnostic> {
    match load_str(Path::new("specs/acme.yaml"), text) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(errors) => errors,
    }
}

fn one_line(found: &[Diagnostic]) -> Vec<String> {
    found.iter().map(ToString::to_string).collect()
}

#[test]
fn an_unknown_key_does_not_hide_the_other_errors_of_its_file() {
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    colur: red\n    payload:\n      type: object\n      fields:\n        x: { type: strng, doc: Typo., optinal: true }\n",
    );
    let found = errors(&text);
    assert_eq!(
        one_line(&found),
        [
            "specs/acme.yaml:24:5: error: unknown key `colur` in an event",
            "specs/acme.yaml:28:39: error: unknown key `optinal` in a field or type",
            "specs/acme.yaml:28:20: error: unknown type `strng`",
        ]
    );
    assert!(found.iter().all(|found| found.severity == Severity::Error));
    // Each unknown key is checked against the keys its own place takes.
    assert_eq!(found[1].help.as_deref(), Some("did you mean `optional`?"));
    assert_eq!(
        found[0].help.as_deref(),
        Some(
            "the keys here are `aliases`, `rust_name`, `group`, `doc`, `deprecated`, `sub_name`, `payload`, `examples`"
        )
    );
}

#[test]
fn an_event_without_doc_does_not_hide_the_other_errors_of_its_file() {
    let text = spec(
        ADDRESS,
        "  a:\n    payload:\n      type: object\n      fields:\n        x: { type: strng, doc: Typo. }\n  b:\n    doc: B.\n",
    );
    let found = errors(&text);
    assert_eq!(
        one_line(&found),
        [
            "specs/acme.yaml:22:3: error: event `a` has no `doc`",
            "specs/acme.yaml:26:20: error: unknown type `strng`",
        ]
    );
    assert!(
        found[0]
            .help
            .as_deref()
            .is_some_and(|help| help.starts_with("every event needs `doc`"))
    );
}

#[test]
fn a_snippet_puts_a_caret_under_the_offending_text() {
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    payload:\n      type: object\n      fields:\n        x: { type: strng, doc: Typo. }\n",
    );
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{:?}", one_line(&found));
    assert_eq!(
        found[0].render(&text),
        "\
error: unknown type `strng`
  --> specs/acme.yaml:27:20
   |
27 |         x: { type: strng, doc: Typo. }
   |                    ^^^^^
   |
   = help: did you mean `string`?"
    );
}

#[test]
fn a_duplicate_key_shows_its_first_definition() {
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    payload:\n      type: object\n      doc: One.\n      fields: {}\n      doc: Two.\n",
    );
    let found = errors(&text);
    assert_eq!(
        one_line(&found)[0],
        "specs/acme.yaml:28:7: error: duplicate key `doc`"
    );
    assert_eq!(found[0].related.len(), 1);
    assert_eq!(
        (found[0].related[0].line, found[0].related[0].column),
        (26, 7)
    );
    assert_eq!(
        found[0].render(&text),
        "\
error: duplicate key `doc`
  --> specs/acme.yaml:28:7
   |
26 |       doc: One.
   |       --- first defined here
27 |       fields: {}
28 |       doc: Two.
   |       ^^^
   |
   = help: a key appears once in a mapping; remove or rename one of them"
    );
}

#[test]
fn far_apart_places_fold_the_lines_between() {
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    payload:\n      type: object\n      fields:\n        one: { type: string }\n        two: { type: string }\n        three: { type: string }\n        four: { type: string }\n        five: { type: string }\n        one: { type: string }\n",
    );
    let found = errors(&text);
    let rendered = found[0].render(&text);
    assert!(
        rendered.contains("27 |         one: { type: string }"),
        "{rendered}"
    );
    assert!(
        rendered.contains("32 |         one: { type: string }"),
        "{rendered}"
    );
    assert!(!rendered.contains("three"), "{rendered}");
}

#[test]
fn bad_indentation_says_what_is_wrong_in_plain_words() {
    // `doc` is one space short of `type`, its sibling.
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    payload:\n      type: object\n      fields:\n        x:\n          type: string\n         doc: The x.\n",
    );
    let found = errors(&text);
    assert_eq!(
        one_line(&found),
        [
            "specs/acme.yaml:29:10: error: bad indentation: `doc` is indented by 9 spaces, which lines up with no key above it"
        ]
    );
    assert_eq!(
        found[0].render(&text),
        "\
error: bad indentation: `doc` is indented by 9 spaces, which lines up with no key above it
  --> specs/acme.yaml:29:10
   |
27 |         x:
   |         - `x` is indented by 8 spaces
28 |           type: string
   |           ---- `type` is indented by 10 spaces
29 |          doc: The x.
   |          ^^^
   |
   = help: the keys of one mapping line up: indent `doc` by 10 spaces to sit beside `type` (line 28), or by 8 spaces to sit beside `x` (line 27)"
    );

    // `doc` is indented under `type`, which has its value on its line.
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    payload:\n      type: object\n      fields:\n        x:\n          type: string\n            doc: The x.\n",
    );
    let found = errors(&text);
    assert_eq!(
        one_line(&found),
        [
            "specs/acme.yaml:29:13: error: bad indentation: `doc` is indented deeper than `type` above it, but `type` has its value (`string`) on its line, so nothing can nest under it"
        ]
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("indent `doc` by 10 spaces to sit beside `type`")
    );

    // Not indentation: an unquoted value with `: ` in it.
    let found = errors(&spec(ADDRESS, "  a:\n    doc: Note: this.\n"));
    assert_eq!(
        one_line(&found),
        [
            "specs/acme.yaml:23:14: error: the value of `doc` holds `: `, which YAML reads as the start of another key"
        ]
    );
}

#[test]
fn names_are_suggested_only_when_close() {
    let types = ["string", "integer", "object", "Address", "Customer"];
    assert_eq!(did_you_mean("strng", types), Some("string"));
    assert_eq!(did_you_mean("Adress", types), Some("Address"));
    assert_eq!(did_you_mean("address", types), Some("Address"));
    assert_eq!(did_you_mean("Custmer", types), Some("Customer"));
    assert_eq!(did_you_mean("banana", types), None);
    assert_eq!(did_you_mean("int", types), None);
    assert_eq!(did_you_mean("", types), None);
}

#[test]
fn name_lookups_in_the_validator_suggest_the_closest_name() {
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    payload:\n      type: object\n      fields:\n        home: { type: Adress, doc: Home. }\n        far: { type: Zebra, doc: Far off. }\n",
    );
    let found = errors(&text);
    assert_eq!(
        one_line(&found),
        [
            "specs/acme.yaml:27:23: error: unknown type `Adress`",
            "specs/acme.yaml:28:22: error: unknown type `Zebra`",
        ]
    );
    assert_eq!(found[0].help.as_deref(), Some("did you mean `Address`?"));
    let far = found[1].help.as_deref().unwrap_or_default();
    assert!(
        far.starts_with("a `type` is one of `string`, ")
            && far.ends_with("or a name under `types` (`Address`)"),
        "{far}"
    );

    let text = spec(ADDRESS, "  a:\n    doc: A.\n").replace("scheme: none", "scheme: nnoe");
    let found = errors(&text);
    assert_eq!(
        found[0].help.as_deref(),
        Some("did you mean `none`?"),
        "{:?}",
        one_line(&found)
    );
}

#[test]
fn a_whole_file_problem_renders_without_a_snippet() {
    let found = errors(&spec(ADDRESS, "  a:\n    doc: A.\n").replace("vendor: acme\n", ""));
    let rendered = found[0].render("");
    assert!(rendered.starts_with("error: "), "{rendered}");
    assert!(rendered.contains("specs/acme.yaml"), "{rendered}");
}

#[test]
fn a_field_whose_type_is_unknown_gives_one_error_not_a_cascade() {
    // The idempotency key names the envelope field whose type is misspelt: only the type is
    // wrong, so only the type is reported.
    let text = r#"vendor: acme
name: Acme
docs: https://example.com/webhooks
doc: Acme's webhooks.
signing:
  scheme: hmac_sha256
  signature_header: X-Acme-Signature
  signed_content: "{body}"
  encoding: hex
  key: utf8
  idempotency_key: { field: id }
envelope:
  doc: A delivery.
  event_name: event
  payload: data
  fields:
    id: { type: strng, doc: The delivery id. }
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
events:
  a:
    doc: A.
"#;
    assert_eq!(
        one_line(&errors(text)),
        ["specs/acme.yaml:17:17: error: unknown type `strng`"]
    );
}
