//! Diagnostics a spec author can act on: a snippet with a caret under the offending text,
//! a `help:` line (with "did you mean"), the first definition of a duplicate key, plain words
//! for bad indentation, and every problem of a file at once.

use std::path::Path;

use hookspec_codegen::{Diagnostic, load_str};

/// A small valid spec with `types` and `events` spliced in; the first event line is line 19.
fn spec(types: &str, events: &str) -> String {
    format!(
        r#"vendor: acme
name: Acme
docs: https://example.com/webhooks
doc: Acme's webhooks.
signing:
  scheme: none
  advice: Use an unguessable URL.
envelope:
  doc: A delivery.
  event_name: event
  payload: data
  fields:
    event: {{ type: string, doc: The event name. }}
    data: {{ doc: The payload. }}
types:
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

#[test]
fn scratch() {
    let text = spec(
        ADDRESS,
        "  a:\n    doc: A.\n    colour: red\n    payload:\n      type: object\n      fields:\n        x: { type: strng, doc: Typo. }\n        y: { type: Adress, doc: Typo. }\n        z: { type: banana, doc: Far off. }\n        w:\n          type: string\n          doc: One.\n          doc: Two.\n",
    );
    for e in errors(&text) {
        println!("{e}\n{}\n{:?}", e.render(&text), e);
    }
    for bad in [
        "  a:\n    doc: A.\n    payload:\n      type: object\n      fields:\n        x:\n          type: string\n         doc: hi\n",
        "  a:\n    doc: A.\n    payload:\n      type: object\n      fields:\n        x:\n          type: string\n            doc: hi\n",
        "  a:\n    doc: Note: this.\n",
    ] {
        let text = spec(ADDRESS, bad);
        for e in errors(&text) {
            println!("{e}\n{}", e.render(&text));
        }
    }
}
