//! `hookspec diff` on the bundled GitHub spec: today's `specs/github.yaml` against a spec
//! re-imported from an older schema set. The shared corpus has one version of GitHub's schemas,
//! so the older set is built at test time from a copy of it (in a temporary directory) with
//! what GitHub added since taken out: the `star` event (its two actions), the optional
//! `allow_forking` and the required `web_commit_signoff_required` members of `Repository`, and
//! the `internal` value of a repository's `visibility`.
//!
//! The verdict is **minor**, and it should be: each of these is an addition the generated code
//! absorbs. The event enum and `StarEvent` are `#[non_exhaustive]`, so `star.created` and
//! `star.deleted` are new variants (such deliveries were `Event::Unknown` before); `Repository`
//! is a `#[non_exhaustive]` struct, so new fields are minor, and the spec is `presence:
//! tolerant`, so even the new *required* member does not reject older deliveries that lack it
//! (they parse with drift); the visibility enum is open and `#[non_exhaustive]`, so
//! `internal`, formerly `_Unknown("internal")` with the same `as_str()`, gets a variant.

use std::path::{Path, PathBuf};

use hookspec_codegen::diff::{self, Impact, Kind};
use hookspec_codegen::import::{self, Layout, Options};
use hookspec_codegen::{Vendor, load_file, load_str};

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

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("hookspec-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a directory");
    for entry in std::fs::read_dir(from).expect("read a corpus directory") {
        let path = entry.expect("a directory entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a schema");
        }
    }
}

/// Edits a JSON file in place.
fn edit_json(file: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let text = std::fs::read_to_string(file).expect("read a schema");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("a JSON schema");
    edit(&mut value);
    std::fs::write(file, serde_json::to_string_pretty(&value).expect("JSON")).expect("write");
}

/// The older schema set: today's, less what GitHub added since (see the module doc).
fn older_schemas(schemas: &Path, dir: &Path) {
    copy_dir(schemas, dir);
    std::fs::remove_dir_all(dir.join("star")).expect("remove the star event");
    edit_json(&dir.join("common/repository.schema.json"), |schema| {
        let properties = schema["properties"]
            .as_object_mut()
            .expect("repository properties");
        assert!(properties.remove("allow_forking").is_some());
        assert!(properties.remove("web_commit_signoff_required").is_some());
        let required = schema["required"].as_array_mut().expect("required");
        let before = required.len();
        required.retain(|name| name != "web_commit_signoff_required");
        assert_eq!(required.len(), before - 1);
        let values = schema["properties"]["visibility"]["enum"]
            .as_array_mut()
            .expect("visibility values");
        values.retain(|value| value != "internal");
    });
}

fn import_github(schemas: &Path, examples: &Path, workspace: &Path) -> Vendor {
    let options = Options {
        vendor: "github".to_owned(),
        layout: Layout::Folders,
        shared: vec!["common".to_owned()],
        base: Some(
            std::fs::read_to_string(workspace.join("specs/import/github.base.yaml"))
                .expect("the GitHub base"),
        ),
        overlay: None,
        command: "test".to_owned(),
        examples: Some(examples.to_owned()),
        synthesize_examples: false,
        example_pointer: None,
        event_doc_pointer: None,
    };
    let imported = import::json_schema(schemas, &options)
        .unwrap_or_else(|problems| panic!("import failed: {problems:#?}"));
    load_str(Path::new("github.yaml"), &imported.yaml)
        .unwrap_or_else(|problems| panic!("the imported spec is invalid: {problems:#?}"))
}

#[test]
fn github_today_against_an_older_schema_set_is_minor() {
    let Some(corpora) = corpora() else {
        return;
    };
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let today = load_file(&workspace.join("specs/github.yaml"))
        .unwrap_or_else(|problems| panic!("specs/github.yaml is invalid: {problems:#?}"));
    let temp = TempDir::new("diff-github");
    let older = temp.0.join("api.github.com");
    older_schemas(
        &corpora.join("octokit-webhooks/payload-schemas/api.github.com"),
        &older,
    );
    // The deliveries of the same time: today's, without those of the `star` event.
    let examples = temp.0.join("examples");
    copy_dir(
        &corpora.join("octokit-webhooks/payload-examples/api.github.com"),
        &examples,
    );
    std::fs::remove_dir_all(examples.join("star")).expect("remove the star deliveries");
    let old = import_github(&older, &examples, &workspace);

    let diff = diff::diff(&old, &today);
    let report = diff.render_text();
    println!("{report}");
    // Exactly the additions taken out of the older set (and the payload types of the new
    // event).
    let mut api: Vec<String> = (diff.changes.iter())
        .filter(|change| change.impact != Impact::Patch)
        .map(|change| {
            format!(
                "{} {} {} {}",
                change.scope,
                change.item.as_str(),
                change.name.as_deref().unwrap_or("-"),
                change.kind.as_str()
            )
        })
        .collect();
    api.sort();
    let mut expected = vec![
        "event `star.created` whole - added",
        "event `star.deleted` whole - added",
        "struct `StarCreated` whole - added",
        "struct `StarDeleted` whole - added",
        "struct `Repository` member allow_forking added",
        "struct `Repository` member web_commit_signoff_required added",
        "enum `RepositoryVisibility` value internal added",
    ];
    expected.sort_unstable();
    assert_eq!(api, expected, "{report}");
    assert!(
        (diff.changes.iter())
            .filter(|change| change.impact != Impact::Patch)
            .all(|change| change.impact == Impact::Minor),
        "{report}"
    );
    // The new required member is minor only because the spec is tolerant.
    let required = (diff.changes.iter())
        .find(|change| change.name.as_deref() == Some("web_commit_signoff_required"))
        .expect("the new required member");
    assert_eq!(
        required.kind,
        Kind::Added {
            required: true,
            tolerant: true
        }
    );
    // Nothing else differs, documentation included: the import reproduces the rest exactly.
    assert_eq!(diff.changes.len(), expected.len(), "{report}");
    assert_eq!(diff.verdict(), Impact::Minor, "{report}");
}
