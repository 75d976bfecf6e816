//! Webhook signature verification and signing.
//!
//! One parameterized implementation serves every vendor: a vendor's scheme is
//! described by a [`Signing`] value built entirely from `&'static` data, so
//! generated code can declare it as a `const` and a new vendor whose scheme is
//! a variant of an existing one needs no new Rust code.
//!
//! The type-state API makes the safe order the only order: an [`Unverified`]
//! delivery (raw body bytes plus headers) can only become a [`Verified`] one
//! by passing [`Unverified::verify`] (or through the loudly named
//! [`Verified::dangerously_skip_verification`]). Event parsing code should
//! accept only [`Verified`]; [`Verified::parse_with`] turns one into a
//! vendor's typed event (`verified.parse_with(hookspec::gately::parse)`).
//! With axum, the `hookspec::axum` extractor (feature `axum`) does all of
//! this per request.
//!
//! One file per concern: `scheme.rs` (how a vendor signs), `secrets.rs` (several secrets
//! per vendor, and which matched), `mac.rs` (signing and checking MACs), `unparsed.rs`
//! (verified deliveries that do not fit the spec), `error.rs`; this file holds the
//! [`Unverified`] → [`Verified`] type state.
//!
//! Adapting an `http::HeaderMap` is one line:
//!
//! ```text
//! let delivery = Unverified::new(&body, map.iter().map(|(n, v)| (n.as_str(), v.as_bytes())));
//! ```

mod error;
mod mac;
mod scheme;
mod secrets;
#[cfg(test)]
mod tests;
mod unparsed;

use std::fmt;
use std::time::SystemTime;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::ParseError;
use mac::{check_tolerance, content_mac, decode_tag, entries, parse_timestamp, timestamp_entry};

type HmacSha256 = Hmac<Sha256>;

pub use error::VerifyError;
pub use mac::sign;
pub use scheme::{
    Encoding, HmacScheme, IdempotencyKey, KeyDerivation, Part, Signing, TimestampUnit,
};
pub use secrets::{MatchedSecret, Secrets};
pub use unparsed::Unparsed;

/// A delivery as received: raw body bytes and headers, not yet trusted.
#[derive(Debug, Clone)]
pub struct Unverified<'a> {
    body: &'a [u8],
    headers: Vec<(&'a str, &'a [u8])>,
}

impl<'a> Unverified<'a> {
    /// Wraps a received delivery. Header names are matched case-insensitively.
    pub fn new(body: &'a [u8], headers: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        Self {
            body,
            headers: headers.into_iter().collect(),
        }
    }

    /// Verifies the delivery against `signing` with `secret`, using `now` as
    /// the current time for the replay window. The one-secret case of
    /// [`verify_any`](Self::verify_any): the [`Verified::matched_secret`] is index 0.
    ///
    /// # Errors
    /// See [`VerifyError`]; an unsigned vendor always yields [`VerifyError::Unsigned`].
    pub fn verify(
        self,
        signing: &Signing,
        secret: &str,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        self.verify_any(signing, [secret], now)
    }

    /// Verifies the delivery with any of several secrets (e.g. the old and the new one
    /// during a rotation, or every `--secret` of a command line: `&[&str]`, `&Vec<String>`):
    /// it passes when any secret matches any signature entry, and
    /// [`Verified::matched_secret`] gives the index of the first secret, in the order given,
    /// that matched. Keys are derived on every call; build a [`Secrets`] once and call
    /// [`verify_with`](Self::verify_with) to derive them once (and to label them).
    ///
    /// # Errors
    /// See [`VerifyError`]; [`VerifyError::InvalidSecret`] when a secret is unusable or
    /// none is given; an unsigned vendor always yields [`VerifyError::Unsigned`].
    pub fn verify_any(
        self,
        signing: &Signing,
        secrets: impl IntoIterator<Item = impl AsRef<str>>,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        self.verify_with(&Secrets::from_secrets(signing, secrets)?, now)
    }

    /// Verifies the delivery with a [`Secrets`] set, using `now` as the current time for the
    /// replay window. See [`verify_any`](Self::verify_any).
    ///
    /// # Errors
    /// See [`VerifyError`]; [`VerifyError::InvalidSecret`] for an empty set.
    pub fn verify_with(self, secrets: &Secrets, now: SystemTime) -> Result<Verified, VerifyError> {
        let scheme = &secrets.scheme;
        // Configuration errors first, so probes with missing headers can't hide them.
        if secrets.is_empty() {
            return Err(VerifyError::InvalidSecret("no secret configured"));
        }

        let check_timestamp = |name, text| {
            let ts = parse_timestamp(name, text)?;
            match scheme.tolerance_seconds {
                Some(tolerance) => check_tolerance(ts, scheme.timestamp_unit, tolerance, now),
                None => Ok(()),
            }
        };
        let id = self.optional(scheme.id_header)?;
        let mut timestamp = self.optional(scheme.timestamp_header)?;
        if let (Some(name), Some(ts)) = (scheme.timestamp_header, timestamp) {
            check_timestamp(name, ts)?;
        }
        let signatures = self.required(scheme.signature_header)?;
        if let Some(prefix) = scheme.timestamp_entry {
            let ts = timestamp_entry(scheme.signature_header, prefix, entries(scheme, signatures))?;
            check_timestamp(scheme.signature_header, ts)?;
            timestamp = Some(ts);
        }

        let mut saw_entry = false;
        let mut tags = Vec::new();
        for entry in entries(scheme, signatures) {
            if scheme
                .timestamp_entry
                .is_some_and(|ts| entry.starts_with(ts))
            {
                continue;
            }
            let Some(encoded) = entry.strip_prefix(scheme.entry_prefix) else {
                continue;
            };
            saw_entry = true;
            tags.extend(decode_tag(scheme.encoding, encoded));
        }
        let malformed = |reason| VerifyError::MalformedHeader {
            name: scheme.signature_header,
            reason,
        };
        if !saw_entry {
            return Err(malformed("no entry with the expected prefix"));
        }
        if tags.is_empty() {
            return Err(malformed("signature is not validly encoded"));
        }
        // The first secret, in the caller's order, whose MAC matches any entry.
        for (index, secret) in secrets.secrets.iter().enumerate() {
            for keyed in &secret.macs {
                let mac = content_mac(scheme, keyed, id, timestamp, self.body)?;
                // verify_slice compares in constant time.
                if tags.iter().any(|tag| mac.clone().verify_slice(tag).is_ok()) {
                    return Ok(Verified {
                        body: self.body.to_vec(),
                        headers: self.owned_headers(),
                        idempotency_key: id.map(str::to_owned),
                        matched_secret: Some(MatchedSecret {
                            index,
                            label: secret.label.clone(),
                        }),
                    });
                }
            }
        }
        Err(VerifyError::SignatureMismatch)
    }

    /// [`Unverified::verify`] with `now` read from [`SystemTime::now`].
    ///
    /// # Errors
    /// As [`Unverified::verify`].
    pub fn verify_now(self, signing: &Signing, secret: &str) -> Result<Verified, VerifyError> {
        self.verify(signing, secret, SystemTime::now())
    }

    /// **Bypasses signature verification**, keeping the headers (which name the event for
    /// some vendors). Only for tests and for vendors that do not sign
    /// ([`Signing::Unsigned`]); see [`Verified::dangerously_skip_verification`].
    #[must_use]
    pub fn dangerously_skip_verification(self) -> Verified {
        Verified {
            body: self.body.to_vec(),
            headers: self.owned_headers(),
            idempotency_key: None,
            matched_secret: None,
        }
    }

    fn owned_headers(&self) -> Vec<(String, Vec<u8>)> {
        self.headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.to_vec()))
            .collect()
    }

    /// The single value of header `name`, if present; duplicates are ambiguous and rejected.
    fn header(&self, name: &'static str) -> Result<Option<&'a str>, VerifyError> {
        let mut found = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        let Some(&(_, value)) = found.next() else {
            return Ok(None);
        };
        let malformed = |reason| VerifyError::MalformedHeader { name, reason };
        if found.next().is_some() {
            return Err(malformed("header appears more than once"));
        }
        std::str::from_utf8(value)
            .map(Some)
            .map_err(|_| malformed("value is not valid UTF-8"))
    }

    fn required(&self, name: &'static str) -> Result<&'a str, VerifyError> {
        self.header(name)?.ok_or(VerifyError::MissingHeader(name))
    }

    fn optional(&self, name: Option<&'static str>) -> Result<Option<&'a str>, VerifyError> {
        name.map(|n| self.required(n)).transpose()
    }
}

/// A delivery whose signature checked out (or that was explicitly exempted).
///
/// Owns the body so it can be stored and parsed later by other code.
#[derive(Clone, PartialEq, Eq)]
pub struct Verified {
    body: Vec<u8>,
    headers: Vec<(String, Vec<u8>)>,
    idempotency_key: Option<String>,
    matched_secret: Option<MatchedSecret>,
}

impl Verified {
    /// **Bypasses signature verification.** Only for tests and for vendors
    /// that do not sign ([`Signing::Unsigned`]), where authenticity must come
    /// from elsewhere (e.g. an unguessable URL). Never use it on a path that
    /// receives deliveries from a signing vendor.
    pub fn dangerously_skip_verification(body: impl Into<Vec<u8>>) -> Self {
        Self {
            body: body.into(),
            headers: Vec::new(),
            idempotency_key: None,
            matched_secret: None,
        }
    }

    /// The value of header `name` (matched case-insensitively) that came with the body, if
    /// it came once and is valid UTF-8.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(candidate, _)| candidate.eq_ignore_ascii_case(name));
        let (_, value) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        std::str::from_utf8(value).ok()
    }

    /// The request headers that came with the body (empty for
    /// [`Verified::dangerously_skip_verification`]).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_slice()))
    }

    /// The raw body bytes, exactly as received.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Consumes the delivery, returning the raw body bytes.
    #[must_use]
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// The authenticated delivery id (e.g. `svix-id`) when the scheme has one;
    /// use it to deduplicate retries.
    #[must_use]
    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// Which of the secrets verified the delivery (index and label; see [`Secrets`]);
    /// `None` when verification was skipped (an unsigned vendor).
    #[must_use]
    pub fn matched_secret(&self) -> Option<&MatchedSecret> {
        self.matched_secret.as_ref()
    }

    /// Parses the verified body into a vendor's typed event with that
    /// vendor's `parse` function, e.g. `hookspec::gately::parse`.
    ///
    /// This is the typed, verify-first path: the body was authenticated
    /// before it reaches the parser. A `Verified` can be kept (it owns the
    /// body) and parsed later, any number of times. For a vendor picked at
    /// run time, pass `|body| vendor.parse(body)` to get an
    /// [`AnyEvent`](crate::AnyEvent).
    ///
    /// ```
    /// # #[cfg(feature = "gately")] {
    /// use hookspec::verify::{Unverified, sign};
    ///
    /// let body = br#"{"id": "evt_1", "event": "member.login", "created_at": "2024-01-15T13:00:00Z",
    ///   "project_id": "proj_abc", "data": {"id": "mem_xyz", "email": "a@example.com",
    ///   "ip_address": "192.0.2.1", "user_agent": "curl", "login_method": "password"}}"#;
    /// // What Gately sends along with the body (normally read from the request).
    /// let headers = sign(&hookspec::gately::SIGNING, "s3cret", body, None, None)?;
    ///
    /// let delivery = Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())));
    /// let verified = delivery.verify_now(&hookspec::gately::SIGNING, "s3cret")?;
    /// let event = verified.parse_with(hookspec::gately::parse)?;
    /// assert_eq!(event.name(), "member.login");
    /// assert_eq!(event.idempotency_key(), Some("evt_1"));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Whatever `parse` returns for a body that does not fit the vendor's spec.
    pub fn parse_with<E, F>(&self, parse: F) -> Result<E, ParseError>
    where
        F: FnOnce(&[u8]) -> Result<E, ParseError>,
    {
        parse(&self.body)
    }

    /// Parses the verified delivery into the typed event of vendor module `E`:
    /// `verified.parse::<hookspec::gately::Event>()`. Vendors that name events in a header
    /// read it from the headers kept with the body.
    ///
    /// # Errors
    /// A body that does not fit the vendor's spec.
    pub fn parse<E: crate::VendorEvent>(&self) -> Result<E, ParseError> {
        E::parse_request(self.headers(), &self.body)
    }

    /// Parses the verified delivery into vendor module `E`'s typed event, or, when it does
    /// not fit the spec (a field whose type the vendor changed, a body that is not JSON),
    /// hands it back whole as an [`Unparsed`]: the exact body and headers, the event name as
    /// far as it could be read, and the error with its JSON path. Store it and answer 2xx:
    /// the vendor does not retry (and eventually disable the endpoint) for a delivery that
    /// only a newer spec can read. For a vendor picked at run time, see
    /// [`Vendor::parse_or_keep`](crate::Vendor::parse_or_keep).
    ///
    /// ```
    /// # #[cfg(feature = "gately")] {
    /// use hookspec::verify::Verified;
    ///
    /// // `amount` should be an integer number of cents.
    /// let body = br#"{"id": "evt_1", "event": "payment.failed", "created_at": "2024-01-15T10:00:00Z",
    ///   "project_id": "proj_abc", "data": {"id": "pay_124", "member_id": "mem_xyz", "amount": "99.00",
    ///   "currency": "usd", "error_code": "card_declined", "error_message": "Declined.",
    ///   "failed_at": "2024-01-15T10:00:00Z"}}"#;
    /// let verified = Verified::dangerously_skip_verification(body.to_vec()); // a test
    /// let unparsed = verified.parse_or_keep::<hookspec::gately::Event>().unwrap_err();
    /// assert_eq!(unparsed.event_name(), Some("payment.failed"));
    /// assert_eq!(unparsed.error().path(), "data.amount");
    /// assert_eq!(unparsed.body(), body);
    /// # }
    /// ```
    ///
    /// # Errors
    /// The [`Unparsed`] delivery when it does not fit the spec.
    pub fn parse_or_keep<E: crate::VendorEvent>(self) -> Result<E, Unparsed> {
        self.parse::<E>()
            .map_err(|error| Unparsed::of::<E>(self, error))
    }

    /// [`Verified::parse_or_keep`], with where the delivery drifted from its spec (members
    /// absent or `null` where a `presence: tolerant` spec said otherwise, texts that break
    /// their format; see [`crate::drift`]). The list is empty when the delivery matches the
    /// spec, and then costs nothing to compute; log it when it is not ("parsed with drift"):
    /// the members it names hold placeholders.
    ///
    /// # Errors
    /// The [`Unparsed`] delivery when it does not fit the spec.
    pub fn parse_or_keep_drift<E: crate::VendorEvent>(
        self,
    ) -> Result<(E, Vec<crate::Drift>), Unparsed> {
        let before = crate::drift::counter();
        let event = self.parse_or_keep::<E>()?;
        let drift = crate::drift::since(before, &event);
        Ok((event, drift))
    }
}

// Bodies may carry personal data; keep them out of logs by default.
impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("body_len", &self.body.len())
            .field("idempotency_key", &self.idempotency_key)
            .field("matched_secret", &self.matched_secret)
            .finish()
    }
}
