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
    /// The JSON object of every delivery.
    pub envelope: Envelope,
    /// How deliveries are signed.
    pub signing: Signing,
    /// Every struct: shared, inline and event payloads, in spec order.
    pub structs: Vec<Struct>,
    /// Every open enum, in spec order.
    pub enums: Vec<Enum>,
    /// Every event, in spec order.
    pub events: Vec<Event>,
}

/// The delivery object.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Documentation of the envelope struct.
    pub doc: String,
    /// Its members in delivery order; exactly one is the payload.
    pub members: Vec<Member>,
    /// Wire key of the member that carries the event name.
    pub event_name: String,
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
    /// Any JSON.
    Json,
    /// `Vec<T>`.
    Array(Box<Type>),
    /// `BTreeMap<String, T>`.
    Map(Box<Type>),
    /// A generated struct or enum, by Rust name.
    Named(String),
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
    /// Primary wire name.
    pub wire: String,
    /// Other wire names of the same event.
    pub aliases: Vec<String>,
    /// The `Event` variant name.
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
