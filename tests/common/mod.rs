//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use hookspec::{EventInfo, ParseError};
use serde_json::Value;

/// Parses `body` with a vendor's `parse`, serializes the event back, and requires the same
/// JSON value.
#[allow(dead_code)] // not every test file uses every helper
pub fn round_trip<E: serde::Serialize>(
    parse: fn(&[u8]) -> Result<E, ParseError>,
    body: &Value,
) -> E {
    let text = body.to_string();
    let event = parse(text.as_bytes()).unwrap_or_else(|error| panic!("{error}\n{text}"));
    let back = serde_json::to_value(&event).unwrap();
    assert_eq!(&back, body, "round trip changed the delivery");
    event
}

/// The documented example of the event delivered as `name`, as text.
#[allow(dead_code)] // not every test file uses every helper
pub fn example_text(events: &'static [EventInfo], name: &str) -> &'static str {
    EventInfo::find(events, name)
        .and_then(|info| info.example)
        .unwrap_or_else(|| panic!("no example for {name}"))
}

/// The documented example of the event delivered as `name`, as JSON.
#[allow(dead_code)] // not every test file uses every helper
pub fn example_json(events: &'static [EventInfo], name: &str) -> Value {
    serde_json::from_str(example_text(events, name)).unwrap()
}

/// A GitHub `ping` delivery, written for these tests from the spec (GitHub's spec imports
/// octokit's real deliveries as its examples; the shared corpus itself is read by
/// `tests/github_corpus.rs`, never copied here).
#[allow(dead_code)] // not every test file uses every helper
pub const GITHUB_PING: &str = r#"{
  "zen": "Keep it logically awesome.",
  "hook_id": 4711,
  "hook": {
    "type": "Repository",
    "id": 4711,
    "name": "web",
    "active": true,
    "events": ["issues", "push"],
    "config": {
      "content_type": "json",
      "insecure_ssl": "0",
      "url": "https://hooks.example.com/github"
    },
    "updated_at": "2026-11-30T09:15:00Z",
    "created_at": "2026-11-30T09:15:00Z",
    "url": "https://api.github.com/repos/octo-org/hello/hooks/4711",
    "test_url": "https://api.github.com/repos/octo-org/hello/hooks/4711/test",
    "ping_url": "https://api.github.com/repos/octo-org/hello/hooks/4711/pings",
    "deliveries_url": "https://api.github.com/repos/octo-org/hello/hooks/4711/deliveries",
    "last_response": { "code": null, "status": "unused", "message": null }
  }
}"#;

/// The shared GitHub corpus' deliveries folder, or `None` (with a printed reason) when it is
/// absent, as in a user's clone; under `CI=true` its absence fails the test.
#[allow(dead_code)] // not every test file uses every helper
pub fn github_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/octokit-webhooks/payload-examples/api.github.com");
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

/// Every delivery: (event name as in `X-GitHub-Event`, file, body), sorted.
#[allow(dead_code)] // not every test file uses every helper
pub fn github_deliveries(dir: &Path) -> Vec<(String, PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut events: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    events.sort();
    for event in events {
        let name = event.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&event)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json")
            })
            .collect();
        files.sort();
        for file in files {
            let body = std::fs::read(&file).unwrap();
            found.push((name.clone(), file, body));
        }
    }
    found
}

pub mod derived;

#[allow(unused_imports)] // not every test file uses every helper
pub use derived::positions;
