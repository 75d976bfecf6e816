//! The generator checks every example against its event's types: errors and warnings point at
//! the line and column of the offending value inside the example's text.

#[path = "support/head.rs"]
mod head;

use std::path::Path;

use hookspec_codegen::{Diagnostic, Generator, Severity, check_str, load_str};

use head::HEAD;

/// A spec with one event whose payload has most kinds of type; `example` is the event's
/// example, spliced in as written (a YAML block scalar or a quoted one).
fn spec(example: &str) -> String {
    format!(
        r#"{HEAD}envelope:
  doc: A delivery.
  payload: data
  fields:
    event: {{ type: string, doc: The event name. }}
    data: {{ doc: The payload. }}
identity:
  name: {{ member: event }}
types:
  Status:
    type: enum
    doc: A status.
    values: [open, paid]
  Purchase:
    type: object
    doc: A purchase.
    fields:
      id: {{ type: string, doc: Its id. }}
events:
  order.created:
    doc: An order was created.
    payload:
      type: object
      fields:
        id: {{ type: string, doc: The order id. }}
        total: {{ type: decimal_string, doc: The total. }}
        status: {{ type: Status, doc: Its status. }}
        placed_at: {{ type: rfc3339, doc: When. }}
        buyer:
          type: object
          name: Buyer
          doc: Who.
          fields:
            email: {{ type: string, doc: The email. }}
            phone: {{ type: string, nullable: true, doc: The phone. }}
        purchases: {{ type: array, items: {{ type: Purchase }}, doc: What. }}
        ref:
          type: union
          name: Ref
          doc: By number or name.
          optional: true
          variants:
            - {{ type: integer }}
            - {{ type: string }}
    examples:
{example}"#
    )
}

const FILE: &str = "specs/acme.yaml";

/// `text` as a `documented: |` block scalar, with the 1-based line of the spec its first line
/// of JSON is on and the column its text starts at.
fn block(text: &str) -> (String, u64, u64) {
    let indented: String = text
        .lines()
        .map(|line| format!("          {line}\n"))
        .collect();
    let example = format!("      - documented: |\n{indented}");
    let spec = spec(&example);
    let first = spec
        .lines()
        .position(|line| line.ends_with("- documented: |"))
        .expect("the example is in the spec") as u64
        + 2;
    (spec, first, 11)
}

/// Every diagnostic of `spec` (errors, or the warnings of a spec that loads).
fn diagnostics(spec: &str) -> Vec<Diagnostic> {
    match check_str(Path::new(FILE), spec) {
        Ok((_, warnings)) => warnings,
        Err(errors) => errors,
    }
}

/// Where `needle` starts in line `line` (0-based) of `text`, as (line, column) in the spec.
fn at(text: &str, line: usize, needle: &str, first: u64, indent: u64) -> (u64, u64) {
    let row = text.lines().nth(line).expect("the line exists");
    let column = row.find(needle).expect("the needle is on the line") as u64;
    (first + line as u64, indent + column)
}

#[test]
fn each_problem_points_at_its_line_inside_the_example() {
    let text = r#"{"event": "order.created",
 "data": {"id": 5,
   "total": "12.5x",
   "status": "lost",
   "placed_at": "2024-01-15 10:00",
   "buyer": {"email": null, "nick": "x"},
   "purchases": [{"id": "p1"}, {"sku": "p2"}],
   "ref": true}}"#;
    let (spec, first, indent) = block(text);
    let found = diagnostics(&spec);
    let place = |line, needle| at(text, line, needle, first, indent);
    let expected = [
        (
            Severity::Error,
            place(1, "5"),
            "data.id: expected a string, found an integer (`5`)",
        ),
        (
            Severity::Error,
            place(2, "\"12.5x\""),
            "data.total: invalid decimal number \"12.5x\": Invalid decimal: unknown character",
        ),
        (
            Severity::Warning,
            place(3, "\"lost\""),
            "data.status: \"lost\" is not a listed value of `Status` (the parser keeps it as an unknown value)",
        ),
        (
            Severity::Error,
            place(4, "\"2024"),
            "data.placed_at: invalid RFC 3339 timestamp \"2024-01-15 10:00\": failed to find offset component, which is required for parsing a timestamp",
        ),
        (
            Severity::Error,
            place(5, "{"),
            "data.buyer: required member `phone` is missing",
        ),
        (
            Severity::Error,
            place(5, "null"),
            "data.buyer.email: expected a string, found null",
        ),
        (
            Severity::Warning,
            place(5, "\"nick\""),
            "data.buyer.nick: member not in the spec (the parser keeps it in `extra`)",
        ),
        (
            Severity::Error,
            place(6, "{\"sku\""),
            "data.purchases[1]: required member `id` is missing",
        ),
        (
            Severity::Warning,
            place(6, "\"sku\""),
            "data.purchases[1].sku: member not in the spec (the parser keeps it in `extra`)",
        ),
        (
            Severity::Error,
            place(7, "true"),
            "data.ref: expected an integer or a string (`Ref`), found a boolean (`true`)",
        ),
    ];
    let found: Vec<(Severity, (u64, u64), String)> = found
        .iter()
        .map(|diagnostic| {
            assert_eq!(diagnostic.file, Path::new(FILE));
            let message = diagnostic
                .message
                .strip_prefix("example of `order.created`: ")
                .unwrap_or_else(|| panic!("{diagnostic}"));
            (
                diagnostic.severity,
                (diagnostic.line, diagnostic.column),
                message.to_owned(),
            )
        })
        .collect();
    let expected: Vec<(Severity, (u64, u64), String)> = expected
        .into_iter()
        .map(|(severity, place, message)| (severity, place, message.to_owned()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn diagnostics_print_with_their_severity() {
    let (spec, first, _) = block(
        r#"{"event": "order.created", "data": {"id": "1", "total": "1", "status": "gone",
  "placed_at": "2024-01-15T10:00:00Z", "buyer": {"email": "a", "phone": null}, "purchases": []}}"#,
    );
    let (vendor, warnings) = check_str(Path::new(FILE), &spec).expect("only a warning");
    assert_eq!(vendor.events.len(), 1);
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [format!(
            "specs/acme.yaml:{first}:82: warning: example of `order.created`: data.status: \"gone\" is not a listed value of `Status` (the parser keeps it as an unknown value)"
        )]
    );
    // `load_str` keeps the vendor and drops the warnings.
    assert!(load_str(Path::new(FILE), &spec).is_ok());
}

#[test]
fn a_quoted_example_points_inside_its_line() {
    let example = r#"      - corrected: '{"event": "order.created", "data": {"id": "1", "total": 5, "status": "open", "placed_at": "2024-01-15T10:00:00Z", "buyer": {"email": "a", "phone": null}, "purchases": []}}'
        note: Written for this test.
"#;
    let spec = spec(example);
    let line = spec
        .lines()
        .position(|line| line.contains("- corrected: '"))
        .expect("the example is in the spec") as u64
        + 1;
    let column = example.find("5,").expect("the total is there") as u64 + 1;
    let shown: Vec<String> = diagnostics(&spec).iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [format!(
            "specs/acme.yaml:{line}:{column}: error: example of `order.created`: data.total: expected a decimal number string, found an integer (`5`)"
        )]
    );
}

#[test]
fn a_missing_payload_points_at_the_example() {
    let (spec, first, indent) = block(r#"{"event": "order.created"}"#);
    let shown: Vec<String> = diagnostics(&spec).iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [format!(
            "specs/acme.yaml:{first}:{indent}: error: example of `order.created`: $: required member `data` (the event's payload) is missing"
        )]
    );
}

/// Every shipped spec's examples fit their events, without a warning (the golden tests parse
/// them too, through the generated code).
#[test]
fn the_shipped_specs_examples_fit() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let checked = Generator::new(&specs)
        .check()
        .unwrap_or_else(|errors| panic!("{errors}"));
    assert!(!checked.vendors.is_empty());
    let examples: usize = (checked.vendors.iter())
        .flat_map(|vendor| &vendor.events)
        .map(|event| event.examples.len())
        .sum();
    assert!(examples >= 65, "only {examples} examples");
    let warnings: Vec<String> = checked.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, Vec::<String>::new());
}
