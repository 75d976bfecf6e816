//! Which schema is which event (by the directory layout, or an OpenAPI document's
//! `webhooks`), the base fragment, and putting the spec together.

use std::collections::{HashMap, HashSet, VecDeque};

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use super::schema::Documents;
use super::types::{Mapper, Site, Ty, TypeDef, titled};
use super::yaml::{EventOut, PayloadOut, write_events, write_types};
use super::{Imported, Layout, Options, Problem, Report, examples, overlay};
use crate::names;

/// An event schema found in the input.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The event name (without sub-name).
    base: String,
    /// The sub-name the layout gives, if any.
    sub: Option<String>,
    /// Where its schema is.
    file: String,
    pointer: String,
}

/// Events by directory layout; files under a `shared` folder are definitions, not events.
pub(crate) fn from_layout(
    documents: &Documents,
    options: &Options,
) -> Result<Vec<Found>, Vec<Problem>> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for file in documents.files.keys() {
        if options
            .shared
            .iter()
            .any(|shared| file.starts_with(&format!("{}/", shared.trim_end_matches('/'))))
        {
            continue;
        }
        let stem = file
            .strip_suffix(".schema.json")
            .or_else(|| file.strip_suffix(".json"))
            .unwrap_or(file);
        match options.layout {
            Layout::Files => found.push(Found {
                base: stem.to_owned(),
                sub: None,
                file: file.clone(),
                pointer: String::new(),
            }),
            Layout::Folders => match stem.split_once('/') {
                Some((event, sub)) if !sub.contains('/') => found.push(Found {
                    base: event.to_owned(),
                    sub: (sub != "event").then(|| sub.to_owned()),
                    file: file.clone(),
                    pointer: String::new(),
                }),
                _ => problems.push(Problem::file(
                    file,
                    "not `<event>/<sub>.schema.json` (nor under a `--shared` folder); left out",
                )),
            },
        }
    }
    if found.is_empty() {
        problems.push(Problem::file(".", "no event schemas found"));
        return Err(problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(found)
}

/// Events of an OpenAPI 3.1 document: each entry of `webhooks` whose `post` has a JSON request
/// body. The entry's key is the event name; where the base declares a sub-name member and the
/// body's schema fixes it to one value (`action: {enum: [opened]}`), that value is the
/// sub-name, and a trailing `-<value>`, `.<value>` or `_<value>` is dropped from the key.
pub(crate) fn from_openapi(
    documents: &Documents,
    file: &str,
    options: &Options,
) -> Result<Vec<Found>, Vec<Problem>> {
    let document = &documents.files[file];
    let Some(webhooks) = document.get("webhooks").and_then(Value::as_object) else {
        return Err(vec![Problem::file(
            file,
            "no `webhooks` section (OpenAPI 3.1)",
        )]);
    };
    let sub_member = base_sub_member(options.base.as_deref());
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (key, item) in webhooks {
        let pointer = format!(
            "/webhooks/{}/post/requestBody/content/application~1json/schema",
            key.replace('~', "~0").replace('/', "~1")
        );
        let Some(schema) = document.pointer(&pointer) else {
            problems.push(Problem {
                file: file.to_owned(),
                pointer: format!("/webhooks/{}", key.replace('~', "~0").replace('/', "~1")),
                message: "no `post` with an `application/json` request body schema; left out"
                    .to_owned(),
            });
            continue;
        };
        let _ = item;
        let sub = sub_member
            .as_deref()
            .and_then(|member| fixed_member(documents, file, schema, member));
        let base = match &sub {
            Some(sub) => ["-", ".", "_"]
                .iter()
                .find_map(|separator| key.strip_suffix(&format!("{separator}{sub}")))
                .unwrap_or(key)
                .to_owned(),
            None => key.clone(),
        };
        found.push(Found {
            base,
            sub,
            file: file.to_owned(),
            pointer,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(found)
}

/// The single value `schema` fixes `member` to (following `$ref`s and `allOf`).
fn fixed_member(documents: &Documents, file: &str, schema: &Value, member: &str) -> Option<String> {
    fixed_member_within(documents, file, schema, member, 16)
}

fn fixed_member_within(
    documents: &Documents,
    file: &str,
    schema: &Value,
    member: &str,
    depth: usize,
) -> Option<String> {
    let depth = depth.checked_sub(1)?;
    let mut current = schema.clone();
    for _ in 0..16 {
        if let Some(reference) = current.get("$ref").and_then(Value::as_str) {
            let (target_file, pointer) = documents.resolve(file, reference).ok()?;
            current = documents
                .files
                .get(&target_file)?
                .pointer(&pointer)?
                .clone();
            continue;
        }
        break;
    }
    if let Some(parts) = current.get("allOf").and_then(Value::as_array) {
        return parts
            .iter()
            .find_map(|part| fixed_member_within(documents, file, part, member, depth));
    }
    let property = current.get("properties")?.get(member)?;
    match property
        .get("enum")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([Value::String(value)]) => Some(value.clone()),
        _ => property
            .get("const")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// The base fragment as JSON (YAML read through serde).
fn base_value(base: Option<&str>) -> Result<Map<String, Value>, Problem> {
    let Some(text) = base else {
        return Ok(Map::new());
    };
    let value: Value = serde_saphyr::from_str(text).map_err(|error| {
        Problem::file(
            "base",
            format!("not valid YAML: {}", error.without_snippet()),
        )
    })?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(Problem::file(
            "base",
            "the base must be a map of top-level spec keys",
        )),
    }
}

fn base_sub_member(base: Option<&str>) -> Option<String> {
    let base = base_value(base).ok()?;
    base.get("identity")?
        .get("sub_name")?
        .get("member")?
        .as_str()
        .map(str::to_owned)
}

/// Maps every found event and writes the spec.
pub(crate) fn import(
    documents: &Documents,
    found: Vec<Found>,
    options: &Options,
) -> Result<Imported, Vec<Problem>> {
    let base = base_value(options.base.as_deref()).map_err(|problem| vec![problem])?;
    for key in ["types", "events"] {
        if base.contains_key(key) {
            return Err(vec![Problem::file(
                "base",
                format!("the base cannot hold `{key}`: the importer writes it"),
            )]);
        }
    }
    if let Some(vendor) = base.get("vendor").and_then(Value::as_str)
        && vendor != options.vendor
    {
        return Err(vec![Problem::file(
            "base",
            format!("the base says `vendor: {vendor}`, not `{}`", options.vendor),
        )]);
    }
    let sub_member = base_sub_member(options.base.as_deref());
    if sub_member.is_none() && found.iter().any(|event| event.sub.is_some()) {
        return Err(vec![Problem::file(
            "base",
            "the schemas give sub-names (`<event>/<sub>.schema.json`): declare the member that carries them in the base, `identity: { sub_name: { member: action } }`",
        )]);
    }

    // Two schemas for one event (`a.json` and `a.schema.json`) would write its key twice.
    let mut keys: HashMap<String, &Found> = HashMap::new();
    let mut duplicates = Vec::new();
    for event in &found {
        let key = event_key(event, sub_member.as_deref());
        match keys.get(&key) {
            Some(first) => duplicates.push(Problem {
                file: event.file.clone(),
                pointer: event.pointer.clone(),
                message: format!(
                    "a second schema for the event `{key}` (the first is `{}{}{}`); rename or remove one",
                    first.file,
                    if first.pointer.is_empty() { "" } else { "#" },
                    first.pointer
                ),
            }),
            None => {
                keys.insert(key, event);
            }
        }
    }
    if !duplicates.is_empty() {
        return Err(duplicates);
    }

    // Every Rust name the generator gives events' payloads and compound enums is reserved.
    let mut reserved = Vec::new();
    for event in &found {
        let base_name = names::type_name(&event.base).unwrap_or_default();
        match &event.sub {
            Some(sub) => {
                reserved.push(format!(
                    "{base_name}{}",
                    names::type_name(sub).unwrap_or_default()
                ));
                reserved.push(format!("{base_name}Event"));
            }
            None => reserved.push(
                names::type_name(&event_key(event, sub_member.as_deref())).unwrap_or_default(),
            ),
        }
    }
    let mut mapper = Mapper::new(documents, reserved);
    for file in documents.files.keys() {
        if options
            .shared
            .iter()
            .any(|shared| file.starts_with(&format!("{}/", shared.trim_end_matches('/'))))
        {
            mapper.define_file(file);
        }
    }

    let mut events = Vec::with_capacity(found.len());
    for event in &found {
        events.push(map_event(
            &mut mapper,
            documents,
            event,
            sub_member.as_deref(),
        ));
    }

    let mut types: Vec<(String, TypeDef)> = mapper.types.clone().into_iter().collect();
    let corrections = match &options.overlay {
        Some(text) => overlay::apply(text, &mut types, &mut events)?,
        None => 0,
    };
    let types = reachable(types, &events);

    let mut yaml = String::new();
    yaml.push_str(&format!(
        "# Imported by `{}`.\n# Do not edit: edit the base or the overlay and import again (the import is reproducible).\n",
        options.command
    ));
    match &options.base {
        Some(text) => {
            if !base.contains_key("vendor") {
                yaml.push_str(&format!("vendor: {}\n", options.vendor));
            }
            yaml.push_str(text.trim_end());
            yaml.push('\n');
        }
        None => yaml.push_str(&default_base(&options.vendor)),
    }
    write_types(&mut yaml, &types);
    let events_at = yaml.len();
    write_events(&mut yaml, &events);

    // Examples, each checked against the spec drafted without them.
    let input = examples::Input {
        documents,
        schemas: found
            .iter()
            .map(|event| (event.file.as_str(), event.pointer.as_str()))
            .collect(),
        openapi: found.iter().any(|event| !event.pointer.is_empty()),
        draft: &yaml,
    };
    let examples = examples::attach(&input, options, &mut events)?;
    if examples.written > 0 {
        yaml.truncate(events_at);
        write_events(&mut yaml, &events);
    }

    let report = Report {
        mapped: mapper.mapped.clone(),
        ignored: mapper.ignored.clone(),
        problems: mapper.problems.clone(),
        events: events.len(),
        types: types.len(),
        corrections,
        examples: examples.written,
        synthesized_examples: examples.synthesized,
        dropped_examples: examples.dropped,
        example_problems: examples.problems,
    };
    Ok(Imported { yaml, report })
}

/// The event's key in the spec: `<name>.<sub>`, or the name alone.
fn event_key(event: &Found, sub_member: Option<&str>) -> String {
    match (&event.sub, sub_member) {
        (Some(sub), Some(_)) => format!("{}.{sub}", event.base),
        _ => event.base.clone(),
    }
}

fn map_event(
    mapper: &mut Mapper<'_>,
    documents: &Documents,
    event: &Found,
    sub_member: Option<&str>,
) -> EventOut {
    let key = event_key(event, sub_member);
    let schema = documents
        .files
        .get(&event.file)
        .and_then(|document| document.pointer(&event.pointer))
        .cloned()
        .unwrap_or(Value::Null);
    let site = Site {
        file: event.file.clone(),
        pointer: event.pointer.clone(),
    };
    let payload_name = match &event.sub {
        Some(sub) => format!(
            "{}{}",
            names::type_name(&event.base).unwrap_or_default(),
            names::type_name(sub).unwrap_or_default()
        ),
        None => names::type_name(&key).unwrap_or_else(|_| key.to_upper_camel_case()),
    };
    let inline = schema.get("properties").is_some()
        && schema.get("oneOf").is_none()
        && schema.get("anyOf").is_none()
        && schema.get("allOf").is_none()
        && schema.get("$ref").is_none();
    let payload = match schema.as_object() {
        Some(object) if inline => {
            PayloadOut::Fields(mapper.payload_fields(object, &site, &payload_name))
        }
        _ => {
            let mapped = mapper.map(&schema, &site, &payload_name);
            if mapped.nullable {
                mapper.problem(&site, "the payload may be `null` in the schema; a payload cannot be, so it is imported as not null");
            }
            PayloadOut::Type(mapped.ty)
        }
    };
    // An event without a sub-name whose schema leaves the sub-name member open keeps any.
    let sub_property = sub_member.and_then(|member| schema.get("properties")?.get(member));
    let open = event.sub.is_none()
        && sub_property.is_some_and(|property| {
            property.get("enum").is_none() && property.get("const").is_none()
        });
    let sub_name = if open {
        Some("open")
    } else if event.sub.is_none() && sub_member.is_some() && key.contains('.') {
        Some("none")
    } else {
        None
    };
    let title = schema.as_object().and_then(titled);
    let doc = match title {
        Some(text) => capitalized(&text),
        None => format!("The `{key}` event."),
    };
    let source = if event.pointer.is_empty() {
        format!("from {}", event.file)
    } else {
        format!("from {}#{}", event.file, event.pointer)
    };
    EventOut {
        key,
        doc,
        sub_name,
        payload,
        source,
        examples: Vec::new(),
    }
}

/// The types the events use, directly or through other types, in definition order.
fn reachable(types: Vec<(String, TypeDef)>, events: &[EventOut]) -> Vec<(String, TypeDef)> {
    let mut used: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    let visit = |ty: &Ty, queue: &mut VecDeque<String>| {
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::Named(name) => queue.push_back(name.clone()),
                Ty::Array(inner) | Ty::Map(inner) => stack.push(inner),
                Ty::Scalar(_) => {}
            }
        }
    };
    for event in events {
        match &event.payload {
            PayloadOut::Fields(fields) => {
                for field in fields {
                    visit(&field.ty, &mut queue);
                }
            }
            PayloadOut::Type(ty) => visit(ty, &mut queue),
        }
    }
    let by_name: std::collections::HashMap<&str, &TypeDef> = types
        .iter()
        .map(|(name, def)| (name.as_str(), def))
        .collect();
    while let Some(name) = queue.pop_front() {
        if !used.insert(name.clone()) {
            continue;
        }
        match by_name.get(name.as_str()) {
            Some(TypeDef::Object { fields, .. }) => {
                for field in fields {
                    visit(&field.ty, &mut queue);
                }
            }
            Some(TypeDef::Union { variants, .. }) => {
                for variant in variants {
                    visit(&variant.ty, &mut queue);
                }
            }
            _ => {}
        }
    }
    types
        .into_iter()
        .filter(|(name, _)| used.contains(name))
        .collect()
}

/// The top of a spec imported without a base: valid, and saying what to fill in.
fn default_base(vendor: &str) -> String {
    format!(
        "# No base was given: say where the event name travels, and how deliveries are signed.\n\
         vendor: {vendor}\nname: {vendor}\ndocs: \"\"\ndoc: Imported from the vendor's JSON Schemas.\n\
         identity:\n  name: {{ header: X-Event-Name }}\n\
         signing:\n  scheme: none\n  advice: Not known yet; see the vendor's documentation.\n"
    )
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
