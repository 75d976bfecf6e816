//! Every real GitHub delivery of the shared corpus (octokit/webhooks' payload examples) parses
//! as its known (event, action) variant and serializes back to the same JSON value.
//!
//! The corpus is read from `../shared/corpora/` at test time and never copied into the
//! repository. Without it (a user's clone) the test is skipped with a printed reason; under
//! `CI=true` a missing corpus is a failure.
#![cfg(feature = "github")]

mod common;

use common::{github_corpus as corpus, github_deliveries as deliveries};
use hookspec::SubName;
use hookspec::github;
use serde_json::Value;

#[test]
fn every_corpus_delivery_is_a_known_event_and_round_trips() {
    let Some(dir) = corpus() else { return };
    let deliveries = deliveries(&dir);
    let mut failures = Vec::new();
    for (name, file, body) in &deliveries {
        let at = file.strip_prefix(&dir).unwrap().display().to_string();
        let expected: Value = serde_json::from_slice(body).unwrap();
        let event = match github::parse_request([("X-GitHub-Event", name.as_bytes())], body) {
            Ok(event) => event,
            Err(error) => {
                failures.push(format!("{at}: {error}"));
                continue;
            }
        };
        let action = expected.get("action").and_then(Value::as_str);
        match event.info() {
            Some(info) => {
                let fits = info.base_name == name
                    && match info.sub_name {
                        SubName::Value(sub) => action == Some(sub),
                        SubName::None | SubName::Open => true,
                    };
                if !fits {
                    failures.push(format!("{at}: parsed as `{}`", info.name));
                }
            }
            None => failures.push(format!("{at}: not a known event (`{}`)", event.name())),
        }
        match serde_json::to_value(&event) {
            Ok(back) if back == expected => {}
            Ok(back) => failures.push(format!(
                "{at}: round trip differs: {}",
                diff(&expected, &back)
            )),
            Err(error) => failures.push(format!("{at}: does not serialize: {error}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} deliveries failed:\n{}",
        failures.len(),
        deliveries.len(),
        failures.join("\n")
    );
    assert_eq!(
        deliveries.len(),
        273,
        "the corpus README counts 273 deliveries"
    );
}

/// The first place two JSON values differ, as a path.
fn diff(expected: &Value, got: &Value) -> String {
    fn walk(expected: &Value, got: &Value, path: &mut String) -> Option<String> {
        match (expected, got) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, value) in a {
                    let len = path.len();
                    path.push_str(&format!(".{key}"));
                    match b.get(key) {
                        None => return Some(format!("{path}: missing")),
                        Some(other) => {
                            if let Some(found) = walk(value, other, path) {
                                return Some(found);
                            }
                        }
                    }
                    path.truncate(len);
                }
                b.keys()
                    .find(|key| !a.contains_key(*key))
                    .map(|key| format!("{path}.{key}: added"))
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                for (index, (x, y)) in a.iter().zip(b).enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{index}]"));
                    if let Some(found) = walk(x, y, path) {
                        return Some(found);
                    }
                    path.truncate(len);
                }
                None
            }
            (a, b) if a == b => None,
            (a, b) => Some(format!("{path}: {a} became {b}")),
        }
    }
    walk(expected, got, &mut String::new()).unwrap_or_else(|| "(equal)".to_owned())
}
