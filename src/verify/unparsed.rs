//! A verified delivery that does not fit the spec, kept whole.

use std::fmt;

use super::Verified;
use crate::ParseError;

/// A verified delivery that does not fit its vendor's spec, kept whole so that nothing is
/// lost: the vendor changed a payload (a field's type, a required member) before the spec
/// caught up, or sent a body that is not JSON.
///
/// It owns the verified body (byte for byte) and headers, so it can be written somewhere and
/// replayed once the spec is fixed (`hookspec send <vendor> --body FILE --header ...`). Made by
/// [`Verified::parse_or_keep`], [`Vendor::parse_or_keep`](crate::Vendor::parse_or_keep) and the
/// axum `Delivery` extractor. For a vendor that does not sign (accepted with
/// `dangerously_skip_verification`), the body is not authenticated:
/// [`matched_secret`](Verified::matched_secret) is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed(Box<UnparsedParts>);

/// What an [`Unparsed`] holds (boxed: it travels in the `Err` of a `Result`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct UnparsedParts {
    vendor: &'static str,
    event_name: Option<String>,
    error: ParseError,
    verified: Verified,
    /// The id a spool kept it under.
    kept_as: Option<String>,
}

impl Unparsed {
    fn new(
        vendor: &'static str,
        identity: &crate::Identity,
        events: &[crate::EventInfo],
        verified: Verified,
        error: ParseError,
    ) -> Self {
        Self(Box::new(UnparsedParts {
            vendor,
            event_name: delivered_name(identity, events, &verified),
            error,
            verified,
            kept_as: None,
        }))
    }

    /// A delivery of vendor module `E` that `error` kept from parsing.
    pub(crate) fn of<E: crate::VendorEvent>(verified: Verified, error: ParseError) -> Self {
        Self::new(E::VENDOR, E::IDENTITY, E::EVENTS, verified, error)
    }

    /// A delivery of a registry vendor that `error` kept from parsing.
    pub(crate) fn of_vendor(vendor: &crate::Vendor, verified: Verified, error: ParseError) -> Self {
        Self::new(vendor.id, vendor.identity, vendor.events, verified, error)
    }

    /// The vendor id.
    #[must_use]
    pub fn vendor(&self) -> &'static str {
        self.0.vendor
    }

    /// The event name the delivery carries, as far as it could be read where the vendor's
    /// identity says it is (a body member, or a header, followed by the sub-name member:
    /// `issues.opened`); `None` when it cannot be read (not JSON, no such member or header).
    /// It is only what the delivery claims: the spec may not know it.
    #[must_use]
    pub fn event_name(&self) -> Option<&str> {
        self.0.event_name.as_deref()
    }

    /// Why the delivery does not fit the spec, with the JSON path
    /// ([`ParseError::path`]).
    #[must_use]
    pub fn error(&self) -> &ParseError {
        &self.0.error
    }

    /// The raw body bytes, exactly as received.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        self.0.verified.body()
    }

    /// The request headers that came with the body.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0.verified.headers()
    }

    /// The verified delivery (idempotency key, matched secret, ...).
    #[must_use]
    pub fn verified(&self) -> &Verified {
        &self.0.verified
    }

    /// The verified delivery, by value.
    #[must_use]
    pub fn into_verified(self) -> Verified {
        self.0.verified
    }

    /// The id the configured spool kept it under (the file stem of an `FsSpool`), when the
    /// axum integration kept it before handing it over (`WebhookConfig::spool`); `None`
    /// otherwise.
    #[must_use]
    pub fn kept_as(&self) -> Option<&str> {
        self.0.kept_as.as_deref()
    }

    /// Records the id a spool kept it under.
    #[cfg_attr(
        not(all(feature = "axum", feature = "spool")),
        allow(dead_code, reason = "only the axum integration's spool keeps")
    )]
    pub(crate) fn set_kept_as(&mut self, id: String) {
        self.0.kept_as = Some(id);
    }
}

impl fmt::Display for Unparsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.event_name {
            Some(name) => write!(f, "{} `{name}`", self.0.vendor)?,
            None => write!(f, "{} delivery (event name unreadable)", self.0.vendor)?,
        }
        write!(f, " does not fit the spec: {}", self.0.error)
    }
}

impl std::error::Error for Unparsed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0.error)
    }
}

/// The event name `verified` carries where `identity` says, read leniently (the body's first
/// JSON value, of any shape): `<name>.<sub>` when the vendor has a sub-name member and the named event is
/// not one without sub-names (`events`).
fn delivered_name(
    identity: &crate::Identity,
    events: &[crate::EventInfo],
    verified: &Verified,
) -> Option<String> {
    // The first JSON value of the body: what comes after it (the reason it may not parse)
    // does not hide the name.
    let json = || {
        serde_json::Deserializer::from_slice(verified.body())
            .into_iter::<serde_json::Value>()
            .next()?
            .ok()
    };
    let (name, json) = match identity.name {
        crate::NameSource::Header(header) => (verified.header(header)?.to_owned(), json()),
        crate::NameSource::Member(path) => {
            let json = json()?;
            let name = path
                .iter()
                .try_fold(&json, |value, key| value.get(key))?
                .as_str()?
                .to_owned();
            (name, Some(json))
        }
    };
    let without_sub_names = events
        .iter()
        .any(|info| info.base_name == name && info.sub_name == crate::SubName::None);
    let sub = identity
        .sub_name
        .filter(|_| !without_sub_names)
        .and_then(|member| json.as_ref()?.get(member)?.as_str());
    Some(match sub {
        Some(sub) => format!("{name}.{sub}"),
        None => name,
    })
}
