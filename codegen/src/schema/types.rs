//! Types and members: scalars, arrays, maps, references to named types, and the named
//! structs and enums themselves (unions are in `unions.rs`).

use std::collections::HashSet;

use indexmap::IndexMap;

use super::json::{Json, Schema};
use super::{formats, presence};
use crate::model::{Enum, Field, Struct, Type, Vendor};

/// Builds the schemas of one vendor's types, collecting the named types they reach into
/// `$defs`.
pub(super) struct Builder<'a> {
    pub(super) vendor: &'a Vendor,
    /// Named types referred to, in the order first met.
    wanted: Vec<&'a str>,
    referred: HashSet<&'a str>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(vendor: &'a Vendor) -> Self {
        Builder {
            vendor,
            wanted: Vec::new(),
            referred: HashSet::new(),
        }
    }

    /// The schema of a present value of `ty`; `lenient` where its text scalars are
    /// `hookspec::Lenient` (under `presence: tolerant`).
    pub(super) fn ty(&mut self, ty: &'a Type, lenient: bool) -> Schema {
        match ty {
            Type::String => Schema::of_type("string"),
            Type::Bool => Schema::of_type("boolean"),
            Type::Integer => integer(),
            Type::EpochSeconds => integer().with(
                "$comment",
                "Seconds since the Unix epoch (1970-01-01T00:00:00Z).",
            ),
            Type::EpochMillis => integer().with(
                "$comment",
                "Milliseconds since the Unix epoch (1970-01-01T00:00:00Z).",
            ),
            Type::Number => Schema::of_type("number"),
            Type::Rfc3339 | Type::DateTime | Type::DecimalString => formats::text(ty, lenient),
            Type::Json => Schema::new(),
            Type::Array(items) => Schema::of_type("array").with("items", self.ty(items, lenient)),
            Type::Map(values) => {
                Schema::of_type("object").with("additionalProperties", self.ty(values, lenient))
            }
            Type::Named(name) => {
                if self.referred.insert(name) {
                    self.wanted.push(name);
                }
                Schema::reference(name)
            }
        }
    }

    /// The schema of `field`'s value, `null` included where the parser takes it, with its
    /// documentation; and whether it is required.
    pub(super) fn field(&mut self, field: &'a Field) -> (Schema, bool) {
        let presence = presence::of(self.vendor, field);
        let value = self.ty(&field.ty, field.tolerant);
        let mut schema = if presence.nullable {
            Schema::any_of(vec![value, Schema::of_type("null")])
        } else {
            value
        };
        let mut doc = field.doc.trim().to_owned();
        if presence.tolerated {
            let (expected, accepted) = match (field.optional, presence.nullable && !field.nullable)
            {
                (false, true) => ("required and non-null", "absent or `null`"),
                (false, false) => ("required", "absent"),
                (true, _) => ("non-null", "`null`"),
            };
            let note = format!(
                "The spec says this member is {expected}; under `presence: tolerant` the parser \
                 also accepts it {accepted} (drift: it keeps a placeholder and records it)."
            );
            doc = if doc.is_empty() {
                note
            } else {
                format!("{doc}\n\n{note}")
            };
        }
        schema = schema.with_text("description", &doc);
        if field.deprecated.is_some() {
            schema.set("deprecated", true);
        }
        (schema, presence.required)
    }

    /// An object with these members (in order), others allowed (the parser keeps them).
    pub(super) fn object(&mut self, fields: impl IntoIterator<Item = &'a Field>) -> Schema {
        let mut properties = IndexMap::new();
        let mut required = Vec::new();
        for field in fields {
            let (schema, is_required) = self.field(field);
            if is_required {
                required.push(Json::from(field.wire.as_str()));
            }
            properties.insert(field.wire.clone(), Json::from(schema));
        }
        let mut schema = Schema::of_type("object").with("properties", Json::Object(properties));
        if !required.is_empty() {
            schema.set("required", required);
        }
        schema.with("additionalProperties", true)
    }

    /// The schema of a struct.
    fn structure(&mut self, def: &'a Struct) -> Schema {
        let body = self.object(&def.fields);
        Schema::new()
            .with("title", def.name.as_str())
            .with_text("description", &def.doc)
            .merge(body)
    }

    /// The `$defs` of every named type referred to so far, and those they refer to, in the
    /// order first met.
    pub(super) fn definitions(&mut self) -> IndexMap<String, Json> {
        let mut defs = IndexMap::new();
        let mut next = 0;
        while let Some(&name) = self.wanted.get(next) {
            next += 1;
            let schema = if let Some(def) = self.vendor.find_struct(name) {
                self.structure(def)
            } else if let Some(def) = self.vendor.enums.iter().find(|def| def.name == name) {
                enumeration(def)
            } else if let Some(def) = self.vendor.unions.iter().find(|def| def.name == name) {
                self.union(def)
            } else {
                // Validation resolved every name.
                Schema::new()
            };
            defs.insert(name.to_owned(), Json::from(schema));
        }
        defs
    }
}

impl Schema {
    /// This schema with every keyword of `other` added (`other`'s win).
    pub(super) fn merge(mut self, other: Schema) -> Self {
        for (keyword, value) in other.0 {
            self.0.insert(keyword, value);
        }
        self
    }
}

/// A 64-bit signed integer (`i64`): serde_json reads `1.0` and `1e3` as floats, which the
/// parser rejects while JSON Schema's `integer` takes them.
fn integer() -> Schema {
    Schema::of_type("integer")
        .with("minimum", i64::MIN)
        .with("maximum", i64::MAX)
}

/// An open enum: a listed value, or any other string (the parser keeps it as an unknown
/// value).
fn enumeration(def: &Enum) -> Schema {
    let listed: Vec<Json> = def
        .values
        .iter()
        .map(|value| Json::from(value.wire.as_str()))
        .collect();
    Schema::new()
        .with("title", def.name.as_str())
        .with_text("description", &def.doc)
        .with("type", "string")
        .with(
            "anyOf",
            vec![
                Schema::new().with("enum", listed).into(),
                Schema::new()
                    .with(
                        "$comment",
                        "Any other string: the enum is open, the parser keeps an unlisted \
                         value as an unknown one.",
                    )
                    .into(),
            ],
        )
}
