//! `hookspec audit`, run as a user runs it: captured deliveries of a seed vendor (Gately) that
//! parse, drift and fail, and GitHub's corpus (with `hookspec/github`; the corpus is read from
//! `../shared/corpora/` at test time: without it the test is skipped with a printed reason,
//! and under `CI=true` a missing corpus is a failure).

use std::path::PathBuf;

use serde_json::Value;

mod common;
use common::{TempDir, github_corpus, hookspec, specs_dir};

/// A Gately `member.created` delivery whose `data` is `data`.
fn member_created(id: &str, data: &str) -> String {
    format!(
        r#"{{"id":"{id}","event":"member.created","created_at":"2024-01-15T10:00:00Z","project_id":"proj_abc","data":{data}}}"#
    )
}

const MEMBER: &str = r#"{"id":"mem_1","email":"a@example.com","full_name":"Ada","avatar_url":null,"plan_id":"free","status":"active","metadata":{},"created_at":"2024-01-15T10:00:00Z"}"#;

/// Gately deliveries as the receiver keeps them, in nested folders: one that fits, one with
/// an undocumented member and an unlisted enum value (strict: the parser keeps both), one
/// with `null` where the spec says string (fails), and one that is not JSON.
fn gately_deliveries() -> TempDir {
    let dir = TempDir::new("gately");
    dir.write("fits.json", &member_created("evt_1", MEMBER));
    dir.write(
        "2026/extra.json",
        &member_created(
            "evt_2",
            &MEMBER
                .replace(r#""status":"active""#, r#""status":"suspended""#)
                .replace(r#""metadata":{}"#, r#""metadata":{},"locale":"fr""#),
        ),
    );
    dir.write("2026/extra.headers", "X-Replayed: yes\n");
    dir.write(
        "2026/null.json",
        &member_created(
            "evt_3",
            &MEMBER.replace(r#""full_name":"Ada""#, r#""full_name":null"#),
        ),
    );
    dir.write("broken.json", "{\"id\":");
    dir.write("notes.txt", "not a delivery");
    dir
}

#[test]
fn audit_reports_verdicts_findings_and_coverage_as_a_table() {
    let dir = gately_deliveries();
    let specs = specs_dir();
    let run = hookspec(&["audit", "gately", dir.path(), "--specs", &specs]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("gately: 4 deliveries: 2 strict, 0 with drift, 2 failed\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  member.created       2      0       1\n"),
        "{}",
        run.stdout
    );
    // Why each failed, with its JSON path; a body that is not JSON has no event.
    assert!(
        run.stdout.contains(
            "  2026/null.json (member.created): data.full_name: invalid type: null, expected a string"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  broken.json (?): id: EOF while parsing a value"),
        "{}",
        run.stdout
    );
    for line in [
        "  null           member.created.full_name     1 delivery  e.g. data.full_name",
        "  undocumented   member.created.locale        1 delivery  e.g. data.locale [string]",
        "  unlisted value MemberStatus \"suspended\"     1 delivery  e.g. data.status",
        "  events never seen: 14 (member.updated, ",
    ] {
        assert!(run.stdout.contains(line), "{line}\nnot in\n{}", run.stdout);
    }
    assert_eq!(run.stderr, "hookspec: 2 of 4 deliveries did not parse\n");
}

#[test]
fn audit_json_is_one_object_and_the_overlay_names_its_deliveries() {
    let dir = gately_deliveries();
    let out = TempDir::new("overlay");
    let overlay = format!("{}/gately.overlay.yaml", out.path());
    let specs = specs_dir();
    let run = hookspec(&[
        "audit",
        "gately",
        &format!("{}/2026", dir.path()),
        &format!("{}/fits.json", dir.path()),
        "--specs",
        &specs,
        "--format",
        "json",
        "--overlay-out",
        &overlay,
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["vendor"], "gately");
    assert_eq!(
        (&report["strict"], &report["drift"], &report["failed"]),
        (&Value::from(2), &Value::from(0), &Value::from(1))
    );
    let events = report["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["event"], "member.created");
    assert_eq!(events[0]["failures"][0]["delivery"], "null.json");
    assert!(
        events[0]["failures"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("data.full_name: ")
    );
    let kinds: Vec<&str> = (report["findings"].as_array().unwrap().iter())
        .map(|finding| finding["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["null", "undocumented", "unlisted value"]);
    assert_eq!(report["findings"][0]["drift"], true);
    assert_eq!(
        report["findings"][1]["json_kinds"],
        serde_json::json!(["string"])
    );
    assert_eq!(
        report["coverage"]["unseen_events"]
            .as_array()
            .unwrap()
            .len(),
        14
    );

    let written = std::fs::read_to_string(&overlay).unwrap();
    // Inside a folder given, by their path there; a file given, as given.
    let extra = "extra.json";
    let null = "null.json";
    for expected in [
        "  - in: \"member.created\"\n    field: \"full_name\"\n    nullable: true\n".to_owned(),
        format!("null in 1 delivery ({null})"),
        "    field: \"locale\"\n    add: true\n    type: { type: string }\n    optional: true\n"
            .to_owned(),
        format!("not in the schemas; seen in 1 delivery ({extra})"),
        "  - in: \"MemberStatus\"\n    values: [\"suspended\"]\n".to_owned(),
    ] {
        assert!(written.contains(&expected), "{expected}\nnot in\n{written}");
    }
    assert!(
        run.stderr
            .starts_with(&format!("hookspec: wrote 3 correction(s) to {overlay}\n")),
        "{}",
        run.stderr
    );
}

#[test]
fn every_delivery_parsing_exits_0() {
    let dir = TempDir::new("fits");
    dir.write("a.json", &member_created("evt_1", MEMBER));
    let specs = specs_dir();
    let run = hookspec(&["audit", "gately", dir.path(), "--specs", &specs]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("gately: 1 delivery: 1 strict, 0 with drift, 0 failed")
    );
    assert!(!run.stdout.contains("failed:\n"));
    assert!(!run.stdout.contains("findings:\n"));
    assert_eq!(run.stderr, "");
}

/// A spec file other than the one compiled in is read, with a warning.
#[test]
fn a_spec_other_than_the_compiled_one_is_a_warning() {
    let dir = TempDir::new("edited");
    dir.write("a.json", &member_created("evt_1", MEMBER));
    let specs = TempDir::new("specs");
    let text = std::fs::read_to_string(format!("{}/gately.yaml", specs_dir())).unwrap();
    specs.write("gately.yaml", &format!("{text}# edited\n"));
    let run = hookspec(&["audit", "gately", dir.path(), "--specs", specs.path()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warning: {}/gately.yaml is not the spec the compiled-in gately was generated from",
            specs.path()
        )),
        "{}",
        run.stderr
    );
    // The bundled spec is the compiled one: no warning.
    let run = hookspec(&["audit", "gately", dir.path(), "--specs", &specs_dir()]);
    assert_eq!(run.stderr, "");
}

#[test]
fn usage_errors_exit_2() {
    let specs = specs_dir();
    let dir = TempDir::new("usage");
    for (args, expected) in [
        (
            vec!["audit", "gately"],
            "required arguments were not provided",
        ),
        // No spec can have this id (vendor ids are snake_case): `acme` is the vendor CI adds.
        (
            vec!["audit", "Not-A-Vendor", dir.path()],
            "invalid value 'Not-A-Vendor'",
        ),
        (
            vec!["audit", "gately", "/no/such/dir", "--specs", &specs],
            "is neither a file nor a directory",
        ),
        (
            vec!["audit", "gately", dir.path(), "--specs", "/no/such/specs"],
            "no spec /no/such/specs/gately.yaml",
        ),
        (
            vec!["audit", "gately", dir.path(), "--format", "xml"],
            "invalid value 'xml'",
        ),
        (
            vec!["audit", "gately", dir.path(), "--header", "nocolon"],
            "expected `Name: value`",
        ),
    ] {
        let run = hookspec(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    // An empty folder has no deliveries: nothing to audit.
    let run = hookspec(&["audit", "gately", dir.path(), "--specs", &specs]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no deliveries (*.json) in"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_shows_examples() {
    let run = hookspec(&["help", "audit"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Examples:"), "{}", run.stdout);
    assert!(
        run.stdout.contains("--overlay-out github.overlay.yaml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Exit status 0 when every delivery parsed"),
        "{}",
        run.stdout
    );
}

/// The whole corpus, copied with a `.headers` file beside each body (`X-GitHub-Event` from
/// its folder, as the receiver keeps deliveries): every delivery parses, strictly.
#[test]
fn github_corpus_with_headers_files_parses_every_delivery() {
    let Some(corpus) = github_corpus() else {
        return;
    };
    let copy = TempDir::new("github");
    let mut count = 0;
    let mut events: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    events.sort();
    for event in &events {
        let name = event.file_name().unwrap().to_str().unwrap();
        for file in std::fs::read_dir(event).unwrap() {
            let file = file.unwrap().path();
            let Some(stem) = file
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .strip_suffix(".json")
            else {
                continue;
            };
            let body = std::fs::read_to_string(&file).unwrap();
            copy.write(&format!("{name}/{stem}.json"), &body);
            copy.write(
                &format!("{name}/{stem}.headers"),
                &format!("X-GitHub-Event: {name}\n"),
            );
            count += 1;
        }
    }
    let specs = specs_dir();
    let run = hookspec(&[
        "audit",
        "github",
        copy.path(),
        "--specs",
        &specs,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["deliveries"], count);
    assert_eq!(report["failed"], 0, "{}", run.stdout);
    assert_eq!(report["drift"], 0, "{}", run.stdout);
    assert_eq!(report["strict"], count);
    assert!(
        (report["events"].as_array().unwrap().iter()).all(|event| event["known"] == true),
        "{}",
        run.stdout
    );
}

/// A folder of bodies with the header given once; without it, each file fails with the
/// reason.
#[test]
fn github_bodies_take_the_name_header_from_the_command_line() {
    let Some(corpus) = github_corpus() else {
        return;
    };
    let issues = corpus.join("issues");
    let issues = issues.to_str().unwrap();
    let specs = specs_dir();
    let run = hookspec(&[
        "audit",
        "github",
        issues,
        "--specs",
        &specs,
        "--header",
        "X-GitHub-Event: issues",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("  issues.opened "), "{}", run.stdout);
    assert!(run.stdout.contains(" 0 failed\n"), "{}", run.stdout);

    let run = hookspec(&["audit", "github", issues, "--specs", &specs]);
    assert_eq!(run.code, 1);
    let files = std::fs::read_dir(corpus.join("issues")).unwrap().count();
    assert!(
        run.stdout
            .contains(&format!(": 0 strict, 0 with drift, {files} failed")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "no `X-GitHub-Event` header: give it with --header 'X-GitHub-Event: <event>' or in "
        ),
        "{}",
        run.stdout
    );
}
