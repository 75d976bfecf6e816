//! What the CLI's test files share: running the binary, the specs folder, scratch folders and
//! the shared GitHub corpus. Each test file uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use hookspec::Vendor;
use hookspec::verify::Unverified;

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

/// One request the test server received.
#[derive(Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of the header `name` (any case), if it came.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Verifies the request as a receiver of `vendor` with `secret` would, now.
    pub fn verify(&self, vendor: &Vendor, secret: &str) -> bool {
        let headers = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes()));
        Unverified::new(&self.body, headers)
            .verify_now(vendor.signing, secret)
            .is_ok()
    }
}

/// A one-thread HTTP/1.1 server on a loopback port: each request is recorded (sent on the
/// channel before the response is written) and answered with the status `answer` picks.
pub fn serve(
    answer: impl Fn(&Recorded) -> u16 + Send + 'static,
) -> (SocketAddr, mpsc::Receiver<Recorded>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let Some(recorded) = read_request(&stream) else {
                continue;
            };
            let status = answer(&recorded);
            if sender.send(recorded).is_err() {
                return;
            }
            let reason = match status {
                200 => "OK",
                401 => "Unauthorized",
                _ => "Other",
            };
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (addr, receiver)
}

fn read_request(stream: &TcpStream) -> Option<Recorded> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}
