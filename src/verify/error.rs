//! Why a delivery was not verified.

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
        /// The received timestamp, in the scheme's [`TimestampUnit`](super::TimestampUnit).
        timestamp: u64,
        /// The current time, in the scheme's [`TimestampUnit`](super::TimestampUnit).
        now: u64,
        /// The allowed distance, in seconds.
        tolerance: u64,
    },
    /// The configured secret cannot produce a key.
    #[error("invalid secret: {0}")]
    InvalidSecret(&'static str),
    /// The scheme description itself is inconsistent (see [`HmacScheme::validate`](super::HmacScheme::validate)).
    #[error("invalid signing scheme: {0}")]
    InvalidScheme(&'static str),
    /// No signature entry matched.
    #[error("signature mismatch")]
    SignatureMismatch,
}
