//! Which schema is which event: by the directory layout (JSON Schema), or by an OpenAPI
//! document's `webhooks` (3.1), `x-webhooks` (3.0 extension), or, with neither, the
//! `components/schemas` that carry the vendor extension the base names
//! (`import: { event_name_extension: x-event-name }`). And each event's key in the spec.
//!
//! The key: where the base's identity names the event by a body member (`identity: { name:
//! { member: type } }`) and the event's schema fixes that member to one value (`const`, a
//! single-value `enum`, through `$ref`s and `allOf`), that value is the key, since it is what
//! `parse` reads; otherwise the webhook's key (or the layout's name) is, and a member whose
//! `enum` does not list it is a problem. Where the base names a sub-name member and the
//! schema fixes it, that value is the sub-name, and a trailing `-<value>`, `.<value>` or
//! `_<value>` is dropped from the name.

use serde_json::{Map, Value};

use super::base::Base;
use super::compose::{self, FIXED};
use super::read::Documents;
use super::resolve::{Site, child};
use super::{Layout, Options, Problem};

/// An event schema found in the input.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The event name (without sub-name).
    pub(crate) base: String,
    /// The sub-name, if any.
    pub(crate) sub: Option<String>,
    /// Where its schema is.
    pub(crate) file: String,
    pub(crate) pointer: String,
    /// What the document says of the event beside its schema (an OpenAPI webhook's
    /// `description`, else its `summary`).
    pub(crate) doc: Option<String>,
}

impl Found {
    pub(crate) fn site(&self) -> Site {
        Site {
            file: self.file.clone(),
            pointer: self.pointer.clone(),
        }
    }
}

/// The events found, and what is wrong with their names (reported, not fatal).
pub(crate) type FoundEvents = (Vec<Found>, Vec<Problem>);

/// Events by directory layout; files under a `shared` folder are definitions, not events.
pub(crate) fn from_layout(
    documents: &Documents,
    options: &Options,
    base: &Base,
) -> Result<FoundEvents, Vec<Problem>> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for file in documents.files.keys() {
        if is_shared(file, options) {
            continue;
        }
        let stem = [
            ".schema.json",
            ".json",
            ".schema.yaml",
            ".yaml",
            ".schema.yml",
            ".yml",
        ]
        .iter()
        .find_map(|extension| file.strip_suffix(extension))
        .unwrap_or(file);
        match options.layout {
            Layout::Files => found.push(Found {
                base: stem.to_owned(),
                sub: None,
                file: file.clone(),
                pointer: String::new(),
                doc: None,
            }),
            Layout::Folders => match stem.split_once('/') {
                Some((event, sub)) if !sub.contains('/') => found.push(Found {
                    base: event.to_owned(),
                    sub: (sub != "event").then(|| sub.to_owned()),
                    file: file.clone(),
                    pointer: String::new(),
                    doc: None,
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
    let mut warnings = Vec::new();
    if options.layout == Layout::Files {
        for event in &mut found {
            let site = event.site();
            if let Some(name) = named_by_member(documents, &site, &event.base, base, &mut warnings)
            {
                event.base = name;
            }
        }
    }
    Ok((found, warnings))
}

/// Whether `file` is under one of the `--shared` folders.
pub(crate) fn is_shared(file: &str, options: &Options) -> bool {
    options
        .shared
        .iter()
        .any(|shared| file.starts_with(&format!("{}/", shared.trim_end_matches('/'))))
}

/// Events of an OpenAPI document: each webhook whose `post` has a JSON request body.
pub(crate) fn from_openapi(
    documents: &Documents,
    file: &str,
    base: &Base,
) -> Result<FoundEvents, Vec<Problem>> {
    let Some(document) = documents.files.get(file) else {
        return Err(vec![Problem::file(file, "no document")]);
    };
    let section = ["webhooks", "x-webhooks"]
        .into_iter()
        .find(|key| document.get(*key).is_some_and(Value::is_object));
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut named: Vec<(String, Site, Option<String>)> = Vec::new();
    match (section, &base.settings.event_name_extension) {
        (Some(section), _) => {
            let webhooks = document
                .get(section)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for (key, item) in &webhooks {
                let item_site = Site {
                    file: file.to_owned(),
                    pointer: child(&format!("/{section}"), key),
                };
                match request_schema(documents, item, &item_site) {
                    Some((site, doc)) => named.push((key.clone(), site, doc)),
                    None => problems.push(Problem {
                        file: file.to_owned(),
                        pointer: item_site.pointer,
                        message: "no `post` with a JSON request body schema; left out".to_owned(),
                    }),
                }
            }
        }
        (None, Some(extension)) => {
            let schemas = document
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for (key, schema) in &schemas {
                let site = Site {
                    file: file.to_owned(),
                    pointer: child("/components/schemas", key),
                };
                match schema.get(extension) {
                    None => {}
                    Some(Value::String(name)) if !name.is_empty() => {
                        named.push((name.clone(), site, None))
                    }
                    Some(_) => problems.push(Problem {
                        file: file.to_owned(),
                        pointer: child(&site.pointer, extension),
                        message: format!(
                            "`{extension}` must be an event name (a string); left out"
                        ),
                    }),
                }
            }
            if named.is_empty() && problems.is_empty() {
                problems.push(Problem::file(
                    file,
                    format!("no schema under `components/schemas` carries `{extension}`"),
                ));
            }
        }
        (None, None) => {
            return Err(vec![Problem::file(
                file,
                "no `webhooks` section (OpenAPI 3.1) nor `x-webhooks` (3.0); for a document that marks event schemas with a vendor extension, name it in the base: `import: { event_name_extension: x-event-name }`",
            )]);
        }
    }
    let sub_member = base.sub_member();
    for (key, site, doc) in named {
        let name = named_by_member(documents, &site, &key, base, &mut warnings).unwrap_or(key);
        let sub = sub_member
            .as_deref()
            .and_then(|member| fixed_member(documents, &site, &[member]).map(|(value, _)| value));
        let event_base = match &sub {
            Some(sub) => ["-", ".", "_"]
                .iter()
                .find_map(|separator| name.strip_suffix(&format!("{separator}{sub}")))
                .unwrap_or(&name)
                .to_owned(),
            None => name,
        };
        found.push(Found {
            base: event_base,
            sub,
            file: site.file,
            pointer: site.pointer,
            doc,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((found, warnings))
}

/// The request body schema of a webhook's path item: `post` (else `put`), `$ref`s followed
/// (path items, request bodies), the first JSON media type (`application/json`, `*/*+json`);
/// and the operation's `description` (else `summary`).
fn request_schema(
    documents: &Documents,
    item: &Value,
    site: &Site,
) -> Option<(Site, Option<String>)> {
    let (item, item_site) = documents.follow(item, site).ok()?;
    let (operation, operation_site) = ["post", "put"]
        .into_iter()
        .find_map(|method| Some((item.get(method)?, item_site.at(method))))?;
    let body = operation.get("requestBody")?;
    let (body, body_site) = documents
        .follow(body, &operation_site.at("requestBody"))
        .ok()?;
    let content = body.get("content")?.as_object()?;
    let media = content
        .keys()
        .find(|media| media.as_str() == "application/json")
        .or_else(|| {
            content.keys().find(|media| {
                let essence = media.split(';').next().unwrap_or_default().trim();
                essence.ends_with("/json") || essence.ends_with("+json")
            })
        })?;
    content.get(media)?.get("schema")?;
    let doc = ["description", "summary"].into_iter().find_map(|key| {
        operation
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    });
    Some((body_site.at("content").at(media).at("schema"), doc))
}

/// The event name the base's name member gives the schema at `site`: the value the schema
/// fixes it to. Without one, `key` is the name; a member `enum` that does not list `key` is
/// reported.
fn named_by_member(
    documents: &Documents,
    site: &Site,
    key: &str,
    base: &Base,
    warnings: &mut Vec<Problem>,
) -> Option<String> {
    let member = base.name_member()?;
    let path: Vec<&str> = member.split('.').collect();
    match fixed_member(documents, site, &path) {
        Some((value, _)) => Some(value),
        None => {
            if let Some((schema, member_site)) = member_schema(documents, site, &path)
                && let Some(Value::Array(values)) = schema.get("enum")
                && !values.contains(&Value::from(key))
            {
                warnings.push(Problem {
                    file: member_site.file,
                    pointer: member_site.pointer,
                    message: format!(
                        "the event `{key}` is named by `{member}`, whose `enum` does not list `{key}`: a delivery of it would not be recognised; imported as `{key}`"
                    ),
                });
            }
            None
        }
    }
}

/// The single string value the schema at `site` fixes the member at `path` to, and where
/// that member's schema is.
pub(crate) fn fixed_member(
    documents: &Documents,
    site: &Site,
    path: &[&str],
) -> Option<(String, Site)> {
    let (schema, member_site) = member_schema(documents, site, path)?;
    let value = compose::fixed_value(&schema)?;
    Some((value.as_str()?.to_owned(), member_site))
}

/// The schema of the member at `path` of the schema at `site` (`$ref`s followed, `allOf`
/// composed; a value a refinement fixes reads as its `const`), and where it is.
pub(crate) fn member_schema(
    documents: &Documents,
    site: &Site,
    path: &[&str],
) -> Option<(Map<String, Value>, Site)> {
    let root = documents.get(site)?;
    let (mut schema, mut at) = resolved(documents, root, site)?;
    for key in path {
        let property = schema.get("properties")?.get(*key)?.clone();
        let property_site = at.at("properties").at(key);
        let fixed = property.get(FIXED).cloned();
        let (mut next, next_site) = resolved(documents, &property, &property_site)?;
        if let Some(fixed) = fixed {
            next.insert("const".to_owned(), fixed);
        }
        schema = next;
        at = next_site;
    }
    Some((schema, at))
}

/// `value` (at `site`) with `$ref`s followed and `allOf` composed.
fn resolved(
    documents: &Documents,
    value: &Value,
    site: &Site,
) -> Option<(Map<String, Value>, Site)> {
    let (target, target_site) = documents.follow(value, site).ok()?;
    if target.get("allOf").is_some() {
        let (composed, _) = compose::all_of(documents, target, &target_site);
        return Some((composed.as_object()?.clone(), target_site));
    }
    Some((target.as_object()?.clone(), target_site))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base(text: &str) -> Base {
        Base::parse(Some(text)).unwrap()
    }

    fn webhook(schema: Value) -> Value {
        json!({"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}}})
    }

    #[test]
    fn the_identity_member_names_the_event_and_a_key_it_does_not_list_is_reported() {
        let documents = Documents::single(
            "api.json",
            json!({"openapi": "3.0.3", "x-webhooks": {
                "sent": webhook(json!({"$ref": "#/components/schemas/Sent"})),
                "opened": webhook(json!({"$ref": "#/components/schemas/Any"})),
                "gone": webhook(json!({"$ref": "#/components/schemas/Any"}))
            }, "components": {"schemas": {
                "Sent": {"allOf": [{"$ref": "#/components/schemas/Any"},
                                   {"properties": {"event_type": {"const": "email.sent"}}}]},
                "Any": {"type": "object", "properties": {"event_type": {"$ref": "#/components/schemas/Kind"}}},
                "Kind": {"type": "string", "enum": ["email.sent", "opened"]}
            }}}),
        );
        let (found, warnings) = from_openapi(
            &documents,
            "api.json",
            &base("identity:\n  name: { member: event_type }\n"),
        )
        .unwrap();
        let names: Vec<&str> = found.iter().map(|event| event.base.as_str()).collect();
        assert_eq!(names, ["gone", "opened", "email.sent"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].pointer, "/components/schemas/Kind");
        assert!(
            warnings[0].message.contains("`gone`"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn a_vendor_extension_marks_event_schemas_when_there_are_no_webhooks() {
        let documents = Documents::single(
            "api.yaml",
            json!({"openapi": "3.0.0", "components": {"schemas": {
                "A": {"x-event-name": "a.created", "type": "object"},
                "B": {"type": "object"},
                "C": {"x-event-name": 5}
            }}}),
        );
        let settings = base("import:\n  event_name_extension: x-event-name\n");
        let problems = from_openapi(&documents, "api.yaml", &settings).unwrap_err();
        assert_eq!(problems[0].pointer, "/components/schemas/C/x-event-name");
        let documents = Documents::single(
            "api.yaml",
            json!({"components": {"schemas": {"A": {"x-event-name": "a.created"}}}}),
        );
        let (found, _) = from_openapi(&documents, "api.yaml", &settings).unwrap();
        assert_eq!(found[0].base, "a.created");
        assert_eq!(found[0].pointer, "/components/schemas/A");
        assert!(from_openapi(&documents, "api.yaml", &Base::default()).is_err());
    }

    #[test]
    fn request_bodies_are_found_through_refs_and_json_media_types() {
        let documents = Documents::single(
            "api.json",
            json!({"webhooks": {"a": {"$ref": "#/components/pathItems/a"}},
            "components": {
                "pathItems": {"a": {"post": {"requestBody": {"$ref": "#/components/requestBodies/a"}}}},
                "requestBodies": {"a": {"content": {"application/cloudevents+json; charset=utf-8": {"schema": {"type": "object"}}}}}
            }}),
        );
        let (found, _) = from_openapi(&documents, "api.json", &Base::default()).unwrap();
        assert_eq!(
            found[0].pointer,
            "/components/requestBodies/a/content/application~1cloudevents+json; charset=utf-8/schema"
        );
    }
}
