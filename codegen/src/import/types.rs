//! JSON Schema → spec types: scalars, named objects (shared when structurally identical), open
//! enums, maps, arrays, nullability, and unions told apart by JSON kind, a tag member or a
//! required key. What cannot be mapped is reported with its file and JSON pointer.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Problem;
use super::schema::{Documents, child};

/// A spec type, as written in the YAML.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Ty {
    /// `string`, `bool`, `integer`, `number`, `datetime`, `epoch_seconds` or `json`.
    Scalar(&'static str),
    /// A type under `types:`.
    Named(String),
    /// `array` of items.
    Array(Box<Ty>),
    /// `map` of values.
    Map(Box<Ty>),
}

impl Ty {
    /// A canonical text, for structural sharing.
    fn key(&self) -> String {
        match self {
            Ty::Scalar(name) => (*name).to_owned(),
            Ty::Named(name) => format!("@{name}"),
            Ty::Array(inner) => format!("[{}]", inner.key()),
            Ty::Map(inner) => format!("{{{}}}", inner.key()),
        }
    }
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldOut {
    pub(crate) key: String,
    pub(crate) ty: Ty,
    pub(crate) doc: Option<String>,
    pub(crate) optional: bool,
    pub(crate) nullable: bool,
    /// An overlay's correction of the schema.
    pub(crate) note: Option<String>,
}

/// A union variant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VariantOut {
    pub(crate) ty: Ty,
    pub(crate) rust_name: Option<String>,
    pub(crate) tag: Option<String>,
    /// The required key that tells it apart; `None` with several objects: the `otherwise`
    /// variant.
    pub(crate) key: Option<String>,
    /// One of several objects told apart by keys.
    pub(crate) keyed: bool,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeDef {
    Object {
        doc: String,
        fields: Vec<FieldOut>,
    },
    Enum {
        doc: String,
        values: Vec<String>,
    },
    Union {
        doc: String,
        tag: Option<String>,
        variants: Vec<VariantOut>,
    },
}

/// A mapped schema: its type, whether `null` is allowed, and its description.
#[derive(Debug, Clone)]
pub(crate) struct Mapped {
    pub(crate) ty: Ty,
    pub(crate) nullable: bool,
    pub(crate) doc: Option<String>,
}

/// Where a schema node is.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub(crate) file: String,
    pub(crate) pointer: String,
}

impl Site {
    fn at(&self, key: &str) -> Site {
        Site {
            file: self.file.clone(),
            pointer: child(&self.pointer, key),
        }
    }

    fn index(&self, key: &str, index: usize) -> Site {
        self.at(key).at(&index.to_string())
    }
}

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
];

pub(crate) struct Mapper<'d> {
    docs: &'d Documents,
    pub(crate) problems: Vec<Problem>,
    /// Constructs mapped, by kind, for the report.
    pub(crate) mapped: BTreeMap<&'static str, usize>,
    /// Keywords ignored, by name, for the report.
    pub(crate) ignored: BTreeMap<String, usize>,
    /// Named types in the order they were defined.
    pub(crate) types: IndexMap<String, TypeDef>,
    by_ref: HashMap<(String, String), Mapped>,
    by_shape: HashMap<String, String>,
    taken: HashSet<String>,
}

impl<'d> Mapper<'d> {
    pub(crate) fn new(docs: &'d Documents, reserved: impl IntoIterator<Item = String>) -> Self {
        let mut taken: HashSet<String> = crate::validate::RESERVED_TYPES
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        taken.extend(reserved);
        Mapper {
            docs,
            problems: Vec::new(),
            mapped: BTreeMap::new(),
            ignored: BTreeMap::new(),
            types: IndexMap::new(),
            by_ref: HashMap::new(),
            by_shape: HashMap::new(),
            taken,
        }
    }

    fn count(&mut self, what: &'static str) {
        *self.mapped.entry(what).or_default() += 1;
    }

    pub(crate) fn problem(&mut self, site: &Site, message: impl Into<String>) {
        self.problems.push(Problem {
            file: site.file.clone(),
            pointer: site.pointer.clone(),
            message: message.into(),
        });
    }

    /// Defines the whole file `file` as a named type (shared definitions), as a `$ref` to it
    /// would.
    pub(crate) fn define_file(&mut self, file: &str) {
        let root = Site {
            file: String::new(),
            pointer: String::new(),
        };
        self.reference(file, &root, "");
    }

    /// A type name from `hint` that no other type has taken.
    fn fresh_name(&mut self, hint: &str) -> String {
        let mut base = hint.to_upper_camel_case();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = format!("T{base}");
        }
        base.retain(|c| c.is_ascii_alphanumeric() || c == '_');
        let mut name = base.clone();
        let mut suffix = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{suffix}");
            suffix += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// The type with this shape `key` if one is defined already (structurally identical
    /// types are shared), else a new one named from `hint`.
    fn shared(&mut self, key: String, hint: &str, define: impl FnOnce() -> TypeDef) -> String {
        if let Some(name) = self.by_shape.get(&key) {
            return name.clone();
        }
        let name = self.fresh_name(hint);
        self.by_shape.insert(key, name.clone());
        self.types.insert(name.clone(), define());
        name
    }

    /// Maps the schema at `site`; `hint` names the types it defines.
    pub(crate) fn map(&mut self, value: &Value, site: &Site, hint: &str) -> Mapped {
        let doc = description(value);
        let Some(schema) = value.as_object() else {
            if value == &Value::Bool(true) {
                return Mapped {
                    ty: Ty::Scalar("json"),
                    nullable: false,
                    doc,
                };
            }
            self.problem(
                site,
                "a schema must be an object (or `true`); kept as `json`",
            );
            return json(doc);
        };
        self.note_keywords(schema, site);
        let mut mapped = self.map_object_schema(schema, site, hint);
        if mapped.doc.is_none() {
            mapped.doc = doc;
        }
        mapped
    }

    fn note_keywords(&mut self, schema: &Map<String, Value>, site: &Site) {
        for key in schema.keys() {
            if VALIDATION_ONLY.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str()) {
                if !matches!(
                    key.as_str(),
                    "description" | "title" | "$schema" | "$id" | "format"
                ) {
                    *self.ignored.entry(key.clone()).or_default() += 1;
                }
            } else if !UNDERSTOOD.contains(&key.as_str()) && !key.starts_with("x-") {
                self.problem(
                    &site.at(key),
                    format!("keyword `{key}` is not understood; ignored"),
                );
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
            return self.reference(reference, site, hint);
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(all, site, hint);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
                let branches: Vec<(Value, Site)> = branches
                    .iter()
                    .enumerate()
                    .map(|(index, branch)| (branch.clone(), site.index(keyword, index)))
                    .collect();
                let mut mapped = self.one_of(&branches, site, hint, titled(schema));
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
                let mut mapped = self.one_of(&branches, site, hint, titled(schema));
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
                    Some(items) => {
                        self.map(items, &site.at("items"), &format!("{hint}Item"))
                            .ty
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
        if properties.is_none_or(Map::is_empty) && name.is_none() {
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
        if let Some(Value::Object(_)) = additional {
            self.problem(
                &site.at("additionalProperties"),
                "an object with both `properties` and an `additionalProperties` schema: the other members are kept untyped in `extra`",
            );
        }
        let fields = self.fields(schema, site, hint);
        let doc = type_doc(schema, site);
        self.count("object");
        match name {
            // A `$ref`'d definition keeps its own name (it may be recursive).
            Some(name) => {
                self.by_shape
                    .entry(object_key(&fields))
                    .or_insert_with(|| name.clone());
                self.types
                    .insert(name.clone(), TypeDef::Object { doc, fields });
                Ty::Named(name)
            }
            None => {
                let key = object_key(&fields);
                if self.by_shape.contains_key(&key) {
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
        self.note_keywords(schema, site);
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
        let ref_name = reference_name(&file, &pointer);
        let is_object = target.get("properties").is_some()
            && target.get("oneOf").is_none()
            && target.get("allOf").is_none()
            && target.get("$ref").is_none();
        if is_object {
            // Named before its fields are read, so a type that refers to itself works.
            let name = self.fresh_name(&ref_name);
            let placeholder = Mapped {
                ty: Ty::Named(name.clone()),
                nullable: matches!(target.get("type"), Some(Value::Array(types)) if types.contains(&Value::from("null"))),
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
        let mapped = self.map(&target, &target_site, &ref_name);
        self.by_ref.insert(key, mapped.clone());
        mapped
    }

    /// `allOf: [$ref, narrowing]`: the referenced type (the narrowing only restates members).
    fn all_of(&mut self, all: &[Value], site: &Site, hint: &str) -> Mapped {
        let reference = all
            .iter()
            .enumerate()
            .find_map(|(index, part)| part.get("$ref").map(|_| (index, part)));
        let narrowing_only = all.iter().all(|part| {
            part.get("$ref").is_some()
                || part.get("type").and_then(Value::as_str) == Some("object")
                || part.get("properties").is_some()
        });
        match reference {
            Some((index, part))
                if narrowing_only
                    && all.iter().filter(|part| part.get("$ref").is_some()).count() == 1 =>
            {
                self.count("allOf [$ref, narrowing] (the referenced type)");
                self.map(part, &site.index("allOf", index), hint)
            }
            _ => {
                self.problem(
                    &site.at("allOf"),
                    "`allOf` other than one `$ref` narrowed by objects cannot be mapped; kept as `json`",
                );
                json(None)
            }
        }
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
                let key = format!("E{}", strings.join("\u{1}"));
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
    ) -> Mapped {
        let mut nullable = false;
        let mut kept: Vec<(Value, Site)> = Vec::new();
        for (branch, branch_site) in branches {
            if is_null_schema(branch) {
                nullable = true;
            } else {
                kept.push((branch.clone(), branch_site.clone()));
            }
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
                    if let Some((member, values)) = tag_of(&schemas) {
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
        name_variants(&mut out, &self.types);
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

    /// `branch` with its `$ref`s followed, and where it then is.
    fn followed(&self, branch: &Value, site: &Site) -> (Value, Site) {
        let mut current = branch.clone();
        let mut at = site.clone();
        for _ in 0..16 {
            let Some((target, target_site)) = self.referenced(&current, &at.file) else {
                break;
            };
            current = target.clone();
            at = target_site;
        }
        (current, at)
    }

    /// What `value`'s `$ref` (written in `file`) points at, and where; `None` without a
    /// `$ref` or when it leads nowhere (reported where the type is mapped).
    fn referenced(&self, value: &Value, file: &str) -> Option<(&'d Value, Site)> {
        let reference = value.get("$ref").and_then(Value::as_str)?;
        let (file, pointer) = self.docs.resolve(file, reference).ok()?;
        let target = self.docs.files.get(&file)?.pointer(&pointer)?;
        Some((target, Site { file, pointer }))
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

    /// The object schema a branch stands for, `$ref`s and `allOf` narrowing resolved
    /// (merged), for finding a tag or key.
    fn resolved_object(&self, branch: &Value, site: &Site) -> Map<String, Value> {
        let mut current = branch.clone();
        let mut file = site.file.clone();
        for _ in 0..16 {
            if current.get("$ref").is_some() {
                let Some((target, target_site)) = self.referenced(&current, &file) else {
                    break;
                };
                current = target.clone();
                file = target_site.file;
                continue;
            }
            if let Some(all) = current.get("allOf").and_then(Value::as_array).cloned() {
                let mut merged = Map::new();
                let mut required: Vec<Value> = Vec::new();
                for part in all {
                    let part_site = Site {
                        file: file.clone(),
                        pointer: String::new(),
                    };
                    let resolved = self.resolved_object(&part, &part_site);
                    if let Some(Value::Object(properties)) = resolved.get("properties") {
                        let target = merged
                            .entry("properties")
                            .or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(target) = target {
                            for (key, value) in properties {
                                target.insert(key.clone(), value.clone());
                            }
                        }
                    }
                    if let Some(Value::Array(keys)) = resolved.get("required") {
                        required.extend(keys.iter().cloned());
                    }
                }
                merged.insert("required".to_owned(), Value::Array(required));
                return merged;
            }
            break;
        }
        current.as_object().cloned().unwrap_or_default()
    }
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

/// Variant names: the named type's name, or the scalar's; duplicates get a number.
fn name_variants(variants: &mut [VariantOut], _types: &IndexMap<String, TypeDef>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for variant in variants.iter_mut() {
        let base = match &variant.ty {
            Ty::Named(name) => name.clone(),
            Ty::Scalar(name) => name.to_upper_camel_case(),
            Ty::Array(_) => "Array".to_owned(),
            Ty::Map(_) => "Map".to_owned(),
        };
        let count = seen.entry(base.clone()).or_default();
        *count += 1;
        if *count > 1 {
            variant.rust_name = Some(format!("{base}{count}"));
        } else if !matches!(variant.ty, Ty::Named(_))
            && matches!(variant.ty, Ty::Array(_) | Ty::Map(_))
        {
            variant.rust_name = Some(base);
        }
    }
}

fn object_key(fields: &[FieldOut]) -> String {
    let mut key = String::from("O");
    for field in fields {
        key.push_str(&format!(
            "|{}:{}:{}{}",
            field.key,
            field.ty.key(),
            u8::from(field.optional),
            u8::from(field.nullable)
        ));
    }
    key
}

fn union_key(tag: &Option<String>, variants: &[VariantOut]) -> String {
    let mut key = format!("U{}", tag.as_deref().unwrap_or_default());
    for variant in variants {
        key.push_str(&format!(
            "|{}:{}:{}",
            variant.ty.key(),
            variant.tag.as_deref().unwrap_or_default(),
            variant.key.as_deref().unwrap_or_default()
        ));
    }
    key
}

/// The type name a `$ref` target takes: the file's stem (`common/user.schema.json` → `User`),
/// or the last key of a pointer (`#/definitions/issue_state` → `IssueState`).
fn reference_name(file: &str, pointer: &str) -> String {
    match pointer.rsplit('/').next() {
        Some(last) if !pointer.is_empty() => last.to_upper_camel_case(),
        _ => {
            let stem = file.rsplit('/').next().unwrap_or(file);
            let stem = stem.strip_suffix(".json").unwrap_or(stem);
            let stem = stem.strip_suffix(".schema").unwrap_or(stem);
            stem.to_upper_camel_case()
        }
    }
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
