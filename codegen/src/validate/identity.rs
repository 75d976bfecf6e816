//! Where each delivery's event name travels (a body member, a nested member or a header, and an
//! optional sub-name member), the envelope, and the members every payload shares.

use std::collections::HashMap;

use serde_saphyr::{Location, Spanned};

use super::{Definitions, EventSites, Resolver, Role, doc_text};
use crate::diagnostic::Diagnostic;
use crate::load::{RawEnvelope, RawPlace, RawSpec};
use crate::model::{Envelope, Field, Identity, Member, NameSource, SubName, Type, Vendor};

/// Methods `Event` and the compound enums have whatever the spec says (`from_source` is the
/// compound enums' reader; `serialize` would hide `Serialize::serialize` from the generated
/// code that calls it); a `common` member cannot take their names.
const RESERVED_METHODS: &[&str] = &[
    "name",
    "is_known",
    "info",
    "idempotency_key",
    "from_source",
    "serialize",
];

/// The envelope struct's type parameter (`Envelope<P>`), which hides a spec type of that name
/// inside it.
const ENVELOPE_PARAMETER: &str = "P";

/// Whether `ty` is or contains the named type `name`.
fn mentions(ty: &Type, name: &str) -> bool {
    match ty {
        Type::Named(named) => named == name,
        Type::Array(inner) | Type::Map(inner) => mentions(inner, name),
        _ => false,
    }
}

impl Resolver<'_> {
    pub(super) fn envelope(&mut self, raw: &Spanned<RawEnvelope>) -> Envelope {
        let raw = &raw.value;
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
                        boxed: false,
                        tolerant: false,
                    }));
                }
            } else if let Some(field) = self.field(key, node, "Envelope", &mut seen) {
                if mentions(&field.ty, ENVELOPE_PARAMETER) {
                    self.error(
                        &key.referenced,
                        format!(
                            "`{}` has a type named `{ENVELOPE_PARAMETER}`, which is the envelope's payload type parameter (`Envelope<{ENVELOPE_PARAMETER}>`); give that type another name",
                            key.value
                        ),
                    );
                }
                members.push(Member::Field(field));
            }
        }
        let envelope = Envelope {
            doc: raw.doc.clone(),
            members,
            matches: raw
                .matches
                .iter()
                .map(|(key, value)| (key.value.clone(), value.value.clone()))
                .collect(),
        };
        if !raw.fields.keys().any(|key| key.value == raw.payload.value) {
            self.error_unknown(
                &raw.payload.referenced,
                format!(
                    "the payload member `{}` is not among the envelope's `fields`",
                    raw.payload.value
                ),
                &raw.payload.value,
                raw.fields.keys().map(|key| key.value.as_str()),
                None,
            );
        }
        for key in raw.matches.keys() {
            self.check_name_member(&envelope, &key.value, &key.referenced, &raw.payload.value);
        }
        envelope
    }

    /// A top-level envelope member that identifies the event: a required, non-null string
    /// other than the payload.
    fn check_name_member(&mut self, envelope: &Envelope, key: &str, at: &Location, payload: &str) {
        match envelope.field(key) {
            Some(_) if key == payload => {
                self.error(at, "the payload member cannot carry the event name");
            }
            Some(field) if field.ty != Type::String || field.optional || field.nullable => {
                self.error(
                    at,
                    format!(
                        "`{key}` identifies the event, so it must be a required, non-null `string` field"
                    ),
                );
            }
            Some(_) => {}
            None => self.error_unknown(
                at,
                format!("`{key}` is not among the envelope's `fields`"),
                key,
                envelope
                    .members
                    .iter()
                    .map(|member| member.field().wire.as_str()),
                None,
            ),
        }
    }

    /// The `common` members: fields of every event's payload, declared once.
    pub(super) fn common(&mut self, raw: &RawSpec, has_envelope: bool) -> Vec<Field> {
        let Some(common) = &raw.common else {
            return Vec::new();
        };
        if has_envelope {
            self.error(
                &common.referenced,
                "`common` is for bodies without an envelope; with an envelope, shared members are the envelope's `fields`",
            );
        }
        let fields = self.fields(&common.value, "");
        for field in &fields {
            let Some(key) = common.value.keys().find(|key| key.value == field.wire) else {
                continue;
            };
            if RESERVED_METHODS.contains(&crate::names::bare(&field.rust)) {
                self.error(
                    &key.referenced,
                    format!(
                        "`{}` would become the method `{}` of `Event`, which it already has; set `rust_name`",
                        key.value, field.rust
                    ),
                );
            }
        }
        fields
    }

    /// Where the event name travels: `identity`, or the older `envelope.event_name`.
    pub(super) fn identity(&mut self, raw: &RawSpec) -> Identity {
        let legacy = raw
            .envelope
            .as_ref()
            .and_then(|envelope| envelope.value.event_name.as_ref());
        let (name, sub_name) = match (&raw.identity, legacy) {
            (Some(identity), Some(event_name)) => {
                self.error(
                    &event_name.referenced,
                    "the event name is given twice: remove `envelope.event_name` (or say it as `identity: { name: { member: ... } }`)",
                );
                (
                    self.place(&identity.value.name, true),
                    identity.value.sub_name.as_ref(),
                )
            }
            (Some(identity), None) => (
                self.place(&identity.value.name, true),
                identity.value.sub_name.as_ref(),
            ),
            (None, Some(event_name)) => (
                Some(NameSource::Member(vec![event_name.value.clone()])),
                None,
            ),
            (None, None) => {
                let at = raw
                    .envelope
                    .as_ref()
                    .map_or(raw.vendor.referenced, |envelope| envelope.referenced);
                self.error(
                    &at,
                    "say where the event name travels: `identity: { name: { member: event } }`, a nested `{ member: meta.event_name }`, or `{ header: X-Event-Name }`",
                );
                (None, None)
            }
        };
        let sub_name = sub_name.and_then(|place| match self.place(place, true) {
            Some(NameSource::Member(path)) if path.len() == 1 => path.into_iter().next(),
            Some(NameSource::Member(_)) => {
                self.error(
                    &place.referenced,
                    "the sub-name member must be a top-level member of the body",
                );
                None
            }
            Some(NameSource::Header(_)) => {
                self.error(
                    &place.referenced,
                    "a sub-name travels in the body: `sub_name: { member: action }`",
                );
                None
            }
            None => None,
        });
        Identity {
            name: name.unwrap_or(NameSource::Header(String::new())),
            sub_name,
        }
    }

    /// `{ member: a.b }` or `{ header: X-Name }`, exactly one of the two.
    fn place(&mut self, raw: &Spanned<RawPlace>, header_allowed: bool) -> Option<NameSource> {
        match (&raw.value.member, &raw.value.header) {
            (Some(member), None) => {
                let path: Vec<String> = member.value.split('.').map(str::to_owned).collect();
                if path.iter().any(String::is_empty) {
                    self.error(
                        &member.referenced,
                        format!(
                            "`{}` is not a member path: keys separated by single dots, such as `meta.event_name`",
                            member.value
                        ),
                    );
                    return None;
                }
                Some(NameSource::Member(path))
            }
            (None, Some(header)) if header_allowed => {
                let valid = !header.value.is_empty()
                    && header
                        .value
                        .bytes()
                        .all(|byte| byte.is_ascii_alphanumeric() || b"-_".contains(&byte));
                if !valid {
                    self.error(
                        &header.referenced,
                        format!(
                            "`{}` is not a header name (letters, digits, `-` and `_`)",
                            header.value
                        ),
                    );
                    return None;
                }
                Some(NameSource::Header(header.value.clone()))
            }
            (None, Some(_)) => {
                self.error(&raw.referenced, "expected `{ member: ... }`");
                None
            }
            _ => {
                self.error(
                    &raw.referenced,
                    "give exactly one of `member` (a path in the body) and `header`",
                );
                None
            }
        }
    }

    /// Once every type is known: the name member's path leads to a required, non-null string,
    /// and the sub-name member is a string wherever it is declared.
    pub(super) fn check_identity_members(
        &mut self,
        vendor: &Vendor,
        raw: &RawSpec,
        sites: &EventSites,
    ) {
        let name_at = match (&raw.identity, &raw.envelope) {
            (Some(identity), _) => identity.value.name.referenced,
            (None, Some(envelope)) => envelope
                .value
                .event_name
                .as_ref()
                .map_or(envelope.referenced, |name| name.referenced),
            (None, None) => raw.vendor.referenced,
        };
        if let NameSource::Member(path) = &vendor.identity.name {
            let payload = vendor
                .envelope
                .as_ref()
                .and_then(Envelope::payload)
                .map(|payload| payload.wire.clone());
            if vendor.envelope.is_some() && path.first() == payload.as_ref() {
                self.error(&name_at, "the payload member cannot carry the event name");
            } else if let Err(message) = vendor.name_path(path) {
                self.error(&name_at, message);
            } else if vendor.envelope.is_none() {
                self.check_payload_name_paths(vendor, path, sites);
            }
        }
        let Some(sub) = &vendor.identity.sub_name else {
            for (index, event) in vendor.events.iter().enumerate() {
                if event.sub != SubName::None {
                    self.error(
                        &sites.at(index),
                        "`sub_name` needs a sub-name member: `identity: { sub_name: { member: action } }`",
                    );
                }
            }
            return;
        };
        let sub_at = raw
            .identity
            .as_ref()
            .and_then(|identity| identity.value.sub_name.as_ref())
            .map_or(name_at, |place| place.referenced);
        if let Some(envelope) = &vendor.envelope
            && let Some(field) = envelope.field(sub)
            && field.ty != Type::String
        {
            self.error(
                &sub_at,
                format!("the sub-name member `{sub}` must be a `string` field"),
            );
        }
        let definitions = Definitions::of(vendor);
        for (index, event) in vendor.events.iter().enumerate() {
            let field = definitions.sub_field(vendor, event);
            match (field, &event.sub) {
                // With an envelope, reported once above.
                (Some(field), _) if field.ty != Type::String && vendor.envelope.is_none() => self
                    .error(
                        &sites.at(index),
                        format!(
                            "the sub-name member `{sub}` of `{}` must be a `string` field",
                            event.wire
                        ),
                    ),
                (Some(_), _) => {}
                (None, SubName::Open) => {
                    let place = if vendor.envelope.is_some() {
                        "the envelope"
                    } else {
                        "its payload"
                    };
                    self.error(
                        &sites.at(index),
                        format!(
                            "an event with open sub-names keeps its `{sub}`: declare `{sub}` as a `string` field of {place}"
                        ),
                    )
                }
                _ => {}
            }
        }
    }
}

impl Resolver<'_> {
    /// Without an envelope, `parse` reads the name from the body, and `Event::name()` from the
    /// payload: a payload object that declares the name member itself (instead of taking the
    /// `common` one) must declare it as the name can be read, required, non-null, a `string`
    /// or an `enum`. Reported once per payload type, at its first event.
    fn check_payload_name_paths(&mut self, vendor: &Vendor, path: &[String], sites: &EventSites) {
        let mut seen = std::collections::HashSet::new();
        let joined = path.join(".");
        for (index, event) in vendor.events.iter().enumerate() {
            let Some(Type::Named(payload)) = &event.payload else {
                continue;
            };
            if !seen.insert(payload.as_str()) {
                continue;
            }
            if let Err(message) = vendor.payload_name_path(event, path) {
                self.diagnostics.push(
                    Diagnostic::at(
                        self.file,
                        &sites.at(index),
                        format!(
                            "the payload of `{}` redeclares `{joined}`, which names the event: {message}",
                            event.wire
                        ),
                    )
                    .with_help(format!(
                        "`parse` reads the event name from `{joined}`, so a payload that declares it must declare it as a required, non-null `string` or `enum`; or remove it from the payload's `fields` to use the `common` member"
                    )),
                );
            }
        }
    }

    /// Adds the `common` members to every event payload object that does not declare them
    /// itself. One that declares a member with another type keeps its own (the vendor's
    /// schema says so); `Event`'s accessor for that member then skips the event, and its doc
    /// names it.
    pub(super) fn apply_common(&mut self, vendor: &mut Vendor) {
        if vendor.common.is_empty() {
            return;
        }
        // Each event's payload struct (the first of its name), found by name once.
        let payloads: Vec<usize> = {
            let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(vendor.structs.len());
            for (index, def) in vendor.structs.iter().enumerate() {
                by_name.entry(def.name.as_str()).or_insert(index);
            }
            vendor
                .events
                .iter()
                .filter_map(|event| match &event.payload {
                    Some(Type::Named(name)) => by_name.get(name.as_str()).copied(),
                    _ => None,
                })
                .collect()
        };
        for index in payloads {
            let def = &mut vendor.structs[index];
            for common in &vendor.common {
                if !def.fields.iter().any(|field| field.wire == common.wire) {
                    def.fields.push(common.clone());
                }
            }
        }
    }
}
