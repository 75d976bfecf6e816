//! `hookspec import`: JSON Schema directories (files and folders layouts) and OpenAPI 3.1
//! `webhooks` become specs the generator accepts; the base and the overlay are merged as
//! documented; what cannot be mapped is a one-line problem naming the file and JSON pointer;
//! the import is reproducible, down to `specs/github.yaml` from the shared corpus.
//!
//! The fixtures under `tests/import/` are small hand-written schemas. The corpus is read from
//! `../shared/corpora/` at test time and never copied into the repository.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use hookspec_codegen::Generator;
use hookspec_codegen::import::{self, Imported, Layout, Options, Problem};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import")
}

fn fixture_text(name: &str) -> String {
    let path = fixtures().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "hookspec-import-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// Writes `text` to `relative` (creating its folders) and returns its path.
    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn options(vendor: &str, layout: Layout, base: Option<&str>) -> Options {
    Options {
        vendor: vendor.to_owned(),
        layout,
        shared: vec!["common".to_owned()],
        base: base.map(fixture_text),
        overlay: None,
        command: format!("hookspec import json-schema tests/import --vendor {vendor}"),
        examples: None,
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    }
}

fn problems_text(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn imported(result: Result<Imported, Vec<Problem>>) -> Imported {
    result.unwrap_or_else(|problems| panic!("import failed:\n{}", problems_text(&problems)))
}

fn import_dir(dir: &str, options: &Options) -> Imported {
    imported(import::json_schema(&fixtures().join(dir), options))
}

fn import_err(dir: &Path, options: &Options) -> Vec<Problem> {
    match import::json_schema(dir, options) {
        Ok(imported) => panic!("expected problems, got:\n{}", imported.yaml),
        Err(problems) => problems,
    }
}

/// Writes `yaml` as `specs/<vendor>.yaml` in a fresh directory and runs the generator on it;
/// returns the generated module's source.
fn generate(vendor: &str, yaml: &str) -> String {
    let dir = TempDir::new(vendor);
    dir.write(&format!("specs/{vendor}.yaml"), yaml);
    let output = Generator::new(dir.0.join("specs"))
        .generate()
        .unwrap_or_else(|errors| panic!("the generator rejects the import:\n{errors}\n{yaml}"));
    assert_eq!(output.vendors.len(), 1);
    assert_eq!(output.vendors[0].id, vendor);
    output
        .files
        .iter()
        .find(|(name, _)| *name == format!("{vendor}.rs"))
        .map(|(_, source)| source.clone())
        .expect("a module for the vendor")
}

/// The YAML block of `key` at `indent` spaces: its line and every more-indented line after it.
fn block<'a>(yaml: &'a str, indent: usize, key: &str) -> &'a str {
    let head = format!("\n{}{key}:", " ".repeat(indent));
    let start = yaml
        .find(&head)
        .unwrap_or_else(|| panic!("no `{key}:` at indent {indent} in:\n{yaml}"))
        + 1;
    let rest = &yaml[start..];
    let mut end = rest.find('\n').map_or(rest.len(), |line| line + 1);
    for line in rest[end..].split_inclusive('\n') {
        let deeper = line.len() > indent + 1
            && line[..=indent].chars().all(|c| c == ' ')
            && !line.trim().is_empty();
        if !deeper {
            break;
        }
        end += line.len();
    }
    &rest[..end]
}

/// A named type's block under `types:`.
fn named_type<'a>(yaml: &'a str, name: &str) -> &'a str {
    block(yaml, 2, name)
}

/// The line of field `key` inside `block`.
fn field_line<'a>(block: &'a str, key: &str) -> &'a str {
    // Fields are flow maps; `type: object` and `doc: ...` lines of the block are not.
    let head = format!("{key}: {{ ");
    block
        .lines()
        .find(|line| line.trim_start().starts_with(&head))
        .unwrap_or_else(|| panic!("no field `{key}` in:\n{block}"))
        .trim()
}

/// The top-level keys under `events:`, in order.
fn event_keys(yaml: &str) -> Vec<String> {
    let events = &yaml[yaml.find("\nevents:\n").expect("an `events:` section") + 9..];
    events
        .lines()
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter(|line| !line.trim_start().starts_with('#'))
        .map(|line| line.trim().trim_end_matches(':').to_owned())
        .collect()
}

/// The names under `types:`, in order.
fn type_names(yaml: &str) -> Vec<String> {
    let Some(start) = yaml.find("\ntypes:\n") else {
        return Vec::new();
    };
    let types = &yaml[start + 8..];
    let end = types.find("\nevents:\n").unwrap_or(types.len());
    types[..end]
        .lines()
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .map(|line| line.trim().trim_end_matches(':').to_owned())
        .collect()
}

// 1. Files layout -----------------------------------------------------------------------------

#[test]
fn files_layout_names_events_by_path_and_types_by_shared_file() {
    let imported = import_dir(
        "files",
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    );
    let yaml = &imported.yaml;
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    assert_eq!(event_keys(yaml), ["orders/create", "orders/paid"]);
    assert_eq!(imported.report.events, 2);

    // The shared file becomes a type named after the file, used by both events.
    assert_eq!(type_names(yaml), ["Address", "Line"]);
    assert_eq!(imported.report.types, 2);
    let address = named_type(yaml, "Address");
    assert!(address.contains("    type: object\n"), "{address}");
    assert!(
        address.contains("    doc: \"A postal address.\"\n"),
        "{address}"
    );
    assert_eq!(
        field_line(address, "city"),
        r#"city: { type: string, doc: "The city." }"#
    );
    assert_eq!(
        field_line(address, "street"),
        "street: { type: string, optional: true, nullable: true }"
    );
    let create = block(yaml, 2, "orders/create");
    let paid = block(yaml, 2, "orders/paid");
    // `../common/address.schema.json` (relative) and `common/address.schema.json` (from the
    // root) reach the same type.
    assert_eq!(
        field_line(create, "shipping"),
        "shipping: { type: Address }"
    );
    assert_eq!(
        field_line(paid, "billing"),
        "billing: { type: Address, optional: true }"
    );
    // A `#/definitions/...` reference within the file is a type named after its key.
    assert_eq!(
        field_line(create, "lines"),
        "lines: { type: array, items: { type: Line }, optional: true }"
    );
    let line = named_type(yaml, "Line");
    assert!(
        line.contains("Imported from `orders/create.json` at `/definitions/line`."),
        "{line}"
    );
    assert_eq!(field_line(line, "quantity"), "quantity: { type: integer }");
    // Event docs come from `title` or `description`, capitalized and ending with a period.
    assert!(
        create.contains("    doc: \"An order was created.\"\n"),
        "{create}"
    );
    assert!(paid.contains("    doc: \"An order was paid.\"\n"), "{paid}");
    assert!(yaml.contains("  # from orders/create.json\n  orders/create:\n"));

    // The base is the top of the spec, after the header.
    assert!(
        yaml.starts_with(
            "# Imported by `hookspec import json-schema tests/import --vendor shop`.\n"
        )
    );
    assert!(yaml.contains("identity:\n  name: { header: X-Shop-Topic }\n"));

    let module = generate("shop", yaml);
    assert!(module.contains("pub struct Address"), "no Address struct");
    assert!(module.contains("pub struct Line"), "no Line struct");
}

// 2. Folders layout ---------------------------------------------------------------------------

#[test]
fn folders_layout_gives_compound_names_and_plain_ones() {
    let imported = import_dir(
        "folders",
        &options("hub", Layout::Folders, Some("hub.base.yaml")),
    );
    let yaml = &imported.yaml;
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    // `<event>/<sub>.schema.json` is `<event>.<sub>`; `event.schema.json` has no sub-name;
    // `common/` holds definitions, not events.
    assert_eq!(event_keys(yaml), ["issue.closed", "issue.opened", "ping"]);
    let opened = block(yaml, 2, "issue.opened");
    assert_eq!(
        field_line(opened, "action"),
        r#"action: { type: string, doc: "Always `opened`." }"#
    );
    assert!(!opened.contains("sub_name:"), "{opened}");
    let ping = block(yaml, 2, "ping");
    assert!(!ping.contains("sub_name:"), "{ping}");
    assert_eq!(field_line(ping, "zen"), "zen: { type: string }");
    // `allOf [$ref, narrowing]` is the referenced type, shared with the plain `$ref`.
    let closed = block(yaml, 2, "issue.closed");
    assert_eq!(field_line(closed, "issue"), "issue: { type: Issue }");
    assert_eq!(field_line(opened, "issue"), "issue: { type: Issue }");
    // Shared files reach each other by paths relative to their own folder.
    assert_eq!(
        field_line(named_type(yaml, "Issue"), "user"),
        "user: { type: User }"
    );
    assert_eq!(type_names(yaml), ["IssueState", "User", "Issue"]);

    let module = generate("hub", yaml);
    assert!(module.contains("pub enum IssueEvent"), "no compound enum");
}

#[test]
fn sub_names_without_a_sub_name_member_in_the_base_are_an_error() {
    let mut options = options("hub", Layout::Folders, Some("hub.base.yaml"));
    options.base =
        Some(fixture_text("hub.base.yaml").replace("  sub_name: { member: action }\n", ""));
    let problems = import_err(&fixtures().join("folders"), &options);
    assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
    assert_eq!(problems[0].file, "base");
    assert!(problems[0].message.contains("sub_name"), "{}", problems[0]);
}

#[test]
fn folders_layout_rejects_a_file_outside_the_layout() {
    let dir = TempDir::new("stray");
    dir.write(
        "ping/event.schema.json",
        r#"{"type": "object", "properties": {}}"#,
    );
    dir.write("stray.schema.json", r#"{"type": "object"}"#);
    let problems = import_err(
        &dir.0,
        &options("hub", Layout::Folders, Some("hub.base.yaml")),
    );
    assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
    assert_eq!(problems[0].file, "stray.schema.json");
    assert!(problems[0].message.contains("<event>/<sub>.schema.json"));
}

// 3. Mapping of constructs --------------------------------------------------------------------

#[test]
fn constructs_map_to_the_spec_language() {
    let imported = import_dir(
        "constructs",
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    );
    let yaml = &imported.yaml;
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    let widget = block(yaml, 2, "widget");
    let field = |key| field_line(widget, key);

    // `type: [string, "null"]` and `oneOf [X, {type: null}]`: nullable.
    assert_eq!(
        field("nickname"),
        "nickname: { type: string, optional: true, nullable: true }"
    );
    assert_eq!(
        field("owner"),
        "owner: { type: Owner, optional: true, nullable: true }"
    );
    // `oneOf` integer | string: a union by JSON kind; the field and the union keep its
    // description.
    assert_eq!(
        field("id"),
        r#"id: { type: WidgetId, doc: "The widget's id, a number or a string." }"#
    );
    assert_eq!(
        named_type(yaml, "WidgetId"),
        "  WidgetId:
    type: union
    doc: \"The widget's id, a number or a string.\"
    variants:
      - { type: integer }
      - { type: string }
"
    );
    // Objects with a `const` member: a union with `tag`.
    assert_eq!(field("pet"), "pet: { type: WidgetPet }");
    let pet = named_type(yaml, "WidgetPet");
    assert!(pet.contains("    tag: species\n"), "{pet}");
    assert!(
        pet.ends_with(
            "    variants:\n      - { type: Cat, tag: \"cat\" }\n      - { type: Dog, tag: \"dog\" }\n"
        ),
        "{pet}"
    );
    // The tag member itself is a documented value in each variant.
    assert_eq!(
        field_line(named_type(yaml, "Cat"), "species"),
        r#"species: { type: string, doc: "Always `cat`." }"#
    );
    // Objects told apart only by a required key: `key:`, and one `otherwise:`.
    assert_eq!(field("payment"), "payment: { type: WidgetPayment }");
    let payment = named_type(yaml, "WidgetPayment");
    assert!(!payment.contains("tag:"), "{payment}");
    assert!(
        payment.ends_with(
            "    variants:
      - { type: Card, key: \"brand\" }
      - { type: Bank, key: \"iban\" }
      - { type: Wallet, otherwise: true }
"
        ),
        "{payment}"
    );
    // `allOf [$ref, {properties: {action: {enum: [opened]}}}]`: the referenced type.
    assert_eq!(field("issue"), "issue: { type: Issue, optional: true }");
    assert_eq!(
        field_line(named_type(yaml, "Issue"), "action"),
        "action: { type: string, optional: true }"
    );
    // `enum`: an open enum type.
    assert_eq!(field("status"), "status: { type: WidgetStatus }");
    assert_eq!(
        named_type(yaml, "WidgetStatus"),
        "  WidgetStatus:
    type: enum
    doc: \"Values of `status` in the vendor's schema.\"
    values:
      - active
      - paused
      - retired
"
    );
    // A single-value enum, or a `const`, on a member that is not the sub-name: a documented
    // value of the plain type.
    assert_eq!(
        field("kind"),
        r#"kind: { type: string, doc: "Always `widget`." }"#
    );
    assert_eq!(
        field("version"),
        r#"version: { type: integer, optional: true, doc: "Always `2`." }"#
    );
    // `additionalProperties: {schema}` without properties: a map.
    assert_eq!(
        field("labels"),
        "labels: { type: map, items: { type: string } }"
    );
    // `required` decides `optional`.
    assert!(!field("kind").contains("optional"));
    assert!(field("version").contains("optional: true"));
    // `format: date-time`: `datetime`.
    assert_eq!(field("created_at"), "created_at: { type: datetime }");
    // `description`: the event's doc (capitalized, with a period).
    assert!(
        widget.contains("    doc: \"A widget changed.\"\n"),
        "{widget}"
    );
    // Two identical inline objects in different files: one type (named after the first).
    assert_eq!(field("size"), "size: { type: GadgetDimensions }");
    assert_eq!(
        field_line(block(yaml, 2, "gadget"), "dimensions"),
        "dimensions: { type: GadgetDimensions }"
    );
    assert_eq!(
        type_names(yaml)
            .iter()
            .filter(|name| name.contains("Dimensions") || name.contains("Size"))
            .count(),
        1
    );
    assert!(imported.report.mapped["object shared with an identical one"] >= 1);

    let module = generate("shop", yaml);
    assert!(module.contains("pub enum WidgetPayment"));
    assert!(module.contains("pub enum WidgetPet"));
}

#[test]
fn unions_of_unions_are_flattened() {
    let imported = import_one(
        r##"{"type": "object", "required": ["a"], "properties": {
            "a": {"oneOf": [{"$ref": "#/definitions/id"}, {"type": "boolean"}]},
            "b": {"anyOf": [
                {"oneOf": [{"type": "integer"}, {"type": "null"}]},
                {"$ref": "#/definitions/id"},
                {"type": "boolean"}
            ]},
            "c": {"oneOf": [{"$ref": "#/definitions/id"}, {"type": "null"}]}
        },
        "definitions": {"id": {"oneOf": [{"type": "number"}, {"type": "string"}]}}}"##,
    );
    let yaml = &imported.yaml;
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    let thing = block(yaml, 2, "thing");
    assert_eq!(field_line(thing, "a"), "a: { type: ThingA }");
    assert!(
        named_type(yaml, "ThingA").ends_with(
            "    variants:
      - { type: bool }
      - { type: number }
      - { type: string }
"
        ),
        "{yaml}"
    );
    // A `null` branch of the inner union makes the outer one nullable.
    assert_eq!(
        field_line(thing, "b"),
        "b: { type: ThingB, optional: true, nullable: true }"
    );
    assert!(
        named_type(yaml, "ThingB").ends_with(
            "    variants:
      - { type: bool }
      - { type: integer }
      - { type: number }
      - { type: string }
"
        ),
        "{yaml}"
    );
    // A union with only `null` beside it stays the named union.
    assert_eq!(
        field_line(thing, "c"),
        "c: { type: Id, optional: true, nullable: true }"
    );
    assert!(imported.report.mapped["union in a union (its branches)"] >= 2);

    // A union branch that is a union some other way is reported, and kept as `json`.
    let problems = problems_of(
        r#"{"type": "object", "properties": {"a": {"oneOf": [{"type": ["integer", "string"]}, {"type": "boolean"}]}}}"#,
    );
    assert_eq!(
        problems_text(&problems),
        "thing.json#/properties/a: a union with a branch that is itself a union (not by \
         `oneOf`/`anyOf`) is kept as `json`"
    );
}

#[test]
fn a_map_beside_keyed_objects_is_the_otherwise_variant() {
    let imported = import_one(
        r#"{"type": "object", "required": ["a"], "properties": {"a": {"oneOf": [
            {"type": "object", "additionalProperties": {"type": "string"}},
            {"type": "object", "required": ["k"], "properties": {"k": {"type": "string"}}}
        ]}}}"#,
    );
    let union = named_type(&imported.yaml, "ThingA");
    assert!(
        union.ends_with(
            "    variants:
      - { type: map, items: { type: string }, rust_name: Map, otherwise: true }
      - { type: ThingA2, key: \"k\" }
"
        ),
        "{union}"
    );
}

#[test]
fn more_constructs_map_to_the_spec_language() {
    let imported = import_one(
        r##"{"type": "object", "required": ["node"], "properties": {
            "when": {"oneOf": [{"type": "integer"}, {"type": "string", "format": "date-time"}]},
            "either": {"type": ["string", "integer"]},
            "legacy": {"type": "string", "nullable": true},
            "node": {"$ref": "#/definitions/node"},
            "state": {"enum": ["x", "y"]},
            "other_state": {"enum": ["x", "y"]},
            "nothing": {"type": "null"},
            "maybe": {"enum": ["x", null]},
            "anything": {},
            "+1": {"type": "integer"},
            "extra": {"type": "string"},
            "type": {"type": "string"},
            "spelled": {"enum": ["a-b", "a_b", "", "yes"]}
        },
        "definitions": {"node": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"},
            "parent": {"$ref": "#/definitions/node"},
            "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}
        }}}}"##,
    );
    let yaml = &imported.yaml;
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    let thing = block(yaml, 2, "thing");
    let field = |key| field_line(thing, key);
    // An integer beside a date-time string is an epoch timestamp.
    assert_eq!(field("when"), "when: { type: ThingWhen, optional: true }");
    assert!(
        named_type(yaml, "ThingWhen")
            .ends_with("      - { type: epoch_seconds }\n      - { type: datetime }\n")
    );
    // `type: [string, integer]`: a union by kind.
    assert!(
        named_type(yaml, "ThingEither")
            .ends_with("      - { type: integer }\n      - { type: string }\n")
    );
    // OpenAPI 3.0's `nullable: true`.
    assert_eq!(
        field("legacy"),
        "legacy: { type: string, optional: true, nullable: true }"
    );
    // A recursive definition is one type referring to itself (the generator boxes it).
    let node = named_type(yaml, "Node");
    assert_eq!(
        field_line(node, "parent"),
        "parent: { type: Node, optional: true }"
    );
    assert_eq!(
        field_line(node, "children"),
        "children: { type: array, items: { type: Node }, optional: true }"
    );
    // Two fields with the same value set share one enum.
    assert_eq!(
        field("other_state"),
        "other_state: { type: ThingOtherState, optional: true }"
    );
    assert_eq!(
        field("state"),
        "state: { type: ThingOtherState, optional: true }"
    );
    // Always `null`, a nullable documented value, and no schema at all.
    assert_eq!(
        field("nothing"),
        r#"nothing: { type: json, optional: true, nullable: true, doc: "Always `null` in the vendor's schema." }"#
    );
    assert_eq!(
        field("maybe"),
        r#"maybe: { type: string, optional: true, nullable: true, doc: "Always `x`." }"#
    );
    assert_eq!(
        field("anything"),
        "anything: { type: json, optional: true }"
    );
    // Keys and values that give no Rust name get one; YAML-special scalars are quoted.
    assert_eq!(
        field("\"+1\""),
        "\"+1\": { type: integer, rust_name: plus_1, optional: true }"
    );
    assert_eq!(
        field("extra"),
        "extra: { type: string, rust_name: field_extra, optional: true }"
    );
    assert_eq!(field("type"), "type: { type: string, optional: true }");
    assert!(
        named_type(yaml, "ThingSpelled").ends_with(
            "    values:
      - a-b
      - { value: \"a_b\", rust_name: Ab }
      - { value: \"\", rust_name: Value2 }
      - \"yes\"
"
        ),
        "{yaml}"
    );
}

// 4. Stability --------------------------------------------------------------------------------

#[test]
fn importing_twice_gives_the_same_bytes() {
    for (dir, vendor, layout, base) in [
        ("files", "shop", Layout::Files, "shop.base.yaml"),
        ("folders", "hub", Layout::Folders, "hub.base.yaml"),
        ("constructs", "shop", Layout::Files, "shop.base.yaml"),
    ] {
        let options = options(vendor, layout, Some(base));
        let first = import_dir(dir, &options).yaml;
        let second = import_dir(dir, &options).yaml;
        assert!(first == second, "{dir}: two imports differ");
    }
    let options = options("hub", Layout::Files, Some("hub.base.yaml"));
    let first = imported(import::openapi(&fixtures().join("openapi.json"), &options)).yaml;
    let second = imported(import::openapi(&fixtures().join("openapi.json"), &options)).yaml;
    assert!(first == second, "openapi: two imports differ");
    let file = fixtures().join("openapi30.yaml");
    let first = import_openapi(&file, "acme", "acme.base.yaml").yaml;
    let second = import_openapi(&file, "acme", "acme.base.yaml").yaml;
    assert!(first == second, "openapi30: two imports differ");
}

// 5. OpenAPI 3.1 ------------------------------------------------------------------------------

#[test]
fn openapi_webhooks_become_events() {
    let mut options = options("hub", Layout::Files, Some("hub.base.yaml"));
    options.command = "hookspec import openapi tests/import/openapi.json --vendor hub".to_owned();
    let imported = imported(import::openapi(&fixtures().join("openapi.json"), &options));
    let yaml = &imported.yaml;
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    // A body that fixes `action` to one value gives the sub-name, and the key loses the
    // `-<value>` suffix; a body without it is a plain name.
    assert_eq!(event_keys(yaml), ["issues.closed", "issues.opened", "ping"]);
    assert_eq!(imported.report.events, 3);
    // Schemas from `components/schemas`, named after their key.
    let names = type_names(yaml);
    for name in ["SimpleUser", "Issue", "WebhookIssuesOpened", "WebhookPing"] {
        assert!(
            names.contains(&name.to_owned()),
            "no type {name} in {names:?}"
        );
    }
    assert_eq!(
        field_line(named_type(yaml, "Issue"), "user"),
        "user: { type: SimpleUser }"
    );
    assert_eq!(
        field_line(named_type(yaml, "SimpleUser"), "email"),
        "email: { type: string, optional: true, nullable: true }"
    );
    assert_eq!(
        field_line(named_type(yaml, "Issue"), "created_at"),
        "created_at: { type: datetime, optional: true }"
    );
    let opened = block(yaml, 2, "issues.opened");
    assert!(
        opened.contains("    payload: { type: WebhookIssuesOpened }\n"),
        "{opened}"
    );
    assert!(
        yaml.contains(
            "  # from openapi#/webhooks/issues-opened/post/requestBody/content/application~1json/schema\n"
        ),
        "{yaml}"
    );
    // An inline body schema is the event's payload object; `const` fixes the sub-name too.
    let closed = block(yaml, 2, "issues.closed");
    assert!(
        closed.contains("    doc: \"An issue was closed.\"\n"),
        "{closed}"
    );
    assert_eq!(
        field_line(closed, "action"),
        r#"action: { type: string, doc: "Always `closed`." }"#
    );
    assert_eq!(field_line(closed, "issue"), "issue: { type: Issue }");
    assert!(block(yaml, 2, "ping").contains("    payload: { type: WebhookPing }\n"));

    let module = generate("hub", yaml);
    assert!(module.contains("pub enum IssuesEvent"), "no compound enum");
}

#[test]
fn openapi_without_webhooks_or_json_is_a_problem() {
    let dir = TempDir::new("openapi");
    let options = options("hub", Layout::Files, Some("hub.base.yaml"));
    let file = dir.write("api.json", r#"{"openapi": "3.1.0", "paths": {}}"#);
    let problems = import::openapi(&file, &options).unwrap_err();
    assert_eq!(
        problems_text(&problems),
        "api.json#: no `webhooks` section (OpenAPI 3.1) nor `x-webhooks` (3.0); for a document that marks event schemas with a vendor extension, name it in the base: `import: { event_name_extension: x-event-name }`"
    );
    let file = dir.write("broken.json", "{\"openapi\": ");
    let problems = import::openapi(&file, &options).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .to_string()
            .starts_with("broken.json#: not JSON: "),
        "{}",
        problems[0]
    );
    let file = dir.write(
        "nobody.json",
        r#"{"openapi": "3.1.0", "webhooks": {"ping": {"post": {"responses": {}}}}}"#,
    );
    let problems = import::openapi(&file, &options).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].pointer, "/webhooks/ping");
}

#[test]
fn openapi_sub_names_are_found_through_all_of() {
    let dir = TempDir::new("openapi-allof");
    let file = dir.write(
        "api.json",
        r##"{
  "openapi": "3.1.0",
  "webhooks": {
    "issues-opened": { "post": { "requestBody": { "content": { "application/json": { "schema": {
      "description": "An issue was opened.",
      "allOf": [
        { "$ref": "#/components/schemas/issues-event" },
        { "type": "object", "properties": { "action": { "enum": ["opened"] } } }
      ]
    } } } } } }
  },
  "components": { "schemas": { "issues-event": {
    "type": "object",
    "required": ["action", "number"],
    "properties": { "action": { "type": "string" }, "number": { "type": "integer" } }
  } } }
}"##,
    );
    let options = options("hub", Layout::Files, Some("hub.base.yaml"));
    let imported = imported(import::openapi(&file, &options));
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    assert_eq!(event_keys(&imported.yaml), ["issues.opened"]);
    let opened = block(&imported.yaml, 2, "issues.opened");
    // The composed object is the event's own payload: the referenced members, the
    // refinement's fixed value noted in its doc.
    assert_eq!(
        field_line(opened, "action"),
        r#"action: { type: string, doc: "Always `opened` here." }"#
    );
    assert_eq!(field_line(opened, "number"), "number: { type: integer }");
    assert!(
        opened.contains("    doc: \"An issue was opened.\"\n"),
        "{opened}"
    );
    generate("hub", &imported.yaml);
}

#[test]
fn two_webhooks_for_one_event_are_a_problem() {
    let dir = TempDir::new("openapi-twice");
    let body = r#"{ "post": { "requestBody": { "content": { "application/json": { "schema": {
      "type": "object", "properties": { "action": { "const": "opened" } } } } } } } }"#;
    let file = dir.write(
        "api.json",
        &format!(r#"{{"openapi": "3.1.0", "webhooks": {{"issues-opened": {body}, "issues.opened": {body}}}}}"#),
    );
    let options = options("hub", Layout::Files, Some("hub.base.yaml"));
    let problems = import::openapi(&file, &options).unwrap_err();
    assert_eq!(
        problems_text(&problems),
        "api.json#/webhooks/issues.opened/post/requestBody/content/application~1json/schema: \
         a second schema for the event `issues.opened` (the first is \
         `api.json#/webhooks/issues-opened/post/requestBody/content/application~1json/schema`); \
         rename or remove one"
    );
}

// 6. Base merge -------------------------------------------------------------------------------

#[test]
fn the_base_is_merged_verbatim() {
    let imported = import_dir(
        "files",
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    );
    let base = fixture_text("shop.base.yaml");
    // Every line of the base, comments included, in order, before `types:`.
    let types = imported.yaml.find("\ntypes:\n").unwrap();
    assert!(
        imported.yaml[..types].contains(base.trim_end()),
        "{}",
        imported.yaml
    );
    for key in [
        "vendor: shop",
        "name: Shop",
        "docs: ",
        "doc: ",
        "identity:",
        "signing:",
    ] {
        assert!(imported.yaml.contains(&format!("\n{key}")), "no `{key}`");
    }
    assert_eq!(imported.yaml.matches("\nvendor: ").count(), 1);

    // A base without `vendor` gets the one given.
    let mut options = options("shop", Layout::Files, None);
    options.base = Some(base.replace("vendor: shop\n", ""));
    let imported = import_dir("files", &options);
    assert!(
        imported.yaml.contains("\nvendor: shop\n"),
        "{}",
        imported.yaml
    );
    generate("shop", &imported.yaml);
}

#[test]
fn without_a_base_the_spec_is_still_valid() {
    let imported = import_dir("files", &options("shop", Layout::Files, None));
    assert!(imported.yaml.contains("\nvendor: shop\n"));
    assert!(imported.yaml.contains("signing:\n  scheme: none\n"));
    generate("shop", &imported.yaml);
}

#[test]
fn a_base_with_types_or_events_is_an_error() {
    for key in ["types", "events"] {
        let mut options = options("shop", Layout::Files, None);
        options.base = Some(format!(
            "{}{key}:\n  Thing: {{ type: string }}\n",
            fixture_text("shop.base.yaml")
        ));
        let problems = import_err(&fixtures().join("files"), &options);
        assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
        assert_eq!(problems[0].file, "base");
        assert!(
            problems[0].message.contains(&format!("`{key}`")),
            "{}",
            problems[0]
        );
    }
}

#[test]
fn a_base_for_another_vendor_is_an_error() {
    let options = options("other", Layout::Files, Some("shop.base.yaml"));
    let problems = import_err(&fixtures().join("files"), &options);
    assert_eq!(
        problems_text(&problems),
        "base#: the base says `vendor: shop`, not `other`"
    );
}

#[test]
fn a_base_that_is_not_a_map_of_keys_is_a_one_line_problem() {
    let mut options = options("shop", Layout::Files, None);
    for (base, expected) in [
        (
            "- just\n- a list\n",
            "base#: the base must be a map of top-level spec keys",
        ),
        (
            "vendor: [unclosed\n",
            "base#: not valid YAML: unclosed bracket '[' at line 1, column 9",
        ),
        (
            "name: A\nname: B\n",
            "base#: not valid YAML: duplicate mapping key: name",
        ),
    ] {
        options.base = Some(base.to_owned());
        let problems = import_err(&fixtures().join("files"), &options);
        assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
        let text = one_line(&problems[0]);
        assert!(text.starts_with(expected), "{text}");
    }
}

// 7. Overlay ----------------------------------------------------------------------------------

#[test]
fn overlay_corrections_are_applied_with_their_note() {
    let mut options = options("shop", Layout::Files, Some("shop.base.yaml"));
    options.overlay = Some(
        "corrections:
  - in: Address
    field: country
    type: { type: integer }
    note: Deliveries send a numeric country code (order 1234).
  - in: orders/paid
    field: billing
    nullable: true
    optional: false
    note: Always present, null when the buyer gave none.
"
        .to_owned(),
    );
    let imported = import_dir("files", &options);
    assert_eq!(imported.report.corrections, 2);
    assert_eq!(
        field_line(named_type(&imported.yaml, "Address"), "country"),
        r#"country: { type: integer, optional: true, note: "Deliveries send a numeric country code (order 1234)." }"#
    );
    assert_eq!(
        field_line(block(&imported.yaml, 2, "orders/paid"), "billing"),
        r#"billing: { type: Address, nullable: true, note: "Always present, null when the buyer gave none." }"#
    );
    generate("shop", &imported.yaml);

    // Without an overlay, nothing is corrected.
    let plain = import_dir(
        "files",
        &self::options("shop", Layout::Files, Some("shop.base.yaml")),
    );
    assert_eq!(plain.report.corrections, 0);
    assert!(!plain.yaml.contains("note:"));
}

#[test]
fn bad_corrections_are_problems_naming_their_index() {
    let mut options = options("shop", Layout::Files, Some("shop.base.yaml"));
    options.overlay = Some(
        "corrections:
  - in: Address
    field: city
    type: { type: integer }
    note: Fine.
  - in: Address
    field: city
    type: { type: integer }
    note: \"  \"
  - in: Nowhere
    field: city
    note: No such type.
  - in: Address
    field: zip
    note: No such field.
  - in: Address
    field: city
    type: { type: strng }
    note: Not a type.
"
        .to_owned(),
    );
    let problems = import_err(&fixtures().join("files"), &options);
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/corrections/1",
            "/corrections/2",
            "/corrections/3",
            "/corrections/4"
        ],
        "{}",
        problems_text(&problems)
    );
    assert!(problems.iter().all(|problem| problem.file == "overlay"));
    assert!(
        problems[0].message.contains("needs a `note`"),
        "{}",
        problems[0]
    );
    assert!(problems[1].message.contains("`Nowhere`"), "{}", problems[1]);
    assert!(
        problems[2].message.contains("no field `zip`"),
        "{}",
        problems[2]
    );
    assert!(problems[3].message.contains("`strng`"), "{}", problems[3]);
    assert!(
        problems[2]
            .to_string()
            .starts_with("overlay#/corrections/3: ")
    );

    // A correction without any `note` key, or an unknown key, does not parse at all: one
    // line, with the overlay's line and column.
    for (overlay, expected) in [
        (
            "corrections:\n  - { in: Address, field: city, nullable: true }\n",
            "overlay#: not a valid overlay: missing field `note` at line 2, column 33",
        ),
        (
            "corrections: []\nextra: 1\n",
            "overlay#: not a valid overlay: unknown field `extra`",
        ),
    ] {
        options.overlay = Some(overlay.to_owned());
        let problems = import_err(&fixtures().join("files"), &options);
        assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
        let text = one_line(&problems[0]);
        assert!(text.starts_with(expected), "{text}");
    }
}

// 8. Diagnostics ------------------------------------------------------------------------------

/// Imports `schema` as the only event, `thing.json`, and checks that the generator accepts
/// the spec: what cannot be mapped is kept as `json` (or left out), so the spec stays valid.
fn import_one(schema: &str) -> Imported {
    let dir = TempDir::new("one");
    dir.write("thing.json", schema);
    let imported = imported(import::json_schema(
        &dir.0,
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    ));
    generate("shop", &imported.yaml);
    imported
}

/// The problems of importing `schema` as the only event.
fn problems_of(schema: &str) -> Vec<Problem> {
    import_one(schema).report.problems
}

fn one_line(problem: &Problem) -> String {
    let text = problem.to_string();
    assert!(!text.contains('\n'), "not one line: {text}");
    text
}

#[test]
fn unmappable_constructs_name_the_file_and_pointer() {
    let cases = [
        (
            r#"{"type": "object", "properties": {"a": {"$ref": "missing.json"}}}"#,
            "thing.json#/properties/a/$ref: `$ref` to `missing.json`: no such file in the directory; kept as `json`",
        ),
        (
            r##"{"type": "object", "properties": {"a": {"$ref": "#/definitions/nope"}}}"##,
            "thing.json#/properties/a/$ref: `$ref` to `#/definitions/nope`: no such place in `thing.json`; kept as `json`",
        ),
        (
            r#"{"type": "object", "properties": {"a": {"not": {"type": "string"}}}}"#,
            "thing.json#/properties/a/not: keyword `not` is not understood; ignored",
        ),
        (
            r#"{"type": "object", "properties": {"a/b": {"type": "object", "dependentSchemas": {"x": {}}}}}"#,
            "thing.json#/properties/a~1b/dependentSchemas: keyword `dependentSchemas` is not understood; ignored",
        ),
        (
            r#"{"type": "object", "properties": {"a": {"type": "object", "properties": {"b": true}, "patternProperties": {"^x": {}}}}}"#,
            "thing.json#/properties/a/patternProperties: an object with both `properties` and `patternProperties`: the members matching the patterns are kept untyped in `extra`",
        ),
        (
            r#"{"type": "object", "properties": {"a": {"allOf": [{"type": "string"}, {"type": "integer"}]}}}"#,
            "thing.json#/properties/a: the parts of `allOf` have no type in common: no value is valid here",
        ),
        (
            r#"{"type": "object", "properties": {"a": false}}"#,
            "thing.json#/properties/a: the schema `false`: no value is valid here; kept as `json`",
        ),
        (
            r##"{"type": "object", "properties": {"a": {"$ref": "#/definitions/b"}}, "definitions": {"b": {"$ref": "#/definitions/b"}}}"##,
            "thing.json#/properties/a/$ref: `$ref`s loop back to `thing.json#/definitions/b`; kept as `json`",
        ),
        (
            r#"{"type": "object", "properties": {"a": {"type": "frobnicate"}}}"#,
            "thing.json#/properties/a/type: unknown type `frobnicate`; kept as `json`",
        ),
        (
            r#"{"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}, {}]}}}"#,
            "thing.json#/properties/a: a union with an untyped branch is kept as `json`",
        ),
        (
            r#"{"type": "object", "properties": {"a": {"enum": [1, 2]}}}"#,
            "thing.json#/properties/a: an `enum` of non-string values is kept as its JSON type without the value set",
        ),
    ];
    for (schema, expected) in cases {
        let problems = problems_of(schema);
        assert_eq!(problems.len(), 1, "{schema}: {}", problems_text(&problems));
        assert_eq!(one_line(&problems[0]), expected, "{schema}");
    }
}

#[test]
fn if_then_is_reported_for_each_keyword() {
    let problems = problems_of(
        r#"{"type": "object", "properties": {"a": {"type": "string", "if": {"const": "x"}, "then": {"maxLength": 1}, "else": {"minLength": 2}}}}"#,
    );
    let texts: Vec<String> = problems.iter().map(one_line).collect();
    assert_eq!(
        texts,
        [
            "thing.json#/properties/a/else: keyword `else` is not understood; ignored",
            "thing.json#/properties/a/if: keyword `if` is not understood; ignored",
            "thing.json#/properties/a/then: keyword `then` is not understood; ignored",
        ]
    );
}

#[test]
fn what_an_event_schema_says_beside_its_properties_is_reported() {
    // The root of an event's inline payload object is checked like any other object.
    let problems = problems_of(
        r#"{"type": ["object", "null"], "not": {"required": ["x"]},
            "additionalProperties": {"type": "string"}, "properties": {"a": {"type": "string"}}}"#,
    );
    let texts: Vec<String> = problems.iter().map(one_line).collect();
    assert_eq!(
        texts,
        [
            "thing.json#/not: keyword `not` is not understood; ignored",
            "thing.json#/additionalProperties: an object with both `properties` and an \
             `additionalProperties` schema: the other members are kept untyped in `extra`",
            "thing.json#: the payload may be `null` in the schema; a payload cannot be, so it \
             is imported as not null",
        ]
    );
}

#[test]
fn two_schemas_for_one_event_are_a_problem() {
    let dir = TempDir::new("twice");
    dir.write(
        "orders/create.json",
        r#"{"type": "object", "properties": {}}"#,
    );
    dir.write(
        "orders/create.schema.json",
        r#"{"type": "object", "properties": {}}"#,
    );
    let problems = import_err(
        &dir.0,
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    );
    assert_eq!(
        problems_text(&problems),
        "orders/create.schema.json#: a second schema for the event `orders/create` (the first \
         is `orders/create.json`); rename or remove one"
    );
}

#[test]
fn objects_that_cannot_be_told_apart_are_kept_as_json() {
    let problems = problems_of(
        r#"{"type": "object", "properties": {"a": {"oneOf": [
            {"type": "object", "properties": {"x": {"type": "string"}}},
            {"type": "object", "properties": {"x": {"type": "integer"}}}
        ]}}}"#,
    );
    assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
    assert_eq!(problems[0].file, "thing.json");
    assert_eq!(problems[0].pointer, "/properties/a");
    assert!(
        problems[0]
            .message
            .contains("neither a tag member nor a required key")
    );
}

#[test]
fn malformed_json_is_a_problem_not_a_panic() {
    let dir = TempDir::new("malformed");
    dir.write("good.json", r#"{"type": "object", "properties": {}}"#);
    dir.write("bad/one.json", "{\"type\": \"object\",,}");
    let options = options("shop", Layout::Files, Some("shop.base.yaml"));
    let problems = import_err(&dir.0, &options);
    assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
    assert_eq!(problems[0].file, "bad/one.json");
    assert_eq!(problems[0].pointer, "");
    let text = one_line(&problems[0]);
    assert!(text.starts_with("bad/one.json#: not JSON: "), "{text}");
    assert!(text.contains("line 1 column 19"), "{text}");

    // Every malformed file is reported, in file order whatever the file system's order.
    for name in ["z.json", "a/deep/x.json", "m.json", "a/b.json"] {
        dir.write(name, "[");
    }
    let problems = import_err(&dir.0, &options);
    let files: Vec<&str> = problems
        .iter()
        .map(|problem| problem.file.as_str())
        .collect();
    assert_eq!(
        files,
        [
            "a/b.json",
            "a/deep/x.json",
            "bad/one.json",
            "m.json",
            "z.json"
        ]
    );
    for problem in &problems {
        one_line(problem);
    }
}

#[test]
fn an_empty_dir_is_a_problem() {
    let dir = TempDir::new("empty");
    for layout in [Layout::Files, Layout::Folders] {
        let problems = import_err(&dir.0, &options("shop", layout, Some("shop.base.yaml")));
        assert_eq!(problems_text(&problems), ".#: no event schemas found");
    }
    // Only shared definitions is no events either.
    dir.write("common/user.schema.json", r#"{"type": "object"}"#);
    let problems = import_err(
        &dir.0,
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    );
    assert_eq!(problems_text(&problems), ".#: no event schemas found");
}

#[test]
fn a_missing_dir_is_a_problem() {
    let dir = TempDir::new("missing");
    let missing = dir.0.join("nowhere");
    let problems = import_err(&missing, &options("shop", Layout::Files, None));
    assert!(
        problems
            .iter()
            .any(|problem| problem.message.starts_with("cannot read")),
        "{}",
        problems_text(&problems)
    );
}

// 9. The GitHub corpus ------------------------------------------------------------------------

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The command in `specs/github.yaml`'s header: `# Imported by `<command>`.`
/// The command in the first line of an imported spec (`# Imported by \`...\`.`), if it is one.
fn import_command(spec: &str) -> Option<String> {
    spec.lines()
        .next()?
        .strip_prefix("# Imported by `")?
        .strip_suffix("`.")
        .map(str::to_owned)
}

/// Which `hookspec import` a command line runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonSchema,
    OpenApi,
}

/// The format, `Options` and the input (directory or document) of a `hookspec import` command
/// line, read as the CLI reads it, paths relative to the workspace root.
fn parse_command(command: &str) -> (Format, PathBuf, Options) {
    let words: Vec<&str> = command.split_whitespace().collect();
    let format = match words[..3] {
        ["hookspec", "import", "json-schema"] => Format::JsonSchema,
        ["hookspec", "import", "openapi"] => Format::OpenApi,
        _ => panic!("not an import command: {command}"),
    };
    let input = workspace().join(words[3]);
    let mut options = Options {
        vendor: String::new(),
        layout: Layout::Folders,
        shared: Vec::new(),
        base: None,
        overlay: None,
        command: command.to_owned(),
        examples: None,
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    };
    let read = |path: &str| {
        std::fs::read_to_string(workspace().join(path))
            .unwrap_or_else(|error| panic!("{path}: {error}"))
    };
    let mut rest = words[4..].iter();
    while let Some(flag) = rest.next() {
        if *flag == "--synthesize-examples" {
            options.synthesize_examples = true;
            continue;
        }
        let value = *rest
            .next()
            .unwrap_or_else(|| panic!("{flag} needs a value"));
        match *flag {
            "--vendor" => options.vendor = value.to_owned(),
            "--layout" => {
                options.layout = match value {
                    "folders" => Layout::Folders,
                    "files" => Layout::Files,
                    other => panic!("unknown layout {other}"),
                }
            }
            "--shared" => options.shared.push(value.to_owned()),
            "--base" => options.base = Some(read(value)),
            "--overlay" => options.overlay = Some(read(value)),
            "--examples" => options.examples = Some(workspace().join(value)),
            "--example-pointer" => options.example_pointer = Some(value.to_owned()),
            "--event-doc-pointer" => options.event_doc_pointer = Some(value.to_owned()),
            other => panic!("unknown flag {other} in {command}"),
        }
    }
    (format, input, options)
}

/// Every spec in `specs/` that says it was imported (GitHub, Resend, ...) is what running its
/// import command gives now, byte for byte: no hand edits, and the importer is reproducible.
#[test]
fn every_imported_spec_is_reproduced_by_its_command() {
    let mut checked = Vec::new();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(workspace().join("specs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    specs.sort();
    for path in specs {
        let expected = std::fs::read_to_string(&path).unwrap();
        let Some(command) = import_command(&expected) else {
            continue;
        };
        let (format, input, options) = parse_command(&command);
        assert_eq!(
            Some(options.vendor.as_str()),
            path.file_stem().and_then(|stem| stem.to_str()),
            "{command}"
        );
        if !input.exists() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{} is missing (CI=true requires the shared corpora)",
                input.display()
            );
            println!(
                "skipped {}: {} is not there (the corpora are shared material, not part of a clone)",
                path.display(),
                input.display()
            );
            continue;
        }
        let imported = imported(match format {
            Format::JsonSchema => import::json_schema(&input, &options),
            Format::OpenApi => import::openapi(&input, &options),
        });
        if imported.yaml != expected {
            let line = imported
                .yaml
                .lines()
                .zip(expected.lines())
                .position(|(got, want)| got != want)
                .unwrap_or_else(|| imported.yaml.lines().count().min(expected.lines().count()));
            panic!(
                "re-importing differs from {} at line {}:\n  imported: {:?}\n  committed: {:?}",
                path.display(),
                line + 1,
                imported.yaml.lines().nth(line),
                expected.lines().nth(line)
            );
        }
        checked.push(options.vendor);
    }
    println!("reproduced: {}", checked.join(", "));
    // GitHub and Resend at least, when the corpora are present.
    if workspace().join("../shared/corpora").is_dir() {
        assert!(checked.len() >= 2, "{checked:?}");
    }
}

// 10. OpenAPI 3.0 and YAML, allOf, boolean schemas, the identity member ------------------------

fn import_openapi(path: &Path, vendor: &str, base: &str) -> Imported {
    let mut options = options(vendor, Layout::Files, Some(base));
    options.command = format!("hookspec import openapi {vendor}.yaml --vendor {vendor}");
    imported(import::openapi(path, &options))
}

/// A file of the shared corpora, or `None` (with the reason printed) when the corpora are not
/// there; under `CI=true` their absence fails.
fn corpus_file(relative: &str) -> Option<PathBuf> {
    let path = workspace().join("../shared/corpora").join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing (CI=true requires the shared corpora)",
        path.display()
    );
    println!(
        "skipped: {} is not there (the corpora are shared material, not part of a clone)",
        path.display()
    );
    None
}

#[test]
fn resend_in_yaml_and_in_json_imports_to_the_same_bytes() {
    let (Some(yaml_file), Some(json_file)) = (
        corpus_file("resend-openapi/resend.yaml"),
        corpus_file("resend-openapi/resend.json"),
    ) else {
        return;
    };
    let from_yaml = import_openapi(&yaml_file, "resend", "resend.base.yaml");
    let from_json = import_openapi(&json_file, "resend", "resend.base.yaml");
    assert!(
        from_yaml.yaml == from_json.yaml,
        "YAML and JSON imports differ"
    );
    assert_eq!(from_yaml.report.problems, from_json.report.problems);
    let yaml = &from_yaml.yaml;
    assert!(
        from_yaml.report.problems.is_empty(),
        "{}",
        problems_text(&from_yaml.report.problems)
    );
    // Every event is named by its `type` const, which is what `parse` reads.
    let keys = event_keys(yaml);
    assert_eq!(keys.len(), 17, "{keys:?}");
    for key in [
        "email.sent",
        "email.bounced",
        "contact.created",
        "domain.updated",
    ] {
        assert!(keys.contains(&key.to_owned()), "no {key} in {keys:?}");
    }
    // `EmailBouncedEventData` = allOf [OutboundEmailEventData, {bounce}]: a type of its own
    // with the base's members and the bounce; the sent event keeps the base type.
    let bounced = named_type(yaml, "EmailBouncedEventData");
    assert_eq!(
        field_line(bounced, "bounce"),
        "bounce: { type: WebhookEventBounce }"
    );
    assert!(field_line(bounced, "email_id").starts_with("email_id: { type: string"));
    assert!(field_line(bounced, "to").starts_with("to: { type: array, items: { type: string }"));
    assert!(
        field_line(named_type(yaml, "EmailBouncedEvent"), "data")
            .starts_with("data: { type: EmailBouncedEventData")
    );
    assert!(
        field_line(named_type(yaml, "EmailSentEvent"), "data")
            .starts_with("data: { type: OutboundEmailEventData")
    );
    // Each family's refinement is its own type.
    let data_types: std::collections::BTreeSet<String> = [
        "EmailBouncedEvent",
        "EmailClickedEvent",
        "EmailFailedEvent",
        "EmailSuppressedEvent",
        "EmailReceivedEvent",
        "EmailSentEvent",
    ]
    .iter()
    .map(|name| field_line(named_type(yaml, name), "data").to_owned())
    .collect();
    assert_eq!(data_types.len(), 6, "{data_types:?}");
    assert!(from_yaml.report.mapped["allOf (composed)"] >= 4);
    assert_eq!(from_yaml.report.untyped, 0);
    generate("resend", yaml);
}

#[test]
fn openapi_3_0_in_yaml_with_x_webhooks_nullable_and_discriminator() {
    let imported = import_openapi(&fixtures().join("openapi30.yaml"), "acme", "acme.base.yaml");
    let yaml = &imported.yaml;
    // `example`, `xml` and `externalDocs` annotate: not problems. The one problem: a webhook
    // whose key the shared name enum does not list.
    assert_eq!(
        problems_text(&imported.report.problems),
        "openapi30.yaml#/components/schemas/EventType: the event `order.refunded` is named by \
         `event_type`, whose `enum` does not list `order.refunded`: a delivery of it would not be \
         recognised; imported as `order.refunded`"
    );
    assert_eq!(
        event_keys(yaml),
        ["order.created", "order.paid", "order.refunded"]
    );
    // The operation's summary documents the event.
    assert!(block(yaml, 2, "order.created").contains("    doc: \"An order was created.\"\n"));
    // The name member is what the delivery was dispatched on: the base's `common` member,
    // whatever the schema made of it (an optional shared enum here).
    let event = named_type(yaml, "OrderEvent");
    assert!(!event.contains("event_type:"), "{event}");
    assert!(!block(yaml, 2, "order.paid").contains("event_type:"));
    // `nullable: true` (3.0), also beside an `allOf` of one `$ref`.
    assert_eq!(
        field_line(event, "note"),
        "note: { type: string, optional: true, nullable: true }"
    );
    assert_eq!(
        field_line(named_type(yaml, "Order"), "coupon"),
        "coupon: { type: Coupon, optional: true, nullable: true }"
    );
    assert_eq!(
        field_line(event, "refund"),
        "refund: { type: Coupon, optional: true, nullable: true }"
    );
    // `discriminator` with a `mapping` (a pointer, a bare schema name): a tagged union.
    let payment = named_type(yaml, "Payment");
    assert!(payment.contains("    tag: method\n"), "{payment}");
    assert!(
        payment.contains("      - { type: Card, tag: \"card\" }\n"),
        "{payment}"
    );
    assert!(
        payment.contains("      - { type: BankTransfer, tag: \"bank\" }\n"),
        "{payment}"
    );
    // `order.paid` refines the event: its own payload, named by the value it fixes.
    let paid = block(yaml, 2, "order.paid");
    assert!(
        field_line(paid, "paid_at").starts_with("paid_at: { type: datetime"),
        "{paid}"
    );
    let module = generate("acme", yaml);
    assert!(module.contains("pub enum Payment"), "no union");
}

#[test]
fn without_a_common_member_the_identity_member_is_a_required_string_in_payloads() {
    let base = fixture_text("acme.base.yaml").replace(
        "common:\n  event_type: { type: string, doc: The event name. }\n",
        "",
    );
    assert!(!base.contains("common"));
    let mut options = options("acme", Layout::Files, None);
    options.base = Some(base);
    let imported = imported(import::openapi(
        &fixtures().join("openapi30.yaml"),
        &options,
    ));
    for line in [
        field_line(named_type(&imported.yaml, "OrderEvent"), "event_type"),
        field_line(block(&imported.yaml, 2, "order.paid"), "event_type"),
    ] {
        assert!(
            line.starts_with("event_type: { type: string, doc: "),
            "{line}"
        );
        assert!(
            !line.contains("optional") && !line.contains("nullable"),
            "{line}"
        );
        assert!(line.contains("Names the event"), "{line}");
    }
}

#[test]
fn a_vendor_extension_named_in_the_base_marks_events_and_the_setting_stays_out_of_the_spec() {
    let dir = TempDir::new("extension");
    let file = dir.write(
        "api.yaml",
        "openapi: 3.0.0\ncomponents:\n  schemas:\n    Created:\n      x-event-name: thing.created\n      type: object\n      properties:\n        id: { type: string }\n    Thing:\n      type: object\n",
    );
    let base = "import:\n  event_name_extension: x-event-name\nvendor: hub\nname: Hub\ndocs: \"\"\ndoc: Hub.\nidentity:\n  name: { header: X-Hub-Event }\nsigning:\n  scheme: none\n  advice: None.\n";
    let mut options = options("hub", Layout::Files, None);
    options.base = Some(base.to_owned());
    let imported = imported(import::openapi(&file, &options));
    assert_eq!(event_keys(&imported.yaml), ["thing.created"]);
    assert!(!imported.yaml.contains("import:"), "{}", imported.yaml);
    assert!(!imported.yaml.contains("event_name_extension"));
    generate("hub", &imported.yaml);
}

#[test]
fn boolean_schemas_map_to_what_they_mean() {
    let imported = import_one(
        r#"{"type": "object", "required": ["empty"], "properties": {
            "empty": {"type": "array", "items": false},
            "anything": true,
            "nothing": false,
            "closed": {"type": "object", "additionalProperties": false},
            "open": {"type": "object", "additionalProperties": true, "properties": {"x": {"type": "string"}}},
            "strict": {"type": "object", "additionalProperties": false, "properties": {"y": {"type": "integer"}}}
        }}"#,
    );
    let event = block(&imported.yaml, 2, "thing");
    assert_eq!(
        field_line(event, "empty"),
        "empty: { type: array, items: { type: json } }"
    );
    assert_eq!(
        field_line(event, "anything"),
        "anything: { type: json, optional: true }"
    );
    assert!(field_line(event, "nothing").starts_with("nothing: { type: json, optional: true"));
    assert_eq!(
        field_line(event, "closed"),
        "closed: { type: map, items: { type: json }, optional: true }"
    );
    // Only `false` is a problem: nothing is valid there.
    assert_eq!(
        problems_text(&imported.report.problems),
        "thing.json#/properties/nothing: the schema `false`: no value is valid here; kept as `json`"
    );
    let mapped = &imported.report.mapped;
    assert_eq!(
        mapped["array always empty (`items: false`; array of json)"],
        1
    );
    assert_eq!(mapped["schema `true` (json)"], 1);
    // Counted and said in the summary: `empty`'s items, `anything`, `nothing`, `closed`.
    assert_eq!(imported.report.untyped, 4);
    assert!(
        imported
            .report
            .to_string()
            .ends_with("1 not mapped; 4 members untyped (`json`)"),
        "{}",
        imported.report
    );
    generate("shop", &imported.yaml);
}

#[test]
fn all_of_refinements_get_their_own_types_and_value_narrowings_stay_shared() {
    let dir = TempDir::new("allof");
    let data = r#"{"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string"}, "kind": {"type": "string"}, "closed_at": {"type": ["string", "null"], "format": "date-time"}}}"#;
    dir.write("common/data.json", data);
    // Adds a member: a type of its own.
    dir.write(
        "bounced.json",
        r#"{"type": "object", "properties": {"data": {"allOf": [{"$ref": "common/data.json"},
            {"type": "object", "required": ["bounce"], "properties": {"bounce": {"type": "string"}}}]}}}"#,
    );
    // Fixes values the base allows: the base type, the values in the docs.
    dir.write(
        "kinded.json",
        r#"{"type": "object", "properties": {"data": {"allOf": [{"$ref": "common/data.json"},
            {"type": "object", "properties": {"kind": {"const": "x"}, "closed_at": {"type": "null"}}}]}}}"#,
    );
    // Makes a member required: a type of its own.
    dir.write(
        "required.json",
        r#"{"type": "object", "properties": {"data": {"allOf": [{"$ref": "common/data.json"},
            {"type": "object", "required": ["kind"]}]}}}"#,
    );
    let imported = imported(import::json_schema(
        &dir.0,
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    ));
    let yaml = &imported.yaml;
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    assert_eq!(
        field_line(block(yaml, 2, "kinded"), "data"),
        "data: { type: Data, optional: true }"
    );
    let bounced = field_line(block(yaml, 2, "bounced"), "data").to_owned();
    let required = field_line(block(yaml, 2, "required"), "data").to_owned();
    assert_eq!(bounced, "data: { type: BouncedData, optional: true }");
    assert_eq!(required, "data: { type: RequiredData, optional: true }");
    assert_eq!(
        field_line(named_type(yaml, "BouncedData"), "bounce"),
        "bounce: { type: string }"
    );
    assert_eq!(
        field_line(named_type(yaml, "RequiredData"), "kind"),
        "kind: { type: string }"
    );
    assert_eq!(type_names(yaml), ["Data", "BouncedData", "RequiredData"]);
    generate("shop", yaml);
}

#[test]
fn all_of_loops_and_deep_nesting_are_problems_not_crashes() {
    let dir = TempDir::new("allof-loops");
    dir.write(
        "loop.json",
        r##"{"type": "object", "properties": {
            "a": {"$ref": "#/definitions/a"},
            "node": {"$ref": "#/definitions/node"}},
          "definitions": {
            "a": {"allOf": [{"$ref": "#/definitions/b"}]},
            "b": {"allOf": [{"$ref": "#/definitions/a"}]},
            "node": {"allOf": [{"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}]}}}"##,
    );
    let mut deep = String::from(r#"{"type": "string"}"#);
    for _ in 0..60 {
        deep = format!(
            r#"{{"allOf": [{deep}, {{"properties": {{"x": {deep_inner}}}}}]}}"#,
            deep_inner = r#"{"type": "integer"}"#
        );
    }
    dir.write(
        "deep.json",
        &format!(r#"{{"type": "object", "properties": {{"d": {deep}}}}}"#),
    );
    let imported = imported(import::json_schema(
        &dir.0,
        &options("shop", Layout::Files, Some("shop.base.yaml")),
    ));
    assert!(
        imported
            .report
            .problems
            .iter()
            .any(|problem| problem.message.contains("loop")),
        "{}",
        problems_text(&imported.report.problems)
    );
    // A composed type that contains itself is a named, recursive type.
    let node = field_line(block(&imported.yaml, 2, "loop"), "node").to_owned();
    let name = node
        .strip_prefix("node: { type: ")
        .and_then(|rest| rest.split([',', ' ']).next())
        .unwrap_or_else(|| panic!("{node}"));
    assert!(
        field_line(named_type(&imported.yaml, name), "children")
            .contains(&format!("items: {{ type: {name} }}")),
        "{}",
        imported.yaml
    );
    generate("shop", &imported.yaml);
}

#[test]
fn yaml_schema_files_import_like_json_ones() {
    let json_dir = TempDir::new("json-files");
    let yaml_dir = TempDir::new("yaml-files");
    json_dir.write(
        "orders/create.json",
        r#"{"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}, "on": {"enum": ["yes", "no"]}}}"#,
    );
    yaml_dir.write(
        "orders/create.json",
        "type: object\nrequired: [id]\nproperties:\n  id: { type: integer }\n  on: { enum: [yes, no] }\n",
    );
    let options = options("shop", Layout::Files, Some("shop.base.yaml"));
    // A `.json` name that holds YAML is not JSON: a problem naming the file.
    let problems = import_err(&yaml_dir.0, &options);
    assert!(
        problems[0]
            .to_string()
            .starts_with("orders/create.json#: not JSON")
    );
    let yaml_dir = TempDir::new("yaml-files");
    yaml_dir.write(
        "orders/create.yaml",
        "type: object\nrequired: [id]\nproperties:\n  id: { type: integer }\n  on: { enum: [yes, no] }\n",
    );
    let from_json = imported(import::json_schema(&json_dir.0, &options));
    let from_yaml = imported(import::json_schema(&yaml_dir.0, &options));
    let events = |yaml: &str| yaml[yaml.find("\ntypes:").unwrap()..].replace(".yaml", ".json");
    assert_eq!(events(&from_json.yaml), events(&from_yaml.yaml));
}

#[test]
fn malformed_schemas_are_problems_or_json_never_a_panic() {
    let schemas = [
        r#"{"allOf": 3}"#,
        r#"{"allOf": [3, "x", null, true]}"#,
        r#"{"allOf": [{"$ref": 5}]}"#,
        r#"{"allOf": [{"properties": 3, "required": "x"}, {"properties": {"a": 3}}]}"#,
        r#"{"allOf": [{"oneOf": 3}, {"anyOf": [false, true]}]}"#,
        r#"{"allOf": [{"type": 7}, {"enum": 3}, {"const": null}]}"#,
        r##"{"allOf": [{"items": [1, 2]}, {"items": {"$ref": "#/nowhere"}}]}"##,
        r##"{"type": "object", "properties": {"a": {"oneOf": [{"$ref": "#"}, {"type": "string"}]}}}"##,
        r##"{"type": "object", "properties": {"a": {"$ref": "#/properties/a"}}}"##,
        r#"{"type": "object", "properties": {"a": {"discriminator": {"propertyName": 1}, "oneOf": [{"type": "object"}, {"type": "object"}]}}}"#,
        r##"{"type": "object", "properties": {"a": {"discriminator": {"propertyName": "k", "mapping": {"x": "#/nowhere", "y": 3}}, "oneOf": [{"type": "object"}, {"type": "object"}]}}}"##,
        r#"{"type": "object", "properties": {"a": {"type": "array", "items": false, "nullable": "yes"}}}"#,
        r#"{"type": "object", "properties": {"a": {"oneOf": [false, {"type": "null"}]}, "b": {"anyOf": [false]}, "c": {"oneOf": []}}}"#,
        "[]",
        "false",
        "true",
        "null",
    ];
    for schema in schemas {
        let dir = TempDir::new("malformed");
        dir.write("thing.json", schema);
        // Either a spec the generator accepts or problems; never a panic.
        if let Ok(imported) = import::json_schema(
            &dir.0,
            &options("shop", Layout::Files, Some("shop.base.yaml")),
        ) {
            generate("shop", &imported.yaml);
        }
    }
}

#[test]
fn draft_2020_tuples_pattern_maps_and_validation_keywords() {
    let imported = import_one(
        r#"{"type": "object", "properties": {
            "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
            "labels": {"type": "object", "patternProperties": {"^[a-z]+$": {"type": "string"}}},
            "names": {"type": "object", "propertyNames": {"pattern": "^a"}, "additionalProperties": {"type": "integer"}},
            "tags": {"type": "array", "items": {"type": "string"}, "contains": {"const": "x"}, "unevaluatedItems": false}
        }}"#,
    );
    let event = block(&imported.yaml, 2, "thing");
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    assert_eq!(
        field_line(event, "pair"),
        "pair: { type: array, items: { type: json }, optional: true }"
    );
    assert_eq!(
        field_line(event, "labels"),
        "labels: { type: map, items: { type: string }, optional: true }"
    );
    assert_eq!(
        field_line(event, "names"),
        "names: { type: map, items: { type: integer }, optional: true }"
    );
    assert_eq!(imported.report.ignored["propertyNames"], 1);
    assert_eq!(imported.report.ignored["contains"], 1);
}
