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
//! Adapting an `http::HeaderMap` is one line:
//!
//! ```text
//! let delivery = Unverified::new(&body, map.iter().map(|(n, v)| (n.as_str(), v.as_bytes())));
//! ```

use std::fmt::{self, Write as _};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::ParseError;

type HmacSha256 = Hmac<Sha256>;

/// How a vendor authenticates its webhook deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// The vendor does not sign deliveries. Verification always fails with
    /// [`VerifyError::Unsigned`]; it never reports a delivery as valid.
    Unsigned {
        /// What to do instead, e.g. "use an unguessable URL".
        advice: &'static str,
    },
    /// The vendor signs deliveries with HMAC-SHA256 as described by the scheme.
    Hmac(HmacScheme),
}

/// An HMAC-SHA256 signature scheme, described by data only.
///
/// Every header the scheme reads is authenticated: [`HmacScheme::validate`]
/// requires the id header to appear in the signed content as [`Part::Id`], the
/// timestamp (header or entry) as [`Part::Timestamp`], and the body as [`Part::Body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HmacScheme {
    /// Header carrying the signature(s), e.g. `svix-signature`. Matched case-insensitively.
    pub signature_header: &'static str,
    /// Header carrying the delivery id (idempotency key), e.g. `svix-id`.
    pub id_header: Option<&'static str>,
    /// Header carrying the signing timestamp, e.g. `svix-timestamp`.
    pub timestamp_header: Option<&'static str>,
    /// Prefix of the entry of the signature header that carries the signing
    /// timestamp instead of a header of its own, e.g. `"t="` for Stripe's
    /// `Stripe-Signature: t=1492774577,v1=5257a8…,v1=…,v0=…`. Needs
    /// [`entry_separator`](Self::entry_separator); excludes
    /// [`timestamp_header`](Self::timestamp_header). The timestamp is the
    /// entry's text after the prefix. Exactly one such entry must be present:
    /// none, or two, make the header malformed ([`VerifyError::MalformedHeader`]).
    pub timestamp_entry: Option<&'static str>,
    /// Unit of the timestamp's integer value.
    pub timestamp_unit: TimestampUnit,
    /// Replay window: reject when the timestamp is more than this many seconds
    /// away from now, in either direction. `None` means no replay window.
    pub tolerance_seconds: Option<u64>,
    /// The signed message, concatenated in order. The timestamp is used as the
    /// header's (or entry's) text exactly as received.
    pub signed_content: &'static [Part],
    /// Text encoding of the MAC inside each signature entry.
    pub encoding: Encoding,
    /// Separator between several signature entries in one header (e.g. `" "`
    /// for Svix during secret rotation); any matching entry passes.
    pub entry_separator: Option<&'static str>,
    /// Prefix of each signature entry, e.g. `"sha256="` or `"v1,"`. Entries
    /// with another prefix (e.g. `"v1a,"`) are skipped, not treated as errors;
    /// so is the [`timestamp_entry`](Self::timestamp_entry).
    pub entry_prefix: &'static str,
    /// How the HMAC key is derived from the configured secret.
    pub key: KeyDerivation,
}

/// Where a vendor puts each delivery's idempotency key (the same on every retry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdempotencyKey {
    /// A request header, e.g. `svix-id` or `X-GitHub-Delivery`; [`Verified::header`]
    /// returns it ([`Verified::idempotency_key`] only when the scheme signs it as its id).
    Header(&'static str),
    /// A top-level string member of the body, e.g. Gately's `id`; the vendor's
    /// `Event::idempotency_key` returns it.
    Field(&'static str),
}

/// One piece of the signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The id header's value.
    Id,
    /// The timestamp header's value, exactly as received.
    Timestamp,
    /// The raw request body.
    Body,
    /// Fixed text, e.g. `"."`.
    Literal(&'static str),
}

/// Unit of an integer timestamp header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampUnit {
    /// Seconds since the Unix epoch.
    Seconds,
    /// Milliseconds since the Unix epoch.
    Milliseconds,
}

/// Text encoding of the MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Hexadecimal; produced in lowercase, accepted in either case.
    Hex,
    /// Standard base64 alphabet with padding.
    Base64,
}

/// How the HMAC key is derived from the configured secret string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyDerivation {
    /// The secret's UTF-8 bytes are the key.
    Utf8,
    /// Strip the given prefix (e.g. `"whsec_"`) if present, then base64-decode
    /// the rest (standard alphabet). A secret that does not decode is
    /// [`VerifyError::InvalidSecret`].
    Base64AfterPrefix(&'static str),
    /// For vendors whose documentation is ambiguous (Duda says to base64-decode
    /// the secret, but its worked example only reproduces with the secret's raw
    /// UTF-8 bytes): verification tries the secret's raw UTF-8 bytes and, when
    /// the secret is valid standard base64, also its decoded bytes; either
    /// match passes. Signing uses the decoded bytes when the secret is valid
    /// base64 and the raw bytes otherwise, so both spellings of a secret
    /// (`mysecretsecret` and `bXlzZWNyZXRzZWNyZXQ=`) sign identically.
    Utf8OrBase64,
}

impl HmacScheme {
    /// Checks that the scheme is internally consistent. Usable in `const`
    /// context: `const _: () = assert!(SCHEME.validate().is_ok());`.
    ///
    /// # Errors
    /// A short reason when the scheme is misconfigured.
    pub const fn validate(&self) -> Result<(), &'static str> {
        let (mut has_id, mut has_ts, mut has_body) = (false, false, false);
        let mut rest = self.signed_content;
        while let [part, tail @ ..] = rest {
            match part {
                Part::Id => has_id = true,
                Part::Timestamp => has_ts = true,
                Part::Body => has_body = true,
                Part::Literal(_) => {}
            }
            rest = tail;
        }
        if self.signature_header.is_empty() {
            return Err("signature header name is empty");
        }
        if !has_body {
            return Err("signed content must include the body");
        }
        if has_id != self.id_header.is_some() {
            return Err(
                "the id header must be configured exactly when the signed content includes it",
            );
        }
        if self.timestamp_header.is_some() && self.timestamp_entry.is_some() {
            return Err("the timestamp comes from a header or from an entry, not both");
        }
        let has_ts_source = self.timestamp_header.is_some() || self.timestamp_entry.is_some();
        if has_ts != has_ts_source {
            return Err(
                "the timestamp header or entry must be configured exactly when the signed content includes it",
            );
        }
        if self.tolerance_seconds.is_some() && !has_ts_source {
            return Err("a replay tolerance needs a timestamp header or entry");
        }
        if let Some(sep) = self.entry_separator
            && sep.is_empty()
        {
            return Err("entry separator is empty");
        }
        if let Some(ts) = self.timestamp_entry {
            let Some(sep) = self.entry_separator else {
                return Err("a timestamp entry needs an entry separator");
            };
            if ts.is_empty() {
                return Err("timestamp entry prefix is empty");
            }
            if contains(ts.as_bytes(), sep.as_bytes()) {
                return Err("timestamp entry prefix contains the entry separator");
            }
            if starts_with(self.entry_prefix.as_bytes(), ts.as_bytes()) {
                return Err(
                    "every signature entry would also start with the timestamp entry prefix",
                );
            }
        }
        Ok(())
    }
}

/// `const` `<[u8]>::starts_with`.
const fn starts_with(text: &[u8], prefix: &[u8]) -> bool {
    if prefix.len() > text.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if text[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `needle` (non-empty) occurs in `text`, in `const` context.
const fn contains(text: &[u8], needle: &[u8]) -> bool {
    let mut rest = text;
    while !rest.is_empty() {
        if starts_with(rest, needle) {
            return true;
        }
        let [_, tail @ ..] = rest else {
            return false;
        };
        rest = tail;
    }
    false
}

/// Why a delivery was not verified (or could not be signed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The vendor does not sign webhooks; nothing can be verified.
    #[error("vendor does not sign webhooks: {advice}")]
    Unsigned {
        /// What to do instead.
        advice: &'static str,
    },
    /// A header the scheme requires is absent.
    #[error("missing header `{0}`")]
    MissingHeader(&'static str),
    /// A header is present but unusable.
    #[error("malformed header `{name}`: {reason}")]
    MalformedHeader {
        /// The header's configured name.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The timestamp is outside the replay window.
    #[error("timestamp {timestamp} is more than {tolerance}s away from now ({now})")]
    TimestampOutOfTolerance {
        /// The received timestamp, in the scheme's [`TimestampUnit`].
        timestamp: u64,
        /// The current time, in the scheme's [`TimestampUnit`].
        now: u64,
        /// The allowed distance, in seconds.
        tolerance: u64,
    },
    /// The configured secret cannot produce a key.
    #[error("invalid secret: {0}")]
    InvalidSecret(&'static str),
    /// The scheme description itself is inconsistent (see [`HmacScheme::validate`]).
    #[error("invalid signing scheme: {0}")]
    InvalidScheme(&'static str),
    /// No signature entry matched.
    #[error("signature mismatch")]
    SignatureMismatch,
}

/// The secrets one vendor's deliveries may be signed with, their HMAC keys derived once.
///
/// One secret is the usual case. While a vendor rotates its signing secret, both the old and
/// the new one are valid for a while: give both, and a delivery verifies when **any** secret
/// matches **any** of its signature entries. [`Verified::matched_secret`] then says which one
/// did (its index in the order given, and its label if it has one), so a receiver can log when
/// the old secret stops being used and remove it.
///
/// Building the set checks every secret against the scheme's key derivation (an empty secret,
/// or a `whsec_` secret that is not base64, is [`VerifyError::InvalidSecret`] here, once, not
/// on every delivery) and keeps the keyed HMAC states, so verification derives nothing.
///
/// Cost: every secret's MAC is computed over the signed content (so each extra secret adds one
/// HMAC-SHA256 pass over the body), and each is compared, in constant time
/// ([`Mac::verify_slice`](hmac::Mac::verify_slice)), with each signature entry of the header:
/// the work grows linearly with secrets × signatures. Keep only the secrets of an ongoing
/// rotation.
///
/// ```
/// # #[cfg(feature = "gately")] {
/// use hookspec::verify::{Secrets, Unverified, sign};
///
/// let secrets = Secrets::new(&hookspec::gately::SIGNING)?
///     .with_labelled("2025", "old-secret")?
///     .with_labelled("2026", "new-secret")?;
/// let body = br#"{"id": "evt_1", "event": "member.deleted", "created_at": "2024-01-15T13:00:00Z",
///   "project_id": "proj_abc", "data": {"id": "mem_xyz"}}"#;
/// let headers = sign(&hookspec::gately::SIGNING, "new-secret", body, None, None)?;
/// let delivery = Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())));
/// let verified = delivery.verify_with(&secrets, std::time::SystemTime::now())?;
/// let matched = verified.matched_secret().expect("verified with a secret");
/// assert_eq!((matched.index(), matched.label()), (1, Some("2026")));
/// # }
/// # Ok::<(), hookspec::verify::VerifyError>(())
/// ```
#[derive(Clone)]
pub struct Secrets {
    scheme: HmacScheme,
    secrets: Vec<SecretKeys>,
}

/// One secret of a [`Secrets`]: its label and its keyed MAC states (two for
/// [`KeyDerivation::Utf8OrBase64`]).
#[derive(Clone)]
struct SecretKeys {
    label: Option<Arc<str>>,
    macs: Vec<HmacSha256>,
}

impl Secrets {
    /// An empty set for `signing` (add secrets with [`with`](Self::with) or
    /// [`with_labelled`](Self::with_labelled)).
    ///
    /// # Errors
    /// [`VerifyError::Unsigned`] for a vendor that does not sign;
    /// [`VerifyError::InvalidScheme`] for an inconsistent scheme.
    pub fn new(signing: &Signing) -> Result<Self, VerifyError> {
        let scheme = match signing {
            Signing::Unsigned { advice } => return Err(VerifyError::Unsigned { advice }),
            Signing::Hmac(scheme) => *scheme,
        };
        scheme.validate().map_err(VerifyError::InvalidScheme)?;
        Ok(Self {
            scheme,
            secrets: Vec::new(),
        })
    }

    /// The set of `secrets` for `signing`, unlabelled, indexed in the order given: what a
    /// command line with repeated `--secret` options builds (`&[&str]`, `&Vec<String>`, ...).
    ///
    /// # Errors
    /// As [`new`](Self::new) and [`with`](Self::with).
    pub fn from_secrets(
        signing: &Signing,
        secrets: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Result<Self, VerifyError> {
        secrets
            .into_iter()
            .try_fold(Self::new(signing)?, |set, secret| set.with(secret.as_ref()))
    }

    /// Adds an unlabelled secret (its index is the number of secrets before it).
    ///
    /// # Errors
    /// [`VerifyError::InvalidSecret`] when the scheme cannot derive a key from it.
    pub fn with(mut self, secret: &str) -> Result<Self, VerifyError> {
        self.push(None, secret)?;
        Ok(self)
    }

    /// Adds a secret with a label, e.g. `"2025-old"`, which
    /// [`MatchedSecret::label`] reports when it verifies a delivery. Labels are not secret
    /// (they appear in `Debug` output); they need not be unique.
    ///
    /// # Errors
    /// [`VerifyError::InvalidSecret`] when the scheme cannot derive a key from it.
    pub fn with_labelled(
        mut self,
        label: impl Into<String>,
        secret: &str,
    ) -> Result<Self, VerifyError> {
        self.push(Some(label.into()), secret)?;
        Ok(self)
    }

    /// Adds a secret, labelled or not.
    ///
    /// # Errors
    /// [`VerifyError::InvalidSecret`] when the scheme cannot derive a key from it.
    pub fn push(&mut self, label: Option<String>, secret: &str) -> Result<(), VerifyError> {
        let macs = derive_keys(secret, self.scheme.key)?
            .iter()
            .map(|key| keyed_mac(key))
            .collect::<Result<_, _>>()?;
        self.secrets.push(SecretKeys {
            label: label.map(Arc::from),
            macs,
        });
        Ok(())
    }

    /// The number of secrets.
    #[must_use]
    pub fn len(&self) -> usize {
        self.secrets.len()
    }

    /// Whether the set has no secret (verifying with it fails with
    /// [`VerifyError::InvalidSecret`]).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// The labels, in order (`None` for unlabelled secrets).
    pub fn labels(&self) -> impl Iterator<Item = Option<&str>> {
        self.secrets.iter().map(|secret| secret.label.as_deref())
    }

    /// The scheme the secrets are for.
    #[must_use]
    pub fn signing(&self) -> Signing {
        Signing::Hmac(self.scheme)
    }
}

// Keys never appear in logs; labels do.
impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels: Vec<&str> = self
            .labels()
            .map(|label| label.unwrap_or("(unlabelled)"))
            .collect();
        f.debug_struct("Secrets")
            .field("signature_header", &self.scheme.signature_header)
            .field("secrets", &labels)
            .finish_non_exhaustive()
    }
}

/// Which secret of a [`Secrets`] verified a delivery ([`Verified::matched_secret`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedSecret {
    index: usize,
    label: Option<Arc<str>>,
}

impl MatchedSecret {
    /// The secret's position in the order the secrets were given (0 for the first).
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The secret's label, if it was given one.
    #[must_use]
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }
}

impl fmt::Display for MatchedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(label) => write!(f, "secret {} ({label})", self.index),
            None => write!(f, "secret {}", self.index),
        }
    }
}

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
        match self.parse::<E>() {
            Ok(event) => Ok(event),
            Err(error) => {
                let events = crate::vendor(E::VENDOR).map_or(&[][..], |vendor| vendor.events);
                Err(Unparsed::new(E::VENDOR, E::IDENTITY, events, self, error))
            }
        }
    }
}

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
}

impl Unparsed {
    pub(crate) fn new(
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
        }))
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

/// Signs `body` exactly as the vendor would, returning the headers to attach
/// (id, timestamp, then signature, for those the scheme uses).
///
/// `id` and `timestamp` are required when the scheme has the corresponding
/// header (the timestamp is the header text, e.g. epoch seconds for Svix,
/// epoch milliseconds for Duda) or timestamp entry, and ignored otherwise.
/// With a [`timestamp_entry`](HmacScheme::timestamp_entry) the signature
/// header holds the timestamp entry, the separator, then the signature entry:
/// `t=1492774577,v1=5257a8…` for Stripe.
///
/// # Errors
/// [`VerifyError::Unsigned`], [`VerifyError::InvalidScheme`],
/// [`VerifyError::InvalidSecret`], [`VerifyError::MissingHeader`] when a
/// needed `id`/`timestamp` header value is `None`, and
/// [`VerifyError::MalformedHeader`] for a non-numeric timestamp or a `None`
/// timestamp with a timestamp entry (what verifying would report).
pub fn sign(
    signing: &Signing,
    secret: &str,
    body: &[u8],
    id: Option<&str>,
    timestamp: Option<&str>,
) -> Result<Vec<(&'static str, String)>, VerifyError> {
    let scheme = match signing {
        Signing::Unsigned { advice } => return Err(VerifyError::Unsigned { advice }),
        Signing::Hmac(scheme) => scheme,
    };
    scheme.validate().map_err(VerifyError::InvalidScheme)?;
    let keys = derive_keys(secret, scheme.key)?;
    let key = keyed_mac(keys.first().ok_or(VerifyError::InvalidSecret("no key"))?)?;

    let mut headers = Vec::with_capacity(3);
    let id = match scheme.id_header {
        Some(name) => {
            let id = id.ok_or(VerifyError::MissingHeader(name))?;
            headers.push((name, id.to_owned()));
            Some(id)
        }
        None => None,
    };
    let timestamp = match (scheme.timestamp_header, scheme.timestamp_entry) {
        (Some(name), _) => {
            let ts = timestamp.ok_or(VerifyError::MissingHeader(name))?;
            parse_timestamp(name, ts)?;
            headers.push((name, ts.to_owned()));
            Some(ts)
        }
        (None, Some(_)) => {
            let name = scheme.signature_header;
            let ts = timestamp.ok_or(VerifyError::MalformedHeader {
                name,
                reason: NO_TIMESTAMP_ENTRY,
            })?;
            parse_timestamp(name, ts)?;
            Some(ts)
        }
        (None, None) => None,
    };
    let tag = content_mac(scheme, &key, id, timestamp, body)?
        .finalize()
        .into_bytes();
    let encoded = match scheme.encoding {
        Encoding::Hex => tag.iter().fold(String::new(), |mut hex, b| {
            // Writing to a String cannot fail.
            let _ = write!(hex, "{b:02x}");
            hex
        }),
        Encoding::Base64 => BASE64.encode(tag),
    };
    let signature = format!("{}{encoded}", scheme.entry_prefix);
    let value = match (scheme.timestamp_entry, timestamp, scheme.entry_separator) {
        (Some(prefix), Some(ts), Some(sep)) => format!("{prefix}{ts}{sep}{signature}"),
        _ => signature,
    };
    headers.push((scheme.signature_header, value));
    Ok(headers)
}

/// Why a signature header of a scheme with a timestamp entry lacks it.
const NO_TIMESTAMP_ENTRY: &str = "no timestamp entry";

/// The text after `prefix` of the one entry that starts with it: the timestamp
/// of a scheme with a [`timestamp_entry`](HmacScheme::timestamp_entry). None,
/// or more than one, makes the signature header `name` malformed.
fn timestamp_entry<'s>(
    name: &'static str,
    prefix: &str,
    entries: impl Iterator<Item = &'s str>,
) -> Result<&'s str, VerifyError> {
    let malformed = |reason| VerifyError::MalformedHeader { name, reason };
    let mut found = entries.filter_map(|entry| entry.strip_prefix(prefix));
    let ts = found.next().ok_or(malformed(NO_TIMESTAMP_ENTRY))?;
    if found.next().is_some() {
        return Err(malformed("more than one timestamp entry"));
    }
    Ok(ts)
}

/// Candidate keys; the first is the one used for signing.
fn derive_keys(secret: &str, derivation: KeyDerivation) -> Result<Vec<Vec<u8>>, VerifyError> {
    if secret.is_empty() {
        return Err(VerifyError::InvalidSecret("secret is empty"));
    }
    let keys = match derivation {
        KeyDerivation::Utf8 => vec![secret.as_bytes().to_vec()],
        KeyDerivation::Base64AfterPrefix(prefix) => {
            let rest = secret.strip_prefix(prefix).unwrap_or(secret);
            let key = BASE64.decode(rest).map_err(|_| {
                VerifyError::InvalidSecret("secret is not valid base64 after its prefix")
            })?;
            if key.is_empty() {
                return Err(VerifyError::InvalidSecret("secret decodes to an empty key"));
            }
            vec![key]
        }
        KeyDerivation::Utf8OrBase64 => match BASE64.decode(secret) {
            Ok(decoded) if !decoded.is_empty() => vec![decoded, secret.as_bytes().to_vec()],
            _ => vec![secret.as_bytes().to_vec()],
        },
    };
    Ok(keys)
}

/// The HMAC state keyed with `key`, before any content.
fn keyed_mac(key: &[u8]) -> Result<HmacSha256, VerifyError> {
    HmacSha256::new_from_slice(key).map_err(|_| VerifyError::InvalidSecret("unusable key length"))
}

/// HMAC over the signed content, streamed part by part (no copy of the body), from the keyed
/// state `keyed`.
fn content_mac(
    scheme: &HmacScheme,
    keyed: &HmacSha256,
    id: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
) -> Result<HmacSha256, VerifyError> {
    let mut mac = keyed.clone();
    for part in scheme.signed_content {
        let bytes = match part {
            // validate() guarantees these are present whenever the part is used.
            Part::Id => id
                .ok_or(VerifyError::InvalidScheme("id part without id header"))?
                .as_bytes(),
            Part::Timestamp => timestamp
                .ok_or(VerifyError::InvalidScheme(
                    "timestamp part without timestamp header or entry",
                ))?
                .as_bytes(),
            Part::Body => body,
            Part::Literal(text) => text.as_bytes(),
        };
        mac.update(bytes);
    }
    Ok(mac)
}

/// Signature entries of a header value: split on the separator, blanks dropped.
fn entries<'s>(scheme: &HmacScheme, value: &'s str) -> Box<dyn Iterator<Item = &'s str> + 's> {
    let value = value.trim();
    match scheme.entry_separator {
        Some(sep) => Box::new(value.split(sep).map(str::trim).filter(|e| !e.is_empty())),
        None => Box::new(std::iter::once(value).filter(|e| !e.is_empty())),
    }
}

fn decode_tag(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Base64 => BASE64.decode(text).ok(),
        Encoding::Hex => {
            if !text.len().is_multiple_of(2) {
                return None;
            }
            let nibble = |c: u8| {
                char::from(c)
                    .to_digit(16)
                    .and_then(|d| u8::try_from(d).ok())
            };
            text.as_bytes()
                .chunks_exact(2)
                .map(|pair| match pair {
                    [hi, lo] => Some(nibble(*hi)? << 4 | nibble(*lo)?),
                    _ => None,
                })
                .collect()
        }
    }
}

/// Strict: ASCII digits only (no sign, no whitespace), fits in u64.
fn parse_timestamp(name: &'static str, text: &str) -> Result<u64, VerifyError> {
    let malformed = |reason| VerifyError::MalformedHeader { name, reason };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("timestamp is not a non-negative integer"));
    }
    text.parse()
        .map_err(|_| malformed("timestamp is out of range"))
}

/// Compares in the timestamp's own unit, flooring `now` (as Svix does for seconds).
fn check_tolerance(
    ts: u64,
    unit: TimestampUnit,
    tolerance: u64,
    now: SystemTime,
) -> Result<(), VerifyError> {
    // A clock before the epoch counts as 0, which rejects any recent timestamp.
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let (now, per_second) = match unit {
        TimestampUnit::Seconds => (u128::from(since_epoch.as_secs()), 1),
        TimestampUnit::Milliseconds => (since_epoch.as_millis(), 1000),
    };
    if now.abs_diff(u128::from(ts)) > u128::from(tolerance).saturating_mul(per_second) {
        return Err(VerifyError::TimestampOutOfTolerance {
            timestamp: ts,
            now: u64::try_from(now).unwrap_or(u64::MAX),
            tolerance,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const GATELY: Signing = Signing::Hmac(HmacScheme {
        signature_header: "X-Gately-Signature",
        id_header: None,
        timestamp_header: None,
        timestamp_entry: None,
        timestamp_unit: TimestampUnit::Seconds,
        tolerance_seconds: None,
        signed_content: &[Part::Body],
        encoding: Encoding::Hex,
        entry_separator: None,
        entry_prefix: "sha256=",
        key: KeyDerivation::Utf8,
    });

    const SVIX: Signing = Signing::Hmac(HmacScheme {
        signature_header: "svix-signature",
        id_header: Some("svix-id"),
        timestamp_header: Some("svix-timestamp"),
        timestamp_entry: None,
        timestamp_unit: TimestampUnit::Seconds,
        tolerance_seconds: Some(300),
        signed_content: &[
            Part::Id,
            Part::Literal("."),
            Part::Timestamp,
            Part::Literal("."),
            Part::Body,
        ],
        encoding: Encoding::Base64,
        entry_separator: Some(" "),
        entry_prefix: "v1,",
        key: KeyDerivation::Base64AfterPrefix("whsec_"),
    });

    const DUDA: Signing = Signing::Hmac(HmacScheme {
        signature_header: "x-duda-signature",
        id_header: None,
        timestamp_header: Some("x-duda-signature-timestamp"),
        timestamp_entry: None,
        timestamp_unit: TimestampUnit::Milliseconds,
        tolerance_seconds: None,
        signed_content: &[Part::Timestamp, Part::Literal("."), Part::Body],
        encoding: Encoding::Base64,
        entry_separator: None,
        entry_prefix: "",
        key: KeyDerivation::Utf8OrBase64,
    });

    // Stripe-style: the timestamp is the `t=` entry of the signature header.
    const STRIPE: Signing = Signing::Hmac(HmacScheme {
        signature_header: "Stripe-Signature",
        id_header: None,
        timestamp_header: None,
        timestamp_entry: Some("t="),
        timestamp_unit: TimestampUnit::Seconds,
        tolerance_seconds: Some(300),
        signed_content: &[Part::Timestamp, Part::Literal("."), Part::Body],
        encoding: Encoding::Hex,
        entry_separator: Some(","),
        entry_prefix: "v1=",
        key: KeyDerivation::Utf8,
    });

    const MOIM: Signing = Signing::Unsigned {
        advice: "MOIM does not sign webhooks; use an unguessable URL",
    };

    // The vendor schemes above are consistent, checked at compile time.
    const _: () = {
        let mut i = 0;
        let all = [GATELY, SVIX, DUDA, STRIPE];
        while i < all.len() {
            if let Signing::Hmac(s) = &all[i] {
                assert!(s.validate().is_ok());
            }
            i += 1;
        }
    };

    // Gately: computed outside Rust with
    //   printf '%s' '{"event":"user.created","id":42}' | openssl dgst -sha256 -hmac gately_test_secret
    // (python3 hmac.new(b"gately_test_secret", body, hashlib.sha256).hexdigest() agrees).
    const GATELY_SECRET: &str = "gately_test_secret";
    const GATELY_BODY: &[u8] = br#"{"event":"user.created","id":42}"#;
    const GATELY_SIG: &str =
        "sha256=5542bbb3c22fb278f016ef8f937229680c68efba5126ce8da697b343ee13f4f4";

    // Svix test suite vector.
    const SVIX_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const SVIX_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const SVIX_TS: &str = "1614265330";
    const SVIX_TS_SECS: u64 = 1_614_265_330;
    const SVIX_BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SVIX_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // Duda documentation vector.
    const DUDA_TS: &str = "1570350275357";
    const DUDA_BODY: &[u8] = b"{'key1':'world','key2':'world'}";
    const DUDA_SIG: &str = "+DCfT1wIMUiaZnlZB4u59/d5wkXKA89lv67Ov66vnyc=";

    // Stripe-style: computed outside Rust with
    //   printf '%s' "1492774577.$BODY" | openssl dgst -sha256 -hmac whsec_stripe_style_test_secret
    //   printf '%s' "1492774577.$BODY" | openssl dgst -sha256 -hmac whsec_rotated_out_old_secret
    // (python3 hmac.new(secret, b"1492774577." + body, hashlib.sha256).hexdigest() agrees).
    const STRIPE_SECRET: &str = "whsec_stripe_style_test_secret";
    const STRIPE_OLD_SECRET: &str = "whsec_rotated_out_old_secret";
    const STRIPE_TS: &str = "1492774577";
    const STRIPE_TS_SECS: u64 = 1_492_774_577;
    const STRIPE_BODY: &[u8] =
        br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#;
    const STRIPE_V1: &str = "b6deedcf6d2c3a9ed3faee1681cc84184b69f5dcf29bbb51c16be1a2b38ca890";
    const STRIPE_OLD_V1: &str = "6f8a0bcd208fd3e03af55913e6e9fe7dbf7cbc65fa75b8dc787249a99e5caaac";

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn check(
        signing: &Signing,
        secret: &str,
        body: &[u8],
        headers: &[(&str, &str)],
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
            .verify(signing, secret, now)
    }

    fn svix(body: &[u8], id: &str, ts: &str, sig: &str, now: u64) -> Result<Verified, VerifyError> {
        check(
            &SVIX,
            SVIX_SECRET,
            body,
            &[
                ("svix-id", id),
                ("svix-timestamp", ts),
                ("svix-signature", sig),
            ],
            at(now),
        )
    }

    fn gately(body: &[u8], sig: &str) -> Result<Verified, VerifyError> {
        check(
            &GATELY,
            GATELY_SECRET,
            body,
            &[("X-Gately-Signature", sig)],
            at(0),
        )
    }

    fn duda(secret: &str, body: &[u8], ts: &str, sig: &str) -> Result<Verified, VerifyError> {
        let headers = [
            ("x-duda-signature", sig),
            ("x-duda-signature-timestamp", ts),
        ];
        check(&DUDA, secret, body, &headers, at(2_000_000_000))
    }

    fn stripe(body: &[u8], header: &str, now: u64) -> Result<Verified, VerifyError> {
        check(
            &STRIPE,
            STRIPE_SECRET,
            body,
            &[("Stripe-Signature", header)],
            at(now),
        )
    }

    fn malformed(name: &'static str) -> impl Fn(&VerifyError) -> bool {
        move |e| matches!(e, VerifyError::MalformedHeader { name: n, .. } if *n == name)
    }

    #[test]
    fn gately_vector() {
        let v = gately(GATELY_BODY, GATELY_SIG).unwrap();
        assert_eq!(v.body(), GATELY_BODY);
        assert_eq!(v.idempotency_key(), None);
        // Uppercase hex is accepted too.
        let upper = format!(
            "sha256={}",
            GATELY_SIG.trim_start_matches("sha256=").to_uppercase()
        );
        assert!(gately(GATELY_BODY, &upper).is_ok());
        // And signing reproduces it.
        let headers = sign(&GATELY, GATELY_SECRET, GATELY_BODY, None, None).unwrap();
        assert_eq!(headers, vec![("X-Gately-Signature", GATELY_SIG.to_owned())]);
    }

    #[test]
    fn svix_vector() {
        let v = svix(SVIX_BODY, SVIX_ID, SVIX_TS, SVIX_SIG, SVIX_TS_SECS).unwrap();
        assert_eq!(v.idempotency_key(), Some(SVIX_ID));
        assert_eq!(v.clone().into_body(), SVIX_BODY);
        let headers = sign(&SVIX, SVIX_SECRET, SVIX_BODY, Some(SVIX_ID), Some(SVIX_TS)).unwrap();
        assert_eq!(
            headers,
            vec![
                ("svix-id", SVIX_ID.to_owned()),
                ("svix-timestamp", SVIX_TS.to_owned()),
                ("svix-signature", SVIX_SIG.to_owned())
            ]
        );
        // The whsec_ prefix is optional.
        let bare = SVIX_SECRET.trim_start_matches("whsec_");
        let headers = [
            ("svix-id", SVIX_ID),
            ("svix-timestamp", SVIX_TS),
            ("svix-signature", SVIX_SIG),
        ];
        assert!(check(&SVIX, bare, SVIX_BODY, &headers, at(SVIX_TS_SECS)).is_ok());
    }

    #[test]
    fn duda_vector_both_secret_spellings() {
        for secret in ["mysecretsecret", "bXlzZWNyZXRzZWNyZXQ="] {
            let v = duda(secret, DUDA_BODY, DUDA_TS, DUDA_SIG).unwrap();
            assert_eq!(v.body(), DUDA_BODY);
            let headers = sign(&DUDA, secret, DUDA_BODY, None, Some(DUDA_TS)).unwrap();
            assert_eq!(
                headers,
                vec![
                    ("x-duda-signature-timestamp", DUDA_TS.to_owned()),
                    ("x-duda-signature", DUDA_SIG.to_owned())
                ]
            );
        }
        assert_eq!(
            duda("someothersecret", DUDA_BODY, DUDA_TS, DUDA_SIG),
            Err(VerifyError::SignatureMismatch)
        );
    }

    #[test]
    fn every_body_byte_is_authenticated() {
        type Check = fn(&[u8]) -> Result<Verified, VerifyError>;
        let cases: [(&[u8], Check); 3] = [
            (GATELY_BODY, |b| gately(b, GATELY_SIG)),
            (SVIX_BODY, |b| {
                svix(b, SVIX_ID, SVIX_TS, SVIX_SIG, SVIX_TS_SECS)
            }),
            (DUDA_BODY, |b| duda("mysecretsecret", b, DUDA_TS, DUDA_SIG)),
        ];
        for (body, verify) in &cases {
            assert!(verify(body).is_ok());
            for i in 0..body.len() {
                let mut tampered = body.to_vec();
                tampered[i] ^= 0x01;
                assert_eq!(
                    verify(&tampered).unwrap_err(),
                    VerifyError::SignatureMismatch,
                    "byte {i}"
                );
            }
            let mut longer = body.to_vec();
            longer.push(b' ');
            assert_eq!(verify(&longer).unwrap_err(), VerifyError::SignatureMismatch);
            assert_eq!(
                verify(&body[..body.len() - 1]).unwrap_err(),
                VerifyError::SignatureMismatch
            );
        }
    }

    #[test]
    fn id_and_timestamp_are_authenticated() {
        // Same length, still within tolerance: only the MAC can catch it.
        assert_eq!(
            svix(SVIX_BODY, SVIX_ID, "1614265331", SVIX_SIG, SVIX_TS_SECS),
            Err(VerifyError::SignatureMismatch)
        );
        assert_eq!(
            svix(SVIX_BODY, SVIX_ID, "01614265330", SVIX_SIG, SVIX_TS_SECS),
            Err(VerifyError::SignatureMismatch)
        );
        assert_eq!(
            duda("mysecretsecret", DUDA_BODY, "1570350275358", DUDA_SIG),
            Err(VerifyError::SignatureMismatch)
        );
        for i in 0..SVIX_ID.len() {
            let mut id = SVIX_ID.as_bytes().to_vec();
            id[i] = if id[i] == b'x' { b'y' } else { b'x' };
            let id = String::from_utf8(id).unwrap();
            assert_eq!(
                svix(SVIX_BODY, &id, SVIX_TS, SVIX_SIG, SVIX_TS_SECS),
                Err(VerifyError::SignatureMismatch)
            );
        }
    }

    #[test]
    fn every_signature_char_is_checked() {
        // Hex: any digit swap stays well-formed, so it must be a mismatch.
        for i in "sha256=".len()..GATELY_SIG.len() {
            let mut sig = GATELY_SIG.as_bytes().to_vec();
            sig[i] = if sig[i] == b'0' { b'1' } else { b'0' };
            let sig = String::from_utf8(sig).unwrap();
            assert_eq!(
                gately(GATELY_BODY, &sig),
                Err(VerifyError::SignatureMismatch),
                "char {i}"
            );
        }
        // Base64: a swapped char may also break the encoding; either way it must fail.
        for i in "v1,".len()..SVIX_SIG.len() - 1 {
            let mut sig = SVIX_SIG.as_bytes().to_vec();
            sig[i] = if sig[i] == b'A' { b'B' } else { b'A' };
            let sig = String::from_utf8(sig).unwrap();
            let err = svix(SVIX_BODY, SVIX_ID, SVIX_TS, &sig, SVIX_TS_SECS).unwrap_err();
            assert!(
                err == VerifyError::SignatureMismatch || malformed("svix-signature")(&err),
                "char {i}: {err:?}"
            );
        }
    }

    #[test]
    fn missing_headers() {
        let full = [
            ("svix-id", SVIX_ID),
            ("svix-timestamp", SVIX_TS),
            ("svix-signature", SVIX_SIG),
        ];
        for skip in 0..full.len() {
            let headers: Vec<_> = full
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, h)| *h)
                .collect();
            let err = check(&SVIX, SVIX_SECRET, SVIX_BODY, &headers, at(SVIX_TS_SECS)).unwrap_err();
            assert_eq!(err, VerifyError::MissingHeader(full[skip].0));
        }
        assert_eq!(
            check(&GATELY, GATELY_SECRET, GATELY_BODY, &[], at(0)),
            Err(VerifyError::MissingHeader("X-Gately-Signature"))
        );
        let only_sig = [("x-duda-signature", DUDA_SIG)];
        assert_eq!(
            check(&DUDA, "mysecretsecret", DUDA_BODY, &only_sig, at(0)),
            Err(VerifyError::MissingHeader("x-duda-signature-timestamp"))
        );
    }

    #[test]
    fn malformed_headers() {
        let sig_bad = malformed("svix-signature");
        assert!(sig_bad(
            &svix(SVIX_BODY, SVIX_ID, SVIX_TS, "v1,not*base64!", SVIX_TS_SECS).unwrap_err()
        ));
        assert!(sig_bad(
            &svix(SVIX_BODY, SVIX_ID, SVIX_TS, "", SVIX_TS_SECS).unwrap_err()
        ));
        for ts in [
            "16142653x0",
            "",
            "-1614265330",
            "+1614265330",
            " 1614265330",
            "99999999999999999999999",
        ] {
            let err = svix(SVIX_BODY, SVIX_ID, ts, SVIX_SIG, SVIX_TS_SECS).unwrap_err();
            assert!(malformed("svix-timestamp")(&err), "{ts:?}: {err:?}");
        }
        let err = duda("mysecretsecret", DUDA_BODY, "yesterday", DUDA_SIG).unwrap_err();
        assert!(malformed("x-duda-signature-timestamp")(&err));
        assert!(malformed("x-duda-signature")(
            &duda("mysecretsecret", DUDA_BODY, DUDA_TS, "%%%").unwrap_err()
        ));
        // Gately: wrong prefix, odd-length hex, non-hex.
        let gately_bad = malformed("X-Gately-Signature");
        let hex = GATELY_SIG.trim_start_matches("sha256=");
        assert!(gately_bad(
            &gately(GATELY_BODY, &format!("sha1={hex}")).unwrap_err()
        ));
        assert!(gately_bad(
            &gately(GATELY_BODY, &GATELY_SIG[..GATELY_SIG.len() - 1]).unwrap_err()
        ));
        assert!(gately_bad(
            &gately(GATELY_BODY, &format!("sha256=zz{}", &hex[2..])).unwrap_err()
        ));
        // Well-formed but wrong length is simply a mismatch.
        assert_eq!(
            gately(GATELY_BODY, &GATELY_SIG[..GATELY_SIG.len() - 2]),
            Err(VerifyError::SignatureMismatch)
        );
        // Non-UTF-8 and duplicated headers.
        let raw = Unverified::new(GATELY_BODY, [("X-Gately-Signature", &[0xff, 0xfe][..])]);
        assert!(gately_bad(
            &raw.verify(&GATELY, GATELY_SECRET, at(0)).unwrap_err()
        ));
        let twice = [
            ("X-Gately-Signature", GATELY_SIG),
            ("x-gately-signature", GATELY_SIG),
        ];
        assert!(gately_bad(
            &check(&GATELY, GATELY_SECRET, GATELY_BODY, &twice, at(0)).unwrap_err()
        ));
    }

    #[test]
    fn header_names_are_case_insensitive() {
        let headers = [
            ("SVIX-ID", SVIX_ID),
            ("Svix-Timestamp", SVIX_TS),
            ("sViX-sIgNaTuRe", SVIX_SIG),
        ];
        assert!(check(&SVIX, SVIX_SECRET, SVIX_BODY, &headers, at(SVIX_TS_SECS)).is_ok());
        assert!(
            check(
                &GATELY,
                GATELY_SECRET,
                GATELY_BODY,
                &[("x-gately-signature", GATELY_SIG)],
                at(0)
            )
            .is_ok()
        );
        let headers = [
            ("X-Duda-Signature", DUDA_SIG),
            ("X-DUDA-SIGNATURE-TIMESTAMP", DUDA_TS),
        ];
        assert!(check(&DUDA, "mysecretsecret", DUDA_BODY, &headers, at(0)).is_ok());
    }

    #[test]
    fn svix_rotation_and_unknown_versions() {
        let good = SVIX_SIG;
        let other = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        let good_b64 = good.trim_start_matches("v1,");
        let ok = |sig: &str| svix(SVIX_BODY, SVIX_ID, SVIX_TS, sig, SVIX_TS_SECS);
        assert!(ok(&format!("{other} {good}")).is_ok());
        assert!(ok(&format!("{good} {other}")).is_ok());
        assert!(ok(&format!("v1a,{good_b64} {good}")).is_ok());
        assert!(
            ok(&format!("v1,!!bad!! {good}")).is_ok(),
            "one malformed entry does not spoil a valid one"
        );
        assert_eq!(ok(other), Err(VerifyError::SignatureMismatch));
        assert_eq!(
            ok(&format!("{other} v1,!!bad!!")),
            Err(VerifyError::SignatureMismatch)
        );
        // A valid MAC under an unknown version prefix is skipped, not accepted.
        assert!(malformed("svix-signature")(
            &ok(&format!("v1a,{good_b64}")).unwrap_err()
        ));
        assert!(malformed("svix-signature")(
            &ok(&format!("v2,{good_b64} v1a,{good_b64}")).unwrap_err()
        ));
    }

    #[test]
    fn svix_tolerance_window() {
        let at_offset = |now: u64| svix(SVIX_BODY, SVIX_ID, SVIX_TS, SVIX_SIG, now);
        assert!(at_offset(SVIX_TS_SECS + 300).is_ok());
        assert!(at_offset(SVIX_TS_SECS - 300).is_ok());
        for now in [SVIX_TS_SECS + 301, SVIX_TS_SECS - 301] {
            let err = at_offset(now).unwrap_err();
            assert_eq!(
                err,
                VerifyError::TimestampOutOfTolerance {
                    timestamp: SVIX_TS_SECS,
                    now,
                    tolerance: 300
                }
            );
        }
        // Now is floored to whole seconds, as in Svix's libraries.
        let almost = at(SVIX_TS_SECS + 300) + Duration::from_millis(999);
        let headers = [
            ("svix-id", SVIX_ID),
            ("svix-timestamp", SVIX_TS),
            ("svix-signature", SVIX_SIG),
        ];
        assert!(check(&SVIX, SVIX_SECRET, SVIX_BODY, &headers, almost).is_ok());
        assert!(
            check(
                &SVIX,
                SVIX_SECRET,
                SVIX_BODY,
                &headers,
                UNIX_EPOCH - Duration::from_secs(1)
            )
            .is_err()
        );
        // Duda documents no window: a years-old timestamp still verifies.
        assert!(duda("mysecretsecret", DUDA_BODY, DUDA_TS, DUDA_SIG).is_ok());
    }

    #[test]
    fn unsigned_never_verifies() {
        let advice = "MOIM does not sign webhooks; use an unguessable URL";
        let headers = [
            ("X-Gately-Signature", GATELY_SIG),
            ("svix-signature", SVIX_SIG),
        ];
        for secret in ["", "anything"] {
            assert_eq!(
                check(&MOIM, secret, b"{}", &headers, at(0)),
                Err(VerifyError::Unsigned { advice })
            );
            assert_eq!(
                check(&MOIM, secret, b"{}", &[], at(0)),
                Err(VerifyError::Unsigned { advice })
            );
        }
        assert_eq!(
            sign(&MOIM, "s", b"{}", None, None),
            Err(VerifyError::Unsigned { advice })
        );
    }

    #[test]
    fn sign_then_verify_round_trip() {
        let body = br#"{"type":"member.created","data":{"id":"mem_1"}}"#;
        let now = 1_700_000_000;
        let cases = [
            (&GATELY, "topsecret", "wrongsecret"),
            (
                &SVIX,
                "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM=",
                "whsec_d3JvbmctdGVzdC1rZXk=",
            ),
            (&DUDA, "topsecret", "wrongsecret"),
            (&STRIPE, "topsecret", "wrongsecret"),
            (
                &DUDA,
                "c2VjcmV0LWtleS1mb3ItdGVzdHM=",
                "d3JvbmctdGVzdC1rZXk=",
            ),
        ];
        for (signing, secret, wrong) in cases {
            let ts = if signing == &DUDA {
                "1700000000000"
            } else {
                "1700000000"
            };
            let headers = sign(signing, secret, body, Some("msg_42"), Some(ts)).unwrap();
            let pairs = || headers.iter().map(|(n, v)| (*n, v.as_bytes()));
            let v = Unverified::new(body, pairs())
                .verify(signing, secret, at(now))
                .unwrap();
            assert_eq!(v.body(), body);
            assert_eq!(
                v.idempotency_key(),
                if signing == &SVIX {
                    Some("msg_42")
                } else {
                    None
                }
            );
            let err = Unverified::new(body, pairs())
                .verify(signing, wrong, at(now))
                .unwrap_err();
            assert_eq!(err, VerifyError::SignatureMismatch);
        }
        // Live clock path.
        let ts = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let headers = sign(&SVIX, SVIX_SECRET, body, Some("msg_now"), Some(&ts)).unwrap();
        let v = Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
            .verify_now(&SVIX, SVIX_SECRET);
        assert_eq!(v.unwrap().idempotency_key(), Some("msg_now"));
    }

    #[test]
    fn sign_input_errors() {
        assert_eq!(
            sign(&SVIX, SVIX_SECRET, b"{}", None, Some("1")),
            Err(VerifyError::MissingHeader("svix-id"))
        );
        assert_eq!(
            sign(&SVIX, SVIX_SECRET, b"{}", Some("m"), None),
            Err(VerifyError::MissingHeader("svix-timestamp"))
        );
        assert!(malformed("svix-timestamp")(
            &sign(&SVIX, SVIX_SECRET, b"{}", Some("m"), Some("now")).unwrap_err()
        ));
    }

    #[test]
    fn invalid_secrets_and_schemes() {
        let headers = [
            ("svix-id", SVIX_ID),
            ("svix-timestamp", SVIX_TS),
            ("svix-signature", SVIX_SIG),
        ];
        for secret in ["whsec_not base64!", "", "whsec_"] {
            let err = check(&SVIX, secret, SVIX_BODY, &headers, at(SVIX_TS_SECS)).unwrap_err();
            assert!(
                matches!(err, VerifyError::InvalidSecret(_)),
                "{secret:?}: {err:?}"
            );
        }
        assert!(matches!(
            check(&GATELY, "", GATELY_BODY, &[], at(0)),
            Err(VerifyError::InvalidSecret(_))
        ));

        let Signing::Hmac(base) = SVIX else {
            unreachable!()
        };
        let broken = [
            HmacScheme {
                id_header: None,
                ..base
            },
            HmacScheme {
                signed_content: &[Part::Id, Part::Timestamp],
                ..base
            },
            HmacScheme {
                timestamp_header: None,
                signed_content: &[Part::Id, Part::Body],
                ..base
            },
            HmacScheme {
                signed_content: &[Part::Timestamp, Part::Body],
                ..base
            },
            HmacScheme {
                entry_separator: Some(""),
                ..base
            },
        ];
        for scheme in broken {
            assert!(scheme.validate().is_err());
            let err = check(
                &Signing::Hmac(scheme),
                SVIX_SECRET,
                SVIX_BODY,
                &headers,
                at(SVIX_TS_SECS),
            )
            .unwrap_err();
            assert!(matches!(err, VerifyError::InvalidScheme(_)), "{err:?}");
        }
    }

    fn stripe_malformed(reason: &'static str) -> VerifyError {
        VerifyError::MalformedHeader {
            name: "Stripe-Signature",
            reason,
        }
    }

    #[test]
    fn stripe_vector() {
        let header = format!("t={STRIPE_TS},v1={STRIPE_V1}");
        let v = stripe(STRIPE_BODY, &header, STRIPE_TS_SECS).unwrap();
        assert_eq!(v.body(), STRIPE_BODY);
        assert_eq!(v.idempotency_key(), None);
        // The timestamp entry need not come first.
        let reordered = format!("v1={STRIPE_V1},t={STRIPE_TS}");
        assert!(stripe(STRIPE_BODY, &reordered, STRIPE_TS_SECS).is_ok());
        // Signing reproduces it, timestamp entry first.
        let headers = sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, None, Some(STRIPE_TS)).unwrap();
        assert_eq!(headers, vec![("Stripe-Signature", header)]);
    }

    #[test]
    fn stripe_rotation_tries_every_v1_entry() {
        let first = format!("t={STRIPE_TS},v1={STRIPE_V1},v1={STRIPE_OLD_V1}");
        let second = format!("t={STRIPE_TS},v1={STRIPE_OLD_V1},v1={STRIPE_V1}");
        for header in [&first, &second] {
            assert!(
                stripe(STRIPE_BODY, header, STRIPE_TS_SECS).is_ok(),
                "{header}"
            );
            // The rotated-out secret still verifies the same delivery.
            let old = [("Stripe-Signature", header.as_str())];
            let now = at(STRIPE_TS_SECS);
            assert!(check(&STRIPE, STRIPE_OLD_SECRET, STRIPE_BODY, &old, now).is_ok());
        }
        let only_old = format!("t={STRIPE_TS},v1={STRIPE_OLD_V1}");
        assert_eq!(
            stripe(STRIPE_BODY, &only_old, STRIPE_TS_SECS),
            Err(VerifyError::SignatureMismatch)
        );
        let bad_then_good = format!("t={STRIPE_TS},v1=nothex,v1={STRIPE_V1}");
        assert!(
            stripe(STRIPE_BODY, &bad_then_good, STRIPE_TS_SECS).is_ok(),
            "one malformed entry does not spoil a valid one"
        );
    }

    #[test]
    fn stripe_skips_v0_and_unknown_entries() {
        let zeros = "0".repeat(64);
        for header in [
            format!("t={STRIPE_TS},v0={zeros},v1={STRIPE_V1}"),
            format!("t={STRIPE_TS},v1={STRIPE_V1},v0={zeros}"),
            format!("t={STRIPE_TS},x=y,v1={STRIPE_V1},v0=not hex,z"),
        ] {
            assert!(
                stripe(STRIPE_BODY, &header, STRIPE_TS_SECS).is_ok(),
                "{header}"
            );
        }
        // A valid MAC under another key is skipped, not accepted.
        for header in [
            format!("t={STRIPE_TS},v0={STRIPE_V1}"),
            format!("t={STRIPE_TS}"),
        ] {
            assert_eq!(
                stripe(STRIPE_BODY, &header, STRIPE_TS_SECS),
                Err(stripe_malformed("no entry with the expected prefix")),
                "{header}"
            );
        }
    }

    #[test]
    fn stripe_body_and_timestamp_are_authenticated() {
        let header = format!("t={STRIPE_TS},v1={STRIPE_V1}");
        for i in 0..STRIPE_BODY.len() {
            let mut tampered = STRIPE_BODY.to_vec();
            tampered[i] ^= 0x01;
            assert_eq!(
                stripe(&tampered, &header, STRIPE_TS_SECS),
                Err(VerifyError::SignatureMismatch),
                "byte {i}"
            );
        }
        // Within tolerance, so only the MAC can catch it; the text is signed as received.
        for ts in ["1492774578", "01492774577"] {
            assert_eq!(
                stripe(
                    STRIPE_BODY,
                    &format!("t={ts},v1={STRIPE_V1}"),
                    STRIPE_TS_SECS
                ),
                Err(VerifyError::SignatureMismatch),
                "{ts}"
            );
        }
    }

    #[test]
    fn stripe_tolerance_window() {
        let header = format!("t={STRIPE_TS},v1={STRIPE_V1}");
        assert!(stripe(STRIPE_BODY, &header, STRIPE_TS_SECS + 300).is_ok());
        assert!(stripe(STRIPE_BODY, &header, STRIPE_TS_SECS - 300).is_ok());
        for now in [STRIPE_TS_SECS + 301, STRIPE_TS_SECS - 301] {
            assert_eq!(
                stripe(STRIPE_BODY, &header, now),
                Err(VerifyError::TimestampOutOfTolerance {
                    timestamp: STRIPE_TS_SECS,
                    now,
                    tolerance: 300
                })
            );
        }
    }

    #[test]
    fn stripe_timestamp_entry_errors() {
        let sig = format!("v1={STRIPE_V1}");
        // Exactly one `t=` entry: a second one is ambiguous, even with the same value.
        for header in [
            format!("t={STRIPE_TS},t={STRIPE_TS},{sig}"),
            format!("t={STRIPE_TS},{sig},t=1492774578"),
        ] {
            assert_eq!(
                stripe(STRIPE_BODY, &header, STRIPE_TS_SECS),
                Err(stripe_malformed("more than one timestamp entry")),
                "{header}"
            );
        }
        // No `t=` entry: the header is malformed (400), like one without a `v1=` entry.
        for header in [sig.clone(), format!("T={STRIPE_TS},{sig}"), String::new()] {
            assert_eq!(
                stripe(STRIPE_BODY, &header, STRIPE_TS_SECS),
                Err(stripe_malformed("no timestamp entry")),
                "{header:?}"
            );
        }
        for ts in ["", "abc", "-1", "+1492774577", "99999999999999999999999"] {
            let err = stripe(STRIPE_BODY, &format!("t={ts},{sig}"), STRIPE_TS_SECS).unwrap_err();
            assert!(malformed("Stripe-Signature")(&err), "{ts:?}: {err:?}");
        }
        // No header at all is a missing header (401), as for every scheme.
        assert_eq!(
            check(&STRIPE, STRIPE_SECRET, STRIPE_BODY, &[], at(STRIPE_TS_SECS)),
            Err(VerifyError::MissingHeader("Stripe-Signature"))
        );
    }

    #[test]
    fn stripe_sign_shape_and_round_trip() {
        let ts = Some("1700000000");
        let headers = sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, Some("ignored"), ts).unwrap();
        let [(name, value)] = headers.as_slice() else {
            panic!("one header expected: {headers:?}")
        };
        assert_eq!(*name, "Stripe-Signature");
        let hex = value.strip_prefix("t=1700000000,v1=").unwrap();
        assert_eq!(hex.len(), 64);
        assert!(
            hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            "{value}"
        );
        assert!(stripe(STRIPE_BODY, value, 1_700_000_000).is_ok());
        assert_eq!(
            sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, None, None),
            Err(stripe_malformed("no timestamp entry"))
        );
        assert!(malformed("Stripe-Signature")(
            &sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, None, Some("now")).unwrap_err()
        ));
    }

    #[test]
    fn timestamp_entry_scheme_validation() {
        let Signing::Hmac(base) = STRIPE else {
            unreachable!()
        };
        let exactly_when = "the timestamp header or entry must be configured exactly when the signed content includes it";
        let broken = [
            (
                HmacScheme {
                    entry_separator: None,
                    ..base
                },
                "a timestamp entry needs an entry separator",
            ),
            (
                HmacScheme {
                    timestamp_header: Some("stripe-timestamp"),
                    ..base
                },
                "the timestamp comes from a header or from an entry, not both",
            ),
            (
                HmacScheme {
                    timestamp_entry: Some(""),
                    ..base
                },
                "timestamp entry prefix is empty",
            ),
            (
                HmacScheme {
                    timestamp_entry: Some("t,"),
                    ..base
                },
                "timestamp entry prefix contains the entry separator",
            ),
            (
                HmacScheme {
                    timestamp_entry: Some("v"),
                    ..base
                },
                "every signature entry would also start with the timestamp entry prefix",
            ),
            (
                HmacScheme {
                    signed_content: &[Part::Body],
                    ..base
                },
                exactly_when,
            ),
            (
                HmacScheme {
                    timestamp_entry: None,
                    ..base
                },
                exactly_when,
            ),
            (
                HmacScheme {
                    timestamp_entry: None,
                    signed_content: &[Part::Body],
                    ..base
                },
                "a replay tolerance needs a timestamp header or entry",
            ),
        ];
        let value = format!("t={STRIPE_TS},v1={STRIPE_V1}");
        let headers = [("Stripe-Signature", value.as_str())];
        let now = at(STRIPE_TS_SECS);
        for (scheme, reason) in broken {
            assert_eq!(scheme.validate(), Err(reason));
            let signing = Signing::Hmac(scheme);
            assert_eq!(
                check(&signing, STRIPE_SECRET, STRIPE_BODY, &headers, now),
                Err(VerifyError::InvalidScheme(reason))
            );
        }
        // A timestamp entry that merely starts like the signature prefix is fine (an empty
        // `entry_prefix`, as for Duda): the timestamp entry is recognised first.
        let bare = Signing::Hmac(HmacScheme {
            entry_prefix: "",
            ..base
        });
        let value = format!("t={STRIPE_TS},{STRIPE_V1}");
        let headers = [("Stripe-Signature", value.as_str())];
        assert!(check(&bare, STRIPE_SECRET, STRIPE_BODY, &headers, now).is_ok());
    }

    #[test]
    fn escape_hatch() {
        let v = Verified::dangerously_skip_verification(b"{\"x\":1}".to_vec());
        assert_eq!(v.body(), b"{\"x\":1}");
        assert_eq!(v.idempotency_key(), None);
        assert_eq!(
            format!("{v:?}"),
            "Verified { body_len: 7, idempotency_key: None, matched_secret: None }"
        );
        assert_eq!(v.matched_secret(), None);
        assert_eq!(v.into_body(), b"{\"x\":1}".to_vec());
    }

    // GitHub's scheme: Gately's, in `X-Hub-Signature-256`.
    const GITHUB: Signing = Signing::Hmac(HmacScheme {
        signature_header: "X-Hub-Signature-256",
        ..match GATELY {
            Signing::Hmac(scheme) => scheme,
            Signing::Unsigned { .. } => panic!("Gately signs"),
        }
    });

    /// Two secrets per scheme, in each scheme's own spelling.
    fn rotation_cases() -> [(&'static str, Signing, [&'static str; 2]); 5] {
        [
            (
                "svix",
                SVIX,
                [SVIX_SECRET, "whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ=="],
            ),
            ("duda", DUDA, ["mysecretsecret", "bmV3LWR1ZGEtc2VjcmV0"]),
            ("gately", GATELY, [GATELY_SECRET, "gately-new-secret"]),
            ("github", GITHUB, ["It's a Secret to Everybody", "rotated"]),
            ("stripe", STRIPE, [STRIPE_OLD_SECRET, STRIPE_SECRET]),
        ]
    }

    fn signed_by(signing: &Signing, secret: &str, body: &[u8]) -> Vec<(&'static str, String)> {
        sign(
            signing,
            secret,
            body,
            Some("msg_rotate"),
            Some("1700000000"),
        )
        .unwrap()
    }

    fn rotated(
        signing: &Signing,
        headers: &[(&'static str, String)],
        body: &[u8],
        secrets: &Secrets,
    ) -> Result<Verified, VerifyError> {
        Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
            .verify_with(secrets, at(1_700_000_000))
            .inspect(|verified| assert_eq!(verified.body(), body, "{signing:?}"))
    }

    #[test]
    fn rotation_reports_which_secret_matched_for_every_scheme() {
        let body = br#"{"type":"member.created","data":{"id":"mem_1"}}"#;
        for (scheme, signing, [old, new]) in rotation_cases() {
            let secrets = Secrets::new(&signing)
                .and_then(|set| set.with_labelled("old", old))
                .and_then(|set| set.with_labelled("new", new))
                .unwrap();
            assert_eq!(secrets.len(), 2);
            assert_eq!(
                secrets.labels().collect::<Vec<_>>(),
                [Some("old"), Some("new")]
            );
            for (secret, index, label) in [(old, 0, "old"), (new, 1, "new")] {
                let headers = signed_by(&signing, secret, body);
                let verified = rotated(&signing, &headers, body, &secrets).unwrap();
                let matched = verified.matched_secret().unwrap();
                assert_eq!(
                    (matched.index(), matched.label()),
                    (index, Some(label)),
                    "{scheme}"
                );
                assert_eq!(matched.to_string(), format!("secret {index} ({label})"));
                // The slice API the command line uses says the same, by index.
                let pairs = headers.iter().map(|(n, v)| (*n, v.as_bytes()));
                let verified = Unverified::new(body, pairs)
                    .verify_any(&signing, [old, new], at(1_700_000_000))
                    .unwrap();
                let matched = verified.matched_secret().unwrap();
                assert_eq!(
                    (matched.index(), matched.label()),
                    (index, None),
                    "{scheme}"
                );
            }
            let neither = signed_by(&signing, "c29tZS1vdGhlci1zZWNyZXQ=", body);
            assert_eq!(
                rotated(&signing, &neither, body, &secrets),
                Err(VerifyError::SignatureMismatch),
                "{scheme}"
            );
            // A tampered body matches neither secret.
            let headers = signed_by(&signing, new, body);
            let mut tampered = body.to_vec();
            tampered[3] ^= 1;
            let pairs = headers.iter().map(|(n, v)| (*n, v.as_bytes()));
            assert_eq!(
                Unverified::new(&tampered, pairs).verify_with(&secrets, at(1_700_000_000)),
                Err(VerifyError::SignatureMismatch),
                "{scheme}"
            );
        }
    }

    #[test]
    fn rotation_with_several_signatures_in_one_header() {
        // Svix and Stripe-style senders sign with both secrets during a rotation: the first
        // secret, in the receiver's order, that matches any entry is reported.
        let body = br#"{"test": 1}"#;
        let svix_old = signed_by(&SVIX, SVIX_SECRET, body);
        let svix_new = signed_by(&SVIX, "whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ==", body);
        let both = format!("{} {}", svix_new[2].1, svix_old[2].1);
        let mut headers = svix_old.clone();
        headers[2].1 = both;
        for (order, expected) in [
            ([SVIX_SECRET, "whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ=="], 0),
            (["whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ==", SVIX_SECRET], 0),
            (["whsec_d3JvbmctdGVzdC1rZXk=", SVIX_SECRET], 1),
        ] {
            let secrets = Secrets::from_secrets(&SVIX, order).unwrap();
            let verified = rotated(&SVIX, &headers, body, &secrets).unwrap();
            assert_eq!(verified.matched_secret().unwrap().index(), expected);
        }
        // Stripe: `t=..,v1=<new>,v1=<old>`, receiver knows the old one only, then both.
        let header = format!("t={STRIPE_TS},v1={STRIPE_V1},v1={STRIPE_OLD_V1}");
        let headers = [("Stripe-Signature", header)];
        let check = |secrets: &[&str]| {
            Unverified::new(STRIPE_BODY, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
                .verify_any(&STRIPE, secrets, at(STRIPE_TS_SECS))
                .map(|verified| verified.matched_secret().map(MatchedSecret::index))
        };
        assert_eq!(check(&[STRIPE_OLD_SECRET]), Ok(Some(0)));
        assert_eq!(check(&["whsec_other", STRIPE_SECRET]), Ok(Some(1)));
        assert_eq!(
            check(&["whsec_other", "whsec_another"]),
            Err(VerifyError::SignatureMismatch)
        );
    }

    #[test]
    fn secret_sets_report_configuration_errors_up_front() {
        assert_eq!(
            Secrets::new(&MOIM).unwrap_err(),
            VerifyError::Unsigned {
                advice: "MOIM does not sign webhooks; use an unguessable URL"
            }
        );
        assert!(matches!(
            Secrets::new(&SVIX).and_then(|set| set.with("whsec_not base64!")),
            Err(VerifyError::InvalidSecret(_))
        ));
        assert!(matches!(
            Secrets::from_secrets(&GATELY, ["fine", ""]),
            Err(VerifyError::InvalidSecret(_))
        ));
        let Signing::Hmac(base) = SVIX else {
            unreachable!()
        };
        let broken = Signing::Hmac(HmacScheme {
            id_header: None,
            ..base
        });
        assert!(matches!(
            Secrets::new(&broken),
            Err(VerifyError::InvalidScheme(_))
        ));
        // No secret at all is a configuration error, reported before any header is read.
        let empty = Secrets::new(&GATELY).unwrap();
        assert!(empty.is_empty());
        assert_eq!(
            Unverified::new(GATELY_BODY, []).verify_with(&empty, at(0)),
            Err(VerifyError::InvalidSecret("no secret configured"))
        );
        let none: [&str; 0] = [];
        assert_eq!(
            Unverified::new(GATELY_BODY, []).verify_any(&GATELY, none, at(0)),
            Err(VerifyError::InvalidSecret("no secret configured"))
        );
        // Debug shows labels, never keys.
        let set = Secrets::new(&GATELY)
            .and_then(|set| set.with_labelled("2026", "hunter2-very-secret"))
            .and_then(|set| set.with("second-secret"))
            .unwrap();
        let debug = format!("{set:?}");
        assert!(
            debug.contains("2026") && debug.contains("(unlabelled)"),
            "{debug}"
        );
        assert!(
            !debug.contains("hunter2") && !debug.contains("second-secret"),
            "{debug}"
        );
        assert_eq!(set.signing(), GATELY);
    }

    #[test]
    fn one_secret_verify_reports_index_zero() {
        let v = gately(GATELY_BODY, GATELY_SIG).unwrap();
        let matched = v.matched_secret().unwrap();
        assert_eq!((matched.index(), matched.label()), (0, None));
        assert_eq!(matched.to_string(), "secret 0");
    }
}
