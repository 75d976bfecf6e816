//! Stage 2: raw spec → validated model. Every problem is collected (not just the first), each
//! pointing at the spec line it concerns.

use std::collections::HashMap;
use std::path::Path;

use indexmap::IndexMap;
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::Diagnostic;
use crate::load::{RawEnvelope, RawEvent, RawExample, RawNode, RawSigning, RawSpec};
use crate::model::{
    ContentPart, Enum, EnumValue, Envelope, Event, Example, Field, HmacScheme, IdempotencyKey,
    KeyDerivation, Member, Signing, Struct, Type, Vendor,
};
use crate::names;

/// Type names the generated module defines or imports itself; a spec type may not take them.
const RESERVED_TYPES: &[&str] = &[
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
];

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
    "json",
];

/// Validates one parsed spec file.
pub fn validate(file: &Path, raw: &RawSpec) -> Result<Vendor, Vec<Diagnostic>> {
    let mut resolver = Resolver {
        file,
        diagnostics: Vec::new(),
        shared: IndexMap::new(),
        type_names: HashMap::new(),
        structs: Vec::new(),
        enums: Vec::new(),
    };
    let vendor = resolver.vendor(raw);
    if resolver.diagnostics.is_empty() {
        Ok(vendor)
    } else {
        Err(resolver.diagnostics)
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
    /// Every generated type name, to report collisions.
    type_names: HashMap<String, Location>,
    structs: Vec<Struct>,
    enums: Vec<Enum>,
}

impl Resolver<'_> {
    fn error(&mut self, at: &Location, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::at(self.file, at, message));
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
                Some("object" | "enum")
            ) {
                self.error(
                    &key.referenced,
                    "a named type must be an `object` or an `enum`",
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

        let envelope = self.envelope(&raw.envelope);
        let events = self.events(raw, &envelope);
        let signing = self.signing(&raw.signing, &envelope);

        Vendor {
            source: self.file.to_path_buf(),
            id: raw.vendor.value.clone(),
            name: raw.name.clone(),
            docs: raw.docs.clone(),
            doc: raw.doc.clone(),
            envelope,
            signing,
            structs: std::mem::take(&mut self.structs),
            enums: std::mem::take(&mut self.enums),
            events,
        }
    }

    fn envelope(&mut self, raw: &RawEnvelope) -> Envelope {
        let mut members = Vec::new();
        let mut seen = HashMap::new();
        for (key, node) in &raw.fields {
            if key.value == raw.payload.value {
                self.check_keys(node, Role::EnvelopePayload);
                self.require_doc(node, &key.referenced);
                if let Some(ty) = &node.ty {
                    self.error(
                        &ty.referenced,
                        "the payload member has no `type`: each event gives its own",
                    );
                }
                if let Some(field) = self.field_name(key, node, &mut seen) {
                    members.push(Member::Payload(Field {
                        wire: key.value.clone(),
                        rust: field,
                        doc: doc_text(node),
                        ty: Type::Json,
                        optional: false,
                        nullable: false,
                        deprecated: None,
                        note: node.note.as_ref().map(|note| note.value.clone()),
                    }));
                }
            } else if let Some(field) = self.field(key, node, "Envelope", &mut seen) {
                members.push(Member::Field(field));
            }
        }
        let envelope = Envelope {
            doc: raw.doc.clone(),
            members,
            event_name: raw.event_name.value.clone(),
            matches: raw
                .matches
                .iter()
                .map(|(key, value)| (key.value.clone(), value.value.clone()))
                .collect(),
        };
        if !raw.fields.keys().any(|key| key.value == raw.payload.value) {
            self.error(
                &raw.payload.referenced,
                format!(
                    "the payload member `{}` is not among the envelope's `fields`",
                    raw.payload.value
                ),
            );
        }
        let name_members = std::iter::once(&raw.event_name).chain(raw.matches.keys());
        for key in name_members {
            match envelope.field(&key.value) {
                Some(_) if key.value == raw.payload.value => {
                    self.error(
                        &key.referenced,
                        "the payload member cannot carry the event name",
                    );
                }
                Some(field) if field.ty != Type::String || field.optional || field.nullable => {
                    self.error(&key.referenced, format!("`{}` identifies the event, so it must be a required, non-null `string` field", key.value));
                }
                Some(_) => {}
                None => self.error(
                    &key.referenced,
                    format!("`{}` is not among the envelope's `fields`", key.value),
                ),
            }
        }
        envelope
    }

    fn events(&mut self, raw: &RawSpec, envelope: &Envelope) -> Vec<Event> {
        let mut events = Vec::new();
        let mut variants: HashMap<String, String> = HashMap::new();
        let mut wire_names: HashMap<String, String> = HashMap::new();
        for (key, raw_event) in &raw.events {
            let Some(rust) = self.rust_name(key, raw_event.rust_name.as_ref(), names::type_name)
            else {
                continue;
            };
            if rust == "Unknown" {
                self.error(
                    &key.referenced,
                    "`Unknown` is the variant of unknown events; set `rust_name`",
                );
            }
            if let Some(other) = variants.insert(rust.clone(), key.value.clone()) {
                self.error(&key.referenced, format!("events `{other}` and `{}` both become the variant `{rust}`; set `rust_name` on one", key.value));
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
            events.push(self.event(key, raw_event, rust, envelope));
        }
        events
    }

    fn event(
        &mut self,
        key: &Spanned<String>,
        raw: &RawEvent,
        rust: String,
        envelope: &Envelope,
    ) -> Event {
        let (payload, payload_optional) = match &raw.payload {
            None => (None, false),
            Some(node) => {
                self.check_keys(&node.value, Role::Payload);
                let ty = self.resolve(
                    &node.value,
                    &NameHint::Inline(rust.clone()),
                    &raw.doc,
                    &node.referenced,
                );
                (ty, flag(&node.value.optional))
            }
        };
        let aliases: Vec<String> = raw
            .aliases
            .iter()
            .map(|alias| alias.value.clone())
            .collect();
        let event = Event {
            wire: key.value.clone(),
            aliases,
            rust,
            group: raw.group.clone(),
            doc: raw.doc.clone(),
            deprecated: raw.deprecated.clone(),
            payload,
            payload_optional,
            examples: Vec::new(),
        };
        let examples = raw
            .examples
            .iter()
            .filter_map(|example| self.example(example, &event, envelope))
            .collect();
        Event { examples, ..event }
    }

    /// Checks an example: valid JSON, a note beside every correction, and the event name it
    /// carries. Its fit to the types is checked by the golden tests, through the real parser.
    fn example(
        &mut self,
        raw: &Spanned<RawExample>,
        event: &Event,
        envelope: &Envelope,
    ) -> Option<Example> {
        let example = &raw.value;
        let (text, at) = match (&example.corrected, &example.documented) {
            (Some(json), _) | (None, Some(json)) => (&json.value, json.referenced),
            (None, None) => {
                self.error(&raw.referenced, "an example needs `documented` (the vendor's text), `corrected` (JSON), or both");
                return None;
            }
        };
        if example.corrected.is_some() && example.note.is_none() {
            let what = if example.documented.is_some() {
                "what changed and why"
            } else {
                "where the example comes from"
            };
            self.error(
                &raw.referenced,
                format!("a `corrected` example needs a `note` saying {what}"),
            );
        }
        let json: serde_json::Value = match serde_json::from_str(text) {
            Ok(json) => json,
            Err(error) => {
                let fix = if example.corrected.is_some() {
                    "fix `corrected`"
                } else {
                    "add `corrected` JSON and a `note`"
                };
                self.error(
                    &at,
                    format!(
                        "example of `{}` is not valid JSON ({error}); {fix}",
                        event.wire
                    ),
                );
                return None;
            }
        };
        let member = |key: &str| json.get(key).and_then(serde_json::Value::as_str);
        match member(&envelope.event_name) {
            Some(name) if event.names().any(|known| known == name) => {}
            other => self.error(&at, format!(
                "example of `{}` has `{}` = {:?}; an example must carry the event's name or an alias",
                event.wire, envelope.event_name, other.unwrap_or("(missing)")
            )),
        }
        for (key, value) in &envelope.matches {
            if member(key) != Some(value.as_str()) {
                self.error(
                    &at,
                    format!("example of `{}` must have `{key}` = `{value}`", event.wire),
                );
            }
        }
        Some(Example {
            documented: example
                .documented
                .as_ref()
                .map(|documented| documented.value.clone()),
            corrected: example
                .corrected
                .as_ref()
                .map(|corrected| corrected.value.clone()),
            note: example.note.clone(),
        })
    }

    fn signing(&mut self, raw: &Spanned<RawSigning>, envelope: &Envelope) -> Signing {
        let at = raw.referenced;
        let raw = &raw.value;
        match raw.scheme.value.as_str() {
            "none" => {
                let extra = raw.signature_header.is_some()
                    || raw.signed_content.is_some()
                    || raw.key.is_some();
                if extra {
                    self.error(&at, "scheme `none` takes only `advice`");
                }
                match &raw.advice {
                    Some(advice) => Signing::Unsigned {
                        advice: advice.clone(),
                    },
                    None => {
                        self.error(
                            &at,
                            "scheme `none` needs `advice`: what the vendor recommends instead",
                        );
                        Signing::Unsigned {
                            advice: String::new(),
                        }
                    }
                }
            }
            "hmac_sha256" => Signing::Hmac(self.hmac(raw, &at, envelope)),
            other => {
                self.error(
                    &raw.scheme.referenced,
                    format!("unknown signing scheme `{other}`; expected `none` or `hmac_sha256`"),
                );
                Signing::Unsigned {
                    advice: String::new(),
                }
            }
        }
    }

    fn hmac(&mut self, raw: &RawSigning, at: &Location, envelope: &Envelope) -> HmacScheme {
        if raw.advice.is_some() {
            self.error(at, "`advice` belongs to scheme `none`");
        }
        let signature_header = raw.signature_header.clone().unwrap_or_else(|| {
            self.error(at, "`signature_header` is required");
            String::new()
        });
        let signed_content = match &raw.signed_content {
            Some(template) => self.content(template, raw),
            None => {
                self.error(
                    at,
                    "`signed_content` is required, e.g. \"{body}\" or \"{id}.{timestamp}.{body}\"",
                );
                Vec::new()
            }
        };
        let timestamp_millis = match raw
            .timestamp_unit
            .as_ref()
            .map(|unit| (unit.value.as_str(), unit.referenced))
        {
            None | Some(("seconds", _)) => false,
            Some(("milliseconds", _)) => true,
            Some((other, unit_at)) => {
                self.error(
                    &unit_at,
                    format!(
                        "unknown `timestamp_unit` `{other}`; expected `seconds` or `milliseconds`"
                    ),
                );
                false
            }
        };
        if raw.timestamp_header.is_none()
            && (raw.timestamp_unit.is_some() || raw.tolerance_seconds.is_some())
        {
            self.error(
                at,
                "`timestamp_unit` and `tolerance_seconds` need a `timestamp_header`",
            );
        }
        let base64 = match raw
            .encoding
            .as_ref()
            .map(|encoding| (encoding.value.as_str(), encoding.referenced))
        {
            Some(("base64", _)) => true,
            Some(("hex", _)) => false,
            Some((other, encoding_at)) => {
                self.error(
                    &encoding_at,
                    format!("unknown `encoding` `{other}`; expected `hex` or `base64`"),
                );
                false
            }
            None => {
                self.error(at, "`encoding` is required: `hex` or `base64`");
                false
            }
        };
        let key = match raw
            .key
            .as_ref()
            .map(|key| (key.value.as_str(), key.referenced))
        {
            Some(("utf8", _)) => KeyDerivation::Utf8,
            Some(("utf8_or_base64_decoded", _)) => KeyDerivation::Utf8OrBase64,
            Some(("base64_after_prefix", key_at)) => match &raw.key_prefix {
                Some(prefix) => KeyDerivation::Base64AfterPrefix(prefix.clone()),
                None => {
                    self.error(
                        &key_at,
                        "`base64_after_prefix` needs `key_prefix` (e.g. `whsec_`)",
                    );
                    KeyDerivation::Utf8
                }
            },
            Some((other, key_at)) => {
                self.error(&key_at, format!("unknown `key` `{other}`; expected `utf8`, `base64_after_prefix` or `utf8_or_base64_decoded`"));
                KeyDerivation::Utf8
            }
            None => {
                self.error(
                    at,
                    "`key` is required: `utf8`, `base64_after_prefix` or `utf8_or_base64_decoded`",
                );
                KeyDerivation::Utf8
            }
        };
        let idempotency_key = raw.idempotency_key.as_ref().and_then(|key| {
            match (&key.value.header, &key.value.field) {
                (Some(header), None) => Some(IdempotencyKey::Header(header.clone())),
                (None, Some(field)) => {
                    if envelope
                        .field(field)
                        .is_none_or(|field| field.ty != Type::String)
                    {
                        self.error(
                            &key.referenced,
                            format!("`{field}` must be a `string` field of the envelope"),
                        );
                    }
                    Some(IdempotencyKey::Field(field.clone()))
                }
                _ => {
                    self.error(
                        &key.referenced,
                        "`idempotency_key` takes exactly one of `header` and `field`",
                    );
                    None
                }
            }
        });
        HmacScheme {
            signature_header,
            id_header: raw.id_header.clone(),
            timestamp_header: raw.timestamp_header.clone(),
            timestamp_millis,
            tolerance_seconds: raw.tolerance_seconds,
            signed_content,
            base64,
            entry_separator: raw.entry_separator.clone(),
            entry_prefix: raw.entry_prefix.clone().unwrap_or_default(),
            key,
            idempotency_key,
        }
    }

    /// Parses a signed-content template such as `{id}.{timestamp}.{body}`.
    fn content(&mut self, template: &Spanned<String>, raw: &RawSigning) -> Vec<ContentPart> {
        let at = template.referenced;
        let mut parts = Vec::new();
        let mut rest = template.value.as_str();
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                parts.push(ContentPart::Literal(rest.to_owned()));
                break;
            };
            if open > 0 {
                parts.push(ContentPart::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.error(&at, "unclosed `{` in `signed_content`");
                break;
            };
            match &rest[open + 1..open + close] {
                "id" => parts.push(ContentPart::Id),
                "timestamp" => parts.push(ContentPart::Timestamp),
                "body" => parts.push(ContentPart::Body),
                other => self.error(&at, format!("unknown placeholder `{{{other}}}`; expected `{{id}}`, `{{timestamp}}` or `{{body}}`")),
            }
            rest = &rest[open + close + 1..];
        }
        let uses = |part: &ContentPart| parts.contains(part);
        if !uses(&ContentPart::Body) {
            self.error(&at, "`signed_content` must include `{body}`");
        }
        if uses(&ContentPart::Id) != raw.id_header.is_some() {
            self.error(
                &at,
                "`{id}` in `signed_content` and `id_header` go together",
            );
        }
        if uses(&ContentPart::Timestamp) != raw.timestamp_header.is_some() {
            self.error(
                &at,
                "`{timestamp}` in `signed_content` and `timestamp_header` go together",
            );
        }
        parts
    }

    /// Resolves the fields of an object named `parent`.
    fn fields(&mut self, raw: &IndexMap<Spanned<String>, RawNode>, parent: &str) -> Vec<Field> {
        let mut seen = HashMap::new();
        raw.iter()
            .filter_map(|(key, node)| self.field(key, node, parent, &mut seen))
            .collect()
    }

    fn field(
        &mut self,
        key: &Spanned<String>,
        node: &RawNode,
        parent: &str,
        seen: &mut HashMap<String, String>,
    ) -> Option<Field> {
        self.check_keys(node, Role::Field);
        self.require_doc(node, &key.referenced);
        let rust = self.field_name(key, node, seen);
        let doc = doc_text(node);
        let inline_name = format!(
            "{parent}{}",
            names::type_name(&key.value).unwrap_or_default()
        );
        let ty = self.resolve(node, &NameHint::Inline(inline_name), &doc, &key.referenced);
        Some(Field {
            wire: key.value.clone(),
            rust: rust?,
            doc,
            ty: ty?,
            optional: flag(&node.optional),
            nullable: flag(&node.nullable),
            deprecated: node.deprecated.as_ref().map(|note| note.value.clone()),
            note: node.note.as_ref().map(|note| note.value.clone()),
        })
    }

    /// The Rust name of a field, checked against the others of its struct.
    fn field_name(
        &mut self,
        key: &Spanned<String>,
        node: &RawNode,
        seen: &mut HashMap<String, String>,
    ) -> Option<String> {
        let rust = self.rust_name(key, node.rust_name.as_ref(), names::field)?;
        if rust == "extra" {
            self.error(
                &key.referenced,
                format!(
                    "`{}` would become `extra`, which holds undocumented members; set `rust_name`",
                    key.value
                ),
            );
        }
        if let Some(other) = seen.insert(rust.clone(), key.value.clone()) {
            self.error(
                &key.referenced,
                format!(
                    "fields `{other}` and `{}` both become `{}`; set `rust_name` on one",
                    key.value,
                    names::bare(&rust)
                ),
            );
        }
        Some(rust)
    }

    /// The `rust_name` override if given, else the name `derive`d from the wire `key`; a name
    /// that cannot be an identifier is reported where it was written.
    fn rust_name(
        &mut self,
        key: &Spanned<String>,
        rust_name: Option<&Spanned<String>>,
        derive: fn(&str) -> Result<String, String>,
    ) -> Option<String> {
        let (named, at) = match rust_name {
            Some(name) => (names::explicit(&name.value), name.referenced),
            None => (derive(&key.value), key.referenced),
        };
        named.map_err(|error| self.error(&at, error)).ok()
    }

    /// Resolves a node's type; inline objects and enums become named definitions.
    fn resolve(
        &mut self,
        node: &RawNode,
        hint: &NameHint,
        doc: &str,
        at: &Location,
    ) -> Option<Type> {
        let Some(ty) = &node.ty else {
            self.error(at, "missing `type`");
            return None;
        };
        let kind = ty.value.as_str();
        self.check_type_keys(node, kind);
        match kind {
            "string" => Some(Type::String),
            "bool" => Some(Type::Bool),
            "integer" => Some(Type::Integer),
            "number" => Some(Type::Number),
            "rfc3339" => Some(Type::Rfc3339),
            "epoch_seconds" => Some(Type::EpochSeconds),
            "epoch_millis" => Some(Type::EpochMillis),
            "decimal_string" => Some(Type::DecimalString),
            "json" => Some(Type::Json),
            "array" | "map" => {
                let Some(items) = &node.items else {
                    self.error(
                        &ty.referenced,
                        format!("`{kind}` needs `items`: the type of its elements"),
                    );
                    return None;
                };
                self.check_keys(&items.value, Role::Items);
                let inner = self.resolve(&items.value, hint, doc, &items.referenced)?;
                Some(if kind == "array" {
                    Type::Array(Box::new(inner))
                } else {
                    Type::Map(Box::new(inner))
                })
            }
            "object" => {
                let name = self.definition_name(node, hint, at)?;
                let fields = match &node.fields {
                    Some(fields) => self.fields(&fields.value, &name),
                    None => {
                        self.error(&ty.referenced, "`object` needs `fields`");
                        Vec::new()
                    }
                };
                self.structs.push(Struct {
                    name: name.clone(),
                    doc: doc.to_owned(),
                    fields,
                });
                Some(Type::Named(name))
            }
            "enum" => {
                let name = self.definition_name(node, hint, at)?;
                let values = self.enum_values(node, &ty.referenced);
                self.enums.push(Enum {
                    name: name.clone(),
                    doc: doc.to_owned(),
                    values,
                });
                Some(Type::Named(name))
            }
            other if self.shared.contains_key(other) => Some(Type::Named(other.to_owned())),
            other => {
                self.error(&ty.referenced, format!(
                    "unknown type `{other}`; expected one of {}, `enum`, `object`, `array`, `map`, or a name under `types`",
                    SCALARS.iter().map(|scalar| format!("`{scalar}`")).collect::<Vec<_>>().join(", ")
                ));
                None
            }
        }
    }

    fn enum_values(&mut self, node: &RawNode, at: &Location) -> Vec<EnumValue> {
        let Some(values) = &node.values else {
            self.error(at, "`enum` needs `values`");
            return Vec::new();
        };
        if values.value.is_empty() {
            self.error(&values.referenced, "`values` is empty");
        }
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut wires: HashMap<String, ()> = HashMap::new();
        let mut out = Vec::new();
        for value in &values.value {
            let raw = &value.value;
            let named = match &raw.rust_name {
                Some(name) => names::explicit(name),
                None => names::type_name(&raw.value),
            };
            let rust = match named {
                Ok(rust) => rust,
                Err(error) => {
                    self.error(&value.referenced, error);
                    continue;
                }
            };
            if wires.insert(raw.value.clone(), ()).is_some() {
                self.error(
                    &value.referenced,
                    format!("value `{}` is listed twice", raw.value),
                );
            }
            if let Some(other) = seen.insert(rust.clone(), raw.value.clone()) {
                self.error(
                    &value.referenced,
                    format!(
                        "values `{other}` and `{}` both become `{rust}`; set `rust_name` on one",
                        raw.value
                    ),
                );
            }
            out.push(EnumValue {
                wire: raw.value.clone(),
                rust,
                doc: raw.doc.clone(),
            });
        }
        out
    }

    /// The Rust name of a struct or enum definition, registered against collisions.
    fn definition_name(
        &mut self,
        node: &RawNode,
        hint: &NameHint,
        at: &Location,
    ) -> Option<String> {
        let (name, name_at) = match (&node.name, hint) {
            (Some(name), NameHint::Inline(_)) => (name.value.clone(), name.referenced),
            (Some(name), NameHint::Shared(_)) => {
                self.error(
                    &name.referenced,
                    "a named type takes its name from its key; remove `name`",
                );
                (hint.default_name().to_owned(), *at)
            }
            (None, _) => (hint.default_name().to_owned(), *at),
        };
        let name = match self.type_name(
            &name,
            &name_at,
            node.name.is_some() || matches!(hint, NameHint::Shared(_)),
        ) {
            Ok(name) => name,
            Err(()) => return None,
        };
        if let Some(previous) = self.type_names.insert(name.clone(), name_at) {
            self.error(
                &name_at,
                format!(
                    "the type name `{name}` is already used (line {}); set `name` on one",
                    previous.line()
                ),
            );
        }
        Some(name)
    }

    /// Checks a type name; `explicit` names must already be UpperCamelCase.
    fn type_name(&mut self, name: &str, at: &Location, explicit: bool) -> Result<String, ()> {
        let checked = if explicit {
            names::explicit(name)
        } else {
            names::type_name(name)
        };
        match checked {
            Ok(rust) if RESERVED_TYPES.contains(&rust.as_str()) => {
                self.error(
                    at,
                    format!("`{rust}` is reserved in the generated module; choose another name"),
                );
                Err(())
            }
            Ok(rust) if rust.starts_with("r#") => {
                self.error(at, format!("`{name}` cannot be a type name"));
                Err(())
            }
            Ok(rust) => Ok(rust),
            Err(error) => {
                self.error(at, error);
                Err(())
            }
        }
    }

    fn require_doc(&mut self, node: &RawNode, at: &Location) {
        if node
            .doc
            .as_ref()
            .is_none_or(|doc| doc.value.trim().is_empty())
        {
            self.error(at, "missing `doc`: every field and type is documented");
        }
    }

    /// Keys that only some kinds of type take.
    fn check_type_keys(&mut self, node: &RawNode, kind: &str) {
        let misplaced = [
            (
                node.name.as_ref().map(|name| name.referenced),
                "name",
                matches!(kind, "object" | "enum"),
            ),
            (
                node.values.as_ref().map(|values| values.referenced),
                "values",
                kind == "enum",
            ),
            (
                node.fields.as_ref().map(|fields| fields.referenced),
                "fields",
                kind == "object",
            ),
            (
                node.items.as_ref().map(|items| items.referenced),
                "items",
                matches!(kind, "array" | "map"),
            ),
        ];
        for (at, key, allowed) in misplaced {
            if let (Some(at), false) = (at, allowed) {
                self.error(&at, format!("`{key}` does not apply to type `{kind}`"));
            }
        }
    }

    /// Keys that only some places take (fields, items, named types, payloads).
    fn check_keys(&mut self, node: &RawNode, role: Role) {
        let present = [
            ("optional", node.optional.as_ref().map(|key| key.referenced)),
            ("nullable", node.nullable.as_ref().map(|key| key.referenced)),
            (
                "rust_name",
                node.rust_name.as_ref().map(|key| key.referenced),
            ),
            (
                "deprecated",
                node.deprecated.as_ref().map(|key| key.referenced),
            ),
        ];
        for (key, key_at) in present {
            if let Some(key_at) = key_at
                && !role.allows(key)
            {
                self.error(&key_at, format!("`{key}` is not allowed {}", role.place()));
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Role {
    Field,
    Items,
    Shared,
    Payload,
    EnvelopePayload,
}

impl Role {
    fn allows(self, key: &str) -> bool {
        match self {
            Role::Field => true,
            Role::Items | Role::Shared => false,
            Role::Payload => key == "optional",
            Role::EnvelopePayload => key == "rust_name",
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
