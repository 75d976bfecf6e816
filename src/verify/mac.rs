//! Computing and checking MACs: signing a body as the vendor does, key derivation, entries
//! and timestamps.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit, Mac};

use super::{
    Encoding, HmacScheme, HmacSha256, KeyDerivation, Part, Signing, TimestampUnit, VerifyError,
};

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
pub(super) fn timestamp_entry<'s>(
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
pub(super) fn derive_keys(
    secret: &str,
    derivation: KeyDerivation,
) -> Result<Vec<Vec<u8>>, VerifyError> {
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
pub(super) fn keyed_mac(key: &[u8]) -> Result<HmacSha256, VerifyError> {
    HmacSha256::new_from_slice(key).map_err(|_| VerifyError::InvalidSecret("unusable key length"))
}

/// HMAC over the signed content, streamed part by part (no copy of the body), from the keyed
/// state `keyed`.
pub(super) fn content_mac(
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
pub(super) fn entries<'s>(
    scheme: &HmacScheme,
    value: &'s str,
) -> Box<dyn Iterator<Item = &'s str> + 's> {
    let value = value.trim();
    match scheme.entry_separator {
        Some(sep) => Box::new(value.split(sep).map(str::trim).filter(|e| !e.is_empty())),
        None => Box::new(std::iter::once(value).filter(|e| !e.is_empty())),
    }
}

pub(super) fn decode_tag(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
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
pub(super) fn parse_timestamp(name: &'static str, text: &str) -> Result<u64, VerifyError> {
    let malformed = |reason| VerifyError::MalformedHeader { name, reason };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("timestamp is not a non-negative integer"));
    }
    text.parse()
        .map_err(|_| malformed("timestamp is out of range"))
}

/// Compares in the timestamp's own unit, flooring `now` (as Svix does for seconds).
pub(super) fn check_tolerance(
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
