//! Receiving webhooks with [axum] 0.8: verify first, then parse (feature `axum`).
//!
//! [`Webhook<E>`] is an extractor for a vendor's typed `Event` (`E` is e.g.
//! [`hookspec::gately::Event`](crate::gately::Event)). Per request it:
//!
//! 1. reads the body, up to [`WebhookConfig::body_limit`] bytes (default
//!    [`DEFAULT_BODY_LIMIT`], 1 MiB);
//! 2. verifies the signature with the vendor's scheme (its `SIGNING`) and the
//!    secret configured for that vendor, using the configured clock for replay
//!    windows;
//! 3. parses the verified body with the vendor's `parse`.
//!
//! Handlers thus only ever see authenticated, typed events. The configuration
//! lives in the router's state: a [`WebhookConfig`] itself, or any state from
//! which one can be taken ([`FromRef`]). One config holds the secrets of every
//! vendor a router receives.
//!
//! ```no_run
//! use axum::{Router, routing::post};
//! use hookspec::axum::{Webhook, WebhookConfig};
//! use hookspec::{gately, memberstack, moim};
//!
//! async fn on_gately(hook: Webhook<gately::Event>) {
//!     println!("gately {} (key {:?})", hook.event().name(), hook.idempotency_key());
//! }
//!
//! async fn on_memberstack(hook: Webhook<memberstack::Event>) {
//!     println!("memberstack {} (svix-id {:?})", hook.event().name(), hook.idempotency_key());
//! }
//!
//! async fn on_moim(hook: Webhook<moim::Event>) {
//!     println!("moim {}", hook.event().name());
//! }
//!
//! # fn main() -> Result<(), hookspec::axum::ConfigError> {
//! let config = WebhookConfig::new()
//!     .secret::<gately::Event>("gately-secret")?
//!     .secret::<memberstack::Event>("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?
//!     // MOIM does not sign: accept its deliveries unverified, on an unguessable path.
//!     .dangerously_accept_unsigned::<moim::Event>()?;
//! let app: Router = Router::new()
//!     .route("/webhooks/gately", post(on_gately))
//!     .route("/webhooks/memberstack", post(on_memberstack))
//!     .route("/webhooks/moim-7f3c9a1e5b", post(on_moim))
//!     .with_state(config);
//! # Ok(()) }
//! ```
//!
//! # Rejections
//!
//! A request that does not yield an event is answered by [`WebhookRejection`]
//! with a short plain-text reason:
//!
//! | status | when |
//! |---|---|
//! | 413 Payload Too Large | the body (or its `Content-Length`) exceeds the limit |
//! | 401 Unauthorized | a signature, id or timestamp header is missing; the signature does not match; the timestamp is outside the replay window |
//! | 400 Bad Request | a signing header is malformed (duplicated, not UTF-8, not a number, no entry with the scheme's prefix, not validly encoded); the body cannot be read; the verified body does not fit the vendor's spec |
//! | 500 Internal Server Error | the vendor has no secret (or unsigned opt-in) in the config |
//!
//! Missing headers are 401, not 400: a sender that does not sign at all is
//! unauthenticated, not malformed. The body is always verified before it is
//! parsed, so a tampered body is 401 even when it is also malformed JSON.
//!
//! Take `Result<Webhook<E>, WebhookRejection>` as the handler argument to log
//! or answer rejections yourself.
//!
//! # Body limit
//!
//! The extractor enforces its own limit ([`WebhookConfig::body_limit`]) and
//! ignores axum's `DefaultBodyLimit`. A `Content-Length` above the limit is
//! rejected before any of the body is read (so a client that sent
//! `Expect: 100-continue` never sends it).
//!
//! [axum]: https://docs.rs/axum/0.8

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::SystemTime;

use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::http::{HeaderMap, StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};

use crate::verify::{Signing, Unverified, Verified, VerifyError, sign};
use crate::{ParseError, VendorEvent};

/// The default body limit: 1 MiB. Webhook deliveries are small; the largest
/// documented example of the bundled vendors is a few KiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// How one vendor's deliveries are authenticated.
#[derive(Clone)]
enum Auth {
    /// Verify with this secret.
    Secret(Arc<str>),
    /// The vendor does not sign; deliveries are accepted unverified (opted into).
    Unsigned,
}

/// The current time, for replay windows.
type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// What the extractors need: each vendor's secret (or unsigned opt-in), the
/// body limit and the clock.
///
/// Cheap to clone (one `Arc`), so it can be the router's state or be taken
/// from it: implement `FromRef<YourState> for WebhookConfig`.
///
/// Every builder method that names a vendor checks the vendor's scheme when
/// the config is built, not when the first delivery arrives: a secret for a
/// vendor that does not sign, an unsigned opt-in for a vendor that signs, or a
/// secret the scheme cannot use (empty; not base64 after `whsec_`) is a
/// [`ConfigError`].
#[derive(Clone)]
pub struct WebhookConfig {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    vendors: BTreeMap<&'static str, Auth>,
    body_limit: usize,
    clock: Clock,
}

impl WebhookConfig {
    /// A config with no vendor, the [`DEFAULT_BODY_LIMIT`] and the system clock.
    #[must_use]
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Inner {
                vendors: BTreeMap::new(),
                body_limit: DEFAULT_BODY_LIMIT,
                clock: Arc::new(SystemTime::now),
            }),
        }
    }

    /// Verifies `E`'s vendor's deliveries with `secret` (replacing any earlier
    /// setting for that vendor).
    ///
    /// # Errors
    /// [`ConfigError::Unsigned`] when the vendor does not sign;
    /// [`ConfigError::InvalidSecret`] when the vendor's scheme cannot use the
    /// secret.
    pub fn secret<E: VendorEvent>(self, secret: impl Into<String>) -> Result<Self, ConfigError> {
        let secret: String = secret.into();
        match E::SIGNING {
            Signing::Unsigned { advice } => Err(ConfigError::Unsigned {
                vendor: E::VENDOR,
                advice,
            }),
            Signing::Hmac(_) => {
                // Signing a probe exercises exactly the key derivation verification uses.
                sign(E::SIGNING, &secret, b"", Some("probe"), Some("0")).map_err(|error| {
                    ConfigError::InvalidSecret {
                        vendor: E::VENDOR,
                        error,
                    }
                })?;
                Ok(self.with_vendor(E::VENDOR, Auth::Secret(secret.into())))
            }
        }
    }

    /// **Accepts `E`'s vendor's deliveries without verification.** Only for
    /// vendors that do not sign (such as MOIM), whose authenticity must come
    /// from elsewhere, typically an unguessable route path kept secret. Without
    /// this opt-in such a vendor's deliveries are rejected (500).
    ///
    /// # Errors
    /// [`ConfigError::Signed`] when the vendor signs its deliveries: configure
    /// its [`secret`](Self::secret) instead.
    pub fn dangerously_accept_unsigned<E: VendorEvent>(self) -> Result<Self, ConfigError> {
        match E::SIGNING {
            Signing::Unsigned { .. } => Ok(self.with_vendor(E::VENDOR, Auth::Unsigned)),
            Signing::Hmac(_) => Err(ConfigError::Signed { vendor: E::VENDOR }),
        }
    }

    /// Sets the largest body accepted, in bytes (default [`DEFAULT_BODY_LIMIT`]);
    /// larger deliveries are rejected with 413.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        Arc::make_mut(&mut self.inner).body_limit = bytes;
        self
    }

    /// Replaces the clock used for replay windows (default
    /// [`SystemTime::now`]), e.g. with a fixed time in tests.
    #[must_use]
    pub fn clock(mut self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        Arc::make_mut(&mut self.inner).clock = Arc::new(now);
        self
    }

    /// The largest body accepted, in bytes.
    #[must_use]
    pub fn max_body_bytes(&self) -> usize {
        self.inner.body_limit
    }

    /// Whether `E`'s vendor has a secret or an unsigned opt-in.
    #[must_use]
    pub fn is_configured<E: VendorEvent>(&self) -> bool {
        self.inner.vendors.contains_key(E::VENDOR)
    }

    fn with_vendor(mut self, vendor: &'static str, auth: Auth) -> Self {
        Arc::make_mut(&mut self.inner).vendors.insert(vendor, auth);
        self
    }
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self::new()
    }
}

// Secrets never appear in logs.
impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let vendors: BTreeMap<_, _> = self
            .inner
            .vendors
            .iter()
            .map(|(vendor, auth)| match auth {
                Auth::Secret(_) => (*vendor, "secret (redacted)"),
                Auth::Unsigned => (*vendor, "unsigned (accepted unverified)"),
            })
            .collect();
        f.debug_struct("WebhookConfig")
            .field("vendors", &vendors)
            .field("body_limit", &self.inner.body_limit)
            .finish_non_exhaustive()
    }
}

/// A [`WebhookConfig`] that cannot work for a vendor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A secret was given for a vendor that does not sign its deliveries.
    #[error(
        "`{vendor}` does not sign its webhooks, so a secret cannot authenticate them ({advice}); \
         use `dangerously_accept_unsigned` to accept them unverified"
    )]
    Unsigned {
        /// The vendor id.
        vendor: &'static str,
        /// What the vendor advises instead.
        advice: &'static str,
    },
    /// Unsigned deliveries were accepted for a vendor that signs them.
    #[error(
        "`{vendor}` signs its webhooks: configure its secret instead of accepting them unverified"
    )]
    Signed {
        /// The vendor id.
        vendor: &'static str,
    },
    /// The vendor's scheme cannot use the secret.
    #[error("unusable secret for `{vendor}`: {error}")]
    InvalidSecret {
        /// The vendor id.
        vendor: &'static str,
        /// Why (typically [`VerifyError::InvalidSecret`]).
        error: VerifyError,
    },
}

/// Extractor: a verified delivery of `E`'s vendor, parsed into `E`.
///
/// See the [module documentation](self) for what it checks and how it
/// rejects. The state must provide a [`WebhookConfig`] ([`FromRef`]).
pub struct Webhook<E> {
    event: E,
    verified: Verified,
}

impl<E: VendorEvent> Webhook<E> {
    /// The typed event.
    pub fn event(&self) -> &E {
        &self.event
    }

    /// The typed event, by value.
    pub fn into_event(self) -> E {
        self.event
    }

    /// The verified delivery (raw body and header idempotency key), e.g. to
    /// store it and parse it again later with [`Verified::parse_with`].
    pub fn verified(&self) -> &Verified {
        &self.verified
    }

    /// The typed event and the verified delivery it was parsed from.
    pub fn into_parts(self) -> (E, Verified) {
        (self.event, self.verified)
    }

    /// The delivery's idempotency key, which retries repeat, where the
    /// vendor's spec says it is: a header (Memberstack's `svix-id`, GitHub's
    /// `X-GitHub-Delivery`) or a body member (Gately's `id`); `None` for
    /// vendors that give none (MOIM, Duda).
    pub fn idempotency_key(&self) -> Option<&str> {
        match E::IDEMPOTENCY_KEY {
            Some(crate::verify::IdempotencyKey::Header(name)) => self.verified.header(name),
            Some(crate::verify::IdempotencyKey::Field(_)) => self.event.body_idempotency_key(),
            None => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Webhook<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("event", &self.event)
            .field("verified", &self.verified)
            .finish()
    }
}

impl<S, E> FromRequest<S> for Webhook<E>
where
    S: Send + Sync,
    E: VendorEvent,
    WebhookConfig: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verified = VerifiedBody::<E>::from_request(req, state)
            .await?
            .into_verified();
        let event = verified.parse::<E>().map_err(WebhookRejection::Parse)?;
        Ok(Self { event, verified })
    }
}

/// Extractor: a verified delivery of `E`'s vendor, not parsed.
///
/// For receivers that store deliveries and parse them later (or that must
/// accept a delivery even when it does not fit the spec). Checks and
/// rejections are those of [`Webhook`], without the parse step.
pub struct VerifiedBody<E> {
    verified: Verified,
    vendor: PhantomData<fn() -> E>,
}

impl<E: VendorEvent> VerifiedBody<E> {
    /// The verified delivery.
    pub fn verified(&self) -> &Verified {
        &self.verified
    }

    /// The verified delivery, by value.
    pub fn into_verified(self) -> Verified {
        self.verified
    }

    /// Parses the delivery into `E`.
    ///
    /// # Errors
    /// A body that does not fit the vendor's spec.
    pub fn parse(&self) -> Result<E, ParseError> {
        self.verified.parse::<E>()
    }
}

impl<E> fmt::Debug for VerifiedBody<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VerifiedBody").field(&self.verified).finish()
    }
}

impl<S, E> FromRequest<S> for VerifiedBody<E>
where
    S: Send + Sync,
    E: VendorEvent,
    WebhookConfig: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = WebhookConfig::from_ref(state);
        let verified = verify_request::<E>(req, &config).await?;
        Ok(Self {
            verified,
            vendor: PhantomData,
        })
    }
}

/// Reads the body within the limit and authenticates it for `E`'s vendor.
async fn verify_request<E: VendorEvent>(
    req: Request,
    config: &WebhookConfig,
) -> Result<Verified, WebhookRejection> {
    let not_configured = WebhookRejection::NotConfigured { vendor: E::VENDOR };
    // Checked before reading anything: a misconfigured route costs no body read.
    let auth = config
        .inner
        .vendors
        .get(E::VENDOR)
        .cloned()
        .ok_or_else(|| not_configured.clone())?;
    let limit = config.inner.body_limit;
    let (parts, body) = req.into_parts();
    if declared_length(&parts.headers).is_some_and(|length| length > limit) {
        return Err(WebhookRejection::PayloadTooLarge { limit });
    }
    let body = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<LengthLimitError>() => {
            return Err(WebhookRejection::PayloadTooLarge { limit });
        }
        Err(error) => return Err(WebhookRejection::Body(error.to_string())),
    };
    match (auth, E::SIGNING) {
        (Auth::Unsigned, Signing::Unsigned { .. }) => {
            Ok(Unverified::new(&body, request_headers(&parts.headers))
                .dangerously_skip_verification())
        }
        (Auth::Secret(secret), signing @ Signing::Hmac(_)) => {
            Unverified::new(&body, request_headers(&parts.headers))
                .verify(signing, &secret, (config.inner.clock)())
                .map_err(WebhookRejection::Verify)
        }
        // The builder rules these out; a hand-written `VendorEvent` reusing a
        // vendor id with another scheme lands here.
        _ => Err(not_configured),
    }
}

/// A request's headers as (name, value) pairs.
fn request_headers(headers: &HeaderMap) -> impl Iterator<Item = (&str, &[u8])> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
}

/// The `Content-Length` the client declared, when it is a valid number.
fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Why [`Webhook`] or [`VerifiedBody`] rejected a request; answers with
/// [`status`](Self::status) and its `Display` text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The body exceeds the configured limit (413).
    #[error("request body exceeds the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// The body could not be read (400).
    #[error("cannot read the request body: {0}")]
    Body(String),
    /// The delivery failed verification (401 or 400, see [`status`](Self::status)).
    #[error("webhook verification failed: {0}")]
    Verify(#[source] VerifyError),
    /// The verified body does not fit the vendor's spec (400).
    #[error("invalid webhook body: {0}")]
    Parse(#[source] ParseError),
    /// The config has neither a secret nor an unsigned opt-in for the vendor (500).
    #[error("webhook receiver has no configuration for vendor `{vendor}`")]
    NotConfigured {
        /// The vendor id.
        vendor: &'static str,
    },
}

impl WebhookRejection {
    /// The response status: 413 too large; 401 missing headers, signature
    /// mismatch or stale timestamp; 400 malformed headers or body; 500 when
    /// the receiver is not configured for the vendor.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Body(_) | Self::Parse(_) => StatusCode::BAD_REQUEST,
            Self::Verify(error) => match error {
                VerifyError::MissingHeader(_)
                | VerifyError::SignatureMismatch
                | VerifyError::TimestampOutOfTolerance { .. } => StatusCode::UNAUTHORIZED,
                VerifyError::MalformedHeader { .. } => StatusCode::BAD_REQUEST,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::NotConfigured { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        (self.status(), self.to_string()).into_response()
    }
}

#[cfg(all(
    test,
    feature = "moim",
    feature = "gately",
    feature = "memberstack",
    feature = "duda"
))]
mod tests {
    use super::*;
    use crate::{duda, gately, memberstack, moim};

    #[test]
    fn secrets_are_checked_against_the_vendor_scheme() {
        let config = WebhookConfig::new();
        assert_eq!(
            config
                .clone()
                .secret::<moim::Event>("anything")
                .unwrap_err(),
            ConfigError::Unsigned {
                vendor: "moim",
                advice: match moim::SIGNING {
                    Signing::Unsigned { advice } => advice,
                    Signing::Hmac(_) => unreachable!(),
                },
            }
        );
        for vendor_err in [
            config
                .clone()
                .dangerously_accept_unsigned::<gately::Event>(),
            config
                .clone()
                .dangerously_accept_unsigned::<memberstack::Event>(),
            config.clone().dangerously_accept_unsigned::<duda::Event>(),
        ] {
            assert!(matches!(vendor_err, Err(ConfigError::Signed { .. })));
        }
        for (result, vendor) in [
            (config.clone().secret::<gately::Event>(""), "gately"),
            (config.clone().secret::<duda::Event>(""), "duda"),
            (
                config
                    .clone()
                    .secret::<memberstack::Event>("whsec_not base64!"),
                "memberstack",
            ),
        ] {
            let Err(ConfigError::InvalidSecret { vendor: v, error }) = result else {
                panic!("{vendor}: {result:?}");
            };
            assert_eq!(v, vendor);
            assert!(matches!(error, VerifyError::InvalidSecret(_)), "{error:?}");
        }
        let config = config
            .secret::<gately::Event>("s")
            .unwrap()
            .dangerously_accept_unsigned::<moim::Event>()
            .unwrap();
        assert!(config.is_configured::<gately::Event>());
        assert!(config.is_configured::<moim::Event>());
        assert!(!config.is_configured::<duda::Event>());
    }

    #[test]
    fn config_defaults_and_debug_hide_secrets() {
        let config = WebhookConfig::default()
            .secret::<gately::Event>("very-secret-value")
            .unwrap()
            .dangerously_accept_unsigned::<moim::Event>()
            .unwrap();
        assert_eq!(config.max_body_bytes(), DEFAULT_BODY_LIMIT);
        assert_eq!(DEFAULT_BODY_LIMIT, 1 << 20);
        let debug = format!("{config:?}");
        assert!(!debug.contains("very-secret-value"), "{debug}");
        assert!(
            debug.contains("gately") && debug.contains("redacted"),
            "{debug}"
        );
        assert!(debug.contains("unsigned"), "{debug}");
        // Builders do not alter clones taken before them.
        let limited = config.clone().body_limit(10);
        assert_eq!(limited.max_body_bytes(), 10);
        assert_eq!(config.max_body_bytes(), DEFAULT_BODY_LIMIT);
    }

    #[test]
    fn rejection_statuses() {
        let verify = |error| WebhookRejection::Verify(error).status();
        assert_eq!(
            verify(VerifyError::SignatureMismatch),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            verify(VerifyError::MissingHeader("svix-id")),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            verify(VerifyError::TimestampOutOfTolerance {
                timestamp: 0,
                now: 400,
                tolerance: 300
            }),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            verify(VerifyError::MalformedHeader {
                name: "svix-timestamp",
                reason: "x"
            }),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            verify(VerifyError::InvalidSecret("x")),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            WebhookRejection::PayloadTooLarge { limit: 1 }.status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(
            WebhookRejection::Body("reset".into()).status(),
            StatusCode::BAD_REQUEST
        );
        let parse = gately::parse(b"{").unwrap_err();
        assert_eq!(
            WebhookRejection::Parse(parse).status(),
            StatusCode::BAD_REQUEST
        );
        let rejection = WebhookRejection::NotConfigured { vendor: "moim" };
        assert_eq!(rejection.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let response = rejection.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    /// The extractor's key is the one each vendor's spec names: for a body key (`Field`), the
    /// event's `body_idempotency_key` is that member of every documented example; otherwise
    /// the body holds none. Returns the vendor id.
    fn body_keys_follow_the_spec<E: VendorEvent>() -> &'static str {
        let vendor = crate::vendor(E::VENDOR).unwrap();
        assert_eq!(vendor.signing, E::SIGNING);
        for info in vendor.events {
            let Some(example) = info.example else {
                continue;
            };
            let headers: Vec<(&str, &[u8])> = vendor
                .name_header()
                .map(|header| (header, info.base_name.as_bytes()))
                .into_iter()
                .collect();
            let event = E::parse_request(headers, example.as_bytes()).unwrap();
            let json: serde_json::Value = serde_json::from_str(example).unwrap();
            let expected = match vendor.idempotency_key {
                Some(crate::verify::IdempotencyKey::Field(field)) => json[field].as_str(),
                _ => None,
            };
            assert_eq!(
                event.body_idempotency_key(),
                expected,
                "{} {}",
                E::VENDOR,
                info.name
            );
        }
        E::VENDOR
    }

    #[test]
    fn every_vendor_exposes_the_idempotency_key_its_spec_names() {
        #[allow(unused_mut)]
        let mut checked = vec![
            body_keys_follow_the_spec::<moim::Event>(),
            body_keys_follow_the_spec::<gately::Event>(),
            body_keys_follow_the_spec::<memberstack::Event>(),
            body_keys_follow_the_spec::<duda::Event>(),
        ];
        #[cfg(feature = "github")]
        checked.push(body_keys_follow_the_spec::<crate::github::Event>());
        checked.sort_unstable();
        let mut compiled: Vec<&str> = crate::VENDORS.iter().map(|vendor| vendor.id).collect();
        compiled.sort_unstable();
        assert_eq!(checked, compiled, "add the new vendor above");
    }
}
