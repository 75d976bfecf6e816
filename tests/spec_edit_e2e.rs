//! End to end, as a user works: copy the repository, add an event to a YAML spec, run
//! `cargo build`, and compile and run code that uses the new event's type.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies the files a build needs (not `target/`, not `.git/`).
fn copy_repo(from: &Path, to: &Path) {
    for entry in [
        ".cargo",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "build",
        "README.md",
        "src",
        "specs",
        "codegen",
        "cli",
        "fixtures",
        "generated",
        "examples",
        "tests",
        "benches",
    ] {
        copy(&from.join(entry), &to.join(entry));
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name() != "target" {
                copy(&entry.path(), &to.join(entry.file_name()));
            }
        }
    } else if from.exists() {
        std::fs::copy(from, to).unwrap();
    }
}

/// The target directory this test was built in (`<target>/<profile>/deps/<test>`), shared with
/// the inner build so it only compiles what changed. Cargo releases its lock before running
/// tests; the copy's crates get their own artifact hashes (their paths differ), and the inner
/// build is limited to `-p hookspec` so it does not replace the outer `hookspec` binary.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("HOOKSPEC_REPO_ROOT")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn adding_an_event_to_a_spec_and_building_gives_its_type() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = target_dir().join(format!("spec-edit-e2e-work-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    copy_repo(root, &work);
    // A repository of its own, so the build also refreshes `generated/` as it does here.
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(&work)
        .status();
    assert!(git.is_ok_and(|status| status.success()), "git init failed");

    let spec_path = work.join("specs/moim.yaml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    let new_event = r#"events:
  poll.created:
    group: Polls
    doc: A poll has been created.
    payload:
      type: object
      fields:
        pollId: { type: string, doc: The id of the new poll. }
        closesAt: { type: rfc3339, optional: true, doc: When voting closes. }
"#;
    assert!(spec.contains("\nevents:\n"));
    std::fs::write(&spec_path, spec.replacen("events:\n", new_event, 1)).unwrap();

    std::fs::create_dir_all(work.join("examples")).unwrap();
    std::fs::write(
        work.join("examples/poll.rs"),
        r###"fn main() {
    let body = br#"{"module": "MOIM", "type": "poll.created",
        "context": {"originCommunityId": "G1", "userId": "U1", "communityId": "G1"},
        "payload": {"pollId": "PL:1", "closesAt": "2030-01-01T00:00:00Z"}}"#;
    match hookspec::moim::parse(body) {
        Ok(hookspec::moim::Event::PollCreated(event)) => {
            let poll: &hookspec::moim::PollCreated = &event.payload;
            let closes = poll.closes_at.as_ref().map(|at| at.timestamp().as_second());
            println!("{} {:?}", poll.poll_id, closes);
        }
        other => panic!("unexpected: {other:?}"),
    }
}
"###,
    )
    .unwrap();

    // What `cargo build` at the workspace root does to the crate (the fixtures crate, a default
    // member, turns `regenerate` on), without building the copy's CLI: its binary would take
    // the place of this run's `target/debug/hookspec` in the shared target dir.
    cargo(
        &work,
        &[
            "build",
            "--offline",
            "--quiet",
            "-p",
            "hookspec",
            "--features",
            "regenerate",
        ],
    );
    let generated = std::fs::read_to_string(work.join("generated/moim.rs")).unwrap();
    assert!(
        generated.contains("PollCreated(Box<Envelope<PollCreated>>)"),
        "generated/ was not refreshed"
    );

    let run = cargo(
        &work,
        &[
            "run",
            "--offline",
            "--quiet",
            "-p",
            "hookspec",
            "--example",
            "poll",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        "PL:1 Some(1893456000)"
    );
    std::fs::remove_dir_all(&work).unwrap();
}
