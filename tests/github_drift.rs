//! "Older server" GitHub deliveries, built from the 273 real deliveries of the shared corpus
//! (`../shared/corpora/octokit-webhooks/payload-examples/api.github.com`, read at test time):
//! members the spec requires removed (nested ones such as `repository.custom_properties` too),
//! non-null strings set to `null`, date-time texts broken. `specs/github.yaml` is
//! `presence: tolerant`, so every such delivery must parse as the same known
//! `(event, action)`, serialize back to exactly the JSON that came in, and report the drift
//! that was introduced, and only that. A type change must still fail.
//!
//! Which members are required, non-null or timestamps is read from the spec through the
//! generator's example checker (`check_example`, which mirrors the parser): a candidate
//! change is kept when the checker calls it exactly one drift at the changed path, and the
//! parser must then agree.
#![cfg(feature = "github")]

mod common;

use std::collections::BTreeSet;

use common::{github_corpus as corpus, github_deliveries as deliveries};
use hookspec::{DriftKind, VendorEvent, github};
use hookspec_codegen::Severity;
use hookspec_codegen::validate::{Misfit, MisfitKind, check_example};
use serde_json::Value;

/// A change to a delivery: remove the member at `path`, set it to `null`, or break its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    Remove,
    Null,
    Break,
}

/// Every (JSON path as the checker writes it, pointer) of a value's object members, depth first.
fn members(value: &Value, pointer: &str, path: &str, out: &mut Vec<(String, String, Value)>) {
    match value {
        Value::Object(object) => {
            for (key, member) in object {
                let pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let simple = key
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                let path = match (simple, path.is_empty()) {
                    (true, true) => key.clone(),
                    (true, false) => format!("{path}.{key}"),
                    (false, true) => format!("${}", Value::String(key.clone())),
                    (false, false) => format!("{path}[{}]", Value::String(key.clone())),
                };
                out.push((path.clone(), pointer.clone(), member.clone()));
                members(member, &pointer, &path, out);
            }
        }
        Value::Array(elements) => {
            for (index, element) in elements.iter().enumerate() {
                let path = if path.is_empty() {
                    format!("$[{index}]")
                } else {
                    format!("{path}[{index}]")
                };
                members(element, &format!("{pointer}/{index}"), &path, out);
            }
        }
        _ => {}
    }
}

fn apply(body: &Value, pointer: &str, change: Change) -> Option<Value> {
    let mut body = body.clone();
    let (parent, key) = pointer.rsplit_once('/')?;
    let key = key.replace("~1", "/").replace("~0", "~");
    let object = body.pointer_mut(parent)?.as_object_mut()?;
    match change {
        Change::Remove => {
            object.remove(&key)?;
        }
        Change::Null => *object.get_mut(&key)? = Value::Null,
        Change::Break => *object.get_mut(&key)? = Value::String("4242".to_owned()),
    }
    Some(body)
}

fn kind_of(kind: DriftKind) -> MisfitKind {
    match kind {
        DriftKind::Absent => MisfitKind::Absent,
        DriftKind::Null => MisfitKind::Null,
        DriftKind::Format => MisfitKind::Format,
    }
}

/// The findings of `found` that `baseline` does not have, as (kind, path, severity).
fn new_findings(
    baseline: &BTreeSet<(String, String)>,
    found: &[Misfit],
) -> Vec<(MisfitKind, String, Severity)> {
    found
        .iter()
        .filter(|misfit| {
            !baseline.contains(&(format!("{:?}", misfit.kind), misfit.path.to_string()))
        })
        .filter(|misfit| misfit.kind != MisfitKind::UndocumentedMember)
        .map(|misfit| (misfit.kind, misfit.path.to_string(), misfit.severity))
        .collect()
}

struct Outcome {
    parsed: usize,
    by_kind: [usize; 3],
    failures: Vec<String>,
}

/// Parses `body` as `name` and checks event, round trip and drift.
fn expect_drift(
    name: &str,
    body: &Value,
    expected: &BTreeSet<(MisfitKind, String)>,
    original: &github::Event,
    at: &str,
    outcome: &mut Outcome,
) {
    let bytes = serde_json::to_vec(body).expect("JSON");
    let event = match github::parse_request([("X-GitHub-Event", name.as_bytes())], &bytes) {
        Ok(event) => event,
        Err(error) => {
            outcome
                .failures
                .push(format!("{at}: does not parse: {error}"));
            return;
        }
    };
    if event.name() != original.name() || event.info().is_none() {
        outcome.failures.push(format!(
            "{at}: parsed as `{}`, not `{}`",
            event.name(),
            original.name()
        ));
        return;
    }
    match serde_json::to_value(&event) {
        Ok(back) if &back == body => {}
        Ok(_) => outcome
            .failures
            .push(format!("{at}: the round trip differs")),
        Err(error) => outcome
            .failures
            .push(format!("{at}: does not serialize: {error}")),
    }
    let drift: BTreeSet<(MisfitKind, String)> = event
        .drift()
        .into_iter()
        .map(|drift| (kind_of(drift.kind), drift.path))
        .collect();
    if &drift != expected {
        outcome
            .failures
            .push(format!("{at}: drift {drift:?}, expected {expected:?}"));
        return;
    }
    outcome.parsed += 1;
}

#[test]
fn older_server_deliveries_parse_with_exactly_their_drift() {
    let Some(dir) = corpus() else { return };
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/github.yaml");
    let vendor = hookspec_codegen::load_file(&spec).unwrap_or_else(|errors| panic!("{errors:?}"));
    let mut outcome = Outcome {
        parsed: 0,
        by_kind: [0; 3],
        failures: Vec::new(),
    };
    let mut custom_properties = 0;
    let mut type_changes = 0;
    let mut combined = 0;
    for (name, file, bytes) in &deliveries(&dir) {
        let at = file
            .strip_prefix(&dir)
            .unwrap_or(file)
            .display()
            .to_string();
        let body: Value = serde_json::from_slice(bytes).expect("JSON");
        let original = github::parse_request([("X-GitHub-Event", name.as_bytes())], bytes)
            .unwrap_or_else(|error| panic!("{at}: {error}"));
        assert_eq!(original.drift(), [], "{at}: a real delivery has no drift");
        let Some(info) = original.info() else {
            panic!("{at}: not a known event")
        };
        let wire = info.name;
        let baseline_found = check_example(&vendor, wire, &body).expect("a known event");
        assert!(
            baseline_found
                .iter()
                .all(|misfit| misfit.severity != Severity::Error),
            "{at}: {baseline_found:?}"
        );
        let baseline: BTreeSet<(String, String)> = baseline_found
            .iter()
            .map(|misfit| (format!("{:?}", misfit.kind), misfit.path.to_string()))
            .collect();
        let mut all = Vec::new();
        members(&body, "", "", &mut all);
        // Identity members name the event: changing them changes the event, not its drift.
        all.retain(|(path, _, _)| path != "action");

        // Up to a few of each change per delivery, spread over its members, plus every
        // `custom_properties`; then all the removals kept at once (an "older server").
        let mut kept: Vec<(String, String, Change)> = Vec::new();
        let step = (all.len() / 12).max(1);
        for change in [Change::Remove, Change::Null, Change::Break] {
            let mut taken = 0;
            for (index, (path, pointer, value)) in all.iter().enumerate() {
                let forced = change == Change::Remove && path.ends_with("custom_properties");
                if !forced && (index % step != 0 || taken >= 6) {
                    continue;
                }
                match (change, value) {
                    (Change::Null, Value::String(_)) | (Change::Remove, _) => {}
                    (Change::Break, Value::String(text))
                        if text.len() >= 10 && text.as_bytes()[4] == b'-' => {}
                    _ => continue,
                }
                let Some(changed) = apply(&body, pointer, change) else {
                    continue;
                };
                let found = check_example(&vendor, wire, &changed).expect("a known event");
                let new = new_findings(&baseline, &found);
                let kind = match change {
                    Change::Remove => MisfitKind::Absent,
                    Change::Null => MisfitKind::Null,
                    Change::Break => MisfitKind::Format,
                };
                // Kept when the spec makes it exactly one drift here (a member the spec
                // requires, says non-null, or types as a timestamp).
                if new != [(kind, path.clone(), Severity::Warning)] {
                    continue;
                }
                taken += 1;
                if forced {
                    custom_properties += 1;
                }
                let expected = BTreeSet::from([(kind, path.clone())]);
                let before = outcome.parsed;
                expect_drift(
                    name,
                    &changed,
                    &expected,
                    &original,
                    &format!("{at} {change:?} {path}"),
                    &mut outcome,
                );
                if outcome.parsed > before {
                    outcome.by_kind[change as usize] += 1;
                }
                kept.push((path.clone(), pointer.clone(), change));
            }
        }
        // All the kept removals and nulls at once, where they do not nest in one another.
        let mut older = body.clone();
        let mut expected = BTreeSet::new();
        let mut touched: Vec<&str> = Vec::new();
        for (path, pointer, change) in &kept {
            if touched.iter().any(|other| {
                pointer == other
                    || pointer.starts_with(&format!("{other}/"))
                    || other.starts_with(&format!("{pointer}/"))
            }) {
                continue;
            }
            if let Some(changed) = apply(&older, pointer, *change) {
                older = changed;
                touched.push(pointer);
                let kind = match change {
                    Change::Remove => MisfitKind::Absent,
                    Change::Null => MisfitKind::Null,
                    Change::Break => MisfitKind::Format,
                };
                expected.insert((kind, path.clone()));
            }
        }
        if expected.len() > 1 {
            combined += 1;
            expect_drift(
                name,
                &older,
                &expected,
                &original,
                &format!("{at} (older server)"),
                &mut outcome,
            );
        }

        // A type change still fails: the first integer member made a string.
        if let Some((path, pointer, _)) = all.iter().find(|(_, _, value)| value.is_i64()) {
            let mut changed = body.clone();
            if let Some(slot) = changed.pointer_mut(pointer) {
                *slot = Value::String("not a number".to_owned());
            }
            let found = check_example(&vendor, wire, &changed).expect("a known event");
            let new = new_findings(&baseline, &found);
            if new.iter().any(|(kind, _, severity)| {
                *kind == MisfitKind::Type && *severity == Severity::Error
            }) {
                type_changes += 1;
                let bytes = serde_json::to_vec(&changed).expect("JSON");
                if let Ok(event) =
                    github::parse_request([("X-GitHub-Event", name.as_bytes())], &bytes)
                {
                    outcome.failures.push(format!(
                        "{at}: a string at {path} (an integer in the spec) parses as `{}`",
                        event.name()
                    ));
                }
            }
        }
    }
    println!(
        "{} drifted deliveries parsed exactly (removed {}, null {}, broken text {}; {combined} older-server deliveries with several at once; {custom_properties} without custom_properties); {type_changes} type changes rejected",
        outcome.parsed, outcome.by_kind[0], outcome.by_kind[1], outcome.by_kind[2]
    );
    assert!(
        outcome.failures.is_empty(),
        "{} failures:\n{}",
        outcome.failures.len(),
        outcome.failures.join("\n")
    );
    assert!(
        custom_properties > 50,
        "repository.custom_properties removed {custom_properties} times"
    );
    assert!(
        outcome.by_kind.iter().all(|count| *count > 50),
        "{:?}",
        outcome.by_kind
    );
    assert!(combined > 200, "{combined} older-server deliveries");
    assert!(type_changes > 200, "{type_changes} type changes");
}
