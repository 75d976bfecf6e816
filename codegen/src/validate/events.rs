//! Events: names (plain and compound `<name>.<sub>`), Rust variants and payloads.

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};

use super::{EventSites, NameHint, Resolver, Role, flag};
use crate::diagnostic::Diagnostic;
use crate::load::{RawCompound, RawEvent, RawSpec};
use crate::model::{Compound, Envelope, Event, Identity, SubName};
use crate::names;

/// The compound names found so far, and the spec's `names`, by name.
#[derive(Default)]
struct Compounds<'a> {
    /// Index in the model's `compounds` of each compound name created.
    by_name: HashMap<String, usize>,
    /// What `names` says of a name.
    declared: HashMap<&'a str, &'a RawCompound>,
}

/// What an event's key says about its name.
struct Naming {
    base: String,
    sub: SubName,
    compound: Option<usize>,
}

impl Resolver<'_> {
    pub(super) fn events(
        &mut self,
        raw: &RawSpec,
        identity: &Identity,
        envelope: Option<&Envelope>,
    ) -> (Vec<Event>, Vec<Compound>, EventSites) {
        let mut events = Vec::new();
        let mut sites = EventSites::default();
        let mut compounds: Vec<Compound> = Vec::new();
        // The `Event` enum's variants, and each compound enum's, against collisions.
        let mut variants: HashMap<String, String> = HashMap::new();
        let mut sub_variants: HashMap<(usize, String), String> = HashMap::new();
        let mut wire_names: HashMap<String, String> = HashMap::new();
        let mut plain_bases: HashMap<String, Location> = HashMap::new();
        // Compound names by name, and what `names` says of each (the first entry of a name).
        let mut known = Compounds::default();
        for (name, compound) in &raw.names {
            known
                .declared
                .entry(name.value.as_str())
                .or_insert(compound);
        }
        // The index in `events` of each compound name's first event.
        let mut first_events: Vec<Option<usize>> = Vec::new();
        for (key, raw_event) in &raw.events {
            let naming = self.naming(key, raw_event, identity, &mut compounds, &mut known);
            let rust = match naming.compound {
                Some(_) => {
                    let SubName::Value(sub) = &naming.sub else {
                        continue;
                    };
                    let at = raw_event
                        .rust_name
                        .as_ref()
                        .map_or(key.referenced, |name| name.referenced);
                    let named = match &raw_event.rust_name {
                        Some(name) => names::explicit_type(&name.value),
                        None => names::type_name(sub),
                    };
                    match named {
                        Ok(rust) => rust,
                        Err(error) => {
                            self.error(&at, error);
                            continue;
                        }
                    }
                }
                None => {
                    let Some(rust) = self.rust_name(
                        key,
                        raw_event.rust_name.as_ref(),
                        names::type_name,
                        names::explicit_type,
                    ) else {
                        continue;
                    };
                    rust
                }
            };
            if rust == "Unknown" {
                self.error(
                    &key.referenced,
                    "`Unknown` is the variant of unknown events; set `rust_name`",
                );
            }
            let (clash, inline_name) = match naming.compound {
                Some(index) => (
                    sub_variants.insert((index, rust.clone()), key.value.clone()),
                    format!("{}{rust}", compounds[index].variant),
                ),
                None => {
                    plain_bases.insert(naming.base.clone(), key.referenced);
                    (
                        variants.insert(rust.clone(), key.value.clone()),
                        rust.clone(),
                    )
                }
            };
            if let Some(other) = clash {
                self.error(&key.referenced, format!("events `{other}` and `{}` both become the variant `{rust}`; set `rust_name` on one", key.value));
            }
            if naming.compound.is_some()
                && let Some(alias) = raw_event.aliases.first()
            {
                self.error(
                    &alias.referenced,
                    "aliases are for events without a sub-name; a compound name is delivered as written",
                );
            }
            for name in std::iter::once(key).chain(&raw_event.aliases) {
                if let Some(other) = wire_names.insert(name.value.clone(), key.value.clone()) {
                    self.error(
                        &name.referenced,
                        format!(
                            "the name `{}` is already used by event `{other}`",
                            name.value
                        ),
                    );
                }
            }
            if let Some(index) = naming.compound {
                if first_events.len() <= index {
                    first_events.resize(index + 1, None);
                }
                first_events[index].get_or_insert(events.len());
            }
            sites.0.push(key.referenced);
            let event = self.event(
                key,
                raw_event,
                rust,
                inline_name,
                naming,
                identity,
                envelope,
            );
            events.push(event);
        }
        for compound in &compounds {
            if let Some(at) = plain_bases.get(&compound.name) {
                self.error(
                    at,
                    format!(
                        "`{}` has sub-named events (`{}.<sub>`); write this one as `{}.<sub>` too, or give it `sub_name: none` under another name",
                        compound.name, compound.name, compound.name
                    ),
                );
            }
            if plain_bases.contains_key(&compound.name) {
                continue;
            }
            if let Some(other) = variants.insert(compound.variant.clone(), compound.name.clone()) {
                let first = first_events.get(compound.index).copied().flatten();
                self.error(
                    &first.map_or(Location::UNKNOWN, |index| sites.at(index)),
                    format!(
                        "`{other}` and the events named `{}` both become the variant `{}`; set `rust_name` under `names`",
                        compound.name, compound.variant
                    ),
                );
            }
        }
        for key in raw.names.keys() {
            if !known.by_name.contains_key(key.value.as_str()) {
                let compounds: Vec<&str> = known.by_name.keys().map(|name| &name[..]).collect();
                self.error_unknown(
                    &key.referenced,
                    format!(
                        "`{}` names no event with sub-names (`{}.<sub>`)",
                        key.value, key.value
                    ),
                    &key.value,
                    compounds,
                    None,
                );
            }
        }
        (events, compounds, sites)
    }

    /// Splits an event key into its name and sub-name, registering compound names.
    fn naming(
        &mut self,
        key: &Spanned<String>,
        raw_event: &RawEvent,
        identity: &Identity,
        compounds: &mut Vec<Compound>,
        known: &mut Compounds<'_>,
    ) -> Naming {
        let plain = |sub| Naming {
            base: key.value.clone(),
            sub,
            compound: None,
        };
        let declared = raw_event.sub_name.as_ref();
        match (declared, &identity.sub_name) {
            (Some(declared), None) => {
                self.error(
                    &declared.referenced,
                    "`sub_name` needs a sub-name member: `identity: { sub_name: { member: action } }`",
                );
                plain(SubName::None)
            }
            (Some(declared), Some(_)) => match declared.value.as_str() {
                "none" => plain(SubName::None),
                "open" => plain(SubName::Open),
                other => {
                    self.error_unknown(
                        &declared.referenced,
                        format!("unknown `sub_name` `{other}`; expected `none` or `open` (a listed sub-name is written in the key: `name.sub`)"),
                        other,
                        ["none", "open"],
                        None,
                    );
                    plain(SubName::None)
                }
            },
            (None, Some(_)) => match key.value.rsplit_once('.') {
                Some((base, sub)) if !base.is_empty() && !sub.is_empty() => {
                    let index = self.compound(base, key, compounds, known);
                    Naming {
                        base: base.to_owned(),
                        sub: SubName::Value(sub.to_owned()),
                        compound: index,
                    }
                }
                _ => plain(SubName::None),
            },
            (None, None) => plain(SubName::None),
        }
    }

    /// The compound name `base`, created on its first event.
    fn compound(
        &mut self,
        base: &str,
        key: &Spanned<String>,
        compounds: &mut Vec<Compound>,
        known: &mut Compounds<'_>,
    ) -> Option<usize> {
        if let Some(found) = known.by_name.get(base) {
            return Some(*found);
        }
        let declared = known.declared.get(base).copied();
        let (named, at) = match declared.and_then(|compound| compound.rust_name.as_ref()) {
            Some(name) => (names::explicit_type(&name.value), name.referenced),
            None => (names::type_name(base), key.referenced),
        };
        let variant = named.map_err(|error| self.error(&at, error)).ok()?;
        if variant == "Unknown" {
            self.error(
                &at,
                format!(
                    "`Unknown` is the variant of unknown events; name the events called `{base}` with `names: {{ {base}: {{ rust_name: ... }} }}`"
                ),
            );
        }
        let enum_name = format!("{variant}Event");
        if let Some(previous) = self.type_names.insert(enum_name.clone(), at) {
            self.error(
                &at,
                format!(
                    "the type name `{enum_name}` (the events named `{base}`) is already used (line {}); rename the other type, or these events with `names: {{ {base}: {{ rust_name: ... }} }}`",
                    previous.line()
                ),
            );
        }
        let doc = declared
            .and_then(|compound| compound.doc.clone())
            .unwrap_or_else(|| format!("Events named `{base}`, told apart by their sub-name."));
        let index = compounds.len();
        known.by_name.insert(base.to_owned(), index);
        compounds.push(Compound {
            index,
            name: base.to_owned(),
            variant,
            enum_name,
            doc,
        });
        Some(index)
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        key: &Spanned<String>,
        raw: &RawEvent,
        rust: String,
        inline_name: String,
        naming: Naming,
        identity: &Identity,
        envelope: Option<&Envelope>,
    ) -> Event {
        let doc = match &raw.doc {
            Some(doc) => doc.clone(),
            None => {
                self.diagnostics.push(
                    Diagnostic::at(self.file, &key.referenced, format!("event `{}` has no `doc`", key.value))
                        .with_help("every event needs `doc`: what happened, in a sentence (it becomes the variant's rustdoc)"),
                );
                String::new()
            }
        };
        let (payload, payload_optional) = match &raw.payload {
            None => (None, false),
            Some(node) => {
                self.check_keys(&node.value, Role::Payload);
                let optional = flag(&node.value.optional);
                if optional && envelope.is_none() {
                    let at = node
                        .value
                        .optional
                        .as_ref()
                        .map_or(node.referenced, |optional| optional.referenced);
                    self.error(
                        &at,
                        "`optional` needs an envelope: without one, the payload is the whole body",
                    );
                }
                let ty = self.resolve(
                    &node.value,
                    &NameHint::Inline(inline_name),
                    &doc,
                    &node.referenced,
                );
                (ty, optional)
            }
        };
        let aliases: Vec<String> = raw
            .aliases
            .iter()
            .map(|alias| alias.value.clone())
            .collect();
        let event = Event {
            wire: key.value.clone(),
            base: naming.base,
            sub: naming.sub,
            compound: naming.compound,
            aliases,
            rust,
            group: raw.group.clone(),
            doc,
            deprecated: raw.deprecated.clone(),
            payload,
            payload_optional,
            examples: Vec::new(),
        };
        let examples = raw
            .examples
            .iter()
            .filter_map(|example| self.example(example, &event, identity, envelope))
            .collect();
        Event { examples, ..event }
    }
}
