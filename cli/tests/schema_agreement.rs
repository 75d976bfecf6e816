//! The JSON Schemas `hookspec schema` generates agree with the parser the crate generates from
//! the same spec: a real validator (the `jsonschema` crate) and `Vendor::parse_request` accept
//! every documented example of every compiled vendor and every delivery of GitHub's corpus,
//! and give the same verdict on mutations generated from the model (a member of the wrong
//! JSON type, a required member removed, a value no branch of a closed union takes, a tag no
//! variant lists, another event name): rejected by both where the spec says so, and accepted
//! by both where `presence: tolerant` accepts the drift. A disagreement is a bug in the
//! schema generator or in the parser.
//!
//! Every compiled vendor is checked (`hookspec::VENDORS`: GitHub with the `github` feature,
//! as under `--all-features`), its spec read from `specs/`. GitHub's corpus is read from
//! `../shared/corpora/` at test time: skipped with a printed reason when absent, a failure
//! when absent under `CI=true`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use hookspec::{VENDORS, Vendor};
use hookspec_codegen::model::{self, Field, JsonKind, NameSource, Select, SubName, Type};
use hookspec_codegen::schema;
use jsonschema::Validator;
use serde_json::{Map, Value, json};

mod common;
use common::github_corpus;

/// The validated spec a compiled vendor was generated from.
fn spec(vendor: &Vendor) -> model::Vendor {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(format!("{}.yaml", vendor.id));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        hookspec_codegen::spec_digest(text.as_bytes()),
        vendor.spec_digest,
        "{} is not the spec the crate was compiled from: build the workspace first",
        file.display()
    );
    hookspec_codegen::load_str(&file, &text).unwrap_or_else(|problems| {
        panic!("{}: {problems:?}", file.display());
    })
}

/// One event's compiled schema, in both validator modes.
struct Compiled {
    /// `format` as an annotation (the 2020-12 default).
    plain: Validator,
    /// `format` asserted, as some tools do.
    formats: Validator,
}

impl Compiled {
    fn new(schema: &Value) -> Self {
        Compiled {
            plain: jsonschema::options()
                .build(schema)
                .unwrap_or_else(|error| panic!("{error}")),
            formats: jsonschema::options()
                .should_validate_formats(true)
                .build(schema)
                .unwrap_or_else(|error| panic!("{error}")),
        }
    }

    /// `Ok` when the delivery fits, else the validator's first complaints.
    fn check(&self, validator: &Validator, body: &Value) -> Result<(), String> {
        if validator.is_valid(body) {
            return Ok(());
        }
        let errors: Vec<String> = validator
            .iter_errors(body)
            .take(3)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        Err(errors.join("; "))
    }
}

/// Whether the parser reads `body` as `event`: `Ok`, or why not.
fn parse(vendor: &Vendor, event: &model::Event, body: &Value) -> Result<(), String> {
    let bytes = serde_json::to_vec(body).unwrap();
    let headers: Vec<(&str, &[u8])> = match vendor.name_header() {
        Some(header) => vec![(header, event.base.as_bytes())],
        None => Vec::new(),
    };
    match vendor.parse_request(&headers, &bytes) {
        Ok(parsed) => match parsed.info() {
            Some(info) if info.name == event.wire => Ok(()),
            _ => Err(format!("parsed as `{}`, not this event", parsed.name())),
        },
        Err(error) => Err(error.to_string()),
    }
}

/// What a mutation must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Both reject it.
    Reject,
    /// Both say the same (inside a union, where a changed object may select another
    /// variant).
    Agree,
}

/// One mutation of a delivery, applied only once chosen.
struct Mutation {
    what: String,
    change: Change,
    expect: Expect,
}

/// What a mutation changes.
enum Change {
    /// The value at this JSON pointer becomes another.
    Replace(String, Value),
    /// The member `key` of the object at this JSON pointer is removed.
    Remove(String, String),
}

impl Mutation {
    /// The mutated delivery.
    fn apply(&self, body: &Value) -> Value {
        let mut body = body.clone();
        match &self.change {
            Change::Replace(at, value) => {
                if let Some(target) = body.pointer_mut(at) {
                    *target = value.clone();
                }
            }
            Change::Remove(at, key) => {
                if let Some(Value::Object(object)) = body.pointer_mut(at) {
                    object.remove(key);
                }
            }
        }
        body
    }
}

/// Generates mutations of a delivery from the model.
struct Mutator<'a> {
    spec: &'a model::Vendor,
    body: &'a Value,
    found: Vec<Mutation>,
    /// Top-level members left alone (the identity's, where only the types are compared).
    keep: Vec<&'a str>,
}

/// The JSON kinds a type takes (`None`: any value).
fn kinds(spec: &model::Vendor, ty: &Type) -> Option<Vec<JsonKind>> {
    Some(match ty {
        Type::String | Type::Rfc3339 | Type::DateTime | Type::DecimalString => {
            vec![JsonKind::String]
        }
        Type::Bool => vec![JsonKind::Bool],
        Type::Integer | Type::EpochSeconds | Type::EpochMillis => vec![JsonKind::Integer],
        Type::Number => vec![JsonKind::Integer, JsonKind::Number],
        Type::Json => return None,
        Type::Array(_) => vec![JsonKind::Array],
        Type::Map(_) => vec![JsonKind::Object],
        Type::Named(name) => {
            if spec.find_struct(name).is_some() {
                vec![JsonKind::Object]
            } else if let Some(def) = spec.unions.iter().find(|def| &def.name == name) {
                if def.open {
                    return None;
                }
                def.branches
                    .iter()
                    .flat_map(|branch| branch.kinds.iter().copied())
                    .collect()
            } else {
                vec![JsonKind::String]
            }
        }
    })
}

/// A value of a JSON kind `ty` does not take, if there is one.
fn wrong_kind(spec: &model::Vendor, ty: &Type) -> Option<Value> {
    let taken = kinds(spec, ty)?;
    [
        (JsonKind::Bool, json!(true)),
        (JsonKind::String, json!("mutant")),
        (JsonKind::Integer, json!(12345)),
        (JsonKind::Array, json!([])),
        (JsonKind::Object, json!({})),
    ]
    .into_iter()
    .find(|(kind, _)| !taken.contains(kind))
    .map(|(_, value)| value)
}

fn pointer(parent: &str, key: &str) -> String {
    format!("{parent}/{}", key.replace('~', "~0").replace('/', "~1"))
}

impl<'a> Mutator<'a> {
    fn push(&mut self, what: String, at: &str, value: Value, expect: Expect) {
        if self.body.pointer(at).is_some() {
            self.found.push(Mutation {
                what,
                change: Change::Replace(at.to_owned(), value),
                expect,
            });
        }
    }

    fn remove(&mut self, parent: &str, key: &str, expect: Expect) {
        if self.body.pointer(parent).is_some_and(Value::is_object) {
            self.found.push(Mutation {
                what: format!("{} removed", pointer(parent, key)),
                change: Change::Remove(parent.to_owned(), key.to_owned()),
                expect,
            });
        }
    }

    /// The members of an object of these fields.
    fn fields(&mut self, fields: &'a [Field], object: &Map<String, Value>, at: &str, union: bool) {
        for field in fields {
            let Some(value) = object.get(&field.wire) else {
                continue;
            };
            if at.is_empty() && self.keep.contains(&field.wire.as_str()) {
                continue;
            }
            let here = pointer(at, &field.wire);
            if let Some(wrong) = wrong_kind(self.spec, &field.ty) {
                let expect = if union { Expect::Agree } else { Expect::Reject };
                self.push(format!("{here}: wrong type {wrong}"), &here, wrong, expect);
            }
            if !field.optional {
                let expect = match (union, field.tolerant) {
                    (true, _) => Expect::Agree,
                    // Unless no placeholder can be made (then both reject): the schema's
                    // presence rules are what is checked.
                    (false, true) => Expect::Agree,
                    (false, false) => Expect::Reject,
                };
                self.remove(at, &field.wire, expect);
            }
            self.value(&field.ty, value, &here, union);
        }
    }

    /// A value of `ty` at `at`, and what is inside it.
    fn value(&mut self, ty: &'a Type, value: &Value, at: &str, union: bool) {
        match ty {
            Type::Array(items) => {
                if let Some(first) = value.as_array().and_then(|array| array.first()) {
                    self.value(items, first, &format!("{at}/0"), union);
                }
            }
            Type::Map(values) => {
                if let Some((key, first)) = value.as_object().and_then(|map| map.iter().next()) {
                    self.value(values, first, &pointer(at, key), union);
                }
            }
            Type::Named(name) => {
                if let (Some(def), Some(object)) = (self.spec.find_struct(name), value.as_object())
                {
                    self.fields(&def.fields, object, at, union);
                } else if let Some(def) = self.spec.unions.iter().find(|def| &def.name == name) {
                    self.union(def, value, at, union);
                }
            }
            _ => {}
        }
    }

    fn union(&mut self, def: &'a model::Union, value: &Value, at: &str, union: bool) {
        let expect = if union { Expect::Agree } else { Expect::Reject };
        if !def.open {
            if let Some(wrong) = wrong_kind(self.spec, &Type::Named(def.name.clone())) {
                self.push(
                    format!("{at}: {wrong}, a kind no variant of `{}` takes", def.name),
                    at,
                    wrong,
                    expect,
                );
            }
            let otherwise = def
                .branches
                .iter()
                .any(|branch| branch.select == Select::Otherwise);
            if let (Some(tag), false, Some(object)) = (&def.tag, otherwise, value.as_object())
                && object.get(tag).is_some_and(Value::is_string)
                && !def
                    .branches
                    .iter()
                    .any(|branch| matches!(branch.select, Select::Key(_)))
            {
                self.push(
                    format!("{at}: `{tag}` no variant of `{}` lists", def.name),
                    &pointer(at, tag),
                    json!("hookspec-no-such-variant"),
                    expect,
                );
            }
        }
        // Inside the variant the value's kind alone selects.
        let kind = match value {
            Value::Bool(_) => JsonKind::Bool,
            Value::Number(number) if number.is_i64() || number.is_u64() => JsonKind::Integer,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
            Value::Null => return,
        };
        let takers: Vec<&model::Branch> = (def.branches.iter())
            .filter(|branch| branch.kinds.contains(&kind))
            .collect();
        if let [branch] = takers.as_slice()
            && branch.select == Select::Kind
        {
            self.value(&branch.ty, value, at, true);
        }
    }

    /// Another event's name where the body names its event.
    fn identity(&mut self, event: &model::Event) {
        if let NameSource::Member(path) = &self.spec.identity.name {
            let at: String = path.iter().fold(String::new(), |at, key| pointer(&at, key));
            self.push(
                format!("{at}: another event's name"),
                &at,
                json!("hookspec.no_such_event"),
                Expect::Reject,
            );
        }
        if let (Some(member), SubName::Value(_)) = (&self.spec.identity.sub_name, &event.sub) {
            let at = pointer("", member);
            self.push(
                format!("{at}: another sub-name"),
                &at,
                json!("hookspec_no_such_action"),
                Expect::Reject,
            );
        }
        for (key, _) in self
            .spec
            .envelope
            .iter()
            .flat_map(|envelope| &envelope.matches)
        {
            let at = pointer("", key);
            self.push(
                format!("{at}: another `match` value"),
                &at,
                json!("hookspec-no-such-value"),
                Expect::Reject,
            );
        }
    }
}

/// Mutations of `body`, a delivery of `event`, at most `limit` spread over the body, and with
/// `identity` every mutation of the members that name the event.
fn mutations(
    spec: &model::Vendor,
    event: &model::Event,
    body: &Value,
    limit: usize,
    identity: bool,
) -> Vec<Mutation> {
    if limit == 0 {
        return Vec::new();
    }
    // Without the identity's mutations, its members are left alone altogether.
    let mut keep: Vec<&str> = Vec::new();
    if !identity {
        if let NameSource::Member(path) = &spec.identity.name {
            keep.extend(path.first().map(String::as_str));
        }
        keep.extend(spec.identity.sub_name.as_deref());
        keep.extend(
            (spec.envelope.iter())
                .flat_map(|envelope| &envelope.matches)
                .map(|(key, _)| key.as_str()),
        );
    }
    let mut mutator = Mutator {
        spec,
        body,
        found: Vec::new(),
        keep,
    };
    match (&spec.envelope, body.as_object()) {
        (Some(envelope), Some(object)) => {
            let fields: Vec<&Field> = envelope.members.iter().map(model::Member::field).collect();
            for field in fields {
                if Some(field) == envelope.payload() {
                    if let (Some(ty), Some(value)) = (&event.payload, object.get(&field.wire)) {
                        let here = pointer("", &field.wire);
                        mutator.value(ty, value, &here, false);
                    }
                } else {
                    mutator.fields(std::slice::from_ref(field), object, "", false);
                }
            }
        }
        (None, _) => {
            if let Some(ty) = &event.payload {
                mutator.value(ty, body, "", false);
            }
        }
        _ => {}
    }
    let mut found = mutator.found;
    if found.len() > limit {
        let step = found.len().div_ceil(limit);
        found = found.into_iter().step_by(step).collect();
    }
    let mut mutator = Mutator {
        spec,
        body,
        found,
        keep: Vec::new(),
    };
    if identity {
        mutator.identity(event);
    }
    mutator.found
}

/// The kind of a mutation, from its description.
fn category(what: &str) -> &'static str {
    [
        ("wrong type", "a member of the wrong type"),
        (" removed", "a required member removed"),
        ("a kind no variant", "a kind no union variant takes"),
        ("no variant of", "a tag no union variant lists"),
        ("another event's name", "another event name"),
        ("another sub-name", "another sub-name"),
        ("another `match` value", "another `match` value"),
    ]
    .into_iter()
    .find(|(marker, _)| what.contains(marker))
    .map_or("other", |(_, name)| name)
}

/// The counts a run reports.
#[derive(Default)]
struct Tally {
    /// Mutations both judged alike, by kind.
    kinds: BTreeMap<&'static str, usize>,
    accepted: usize,
    rejected_by_both: usize,
    accepted_by_both: usize,
    disagreements: Vec<String>,
}

/// An event of a compiled vendor, with its spec and its compiled schema.
struct Subject<'a> {
    vendor: &'a Vendor,
    spec: &'a model::Vendor,
    event: &'a model::Event,
    compiled: &'a Compiled,
}

/// Checks one delivery of the subject's event (which both must accept) and at most `limit`
/// mutations of it.
fn check_delivery(
    subject: &Subject<'_>,
    label: &str,
    body: &Value,
    limit: usize,
    tally: &mut Tally,
) {
    let Subject {
        vendor,
        spec,
        event,
        compiled,
    } = *subject;
    let parsed = parse(vendor, event, body);
    let plain = compiled.check(&compiled.plain, body);
    let formats = compiled.check(&compiled.formats, body);
    match (&parsed, &plain, &formats) {
        (Ok(()), Ok(()), Ok(())) => tally.accepted += 1,
        _ => tally.disagreements.push(format!(
            "{label}: parser {parsed:?}, validator {plain:?}, with formats {formats:?}"
        )),
    }
    if parsed.is_err() {
        return;
    }
    for mutation in mutations(spec, event, body, limit, true) {
        let mutated = mutation.apply(body);
        let parsed = parse(vendor, event, &mutated);
        let validated = compiled.check(&compiled.plain, &mutated);
        let agreed = parsed.is_ok() == validated.is_ok();
        let expected = match mutation.expect {
            Expect::Reject => parsed.is_err(),
            Expect::Agree => true,
        };
        if agreed && expected {
            *tally.kinds.entry(category(&mutation.what)).or_default() += 1;
            if parsed.is_ok() {
                tally.accepted_by_both += 1;
            } else {
                tally.rejected_by_both += 1;
            }
        } else {
            tally.disagreements.push(format!(
                "{label}, {} (expected: {:?}): parser {parsed:?}, validator {validated:?}",
                mutation.what, mutation.expect
            ));
        }
    }
}

/// Every corpus delivery: (event name from its folder, file, body).
fn corpus_deliveries(dir: &Path) -> Vec<(String, PathBuf, Value)> {
    let mut found = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json")
            })
            .collect();
        files.sort();
        for file in files {
            let body = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            found.push((name.clone(), file, body));
        }
    }
    found
}

/// The event a corpus delivery is: its folder's name, with the sub-name its `action` gives.
fn corpus_event<'a>(spec: &'a model::Vendor, name: &str, body: &Value) -> Option<&'a model::Event> {
    let sub = spec
        .identity
        .sub_name
        .as_ref()
        .and_then(|member| body.get(member))
        .and_then(Value::as_str);
    let of_name = || spec.events.iter().filter(|event| event.base == name);
    of_name()
        .find(|event| matches!(&event.sub, SubName::Value(value) if Some(value.as_str()) == sub))
        .or_else(|| of_name().find(|event| !matches!(event.sub, SubName::Value(_))))
}

#[test]
fn schemas_and_parser_agree_on_examples_corpus_and_mutations() {
    let started = Instant::now();
    let mut report = Vec::new();
    let mut disagreements = Vec::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for vendor in VENDORS {
        let spec = spec(vendor);
        let mut tally = Tally::default();
        let mut compiled: BTreeMap<&str, Compiled> = BTreeMap::new();
        for event in &spec.events {
            let generated = schema::event_schema(&spec, event).to_value();
            if let Err(error) = jsonschema::meta::validate(&generated) {
                panic!(
                    "{} {}: not a valid 2020-12 schema: {error}",
                    vendor.id, event.wire
                );
            }
            compiled.insert(&event.wire, Compiled::new(&generated));
        }
        // At most 24 mutations of each example, spread over it, plus its identity's.
        let limit = 24;
        for event in &spec.events {
            let schema = &compiled[event.wire.as_str()];
            for (index, example) in event.examples.iter().enumerate() {
                let body: Value = serde_json::from_str(example.json()).unwrap();
                let label = format!("{} {} example {}", vendor.id, event.wire, index + 1);
                let subject = Subject {
                    vendor,
                    spec: &spec,
                    event,
                    compiled: schema,
                };
                check_delivery(&subject, &label, &body, limit, &mut tally);
            }
        }
        let examples = tally.accepted;
        let mut corpus = 0;
        if spec.identity.name == NameSource::Header("X-GitHub-Event".to_owned())
            && let Some(dir) = github_corpus()
        {
            for (name, file, body) in corpus_deliveries(&dir) {
                let label = format!(
                    "{} corpus {}",
                    vendor.id,
                    file.strip_prefix(&dir).unwrap().display()
                );
                let Some(event) = corpus_event(&spec, &name, &body) else {
                    tally
                        .disagreements
                        .push(format!("{label}: no event of the spec"));
                    continue;
                };
                corpus += 1;
                // The examples are the corpus deliveries: mutations once is enough.
                let subject = Subject {
                    vendor,
                    spec: &spec,
                    event,
                    compiled: &compiled[event.wire.as_str()],
                };
                check_delivery(&subject, &label, &body, 0, &mut tally);
            }
        }
        report.push(format!(
            "{}: {} events, {examples} examples and {corpus} corpus deliveries accepted by \
             both; mutations: {} rejected by both, {} accepted by both (drift)",
            vendor.id,
            spec.events.len(),
            tally.rejected_by_both,
            tally.accepted_by_both
        ));
        assert!(
            tally.rejected_by_both > 0 || spec.events.iter().all(|event| event.examples.is_empty()),
            "{}: no mutation was generated",
            vendor.id
        );
        disagreements.append(&mut tally.disagreements);
        for (kind, count) in tally.kinds {
            *kinds.entry(kind).or_default() += count;
        }
    }
    report.push(format!("mutations judged alike, by kind: {kinds:?}"));
    println!("{}\n({:.1?})", report.join("\n"), started.elapsed());
    for kind in [
        "a member of the wrong type",
        "a required member removed",
        "another event name",
    ] {
        assert!(
            kinds.get(kind).is_some_and(|count| *count > 0),
            "no mutation: {kind}"
        );
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s) between the schemas and the parser:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// The fixture specs (every construct of the spec language, an adversarial corpus of names
/// and shapes) are not compiled into this crate, so their parsers cannot run here; the
/// generator's example checker, which applies the generated parser's rules
/// (`hookspec_codegen::validate::check_example`), stands in for them: on every example and
/// its mutations the validator must say what the checker says (accepted: no error).
#[test]
fn fixture_schemas_agree_with_the_example_checker() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/specs");
    let specs = hookspec_codegen::Generator::new(&dir)
        .load()
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    assert!(!specs.is_empty());
    let mut checked = 0;
    let mut disagreements = Vec::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for spec in &specs {
        for event in &spec.events {
            let generated = schema::event_schema(spec, event).to_value();
            if let Err(error) = jsonschema::meta::validate(&generated) {
                panic!(
                    "{} {}: not a valid 2020-12 schema: {error}",
                    spec.id, event.wire
                );
            }
            let compiled = Compiled::new(&generated);
            let checker = |body: &Value| -> Result<(), String> {
                let misfits =
                    hookspec_codegen::validate::check_example(spec, &event.wire, body).unwrap();
                let errors: Vec<String> = misfits
                    .iter()
                    .filter(|misfit| misfit.severity == hookspec_codegen::Severity::Error)
                    .map(ToString::to_string)
                    .collect();
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(errors.join("; "))
                }
            };
            for (index, example) in event.examples.iter().enumerate() {
                let body: Value = serde_json::from_str(example.json()).unwrap();
                let label = format!("{} {} example {}", spec.id, event.wire, index + 1);
                let mut bodies = vec![(label.clone(), body.clone())];
                for mutation in mutations(spec, event, &body, usize::MAX, false) {
                    *kinds.entry(category(&mutation.what)).or_default() += 1;
                    let mutated = mutation.apply(&body);
                    bodies.push((format!("{label}, {}", mutation.what), mutated));
                }
                for (label, body) in bodies {
                    let expected = checker(&body);
                    let validated = compiled.check(&compiled.plain, &body);
                    checked += 1;
                    if expected.is_ok() != validated.is_ok() {
                        disagreements.push(format!(
                            "{label}: checker {expected:?}, validator {validated:?}"
                        ));
                    }
                }
            }
        }
    }
    println!(
        "{} fixture specs: {checked} bodies checked; mutations by kind: {kinds:?}",
        specs.len()
    );
    assert!(checked > 100, "only {checked} bodies");
    for kind in [
        "a member of the wrong type",
        "a required member removed",
        "a kind no union variant takes",
        "a tag no union variant lists",
    ] {
        assert!(
            kinds.get(kind).is_some_and(|count| *count > 0),
            "no mutation: {kind}"
        );
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s) between the schemas and the example checker:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// The text patterns against the runtime's own parsers (`hookspec::Rfc3339`, `DateTime`,
/// `DecimalString`), through the validator's regex engine: every text a parser takes fits its
/// pattern, and a text of another shape fits neither. What the patterns cannot see, the ranges
/// (a day 30 in February, hour 24), is listed apart: the pattern takes it, the parser does not.
#[test]
fn text_patterns_take_the_shapes_the_runtime_parsers_take() {
    fn fits(pattern: &str, text: &str) -> bool {
        let validator = jsonschema::validator_for(&json!({"type": "string", "pattern": pattern}))
            .unwrap_or_else(|error| panic!("{pattern}: {error}"));
        validator.is_valid(&json!(text))
    }
    type Parser = fn(&str) -> bool;
    /// A format's name, pattern and parser; texts the parser takes, texts of another shape,
    /// texts of the right shape out of range.
    type Case<'a> = (
        &'a str,
        &'a str,
        Parser,
        &'a [&'a str],
        &'a [&'a str],
        &'a [&'a str],
    );
    let rfc3339: Parser = |text| text.parse::<hookspec::Rfc3339>().is_ok();
    let datetime: Parser = |text| text.parse::<hookspec::DateTime>().is_ok();
    let decimal: Parser = |text| text.parse::<hookspec::DecimalString>().is_ok();
    let cases: &[Case<'_>] = &[
        (
            "rfc3339",
            schema::RFC3339_PATTERN,
            rfc3339,
            // Taken by the parser.
            &[
                "2024-01-15T10:00:00Z",
                "2024-01-15t10:00:00z",
                "2024-01-15 10:00:00Z",
                "2024-01-15T10:00:00.123456789+05:30",
                "2024-01-15T10:00:00,5Z",
                "2024-01-15T10:00Z",
                "2024-01-15T10Z",
                "20240115T100000Z",
                "2024-01-15T10:00:00+01",
                "2024-01-15T10:00:00-0100",
                "2024-01-15T10:00:00Z[UTC]",
                "+002024-01-15T10:00:00Z",
            ],
            // Another shape: neither takes it.
            &[
                "2024-01-15T10:00:00",
                "2024-01-15",
                "4242",
                "",
                "2024-01-15T10:00:00 +01:00",
                "2024-01-15T10:00:00.1234567890Z",
                "15/01/2024 10:00",
            ],
            // The right shape out of range: the pattern takes it, the parser does not.
            &["2024-02-30T10:00:00Z", "2024-01-15T24:00:00Z"],
        ),
        (
            "datetime",
            schema::DATETIME_PATTERN,
            datetime,
            &[
                "2024-01-15T10:00:00Z",
                "2018-04-25 20:42:10",
                "2018-04-25 20:42",
                "2018-04-25T20:42:10.5+0200",
                "2018-04-25 20:42:10 +02:00",
                "2018-04-25 20:42:10-07:00",
                "2018-04-25t20:42:10z",
                "+002018-04-25T20:42:10Z",
            ],
            &[
                "2018-04-25",
                "2018-04-25 20",
                "2018-04-25 20:42:10 Z",
                "2018-04-25 20:42:10.1234567890",
                "2018-04-25 20:42:10+02",
                "20180425T204210Z",
                "1524688930",
                "",
            ],
            &["2018-02-30 20:42:10"],
        ),
        (
            "decimal_string",
            schema::DECIMAL_PATTERN,
            decimal,
            &["45.00", "-1", "+1", ".5", "5.", "1_000", "1e5", "-0.000001"],
            &["", "-", " 1", "0x10", "1.2.3", "1,5", "abc", "_1"],
            &["79228162514264337593543950336"],
        ),
    ];
    for (name, pattern, parser, taken, other_shape, out_of_range) in cases {
        for text in *taken {
            assert!(parser(text), "{name}: the parser should take {text:?}");
            assert!(
                fits(pattern, text),
                "{name}: the pattern should take {text:?}"
            );
        }
        for text in *other_shape {
            assert!(!parser(text), "{name}: the parser should refuse {text:?}");
            assert!(
                !fits(pattern, text),
                "{name}: the pattern should refuse {text:?}"
            );
        }
        for text in *out_of_range {
            assert!(!parser(text), "{name}: the parser should refuse {text:?}");
            assert!(
                fits(pattern, text),
                "{name}: the pattern takes the shape of {text:?}"
            );
        }
    }
}
