//! Several secrets per vendor (rotation), and which one matched.

use std::fmt;
use std::sync::Arc;

use super::mac::{derive_keys, keyed_mac};
use super::{HmacScheme, HmacSha256, Signing, VerifyError};

/// The secrets one vendor's deliveries may be signed with, their HMAC keys derived once.
///
/// One secret is the usual case. While a vendor rotates its signing secret, both the old and
/// the new one are valid for a while: give both, and a delivery verifies when **any** secret
/// matches **any** of its signature entries. [`Verified::matched_secret`](super::Verified::matched_secret) then says which one
/// did (its index in the order given, and its label if it has one), so a receiver can log when
/// the old secret stops being used and remove it.
///
/// Building the set checks every secret against the scheme's key derivation (an empty secret,
/// or a `whsec_` secret that is not base64, is [`VerifyError::InvalidSecret`](super::VerifyError::InvalidSecret) here, once, not
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
    pub(super) scheme: HmacScheme,
    pub(super) secrets: Vec<SecretKeys>,
}

/// One secret of a [`Secrets`]: its label and its keyed MAC states (two for
/// [`KeyDerivation::Utf8OrBase64`]).
#[derive(Clone)]
pub(super) struct SecretKeys {
    pub(super) label: Option<Arc<str>>,
    pub(super) macs: Vec<HmacSha256>,
}

impl Secrets {
    /// An empty set for `signing` (add secrets with [`with`](Self::with) or
    /// [`with_labelled`](Self::with_labelled)).
    ///
    /// # Errors
    /// [`VerifyError::Unsigned`](super::VerifyError::Unsigned) for a vendor that does not sign;
    /// [`VerifyError::InvalidScheme`](super::VerifyError::InvalidScheme) for an inconsistent scheme.
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
    /// [`VerifyError::InvalidSecret`](super::VerifyError::InvalidSecret) when the scheme cannot derive a key from it.
    pub fn with(mut self, secret: &str) -> Result<Self, VerifyError> {
        self.push(None, secret)?;
        Ok(self)
    }

    /// Adds a secret with a label, e.g. `"2025-old"`, which
    /// [`MatchedSecret::label`] reports when it verifies a delivery. Labels are not secret
    /// (they appear in `Debug` output); they need not be unique.
    ///
    /// # Errors
    /// [`VerifyError::InvalidSecret`](super::VerifyError::InvalidSecret) when the scheme cannot derive a key from it.
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
    /// [`VerifyError::InvalidSecret`](super::VerifyError::InvalidSecret) when the scheme cannot derive a key from it.
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
    /// [`VerifyError::InvalidSecret`](super::VerifyError::InvalidSecret)).
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

/// Which secret of a [`Secrets`] verified a delivery ([`Verified::matched_secret`](super::Verified::matched_secret)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedSecret {
    pub(super) index: usize,
    pub(super) label: Option<Arc<str>>,
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
