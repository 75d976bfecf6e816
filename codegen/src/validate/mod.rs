//! Stage 2: raw spec → validated model. Every problem is collected (not just the first), each
//! pointing at the spec line it concerns.

use std::collections::HashMap;
use std::path::Path;

use indexmap::IndexMap;
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Diagnostic, Severity, suggestion};
use crate::load::{RawNode, RawSigning, RawSpec};
use crate::model::{
    ContentPart, Enum, EnumValue, Envelope, Event, Field, HmacScheme, IdempotencyKey,
    KeyDerivation, Signing, Struct, Type, Union, Vendor,
};
use crate::names;

mod events;
mod examples;
mod identity;
mod recursion;
mod signing;
mod types;
mod unions;

/// Type names the generated module defines, imports, takes from the prelude or gives its type
/// parameters; a spec type may not take them.
pub(crate) const RESERVED_TYPES: &[&str] = &[
    "Envelope",
    "Event",
    "Map",
    "Value",
    "Key",
    "ParseError",
    "Payload",
    "UnknownEvent",
    "EventInfo",
    "Deserialize",
    "Deserializer",
    "Serialize",
    "Serializer",
    "Visitor",
    "MapAccess",
    "SerializeMap",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Cow",
    "From",
    "IntoIterator",
];

/// The `type` names besides scalars and named types.
const KINDS: &[&str] = &["enum", "object", "union", "array", "map"];

/// The scalar `type` names.
const SCALARS: &[&str] = &[
    "string",
    "bool",
    "integer",
    "number",
    "rfc3339",
    "epoch_seconds",
    "epoch_millis",
    "decimal_string",
    "datetime",
    "json",
];

pub(crate) use examples::{Fit, Observer};
pub use examples::{JsonPath, Misfit, MisfitKind, NoSuchEvent, Place, Step, check_example};

/// Validates one parsed spec file (its warnings are dropped: see [`check`]).
pub fn validate(file: &Path, raw: &RawSpec) -> Result<Vendor, Vec<Diagnostic>> {
    check(file, raw).map(|(vendor, _warnings)| vendor)
}

/// Validates one parsed spec file, then checks its examples against the validated types
/// ([`check_example`]): the vendor and its warnings, or every problem found (errors, and the
/// examples' warnings with their errors).
pub fn check(file: &Path, raw: &RawSpec) -> Result<(Vendor, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut resolver = Resolver {
        file,
        diagnostics: Vec::new(),
        shared: IndexMap::new(),
        type_names: HashMap::new(),
        structs: Vec::new(),
        enums: Vec::new(),
        unions: Vec::new(),
        branch_sites: HashMap::new(),
        presence: Vec::new(),
    };
    let vendor = resolver.vendor(raw);
    if !resolver.diagnostics.is_empty() {
        return Err(resolver.diagnostics);
    }
    let found = examples::check_examples(file, raw, &vendor);
    if found
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error)
    {
        Err(found)
    } else {
        Ok((vendor, found))
    }
}

/// Where a type's Rust name comes from when the node has no `name`.
enum NameHint {
    /// A named type under `types:`: the key is the name, `name:` is not allowed.
    Shared(String),
    /// An inline type: this default unless the node says `name:`.
    Inline(String),
}

impl NameHint {
    fn default_name(&self) -> &str {
        match self {
            NameHint::Shared(name) | NameHint::Inline(name) => name,
        }
    }
}

struct Resolver<'a> {
    file: &'a Path,
    diagnostics: Vec<Diagnostic>,
    /// Shared types by Rust name, known before any is resolved so order does not matter.
    shared: IndexMap<String, Location>,
    /// Every generated type name, to report collisions, with where it was defined.
    type_names: HashMap<String, Location>,
    structs: Vec<Struct>,
    enums: Vec<Enum>,
    unions: Vec<Union>,
    /// Where each union branch was written, by (union, branch index), for later checks.
    branch_sites: HashMap<(String, usize), Location>,
    /// The `presence` policies enclosing what is resolved now, innermost last (`true`:
    /// tolerant).
    presence: Vec<bool>,
}

impl Resolver<'_> {
    fn error(&mut self, at: &Location, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::at(self.file, at, message));
    }

    /// An error about `word`, a name that is none of `candidates`; its help suggests the
    /// closest candidate if one is close, else says `otherwise` (if given).
    fn error_unknown<'c>(
        &mut self,
        at: &Location,
        message: impl Into<String>,
        word: &str,
        candidates: impl IntoIterator<Item = &'c str>,
        otherwise: Option<String>,
    ) {
        let help = suggestion(word, candidates).or(otherwise);
        self.diagnostics
            .push(Diagnostic::at(self.file, at, message).with_optional_help(help));
    }

    fn vendor(&mut self, raw: &RawSpec) -> Vendor {
        let stem = self
            .file
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default();
        if raw.vendor.value != stem {
            self.error(
                &raw.vendor.referenced,
                format!(
                    "vendor `{}` must match the file name `{stem}`",
                    raw.vendor.value
                ),
            );
        }
        if names::field(&raw.vendor.value).ok().as_deref() != Some(raw.vendor.value.as_str()) {
            self.error(
                &raw.vendor.referenced,
                "a vendor id must be a snake_case Rust identifier (it names the module and the feature)",
            );
        }

        let top = self.enter_presence(raw.presence.as_ref());
        for (key, node) in &raw.types {
            if let Ok(name) = self.type_name(&key.value, &key.referenced, true)
                && self.shared.insert(name, key.referenced).is_some()
            {
                self.error(
                    &key.referenced,
                    format!("type `{}` is defined twice", key.value),
                );
            }
            if !matches!(
                node.ty.as_ref().map(|ty| ty.value.as_str()),
                Some("object" | "enum" | "union")
            ) {
                self.error(
                    &key.referenced,
                    "a named type must be an `object`, an `enum` or a `union`",
                );
            }
        }
        for (key, node) in &raw.types {
            self.check_keys(node, Role::Shared);
            self.require_doc(node, &key.referenced);
            let doc = doc_text(node);
            self.resolve(
                node,
                &NameHint::Shared(key.value.clone()),
                &doc,
                &key.referenced,
            );
        }

        let envelope = raw
            .envelope
            .as_ref()
            .map(|envelope| self.envelope(envelope));
        let common = self.common(raw, envelope.is_some());
        let identity = self.identity(raw);
        let (events, compounds, sites) = self.events(raw, &identity, envelope.as_ref());
        // The envelope's fields as written: those the model lacks did not resolve.
        let declared: Vec<&str> = raw
            .envelope
            .iter()
            .flat_map(|envelope| envelope.value.fields.keys())
            .map(|key| key.value.as_str())
            .collect();
        let signing = self.signing(&raw.signing, envelope.as_ref(), &declared);
        self.leave_presence(top);

        let mut vendor = Vendor {
            source: self.file.to_path_buf(),
            id: raw.vendor.value.clone(),
            name: raw.name.clone(),
            docs: raw.docs.clone(),
            doc: raw.doc.clone(),
            identity,
            envelope,
            common,
            signing,
            structs: std::mem::take(&mut self.structs),
            enums: std::mem::take(&mut self.enums),
            unions: std::mem::take(&mut self.unions),
            events,
            compounds,
        };
        self.apply_common(&mut vendor);
        self.check_identity_members(&vendor, raw, &sites);
        self.check_unions(&mut vendor);
        self.box_cycles(&mut vendor);
        vendor
    }
}

/// Where each event (by index in the model) was written, for checks made after resolution.
#[derive(Default)]
struct EventSites(Vec<Location>);

impl EventSites {
    fn at(&self, index: usize) -> Location {
        self.0.get(index).copied().unwrap_or(Location::UNKNOWN)
    }
}

/// A vendor's structs and enums by name, for checks that look a type up per field, branch or
/// event (a lookup each, not a search through every type).
struct Definitions<'a> {
    /// The first struct of each name (as [`Vendor::find_struct`] finds it).
    structs: HashMap<&'a str, &'a Struct>,
    enums: std::collections::HashSet<&'a str>,
}

impl<'a> Definitions<'a> {
    fn of(vendor: &'a Vendor) -> Self {
        let mut structs = HashMap::with_capacity(vendor.structs.len());
        for def in &vendor.structs {
            structs.entry(def.name.as_str()).or_insert(def);
        }
        Definitions {
            structs,
            enums: vendor.enums.iter().map(|def| def.name.as_str()).collect(),
        }
    }

    /// The struct with this Rust name.
    fn find_struct(&self, name: &str) -> Option<&'a Struct> {
        self.structs.get(name).copied()
    }

    fn is_enum(&self, name: &str) -> bool {
        self.enums.contains(name)
    }

    /// [`Vendor::sub_field`], looking the payload struct up here.
    fn sub_field(&self, vendor: &'a Vendor, event: &Event) -> Option<&'a Field> {
        vendor.sub_field_in(event, |name| self.find_struct(name))
    }
}

#[derive(Clone, Copy)]
enum Role {
    Field,
    Items,
    Shared,
    Payload,
    EnvelopePayload,
    Branch,
}

impl Role {
    fn allows(self, key: &str) -> bool {
        match self {
            Role::Field => true,
            Role::Items | Role::Shared => false,
            Role::Payload => key == "optional",
            Role::EnvelopePayload | Role::Branch => key == "rust_name",
        }
    }

    fn place(self) -> &'static str {
        match self {
            Role::Field => "on a field",
            Role::Items => "on `items` (an array's elements are always present and non-null)",
            Role::Shared => "on a named type (say it on the fields that use it)",
            Role::Payload => "on an event payload (only `optional` is)",
            Role::EnvelopePayload => {
                "on the envelope's payload member (each event's `payload` says it)"
            }
            Role::Branch => "on a union's variant (say it on the field that holds the union)",
        }
    }
}

fn flag(value: &Option<Spanned<bool>>) -> bool {
    value.as_ref().is_some_and(|value| value.value)
}

fn doc_text(node: &RawNode) -> String {
    node.doc
        .as_ref()
        .map(|doc| doc.value.trim().to_owned())
        .unwrap_or_default()
}
