//! `hookspec import` with examples: a directory of bodies (`--examples`, both layouts), an
//! OpenAPI document's own examples, and synthesized ones (`--synthesize-examples`). Each
//! written example is the published text; each is checked against the drafted spec, so an
//! example that does not fit is reported by file and JSON pointer (left out when the parser
//! would reject it); the overlay replaces or drops an example; the result is reproducible and
//! loads. The GitHub and Resend corpora are read from `../shared/corpora/` when present.
//!
//! The fixtures are under `tests/import_examples/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use hookspec_codegen::Vendor;
use hookspec_codegen::import::{self, Imported, Layout, Options, Problem};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import_examples")
}

fn text(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
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

/// The acme fixture: folders of schemas with `action` sub-names, and `examples/`.
fn acme(examples: Option<PathBuf>, overlay: Option<&str>) -> Options {
    Options {
        vendor: "acme".to_owned(),
        layout: Layout::Folders,
        shared: vec!["common".to_owned()],
        base: Some(text(fixtures().join("base.yaml"))),
        overlay: overlay.map(|name| text(fixtures().join(name))),
        command: "hookspec import json-schema schemas --vendor acme".to_owned(),
        examples,
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    }
}

fn import_acme(options: &Options) -> Imported {
    imported(import::json_schema(&fixtures().join("schemas"), options))
}

/// Loads an imported spec with the generator: the vendor and its warnings (rendered).
fn load(vendor: &str, yaml: &str) -> (Vendor, Vec<String>) {
    let file = PathBuf::from(format!("{vendor}.yaml"));
    match hookspec_codegen::check_str(&file, yaml) {
        Ok((vendor, warnings)) => (
            vendor,
            warnings
                .iter()
                .map(|warning| format!("{}:{}: {}", warning.line, warning.column, warning.message))
                .collect(),
        ),
        Err(problems) => panic!(
            "the imported spec does not load:\n{}\n{yaml}",
            problems
                .iter()
                .map(|problem| format!("{}:{}: {}", problem.line, problem.column, problem.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn event<'v>(vendor: &'v Vendor, wire: &str) -> &'v hookspec_codegen::model::Event {
    vendor
        .events
        .iter()
        .find(|event| event.wire == wire)
        .unwrap_or_else(|| panic!("no event `{wire}`"))
}

/// The report's example problems as `file#pointer: message` lines.
fn example_problems(imported: &Imported) -> Vec<String> {
    imported
        .report
        .example_problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn has(lines: &[String], start: &str, containing: &str) -> bool {
    lines
        .iter()
        .any(|line| line.starts_with(start) && line.contains(containing))
}

#[test]
fn every_body_in_the_directory_is_an_example_of_its_event_or_reported() {
    let examples = fixtures().join("examples");
    let imported = import_acme(&acme(Some(examples.clone()), None));
    let (vendor, warnings) = load("acme", &imported.yaml);

    // Sub-names come from the body's `action`; files in sorted order; the text as published.
    let created = event(&vendor, "thing.created");
    assert_eq!(created.examples.len(), 2);
    assert_eq!(
        created.examples[0].documented.as_deref(),
        Some(text(examples.join("thing/created.payload.json")).as_str())
    );
    assert_eq!(
        created.examples[1].documented.as_deref(),
        Some(text(examples.join("thing/created.with-color.payload.json")).as_str())
    );
    assert!(
        created
            .examples
            .iter()
            .all(|example| example.corrected.is_none())
    );
    // `ping` has no sub-names: its folder's bodies are its examples.
    let ping = event(&vendor, "ping");
    assert_eq!(ping.examples.len(), 1);
    assert_eq!(
        ping.examples[0].documented.as_deref(),
        Some(text(examples.join("ping/payload.json")).as_str())
    );
    assert!(imported.yaml.contains("      # from ping/payload.json\n      - documented: |\n          {\n            \"zen\": \"Keep it logically awesome.\",\n"));
    // The id is a string: the parser would reject it, so it is left out, and said so.
    assert!(event(&vendor, "thing.deleted").examples.is_empty());
    assert_eq!(imported.report.examples, 3);

    let problems = example_problems(&imported);
    assert!(
        has(
            &problems,
            "thing/deleted.payload.json#/thing/id: example of `thing.deleted`: error: thing.id: expected an integer",
            ""
        ),
        "{problems:#?}"
    );
    assert!(
        has(
            &problems,
            "thing/deleted.payload.json#: example of `thing.deleted` left out",
            "replace or drop the example there"
        ),
        "{problems:#?}"
    );
    // What the parser accepts but the spec does not describe is written, and reported where it is.
    assert!(
        has(
            &problems,
            "thing/created.with-color.payload.json#/thing/color: example of `thing.created`: warning",
            "member not in the spec"
        ),
        "{problems:#?}"
    );
    assert!(
        has(
            &problems,
            "thing/created.with-color.payload.json#/thing/state: example of `thing.created`: warning",
            "archived"
        ),
        "{problems:#?}"
    );
    // ... and the generator warns about the same two places when it loads the spec.
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    // Bodies that name no imported event, or are not JSON, are reported by file.
    assert!(
        has(
            &problems,
            "thing/renamed.payload.json#: names no imported event: `thing.renamed`",
            ""
        ),
        "{problems:#?}"
    );
    assert!(
        has(&problems, "ping/truncated.json#: not JSON", ""),
        "{problems:#?}"
    );
    assert!(
        has(&problems, "stray.json#: names no event", "folder"),
        "{problems:#?}"
    );
    // Not a `.json` file: not a body.
    assert!(
        !problems.iter().any(|line| line.contains("README")),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 7, "{problems:#?}");
    assert!(
        imported.report.to_string().contains(
            "3 examples written (0 synthesized), 0 dropped by the overlay, 7 example problems"
        ),
        "{}",
        imported.report
    );
}

#[test]
fn the_overlay_replaces_or_drops_an_example() {
    let examples = fixtures().join("examples");
    let imported = import_acme(&acme(Some(examples.clone()), Some("overlay.yaml")));
    let (vendor, _) = load("acme", &imported.yaml);
    let deleted = event(&vendor, "thing.deleted");
    assert_eq!(deleted.examples.len(), 1);
    let example = &deleted.examples[0];
    assert_eq!(
        example.documented.as_deref(),
        Some(text(examples.join("thing/deleted.payload.json")).as_str())
    );
    assert_eq!(
        example.corrected.as_deref(),
        Some("{\"action\": \"deleted\", \"thing\": {\"id\": 3, \"name\": \"third\"}}\n")
    );
    assert!(
        example
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("integer")
    );
    assert!(
        !example_problems(&imported)
            .iter()
            .any(|line| line.contains("deleted")),
        "{:#?}",
        imported.report.example_problems
    );

    let dropped = import_acme(&acme(Some(examples.clone()), Some("overlay-drop.yaml")));
    let (vendor, _) = load("acme", &dropped.yaml);
    assert!(event(&vendor, "thing.deleted").examples.is_empty());
    assert_eq!(dropped.report.dropped_examples, 1);
    assert!(
        !example_problems(&dropped)
            .iter()
            .any(|line| line.contains("deleted")),
        "{:#?}",
        dropped.report.example_problems
    );

    // An overlay entry that matches no example, or says neither what to do nor why, fails.
    let mut options = acme(Some(examples.clone()), None);
    options.overlay =
        Some("examples:\n  - { from: thing/gone.json, drop: true, note: Gone. }\n".to_owned());
    let problems = import::json_schema(&fixtures().join("schemas"), &options).unwrap_err();
    assert!(
        problems_text(&problems)
            .contains("overlay#/examples/0: no imported example comes from `thing/gone.json`"),
        "{}",
        problems_text(&problems)
    );
    options.overlay =
        Some("examples:\n  - { from: thing/deleted.payload.json, note: \"\" }\n".to_owned());
    let problems =
        problems_text(&import::json_schema(&fixtures().join("schemas"), &options).unwrap_err());
    assert!(problems.contains("needs a `note`"), "{problems}");
    assert!(
        problems.contains("either `drop: true` or `corrected`"),
        "{problems}"
    );
}

/// A directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "hookspec-import-examples-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn reimporting_is_byte_for_byte_reproducible_whatever_order_the_files_were_written_in() {
    let examples = fixtures().join("examples");
    let first = import_acme(&acme(Some(examples.clone()), None));
    let second = import_acme(&acme(Some(examples.clone()), None));
    assert_eq!(first.yaml, second.yaml);

    // The same bodies written in reverse order into another directory.
    let copy = TempDir::new("order");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut pending = vec![examples.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files.iter().rev() {
        let target = copy.0.join(file.strip_prefix(&examples).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(file, target).unwrap();
    }
    let third = import_acme(&acme(Some(copy.0.clone()), None));
    assert_eq!(first.yaml, third.yaml);
    assert_eq!(example_problems(&first), example_problems(&third));
}

#[test]
fn the_files_layout_names_each_body_by_its_path() {
    let dir = fixtures().join("files");
    let options = Options {
        vendor: "shop".to_owned(),
        layout: Layout::Files,
        shared: Vec::new(),
        base: Some(text(dir.join("base.yaml"))),
        overlay: None,
        command: "hookspec import json-schema schemas --vendor shop --layout files".to_owned(),
        examples: Some(dir.join("examples")),
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    };
    let imported = imported(import::json_schema(&dir.join("schemas"), &options));
    let (vendor, warnings) = load("shop", &imported.yaml);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(
        event(&vendor, "orders/create").examples[0]
            .documented
            .as_deref(),
        Some(text(dir.join("examples/orders/create.json")).as_str())
    );
    assert_eq!(
        example_problems(&imported),
        ["orders/cancel.json#: names no imported event: `orders/cancel`; left out"]
    );
}

fn hub(synthesize: bool) -> Imported {
    let dir = fixtures().join("openapi");
    let options = Options {
        vendor: "hub".to_owned(),
        layout: Layout::Files,
        shared: Vec::new(),
        base: Some(text(dir.join("hub.base.yaml"))),
        overlay: None,
        command: "hookspec import openapi hub.json --vendor hub".to_owned(),
        examples: None,
        synthesize_examples: synthesize,
        example_pointer: None,
        event_doc_pointer: None,
    };
    imported(import::openapi(&dir.join("hub.json"), &options))
}

#[test]
fn an_openapi_documents_examples_are_imported_from_their_values() {
    let imported = hub(false);
    let (vendor, warnings) = load("hub", &imported.yaml);
    assert!(warnings.is_empty(), "{warnings:#?}");

    // The media type's `example`, then its `examples`, a `$ref` to `components/examples`
    // giving that example's `value`; each rendered from its value (pretty JSON), so that the
    // document in JSON or in YAML gives the same spec.
    let created: Vec<&str> = event(&vendor, "item.created")
        .examples
        .iter()
        .map(|example| example.documented.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        created,
        [
            "{\n  \"item\": {\n    \"id\": \"i_1\",\n    \"price\": 5\n  },\n  \"type\": \"item.created\"\n}\n",
            "{\n  \"item\": {\n    \"id\": \"i_3\",\n    \"price\": 7\n  },\n  \"type\": \"item.created\"\n}\n",
        ]
    );
    // The schema's 3.1 `examples` array.
    let deleted = &event(&vendor, "item.deleted").examples;
    assert_eq!(
        deleted[0].documented.as_deref(),
        Some("{\n  \"id\": \"i_2\",\n  \"type\": \"item.deleted\"\n}\n")
    );
    // No examples and no synthesis: none.
    assert!(event(&vendor, "item.updated").examples.is_empty());
    // An `externalValue` is not fetched: reported at its pointer.
    assert_eq!(
        example_problems(&imported),
        [
            "hub.json#/webhooks/item.created/post/requestBody/content/application~1json/examples/remote/externalValue: example `remote` is an `externalValue` (`https://hub.example.com/examples/item-created.json`), which the importer does not fetch; left out (give the body with `--examples DIR`)"
        ]
    );
    assert!(
        imported
            .yaml
            .contains("      # from hub#/components/examples/item-created/value\n"),
        "{}",
        imported.yaml
    );
}

#[test]
fn synthesized_examples_are_built_from_the_schema_and_say_so() {
    let imported = hub(true);
    let (vendor, warnings) = load("hub", &imported.yaml);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(imported.report.synthesized_examples, 1);
    assert_eq!(imported.report.examples, 4);
    // Only events without any example get one.
    assert_eq!(event(&vendor, "item.created").examples.len(), 2);
    let updated = &event(&vendor, "item.updated").examples;
    assert_eq!(updated.len(), 1);
    let example = &updated[0];
    assert_eq!(example.documented, None);
    assert!(
        example
            .note
            .as_deref()
            .unwrap_or_default()
            .starts_with("Synthesized by `hookspec import`"),
        "{example:?}"
    );
    let value: serde_json::Value =
        serde_json::from_str(example.corrected.as_deref().unwrap_or_default()).unwrap();
    // Required members (`const`, first `enum` value, a date-time, through `$ref`), optional
    // ones with an `example` (`tags`), and no optional one without (`reason`, `note`).
    assert_eq!(
        value,
        serde_json::json!({
            "type": "item.updated",
            "item": { "id": "i_9", "price": 0, "tags": ["new"] },
            "updated_at": "2024-01-15T10:00:00Z",
            "status": "live"
        })
    );
    assert!(
        example_problems(&imported).len() == 1,
        "{:#?}",
        imported.report.example_problems
    );
}

// The corpora ------------------------------------------------------------------------------

fn corpora() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the shared corpora are missing at {} (CI=true requires them)",
        dir.display()
    );
    println!(
        "skipped: the shared corpora are not at {} (they are shared material, not part of a clone)",
        dir.display()
    );
    None
}

#[test]
fn github_gets_every_octokit_delivery_as_an_example_without_a_warning() {
    let Some(corpora) = corpora() else {
        return;
    };
    let root = corpora.join("octokit-webhooks");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let examples = root.join("payload-examples/api.github.com");
    let options = Options {
        vendor: "github".to_owned(),
        layout: Layout::Folders,
        shared: vec!["common".to_owned()],
        base: Some(text(workspace.join("specs/import/github.base.yaml"))),
        overlay: None,
        command: "test".to_owned(),
        examples: Some(examples.clone()),
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    };
    let imported = imported(import::json_schema(
        &root.join("payload-schemas/api.github.com"),
        &options,
    ));
    assert_eq!(imported.report.examples, 273);
    assert!(
        imported.report.example_problems.is_empty(),
        "{}",
        problems_text(&imported.report.example_problems)
    );
    let (vendor, warnings) = load("github", &imported.yaml);
    assert!(warnings.is_empty(), "{warnings:#?}");
    // Every (event, action) the corpus has a delivery of has an example.
    let mut pairs = BTreeSet::new();
    for folder in std::fs::read_dir(&examples).unwrap() {
        let folder = folder.unwrap().path();
        for file in std::fs::read_dir(&folder).unwrap() {
            let body: serde_json::Value =
                serde_json::from_str(&text(file.unwrap().path())).unwrap();
            let name = folder.file_name().unwrap().to_string_lossy().into_owned();
            pairs.insert((
                name,
                body.get("action")
                    .and_then(|a| a.as_str())
                    .map(str::to_owned),
            ));
        }
    }
    // 163 (event, action) pairs, and the events without an action.
    assert!(pairs.len() >= 163, "{}", pairs.len());
    for (name, action) in &pairs {
        let wire = match action {
            Some(action)
                if vendor
                    .events
                    .iter()
                    .any(|e| e.wire == format!("{name}.{action}")) =>
            {
                format!("{name}.{action}")
            }
            _ => name.clone(),
        };
        assert!(
            !event(&vendor, &wire).examples.is_empty(),
            "no example of `{wire}`"
        );
    }
}

#[test]
fn resend_gets_one_synthesized_example_per_event() {
    let Some(corpora) = corpora() else {
        return;
    };
    let base = "vendor: resend\nname: Resend\ndocs: https://resend.com/docs/dashboard/webhooks/introduction\ndoc: Webhooks sent by Resend.\nidentity:\n  name: { member: type }\ncommon:\n  type: { type: string, doc: The event name. }\nsigning:\n  scheme: none\n  advice: Not part of this test.\n";
    let options = Options {
        vendor: "resend".to_owned(),
        layout: Layout::Files,
        shared: Vec::new(),
        base: Some(base.to_owned()),
        overlay: None,
        command: "test".to_owned(),
        examples: None,
        synthesize_examples: true,
        example_pointer: None,
        event_doc_pointer: None,
    };
    let file = corpora.join("resend-openapi/resend.json");
    let imported = imported(import::openapi(&file, &options));
    // No whole-delivery examples in the document: one synthesized per event, each loading.
    assert_eq!(imported.report.examples, 17);
    assert_eq!(imported.report.synthesized_examples, 17);
    let (vendor, _warnings) = load("resend", &imported.yaml);
    for event in &vendor.events {
        assert_eq!(event.examples.len(), 1, "{}", event.wire);
        let example = &event.examples[0];
        assert!(example.documented.is_none() && example.note.is_some());
        let value: serde_json::Value =
            serde_json::from_str(example.corrected.as_deref().unwrap_or_default()).unwrap();
        assert_eq!(value["type"], event.wire.as_str());
    }
    // What the imported types do not describe is reported (written: warnings only).
    assert!(
        imported
            .report
            .example_problems
            .iter()
            .all(|problem| problem.message.contains(": warning (written")),
        "{}",
        problems_text(&imported.report.example_problems)
    );
    // The property-level examples are used where given.
    let sent = event(&vendor, "email.sent").examples[0].json().to_owned();
    assert!(sent.contains("\"created_at\": \"2"), "{sent}");
}

#[test]
fn a_missing_examples_directory_is_an_error() {
    let missing = fixtures().join("no-such-examples");
    let problems =
        import::json_schema(&fixtures().join("schemas"), &acme(Some(missing), None)).unwrap_err();
    assert_eq!(problems.len(), 1, "{}", problems_text(&problems));
    assert!(
        problems[0]
            .to_string()
            .contains("no-such-examples#: `--examples` is not a directory"),
        "{}",
        problems_text(&problems)
    );
}

/// The `wrapped` fixture: example files that hold the body under `response` and the event's
/// description under `description` (as Shopify's metadata files do).
fn wrapped(overlay: bool, body: Option<&str>, doc: Option<&str>) -> Result<Imported, Vec<Problem>> {
    let dir = fixtures().join("wrapped");
    let options = Options {
        vendor: "shop".to_owned(),
        layout: Layout::Files,
        base: Some(text(dir.join("base.yaml"))),
        overlay: overlay.then(|| text(dir.join("overlay.yaml"))),
        command: "hookspec import json-schema schemas --vendor shop --layout files".to_owned(),
        examples: Some(dir.join("metadata")),
        example_pointer: body.map(str::to_owned),
        event_doc_pointer: doc.map(str::to_owned),
        ..Options::default()
    };
    import::json_schema(&dir.join("schemas"), &options)
}

#[test]
fn an_example_pointer_finds_the_body_inside_each_file_and_a_doc_pointer_its_events_doc() {
    let imported = imported(wrapped(false, Some("/response"), Some("/description")));
    let (vendor, warnings) = load("shop", &imported.yaml);
    assert!(warnings.is_empty(), "{warnings:#?}");

    // The body's text as published inside the file, moved left by the indentation of the line
    // it starts on (`  "response": {`), with a final line break.
    let create = event(&vendor, "orders/create");
    assert_eq!(create.examples.len(), 1);
    assert_eq!(
        create.examples[0].documented.as_deref(),
        Some(
            "{\n  \"id\": 10,\n  \"total\": \"12.50\",\n  \"lines\": [\n    {\n      \"sku\": \"A-1\"\n    }\n  ]\n}\n"
        )
    );
    assert!(
        imported
            .yaml
            .contains("      # from orders/create.json#/response\n"),
        "{}",
        imported.yaml
    );
    // The doc pointer documents events whose schema says nothing (with or without an example
    // body); a schema's own title wins.
    assert_eq!(create.doc, "Occurs whenever an order is created.");
    assert_eq!(
        event(&vendor, "refunds/create").doc,
        "Occurs whenever a refund is created."
    );
    assert_eq!(event(&vendor, "orders/paid").doc, "Order paid.");
    assert_eq!(
        event(&vendor, "orders/cancel").doc,
        "The `orders/cancel` event."
    );
    assert_eq!(imported.report.documented_events, 2);
    assert!(
        imported
            .report
            .to_string()
            .contains("  2 events documented from their example files\n"),
        "{}",
        imported.report
    );

    // A misfit is reported inside the file, at the pointer; a file where the pointer finds
    // nothing, and one whose doc is not text, are reported too, never silently dropped.
    assert_eq!(event(&vendor, "orders/cancel").examples.len(), 1);
    assert!(event(&vendor, "orders/paid").examples.is_empty());
    assert!(event(&vendor, "refunds/create").examples.is_empty());
    assert_eq!(imported.report.examples, 2);
    let problems = example_problems(&imported);
    assert!(
        has(
            &problems,
            "orders/paid.json#/response/total: ",
            "example of `orders/paid`: error"
        ),
        "{problems:#?}"
    );
    assert!(
        has(
            &problems,
            "orders/paid.json#/response: ",
            "`examples: [{ from: \"orders/paid.json#/response\", ... }]`"
        ),
        "{problems:#?}"
    );
    assert!(
        problems.contains(
            &"refunds/create.json#: `--example-pointer /response` finds nothing in the file: no example; left out"
                .to_owned()
        ),
        "{problems:#?}"
    );
    assert!(
        problems.contains(
            &"orders/cancel.json#: `--event-doc-pointer /description` finds no text in the file: its event keeps the doc it has"
                .to_owned()
        ),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 4, "{problems:#?}");

    // Reproducible.
    let again = wrapped(false, Some("/response"), Some("/description")).unwrap();
    assert_eq!(again.yaml, imported.yaml);
}

#[test]
fn the_overlay_names_a_wrapped_example_by_its_file_and_pointer() {
    let imported = imported(wrapped(true, Some("/response"), None));
    let (vendor, _) = load("shop", &imported.yaml);
    let paid = &event(&vendor, "orders/paid").examples;
    assert_eq!(paid.len(), 1);
    assert_eq!(
        paid[0].documented.as_deref(),
        Some("{ \"id\": 11, \"total\": 5 }\n")
    );
    assert_eq!(
        paid[0].corrected.as_deref(),
        Some("{\"id\": 11, \"total\": \"5.00\"}\n")
    );
    // Without the doc pointer, events keep the schema's doc or the placeholder.
    assert_eq!(
        event(&vendor, "orders/create").doc,
        "The `orders/create` event."
    );
    assert_eq!(imported.report.documented_events, 0);
}

#[test]
fn without_a_pointer_the_wrapped_files_are_bodies_and_bad_pointers_are_problems() {
    // The whole file is the body: the metadata members are not the schema's.
    let imported = imported(wrapped(false, None, None));
    let problems = example_problems(&imported);
    assert!(
        has(
            &problems,
            "orders/create.json#",
            "example of `orders/create`"
        ),
        "{problems:#?}"
    );
    // The empty pointer is the whole document, as RFC 6901 says.
    let whole = self::imported(wrapped(false, Some(""), None));
    assert_eq!(whole.yaml, imported.yaml);

    let problems = wrapped(false, Some("response"), Some("description")).unwrap_err();
    assert_eq!(
        problems_text(&problems),
        "options#: `--example-pointer response` is not a JSON pointer (RFC 6901): empty, or `/` and the path, such as `/response`\n\
         options#: `--event-doc-pointer description` is not a JSON pointer (RFC 6901): empty, or `/` and the path, such as `/response`"
    );

    // The pointers read the files of `--examples`: without it they are an error.
    let dir = fixtures().join("wrapped");
    let options = Options {
        vendor: "shop".to_owned(),
        layout: Layout::Files,
        base: Some(text(dir.join("base.yaml"))),
        example_pointer: Some("/response".to_owned()),
        ..Options::default()
    };
    let problems = import::json_schema(&dir.join("schemas"), &options).unwrap_err();
    assert_eq!(
        problems_text(&problems),
        "options#: `--example-pointer` reads the files of `--examples DIR`: give that too"
    );
}
