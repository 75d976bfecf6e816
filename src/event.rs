//! Pieces shared by every vendor's `Event` type.

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// What an envelope's payload member may hold, and how absence is handled.
///
/// Generated payload structs implement it (the member must be present); `Option<T>` marks a
/// payload member that may be absent; [`UndocumentedPayload`] takes whatever arrives.
pub trait Payload: Serialize + Sized {
    /// Reads the payload from a member that is present (its value may be `null`).
    fn deserialize_present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// The payload of a delivery without the member, or `None` when the member is required.
    fn missing() -> Option<Self> {
        None
    }

    /// Whether this payload stands for an absent member (it is then not serialized).
    fn is_missing(&self) -> bool {
        false
    }

    /// Reads the payload member of an envelope into `slot` (generated code calls it): through
    /// [`Payload::deserialize_present`] unless the type reads faster (a generated struct is read
    /// straight from the concrete reader).
    #[doc(hidden)]
    fn read_member<'de>(
        members: &mut crate::__private::Members<'_, 'de>,
        slot: &mut Option<Self>,
        key: &crate::__private::Key<'de>,
    ) -> Result<(), crate::__private::ReadError> {
        members.seed(slot, key, crate::__private::PayloadSeed::<Self>::new())
    }
}

/// An absent payload member is `None`; a present one must fit `T` (so `null` is not mistaken
/// for absence and a round trip stays exact).
impl<T: Payload> Payload for Option<T> {
    fn deserialize_present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_present(deserializer).map(Some)
    }

    fn missing() -> Option<Self> {
        Some(None)
    }

    fn is_missing(&self) -> bool {
        self.is_none()
    }

    fn read_member<'de>(
        members: &mut crate::__private::Members<'_, 'de>,
        slot: &mut Option<Self>,
        key: &crate::__private::Key<'de>,
    ) -> Result<(), crate::__private::ReadError> {
        if slot.is_some() {
            return Err(crate::erased::duplicate(key));
        }
        T::read_member(members, slot.insert(None), key)
    }
}

/// Implements [`Payload`] for types whose payload member must be present.
macro_rules! required_payload {
    ($($ty:ty),* $(,)?) => {$(
        impl Payload for $ty {
            fn deserialize_present<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                Self::deserialize(deserializer)
            }
        }
    )*};
}
required_payload!(
    Value,
    String,
    bool,
    i64,
    serde_json::Number,
    crate::EpochSeconds,
    crate::EpochMillis,
    crate::Rfc3339,
    crate::DecimalString,
    crate::DateTime,
);

/// An array payload (`payload: { type: array, ... }`) must be present.
impl<T: Serialize + for<'de> Deserialize<'de>> Payload for Vec<T> {
    fn deserialize_present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}

/// A map payload (`payload: { type: map, ... }`) must be present.
impl<T: Serialize + for<'de> Deserialize<'de>> Payload for std::collections::BTreeMap<String, T> {
    fn deserialize_present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}

/// The payload of an event whose documentation describes none.
///
/// Whatever the vendor sends in the payload member (including `null`) is kept as JSON; an
/// absent member stays absent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UndocumentedPayload(Option<Value>);

impl UndocumentedPayload {
    /// The payload member's value, or `None` when the delivery had none.
    pub fn json(&self) -> Option<&Value> {
        self.0.as_ref()
    }
}

impl Serialize for UndocumentedPayload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Any JSON value, `null` included, is the member's value (absence is handled by the envelope).
impl<'de> Deserialize<'de> for UndocumentedPayload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(|value| UndocumentedPayload(Some(value)))
    }
}

impl Payload for UndocumentedPayload {
    fn deserialize_present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }

    fn missing() -> Option<Self> {
        Some(UndocumentedPayload(None))
    }

    fn is_missing(&self) -> bool {
        self.0.is_none()
    }
}

/// A delivery whose event the spec does not describe, kept exactly as it came.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownEvent {
    name: String,
    json: Value,
}

impl UnknownEvent {
    pub(crate) fn new(name: String, json: Value) -> Self {
        UnknownEvent { name, json }
    }

    /// The event name as delivered.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole delivery.
    pub fn json(&self) -> &Value {
        &self.json
    }

    /// The whole delivery, by value.
    pub fn into_json(self) -> Value {
        self.json
    }
}

impl Serialize for UnknownEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// What a vendor's spec says about one event (one entry of a vendor module's `EVENTS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventInfo {
    /// The event name, `<name>.<sub>` for an event with a sub-name (`issues.opened`).
    pub name: &'static str,
    /// The name alone, as it travels in the body member or header that names events
    /// (`issues`); the same as `name` for an event without a sub-name.
    pub base_name: &'static str,
    /// What the event says about the sub-name member.
    pub sub_name: SubName,
    /// Other names the event is delivered under.
    pub aliases: &'static [&'static str],
    /// The category the vendor files it under.
    pub group: Option<&'static str>,
    /// The Rust path of the type its `Event` variant holds (inside the variant's `Box` where it
    /// has one).
    pub rust_type: &'static str,
    /// Its documented example, as JSON of a full delivery (corrected where the document is wrong).
    pub example: Option<&'static str>,
}

/// What an event says about the sub-name member of its vendor (see [`Identity::sub_name`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubName {
    /// The event has no sub-names (or its vendor names events with one name only).
    None,
    /// The sub-name member holds this value (`opened` of `issues.opened`).
    Value(&'static str),
    /// Any value: the spec lists none, and the event keeps the one it came with.
    Open,
}

/// Where a vendor's deliveries carry their event name (each vendor module's `IDENTITY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    /// Where the (primary) event name is.
    pub name: NameSource,
    /// The top-level body member that names the event further (`action`), if any; the full
    /// name is then `<name>.<sub>`.
    pub sub_name: Option<&'static str>,
}

/// Where the primary event name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// A string member of the body at this path of keys (one key for a top-level member).
    Member(&'static [&'static str]),
    /// A request header, matched case-insensitively.
    Header(&'static str),
}

impl EventInfo {
    /// Whether `name` is this event's wire name or one of its aliases.
    pub fn answers_to(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }

    /// The event of `events` delivered under `name`.
    pub fn find(events: &'static [EventInfo], name: &str) -> Option<&'static EventInfo> {
        events.iter().find(|info| info.answers_to(name))
    }
}

/// A vendor module's `Event` type, with what generic code needs to know about its vendor.
///
/// Every vendor module implements it for its `Event` (generated from the spec), so code can be
/// written once for all vendors: `Verified::parse::<hookspec::gately::Event>()`, or the axum
/// extractor `Webhook<hookspec::duda::Event>`.
pub trait VendorEvent: Serialize + Sized + Send + 'static {
    /// The vendor id (its module name and cargo feature), e.g. `"gately"`.
    const VENDOR: &'static str;
    /// How the vendor signs deliveries (the vendor module's `SIGNING`).
    const SIGNING: &'static crate::verify::Signing;
    /// Where deliveries carry their event name (the vendor module's `IDENTITY`).
    const IDENTITY: &'static Identity;
    /// Where each delivery's idempotency key is (the vendor module's `IDEMPOTENCY_KEY`).
    const IDEMPOTENCY_KEY: Option<crate::verify::IdempotencyKey>;
    /// Every event of the spec (the vendor module's `EVENTS`).
    const EVENTS: &'static [EventInfo];

    /// Parses one delivery from its request headers and body (the vendor module's
    /// `parse_request`). Vendors that name events in the body do not read the headers.
    ///
    /// # Errors
    /// A missing or unusable event-name header; a body that is not JSON or does not fit the
    /// vendor's spec.
    fn parse_request<'h>(
        headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
        body: &[u8],
    ) -> Result<Self, crate::ParseError>;

    /// The idempotency key carried in the body, for vendors that put it there (Gately's `id`);
    /// `None` otherwise (see the vendor module's `IDEMPOTENCY_KEY`).
    fn body_idempotency_key(&self) -> Option<&str> {
        None
    }

    /// Where this delivery drifted from its spec (members absent or `null` where the spec
    /// said otherwise, texts that break their format), accepted because the spec says
    /// `presence: tolerant`; empty when the delivery matches the spec. A member listed here
    /// holds a placeholder, not a value: see [`crate::drift`].
    ///
    /// It walks the event once; the receiving APIs (`Parsed`, `hookspec::axum::Delivery`)
    /// give the same list computed once per delivery.
    fn drift(&self) -> Vec<crate::Drift> {
        crate::drift::of(self)
    }
}
