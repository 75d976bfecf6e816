//! Property tests generated from the specs: for every compiled vendor, strategies built at test
//! time from the validated model (`hookspec_codegen::load_file`) produce deliveries that fit
//! each event — envelope or bare payload, required, optional and nullable members, open enums
//! with unlisted values, unions, arrays, maps, nested and recursive types (bounded depth),
//! undocumented members, and scalars in every textual form the runtime accepts. The vendor must
//! parse each one (through the registry, with the event-name header where the vendor names
//! events in a header) into the known event it was generated for, and serialize it back to the
//! same JSON value. Arbitrary JSON, arbitrary bytes and truncated deliveries must never panic.
//!
//! Cases: `PROPTEST_CASES` per event when set, else 64 per event (8 for vendors of more than 100
//! events, GitHub), which keeps the file well under a minute in a debug build.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use hookspec_codegen::model::{self, Member, NameSource, Select, SubName, Type};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::{NewTree, Union, ValueTree};
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Map, Value, json};

/// How deep generated values nest through named types, arrays and maps.
const DEPTH: u32 = 3;

/// A validated spec, with its types indexed by Rust name.
struct Model {
    vendor: model::Vendor,
    structs: HashMap<String, usize>,
    enums: HashMap<String, usize>,
    unions: HashMap<String, usize>,
}

// `Strategy` needs `Debug`; the whole model would drown every failure message.
impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Model({})", self.vendor.id)
    }
}

impl Model {
    fn new(vendor: model::Vendor) -> Arc<Self> {
        let index = |names: Vec<&String>| {
            names
                .into_iter()
                .enumerate()
                .map(|(position, name)| (name.clone(), position))
                .collect()
        };
        Arc::new(Model {
            structs: index(vendor.structs.iter().map(|def| &def.name).collect()),
            enums: index(vendor.enums.iter().map(|def| &def.name).collect()),
            unions: index(vendor.unions.iter().map(|def| &def.name).collect()),
            vendor,
        })
    }
}

/// The values of one type, built only when a value is drawn, so that recursive and very large
/// models (GitHub's) cost only the part a case visits.
#[derive(Debug, Clone)]
struct Lazy {
    model: Arc<Model>,
    ty: Type,
    depth: u32,
}

impl Strategy for Lazy {
    type Tree = Box<dyn ValueTree<Value = Value>>;
    type Value = Value;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        values(&self.model, &self.ty, self.depth).new_tree(runner)
    }
}

fn lazy(model: &Arc<Model>, ty: &Type, depth: u32) -> BoxedStrategy<Value> {
    Lazy {
        model: Arc::clone(model),
        ty: ty.clone(),
        depth,
    }
    .boxed()
}

/// JSON values of `ty`.
fn values(model: &Arc<Model>, ty: &Type, depth: u32) -> BoxedStrategy<Value> {
    let inner = depth.saturating_sub(1);
    match ty {
        Type::String => text().prop_map(Value::String).boxed(),
        Type::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Integer | Type::EpochSeconds | Type::EpochMillis => {
            any::<i64>().prop_map(Value::from).boxed()
        }
        Type::Number => number().boxed(),
        Type::Rfc3339 => rfc3339().prop_map(Value::String).boxed(),
        Type::DateTime => date_time().prop_map(Value::String).boxed(),
        Type::DecimalString => "-?[0-9]{1,14}(\\.[0-9]{1,10})?"
            .prop_map(Value::String)
            .boxed(),
        Type::Json => json_value(2).boxed(),
        Type::Array(_) | Type::Map(_) if depth == 0 => match ty {
            Type::Array(_) => Just(json!([])).boxed(),
            _ => Just(json!({})).boxed(),
        },
        Type::Array(items) => prop::collection::vec(lazy(model, items, inner), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        Type::Map(items) => prop::collection::btree_map(key(), lazy(model, items, inner), 0..3)
            .prop_map(|map| Value::Object(map.into_iter().collect()))
            .boxed(),
        Type::Named(name) => {
            if let Some(&index) = model.structs.get(name) {
                object(model, &model.vendor.structs[index], inner)
            } else if let Some(&index) = model.enums.get(name) {
                enum_values(&model.vendor.enums[index])
            } else if let Some(&index) = model.unions.get(name) {
                union_values(model, &model.vendor.unions[index], inner)
            } else {
                panic!("{}: the model names no type `{name}`", model.vendor.id)
            }
        }
    }
}

/// An object of the struct: each field by its presence rules, plus undocumented members.
fn object(model: &Arc<Model>, def: &model::Struct, depth: u32) -> BoxedStrategy<Value> {
    let fields: Vec<_> = def
        .fields
        .iter()
        .map(|field| member(model, field, depth))
        .collect();
    let known: Vec<String> = def.fields.iter().map(|field| field.wire.clone()).collect();
    (fields, extras())
        .prop_map(move |(fields, extras)| {
            let mut object: Map<String, Value> = fields.into_iter().flatten().collect();
            for (key, value) in extras {
                if !known.contains(&key) {
                    object.insert(key, value);
                }
            }
            Value::Object(object)
        })
        .boxed()
}

/// One member of an object: `None` for absent.
fn member(
    model: &Arc<Model>,
    field: &model::Field,
    depth: u32,
) -> BoxedStrategy<Option<(String, Value)>> {
    let wire = field.wire.clone();
    let composite = matches!(field.ty, Type::Named(_) | Type::Array(_) | Type::Map(_));
    let present = lazy(model, &field.ty, depth);
    let value = match (field.optional, field.nullable) {
        // At the depth limit, recursion stops wherever the spec allows it to.
        (true, _) if depth == 0 && composite => return Just(None).boxed(),
        (false, true) if depth == 0 && composite => Just(Some(Value::Null)).boxed(),
        (false, false) => present.prop_map(Some).boxed(),
        (true, false) => prop_oneof![1 => Just(None), 3 => present.prop_map(Some)].boxed(),
        (false, true) => {
            prop_oneof![1 => Just(Some(Value::Null)), 3 => present.prop_map(Some)].boxed()
        }
        (true, true) => prop_oneof![
            1 => Just(None),
            1 => Just(Some(Value::Null)),
            3 => present.prop_map(Some),
        ]
        .boxed(),
    };
    value
        .prop_map(move |value| value.map(|value| (wire.clone(), value)))
        .boxed()
}

/// Documented values and values the spec does not list.
fn enum_values(def: &model::Enum) -> BoxedStrategy<Value> {
    let unlisted = "zz_unlisted_[a-z]{0,4}".prop_map(Value::String);
    let listed: Vec<String> = def.values.iter().map(|value| value.wire.clone()).collect();
    if listed.is_empty() {
        return unlisted.boxed();
    }
    prop_oneof![3 => select(listed).prop_map(Value::String), 1 => unlisted].boxed()
}

/// A value of each branch, selected the way the union tells its branches apart; for an open
/// union, also values of a kind no branch takes.
fn union_values(model: &Arc<Model>, def: &model::Union, depth: u32) -> BoxedStrategy<Value> {
    let selectors: Vec<(String, Select)> = def
        .branches
        .iter()
        .map(|branch| (branch.rust.clone(), branch.select.clone()))
        .collect();
    let mut branches: Vec<BoxedStrategy<Value>> = Vec::new();
    for branch in &def.branches {
        let tag = def.tag.clone();
        let others: Vec<Select> = selectors
            .iter()
            .filter(|(rust, _)| *rust != branch.rust)
            .map(|(_, select)| select.clone())
            .collect();
        // A member this branch's own struct requires stays; the others' keys are removed.
        let required: Vec<String> = match &branch.ty {
            Type::Named(name) => model
                .structs
                .get(name)
                .map(|&index| {
                    model.vendor.structs[index]
                        .fields
                        .iter()
                        .filter(|field| !field.optional)
                        .map(|field| field.wire.clone())
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let select = branch.select.clone();
        let values = lazy(model, &branch.ty, depth).prop_map(move |mut value| {
            let Value::Object(object) = &mut value else {
                return value;
            };
            for other in &others {
                if let Select::Key(key) = other
                    && !required.contains(key)
                {
                    object.remove(key);
                }
            }
            match (&select, &tag) {
                (Select::Tag(name), Some(tag)) => {
                    object.insert(tag.clone(), Value::String(name.clone()));
                }
                (Select::Otherwise, Some(tag)) => {
                    let taken = object
                        .get(tag)
                        .and_then(Value::as_str)
                        .is_some_and(|value| {
                            others
                                .iter()
                                .any(|other| matches!(other, Select::Tag(name) if name == value))
                        });
                    if taken {
                        object.insert(tag.clone(), json!("zz_other_tag"));
                    }
                }
                _ => {}
            }
            value
        });
        branches.push(values.boxed());
    }
    if def.open {
        use model::JsonKind;
        let taken: Vec<JsonKind> = def
            .branches
            .iter()
            .flat_map(|branch| branch.kinds.iter().copied())
            .collect();
        let strays = [
            (JsonKind::Bool, json!(true)),
            (JsonKind::String, json!("zz_stray")),
            (JsonKind::Integer, json!(7)),
            (JsonKind::Number, json!(0.5)),
            (JsonKind::Array, json!([1, "two"])),
        ];
        for (kind, value) in strays {
            if !taken.contains(&kind) {
                branches.push(Just(value).boxed());
            }
        }
    }
    Union::new(branches).boxed()
}

/// Undocumented members (the `zz_` prefix keeps them clear of every documented key).
fn extras() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec(("zz_extra_[a-z]{1,4}", json_value(1)), 0..2)
}

fn key() -> impl Strategy<Value = String> {
    "[a-z_]{1,6}|.{0,3}"
}

/// Strings with escapes, non-ASCII and control characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z0-9 _.-]{0,10}", ".{0,6}", Just(String::new())]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("a JSON number is finite", |float| {
            serde_json::Number::from_f64(float).map(Value::Number)
        }),
    ]
}

/// Any JSON, nested up to `depth` levels.
fn json_value(depth: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// `YYYY-MM-DD`, a separator, `HH:MM:SS` (the strategy's `seconds` decide whether they appear
/// and with what fraction), as digits in range.
fn civil(separators: &'static [&'static str], minutes_only: bool) -> impl Strategy<Value = String> {
    (
        1970..2100u32,
        1..=12u32,
        1..=28u32,
        select(separators),
        0..24u32,
        0..60u32,
        0..60u32,
        prop_oneof![Just(String::new()), "\\.[0-9]{1,9}"],
        any::<bool>(),
    )
        .prop_map(move |(year, month, day, sep, hour, minute, second, fraction, short)| {
            if minutes_only && short {
                format!("{year:04}-{month:02}-{day:02}{sep}{hour:02}:{minute:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02}{sep}{hour:02}:{minute:02}:{second:02}{fraction}")
            }
        })
}

fn offset(colon: bool) -> impl Strategy<Value = String> {
    (select(&["+", "-"][..]), 0..=23u32, 0..60u32).prop_map(move |(sign, hours, minutes)| {
        if colon {
            format!("{sign}{hours:02}:{minutes:02}")
        } else {
            format!("{sign}{hours:02}{minutes:02}")
        }
    })
}

/// RFC 3339 timestamps: `Z`/`z` or a numeric offset, with or without a fraction.
fn rfc3339() -> impl Strategy<Value = String> {
    let zone = prop_oneof![Just("Z".to_owned()), Just("z".to_owned()), offset(true)];
    (civil(&["T", "t"], false), zone).prop_map(|(civil, zone)| civil + &zone)
}

/// The lenient date-times of `DateTime`: `T`, `t` or a space, optional seconds and fraction,
/// and `Z`, `+HH:MM`, `+HHMM` (after the time or one space), or no offset at all.
fn date_time() -> impl Strategy<Value = String> {
    let zone = prop_oneof![
        Just(String::new()),
        Just("Z".to_owned()),
        Just("z".to_owned()),
        offset(true),
        offset(false),
        offset(true).prop_map(|offset| format!(" {offset}")),
        offset(false).prop_map(|offset| format!(" {offset}")),
    ];
    (civil(&["T", "t", " "], true), zone).prop_map(|(civil, zone)| civil + &zone)
}

/// Sets the member at `path`, creating objects on the way.
fn set_path(value: &mut Value, path: &[String], to: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = value;
    for key in parents {
        if !current.is_object() {
            *current = json!({});
        }
        let Value::Object(object) = current else {
            return;
        };
        current = object.entry(key.clone()).or_insert_with(|| json!({}));
    }
    if !current.is_object() {
        *current = json!({});
    }
    if let Value::Object(object) = current {
        object.insert(last.clone(), to);
    }
}

/// A delivery of `event`: the headers (the event-name header, where the vendor has one) and the
/// body.
fn deliveries(
    model: &Arc<Model>,
    event: &model::Event,
) -> BoxedStrategy<(Vec<(String, String)>, Value)> {
    let vendor = &model.vendor;
    // The name as it travels: the name alone for an event with a sub-name, else any alias.
    let names: Vec<String> = match event.compound {
        Some(_) => vec![event.base.clone()],
        None => event.names().map(str::to_owned).collect(),
    };
    let payload = match &event.payload {
        Some(ty) => lazy(model, ty, DEPTH),
        None => json_value(2).boxed(),
    };
    let payload = if event.payload_optional || event.payload.is_none() {
        prop_oneof![1 => Just(None), 3 => payload.prop_map(Some)].boxed()
    } else {
        payload.prop_map(Some).boxed()
    };
    let body = match &vendor.envelope {
        Some(envelope) => {
            let members: Vec<_> = envelope
                .members
                .iter()
                .map(|item| match item {
                    Member::Field(field) => member(model, field, DEPTH),
                    Member::Payload(field) => {
                        let wire = field.wire.clone();
                        payload
                            .clone()
                            .prop_map(move |value| value.map(|value| (wire.clone(), value)))
                            .boxed()
                    }
                })
                .collect();
            let known: Vec<String> = envelope
                .members
                .iter()
                .map(|item| item.field().wire.clone())
                .collect();
            (members, extras())
                .prop_map(move |(members, extras)| {
                    let mut object: Map<String, Value> = members.into_iter().flatten().collect();
                    for (key, value) in extras {
                        if !known.contains(&key) {
                            object.insert(key, value);
                        }
                    }
                    Value::Object(object)
                })
                .boxed()
        }
        // The body is the payload; one without a documented type is still an object.
        None => payload
            .prop_map(|payload| match payload {
                Some(Value::Object(object)) => Value::Object(object),
                _ => json!({}),
            })
            .boxed(),
    };
    let identity = vendor.identity.clone();
    let sub = event.sub.clone();
    let matches = vendor
        .envelope
        .as_ref()
        .map(|envelope| envelope.matches.clone())
        .unwrap_or_default();
    (body, select(names), "[a-z]{1,6}")
        .prop_map(move |(mut body, name, open_sub)| {
            let mut headers = Vec::new();
            match &identity.name {
                NameSource::Member(path) => set_path(&mut body, path, Value::String(name)),
                NameSource::Header(header) => headers.push((header.clone(), name)),
            }
            if let Some(member) = &identity.sub_name {
                match &sub {
                    SubName::Value(value) => {
                        set_path(&mut body, std::slice::from_ref(member), json!(value))
                    }
                    // A value no event of the name lists.
                    SubName::Open => {
                        set_path(
                            &mut body,
                            std::slice::from_ref(member),
                            json!(format!("zz_{open_sub}")),
                        );
                    }
                    SubName::None => {}
                }
            }
            for (key, value) in &matches {
                set_path(&mut body, std::slice::from_ref(key), json!(value));
            }
            (headers, body)
        })
        .boxed()
}

/// Every compiled vendor with its validated spec.
fn compiled() -> Vec<(&'static hookspec::Vendor, Arc<Model>)> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    hookspec::VENDORS
        .iter()
        .map(|vendor| {
            let spec = specs.join(format!("{}.yaml", vendor.id));
            let model = hookspec_codegen::load_file(&spec).unwrap_or_else(|errors| {
                panic!("{} does not validate: {errors:?}", spec.display())
            });
            (vendor, Model::new(model))
        })
        .collect()
}

/// Cases per event: `PROPTEST_CASES` when set; fewer for the very large vendors.
fn config(vendor: &hookspec::Vendor) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(if vendor.events.len() > 100 { 8 } else { 64 });
    Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    }
}

fn header_refs(headers: &[(String, String)]) -> Vec<(&str, &[u8])> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
        .collect()
}

fn check(outcome: Result<(), TestError<impl fmt::Debug>>, what: &str) {
    if let Err(error) = outcome {
        panic!("{what}: {error}");
    }
}

#[test]
fn deliveries_from_the_model_parse_into_their_event_and_round_trip() {
    for (vendor, model) in compiled() {
        assert_eq!(
            model.vendor.events.len(),
            vendor.events.len(),
            "{}",
            vendor.id
        );
        for event in &model.vendor.events {
            let mut runner = TestRunner::new(config(vendor));
            let outcome = runner.run(&deliveries(&model, event), |(headers, body)| {
                let text =
                    serde_json::to_vec(&body).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let parsed = vendor
                    .parse_request(&header_refs(&headers), &text)
                    .map_err(|error| TestCaseError::fail(format!("rejected: {error}")))?;
                prop_assert!(
                    parsed.is_known(),
                    "parsed as the unknown event {}",
                    parsed.name()
                );
                prop_assert_eq!(
                    parsed.info().map(|info| info.name),
                    Some(event.wire.as_str())
                );
                let json = serde_json::to_value(&parsed)
                    .map_err(|error| TestCaseError::fail(error.to_string()))?;
                prop_assert_eq!(json, body, "the round trip changed the JSON");
                Ok(())
            });
            check(outcome, &format!("{} event `{}`", vendor.id, event.wire));
        }
    }
}

/// Arbitrary JSON, with a random or real event name in the name header: never a panic, and
/// whatever parses (unknown events, mostly) serializes back to the same value.
#[test]
fn arbitrary_json_never_panics_and_what_parses_round_trips() {
    for (vendor, _) in compiled() {
        let names: Vec<&'static str> = vendor.events.iter().map(|info| info.base_name).collect();
        let name = prop_oneof![select(names).prop_map(str::to_owned), text()];
        let mut runner = TestRunner::new(config(vendor));
        let outcome = runner.run(&(json_value(4), name), |(body, name)| {
            let text = serde_json::to_vec(&body).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let headers: Vec<(&str, &[u8])> = vendor
                .name_header()
                .map(|header| (header, name.as_bytes()))
                .into_iter()
                .collect();
            if let Ok(parsed) = vendor.parse_request(&headers, &text) {
                let json = serde_json::to_value(&parsed)
                    .map_err(|error| TestCaseError::fail(error.to_string()))?;
                prop_assert_eq!(json, body);
            }
            Ok(())
        });
        check(outcome, vendor.id);
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    for (vendor, _) in compiled() {
        let mut runner = TestRunner::new(config(vendor));
        let header = vendor.name_header();
        let outcome = runner.run(
            &(prop::collection::vec(any::<u8>(), 0..512), ".{0,12}"),
            |(body, name)| {
                let headers: Vec<(&str, &[u8])> = header
                    .map(|header| (header, name.as_bytes()))
                    .into_iter()
                    .collect();
                let _ = vendor.parse_request(&headers, &body);
                let _ = vendor.parse(&body);
                Ok(())
            },
        );
        check(outcome, vendor.id);
    }
}

/// A delivery cut short anywhere (a JSON object's proper prefix is never JSON) is an error.
#[test]
fn truncated_deliveries_are_errors() {
    for (vendor, model) in compiled() {
        let mut runner = TestRunner::new(Config {
            cases: config(vendor).cases.div_ceil(4),
            ..config(vendor)
        });
        for event in &model.vendor.events {
            let outcome = runner.run(
                &(deliveries(&model, event), any::<prop::sample::Index>()),
                |((headers, body), cut)| {
                    let text = serde_json::to_vec(&body)
                        .map_err(|error| TestCaseError::fail(error.to_string()))?;
                    let cut = cut.index(text.len());
                    let result = vendor.parse_request(&header_refs(&headers), &text[..cut]);
                    prop_assert!(result.is_err(), "{} bytes of {} parsed", cut, text.len());
                    Ok(())
                },
            );
            check(outcome, &format!("{} event `{}`", vendor.id, event.wire));
        }
    }
}
