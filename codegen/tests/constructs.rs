//! The newer spec constructs (identity, compound names, `common`, unions, recursive types,
//! optional field docs, `datetime`): every error they can produce points at `file:line:col`,
//! and the valid forms resolve to the expected model.

#[path = "support/head.rs"]
mod head;

use std::path::Path;

use hookspec_codegen::model::{JsonKind, NamePath, NameSource, Select, SubName, Type};
use hookspec_codegen::{Diagnostic, Vendor, load_str};

use head::HEAD;

/// `HEAD` followed by `rest` (whose first line is line 8).
fn spec(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

/// A valid envelope spec named by `identity`; `types` is spliced in under `types:` (its first
/// line is line 20).
///
/// ```text
///  8 identity:
///  9   name: { member: event }
/// 10 envelope:
/// 11   doc: A delivery.
/// 12   payload: data
/// 13   fields:
/// 14     event: { type: string, doc: The event name. }
/// 15     data: { doc: The payload. }
/// 16 events:
/// 17   a:
/// 18     doc: A.
/// 19 types:
/// ```
fn with_types(types: &str) -> String {
    // No types at all: an empty map rather than a null.
    let types = if types.is_empty() { "  {}\n" } else { types };
    spec(&format!(
        "identity:
  name: {{ member: event }}
envelope:
  doc: A delivery.
  payload: data
  fields:
    event: {{ type: string, doc: The event name. }}
    data: {{ doc: The payload. }}
events:
  a:
    doc: A.
types:
{types}"
    ))
}

/// An envelope spec whose events have sub-names (`action`); `events` is spliced in under
/// `events:` (its first line is line 19).
///
/// ```text
///  8 identity:
///  9   name: { member: event }
/// 10   sub_name: { member: action }
/// 11 envelope:
/// 12   doc: A delivery.
/// 13   payload: data
/// 14   fields:
/// 15     event: { type: string, doc: The event name. }
/// 16     action: { type: string, doc: The sub-name. }
/// 17     data: { doc: The payload. }
/// 18 events:
/// ```
fn with_sub_names(events: &str) -> String {
    spec(&format!(
        "identity:
  name: {{ member: event }}
  sub_name: {{ member: action }}
envelope:
  doc: A delivery.
  payload: data
  fields:
    event: {{ type: string, doc: The event name. }}
    action: {{ type: string, doc: The sub-name. }}
    data: {{ doc: The payload. }}
events:
{events}"
    ))
}

/// A body without an envelope, named by a header and the body's `action`; `rest` (`common`,
/// `names`, `events`, ...) starts on line 11.
///
/// ```text
///  8 identity:
///  9   name: { header: X-Event }
/// 10   sub_name: { member: action }
/// ```
fn headless(rest: &str) -> String {
    spec(&format!(
        "identity:
  name: {{ header: X-Event }}
  sub_name: {{ member: action }}
{rest}"
    ))
}

fn load(text: &str) -> Result<Vendor, Vec<Diagnostic>> {
    load_str(Path::new("specs/acme.yaml"), text)
}

#[track_caller]
fn valid(text: &str) -> Vendor {
    load(text).unwrap_or_else(|errors| panic!("{}\nin:\n{text}", messages(&errors)))
}

fn messages(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The spec fails with exactly these errors (in any order): each `(line, column, part)` is
/// one diagnostic printed as `specs/acme.yaml:LINE:COL: error: ...part...`.
#[track_caller]
fn assert_errors(text: &str, expected: &[(u64, u64, &str)]) -> Vec<Diagnostic> {
    let found = match load(text) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(found) => found,
    };
    let all = messages(&found);
    for (line, column, part) in expected {
        let prefix = format!("specs/acme.yaml:{line}:{column}: error: ");
        assert!(
            found.iter().any(|diagnostic| {
                let printed = diagnostic.to_string();
                printed.starts_with(&prefix) && printed[prefix.len()..].contains(part)
            }),
            "missing `{prefix}...{part}...` in:\n{all}\n\nspec:\n{text}"
        );
    }
    assert_eq!(
        found.len(),
        expected.len(),
        "expected {} errors, found:\n{all}",
        expected.len()
    );
    found
}

// ---------------------------------------------------------------------------------------
// identity
// ---------------------------------------------------------------------------------------

/// An envelope spec with `identity` at lines 8–9 and the envelope's fields from line 14
/// (`event` on 14, `data` on 15), then one event `a` on line 17.
fn identity_spec(identity: &str, fields: &str) -> String {
    spec(&format!(
        "identity:
{identity}
envelope:
  doc: A delivery.
  payload: data
  fields:
{fields}
events:
  a:
    doc: A.
"
    ))
}

const EVENT_FIELDS: &str = "    event: { type: string, doc: The event name. }
    data: { doc: The payload. }";

#[test]
fn identity_member_and_header_names_resolve() {
    let vendor = valid(&identity_spec("  name: { member: event }", EVENT_FIELDS));
    assert_eq!(
        vendor.identity.name,
        NameSource::Member(vec!["event".into()])
    );
    assert_eq!(vendor.identity.sub_name, None);

    let vendor = valid(&identity_spec(
        "  name: { header: X-Event_Name2 }",
        EVENT_FIELDS,
    ));
    assert_eq!(
        vendor.identity.name,
        NameSource::Header("X-Event_Name2".into())
    );
}

#[test]
fn identity_together_with_envelope_event_name_is_an_error() {
    let text = spec(
        "identity:
  name: { member: event }
envelope:
  doc: A delivery.
  event_name: event
  payload: data
  fields:
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
events:
  a:
    doc: A.
",
    );
    let found = assert_errors(
        &text,
        &[(
            12,
            15,
            "the event name is given twice: remove `envelope.event_name`",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:12:15: error: the event name is given twice: remove `envelope.event_name` (or say it as `identity: { name: { member: ... } }`)"
    );
}

#[test]
fn the_legacy_envelope_event_name_still_works() {
    let vendor = valid(&spec(
        "envelope:
  doc: A delivery.
  event_name: event
  payload: data
  fields:
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
events:
  a:
    doc: A.
",
    ));
    assert_eq!(
        vendor.identity.name,
        NameSource::Member(vec!["event".into()])
    );
}

#[test]
fn neither_identity_nor_event_name_is_an_error() {
    // With an envelope: at the envelope.
    let text = spec(
        "envelope:
  doc: A delivery.
  payload: data
  fields:
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
events:
  a:
    doc: A.
",
    );
    assert_errors(
        &text,
        &[(
            9,
            3,
            "say where the event name travels: `identity: { name: { member: event } }`",
        )],
    );

    // Without an envelope: at the vendor id.
    let text = spec(
        "events:
  a:
    doc: A.
",
    );
    assert_errors(&text, &[(1, 9, "say where the event name travels")]);
}

#[test]
fn a_place_takes_exactly_one_of_member_and_header() {
    let both = identity_spec("  name: { member: event, header: X-Event }", EVENT_FIELDS);
    assert_errors(
        &both,
        &[(
            9,
            9,
            "give exactly one of `member` (a path in the body) and `header`",
        )],
    );
    let neither = identity_spec("  name: {}", EVENT_FIELDS);
    assert_errors(
        &neither,
        &[(
            9,
            9,
            "give exactly one of `member` (a path in the body) and `header`",
        )],
    );
    // The same for the sub-name's place.
    let neither = identity_spec("  name: { member: event }\n  sub_name: {}", EVENT_FIELDS);
    assert_errors(&neither, &[(10, 13, "give exactly one of `member`")]);
}

#[test]
fn an_invalid_header_name_is_an_error() {
    for (header, column) in [("\"X Event\"", 19), ("X:Event", 19), ("\"\"", 19)] {
        let text = identity_spec(&format!("  name: {{ header: {header} }}"), EVENT_FIELDS);
        assert_errors(
            &text,
            &[(
                9,
                column,
                "is not a header name (letters, digits, `-` and `_`)",
            )],
        );
    }
    let text = identity_spec("  name: { header: \"X Event\" }", EVENT_FIELDS);
    let found = assert_errors(&text, &[(9, 19, "`X Event` is not a header name")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:9:19: error: `X Event` is not a header name (letters, digits, `-` and `_`)"
    );
}

#[test]
fn an_empty_member_path_segment_is_an_error() {
    for path in ["meta..x", ".event", "event.", "\"\""] {
        let text = identity_spec(&format!("  name: {{ member: {path} }}"), EVENT_FIELDS);
        assert_errors(
            &text,
            &[(
                9,
                19,
                "is not a member path: keys separated by single dots, such as `meta.event_name`",
            )],
        );
    }
    let text = identity_spec("  name: { member: meta..x }", EVENT_FIELDS);
    let found = assert_errors(&text, &[(9, 19, "`meta..x` is not a member path")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:9:19: error: `meta..x` is not a member path: keys separated by single dots, such as `meta.event_name`"
    );
}

#[test]
fn a_sub_name_given_as_a_header_is_an_error() {
    let text = identity_spec(
        "  name: { member: event }\n  sub_name: { header: X-Action }",
        EVENT_FIELDS,
    );
    // Points at the sub-name's place; the message asks for a member.
    assert_errors(&text, &[(10, 13, "a sub-name travels in the body")]);
}

#[test]
fn a_sub_name_given_as_a_header_gets_the_dedicated_message() {
    let text = identity_spec(
        "  name: { member: event }\n  sub_name: { header: X-Action }",
        EVENT_FIELDS,
    );
    assert_errors(
        &text,
        &[(
            10,
            13,
            "a sub-name travels in the body: `sub_name: { member: action }`",
        )],
    );
}

#[test]
fn a_nested_sub_name_path_is_an_error() {
    let text = identity_spec(
        "  name: { member: event }\n  sub_name: { member: meta.action }",
        EVENT_FIELDS,
    );
    let found = assert_errors(
        &text,
        &[(
            10,
            13,
            "the sub-name member must be a top-level member of the body",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:10:13: error: the sub-name member must be a top-level member of the body"
    );
}

#[test]
fn a_name_path_must_start_at_an_envelope_member() {
    let text = identity_spec("  name: { member: kind }", EVENT_FIELDS);
    let found = assert_errors(
        &text,
        &[(9, 9, "`kind` is not among the envelope's `fields`")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:9:9: error: `kind` is not among the envelope's `fields`"
    );
    let text = identity_spec("  name: { member: kind.name }", EVENT_FIELDS);
    assert_errors(
        &text,
        &[(9, 9, "`kind` is not among the envelope's `fields`")],
    );

    // The legacy `event_name` is checked the same way, at its value.
    let text = spec(
        "envelope:
  doc: A delivery.
  event_name: kind
  payload: data
  fields:
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
events:
  a:
    doc: A.
",
    );
    assert_errors(
        &text,
        &[(10, 15, "`kind` is not among the envelope's `fields`")],
    );
}

#[test]
fn without_an_envelope_a_name_path_must_start_at_a_common_member() {
    // `common` without the member.
    let text = spec(
        "identity:
  name: { member: kind }
common:
  id: { type: string }
events:
  a:
    doc: A.
",
    );
    let found = assert_errors(&text, &[(9, 9, "`kind` is not a `common` member")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:9:9: error: `kind` is not a `common` member: a body without an envelope declares the members that carry the event name under `common`"
    );
    // No `common` at all.
    let text = spec(
        "identity:
  name: { member: kind }
events:
  a:
    doc: A.
",
    );
    assert_errors(&text, &[(9, 9, "`kind` is not a `common` member")]);

    // Declared under `common`, it works (and the member joins every payload object).
    let vendor = valid(&spec(
        "identity:
  name: { member: kind }
common:
  kind: { type: string, doc: The event name. }
events:
  a:
    doc: A.
    payload:
      type: object
      fields:
        id: { type: string }
",
    ));
    assert_eq!(
        vendor.identity.name,
        NameSource::Member(vec!["kind".into()])
    );
    let wires: Vec<&str> = vendor.structs[0]
        .fields
        .iter()
        .map(|field| field.wire.as_str())
        .collect();
    assert_eq!(wires, ["id", "kind"]);
}

#[test]
fn a_name_path_through_a_non_object_is_an_error() {
    let text = identity_spec("  name: { member: event.name }", EVENT_FIELDS);
    let found = assert_errors(
        &text,
        &[(9, 9, "`event` must be an object type to hold `name`")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:9:9: error: `event` must be an object type to hold `name`"
    );
    // Through an object that lacks the key.
    let meta = "    meta:
      type: object
      name: Meta
      doc: About the delivery.
      fields:
        test_mode: { type: bool }
    data: { doc: The payload. }";
    let text = identity_spec("  name: { member: meta.event_name }", meta);
    assert_errors(&text, &[(9, 9, "`Meta` has no field `event_name`")]);
}

#[test]
fn a_nested_name_path_resolves() {
    let meta = "    meta:
      type: object
      name: Meta
      doc: About the delivery.
      fields:
        event_name: { type: string, rust_name: name }
    data: { doc: The payload. }";
    let vendor = valid(&identity_spec("  name: { member: meta.event_name }", meta));
    assert_eq!(
        vendor.identity.name,
        NameSource::Member(vec!["meta".into(), "event_name".into()])
    );
    assert_eq!(
        vendor.name_path(&["meta".into(), "event_name".into()]),
        Ok(NamePath {
            fields: vec!["meta".into(), "name".into()],
            is_enum: false,
        })
    );
}

#[test]
fn a_name_member_must_be_a_required_non_null_string() {
    const MUST: &str = "`event` identifies the event, so it must be a required, non-null `string` (or `enum`) field";
    for event in [
        "{ type: string, doc: The event name., optional: true }",
        "{ type: string, doc: The event name., nullable: true }",
        "{ type: integer, doc: The event name. }",
        "{ type: rfc3339, doc: The event name. }",
    ] {
        let fields = format!("    event: {event}\n    data: {{ doc: The payload. }}");
        let text = identity_spec("  name: { member: event }", &fields);
        assert_errors(&text, &[(9, 9, MUST)]);
    }

    // A nested member: the string at the end of the path ...
    let meta = |meta: &str, name: &str| {
        format!(
            "    meta:
      type: object
      name: Meta
      doc: About the delivery.{meta}
      fields:
        event_name: {name}
    data: {{ doc: The payload. }}"
        )
    };
    let text = identity_spec(
        "  name: { member: meta.event_name }",
        &meta("", "{ type: string, nullable: true }"),
    );
    assert_errors(
        &text,
        &[(
            9,
            9,
            "`event_name` identifies the event, so it must be a required, non-null `string` (or `enum`) field",
        )],
    );
    // ... and every object on the way.
    let text = identity_spec(
        "  name: { member: meta.event_name }",
        &meta("\n      optional: true", "{ type: string }"),
    );
    assert_errors(
        &text,
        &[(
            9,
            9,
            "`meta` holds the event name, so it must be a required, non-null object",
        )],
    );
}

#[test]
fn an_optional_object_on_a_name_path_is_not_told_to_be_a_string() {
    let fields = "    meta:
      type: object
      name: Meta
      doc: About the delivery.
      optional: true
      fields:
        event_name: { type: string }
    data: { doc: The payload. }";
    let text = identity_spec("  name: { member: meta.event_name }", fields);
    let found = assert_errors(&text, &[(9, 9, "`meta`")]);
    assert!(
        !found[0].message.contains("`string`"),
        "an object on the path is told to be a string: {}",
        found[0]
    );
}

#[test]
fn the_payload_member_cannot_carry_the_name() {
    for path in ["data", "data.kind"] {
        let text = identity_spec(&format!("  name: {{ member: {path} }}"), EVENT_FIELDS);
        let found = assert_errors(
            &text,
            &[(9, 9, "the payload member cannot carry the event name")],
        );
        assert_eq!(
            found[0].to_string(),
            "specs/acme.yaml:9:9: error: the payload member cannot carry the event name"
        );
    }
    // The legacy `event_name`: at its value.
    let text = spec(
        "envelope:
  doc: A delivery.
  event_name: data
  payload: data
  fields:
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
events:
  a:
    doc: A.
",
    );
    assert_errors(
        &text,
        &[(10, 15, "the payload member cannot carry the event name")],
    );
}

// ---------------------------------------------------------------------------------------
// events: sub-names, compound names, `common`, optional payloads
// ---------------------------------------------------------------------------------------

#[test]
fn compound_names_resolve() {
    let vendor = valid(&with_sub_names(
        "  issues.opened:
    doc: Opened.
  issues.closed:
    doc: Closed.
    examples:
      - corrected: '{\"event\": \"issues\", \"action\": \"closed\", \"data\": {}}'
        note: Written here.
  team.add:
    doc: A plain name with a dot.
    sub_name: none
  dispatch:
    doc: A dispatch.
    sub_name: open
",
    ));
    assert_eq!(vendor.identity.sub_name.as_deref(), Some("action"));
    assert_eq!(vendor.compounds.len(), 1);
    assert_eq!(vendor.compounds[0].name, "issues");
    assert_eq!(vendor.compounds[0].variant, "Issues");
    assert_eq!(vendor.compounds[0].enum_name, "IssuesEvent");
    let events: Vec<(&str, &str, &SubName, Option<usize>)> = vendor
        .events
        .iter()
        .map(|event| {
            (
                event.wire.as_str(),
                event.rust.as_str(),
                &event.sub,
                event.compound,
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                "issues.opened",
                "Opened",
                &SubName::Value("opened".into()),
                Some(0)
            ),
            (
                "issues.closed",
                "Closed",
                &SubName::Value("closed".into()),
                Some(0)
            ),
            ("team.add", "TeamAdd", &SubName::None, None),
            ("dispatch", "Dispatch", &SubName::Open, None),
        ]
    );
}

#[test]
fn sub_name_on_an_event_needs_a_sub_name_member() {
    let text = with_types("").replace("    doc: A.\n", "    doc: A.\n    sub_name: open\n");
    let found = assert_errors(
        &text,
        &[(
            19,
            15,
            "`sub_name` needs a sub-name member: `identity: { sub_name: { member: action } }`",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:19:15: error: `sub_name` needs a sub-name member: `identity: { sub_name: { member: action } }`"
    );
}

#[test]
fn an_unknown_sub_name_value_is_an_error() {
    let text = with_sub_names("  a:\n    doc: A.\n    sub_name: opened\n");
    let found = assert_errors(&text, &[(21, 15, "unknown `sub_name` `opened`")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:21:15: error: unknown `sub_name` `opened`; expected `none` or `open` (a listed sub-name is written in the key: `name.sub`)"
    );
}

#[test]
fn a_compound_name_used_as_a_plain_event_is_an_error() {
    let text = with_sub_names(
        "  issues.opened:
    doc: Opened.
  issues:
    doc: Issues without a sub-name.
",
    );
    assert_errors(
        &text,
        &[
            (
                21,
                3,
                "`issues` has sub-named events (`issues.<sub>`); write this one as `issues.<sub>` too, or give it `sub_name: none` under another name",
            ),
            // Reported once: not again as a clash of variants in `Event`.
        ],
    );
    // `sub_name: none` does not make the same name plain.
    let text = with_sub_names(
        "  issues:
    doc: Issues without a sub-name.
    sub_name: none
  issues.opened:
    doc: Opened.
",
    );
    assert_errors(&text, &[(19, 3, "`issues` has sub-named events")]);
}

#[test]
fn a_names_entry_must_name_a_compound() {
    let text = with_sub_names(
        "  issues.opened:
    doc: Opened.
names:
  issue:
    doc: A typo.
  issues:
    doc: Fine.
",
    );
    let found = assert_errors(&text, &[(22, 3, "`issue` names no event with sub-names")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:22:3: error: `issue` names no event with sub-names (`issue.<sub>`)"
    );
}

#[test]
fn a_compound_event_takes_no_aliases() {
    let text = with_sub_names(
        "  issues.opened:
    doc: Opened.
    aliases: [issues.created, issues.new]
",
    );
    let found = assert_errors(
        &text,
        &[(21, 15, "aliases are for events without a sub-name")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:21:15: error: aliases are for events without a sub-name; a compound name is delivered as written"
    );
}

#[test]
fn two_sub_names_becoming_one_variant_is_an_error() {
    let text = with_sub_names(
        "  issues.re-opened:
    doc: One.
  issues.re_opened:
    doc: Two.
",
    );
    let found = assert_errors(
        &text,
        &[(
            21,
            3,
            "events `issues.re-opened` and `issues.re_opened` both become the variant `ReOpened`; set `rust_name` on one",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:21:3: error: events `issues.re-opened` and `issues.re_opened` both become the variant `ReOpened`; set `rust_name` on one"
    );
    // The same sub-name under different compound names is fine.
    valid(&with_sub_names(
        "  issues.opened:\n    doc: One.\n  pulls.opened:\n    doc: Two.\n",
    ));
}

#[test]
fn a_compound_enum_colliding_with_a_type_is_an_error() {
    let text = with_sub_names(
        "  issues.opened:
    doc: Opened.
types:
  IssuesEvent:
    type: object
    doc: Clashes with the enum of the `issues` events.
    fields: {}
",
    );
    let found = assert_errors(
        &text,
        &[(
            19,
            3,
            "the type name `IssuesEvent` (the events named `issues`) is already used (line 22)",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:19:3: error: the type name `IssuesEvent` (the events named `issues`) is already used (line 22); rename the other type, or these events with `names: { issues: { rust_name: ... } }`"
    );

    // With `names: { rust_name }`: at the Rust name.
    let text = with_sub_names(
        "  issues.opened:
    doc: Opened.
names:
  issues: { rust_name: Issue }
types:
  IssueEvent:
    type: object
    doc: Clashes.
    fields: {}
",
    );
    assert_errors(
        &text,
        &[(
            22,
            24,
            "the type name `IssueEvent` (the events named `issues`) is already used (line 24)",
        )],
    );
}

#[test]
fn an_open_sub_name_event_keeps_its_sub_member() {
    // Without an envelope: the payload must declare it ...
    let text = headless(
        "events:
  dispatch:
    doc: A dispatch.
    sub_name: open
    payload:
      type: object
      fields:
        id: { type: string }
",
    );
    let found = assert_errors(
        &text,
        &[(12, 3, "an event with open sub-names keeps its `action`")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:12:3: error: an event with open sub-names keeps its `action`: declare `action` as a `string` field of its payload"
    );
    // ... so a payload-less one cannot.
    let text = headless("events:\n  dispatch:\n    doc: A dispatch.\n    sub_name: open\n");
    assert_errors(&text, &[(12, 3, "keeps its `action`")]);
    // Declared, it is fine.
    let vendor = valid(&headless(
        "events:
  dispatch:
    doc: A dispatch.
    sub_name: open
    payload:
      type: object
      fields:
        action: { type: string }
",
    ));
    assert_eq!(vendor.events[0].sub, SubName::Open);
}

#[test]

fn with_an_envelope_the_open_sub_name_advice_names_the_envelope() {
    // The envelope does not declare `action`; the payload does. The check only looks at the
    // envelope, yet the message says to declare `action` in the payload.
    let text = spec(
        "identity:
  name: { member: event }
  sub_name: { member: action }
envelope:
  doc: A delivery.
  payload: data
  fields:
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
events:
  dispatch:
    doc: A dispatch.
    sub_name: open
    payload:
      type: object
      fields:
        action: { type: string }
",
    );
    let found = assert_errors(&text, &[(18, 3, "keeps its `action`")]);
    assert!(
        !found[0].message.contains("of its payload"),
        "advice points at the payload: {}",
        found[0]
    );
}

#[test]
fn a_sub_name_member_must_be_a_string() {
    // Without an envelope: in the payload, reported at the event.
    let text = headless(
        "events:
  issues.opened:
    doc: Opened.
    payload:
      type: object
      fields:
        action: { type: integer }
",
    );
    let found = assert_errors(
        &text,
        &[(
            12,
            3,
            "the sub-name member `action` of `issues.opened` must be a `string` field",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:12:3: error: the sub-name member `action` of `issues.opened` must be a `string` field"
    );

    // Through `common` too.
    let text = headless(
        "common:
  action: { type: bool }
events:
  issues.opened:
    doc: Opened.
    payload:
      type: object
      fields:
        id: { type: string }
",
    );
    assert_errors(
        &text,
        &[(
            14,
            3,
            "the sub-name member `action` of `issues.opened` must be",
        )],
    );

    // With an envelope: at the identity's sub-name, and again at every event.
    let text = with_sub_names(
        "  issues.opened:\n    doc: Opened.\n  push:\n    doc: Push.\n    sub_name: none\n",
    )
    .replace(
        "action: { type: string, doc: The sub-name. }",
        "action: { type: integer, doc: The sub-name. }",
    );
    assert_errors(
        &text,
        &[
            // Once, at the identity's sub-name (not again at every event).
            (
                10,
                13,
                "the sub-name member `action` must be a `string` field",
            ),
        ],
    );
}

#[test]
fn an_optional_payload_needs_an_envelope() {
    let text = headless(
        "events:
  a:
    doc: A.
    payload: { type: object, fields: {}, optional: true }
",
    );
    let found = assert_errors(&text, &[(14, 52, "`optional` needs an envelope")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:14:52: error: `optional` needs an envelope: without one, the payload is the whole body"
    );
    // With an envelope it is fine.
    let vendor = valid(&with_types("").replace(
        "    doc: A.\n",
        "    doc: A.\n    payload: { type: object, fields: {}, optional: true }\n",
    ));
    assert!(vendor.events[0].payload_optional);
}

#[test]
fn common_with_an_envelope_is_an_error() {
    let text = with_types("").replace("types:\n", "common:\n  sender: { type: string }\ntypes:\n");
    let found = assert_errors(
        &text,
        &[(20, 3, "`common` is for bodies without an envelope")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:20:3: error: `common` is for bodies without an envelope; with an envelope, shared members are the envelope's `fields`"
    );
}

#[test]
fn a_common_member_redeclared_with_another_type_is_kept_by_that_event() {
    // Since a5f9d06 this is no longer an error: the event keeps its own type, and `Event`'s
    // accessor for the member skips it and names it in its doc.
    let vendor = valid(&headless(
        "common:
  sender: { type: string, doc: Who sent it. }
events:
  a:
    doc: A.
    payload:
      type: object
      fields:
        sender: { type: integer }
  b:
    doc: B.
    payload:
      type: object
      fields:
        id: { type: string }
",
    ));
    let fields = |name: &str| -> Vec<(String, Type)> {
        vendor
            .find_struct(name)
            .unwrap()
            .fields
            .iter()
            .map(|field| (field.wire.clone(), field.ty.clone()))
            .collect()
    };
    assert_eq!(fields("A"), [("sender".to_owned(), Type::Integer)]);
    assert_eq!(
        fields("B"),
        [
            ("id".to_owned(), Type::String),
            ("sender".to_owned(), Type::String)
        ]
    );
    let source = hookspec_codegen::format::format(
        hookspec_codegen::emit::vendor(&vendor, &Default::default()),
        "test",
    )
    .unwrap_or_else(|error| panic!("generated code does not parse: {error}"));
    assert!(
        source.contains("another type (read it on their payload): `a`."),
        "{source}"
    );
}

#[test]
fn a_common_member_cannot_take_a_method_name_of_event() {
    let text = headless(
        "common:
  name: { type: string }
  info: { type: string }
  is_known: { type: bool }
  idempotency_key: { type: string }
  sender: { type: string }
events:
  a:
    doc: A.
",
    );
    let found = assert_errors(
        &text,
        &[
            (
                12,
                3,
                "`name` would become the method `name` of `Event`, which it already has; set `rust_name`",
            ),
            (13, 3, "`info` would become the method `info` of `Event`"),
            (
                14,
                3,
                "`is_known` would become the method `is_known` of `Event`",
            ),
            (
                15,
                3,
                "`idempotency_key` would become the method `idempotency_key` of `Event`",
            ),
        ],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:12:3: error: `name` would become the method `name` of `Event`, which it already has; set `rust_name`"
    );
    // `rust_name` resolves it.
    valid(&headless(
        "common:
  name: { type: string, rust_name: sender_name }
events:
  a:
    doc: A.
",
    ));
}

#[test]
fn a_sub_name_becoming_unknown_is_an_error() {
    let text = with_sub_names("  issues.unknown:\n    doc: A sub-name spelled `unknown`.\n");
    assert_errors(
        &text,
        &[(
            19,
            3,
            "`Unknown` is the variant of unknown events; set `rust_name`",
        )],
    );
}

#[test]

fn a_compound_name_becoming_unknown_is_an_error() {
    let text = with_sub_names("  unknown.opened:\n    doc: Opened.\n");
    let found = load(&text).err().unwrap_or_default();
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert!(found[0].message.contains("Unknown"), "{}", found[0]);

    let text = with_sub_names(
        "  issues.opened:\n    doc: Opened.\nnames:\n  issues: { rust_name: Unknown }\n",
    );
    let found = load(&text).err().unwrap_or_default();
    assert_eq!(found.len(), 1, "{}", messages(&found));
    assert!(found[0].message.contains("Unknown"), "{}", found[0]);
}

#[test]
fn a_compound_enum_colliding_with_an_event_payload_is_an_error() {
    // The plain event's payload struct comes first: the compound is reported.
    let text = with_sub_names(
        "  issues_event:
    doc: A plain event whose payload struct is `IssuesEvent`.
    payload: { type: object, fields: {} }
  issues.opened:
    doc: Opened.
",
    );
    assert_errors(
        &text,
        &[(
            22,
            3,
            "the type name `IssuesEvent` (the events named `issues`) is already used (line 21)",
        )],
    );
    // The compound comes first: the payload struct is reported.
    let text = with_sub_names(
        "  issues.opened:
    doc: Opened.
  issues_event:
    doc: A plain event whose payload struct is `IssuesEvent`.
    payload: { type: object, fields: {} }
",
    );
    assert_errors(
        &text,
        &[(
            23,
            14,
            "the type name `IssuesEvent` is already used (line 19); set `name` on one",
        )],
    );
}

// ---------------------------------------------------------------------------------------
// unions
// ---------------------------------------------------------------------------------------

/// Two shared objects for unions to use, `A` (required `id`, optional `extra_id`) and `B`
/// (required `code`); 10 lines, to append after a union.
const OBJECTS: &str = "  A:
    type: object
    doc: An A.
    fields:
      id: { type: string }
      extra_id: { type: string, optional: true }
  B:
    type: object
    doc: A B.
    fields:
      code: { type: integer }
";

/// A shared union `U` (line 20) with these lines after `doc` (from line 23) and the
/// shared objects `A` and `B` after it.
fn union(body: &str) -> String {
    with_types(&format!(
        "  U:\n    type: union\n    doc: A union.\n{body}{OBJECTS}"
    ))
}

#[test]
fn a_union_needs_variants() {
    let found = assert_errors(&union(""), &[(20, 3, "`union` needs `variants`")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:20:3: error: `union` needs `variants`: the types a value may have, each told apart by JSON kind, `tag` or `key`"
    );
}

#[test]
fn a_closed_union_needs_two_variants_an_open_one_one() {
    let found = assert_errors(
        &union("    variants:\n      - { type: string }\n"),
        &[(24, 7, "a union needs at least two variants")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:7: error: a union needs at least two variants, or one in an `open` union (for one type, use the type itself)"
    );
    assert_errors(
        &union("    variants: []\n"),
        &[(23, 15, "a union needs at least two variants")],
    );

    let vendor = valid(&union(
        "    open: true\n    variants:\n      - { type: string }\n",
    ));
    let def = &vendor.unions[0];
    assert!(def.open);
    assert_eq!(def.branches.len(), 1);
    assert_eq!(def.branches[0].rust, "String");
}

#[test]

fn an_open_union_needs_one_variant() {
    assert_errors(
        &union("    open: true\n    variants: []\n"),
        &[(
            24,
            15,
            "a union needs at least two variants, or one in an `open` union",
        )],
    );
}

#[test]
fn two_variants_of_one_json_kind_are_an_error() {
    let found = assert_errors(
        &union("    variants:\n      - { type: string }\n      - { type: rfc3339 }\n"),
        &[(25, 9, "variants `String`, `Rfc3339` all take a string")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:9: error: variants `String`, `Rfc3339` all take a string; a union tells its variants apart by JSON kind, or objects by `tag` or `key`"
    );
    assert_errors(
        &union("    variants:\n      - { type: integer }\n      - { type: epoch_seconds }\n"),
        &[(
            25,
            9,
            "variants `Integer`, `EpochSeconds` all take an integer",
        )],
    );
    // An enum is a string too.
    assert_errors(
        &union(
            "    variants:\n      - { type: datetime }\n      - { type: enum, name: Kind, values: [x] }\n",
        ),
        &[(25, 9, "variants `DateTime`, `Kind` all take a string")],
    );
}

#[test]
fn an_integer_and_a_number_variant_are_accepted() {
    let vendor = valid(&union(
        "    variants:\n      - { type: number }\n      - { type: integer }\n",
    ));
    let def = &vendor.unions[0];
    let kinds: Vec<(&str, &[JsonKind])> = def
        .branches
        .iter()
        .map(|branch| (branch.rust.as_str(), branch.kinds.as_slice()))
        .collect();
    // Integers go to `integer`; `number` keeps the rest.
    assert_eq!(
        kinds,
        [
            ("Number", &[JsonKind::Number][..]),
            ("Integer", &[JsonKind::Integer][..]),
        ]
    );
    // Without an `integer` variant, `number` takes both.
    let vendor = valid(&union(
        "    variants:\n      - { type: number }\n      - { type: string }\n",
    ));
    assert_eq!(
        vendor.unions[0].branches[0].kinds,
        [JsonKind::Integer, JsonKind::Number]
    );
}

#[test]
fn several_objects_need_a_tag_or_a_key() {
    let found = assert_errors(
        &union("    variants:\n      - { type: A }\n      - { type: B }\n"),
        &[
            (
                24,
                9,
                "variants `A`, `B` are all objects: give each a `tag` value (with `tag` on the union) or a required `key` that tells it apart (one may be `otherwise: true`)",
            ),
            (25, 9, "variants `A`, `B` are all objects"),
        ],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:9: error: variants `A`, `B` are all objects: give each a `tag` value (with `tag` on the union) or a required `key` that tells it apart (one may be `otherwise: true`)"
    );
    // A map is an object too.
    assert_errors(
        &union(
            "    variants:\n      - { type: A }\n      - { type: map, items: { type: string } }\n",
        ),
        &[
            (24, 9, "variants `A`, `Map` are all objects"),
            (25, 9, "variants `A`, `Map` are all objects"),
        ],
    );
}

#[test]
fn tagged_and_keyed_unions_resolve() {
    let vendor = valid(&union(
        "    tag: object\n    variants:\n      - { type: string, rust_name: Id }\n      - { type: A, tag: a }\n      - { type: B, tag: b, rust_name: Bee }\n",
    ));
    let def = &vendor.unions[0];
    assert_eq!(def.tag.as_deref(), Some("object"));
    let selects: Vec<(&str, &Select)> = def
        .branches
        .iter()
        .map(|branch| (branch.rust.as_str(), &branch.select))
        .collect();
    assert_eq!(
        selects,
        [
            ("Id", &Select::Kind),
            ("A", &Select::Tag("a".into())),
            ("Bee", &Select::Tag("b".into())),
        ]
    );

    let vendor = valid(&union(
        "    variants:\n      - { type: A, key: id }\n      - { type: B, key: code }\n",
    ));
    let selects: Vec<&Select> = vendor.unions[0]
        .branches
        .iter()
        .map(|branch| &branch.select)
        .collect();
    assert_eq!(
        selects,
        [&Select::Key("id".into()), &Select::Key("code".into())]
    );
}

#[test]
fn a_variant_tag_needs_a_union_tag() {
    let found = assert_errors(
        &union("    variants:\n      - { type: string }\n      - { type: A, tag: a }\n"),
        &[(
            25,
            25,
            "a variant's `tag` is the value of the union's tag member",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:25: error: a variant's `tag` is the value of the union's tag member: say which member with `tag` on the union"
    );
}

#[test]
fn a_union_tag_needs_a_tagged_variant() {
    let found = assert_errors(
        &union("    tag: kind\n    variants:\n      - { type: string }\n      - { type: A }\n"),
        &[(23, 10, "no variant gives a `tag` value for this tag member")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:23:10: error: no variant gives a `tag` value for this tag member"
    );
}

#[test]
fn a_variant_takes_tag_or_key_not_both() {
    let found = assert_errors(
        &union("    variants:\n      - { type: string }\n      - { type: A, tag: a, key: id }\n"),
        &[(25, 25, "a variant takes `tag` or `key`, not both")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:25: error: a variant takes `tag` or `key`, not both"
    );
}

#[test]
fn a_variant_key_must_be_a_required_field() {
    // Not a field at all.
    let found = assert_errors(
        &union(
            "    variants:\n      - { type: A, key: missing }\n      - { type: B, key: code }\n",
        ),
        &[(
            24,
            9,
            "`missing` must be a required field of `A` to tell it apart",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:9: error: `missing` must be a required field of `A` to tell it apart"
    );
    // An optional field.
    assert_errors(
        &union(
            "    variants:\n      - { type: A, key: extra_id }\n      - { type: B, key: code }\n",
        ),
        &[(24, 9, "`extra_id` must be a required field of `A`")],
    );
    // `tag` and `key` tell objects apart only.
    assert_errors(
        &union(
            "    tag: kind\n    variants:\n      - { type: string, tag: s }\n      - { type: A, tag: a }\n",
        ),
        &[(
            25,
            9,
            "`tag` and `key` tell objects apart; this variant is not an object",
        )],
    );
    assert_errors(
        &union("    variants:\n      - { type: string, key: id }\n      - { type: A }\n"),
        &[(
            24,
            9,
            "`tag` and `key` tell objects apart; this variant is not an object",
        )],
    );
}

#[test]
fn key_outside_a_union_is_an_error() {
    let text = with_types(&format!(
        "  C:\n    type: object\n    doc: A C.\n    fields:\n      id: {{ type: string, key: id }}\n{OBJECTS}"
    ));
    let found = assert_errors(&text, &[(24, 32, "`key` belongs on a union's variant")]);
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:32: error: `key` belongs on a union's variant: the required key that tells it apart"
    );
    // On a named type.
    let text = with_types(&format!(
        "  C:\n    type: object\n    doc: A C.\n    key: id\n    fields: {{}}\n{OBJECTS}"
    ));
    assert_errors(&text, &[(23, 10, "`key` belongs on a union's variant")]);
}

#[test]
fn duplicate_tag_values_are_an_error() {
    let found = assert_errors(
        &union(
            "    tag: kind\n    variants:\n      - { type: A, tag: x }\n      - { type: B, tag: x }\n",
        ),
        &[(
            26,
            9,
            "`A` and `B` are selected the same way; each needs its own `tag` value or `key`",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:26:9: error: `A` and `B` are selected the same way; each needs its own `tag` value or `key`"
    );
}

/// The `select` of each variant of the first union, by variant name.
fn selects(vendor: &Vendor) -> Vec<(&str, &Select)> {
    vendor.unions[0]
        .branches
        .iter()
        .map(|branch| (branch.rust.as_str(), &branch.select))
        .collect()
}

#[test]
fn an_otherwise_variant_takes_the_objects_no_tag_or_key_selects() {
    // With a key.
    let vendor = valid(&union(
        "    variants:\n      - { type: A, key: id }\n      - { type: B, otherwise: true }\n",
    ));
    assert_eq!(
        selects(&vendor),
        [("A", &Select::Key("id".into())), ("B", &Select::Otherwise)]
    );
    assert_eq!(vendor.unions[0].branches[1].kinds, [JsonKind::Object]);
    // With a tag, beside a scalar; it may come first.
    let vendor = valid(&union(
        "    tag: kind\n    variants:\n      - { type: B, otherwise: true, rust_name: Rest }\n      - { type: string }\n      - { type: A, tag: a }\n",
    ));
    assert_eq!(
        selects(&vendor),
        [
            ("Rest", &Select::Otherwise),
            ("String", &Select::Kind),
            ("A", &Select::Tag("a".into())),
        ]
    );
    // A map is an object: it may be the otherwise variant.
    let vendor = valid(&union(
        "    variants:\n      - { type: A, key: id }\n      - { type: map, items: { type: string }, otherwise: true }\n",
    ));
    assert_eq!(
        selects(&vendor),
        [
            ("A", &Select::Key("id".into())),
            ("Map", &Select::Otherwise)
        ]
    );
    // `otherwise: false` is no otherwise variant: two objects without a tag or key again.
    assert_errors(
        &union(
            "    variants:\n      - { type: A, otherwise: false }\n      - { type: B, key: code }\n",
        ),
        &[(24, 9, "variants `A`, `B` are all objects")],
    );
}

#[test]
fn otherwise_outside_a_union_variant_is_an_error() {
    // On a field.
    let text = with_types(&format!(
        "  C:\n    type: object\n    doc: A C.\n    fields:\n      id: {{ type: string, otherwise: true }}\n{OBJECTS}"
    ));
    let found = assert_errors(
        &text,
        &[(24, 38, "`otherwise` belongs on a union's variant")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:38: error: `otherwise` belongs on a union's variant: the object variant for objects no other variant selects"
    );
    // On a named type.
    let text = with_types(&format!(
        "  C:\n    type: object\n    doc: A C.\n    otherwise: true\n    fields: {{}}\n{OBJECTS}"
    ));
    assert_errors(
        &text,
        &[(23, 16, "`otherwise` belongs on a union's variant")],
    );
    // On the union itself.
    assert_errors(
        &union(
            "    otherwise: true\n    variants:\n      - { type: A, key: id }\n      - { type: B, key: code }\n",
        ),
        &[(23, 16, "`otherwise` belongs on a union's variant")],
    );
    // On a field of an inline object variant (not the variant itself).
    assert_errors(
        &union(
            "    variants:\n      - { type: A, key: id }\n      - { type: object, name: C, key: n, fields: { n: { type: integer, otherwise: true } } }\n",
        ),
        &[(25, 83, "`otherwise` belongs on a union's variant")],
    );
}

#[test]
fn a_variant_takes_one_of_tag_key_and_otherwise() {
    // One error each: the variant keeps its `key` (or `tag`), so the union is not also told
    // that two of its objects have nothing that tells them apart.
    let found = assert_errors(
        &union(
            "    variants:\n      - { type: A, key: id, otherwise: true }\n      - { type: B, key: code }\n",
        ),
        &[(24, 9, "a variant takes one of `tag`, `key` and `otherwise`")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:9: error: a variant takes one of `tag`, `key` and `otherwise`"
    );
    assert_errors(
        &union(
            "    tag: kind\n    variants:\n      - { type: A, tag: a }\n      - { type: B, tag: b, otherwise: true }\n",
        ),
        &[(26, 9, "a variant takes one of `tag`, `key` and `otherwise`")],
    );
}

#[test]
fn two_otherwise_variants_are_an_error() {
    let found = assert_errors(
        &union(
            "    variants:\n      - { type: A, otherwise: true }\n      - { type: B, otherwise: true }\n",
        ),
        &[(
            25,
            9,
            "`A` and `B` are selected the same way; each needs its own `tag` value or `key`",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:9: error: `A` and `B` are selected the same way; each needs its own `tag` value or `key`"
    );
    // Beside a keyed variant too: one error, at the second otherwise variant.
    assert_errors(
        &union(
            "    variants:\n      - { type: A, otherwise: true }\n      - { type: B, key: code }\n      - { type: map, items: { type: integer }, otherwise: true }\n",
        ),
        &[(26, 9, "`A` and `Map` are selected the same way")],
    );
}

#[test]
fn otherwise_on_a_variant_that_is_not_an_object_is_an_error() {
    let found = assert_errors(
        &union(
            "    variants:\n      - { type: A, key: id }\n      - { type: string, otherwise: true }\n",
        ),
        &[(
            25,
            9,
            "`tag` and `key` tell objects apart; this variant is not an object",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:9: error: `tag` and `key` tell objects apart; this variant is not an object"
    );
    // An array or an enum is not an object either.
    assert_errors(
        &union(
            "    variants:\n      - { type: A }\n      - { type: array, items: { type: A }, otherwise: true }\n",
        ),
        &[(25, 9, "this variant is not an object")],
    );
    assert_errors(
        &union(
            "    variants:\n      - { type: A }\n      - { type: enum, name: Kind, values: [x], otherwise: true }\n",
        ),
        &[(25, 9, "this variant is not an object")],
    );
}

#[test]
fn a_json_variant_is_an_error() {
    let found = assert_errors(
        &union("    variants:\n      - { type: json }\n      - { type: string }\n"),
        &[(24, 9, "a `json` variant would take every value")],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:9: error: a `json` variant would take every value; mark the union `open: true` instead"
    );
    // An open union already keeps every other value.
    assert_errors(
        &union("    open: true\n    variants:\n      - { type: json }\n      - { type: string }\n"),
        &[(
            25,
            9,
            "a `json` variant would take every value; an open union already keeps what no variant takes in `Other`: remove it",
        )],
    );
}

#[test]
fn a_union_cannot_be_a_variant_of_a_union() {
    let text = with_types(
        "  Inner:
    type: union
    doc: Inner.
    variants: [{ type: string }, { type: integer }]
  Outer:
    type: union
    doc: Outer.
    variants:
      - { type: Inner }
      - { type: bool }
",
    );
    let found = assert_errors(
        &text,
        &[(
            28,
            9,
            "`Inner` is a union; a union cannot be a variant of another",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:28:9: error: `Inner` is a union; a union cannot be a variant of another: list its variants here"
    );
}

#[test]
fn an_inline_object_variant_needs_a_name() {
    let found = assert_errors(
        &union(
            "    variants:\n      - { type: string }\n      - { type: object, fields: { id: { type: string } } }\n",
        ),
        &[(
            25,
            9,
            "an inline object, enum or union variant needs `name`",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:9: error: an inline object, enum or union variant needs `name` (its type's name) or `rust_name` (its variant's name)"
    );
    // An inline enum too.
    assert_errors(
        &union("    variants:\n      - { type: integer }\n      - { type: enum, values: [x] }\n"),
        &[(25, 9, "needs `name` (its type's name) or `rust_name`")],
    );

    // With `name`, the variant takes it; with `rust_name` alone, the struct is `<Union><Variant>`.
    let vendor = valid(&union(
        "    variants:\n      - { type: string }\n      - { type: object, name: Card, fields: { id: { type: string } } }\n",
    ));
    assert_eq!(vendor.unions[0].branches[1].rust, "Card");
    assert_eq!(vendor.unions[0].branches[1].ty, Type::Named("Card".into()));
    let vendor = valid(&union(
        "    variants:\n      - { type: string }\n      - { type: object, rust_name: Card, fields: { id: { type: string } } }\n",
    ));
    assert_eq!(vendor.unions[0].branches[1].rust, "Card");
    assert_eq!(vendor.unions[0].branches[1].ty, Type::Named("UCard".into()));
    // An inline array does not need one: it is `Array`.
    let vendor = valid(&union(
        "    variants:\n      - { type: string }\n      - { type: array, items: { type: string } }\n",
    ));
    assert_eq!(vendor.unions[0].branches[1].rust, "Array");
}

#[test]
fn two_variants_with_one_rust_name_are_an_error() {
    let found = assert_errors(
        &union(
            "    variants:\n      - { type: integer, rust_name: Value }\n      - { type: string, rust_name: Value }\n",
        ),
        &[(
            25,
            9,
            "two variants become `Value` (the other is on line 24); set `rust_name` on one",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:9: error: two variants become `Value` (the other is on line 24); set `rust_name` on one"
    );
}

#[test]
fn other_is_reserved_in_an_open_union() {
    let found = assert_errors(
        &union(
            "    open: true\n    variants:\n      - { type: string, rust_name: Other }\n      - { type: integer }\n",
        ),
        &[(
            25,
            9,
            "`Other` holds the values no variant takes in an open union",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:25:9: error: `Other` holds the values no variant takes in an open union; choose another variant name"
    );
    // A closed union may have a variant `Other`.
    let vendor = valid(&union(
        "    variants:\n      - { type: string, rust_name: Other }\n      - { type: integer }\n",
    ));
    assert_eq!(vendor.unions[0].branches[0].rust, "Other");
}

#[test]
fn a_variant_is_neither_optional_nor_nullable() {
    let found = assert_errors(
        &union(
            "    variants:\n      - { type: string, optional: true }\n      - { type: integer, nullable: true }\n",
        ),
        &[
            (
                24,
                35,
                "`optional` is not allowed on a union's variant (say it on the field that holds the union)",
            ),
            (25, 36, "`nullable` is not allowed on a union's variant"),
        ],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:24:35: error: `optional` is not allowed on a union's variant (say it on the field that holds the union)"
    );
}

#[test]
fn variants_and_open_apply_to_unions_only() {
    let text = with_types(&format!(
        "  C:
    type: object
    doc: A C.
    variants: [{{ type: string }}, {{ type: integer }}]
    open: true
    fields:
      kind: {{ type: enum, name: Kind, values: [x], open: true }}
{OBJECTS}"
    ));
    let found = assert_errors(
        &text,
        &[
            (23, 15, "`variants` does not apply to type `object`"),
            (24, 11, "`open` does not apply to type `object`"),
            (26, 58, "`open` does not apply to type `enum`"),
        ],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:23:15: error: `variants` does not apply to type `object`"
    );
}

// ---------------------------------------------------------------------------------------
// recursive types
// ---------------------------------------------------------------------------------------

#[test]
fn a_type_containing_itself_through_required_fields_is_an_error() {
    let text = with_types(
        "  Node:
    type: object
    doc: A node.
    fields:
      value: { type: integer }
      next: { type: Node }
",
    );
    let found = assert_errors(
        &text,
        &[(
            20,
            3,
            "`Node` contains itself through required, non-null fields (Node → Node)",
        )],
    );
    assert_eq!(
        found[0].to_string(),
        "specs/acme.yaml:20:3: error: `Node` contains itself through required, non-null fields (Node → Node): no finite JSON value fits; make one of those fields `optional` or `nullable`"
    );

    // Through two types: one error, at the first.
    let text = with_types(
        "  A:
    type: object
    doc: An A.
    fields:
      b: { type: B }
  B:
    type: object
    doc: A B.
    fields:
      a: { type: A }
",
    );
    assert_errors(
        &text,
        &[(
            20,
            3,
            "`A` contains itself through required, non-null fields (A → B → A)",
        )],
    );
}

#[test]
fn a_required_cycle_through_three_types_is_one_error() {
    // A → C → B → A.
    let text = with_types(
        "  A:
    type: object
    doc: An A.
    fields:
      c: { type: C }
  B:
    type: object
    doc: A B.
    fields:
      a: { type: A }
  C:
    type: object
    doc: A C.
    fields:
      b: { type: B }
",
    );
    assert_errors(
        &text,
        &[(
            20,
            3,
            "`A` contains itself through required, non-null fields (",
        )],
    );
}

#[test]

fn a_required_cycle_is_printed_in_containment_order() {
    let text = with_types(
        "  A:
    type: object
    doc: An A.
    fields:
      c: { type: C }
  B:
    type: object
    doc: A B.
    fields:
      a: { type: A }
  C:
    type: object
    doc: A C.
    fields:
      b: { type: B }
",
    );
    assert_errors(
        &text,
        &[(
            20,
            3,
            "`A` contains itself through required, non-null fields (A → C → B",
        )],
    );
}

/// `(struct, field)` of every boxed field and `(union, branch)` of every boxed branch.
fn boxed(vendor: &Vendor) -> Vec<(String, String)> {
    let fields = vendor.structs.iter().flat_map(|def| {
        def.fields
            .iter()
            .filter(|field| field.boxed)
            .map(|field| (def.name.clone(), field.wire.clone()))
    });
    let branches = vendor.unions.iter().flat_map(|def| {
        def.branches
            .iter()
            .filter(|branch| branch.boxed)
            .map(|branch| (def.name.clone(), branch.rust.clone()))
    });
    fields.chain(branches).collect()
}

#[test]
fn a_recursion_through_an_optional_field_is_boxed() {
    let vendor = valid(&with_types(
        "  Node:
    type: object
    doc: A node.
    fields:
      value: { type: integer }
      next: { type: Node, optional: true }
",
    ));
    assert_eq!(boxed(&vendor), [("Node".into(), "next".into())]);
}

#[test]
fn a_recursion_through_a_nullable_field_is_boxed() {
    // Through two types: both edges of the cycle are boxed, the edge leading in is not.
    let vendor = valid(&with_types(
        "  Root:
    type: object
    doc: Leads into the cycle.
    fields:
      a: { type: A }
  A:
    type: object
    doc: An A.
    fields:
      b: { type: B }
  B:
    type: object
    doc: A B.
    fields:
      a: { type: A, nullable: true }
",
    ));
    assert_eq!(
        boxed(&vendor),
        [("A".into(), "b".into()), ("B".into(), "a".into())]
    );
}

#[test]
fn a_recursion_through_an_array_or_a_map_is_not_boxed() {
    let vendor = valid(&with_types(
        "  Node:
    type: object
    doc: A node.
    fields:
      children: { type: array, items: { type: Node } }
      by_name: { type: map, items: { type: Node } }
",
    ));
    assert_eq!(boxed(&vendor), Vec::<(String, String)>::new());
}

#[test]
fn a_recursion_through_a_union_variant_is_boxed() {
    let vendor = valid(&with_types(
        "  Node:
    type: object
    doc: A node.
    fields:
      value: { type: integer }
      child: { type: Child }
  Child:
    type: union
    doc: A leaf value or another node.
    variants:
      - { type: integer, rust_name: Leaf }
      - { type: Node }
",
    ));
    assert_eq!(
        boxed(&vendor),
        [
            ("Node".into(), "child".into()),
            ("Child".into(), "Node".into())
        ]
    );
}

// ---------------------------------------------------------------------------------------
// docs and datetime
// ---------------------------------------------------------------------------------------

#[test]
fn a_field_without_doc_is_accepted_counted_and_given_a_fallback_doc() {
    let vendor = valid(&with_types("").replace(
        "    doc: A.\n",
        "    doc: A.
    payload:
      type: object
      fields:
        orderId: { type: string }
        total: { type: integer, doc: The total. }
        lines: { type: array, items: { type: string } }
",
    ));
    // `orderId` and `lines`; the envelope's fields are documented.
    assert_eq!(vendor.undocumented_fields(), 2);
    assert_eq!(vendor.field_count(), 5);
    let source = hookspec_codegen::format::format(
        hookspec_codegen::emit::vendor(&vendor, &Default::default()),
        "test",
    )
    .unwrap_or_else(|error| panic!("generated code does not parse: {error}"));
    assert!(
        source.contains("/// The `orderId` member: a string (the spec does not document it)."),
        "{source}"
    );
    assert!(
        source.contains(
            "/// The `lines` member: an array, each element a string (the spec does not document it)."
        ),
        "{source}"
    );
    assert!(source.contains("/// The total."), "{source}");
}

#[test]
fn datetime_resolves_to_its_own_type() {
    let vendor = valid(&with_types(
        "  Stamp:
    type: object
    doc: Times.
    fields:
      at: { type: datetime }
      seen: { type: array, items: { type: datetime } }
",
    ));
    let types: Vec<&Type> = vendor.structs[0]
        .fields
        .iter()
        .map(|field| &field.ty)
        .collect();
    assert_eq!(
        types,
        [&Type::DateTime, &Type::Array(Box::new(Type::DateTime))]
    );
}
