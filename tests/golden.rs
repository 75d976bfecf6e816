//! Golden tests against the specs themselves (read through the generator's own loader, so the
//! expectations come from the YAML, not from the generated code under test).

use std::path::Path;

use hookspec_codegen::model::Type;
use hookspec_codegen::{Generator, Vendor};
use serde_json::Value;

fn specs_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/specs"))
}

fn specs() -> Vec<Vendor> {
    Generator::new(specs_dir())
        .load()
        .unwrap_or_else(|diagnostics| panic!("specs are invalid:\n{diagnostics}"))
}

/// The specs whose vendor feature is enabled in this build, each with its compiled registry
/// entry. A spec whose feature is off (`github` without `--all-features`) is skipped with a
/// printed reason; under `CI=true`, which tests with every feature, that is a failure.
fn compiled_specs() -> Vec<(Vendor, &'static hookspec::Vendor)> {
    let mut compiled = Vec::new();
    for spec in specs() {
        match hookspec::vendor(&spec.id) {
            Some(vendor) => compiled.push((spec, vendor)),
            None if std::env::var_os("CI").is_some_and(|ci| ci == "true") => panic!(
                "vendor `{}` is not compiled in; CI runs with --all-features",
                spec.id
            ),
            None => eprintln!(
                "skipping specs/{}.yaml: its feature is off in this build (use --all-features)",
                spec.id
            ),
        }
    }
    compiled
}

/// Every documented example (corrected where the spec says so) parses into its own event and
/// serializes back to the same JSON value.
#[test]
fn every_example_parses_into_its_event_and_round_trips() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (spec, vendor) in compiled_specs() {
        for event in &spec.events {
            for (index, example) in event.examples.iter().enumerate() {
                checked += 1;
                let at = format!("{} `{}` example {}", spec.id, event.wire, index + 1);
                let json = example.json();
                let expected: Value = match serde_json::from_str(json) {
                    Ok(value) => value,
                    Err(error) => {
                        failures.push(format!("{at}: not JSON: {error}"));
                        continue;
                    }
                };
                // Where the vendor names events in a header, the request carries it.
                let header = vendor
                    .name_header()
                    .map(|header| (header, event.base.as_bytes()));
                let headers: Vec<(&str, &[u8])> = header.into_iter().collect();
                let parsed = match vendor.parse_request(&headers, json.as_bytes()) {
                    Ok(parsed) => parsed,
                    Err(error) => {
                        failures.push(format!("{at}: does not parse: {error}"));
                        continue;
                    }
                };
                let delivered_name = delivered_name(&spec, event, &expected);
                if !parsed.is_known() || parsed.name() != delivered_name {
                    failures.push(format!(
                        "{at}: parsed as `{}` (known: {}), expected `{delivered_name}`",
                        parsed.name(),
                        parsed.is_known()
                    ));
                }
                match parsed.info() {
                    Some(info) if info.name == event.wire => {}
                    other => failures.push(format!(
                        "{at}: dispatched to {:?}",
                        other.map(|info| info.name)
                    )),
                }
                match serde_json::to_value(&parsed) {
                    Ok(back) if back == expected => {}
                    Ok(back) => failures.push(format!(
                        "{at}: round trip differs:\n  expected {expected}\n  got      {back}"
                    )),
                    Err(error) => failures.push(format!("{at}: does not serialize: {error}")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 13 + 15 + 9 + 26 events, each with at least one example.
    assert!(checked >= 63, "only {checked} examples checked");
}

/// The name an example's event must report: the name as delivered where the body carries
/// it, else the spec's (with the sub-name the body gives, for open sub-names).
fn delivered_name(spec: &Vendor, event: &hookspec_codegen::model::Event, body: &Value) -> String {
    use hookspec_codegen::model::{NameSource, SubName};
    let sub = spec
        .identity
        .sub_name
        .as_ref()
        .and_then(|member| body.get(member))
        .and_then(Value::as_str);
    match (&event.sub, &spec.identity.name) {
        (SubName::Value(_), _) => event.wire.clone(),
        (SubName::Open, _) => match sub {
            Some(sub) => format!("{}.{sub}", event.base),
            None => event.base.clone(),
        },
        (SubName::None, NameSource::Member(path)) => path
            .iter()
            .try_fold(body, |value, key| value.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        (SubName::None, NameSource::Header(_)) => event.base.clone(),
    }
}

/// The same examples read from a JSON value (what `Event`'s `Deserialize` does) give the same
/// events as `parse` (bodies).
#[test]
fn reading_a_json_value_matches_parse() {
    for (spec, vendor) in compiled_specs() {
        for event in &spec.events {
            for example in &event.examples {
                let json = example.json();
                let value: Value = serde_json::from_str(json).unwrap();
                let name = vendor.name_header().map_or("", |_| event.base.as_str());
                let headers: Vec<(&str, &[u8])> = vendor
                    .name_header()
                    .map(|header| (header, name.as_bytes()))
                    .into_iter()
                    .collect();
                let from_body = vendor.parse_request(&headers, json.as_bytes());
                let from_value = vendor.parse_value(name, &value);
                let at = format!("{} `{}`", spec.id, event.wire);
                assert_eq!(
                    serde_json::to_value(from_body.unwrap_or_else(|error| panic!("{at}: {error}")))
                        .unwrap(),
                    serde_json::to_value(
                        from_value.unwrap_or_else(|error| panic!("{at}: {error}"))
                    )
                    .unwrap(),
                    "{at}"
                );
            }
        }
    }
}

/// `Event`'s `Deserialize` is `parse_value`: for every body-named vendor, deserializing an
/// example with serde gives what the registry reads (checked on one vendor's type here; the
/// generated impl is the same for each).
#[test]
#[cfg(feature = "gately")]
fn deserialize_is_the_registry_read() {
    let vendor = hookspec::vendor("gately").unwrap();
    for info in vendor.events {
        if let Some(example) = info.example {
            let value: Value = serde_json::from_str(example).unwrap();
            let typed: hookspec::gately::Event = serde_json::from_value(value.clone()).unwrap();
            let any = vendor.parse_value("", &value).unwrap();
            assert_eq!(
                serde_json::to_value(typed).unwrap(),
                serde_json::to_value(any).unwrap()
            );
        }
    }
}

/// The compiled-in event list says what the specs say: names, aliases, groups, examples.
#[test]
fn events_metadata_matches_the_specs() {
    for (spec, vendor) in compiled_specs() {
        assert_eq!(vendor.name, spec.name);
        assert_eq!(vendor.docs, spec.docs);
        let names: Vec<&str> = vendor.events.iter().map(|info| info.name).collect();
        let expected: Vec<&str> = spec
            .events
            .iter()
            .map(|event| event.wire.as_str())
            .collect();
        assert_eq!(names, expected, "{}", spec.id);
        for (info, event) in vendor.events.iter().zip(&spec.events) {
            assert_eq!(
                info.aliases,
                event
                    .aliases
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice()
            );
            assert_eq!(info.group, event.group.as_deref());
            assert_eq!(
                info.example,
                event.examples.first().map(|example| example.json().trim())
            );
            // Enveloped events are `Envelope<Payload>`; without an envelope the body is the
            // payload itself: a type of the vendor's module, or a map (Shopify's topics whose
            // schema is an object without properties).
            match (&spec.envelope, &event.payload) {
                (None, Some(Type::Map(_))) => assert!(
                    info.rust_type
                        .starts_with("std::collections::BTreeMap<String, "),
                    "{}",
                    info.rust_type
                ),
                _ => {
                    let prefix = match spec.envelope {
                        Some(_) => format!("hookspec::{}::Envelope<", spec.id),
                        None => format!("hookspec::{}::", spec.id),
                    };
                    assert!(info.rust_type.starts_with(&prefix), "{}", info.rust_type);
                    assert!(!info.rust_type.contains(' '), "{}", info.rust_type);
                }
            }
        }
    }
}

/// Every vendor spec has a cargo feature of its own (the build script also fails without one).
#[test]
fn every_spec_has_a_feature() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for spec in specs() {
        assert!(
            manifest.contains(&format!("\n{} = []", spec.id)),
            "Cargo.toml lacks feature `{}`",
            spec.id
        );
    }
}
