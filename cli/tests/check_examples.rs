//! `hookspec check` on specs whose examples the generator finds problems in: warnings are
//! printed and the check still succeeds; errors fail it.

use std::path::PathBuf;
use std::process::Command;

/// A directory holding one spec, `name.yaml`, with `text`.
struct Specs(PathBuf);

impl Specs {
    fn with(label: &str, name: &str, text: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "hookspec-check-examples-{label}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.yaml")), text).unwrap();
        Specs(dir)
    }
}

impl Drop for Specs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn check(specs: &Specs) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_hookspec"))
        .arg("check")
        .arg(&specs.0)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The shipped Gately spec with its first example changed.
fn gately(from: &str, to: &str) -> String {
    let spec =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/gately.yaml"))
            .unwrap();
    assert!(spec.contains(from), "the Gately example has {from}");
    spec.replacen(from, to, 1)
}

#[test]
fn warnings_are_printed_and_the_check_succeeds() {
    let specs = Specs::with(
        "warn",
        "gately",
        &gately(
            r#""status": "active""#,
            r#""status": "zombie", "nickname": "jd""#,
        ),
    );
    let (code, stdout, stderr) = check(&specs);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("gately: ok - 15 events, 15 examples (0 corrected, 2 warnings)"),
        "{stdout}"
    );
    // Each warning is rendered with its snippet: the headline, then where it is.
    let headlines: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("warning: "))
        .collect();
    assert_eq!(
        headlines,
        [
            "warning: example of `member.created`: data.status: \"zombie\" is not a listed value of `MemberStatus` (the parser keeps it as an unknown value)",
            "warning: example of `member.created`: data.nickname: member not in the spec (the parser keeps it in `extra`)",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("gately.yaml:141:252\n"), "{stderr}");
}

#[test]
fn an_example_that_does_not_fit_fails_the_check() {
    let specs = Specs::with(
        "error",
        "gately",
        &gately(r#""full_name": "John Doe""#, r#""full_name": 5"#),
    );
    let (code, stdout, stderr) = check(&specs);
    assert_ne!(code, 0, "{stdout}");
    assert!(
        stderr.contains(
            "error: example of `member.created`: data.full_name: expected a string, found an integer (`5`)\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("gately.yaml:141:191\n"), "{stderr}");
}
