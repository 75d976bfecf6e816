//! How a vendor signs: [`Signing`] and the parts of an [`HmacScheme`](super::HmacScheme).

/// How a vendor authenticates its webhook deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// The vendor does not sign deliveries. Verification always fails with
    /// [`VerifyError::Unsigned`](super::VerifyError::Unsigned); it never reports a delivery as valid.
    Unsigned {
        /// What to do instead, e.g. "use an unguessable URL".
        advice: &'static str,
    },
    /// The vendor signs deliveries with HMAC-SHA256 as described by the scheme.
    Hmac(HmacScheme),
}

/// An HMAC-SHA256 signature scheme, described by data only.
///
/// Every header the scheme reads is authenticated: [`HmacScheme::validate`](super::HmacScheme::validate)
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
    /// none, or two, make the header malformed ([`VerifyError::MalformedHeader`](super::VerifyError::MalformedHeader)).
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
    /// A request header, e.g. `svix-id` or `X-GitHub-Delivery`; [`Verified::header`](super::Verified::header)
    /// returns it ([`Verified::idempotency_key`](super::Verified::idempotency_key) only when the scheme signs it as its id).
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
    /// [`VerifyError::InvalidSecret`](super::VerifyError::InvalidSecret).
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
