//! `hookspec schema`, run as a user runs it: on a small spec written here (whose schemas are
//! checked keyword by keyword) and on the bundled vendors (every event written by `--out`,
//! each file the same as `--event` prints). `schema_agreement.rs` checks that the schemas
//! accept what the parser accepts.

use std::path::{Path, PathBuf};

use hookspec::VENDORS;
use serde_json::{Value, json};

mod common;
use common::{Run, hookspec_in};

/// Runs `hookspec args...` at the workspace's root (where `specs/` is).
fn hookspec(args: &[&str]) -> Run {
    hookspec_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."), args)
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("schema-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small spec: an envelope named by `kind`, one strict and one tolerant object, an open
/// enum, a tagged union, timestamps and an alias.
const SPEC: &str = r#"vendor: tiny
name: Tiny
docs: https://example.com/tiny
doc: A spec for the schema command's tests.
envelope:
  doc: A delivery.
  event_name: kind
  payload: data
  fields:
    kind: { type: string, doc: The event name. }
    at: { type: rfc3339, doc: When. }
    data: { doc: The payload. }
signing:
  scheme: none
  advice: Tiny does not sign.
types:
  Color:
    type: enum
    doc: A color.
    values: [red, green]
  Shape:
    type: union
    doc: A shape.
    tag: form
    variants:
      - { type: Circle, tag: circle }
      - { type: Square, tag: square }
  Circle:
    type: object
    doc: A circle.
    fields:
      form: { type: string, doc: Always `circle`. }
      radius: { type: integer, doc: The radius. }
  Square:
    type: object
    doc: A square.
    fields:
      form: { type: string, doc: Always `square`. }
      side: { type: integer, doc: The side. }
events:
  thing.made:
    aliases: [thing.created]
    doc: A thing was made.
    payload:
      type: object
      fields:
        id: { type: string, doc: The id. }
        color: { type: Color, doc: Its color. }
        shape: { type: Shape, doc: Its shape., optional: true }
        seen: { type: datetime, doc: When it was seen., nullable: true }
        loose:
          type: object
          name: Loose
          presence: tolerant
          doc: Members the vendor may leave out.
          fields:
            count: { type: integer, doc: A count. }
            when: { type: rfc3339, doc: A time. }
    examples:
      - corrected: '{"kind": "thing.made", "at": "2024-01-15T10:00:00Z", "data": {"id": "t1", "color": "red", "shape": {"form": "circle", "radius": 2}, "seen": "2024-01-15 10:00:00", "loose": {"count": 1, "when": "2024-01-15T10:00:00Z"}}}'
        note: Written for this test.
"#;

fn tiny_spec(dir: &Path) -> String {
    let file = dir.join("tiny.yaml");
    std::fs::write(&file, SPEC).unwrap();
    file.display().to_string()
}

fn event_schema(spec: &str, event: &str) -> Value {
    let run = hookspec(&["schema", spec, "--event", event]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_spec_files_event_schema_says_what_the_parser_accepts() {
    let dir = scratch("tiny");
    let spec = tiny_spec(&dir);
    let schema = event_schema(&spec, "thing.made");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["title"], "Tiny thing.made");
    assert_eq!(schema["description"], "A thing was made.");
    // The envelope: its members in order, the payload required, others allowed.
    let keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["at", "data", "kind"],
        "serde_json sorts keys; all three are there"
    );
    assert_eq!(schema["required"], json!(["kind", "at", "data"]));
    assert_eq!(schema["additionalProperties"], true);
    // The name member: the event's name or its alias.
    assert_eq!(
        schema["allOf"][0],
        json!({"required": ["kind"], "properties": {"kind": {"enum": ["thing.made", "thing.created"]}}})
    );
    assert_eq!(schema["properties"]["at"]["format"], "date-time");
    assert_eq!(schema["properties"]["data"]["$ref"], "#/$defs/ThingMade");

    let defs = &schema["$defs"];
    let payload = &defs["ThingMade"];
    // `loose` is tolerant itself (`presence` on a field's inline type is the field's own).
    assert_eq!(payload["required"], json!(["id", "color", "seen"]));
    // Nullable: the type or null; a datetime is its lenient shape, not `format: date-time`.
    let seen = &payload["properties"]["seen"]["anyOf"];
    assert_eq!(seen[1], json!({"type": "null"}));
    assert!(seen[0]["pattern"].is_string() && seen[0].get("format").is_none());
    // The open enum: its values, or any other string.
    let color = &defs["Color"];
    assert_eq!(color["type"], "string");
    assert_eq!(color["anyOf"][0], json!({"enum": ["red", "green"]}));
    assert!(color["anyOf"][1].get("enum").is_none());
    // The union: one entry per variant, selected by the tag's value.
    let shape = defs["Shape"]["oneOf"].as_array().unwrap();
    assert_eq!(shape.len(), 2, "closed: no `Other`");
    assert_eq!(shape[0]["title"], "Circle");
    assert_eq!(
        shape[0]["allOf"][0]["allOf"][1],
        json!({"required": ["form"], "properties": {"form": {"const": "circle"}}})
    );
    assert_eq!(shape[0]["allOf"][1]["$ref"], "#/$defs/Circle");
    // Tolerant: nothing required, null taken, the description says what the spec expects;
    // a text format takes any text besides its documented shape.
    let loose = &defs["Loose"];
    assert!(loose.get("required").is_none(), "{loose}");
    let count = &loose["properties"]["count"];
    assert_eq!(count["anyOf"][1], json!({"type": "null"}));
    assert!(
        count["description"]
            .as_str()
            .unwrap()
            .contains("required and non-null"),
        "{count}"
    );
    let when = &loose["properties"]["when"]["anyOf"][0]["anyOf"];
    assert_eq!(when[0]["format"], "date-time");
    assert!(when[1].get("type").is_none(), "any text: {when}");
    // The alias names the same event.
    assert_eq!(event_schema(&spec, "thing.created"), schema);
}

#[test]
fn out_writes_one_file_per_event_of_every_bundled_vendor() {
    let root = scratch("out");
    for vendor in VENDORS {
        let dir = root.join(vendor.id);
        let run = hookspec(&["schema", vendor.id, "--out", dir.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "wrote {} schema(s) of {}",
                vendor.events.len(),
                vendor.id
            )),
            "{}",
            run.stderr
        );
        for event in vendor.events {
            let file = dir.join(format!("{}.schema.json", event.name));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            let written: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                written["title"],
                format!("{} {}", vendor.name, event.name),
                "{}",
                file.display()
            );
            if let Some(header) = vendor.name_header() {
                assert!(
                    written["$comment"].as_str().unwrap().contains(header),
                    "the schema says the name is in a header: {}",
                    file.display()
                );
            }
        }
        // Counted through folders: an event name with `/` (Shopify's `orders/create`) is a
        // file in a folder, as in the vendor's own layout.
        let files = files_under(&dir);
        assert_eq!(files, vendor.events.len(), "{}", vendor.id);
    }
    // `--event` prints what `--out` writes.
    let gately = hookspec::vendor("gately").unwrap();
    let event = gately.events[0].name;
    let printed = hookspec(&["schema", "gately", "--event", event]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let written = std::fs::read_to_string(root.join("gately").join(format!("{event}.schema.json")));
    assert_eq!(printed.stdout, written.unwrap());
}

#[test]
fn event_and_out_together_write_that_one_schema() {
    let dir = scratch("one");
    let spec = tiny_spec(&dir);
    let out = dir.join("out");
    let run = hookspec(&[
        "schema",
        &spec,
        "--event",
        "thing.created",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The alias names the event; the file takes its primary name.
    assert_eq!(files, ["thing.made.schema.json"]);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(&files[0])).unwrap()).unwrap();
    assert_eq!(written, event_schema(&spec, "thing.made"));
}

#[test]
fn github_event_files_are_named_by_full_name() {
    let Some(github) = hookspec::vendor("github") else {
        println!("skipped: GitHub is not compiled in (the `github` feature)");
        return;
    };
    let schema = event_schema("github", "issues.opened");
    assert_eq!(
        schema["allOf"],
        json!([{"required": ["action"], "properties": {"action": {"const": "opened"}}}])
    );
    assert!(github.event("issues.opened").is_some());
}

#[test]
fn usage_errors_exit_2() {
    // Neither --event nor --out.
    let run = hookspec(&["schema", "gately"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--event <NAME>|--out <DIR>"),
        "{}",
        run.stderr
    );
    // An event the spec does not have: the closest name.
    let run = hookspec(&["schema", "gately", "--event", "member.creatd"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("gately has no event `member.creatd`; did you mean `member.created`?"),
        "{}",
        run.stderr
    );
    // No such vendor or spec file.
    let run = hookspec(&["schema", "Not-A-Vendor", "--event", "x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no spec specs/Not-A-Vendor.yaml"),
        "{}",
        run.stderr
    );
    for vendor in VENDORS {
        assert!(run.stderr.contains(vendor.id), "{}", run.stderr);
    }
    let run = hookspec(&["schema", "missing/acme.yaml", "--out", "x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no spec file missing/acme.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_invalid_spec_is_reported_with_exit_1() {
    let dir = scratch("invalid");
    let file = dir.join("tiny.yaml");
    std::fs::write(
        &file,
        SPEC.replace(
            "type: integer, doc: The radius.",
            "type: intger, doc: The radius.",
        ),
    )
    .unwrap();
    let run = hookspec(&["schema", file.to_str().unwrap(), "--event", "thing.made"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("unknown type `intger`"),
        "{}",
        run.stderr
    );
}

#[test]
fn schema_has_its_own_help_and_completions() {
    let run = hookspec(&["schema", "--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Usage: hookspec schema "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--out <DIR>"), "{}", run.stdout);
    assert!(run.stdout.contains("\nExamples:\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("hookspec schema gately --event member.created"),
        "{}",
        run.stdout
    );
    let bash = hookspec(&["completions", "bash"]);
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(
        bash.stdout.contains("hookspec__subcmd__schema"),
        "{}",
        bash.stdout
    );
    assert!(bash.stdout.contains("--event"), "{}", bash.stdout);
}

/// How many files are under `dir`, through its folders.
fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| if path.is_dir() { files_under(&path) } else { 1 })
        .sum()
}
