//! The registry of vendors compiled into the crate, for code that picks a vendor at run time.

use crate::verify::{IdempotencyKey, Signing};
use crate::{AnyEvent, EventInfo, Identity, ParseError};

/// A parse function of the registry: request headers and body.
type ParseFn = fn(&[(&str, &[u8])], &[u8]) -> Result<AnyEvent, ParseError>;

/// A parse function of the registry given the event name (empty for vendors that name events
/// in the body) and the body.
type NamedParseFn = fn(&str, &[u8]) -> Result<AnyEvent, ParseError>;

/// A vendor whose spec is compiled in (its feature is enabled).
#[derive(Debug, Clone, Copy)]
pub struct Vendor {
    /// The vendor id: the spec's file name, module and cargo feature.
    pub id: &'static str,
    /// The display name.
    pub name: &'static str,
    /// The vendor's webhook documentation.
    pub docs: &'static str,
    /// Every event of the spec.
    pub events: &'static [EventInfo],
    /// How the vendor signs deliveries.
    pub signing: &'static Signing,
    /// Where deliveries carry their event name.
    pub identity: &'static Identity,
    /// Where each delivery's idempotency key is, if the vendor gives one.
    pub idempotency_key: Option<IdempotencyKey>,
    /// The digest of the spec text this vendor's module was generated from (16 hex digits of
    /// FNV-1a 64 over the text, `\r\n` read as `\n`: `hookspec_codegen::spec_digest`), to
    /// tell whether a spec file is the one compiled in (`hookspec audit` warns when not).
    pub spec_digest: &'static str,
    pub(crate) parse: ParseFn,
    /// `support::parse_body`: the fast read where it can.
    pub(crate) parse_body: NamedParseFn,
    /// `Dispatch::from_source` on the body: the careful two-pass read.
    pub(crate) parse_careful: NamedParseFn,
    /// `Dispatch::from_source` on a JSON value (what `Event`'s `Deserialize` does).
    pub(crate) parse_value: fn(&str, &serde_json::Value) -> Result<AnyEvent, ParseError>,
}

impl Vendor {
    /// Parses one delivery body, for a vendor that names events in the body (for one that
    /// names them in a header, this fails with the missing header: use
    /// [`parse_request`](Self::parse_request)).
    pub fn parse(&self, body: &[u8]) -> Result<AnyEvent, ParseError> {
        (self.parse)(&[], body)
    }

    /// Parses one delivery from its request headers (matched case-insensitively) and body.
    pub fn parse_request(
        &self,
        headers: &[(&str, &[u8])],
        body: &[u8],
    ) -> Result<AnyEvent, ParseError> {
        (self.parse)(headers, body)
    }

    /// The header that carries the event name, for vendors that name events in a header.
    pub fn name_header(&self) -> Option<&'static str> {
        match self.identity.name {
            crate::NameSource::Header(header) => Some(header),
            crate::NameSource::Member(_) => None,
        }
    }

    /// The header that names `event` in a delivery (`X-GitHub-Event: issues` for
    /// `issues.opened`), for vendors that name events in a header; `None` for the others.
    pub fn name_header_for(&self, event: &EventInfo) -> Option<(&'static str, &'static [u8])> {
        self.name_header()
            .map(|header| (header, event.base_name.as_bytes()))
    }

    /// Parses a verified delivery, or keeps it whole when it does not fit the spec: the
    /// run-time counterpart of [`Verified::parse_or_keep`](crate::verify::Verified::parse_or_keep).
    ///
    /// # Errors
    /// The delivery, its event name as far as it could be read and the parse error, as an
    /// [`Unparsed`](crate::verify::Unparsed).
    pub fn parse_or_keep(
        &self,
        verified: crate::verify::Verified,
    ) -> Result<AnyEvent, crate::verify::Unparsed> {
        self.parse_verified(&verified)
            .map_err(|error| crate::verify::Unparsed::of_vendor(self, verified, error))
    }

    /// Parses a verified delivery with the headers kept with it.
    pub(crate) fn parse_verified(
        &self,
        verified: &crate::verify::Verified,
    ) -> Result<AnyEvent, ParseError> {
        let headers: Vec<(&str, &[u8])> = verified.headers().collect();
        (self.parse)(&headers, verified.body())
    }

    /// Reads an event from a JSON value, such as a delivery stored as JSON: what each vendor
    /// `Event`'s `Deserialize` does. `name` is the event-name header's value for vendors that
    /// name events in a header ([`name_header`](Self::name_header)), and is ignored (give `""`)
    /// for the others.
    ///
    /// # Errors
    /// A value that does not fit the vendor's spec, with its JSON path.
    pub fn parse_value(
        &self,
        name: &str,
        json: &serde_json::Value,
    ) -> Result<AnyEvent, ParseError> {
        (self.parse_value)(name, json)
    }

    /// The event of this vendor delivered under `name`.
    pub fn event(&self, name: &str) -> Option<&'static EventInfo> {
        EventInfo::find(self.events, name)
    }
}

/// For `tests/fast_read.rs`: the fast read (`name` is the header's event name, empty for
/// vendors that name events in the body) and the careful two-pass read it must agree with.
#[doc(hidden)]
impl Vendor {
    /// The fast read (`support::parse_body`), falling back to the careful read on failure.
    #[doc(hidden)]
    pub fn __parse_fast(&self, name: &str, body: &[u8]) -> Result<AnyEvent, ParseError> {
        (self.parse_body)(name, body)
    }

    /// The careful two-pass read (`Dispatch::from_source` on the body).
    #[doc(hidden)]
    pub fn __parse_careful(&self, name: &str, body: &[u8]) -> Result<AnyEvent, ParseError> {
        (self.parse_careful)(name, body)
    }
}

/// The vendor with this id, if its feature is enabled.
pub fn vendor(id: &str) -> Option<&'static Vendor> {
    crate::VENDORS.iter().find(|vendor| vendor.id == id)
}

/// The functions of the registry's entries, generic over a vendor module's `Event`: each
/// generated `VENDORS` entry names them with its own type.
#[allow(
    dead_code,
    reason = "a build without any vendor feature has no registry entry to name them"
)]
pub(crate) mod entry {
    use serde_json::Value;

    use crate::support::{Body, Dispatch, parse_body};
    use crate::{AnyEvent, ParseError, VendorEvent};

    /// `E`'s `parse_request`.
    pub(crate) fn request<E: VendorEvent + Into<AnyEvent>>(
        headers: &[(&str, &[u8])],
        body: &[u8],
    ) -> Result<AnyEvent, ParseError> {
        E::parse_request(headers.iter().copied(), body).map(Into::into)
    }

    /// The fast read (`support::parse_body`).
    pub(crate) fn fast<E: Dispatch + Into<AnyEvent>>(
        name: &str,
        body: &[u8],
    ) -> Result<AnyEvent, ParseError> {
        parse_body::<E>(name, body).map(Into::into)
    }

    /// The careful two-pass read of the body.
    pub(crate) fn careful<E: Dispatch + Into<AnyEvent>>(
        name: &str,
        body: &[u8],
    ) -> Result<AnyEvent, ParseError> {
        E::from_source(name, &Body(body)).map(Into::into)
    }

    /// The read of a JSON value (what `Event`'s `Deserialize` does).
    pub(crate) fn from_value<E: Dispatch + Into<AnyEvent>>(
        name: &str,
        value: &Value,
    ) -> Result<AnyEvent, ParseError> {
        E::from_source(name, value).map(Into::into)
    }
}
