//! Pass 4, **map**: a JSON Schema (composed by `compose` where it has `allOf`) becomes a spec
//! type: scalars, named objects, open enums, maps, arrays, nullability, and unions told apart
//! by JSON kind, a tag member (OpenAPI's `discriminator`, or a member every branch fixes) or
//! a required key. Named types go through `share` (identical shapes are one type) and `name`.
//! What cannot be mapped is reported with its file and JSON pointer, and counted.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Problem;
use super::compose::{self, DETACHED, FIXED};
use super::name::{Names, name_variants, reference_name};
use super::read::Documents;
use super::resolve::{Site, place};
use super::share::{Shapes, enum_key, object_key, union_key};
use super::types::{FieldOut, Mapped, Ty, TypeDef, VariantOut};

/// Keywords that constrain values without changing their shape: ignored (the generated
/// parser is lenient by design), but counted in the report.
const VALIDATION_ONLY: &[&str] = &[
    "maxItems",
    "minItems",
    "maxLength",
    "minLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "uniqueItems",
    "multipleOf",
    "maxProperties",
    "minProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// Keywords that annotate without changing the shape.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "example",
    "readOnly",
    "writeOnly",
    "deprecated",
    "tsAdditionalProperties",
    "format",
    "discriminator",
    "xml",
    "externalDocs",
    "contentMediaType",
    "contentEncoding",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "contentSchema",
];

/// Keywords this mapper reads.
const UNDERSTOOD: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "$ref",
    "oneOf",
    "anyOf",
    "allOf",
    "definitions",
    "$defs",
    "nullable",
    "prefixItems",
    "patternProperties",
    compose::DETACHED,
    compose::FIXED,
    super::resolve::AT,
];

/// What a keyword does, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyword {
    /// Read by the importer.
    Understood,
    /// Constrains values without changing their shape (counted, ignored).
    Validation,
    /// Annotates (docs, examples, formats; vendor `x-` extensions).
    Annotation,
    /// Not known: reported.
    Unknown,
}

/// What `key` is, as a schema keyword.
pub(crate) fn keyword(key: &str) -> Keyword {
    if UNDERSTOOD.contains(&key) {
        Keyword::Understood
    } else if VALIDATION_ONLY.contains(&key) {
        Keyword::Validation
    } else if ANNOTATIONS.contains(&key) || key.starts_with("x-") {
        Keyword::Annotation
    } else {
        Keyword::Unknown
    }
}

/// How deep the mapper recurses into one schema (through members, items, branches) before it
/// keeps the rest as `json` with a problem: far beyond any real payload, well within the
/// stack.
const MAX_DEPTH: usize = 96;

/// Maps schemas to spec types, collecting named types, counts and problems.
pub(crate) struct Mapper<'d> {
    docs: &'d Documents,
    pub(crate) problems: Vec<Problem>,
    /// The problems reported, so that a schema mapped twice (a member a refinement takes
    /// over) reports once.
    reported: HashSet<Problem>,
    /// Constructs mapped, by kind, for the report.
    pub(crate) mapped: BTreeMap<&'static str, usize>,
    /// Keywords ignored, by name, for the report.
    pub(crate) ignored: BTreeMap<String, usize>,
    /// Named types in the order they were defined.
    pub(crate) types: IndexMap<String, TypeDef>,
    by_ref: HashMap<(String, String), Mapped>,
    /// `$ref` targets being mapped (composed ones), and the name a `$ref` back to one of them
    /// from inside took.
    in_progress: HashMap<(String, String), Option<String>>,
    shapes: Shapes,
    names: Names,
    depth: usize,
}

impl<'d> Mapper<'d> {
    pub(crate) fn new(docs: &'d Documents, reserved: impl IntoIterator<Item = String>) -> Self {
        Mapper {
            docs,
            problems: Vec::new(),
            reported: HashSet::new(),
            mapped: BTreeMap::new(),
            ignored: BTreeMap::new(),
            types: IndexMap::new(),
            by_ref: HashMap::new(),
            in_progress: HashMap::new(),
            shapes: Shapes::default(),
            names: Names::new(reserved),
            depth: 0,
        }
    }

    fn count(&mut self, what: &'static str) {
        *self.mapped.entry(what).or_default() += 1;
    }

    /// Counts an `allOf` composed outside the mapper, with what composing it reported.
    pub(crate) fn count_composed(&mut self, problems: Vec<Problem>) {
        self.count("allOf (composed)");
        for problem in problems {
            self.push_problem(problem);
        }
    }

    pub(crate) fn problem(&mut self, site: &Site, message: impl Into<String>) {
        self.push_problem(Problem {
            file: site.file.clone(),
            pointer: site.pointer.clone(),
            message: message.into(),
        });
    }

    fn push_problem(&mut self, problem: Problem) {
        if self.reported.insert(problem.clone()) {
            self.problems.push(problem);
        }
    }

    /// Defines the whole file `file` as a named type (shared definitions), as a `$ref` to it
    /// would.
    pub(crate) fn define_file(&mut self, file: &str) {
        let root = Site::root("");
        self.reference(file, &root, "");
    }

    /// A type name from `hint` that no other type has taken.
    fn fresh_name(&mut self, hint: &str) -> String {
        self.names.fresh(hint)
    }

    /// The type with this shape `key` if one is defined already (structurally identical
    /// types are shared), else a new one named from `hint`.
    fn shared(&mut self, key: String, hint: &str, define: impl FnOnce() -> TypeDef) -> String {
        if let Some(name) = self.shapes.get(&key) {
            return name.clone();
        }
        let name = self.fresh_name(hint);
        self.shapes.record(key, &name);
        self.types.insert(name.clone(), define());
        name
    }

    /// Maps the schema at `site`; `hint` names the types it defines.
    pub(crate) fn map(&mut self, value: &Value, site: &Site, hint: &str) -> Mapped {
        if self.depth >= MAX_DEPTH {
            self.problem(
                site,
                format!("nested more than {MAX_DEPTH} schemas deep; kept as `json`"),
            );
            return json(description(value));
        }
        self.depth += 1;
        let mapped = self.map_within(value, site, hint);
        self.depth -= 1;
        mapped
    }

    fn map_within(&mut self, value: &Value, site: &Site, hint: &str) -> Mapped {
        let doc = description(value);
        // A member taken over unchanged by `compose`: the schema where it is written.
        if let Some(target) = place(value) {
            let Some(schema) = self.docs.get(&target) else {
                self.problem(site, "a composed member points nowhere; kept as `json`");
                return json(doc);
            };
            let mut mapped = self.map(schema, &target, hint);
            if let Some(fixed) = value.get(FIXED) {
                // A refinement fixed its value: same type, `null` only if that is the value,
                // and the doc says so.
                mapped.nullable = fixed.is_null();
                let note = format!("Always `{}` here.", constant_text(fixed));
                mapped.doc = Some(match mapped.doc.take() {
                    Some(doc) if !doc.contains(&note) => {
                        let stop = if doc.ends_with(['.', '!', '?']) {
                            ""
                        } else {
                            "."
                        };
                        format!("{doc}{stop} {note}")
                    }
                    Some(doc) => doc,
                    None => note,
                });
                self.count("value fixed by a refinement (the type it narrows)");
            }
            if doc.is_some() {
                mapped.doc = doc;
            }
            return mapped;
        }
        let Some(schema) = value.as_object() else {
            return match value {
                Value::Bool(true) => {
                    self.count("schema `true` (json)");
                    json(doc)
                }
                Value::Bool(false) => {
                    self.problem(
                        site,
                        "the schema `false`: no value is valid here; kept as `json`",
                    );
                    json(Some(
                        "No value is valid here (the schema is `false`).".to_owned(),
                    ))
                }
                _ => {
                    self.problem(
                        site,
                        "a schema must be an object or a boolean; kept as `json`",
                    );
                    json(doc)
                }
            };
        };
        if schema.contains_key("allOf") && !schema.contains_key("$ref") {
            self.count("allOf (composed)");
            // The `$ref`'d parts first, so that a composed type identical to one of them is
            // shared with it under its own name.
            if let Some(Value::Array(parts)) = schema.get("allOf") {
                for (index, part) in parts.iter().enumerate() {
                    let part_site = if schema.contains_key(DETACHED) {
                        site.clone()
                    } else {
                        site.index("allOf", index)
                    };
                    let is_ref = part.get("$ref").is_some()
                        || place(part)
                            .and_then(|target| self.docs.get(&target))
                            .is_some_and(|target| target.get("$ref").is_some());
                    if is_ref {
                        let _ = self.map(part, &part_site, hint);
                    }
                }
            }
            // Keyed apart from a `$ref` to the same place (which maps this very schema).
            let key = (site.file.clone(), format!("{}\u{0}allOf", site.pointer));
            let real = !schema.contains_key(DETACHED);
            if real && let Some(mapped) = self.knot_entered(&key, hint) {
                return mapped;
            }
            if real {
                let value = value.clone();
                let site_owned = site.clone();
                let hint_owned = hint.to_owned();
                let mut mapped = self.knot(key, site, move |mapper| {
                    mapper.composed(&value, &site_owned, &hint_owned)
                });
                if doc.is_some() {
                    mapped.doc = doc;
                }
                return mapped;
            }
            let mut mapped = self.composed(value, site, hint);
            if doc.is_some() {
                mapped.doc = doc;
            }
            return mapped;
        }
        if !schema.contains_key(DETACHED) {
            self.note_keywords(schema, site);
        }
        let mut mapped = self.map_object_schema(schema, site, hint);
        if mapped.doc.is_none() {
            mapped.doc = doc;
        }
        mapped
    }

    /// An `allOf` schema, composed, then mapped.
    fn composed(&mut self, value: &Value, site: &Site, hint: &str) -> Mapped {
        let (composed, problems) = compose::all_of(self.docs, value, site);
        let reported = !problems.is_empty();
        for problem in problems {
            self.push_problem(problem);
        }
        if composed == Value::Bool(false) && reported {
            // Composing said why nothing is valid.
            return json(Some(
                "No value is valid here (the parts of `allOf` exclude each other).".to_owned(),
            ));
        }
        self.map(&composed, site, hint)
    }

    fn note_keywords(&mut self, schema: &Map<String, Value>, site: &Site) {
        for key in schema.keys() {
            match keyword(key) {
                Keyword::Validation | Keyword::Annotation => {
                    if !matches!(
                        key.as_str(),
                        "description" | "title" | "$schema" | "$id" | "format"
                    ) && !key.starts_with("x-")
                    {
                        *self.ignored.entry(key.clone()).or_default() += 1;
                    }
                }
                Keyword::Understood => {}
                Keyword::Unknown => self.problem(
                    &site.at(key),
                    format!("keyword `{key}` is not understood; ignored"),
                ),
            }
        }
    }

    fn map_object_schema(
        &mut self,
        schema: &Map<String, Value>,
        site: &Site,
        hint: &str,
    ) -> Mapped {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let mut mapped = self.reference(reference, site, hint);
            // OpenAPI 3.0 writes a nullable reference as `$ref` beside `nullable: true`.
            if schema.get("nullable") == Some(&Value::Bool(true)) {
                mapped.nullable = true;
            }
            return mapped;
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
                let branches: Vec<(Value, Site)> = branches
                    .iter()
                    .enumerate()
                    .map(|(index, branch)| (branch.clone(), site.index(keyword, index)))
                    .collect();
                let discriminator = self.discriminator(schema, site);
                let mut mapped = self.one_of(&branches, site, hint, titled(schema), discriminator);
                if schema.get("nullable") == Some(&Value::Bool(true)) {
                    mapped.nullable = true;
                }
                return mapped;
            }
        }
        let nullable_flag = schema.get("nullable") == Some(&Value::Bool(true));
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let mut mapped = self.enumeration(values, site, hint, titled(schema));
            mapped.nullable |= nullable_flag;
            return mapped;
        }
        if let Some(constant) = schema.get("const") {
            return self.constant(constant, site);
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(name)) => vec![name.as_str()],
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            Some(_) => {
                self.problem(
                    &site.at("type"),
                    "`type` must be a string or a list of strings; kept as `json`",
                );
                return json(None);
            }
            None if schema.contains_key("properties") => vec!["object"],
            None if schema.contains_key("items") => vec!["array"],
            None => {
                self.count("untyped (json)");
                return json(None);
            }
        };
        let nullable = types.contains(&"null") || nullable_flag;
        let kinds: Vec<&str> = types.into_iter().filter(|name| *name != "null").collect();
        match kinds.as_slice() {
            [] => {
                self.count("null only (json)");
                Mapped {
                    ty: Ty::Scalar("json"),
                    nullable: true,
                    doc: Some("Always `null` in the vendor's schema.".to_owned()),
                }
            }
            [kind] => {
                let mut mapped = self.single_type(kind, schema, site, hint);
                mapped.nullable |= nullable;
                if nullable {
                    self.count("nullable");
                }
                mapped
            }
            several => {
                // `type: [string, integer]`: a union of kinds.
                let branches: Vec<(Value, Site)> = several
                    .iter()
                    .map(|kind| {
                        let mut branch = schema.clone();
                        branch.insert("type".to_owned(), Value::String((*kind).to_owned()));
                        (Value::Object(branch), site.clone())
                    })
                    .collect();
                let mut mapped = self.one_of(&branches, site, hint, titled(schema), None);
                mapped.nullable |= nullable;
                mapped
            }
        }
    }

    fn single_type(
        &mut self,
        kind: &str,
        schema: &Map<String, Value>,
        site: &Site,
        hint: &str,
    ) -> Mapped {
        let ty = match kind {
            "string" => match schema.get("format").and_then(Value::as_str) {
                Some("date-time") => {
                    self.count("date-time (datetime)");
                    Ty::Scalar("datetime")
                }
                _ => {
                    self.count("string");
                    Ty::Scalar("string")
                }
            },
            "integer" => {
                self.count("integer");
                Ty::Scalar("integer")
            }
            "number" => {
                self.count("number");
                Ty::Scalar("number")
            }
            "boolean" => {
                self.count("boolean");
                Ty::Scalar("bool")
            }
            "array" => {
                self.count("array");
                let items = match schema.get("items") {
                    Some(Value::Bool(false)) => {
                        self.count("array always empty (`items: false`; array of json)");
                        Ty::Scalar("json")
                    }
                    Some(Value::Bool(true)) => Ty::Scalar("json"),
                    Some(Value::Array(_)) => {
                        self.count("tuple (`items` list; array of json)");
                        Ty::Scalar("json")
                    }
                    Some(items) => {
                        self.map(items, &site.at("items"), &format!("{hint}Item"))
                            .ty
                    }
                    None if schema.contains_key("prefixItems") => {
                        self.count("tuple (`prefixItems`; array of json)");
                        Ty::Scalar("json")
                    }
                    None => Ty::Scalar("json"),
                };
                Ty::Array(Box::new(items))
            }
            "object" => self.object(schema, site, hint, None),
            other => {
                self.problem(
                    &site.at("type"),
                    format!("unknown type `{other}`; kept as `json`"),
                );
                Ty::Scalar("json")
            }
        };
        Mapped {
            ty,
            nullable: false,
            doc: None,
        }
    }

    /// An object: a named struct (shared with any identical one), or a map.
    fn object(
        &mut self,
        schema: &Map<String, Value>,
        site: &Site,
        hint: &str,
        name: Option<String>,
    ) -> Ty {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let patterns = schema
            .get("patternProperties")
            .and_then(Value::as_object)
            .filter(|patterns| !patterns.is_empty());
        if properties.is_none_or(Map::is_empty) && name.is_none() {
            // Keys that match one pattern: a map of that pattern's values.
            if let Some(patterns) = patterns
                && additional.is_none_or(|additional| additional == &Value::Bool(false))
            {
                if let [(pattern, values)] = patterns.iter().collect::<Vec<_>>().as_slice() {
                    self.count("object with one `patternProperties` pattern (map)");
                    let values = self
                        .map(
                            values,
                            &site.at("patternProperties").at(pattern),
                            &format!("{hint}Value"),
                        )
                        .ty;
                    return Ty::Map(Box::new(values));
                }
                self.problem(
                    &site.at("patternProperties"),
                    "several `patternProperties` patterns: a map of untyped values",
                );
                return Ty::Map(Box::new(Ty::Scalar("json")));
            }
            if additional == Some(&Value::Bool(false)) {
                self.count("object without members (`additionalProperties: false`; map of json)");
                return Ty::Map(Box::new(Ty::Scalar("json")));
            }
            self.count("object without properties (map)");
            let values = match additional {
                Some(Value::Object(values)) => {
                    self.map(
                        &Value::Object(values.clone()),
                        &site.at("additionalProperties"),
                        &format!("{hint}Value"),
                    )
                    .ty
                }
                _ => Ty::Scalar("json"),
            };
            return Ty::Map(Box::new(values));
        }
        if patterns.is_some() {
            self.problem(
                &site.at("patternProperties"),
                "an object with both `properties` and `patternProperties`: the members matching the patterns are kept untyped in `extra`",
            );
        }
        match additional {
            Some(Value::Object(_)) => self.problem(
                &site.at("additionalProperties"),
                "an object with both `properties` and an `additionalProperties` schema: the other members are kept untyped in `extra`",
            ),
            Some(Value::Bool(false)) => {
                self.count("closed object (`additionalProperties: false`; other members kept in `extra`)")
            }
            _ => {}
        }
        let fields = self.fields(schema, site, hint);
        let doc = type_doc(schema, site);
        self.count("object");
        match name {
            // A `$ref`'d definition keeps its own name (it may be recursive).
            Some(name) => {
                self.shapes.record(object_key(&fields), &name);
                self.types
                    .insert(name.clone(), TypeDef::Object { doc, fields });
                Ty::Named(name)
            }
            None => {
                let key = object_key(&fields);
                if self.shapes.get(&key).is_some() {
                    self.count("object shared with an identical one");
                }
                Ty::Named(self.shared(key, hint, || TypeDef::Object { doc, fields }))
            }
        }
    }

    /// The fields of an event's inline payload object, reporting what its root says beyond
    /// them (unknown keywords, an `additionalProperties` schema, `null`), as `object` does.
    pub(crate) fn payload_fields(
        &mut self,
        schema: &Map<String, Value>,
        site: &Site,
        hint: &str,
    ) -> Vec<FieldOut> {
        if !schema.contains_key(DETACHED) {
            self.note_keywords(schema, site);
        }
        if let Some(Value::Object(_)) = schema.get("additionalProperties") {
            self.problem(
                &site.at("additionalProperties"),
                "an object with both `properties` and an `additionalProperties` schema: the other members are kept untyped in `extra`",
            );
        }
        if matches!(schema.get("type"), Some(Value::Array(types)) if types.contains(&Value::from("null")))
            || schema.get("nullable") == Some(&Value::Bool(true))
        {
            self.problem(site, "the payload may be `null` in the schema; a payload cannot be, so it is imported as not null");
        }
        self.fields(schema, site, hint)
    }

    /// The fields of an object schema (`properties`, `required`).
    pub(crate) fn fields(
        &mut self,
        schema: &Map<String, Value>,
        site: &Site,
        hint: &str,
    ) -> Vec<FieldOut> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|keys| keys.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        // In key order whatever `serde_json`'s features (with `preserve_order` a map keeps
        // the document's order), so that the import is reproducible in any build.
        let mut properties: Vec<(&String, &Value)> = properties.iter().collect();
        properties.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut fields = Vec::with_capacity(properties.len());
        for (key, property) in properties {
            let field_hint = format!("{hint}{}", key.to_upper_camel_case());
            let mapped = self.map(property, &site.at("properties").at(key), &field_hint);
            fields.push(FieldOut {
                key: key.clone(),
                ty: mapped.ty,
                doc: mapped.doc,
                optional: !required.contains(&key.as_str()),
                nullable: mapped.nullable,
                note: None,
            });
        }
        fields
    }

    fn reference(&mut self, reference: &str, site: &Site, hint: &str) -> Mapped {
        let (file, pointer) = match self.docs.resolve(&site.file, reference) {
            Ok(target) => target,
            Err(message) => {
                self.problem(&site.at("$ref"), format!("{message}; kept as `json`"));
                return json(None);
            }
        };
        self.count("$ref");
        let key = (file.clone(), pointer.clone());
        if let Some(mapped) = self.by_ref.get(&key) {
            return mapped.clone();
        }
        let ref_name = reference_name(&file, &pointer);
        if let Some(mapped) = self.knot_entered(&key, &ref_name) {
            return mapped;
        }
        let Some(target) = self
            .docs
            .files
            .get(&file)
            .and_then(|document| document.pointer(&pointer))
            .cloned()
        else {
            return json(None);
        };
        let target_site = Site {
            file: file.clone(),
            pointer: pointer.clone(),
        };
        if let Err(message) = self.docs.follow(&target, &target_site) {
            self.problem(&site.at("$ref"), format!("{message}; kept as `json`"));
            let mapped = json(None);
            self.by_ref.insert(key, mapped.clone());
            return mapped;
        }
        let is_object = target.get("properties").is_some()
            && target.get("oneOf").is_none()
            && target.get("anyOf").is_none()
            && target.get("allOf").is_none()
            && target.get("enum").is_none()
            && target.get("const").is_none()
            && target.get("$ref").is_none();
        if is_object {
            // Named before its fields are read, so a type that refers to itself works.
            let name = self.fresh_name(&ref_name);
            let placeholder = Mapped {
                ty: Ty::Named(name.clone()),
                nullable: matches!(target.get("type"), Some(Value::Array(types)) if types.contains(&Value::from("null")))
                    || target.get("nullable") == Some(&Value::Bool(true)),
                doc: None,
            };
            self.by_ref.insert(key.clone(), placeholder.clone());
            if let Some(schema) = target.as_object() {
                self.note_keywords(schema, &target_site);
                self.object(schema, &target_site, &name, Some(name.clone()));
            }
            return placeholder;
        }
        let _ = hint;
        let mapped = self.knot(key.clone(), &target_site, |mapper| {
            mapper.map(&target, &target_site, &ref_name)
        });
        self.by_ref.insert(key, mapped.clone());
        mapped
    }

    /// When the schema at `key` is being mapped already (a type that contains itself
    /// through `$ref`s or composed members), the name it takes (chosen now from `hint`).
    fn knot_entered(&mut self, key: &(String, String), hint: &str) -> Option<Mapped> {
        let slot = self.in_progress.get(key)?;
        let name = match slot {
            Some(name) => name.clone(),
            None => {
                let name = self.names.fresh(hint);
                self.in_progress.insert(key.clone(), Some(name.clone()));
                name
            }
        };
        Some(Mapped {
            ty: Ty::Named(name),
            nullable: false,
            doc: None,
        })
    }

    /// Maps the schema at `key` with `map`; if it was met again inside (see
    /// [`Mapper::knot_entered`]), the name given there is defined as the result.
    fn knot(
        &mut self,
        key: (String, String),
        site: &Site,
        map: impl FnOnce(&mut Self) -> Mapped,
    ) -> Mapped {
        self.in_progress.insert(key.clone(), None);
        let mut mapped = map(self);
        if let Some(Some(name)) = self.in_progress.remove(&key) {
            // Referred to from inside: `name` is this type.
            let definition = match &mapped.ty {
                Ty::Named(defined) if *defined != name => self.types.get(defined).cloned(),
                _ => None,
            };
            let definition = definition.unwrap_or_else(|| {
                self.problem(
                    site,
                    "a type that contains itself and is nothing else (or not an object or union); its inner occurrences are empty objects",
                );
                TypeDef::Object {
                    doc: "A recursive type the importer could not map.".to_owned(),
                    fields: Vec::new(),
                }
            });
            self.types.insert(name.clone(), definition);
            mapped.ty = Ty::Named(name);
        }
        mapped
    }

    fn constant(&mut self, constant: &Value, site: &Site) -> Mapped {
        self.count("const (documented value)");
        let ty = match constant {
            Value::String(_) => Ty::Scalar("string"),
            Value::Bool(_) => Ty::Scalar("bool"),
            Value::Number(number) if number.is_i64() || number.is_u64() => Ty::Scalar("integer"),
            Value::Number(_) => Ty::Scalar("number"),
            _ => {
                self.problem(
                    site,
                    "a `const` that is not a string, number or boolean; kept as `json`",
                );
                Ty::Scalar("json")
            }
        };
        Mapped {
            ty,
            nullable: false,
            doc: Some(format!("Always `{}`.", constant_text(constant))),
        }
    }

    /// `doc`: the schema's own description or title, if it has one.
    fn enumeration(
        &mut self,
        values: &[Value],
        site: &Site,
        hint: &str,
        doc: Option<String>,
    ) -> Mapped {
        let nullable = values.contains(&Value::Null);
        let strings: Vec<String> = values
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect();
        let others = values
            .iter()
            .filter(|value| !value.is_null() && !value.is_string())
            .count();
        if others > 0 {
            self.problem(
                site,
                "an `enum` of non-string values is kept as its JSON type without the value set",
            );
            let kinds: Vec<&Value> = values.iter().filter(|value| !value.is_null()).collect();
            let ty = match kinds.first() {
                Some(Value::Bool(_)) => Ty::Scalar("bool"),
                Some(Value::Number(number)) if number.is_i64() || number.is_u64() => {
                    Ty::Scalar("integer")
                }
                Some(Value::Number(_)) => Ty::Scalar("number"),
                _ => Ty::Scalar("json"),
            };
            return Mapped {
                ty,
                nullable,
                doc: None,
            };
        }
        match strings.as_slice() {
            [] => Mapped {
                ty: Ty::Scalar("json"),
                nullable: true,
                doc: Some("Always `null` in the vendor's schema.".to_owned()),
            },
            [only] => {
                self.count("single-value enum (documented value)");
                Mapped {
                    ty: Ty::Scalar("string"),
                    nullable,
                    doc: Some(format!("Always `{only}`.")),
                }
            }
            _ => {
                self.count("enum (open enum)");
                let key = enum_key(&strings);
                let doc = match (doc, site.pointer.rsplit('/').next()) {
                    (Some(doc), _) => doc,
                    (None, Some(member)) if !member.is_empty() => {
                        format!("Values of `{member}` in the vendor's schema.")
                    }
                    (None, _) => format!("The values `{}` allows.", site.file),
                };
                let name = self.shared(key, hint, || TypeDef::Enum {
                    doc,
                    values: strings,
                });
                Mapped {
                    ty: Ty::Named(name),
                    nullable,
                    doc: None,
                }
            }
        }
    }

    /// `oneOf`/`anyOf`: `null` branches make it nullable; one other branch is that type;
    /// several become a union told apart by JSON kind, then by a tag member or a required key.
    /// `doc`: the schema's own description or title, if it has one.
    fn one_of(
        &mut self,
        branches: &[(Value, Site)],
        site: &Site,
        hint: &str,
        doc: Option<String>,
        discriminator: Option<Discriminator>,
    ) -> Mapped {
        let mut nullable = false;
        let mut kept: Vec<(Value, Site)> = Vec::new();
        for (branch, branch_site) in branches {
            if is_null_schema(branch) {
                nullable = true;
            } else if branch == &Value::Bool(false) {
                // Admits nothing: no variant.
                self.count("union branch `false` (no variant)");
            } else {
                kept.push((branch.clone(), branch_site.clone()));
            }
        }
        if kept.is_empty() {
            if nullable {
                self.count("null only (json)");
                return Mapped {
                    ty: Ty::Scalar("json"),
                    nullable: true,
                    doc: Some("Always `null` in the vendor's schema.".to_owned()),
                };
            }
            self.problem(
                site,
                "no branch of the union admits a value; kept as `json`",
            );
            return json(None);
        }
        if nullable {
            self.count("oneOf with null (nullable)");
        }
        if kept.len() == 1 {
            let (branch, branch_site) = &kept[0];
            let mut mapped = self.map(branch, branch_site, hint);
            mapped.nullable |= nullable;
            return mapped;
        }
        // The spec has no union of unions: a branch that is itself one (directly or through
        // `$ref`s) gives its own branches.
        let kept = self.flattened(kept, &mut nullable, 8);
        // Map each branch and group them by JSON kind.
        let mut variants: Vec<(Mapped, Value, Site)> = Vec::new();
        for (index, (branch, branch_site)) in kept.iter().enumerate() {
            let mapped = self.map(branch, branch_site, &format!("{hint}{}", index + 1));
            if mapped.nullable {
                nullable = true;
            }
            variants.push((mapped, branch.clone(), branch_site.clone()));
        }
        if variants
            .iter()
            .any(|(mapped, _, _)| mapped.ty == Ty::Scalar("json"))
        {
            self.problem(site, "a union with an untyped branch is kept as `json`");
            return Mapped {
                ty: Ty::Scalar("json"),
                nullable,
                doc: None,
            };
        }
        if variants
            .iter()
            .any(|(mapped, _, _)| self.kind(&mapped.ty) == "union")
        {
            self.problem(
                site,
                "a union with a branch that is itself a union (not by `oneOf`/`anyOf`) is kept as `json`",
            );
            return Mapped {
                ty: Ty::Scalar("json"),
                nullable,
                doc: None,
            };
        }
        let mut by_kind: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
        for (index, (mapped, _, _)) in variants.iter().enumerate() {
            let kind = self.kind(&mapped.ty);
            by_kind.entry(kind).or_default().push(index);
        }
        let mut out: Vec<VariantOut> = Vec::new();
        let mut tag_member: Option<String> = None;
        for (kind, indices) in &by_kind {
            if indices.len() == 1 {
                out.push(VariantOut {
                    ty: variants[indices[0]].0.ty.clone(),
                    rust_name: None,
                    tag: None,
                    key: None,
                    keyed: false,
                });
                continue;
            }
            match *kind {
                "string" => {
                    // Several string forms (a URI or a documented value): one string.
                    self.count("union of strings (string)");
                    out.push(VariantOut {
                        ty: Ty::Scalar("string"),
                        rust_name: None,
                        tag: None,
                        key: None,
                        keyed: false,
                    });
                }
                "array" => {
                    self.count("union of arrays (array of json)");
                    out.push(VariantOut {
                        ty: Ty::Array(Box::new(Ty::Scalar("json"))),
                        rust_name: None,
                        tag: None,
                        key: None,
                        keyed: false,
                    });
                }
                "object" => {
                    let schemas: Vec<Map<String, Value>> = indices
                        .iter()
                        .map(|index| self.resolved_object(&variants[*index].1, &variants[*index].2))
                        .collect();
                    let declared = discriminator.as_ref().and_then(|discriminator| {
                        self.discriminated(discriminator, indices, &variants, &schemas)
                    });
                    if let Some((member, values)) = declared.or_else(|| tag_of(&schemas)) {
                        self.count("union of objects told apart by a tag member");
                        tag_member = Some(member);
                        for (index, value) in indices.iter().zip(values) {
                            out.push(VariantOut {
                                ty: variants[*index].0.ty.clone(),
                                rust_name: None,
                                tag: Some(value),
                                key: None,
                                keyed: false,
                            });
                        }
                    } else if let Some(keys) = keys_of(&schemas) {
                        self.count("union of objects told apart by a required key");
                        for (index, key) in indices.iter().zip(keys) {
                            out.push(VariantOut {
                                ty: variants[*index].0.ty.clone(),
                                rust_name: None,
                                tag: None,
                                key,
                                keyed: true,
                            });
                        }
                    } else {
                        self.problem(
                            site,
                            "a union of objects with neither a tag member nor a required key that tells them apart; kept as `json`",
                        );
                        return Mapped {
                            ty: Ty::Scalar("json"),
                            nullable,
                            doc: None,
                        };
                    }
                }
                "integer" => {
                    // Integer forms of one kind (`integer`, epoch): one integer.
                    out.push(VariantOut {
                        ty: Ty::Scalar("integer"),
                        rust_name: None,
                        tag: None,
                        key: None,
                        keyed: false,
                    });
                }
                _ => {
                    self.problem(
                        site,
                        format!("several `{kind}` branches cannot be told apart; kept as `json`"),
                    );
                    return Mapped {
                        ty: Ty::Scalar("json"),
                        nullable,
                        doc: None,
                    };
                }
            }
        }
        if out.len() == 1 {
            let only = out.remove(0);
            return Mapped {
                ty: only.ty,
                nullable,
                doc: None,
            };
        }
        // An integer beside a date-time string is an epoch timestamp.
        let has_datetime = out
            .iter()
            .any(|variant| variant.ty == Ty::Scalar("datetime"));
        for variant in &mut out {
            if has_datetime && variant.ty == Ty::Scalar("integer") {
                variant.ty = Ty::Scalar("epoch_seconds");
            }
        }
        name_variants(&mut out);
        self.count("union");
        let key = union_key(&tag_member, &out);
        let doc = match doc {
            Some(doc) => doc,
            None if site.pointer.is_empty() => format!("One of several types (`{}`).", site.file),
            None => format!(
                "One of several types (`{}` in `{}`).",
                site.pointer, site.file
            ),
        };
        let name = self.shared(key, hint, || TypeDef::Union {
            doc,
            tag: tag_member,
            variants: out,
        });
        Mapped {
            ty: Ty::Named(name),
            nullable,
            doc: None,
        }
    }

    /// `branches` with each `oneOf`/`anyOf` branch (after its `$ref`s) replaced by its own
    /// branches, `null` ones making the union nullable.
    fn flattened(
        &mut self,
        branches: Vec<(Value, Site)>,
        nullable: &mut bool,
        depth: usize,
    ) -> Vec<(Value, Site)> {
        let mut out = Vec::new();
        for (branch, site) in branches {
            let (target, target_site) = self.followed(&branch, &site);
            let inner = ["oneOf", "anyOf"]
                .into_iter()
                .find_map(|keyword| Some((keyword, target.get(keyword)?.as_array()?.clone())));
            match inner {
                Some((keyword, inner)) if depth > 0 && target.get("allOf").is_none() => {
                    self.count("union in a union (its branches)");
                    if target.get("nullable") == Some(&Value::Bool(true)) {
                        *nullable = true;
                    }
                    let mut expanded = Vec::new();
                    for (index, inner_branch) in inner.into_iter().enumerate() {
                        if is_null_schema(&inner_branch) {
                            *nullable = true;
                        } else {
                            expanded.push((inner_branch, target_site.index(keyword, index)));
                        }
                    }
                    out.extend(self.flattened(expanded, nullable, depth - 1));
                }
                _ => out.push((branch, site)),
            }
        }
        out
    }

    /// OpenAPI's `discriminator` on a schema with `oneOf`/`anyOf`: the tag member and the
    /// explicit `mapping` (value → schema), each target resolved.
    fn discriminator(&mut self, schema: &Map<String, Value>, site: &Site) -> Option<Discriminator> {
        let declared = schema.get("discriminator")?;
        let Some(member) = declared.get("propertyName").and_then(Value::as_str) else {
            self.problem(
                &site.at("discriminator"),
                "a `discriminator` without a `propertyName`; ignored",
            );
            return None;
        };
        let mut mapping = Vec::new();
        if let Some(Value::Object(entries)) = declared.get("mapping") {
            for (value, target) in entries {
                let Some(target) = target.as_str() else {
                    continue;
                };
                // A bare name is a schema under `components/schemas`.
                let reference = if target.contains('#') || target.contains('/') {
                    target.to_owned()
                } else {
                    format!("#/components/schemas/{target}")
                };
                match self.docs.resolve(&site.file, &reference) {
                    Ok((file, pointer)) => mapping.push((value.clone(), Site { file, pointer })),
                    Err(message) => self.problem(
                        &site.at("discriminator").at("mapping").at(value),
                        format!("{message}; this value is left out of the tag"),
                    ),
                }
            }
        }
        self.count("discriminator (tagged union)");
        Some(Discriminator {
            member: member.to_owned(),
            mapping,
        })
    }

    /// The tag values of object variants under a `discriminator`: the `mapping`'s value for
    /// the variant's schema, else the value the variant fixes the member to, else (as OpenAPI
    /// says) the name of the schema the variant refers to. `None` unless every variant has
    /// one and they differ.
    fn discriminated(
        &self,
        discriminator: &Discriminator,
        indices: &[usize],
        variants: &[(Mapped, Value, Site)],
        schemas: &[Map<String, Value>],
    ) -> Option<(String, Vec<String>)> {
        let mut values = Vec::new();
        for (index, schema) in indices.iter().zip(schemas) {
            let (_, branch, branch_site) = &variants[*index];
            let target = self
                .docs
                .follow(branch, branch_site)
                .ok()
                .map(|(_, site)| site);
            let mapped = discriminator
                .mapping
                .iter()
                .find_map(|(value, site)| (target.as_ref() == Some(site)).then(|| value.clone()));
            let fixed = || {
                schema
                    .get("properties")?
                    .get(&discriminator.member)
                    .and_then(|property| property.as_object())
                    .and_then(compose::fixed_value)
                    .and_then(|value| value.as_str().map(str::to_owned))
            };
            let named = || {
                let reference = branch.get("$ref")?.as_str()?;
                reference.rsplit('/').next().map(str::to_owned)
            };
            values.push(mapped.or_else(fixed).or_else(named)?);
        }
        let distinct: HashSet<&String> = values.iter().collect();
        (distinct.len() == values.len()).then(|| (discriminator.member.clone(), values))
    }

    /// `branch` with its `$ref`s followed, and where it then is (where it was, when a
    /// `$ref` leads nowhere: that is reported where the branch is mapped).
    fn followed(&self, branch: &Value, site: &Site) -> (Value, Site) {
        match self.docs.follow(branch, site) {
            Ok((target, target_site)) => (target.clone(), target_site),
            Err(_) => (branch.clone(), site.clone()),
        }
    }

    /// The JSON kind of a mapped type.
    fn kind(&self, ty: &Ty) -> &'static str {
        match ty {
            Ty::Scalar("string" | "datetime") => "string",
            Ty::Scalar("integer" | "epoch_seconds") => "integer",
            Ty::Scalar("number") => "number",
            Ty::Scalar("bool") => "boolean",
            Ty::Scalar(_) => "json",
            Ty::Array(_) => "array",
            Ty::Map(_) => "object",
            Ty::Named(name) => match self.types.get(name) {
                Some(TypeDef::Enum { .. }) => "string",
                Some(TypeDef::Union { .. }) => "union",
                _ => "object",
            },
        }
    }

    /// The object schema a branch stands for, `$ref`s followed and `allOf` composed, with
    /// its members' schemas followed (a member a refinement fixes reads as that `const`), for
    /// finding a tag or key.
    fn resolved_object(&self, branch: &Value, site: &Site) -> Map<String, Value> {
        let (target, target_site) = self.followed(branch, site);
        let mut object = if target.get("allOf").is_some() {
            compose::all_of(self.docs, &target, &target_site).0
        } else {
            target
        };
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            for member in properties.values_mut() {
                let fixed = member.get(FIXED).cloned();
                if place(member).is_some()
                    && let Ok((schema, _)) = self.docs.follow(member, &target_site)
                {
                    *member = schema.clone();
                }
                if let (Some(fixed), Value::Object(map)) = (fixed, &mut *member) {
                    map.insert("const".to_owned(), fixed);
                }
            }
        }
        match object {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// OpenAPI's `discriminator`: the member that tells object variants apart, and explicit
/// values for some of them.
struct Discriminator {
    member: String,
    mapping: Vec<(String, Site)>,
}

/// A property that every object gives one distinct fixed value (`enum: [x]` or `const`).
fn tag_of(schemas: &[Map<String, Value>]) -> Option<(String, Vec<String>)> {
    let first = schemas.first()?.get("properties")?.as_object()?;
    for member in first.keys() {
        let values: Option<Vec<String>> = schemas
            .iter()
            .map(|schema| fixed_value(schema.get("properties")?.get(member)?))
            .collect();
        if let Some(values) = values {
            let distinct: HashSet<&String> = values.iter().collect();
            if distinct.len() == values.len() {
                return Some((member.clone(), values));
            }
        }
    }
    None
}

fn fixed_value(property: &Value) -> Option<String> {
    if let Some(Value::String(value)) = property.get("const") {
        return Some(value.clone());
    }
    match property.get("enum")?.as_array()?.as_slice() {
        [Value::String(value)] => Some(value.clone()),
        _ => None,
    }
}

/// For each object, a required key that no other object declares at all; one object may
/// have none (it is then the variant for objects with none of the others' keys).
fn keys_of(schemas: &[Map<String, Value>]) -> Option<Vec<Option<String>>> {
    let declared = |schema: &Map<String, Value>| -> HashSet<String> {
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| properties.keys().cloned().collect())
            .unwrap_or_default()
    };
    let all: Vec<HashSet<String>> = schemas.iter().map(declared).collect();
    let mut keys = Vec::new();
    for (index, schema) in schemas.iter().enumerate() {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|keys| keys.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let unique = required.into_iter().find(|key| {
            all.iter()
                .enumerate()
                .all(|(other, keys)| other == index || !keys.contains(*key))
        });
        keys.push(unique.map(str::to_owned));
    }
    (keys.iter().filter(|key| key.is_none()).count() <= 1).then_some(keys)
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(kind)) => kind == "null",
        Some(Value::Array(kinds)) => kinds.iter().all(|kind| kind == "null"),
        _ => false,
    }
}

fn description(value: &Value) -> Option<String> {
    value
        .get("description")
        .and_then(Value::as_str)
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// A schema's description, else its title.
pub(crate) fn titled(schema: &Map<String, Value>) -> Option<String> {
    schema
        .get("description")
        .or_else(|| schema.get("title"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// A type's doc: its title or description, else where it was imported from.
fn type_doc(schema: &Map<String, Value>, site: &Site) -> String {
    match titled(schema) {
        Some(text) => text,
        None if site.pointer.is_empty() => format!("Imported from `{}`.", site.file),
        None => format!("Imported from `{}` at `{}`.", site.file, site.pointer),
    }
}

fn constant_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn json(doc: Option<String>) -> Mapped {
    Mapped {
        ty: Ty::Scalar("json"),
        nullable: false,
        doc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapper_for(document: Value) -> Documents {
        Documents::single("api.json", document)
    }

    fn map_at<'d>(docs: &'d Documents, pointer: &str) -> (Mapped, Mapper<'d>) {
        let mut mapper = Mapper::new(docs, Vec::new());
        let site = Site {
            file: "api.json".to_owned(),
            pointer: pointer.to_owned(),
        };
        let schema = docs.get(&site).cloned().unwrap_or(Value::Null);
        let mapped = mapper.map(&schema, &site, "Hint");
        (mapped, mapper)
    }

    #[test]
    fn keywords_are_classified() {
        assert_eq!(keyword("properties"), Keyword::Understood);
        assert_eq!(keyword("maxLength"), Keyword::Validation);
        for annotation in [
            "example",
            "discriminator",
            "xml",
            "externalDocs",
            "x-anything",
        ] {
            assert_eq!(keyword(annotation), Keyword::Annotation, "{annotation}");
        }
        assert_eq!(keyword("not"), Keyword::Unknown);
    }

    #[test]
    fn boolean_schemas_and_empty_arrays() {
        let docs =
            mapper_for(json!({"t": true, "f": false, "e": {"type": "array", "items": false}}));
        let (mapped, mapper) = map_at(&docs, "/t");
        assert_eq!(mapped.ty, Ty::Scalar("json"));
        assert!(mapper.problems.is_empty());
        let (mapped, mapper) = map_at(&docs, "/f");
        assert_eq!(mapped.ty, Ty::Scalar("json"));
        assert_eq!(mapper.problems.len(), 1);
        let (mapped, mapper) = map_at(&docs, "/e");
        assert_eq!(mapped.ty, Ty::Array(Box::new(Ty::Scalar("json"))));
        assert!(mapper.problems.is_empty());
    }

    #[test]
    fn a_fixed_value_keeps_the_type_and_says_so() {
        let docs = mapper_for(json!({
            "Base": {"type": "object", "properties": {"kind": {"type": ["string", "null"], "description": "The kind"}}},
            "Narrow": {"allOf": [{"$ref": "#/Base"}, {"properties": {"kind": {"const": "x"}}}]}
        }));
        let (mapped, mapper) = map_at(&docs, "/Narrow");
        let Ty::Named(name) = &mapped.ty else {
            panic!("{mapped:?}")
        };
        let Some(TypeDef::Object { fields, .. }) = mapper.types.get(name) else {
            panic!("{name}")
        };
        assert_eq!(fields[0].ty, Ty::Scalar("string"));
        // The value excludes `null`: a shape of its own, not `Base`.
        assert!(!fields[0].nullable);
        assert_ne!(name, "Base");
        assert_eq!(fields[0].doc.as_deref(), Some("The kind. Always `x` here."));
    }

    #[test]
    fn a_discriminator_tags_the_union() {
        let docs = mapper_for(json!({
            "U": {"oneOf": [{"$ref": "#/A"}, {"$ref": "#/B"}],
                  "discriminator": {"propertyName": "kind", "mapping": {"a-kind": "#/A"}}},
            "A": {"type": "object", "properties": {"kind": {"type": "string"}}},
            "B": {"type": "object", "properties": {"kind": {"type": "string"}}}
        }));
        let (mapped, mapper) = map_at(&docs, "/U");
        let Ty::Named(name) = &mapped.ty else {
            panic!("{mapped:?}")
        };
        let Some(TypeDef::Union { tag, variants, .. }) = mapper.types.get(name) else {
            panic!("{name}")
        };
        assert_eq!(tag.as_deref(), Some("kind"));
        let tags: Vec<Option<&str>> = variants.iter().map(|v| v.tag.as_deref()).collect();
        // From the mapping, then (as OpenAPI says) the schema's name.
        assert_eq!(tags, [Some("a-kind"), Some("B")]);
    }
}
