//! What the CLI's test files share: running the binary, the specs folder, scratch folders and
//! the shared GitHub corpus. Each test file uses a part of it.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `hookspec args...` in the test's working directory, with no standard input.
pub fn hookspec(args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_hookspec")).args(args))
}

/// Runs `hookspec args...` in `dir`.
pub fn hookspec_in(dir: &Path, args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_hookspec"))
        .args(args)
        .current_dir(dir))
}

/// Runs `hookspec args...` with `stdin` as its standard input.
pub fn hookspec_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookspec"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Written from a thread so a child that exits early (usage errors) cannot block the test.
    let writer = thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    finished(output)
}

fn run(command: &mut Command) -> Run {
    finished(command.stdin(Stdio::null()).output().unwrap())
}

fn finished(output: std::process::Output) -> Run {
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The repository's `specs/` folder.
pub fn specs_dir() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../specs").to_owned()
}

/// A fresh, empty directory under the system's temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `label` names it (with the process id and a counter, so tests never share one).
    pub fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "hookspec-cli-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// Writes `text` to `relative` inside it (creating folders) and returns the file's path.
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Its path as a command-line argument.
    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// GitHub's corpus folder, or `None` (printed) when GitHub is not compiled in or the corpus is
/// absent (shared material, not part of a clone). Under `CI=true` a missing corpus is a
/// failure.
pub fn github_corpus() -> Option<PathBuf> {
    if hookspec::vendor("github").is_none() {
        println!("skipped: GitHub is not compiled in (build with --features hookspec/github)");
        return None;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpora/octokit-webhooks/payload-examples/api.github.com");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the GitHub corpus is missing at {} (CI=true requires it)",
        dir.display()
    );
    println!(
        "skipped: the GitHub corpus is not at {} (it is shared material, not part of a clone)",
        dir.display()
    );
    None
}
