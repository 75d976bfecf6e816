//! Stage 1: YAML text → raw spec, a plain mirror of the file with a span on every value that
//! a later error may need to point at. No meaning is checked here beyond the shape.

use std::fmt;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostic::Diagnostic;

/// A spec file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    pub vendor: Spanned<String>,
    pub name: String,
    pub docs: String,
    pub doc: String,
    pub identity: Option<Spanned<RawIdentity>>,
    pub envelope: Option<Spanned<RawEnvelope>>,
    pub common: Option<Spanned<IndexMap<Spanned<String>, RawNode>>>,
    pub signing: Spanned<RawSigning>,
    #[serde(default)]
    pub types: IndexMap<Spanned<String>, RawNode>,
    #[serde(default)]
    pub names: IndexMap<Spanned<String>, RawCompound>,
    pub events: IndexMap<Spanned<String>, RawEvent>,
}

/// Where the event name travels: `name` (a member path or a header) and an optional
/// `sub_name` member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIdentity {
    pub name: Spanned<RawPlace>,
    pub sub_name: Option<Spanned<RawPlace>>,
}

/// `{ member: a.b }` or `{ header: X-Name }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub member: Option<Spanned<String>>,
    pub header: Option<Spanned<String>>,
}

/// What the spec says about a name with sub-names (`issues` of `issues.opened`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompound {
    pub doc: Option<String>,
    pub rust_name: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
}

/// An enum value: a plain string, or a map with a doc and a Rust name.
#[derive(Debug)]
pub struct RawEnumValue {
    pub value: String,
    pub doc: Option<String>,
    pub rust_name: Option<String>,
}

impl<'de> Deserialize<'de> for RawEnumValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            value: String,
            doc: Option<String>,
            rust_name: Option<String>,
        }

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
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
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
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub rust_name: Option<Spanned<String>>,
    pub group: Option<String>,
    pub doc: String,
    pub deprecated: Option<String>,
    pub sub_name: Option<Spanned<String>>,
    pub payload: Option<Spanned<RawNode>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub documented: Option<Spanned<String>>,
    pub corrected: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// How the vendor signs deliveries; checked in the validate stage.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct RawIdempotencyKey {
    pub header: Option<String>,
    pub field: Option<String>,
}

/// The largest spec the generator reads, in bytes: about 200 times GitHub's, the largest
/// bundled spec, or some 20,000 events of 20 fields. Generating a module takes some 30 times
/// its spec's size in memory, so a larger spec is reported as too large rather than loaded.
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// Parses one spec file's text.
pub fn parse(file: &Path, text: &str) -> Result<RawSpec, Diagnostic> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::file(
            file,
            format!(
                "the spec is {} MiB, more than the {} MiB the generator reads from one spec",
                text.len().div_ceil(1024 * 1024),
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
        ));
    }
    let options = serde_saphyr::options! { budget: Some(budget(text.len())) };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| {
        let message = match breach(&error) {
            Some(breach) => breach_message(breach, text.len()),
            None => clean_message(&error.to_string()),
        };
        match error.location() {
            Some(location) => Diagnostic::at(file, &location, message),
            None => Diagnostic::file(file, message),
        }
    })
}

/// The loader's limits for a text of `len` bytes. serde-saphyr's defaults (250,000 nodes,
/// 1,000,000 events, 64 MiB of scalars) suit configuration files and stop a spec of a few
/// thousand events. A spec's nodes, events and scalar bytes all grow with its text, so these
/// limits grow with it, with a floor at the defaults: twice as many nodes as bytes (a node takes
/// a byte or more, but for contrived flow syntax such as `[:]`), twice as many events as nodes
/// (a mapping or a sequence starts and ends), and twice as many scalar bytes as bytes of text (an
/// escape such as `\L` gives three bytes for two). The limits that bound work beyond the text
/// itself (aliases and anchors, nesting depth) stay as they are; [`MAX_SPEC_BYTES`] bounds the
/// text.
fn budget(len: usize) -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    let nodes = len.saturating_mul(2);
    budget.max_nodes = budget.max_nodes.max(nodes);
    budget.max_events = budget
        .max_events
        .max(nodes.saturating_mul(2).saturating_add(64));
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len.saturating_mul(2));
    budget
}

/// The budget breach behind a loader error, if that is what stopped it.
fn breach(error: &serde_saphyr::Error) -> Option<&serde_saphyr::budget::BudgetBreach> {
    let mut error = error;
    loop {
        match error {
            serde_saphyr::Error::Budget { breach, .. } => return Some(breach),
            serde_saphyr::Error::WithSnippet { error: inner, .. }
            | serde_saphyr::Error::AliasError { error: inner, .. } => error = inner,
            _ => return None,
        }
    }
}

/// What a budget breach means for a spec, in its terms.
fn breach_message(breach: &serde_saphyr::budget::BudgetBreach, len: usize) -> String {
    use serde_saphyr::budget::BudgetBreach;

    let limits = budget(len);
    match breach {
        BudgetBreach::Depth { .. } => format!(
            "the spec nests more than {} levels of YAML mappings and sequences, the loader's limit; flatten it with named types under `types`",
            limits.max_depth
        ),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => format!(
            "the spec's YAML aliases (`*name`) expand beyond the loader's limits (at most {} aliases and {} anchors); write the repeated parts out, or share them as named types",
            limits.max_aliases, limits.max_anchors
        ),
        other => format!(
            "the spec is too large for the YAML loader ({other:?}, with limits sized for its {len} bytes: {} nodes, {} events, {} bytes of scalars)",
            limits.max_nodes, limits.max_events, limits.max_total_scalar_bytes
        ),
    }
}

/// The loader's message without what the diagnostic says itself (severity, position) and
/// without advice meant for Rust callers of the YAML library.
fn clean_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or_default();
    let mut text = first_line.trim_start_matches("error: ");
    if let Some(rest) = text.strip_prefix("line ") {
        // "line 19 column 5: duplicate mapping key: doc"
        if let Some((_, after)) = rest.split_once(": ") {
            text = after;
        }
    }
    let text = text
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(text);
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::clean_message;

    #[test]
    fn loader_messages_lose_position_and_library_advice() {
        assert_eq!(
            clean_message(
                "error: line 19 column 5: duplicate mapping key: doc, set DuplicateKeyPolicy in Options if acceptable"
            ),
            "duplicate mapping key: doc"
        );
        assert_eq!(
            clean_message("unknown field `colour`, expected one of `doc`"),
            "unknown field `colour`, expected one of `doc`"
        );
    }
}
