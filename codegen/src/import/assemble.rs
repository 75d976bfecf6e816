//! Putting the spec together: the base's checks, every found event mapped (its payload an
//! inline object, composed where its schema is an `allOf`, or another type), the identity's
//! name member made what `parse` dispatches on, the overlay, the types the events reach, and
//! the YAML text with its report.

use std::collections::{HashMap, HashSet, VecDeque};

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::base::Base;
use super::compose;
use super::events::{FoundEvents, is_shared, member_schema};
use super::map::{Mapper, titled};
use super::read::Documents;
use super::types::{FieldOut, Ty, TypeDef};
use super::yaml::{EventOut, PayloadOut, write_events, write_types};
use super::{Imported, Options, Problem, Report, examples, overlay};
use crate::names;

use super::events::Found;

/// Maps every found event and writes the spec.
pub(crate) fn import(
    documents: &Documents,
    (found, warnings): FoundEvents,
    options: &Options,
    base: &Base,
) -> Result<Imported, Vec<Problem>> {
    for key in ["types", "events"] {
        if base.value.contains_key(key) {
            return Err(vec![Problem::file(
                "base",
                format!("the base cannot hold `{key}`: the importer writes it"),
            )]);
        }
    }
    if let Some(vendor) = base.value.get("vendor").and_then(Value::as_str)
        && vendor != options.vendor
    {
        return Err(vec![Problem::file(
            "base",
            format!("the base says `vendor: {vendor}`, not `{}`", options.vendor),
        )]);
    }
    let sub_member = base.sub_member();
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
        if is_shared(file, options) {
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
    dispatch_on_name_member(&mut mapper, &mut events, base);

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
    match &base.text {
        Some(text) => {
            if !base.value.contains_key("vendor") {
                yaml.push_str(&format!("vendor: {}\n", options.vendor));
            }
            yaml.push_str(text.trim_end());
            yaml.push('\n');
        }
        None => yaml.push_str(&default_base(&options.vendor)),
    }
    if !base.value.contains_key("presence") {
        yaml.push_str(TOLERANT);
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
    if examples.written > 0 || examples.documented > 0 {
        yaml.truncate(events_at);
        write_events(&mut yaml, &events);
    }

    let mut problems = warnings;
    problems.extend(mapper.problems.iter().cloned());
    let report = Report {
        mapped: mapper.mapped.clone(),
        ignored: mapper.ignored.clone(),
        problems,
        events: events.len(),
        types: types.len(),
        corrections,
        untyped: untyped(&types, &events),
        examples: examples.written,
        synthesized_examples: examples.synthesized,
        dropped_examples: examples.dropped,
        documented_events: examples.documented,
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
    let site = event.site();
    let schema = documents.get(&site).cloned().unwrap_or(Value::Null);
    let payload_name = match &event.sub {
        Some(sub) => format!(
            "{}{}",
            names::type_name(&event.base).unwrap_or_default(),
            names::type_name(sub).unwrap_or_default()
        ),
        None => names::type_name(&key).unwrap_or_else(|_| key.to_upper_camel_case()),
    };
    // An object written here (or composed here from `allOf`) is the event's own payload
    // object; anything else (a `$ref`, a union, a scalar) is a type.
    let inline = |schema: &Value| {
        schema.get("properties").is_some()
            && schema.get("oneOf").is_none()
            && schema.get("anyOf").is_none()
            && schema.get("allOf").is_none()
            && schema.get("$ref").is_none()
    };
    let composed = match &schema {
        Value::Object(object) if object.contains_key("allOf") && !object.contains_key("$ref") => {
            let (composed, problems) = compose::all_of(documents, &schema, &site);
            Some((composed, problems))
        }
        _ => None,
    };
    let payload = match (&schema, composed) {
        (Value::Object(object), None) if inline(&schema) => {
            PayloadOut::Fields(mapper.payload_fields(object, &site, &payload_name))
        }
        (_, Some((Value::Object(object), problems))) if inline(&Value::Object(object.clone())) => {
            mapper.count_composed(problems);
            PayloadOut::Fields(mapper.payload_fields(&object, &site, &payload_name))
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
    let sub_property =
        sub_member.and_then(|member| member_schema(documents, &site, &[member]).map(|(s, _)| s));
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
    let followed = documents
        .follow(&schema, &site)
        .ok()
        .and_then(|(target, _)| target.as_object().cloned());
    let title = event
        .doc
        .clone()
        .or_else(|| schema.as_object().and_then(titled))
        .or_else(|| followed.as_ref().and_then(titled));
    let schema_doc = title.is_some();
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
        schema_doc,
        sub_name,
        payload,
        source,
        examples: Vec::new(),
    }
}

/// Where the base names events by a top-level body member (and there is no envelope), every
/// payload that declares that member declares it as `parse` reads it: a required, non-null
/// `string`; where the base's `common` declares it, the payload leaves it to `common`.
fn dispatch_on_name_member(mapper: &mut Mapper<'_>, events: &mut [EventOut], base: &Base) {
    let Some(member) = base.name_member() else {
        return;
    };
    if member.contains('.') || base.has_envelope() {
        return;
    }
    let common = base.is_common(&member);
    let fix = |fields: &mut Vec<FieldOut>| {
        if common {
            fields.retain(|field| field.key != member);
            return;
        }
        for field in fields.iter_mut().filter(|field| field.key == member) {
            if field.ty == Ty::Scalar("string") && !field.optional && !field.nullable {
                continue;
            }
            field.ty = Ty::Scalar("string");
            field.optional = false;
            field.nullable = false;
            let note = "Names the event (the base's `identity`): every delivery has it, so it is a required string here.";
            field.doc = Some(match field.doc.take() {
                Some(doc) => format!("{doc} {note}"),
                None => note.to_owned(),
            });
        }
    };
    let mut named = HashSet::new();
    for event in events.iter_mut() {
        match &mut event.payload {
            PayloadOut::Fields(fields) => fix(fields),
            PayloadOut::Type(Ty::Named(name)) => {
                named.insert(name.clone());
            }
            PayloadOut::Type(_) => {}
        }
    }
    for name in named {
        if let Some(TypeDef::Object { fields, .. }) = mapper.types.get_mut(&name) {
            fix(fields);
        }
    }
}

/// Fields (of types and payloads), array items and map values, and payloads that are `json`.
fn untyped(types: &[(String, TypeDef)], events: &[EventOut]) -> usize {
    fn is_json(ty: &Ty) -> bool {
        match ty {
            Ty::Scalar(name) => *name == "json",
            Ty::Array(inner) | Ty::Map(inner) => is_json(inner),
            Ty::Named(_) => false,
        }
    }
    let in_fields = |fields: &[FieldOut]| fields.iter().filter(|field| is_json(&field.ty)).count();
    let mut count = 0;
    for (_, def) in types {
        if let TypeDef::Object { fields, .. } = def {
            count += in_fields(fields);
        }
    }
    for event in events {
        match &event.payload {
            PayloadOut::Fields(fields) => count += in_fields(fields),
            PayloadOut::Type(ty) => count += usize::from(is_json(ty)),
        }
    }
    count
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
    let by_name: HashMap<&str, &TypeDef> = types
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

/// What an imported spec says about presence unless its base says otherwise: schemas describe
/// one server's API today, so a delivery that lacks a required member, holds `null` where they
/// say non-null, or a text that breaks its format is drift, parsed and recorded, not rejected.
const TOLERANT: &str = "# Schemas describe one server's API today: members absent or `null` against them, and texts\n\
     # that break their format, are drift, parsed and recorded (set `presence` in the base to change it).\n\
     presence: tolerant\n";

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
