//! `hookspec diff`: the text report and its verdict, `--format json`, `--fail-on` (exit 3),
//! `git:REV:PATH` read from a temporary git repository, and the errors (exit 1). The spec
//! fixtures are the generator's (`codegen/tests/diff/`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::hookspec_in;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/tests/diff")
        .join(name)
}

fn base() -> String {
    std::fs::read_to_string(fixture("acme.yaml")).expect("the acme fixture")
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("hookspec-cli-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }

    /// Writes `<dir>/<name>/acme.yaml` (the stem is the vendor id) and returns its path.
    fn spec(&self, name: &str, text: &str) -> String {
        let dir = self.0.join(name);
        std::fs::create_dir_all(&dir).expect("create a directory");
        let file = dir.join("acme.yaml");
        std::fs::write(&file, text).expect("write a spec");
        file.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_report_lists_changes_by_scope_and_ends_with_the_verdict() {
    let temp = TempDir::new("diff-text");
    let old = temp.spec("old", &base());
    let new = temp.spec(
        "new",
        &base()
            .replacen("values: [paid, open]", "values: [paid, open, refunded]", 1)
            .replacen(
                "note: { type: string, doc: A note., optional: true }",
                "note: { type: string, doc: A note. }",
                1,
            ),
    );
    let run = hookspec_in(&temp.0, &["diff", &old, &new]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "struct `Order`\n  major  member `note` became required: `Option<String>` → `String`"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("enum `Status`\n  minor  value `refunded` added"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .trim_end()
            .ends_with("verdict: major (1 major, 1 minor, 0 patch)"),
        "{}",
        run.stdout
    );

    // --fail-on: printed all the same, then exit 3; below the level, exit 0.
    let failed = hookspec_in(&temp.0, &["diff", &old, &new, "--fail-on", "major"]);
    assert_eq!(failed.code, 3, "{}", failed.stderr);
    assert_eq!(failed.stdout, run.stdout);
    assert!(
        failed.stderr.contains("need a major version"),
        "{}",
        failed.stderr
    );
    let minor_only = temp.spec(
        "minor",
        &base().replacen("values: [paid, open]", "values: [paid, open, refunded]", 1),
    );
    let passed = hookspec_in(&temp.0, &["diff", &old, &minor_only, "--fail-on", "major"]);
    assert_eq!(passed.code, 0, "{}", passed.stderr);
    assert!(
        passed.stdout.contains("verdict: minor"),
        "{}",
        passed.stdout
    );
    let failed = hookspec_in(&temp.0, &["diff", &old, &minor_only, "--fail-on", "minor"]);
    assert_eq!(failed.code, 3, "{}", failed.stderr);
}

#[test]
fn a_reformatted_spec_is_patch_with_no_changes_in_json() {
    let temp = TempDir::new("diff-json");
    let old = temp.spec("old", &base());
    let new = temp.spec(
        "new",
        &std::fs::read_to_string(fixture("acme.reformatted.yaml")).expect("fixture"),
    );
    let run = hookspec_in(&temp.0, &["diff", &old, &new, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let json: Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(json["verdict"], "patch");
    assert_eq!(json["changes"], serde_json::json!([]));
}

#[test]
fn json_changes_say_scope_item_change_and_impact() {
    let temp = TempDir::new("diff-json-change");
    let old = temp.spec("old", &base());
    let new = temp.spec(
        "new",
        &base().replacen(
            "events:\n",
            "events:\n  order.refunded:\n    doc: Refunded.\n    payload: { type: Order }\n",
            1,
        ),
    );
    let run = hookspec_in(&temp.0, &["diff", &old, &new, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(json["verdict"], "minor");
    let change = &json["changes"][0];
    assert_eq!(change["scope"], "event");
    assert_eq!(change["name"], "order.refunded");
    assert_eq!(change["change"], "added");
    assert_eq!(change["impact"], "minor");
    assert_eq!(change["new"], "Event::OrderRefunded");
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn git_rev_path_reads_the_spec_a_revision_has() {
    let temp = TempDir::new("diff-git");
    if !git(&temp.0, &["init", "-q"]) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "git is missing (CI=true requires it)"
        );
        println!("skipped: git cannot be run");
        return;
    }
    std::fs::create_dir_all(temp.0.join("specs")).expect("specs/");
    let spec = temp.0.join("specs/acme.yaml");
    std::fs::write(&spec, base()).expect("write");
    assert!(git(&temp.0, &["add", "specs/acme.yaml"]));
    assert!(git(&temp.0, &["commit", "-q", "-m", "acme"]));
    // The working copy removes an event.
    std::fs::write(
        &spec,
        base().replacen(
            "  order.paid:\n    doc: An order was paid.\n    payload: { type: Order }\n",
            "",
            1,
        ),
    )
    .expect("write");
    let run = hookspec_in(
        &temp.0,
        &["diff", "git:HEAD:specs/acme.yaml", "specs/acme.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("event `order.paid`\n  major  removed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("verdict: major"), "{}", run.stdout);

    // The committed version against itself.
    let same = hookspec_in(
        &temp.0,
        &[
            "diff",
            "git:HEAD:specs/acme.yaml",
            "git:HEAD:specs/acme.yaml",
        ],
    );
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(same.stdout.contains("verdict: patch"), "{}", same.stdout);

    // A path the revision does not have, and an unknown revision: exit 1, git's reason.
    let missing = hookspec_in(
        &temp.0,
        &["diff", "git:HEAD:specs/nope.yaml", "specs/acme.yaml"],
    );
    assert_eq!(missing.code, 1, "{}", missing.stdout);
    assert!(
        missing
            .stderr
            .contains("git cannot show HEAD:specs/nope.yaml"),
        "{}",
        missing.stderr
    );
    let unknown = hookspec_in(
        &temp.0,
        &["diff", "git:no-such-rev:specs/acme.yaml", "specs/acme.yaml"],
    );
    assert_eq!(unknown.code, 1, "{}", unknown.stdout);
    assert!(
        unknown.stderr.contains("git cannot show no-such-rev:"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn an_invalid_or_missing_spec_is_exit_1() {
    let temp = TempDir::new("diff-invalid");
    let old = temp.spec("old", &base());
    let new = temp.spec("new", &base().replacen("type: integer", "type: integr", 1));
    let run = hookspec_in(&temp.0, &["diff", &old, &new]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("is not a valid spec"), "{}", run.stderr);
    assert!(run.stderr.contains("integr"), "{}", run.stderr);
    let run = hookspec_in(&temp.0, &["diff", &old, "nope/acme.yaml"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("cannot read nope/acme.yaml"),
        "{}",
        run.stderr
    );
}
