//! The validated model: every name resolved to a Rust identifier, every type reference
//! resolved, inline types lifted to named definitions. The emit stage reads only this.

use std::path::PathBuf;

/// One vendor's validated spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Vendor {
    /// The spec file it came from.
    pub source: PathBuf,
    /// Vendor id: module, feature and file name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Documentation URL.
    pub docs: String,
    /// Module documentation.
    pub doc: String,
    /// Where each delivery's event name travels.
    pub identity: Identity,
    /// The JSON object of every delivery; `None` when the body is the payload itself.
    pub envelope: Option<Envelope>,
    /// Members every event's payload shares (bodies without an envelope), reachable on
    /// `Event` without matching its variants.
    pub common: Vec<Field>,
    /// How deliveries are signed.
    pub signing: Signing,
    /// Every struct: shared, inline and event payloads, in spec order.
    pub structs: Vec<Struct>,
    /// Every open enum, in spec order.
    pub enums: Vec<Enum>,
    /// Every union, in spec order.
    pub unions: Vec<Union>,
    /// Every event, in spec order.
    pub events: Vec<Event>,
    /// Event names that have sub-names (`issues` for `issues.opened`), in spec order.
    pub compounds: Vec<Compound>,
}

impl Vendor {
    /// Whether any field is under `presence: tolerant` (then every field read says its policy
    /// to the text scalars it contains; a strict vendor's generated code is as before).
    pub fn any_tolerant(&self) -> bool {
        let fields = (self.structs.iter())
            .flat_map(|def| &def.fields)
            .chain(&self.common);
        let envelope = self.envelope.iter().flat_map(|envelope| {
            envelope.members.iter().map(|member| match member {
                Member::Field(field) | Member::Payload(field) => field,
            })
        });
        fields.chain(envelope).any(|field| field.tolerant)
    }
}

impl Vendor {
    /// The `Event` enum's entries in spec order: plain events and compound names (each once,
    /// where its first event appears).
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let mut entries = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for event in &self.events {
            match &event.compound {
                None => entries.push(Entry::Event(event)),
                Some(index) => {
                    if seen.insert(*index) {
                        entries.push(Entry::Compound(&self.compounds[*index]));
                    }
                }
            }
        }
        entries
    }

    /// The events of a compound name, in spec order.
    pub fn events_of<'a>(&'a self, compound: &'a Compound) -> impl Iterator<Item = &'a Event> {
        self.events
            .iter()
            .filter(move |event| event.compound == Some(compound.index))
    }

    /// The struct with this Rust name.
    pub fn find_struct(&self, name: &str) -> Option<&Struct> {
        self.structs.iter().find(|def| def.name == name)
    }

    /// The Rust field names along a body member path that carries the event name, checking
    /// that it leads through required objects to a required, non-null string (or open enum):
    /// the path as the envelope, or without one the `common` members, declare it.
    pub fn name_path(&self, path: &[String]) -> Result<NamePath, String> {
        let Some(first) = path.first() else {
            return Err("the member path is empty".to_owned());
        };
        let top = match &self.envelope {
            Some(envelope) => envelope.field(first).ok_or_else(|| {
                format!("`{first}` is not among the envelope's `fields`")
            })?,
            None => self
                .common
                .iter()
                .find(|field| &field.wire == first)
                .ok_or_else(|| {
                    format!(
                        "`{first}` is not a `common` member: a body without an envelope declares the members that carry the event name under `common`"
                    )
                })?,
        };
        self.walk_name_path(top, path)
    }

    /// Without an envelope, the name member's path as `event`'s payload object declares it
    /// (a payload may declare a `common` member itself): `Ok(None)` where the payload is not
    /// an object the vendor defines (no payload, `json`, a scalar), which holds no field to
    /// read the name from.
    pub fn payload_name_path(
        &self,
        event: &Event,
        path: &[String],
    ) -> Result<Option<NamePath>, String> {
        let Some(Type::Named(name)) = &event.payload else {
            return Ok(None);
        };
        let Some(payload) = self.find_struct(name) else {
            return Ok(None);
        };
        let Some(first) = path.first() else {
            return Err("the member path is empty".to_owned());
        };
        let top = payload
            .fields
            .iter()
            .find(|field| &field.wire == first)
            .ok_or_else(|| format!("`{}` has no field `{first}`", payload.name))?;
        self.walk_name_path(top, path).map(Some)
    }

    /// Follows `path` from `top` (the field of its first key).
    fn walk_name_path(&self, top: &Field, path: &[String]) -> Result<NamePath, String> {
        let mut field = top;
        let mut rust = Vec::new();
        let mut rest = path.get(1..).unwrap_or_default().iter();
        loop {
            if field.optional || field.nullable {
                return Err(if rest.as_slice().is_empty() {
                    format!(
                        "`{}` identifies the event, so it must be a required, non-null `string` (or `enum`) field",
                        field.wire
                    )
                } else {
                    format!(
                        "`{}` holds the event name, so it must be a required, non-null object",
                        field.wire
                    )
                });
            }
            rust.push(field.rust.clone());
            let Some(key) = rest.next() else {
                let is_enum = match &field.ty {
                    Type::String => false,
                    Type::Named(name) if self.enums.iter().any(|def| &def.name == name) => true,
                    _ => {
                        return Err(format!(
                            "`{}` identifies the event, so it must be a required, non-null `string` (or `enum`) field",
                            field.wire
                        ));
                    }
                };
                return Ok(NamePath {
                    fields: rust,
                    is_enum,
                });
            };
            let inner = match &field.ty {
                Type::Named(name) => self.find_struct(name),
                _ => None,
            };
            let Some(inner) = inner else {
                return Err(format!(
                    "`{}` must be an object type to hold `{key}`",
                    field.wire
                ));
            };
            field = inner
                .fields
                .iter()
                .find(|candidate| &candidate.wire == key)
                .ok_or_else(|| format!("`{}` has no field `{key}`", inner.name))?;
        }
    }

    /// The field that holds the sub-name member for `event`, if the spec declares one: an
    /// envelope member, or a member of the event's payload object.
    pub fn sub_field(&self, event: &Event) -> Option<&Field> {
        self.sub_field_in(event, |name| self.find_struct(name))
    }

    /// [`Vendor::sub_field`], with the payload struct looked up by `find` (an index, where
    /// the caller has one).
    pub fn sub_field_in<'s>(
        &'s self,
        event: &Event,
        find: impl FnOnce(&str) -> Option<&'s Struct>,
    ) -> Option<&'s Field> {
        let sub = self.identity.sub_name.as_ref()?;
        match &self.envelope {
            Some(envelope) => envelope.field(sub),
            None => match &event.payload {
                Some(Type::Named(name)) => {
                    find(name)?.fields.iter().find(|field| &field.wire == sub)
                }
                _ => None,
            },
        }
    }

    /// How many fields (of every struct, the envelope and the common members) have no doc.
    pub fn undocumented_fields(&self) -> usize {
        let structs = self.structs.iter().flat_map(|def| &def.fields);
        let envelope = self
            .envelope
            .iter()
            .flat_map(|envelope| envelope.members.iter().map(Member::field));
        structs
            .chain(envelope)
            .chain(&self.common)
            .filter(|field| field.doc.is_empty())
            .count()
    }

    /// How many fields there are in all (every struct, the envelope and the common members).
    pub fn field_count(&self) -> usize {
        self.structs
            .iter()
            .map(|def| def.fields.len())
            .sum::<usize>()
            + self
                .envelope
                .as_ref()
                .map_or(0, |envelope| envelope.members.len())
            + self.common.len()
    }
}

/// The fields along the body member path that carries the event name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePath {
    /// The Rust field names, outermost first.
    pub fields: Vec<String>,
    /// The last field is an open enum (its `as_str()` gives the name), not a `String`.
    pub is_enum: bool,
}

/// One entry of the `Event` enum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry<'a> {
    /// An event without sub-names (or with open ones).
    Event(&'a Event),
    /// A name whose events are told apart by the sub-name member.
    Compound(&'a Compound),
}

/// Where the event name travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The (primary) event name.
    pub name: NameSource,
    /// The top-level body member that names the event further (`action`), if any.
    pub sub_name: Option<String>,
}

/// Where the primary event name is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameSource {
    /// A string member of the body at this path (one key for a top-level member).
    Member(Vec<String>),
    /// A request header (matched case-insensitively).
    Header(String),
}

/// A name with sub-names: `issues` for `issues.opened`, `issues.closed`, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Compound {
    /// Its position in [`Vendor::compounds`].
    pub index: usize,
    /// The primary name as delivered.
    pub name: String,
    /// The `Event` variant.
    pub variant: String,
    /// The enum of its events (`IssuesEvent`).
    pub enum_name: String,
    /// Documentation.
    pub doc: String,
}

/// The delivery object.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Documentation of the envelope struct.
    pub doc: String,
    /// Its members in delivery order; exactly one is the payload.
    pub members: Vec<Member>,
    /// Members that must hold a fixed value for an event to be known.
    pub matches: Vec<(String, String)>,
}

impl Envelope {
    /// The envelope's payload member.
    pub fn payload(&self) -> Option<&Field> {
        self.members.iter().find_map(|member| match member {
            Member::Payload(field) => Some(field),
            Member::Field(_) => None,
        })
    }

    /// The envelope's member with this wire key.
    pub fn field(&self, wire: &str) -> Option<&Field> {
        self.members
            .iter()
            .map(Member::field)
            .find(|field| field.wire == wire)
    }
}

/// A member of the envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum Member {
    /// An ordinary field.
    Field(Field),
    /// The payload member; its `ty` is unused (each event has its own).
    Payload(Field),
}

impl Member {
    /// The field, whatever its role.
    pub fn field(&self) -> &Field {
        match self {
            Member::Field(field) | Member::Payload(field) => field,
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// The Rust identifier (`r#type` for keywords).
    pub rust: String,
    /// Documentation.
    pub doc: String,
    /// The type of a present, non-null value.
    pub ty: Type,
    /// May be absent.
    pub optional: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// A correction of the vendor's document.
    pub note: Option<String>,
    /// Held in a `Box`: its type contains this struct again without other indirection.
    pub boxed: bool,
    /// Under `presence: tolerant`: a required member that is absent, a `null` where the field
    /// is not nullable, and a text that breaks its format are *drift*, accepted and recorded
    /// rather than rejected.
    pub tolerant: bool,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i64`.
    Integer,
    /// `serde_json::Number`.
    Number,
    /// RFC 3339 string.
    Rfc3339,
    /// Epoch seconds integer.
    EpochSeconds,
    /// Epoch milliseconds integer.
    EpochMillis,
    /// Decimal number as a string.
    DecimalString,
    /// A leniently written date-time string.
    DateTime,
    /// Any JSON.
    Json,
    /// `Vec<T>`.
    Array(Box<Type>),
    /// `BTreeMap<String, T>`.
    Map(Box<Type>),
    /// A generated struct, enum or union, by Rust name.
    Named(String),
}

/// The JSON kinds a union tells its branches apart by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JsonKind {
    /// `true` or `false`.
    Bool,
    /// A number without fraction or exponent.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// The kind in JSON terms, for messages and docs.
    pub fn describe(self) -> &'static str {
        match self {
            JsonKind::Bool => "a boolean",
            JsonKind::Integer => "an integer",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        }
    }
}

/// A generated union: one variant per branch.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The object member whose value names the branch, for branches selected by `tag`.
    pub tag: Option<String>,
    /// Whether a value that fits no branch is kept as JSON (else it is an error).
    pub open: bool,
    /// Defined under `presence: tolerant`: a branch's text that breaks its format is kept
    /// (format drift), not rejected.
    pub tolerant: bool,
    /// The branches, in spec order.
    pub branches: Vec<Branch>,
}

/// One branch of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The variant name.
    pub rust: String,
    /// Documentation, if the spec gives one.
    pub doc: Option<String>,
    /// The branch's type.
    pub ty: Type,
    /// Which JSON kinds the branch takes (objects only through `select` when several
    /// branches are objects).
    pub kinds: Vec<JsonKind>,
    /// How an object is recognised as this branch, when several branches are objects.
    pub select: Select,
    /// Held in a `Box` (see [`Field::boxed`]).
    pub boxed: bool,
}

/// How a union value is matched to a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Select {
    /// By its JSON kind alone.
    Kind,
    /// An object whose tag member (see [`Union::tag`]) holds this value.
    Tag(String),
    /// An object that has this (required) key.
    Key(String),
    /// An object that no other variant's tag or key selects (at most one per union).
    Otherwise,
}

/// A generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Fields in spec order.
    pub fields: Vec<Field>,
}

/// A generated open enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Documented values.
    pub values: Vec<EnumValue>,
}

/// One documented enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The variant name.
    pub rust: String,
    /// Documentation, if the spec gives one.
    pub doc: Option<String>,
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Primary wire name, compound names as `<name>.<sub>`.
    pub wire: String,
    /// The primary name alone (`issues` for `issues.opened`; the whole name otherwise).
    pub base: String,
    /// Its sub-name, for vendors with a sub-name member.
    pub sub: SubName,
    /// The compound name it belongs to (index into [`Vendor::compounds`]), when `sub` is a value.
    pub compound: Option<usize>,
    /// Other wire names of the same event.
    pub aliases: Vec<String>,
    /// The variant name: in `Event`, or in its compound name's enum.
    pub rust: String,
    /// Category.
    pub group: Option<String>,
    /// Documentation.
    pub doc: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// The payload member's type; `None` when the document describes no payload.
    pub payload: Option<Type>,
    /// Whether the payload member may be absent.
    pub payload_optional: bool,
    /// Documented examples.
    pub examples: Vec<Example>,
}

/// What an event says about the sub-name member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubName {
    /// The event has no sub-names (or the vendor names events with one name only).
    None,
    /// The sub-name member must hold this value.
    Value(String),
    /// Any value (the spec does not list them); the payload keeps it.
    Open,
}

impl Event {
    /// Every name the event is delivered under.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.wire.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A documented example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The text as the vendor's document shows it; `None` for an example the spec adds (such
    /// as a real-shaped delivery), whose `note` says where it comes from.
    pub documented: Option<String>,
    /// Corrected JSON, where the documented text is not valid or not accurate.
    pub corrected: Option<String>,
    /// What the correction changed and why.
    pub note: Option<String>,
}

impl Example {
    /// The JSON the example stands for: the correction if any, else the documented text.
    pub fn json(&self) -> &str {
        self.corrected
            .as_deref()
            .or(self.documented.as_deref())
            .unwrap_or_default()
    }
}

/// How the vendor signs deliveries.
// One value per spec: the size difference costs nothing, boxing would complicate every match.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    /// Not signed.
    Unsigned {
        /// What the vendor advises instead.
        advice: String,
    },
    /// HMAC-SHA256 with the given parameters.
    Hmac(HmacScheme),
}

/// Parameters of an HMAC-SHA256 signature scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HmacScheme {
    /// Header with the signature(s).
    pub signature_header: String,
    /// Header with the delivery id, if signed.
    pub id_header: Option<String>,
    /// Header with the timestamp, if signed.
    pub timestamp_header: Option<String>,
    /// Prefix of the signature header's entry that carries the timestamp instead of a header of
    /// its own (Stripe's `t=` in `t=1492774577,v1=…`); excludes `timestamp_header`.
    pub timestamp_entry: Option<String>,
    /// The timestamp header counts milliseconds (else seconds).
    pub timestamp_millis: bool,
    /// Replay window.
    pub tolerance_seconds: Option<u64>,
    /// The signed content, as a sequence of parts.
    pub signed_content: Vec<ContentPart>,
    /// The signature is base64 (else lowercase hex).
    pub base64: bool,
    /// Separator between several signatures in the header.
    pub entry_separator: Option<String>,
    /// Prefix of each signature entry.
    pub entry_prefix: String,
    /// How the key is derived from the secret.
    pub key: KeyDerivation,
    /// Where the delivery's idempotency key is.
    pub idempotency_key: Option<IdempotencyKey>,
}

/// A part of the signed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentPart {
    /// The id header's value.
    Id,
    /// The timestamp header's value.
    Timestamp,
    /// The raw body.
    Body,
    /// Literal text.
    Literal(String),
}

/// How the HMAC key is derived from the configured secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyDerivation {
    /// The secret's UTF-8 bytes.
    Utf8,
    /// Base64-decode the secret after stripping the prefix.
    Base64AfterPrefix(String),
    /// Raw bytes, then the base64-decoded secret.
    Utf8OrBase64,
}

/// Where a delivery's idempotency key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyKey {
    /// A request header.
    Header(String),
    /// A top-level envelope member.
    Field(String),
}
