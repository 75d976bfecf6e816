//! The raw spec: a plain mirror of the file with a span on every value that a later error may
//! need to point at. Keys these types do not know are not errors here: [`super::keys`] reports
//! them, each against the keys its place takes (which it reads from these types).

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

/// A spec file as written.
#[derive(Debug, Deserialize)]
pub struct RawSpec {
    pub vendor: Spanned<String>,
    pub name: String,
    pub docs: String,
    pub doc: String,
    pub identity: Option<Spanned<RawIdentity>>,
    pub envelope: Option<Spanned<RawEnvelope>>,
    pub common: Option<Spanned<IndexMap<Spanned<String>, RawNode>>>,
    pub signing: Spanned<RawSigning>,
    /// `strict` or `tolerant`: the default presence policy of every field.
    pub presence: Option<Spanned<String>>,
    #[serde(default)]
    pub types: IndexMap<Spanned<String>, RawNode>,
    #[serde(default)]
    pub names: IndexMap<Spanned<String>, RawCompound>,
    pub events: IndexMap<Spanned<String>, RawEvent>,
}

/// Where the event name travels: `name` (a member path or a header) and an optional
/// `sub_name` member.
#[derive(Debug, Deserialize)]
pub struct RawIdentity {
    pub name: Spanned<RawPlace>,
    pub sub_name: Option<Spanned<RawPlace>>,
}

/// `{ member: a.b }` or `{ header: X-Name }`.
#[derive(Debug, Deserialize)]
pub struct RawPlace {
    pub member: Option<Spanned<String>>,
    pub header: Option<Spanned<String>>,
}

/// What the spec says about a name with sub-names (`issues` of `issues.opened`).
#[derive(Debug, Deserialize)]
pub struct RawCompound {
    pub doc: Option<String>,
    pub rust_name: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
pub struct RawEnvelope {
    pub doc: String,
    pub event_name: Option<Spanned<String>>,
    #[serde(default, rename = "match")]
    pub matches: IndexMap<Spanned<String>, Spanned<String>>,
    pub payload: Spanned<String>,
    pub fields: IndexMap<Spanned<String>, RawNode>,
}

/// A field, a type, an array's items or an event's payload: one shape for all, so every key
/// keeps its span; which keys are allowed where is checked by the validate stage.
#[derive(Debug, Default, Deserialize)]
pub struct RawNode {
    #[serde(rename = "type")]
    pub ty: Option<Spanned<String>>,
    pub doc: Option<Spanned<String>>,
    pub optional: Option<Spanned<bool>>,
    pub nullable: Option<Spanned<bool>>,
    pub rust_name: Option<Spanned<String>>,
    pub deprecated: Option<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub values: Option<Spanned<Vec<Spanned<RawEnumValue>>>>,
    pub fields: Option<Spanned<IndexMap<Spanned<String>, RawNode>>>,
    pub items: Option<Spanned<Box<RawNode>>>,
    pub variants: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub tag: Option<Spanned<String>>,
    pub key: Option<Spanned<String>>,
    pub otherwise: Option<Spanned<bool>>,
    pub open: Option<Spanned<bool>>,
    /// `strict` or `tolerant`: the presence policy of a field, or the default of an object's
    /// fields.
    pub presence: Option<Spanned<String>>,
}

/// An enum value: a plain string, or a map with a doc and a Rust name.
#[derive(Debug)]
pub struct RawEnumValue {
    pub value: String,
    pub doc: Option<String>,
    pub rust_name: Option<String>,
}

/// An enum value written as a map.
#[derive(Debug, Deserialize)]
pub struct RawEnumValueMap {
    pub value: String,
    pub doc: Option<String>,
    pub rust_name: Option<String>,
}

impl<'de> Deserialize<'de> for RawEnumValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = RawEnumValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, or a map with `value`, `doc` and `rust_name`")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawEnumValue, E> {
                Ok(RawEnumValue {
                    value: value.to_owned(),
                    doc: None,
                    rust_name: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEnumValue, A::Error> {
                let full =
                    RawEnumValueMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawEnumValue {
                    value: full.value,
                    doc: full.doc,
                    rust_name: full.rust_name,
                })
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

#[derive(Debug, Deserialize)]
pub struct RawEvent {
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub rust_name: Option<Spanned<String>>,
    pub group: Option<String>,
    /// Required: optional here so that an event without it is one validation error among the
    /// file's others, not the end of loading.
    pub doc: Option<String>,
    pub deprecated: Option<String>,
    pub sub_name: Option<Spanned<String>>,
    pub payload: Option<Spanned<RawNode>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
pub struct RawExample {
    pub documented: Option<Spanned<String>>,
    pub corrected: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// How the vendor signs deliveries; checked in the validate stage.
#[derive(Debug, Deserialize)]
pub struct RawSigning {
    pub scheme: Spanned<String>,
    pub advice: Option<String>,
    pub signature_header: Option<String>,
    pub id_header: Option<String>,
    pub timestamp_header: Option<String>,
    pub timestamp_entry: Option<Spanned<String>>,
    pub timestamp_unit: Option<Spanned<String>>,
    pub tolerance_seconds: Option<u64>,
    pub signed_content: Option<Spanned<String>>,
    pub encoding: Option<Spanned<String>>,
    pub entry_separator: Option<String>,
    pub entry_prefix: Option<String>,
    pub key: Option<Spanned<String>>,
    pub key_prefix: Option<String>,
    pub idempotency_key: Option<Spanned<RawIdempotencyKey>>,
}

#[derive(Debug, Deserialize)]
pub struct RawIdempotencyKey {
    pub header: Option<String>,
    pub field: Option<String>,
}
