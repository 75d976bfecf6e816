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
//! # Secret rotation
//!
//! While a vendor rotates its signing secret, give both:
//! `.secret_labelled::<E>("old", old)?.secret_labelled::<E>("new", new)?` (each call adds
//! one; [`secret`](WebhookConfig::secret) adds an unlabelled one). A delivery passes when any
//! secret matches any of its signatures, and [`Webhook::matched_secret`] says which one did:
//! log it, and remove the old secret once nothing matches it any more. Keys are derived when
//! the config is built; each extra secret costs one more HMAC pass over the body.
//!
//! # Deliveries that do not fit the spec
//!
//! Vendors change payloads without notice. With [`Webhook<E>`], a delivery that verifies but
//! does not fit the spec (a field whose type changed; a body that is not JSON) is answered 400:
//! the vendor retries it, eventually disables the endpoint, and the delivery is lost unless
//! someone kept it. Take [`Delivery<E>`] instead and the handler gets such a delivery as a
//! [`Delivery::Unparsed`]: the verified body byte for byte, its headers, the event name as far
//! as it could be read and the error with its JSON path. Store it and answer 2xx; replay it
//! once the spec is fixed. Verification still comes first: a tampered or unsigned delivery
//! never reaches the handler.
//!
//! ```no_run
//! use axum::http::StatusCode;
//! use hookspec::axum::Delivery;
//! use hookspec::gately::Event;
//!
//! async fn on_gately(delivery: Delivery<Event>) -> StatusCode {
//!     match delivery {
//!         Delivery::Parsed(hook) => println!("{}", hook.event().name()),
//!         Delivery::Unparsed(unparsed) => {
//!             // Keep `unparsed.body()` and `unparsed.headers()` somewhere durable.
//!             eprintln!("kept for later: {unparsed}");
//!         }
//!     }
//!     StatusCode::OK
//! }
//! ```
//!
//! Or let the config keep them: with [`WebhookConfig::spool`] (feature `spool`, e.g.
//! `.spool(hookspec::spool::FsSpool::open(dir)?)`) every such delivery is written and
//! `fsync`ed before it is answered: [`Delivery`] hands it over already kept
//! ([`Unparsed::kept_as`]), [`Webhook`] answers it 200 itself, and a full spool answers 503 so
//! that the vendor retries later. `hookspec replay` sends what it kept again.
//!
//! # Once per idempotency key
//!
//! Vendors retry, so the same delivery can arrive twice. Wrap a handler in [`once`]
//! (`post(once(handler))`) and it runs once per idempotency key: see [`once`] for what
//! happens to concurrent duplicates and to a handler that fails.
//!
//! For a router that serves every compiled vendor on one route (`/webhooks/{vendor}`),
//! [`WebhookConfig::receive`] does the same for a [`Vendor`] of the registry picked at run
//! time, giving an [`AnyDelivery`].
//!
//! # Rejections
//!
//! A request that does not yield an event is answered by [`WebhookRejection`]
//! with a short plain-text reason:
//!
//! | status | when |
//! |---|---|
//! | 413 Payload Too Large | the body (or its `Content-Length`) exceeds the limit |
//! | 401 Unauthorized | every verification failure the request causes: a signature, id or timestamp header is missing, duplicated, not UTF-8 or malformed (no entry with the scheme's prefix such as `sha256=`, not validly encoded, a timestamp that is not a number); the signature does not match; the timestamp is outside the replay window |
//! | 400 Bad Request | the body cannot be read; with [`Webhook`] only: the verified body does not fit the vendor's spec (not JSON, a missing event-name header, a field of another type) |
//! | 500 Internal Server Error | the vendor has no secret (or unsigned opt-in) in the config; the spool cannot write |
//! | 503 Service Unavailable | the spool is full (the delivery was not kept) |
//! | 409 Conflict | under [`once`]: a delivery with the same key is being handled (`Retry-After: 1`) |
//! | 200 OK | under [`once`]: the key was handled already; with a spool and [`Webhook`]: the delivery does not fit and was kept |
//!
//! A request that fails verification is unauthenticated, whatever the reason: 401, so that
//! "bad signatures get 401" holds for a missing `sha256=` prefix too. The body is always
//! verified before it is parsed, so a tampered body is 401 even when it is also malformed JSON.
//! With [`Delivery`] (or [`WebhookConfig::receive`]), a verified body that does not fit is the
//! handler's to answer, never a rejection.
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

use crate::once::{Claim, KeyStore, MemoryKeys, OncePerKey, Seen};
use crate::verify::{
    IdempotencyKey, MatchedSecret, Secrets, Signing, Unparsed, Unverified, Verified, VerifyError,
};
use crate::{AnyEvent, ParseError, Vendor, VendorEvent};

/// The default body limit: 1 MiB. Webhook deliveries are small; the largest
/// documented example of the bundled vendors is a few KiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// How one vendor's deliveries are authenticated.
#[derive(Clone)]
enum Auth {
    /// Verify with any of these secrets (keys derived).
    Secrets(Secrets),
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
    /// Where handlers wrapped in [`once`] remember idempotency keys.
    keys: OncePerKey,
    /// Where verified deliveries that do not fit the spec are kept.
    #[cfg(feature = "spool")]
    spool: Option<Arc<dyn crate::spool::Spool>>,
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
                keys: OncePerKey::new(MemoryKeys::default()),
                #[cfg(feature = "spool")]
                spool: None,
            }),
        }
    }

    /// Adds `secret` to those that verify `E`'s vendor's deliveries: calling it twice (during
    /// a secret rotation) accepts deliveries signed with either secret, and
    /// [`Webhook::matched_secret`] tells which one matched by its index, in the order given.
    ///
    /// # Errors
    /// [`ConfigError::Unsigned`] when the vendor does not sign;
    /// [`ConfigError::InvalidSecret`] when the vendor's scheme cannot use the
    /// secret.
    pub fn secret<E: VendorEvent>(self, secret: impl AsRef<str>) -> Result<Self, ConfigError> {
        self.add_secret(E::VENDOR, E::SIGNING, None, secret.as_ref())
    }

    /// Adds `secret` under `label` (e.g. `"2025"` and `"2026"` for the old and the new
    /// secret of a rotation) to those that verify `E`'s vendor's deliveries;
    /// [`MatchedSecret::label`] reports it when it matches. Labels are not secret.
    ///
    /// # Errors
    /// As [`secret`](Self::secret).
    pub fn secret_labelled<E: VendorEvent>(
        self,
        label: impl Into<String>,
        secret: impl AsRef<str>,
    ) -> Result<Self, ConfigError> {
        self.add_secret(E::VENDOR, E::SIGNING, Some(label.into()), secret.as_ref())
    }

    /// [`secret`](Self::secret) for a vendor of the registry picked at run time (e.g. each
    /// of [`VENDORS`](crate::VENDORS) whose secret is in the environment).
    ///
    /// # Errors
    /// As [`secret`](Self::secret).
    pub fn vendor_secret(
        self,
        vendor: &'static Vendor,
        secret: impl AsRef<str>,
    ) -> Result<Self, ConfigError> {
        self.add_secret(vendor.id, vendor.signing, None, secret.as_ref())
    }

    /// [`secret_labelled`](Self::secret_labelled) for a vendor of the registry.
    ///
    /// # Errors
    /// As [`secret`](Self::secret).
    pub fn vendor_secret_labelled(
        self,
        vendor: &'static Vendor,
        label: impl Into<String>,
        secret: impl AsRef<str>,
    ) -> Result<Self, ConfigError> {
        self.add_secret(
            vendor.id,
            vendor.signing,
            Some(label.into()),
            secret.as_ref(),
        )
    }

    fn add_secret(
        mut self,
        vendor: &'static str,
        signing: &'static Signing,
        label: Option<String>,
        secret: &str,
    ) -> Result<Self, ConfigError> {
        let mut secrets = match self.inner.vendors.get(vendor) {
            Some(Auth::Secrets(secrets)) if secrets.signing() == *signing => secrets.clone(),
            _ => Secrets::new(signing).map_err(|error| match error {
                VerifyError::Unsigned { advice } => ConfigError::Unsigned { vendor, advice },
                error => ConfigError::InvalidSecret { vendor, error },
            })?,
        };
        // Derives the keys verification will use: an unusable secret fails here, not per request.
        secrets
            .push(label, secret)
            .map_err(|error| ConfigError::InvalidSecret { vendor, error })?;
        Arc::make_mut(&mut self.inner)
            .vendors
            .insert(vendor, Auth::Secrets(secrets));
        Ok(self)
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
        self.accept_unsigned(E::VENDOR, E::SIGNING)
    }

    /// [`dangerously_accept_unsigned`](Self::dangerously_accept_unsigned) for a vendor of
    /// the registry picked at run time.
    ///
    /// # Errors
    /// [`ConfigError::Signed`] when the vendor signs its deliveries.
    pub fn dangerously_accept_unsigned_vendor(
        self,
        vendor: &'static Vendor,
    ) -> Result<Self, ConfigError> {
        self.accept_unsigned(vendor.id, vendor.signing)
    }

    fn accept_unsigned(
        mut self,
        vendor: &'static str,
        signing: &Signing,
    ) -> Result<Self, ConfigError> {
        match signing {
            Signing::Unsigned { .. } => {
                Arc::make_mut(&mut self.inner)
                    .vendors
                    .insert(vendor, Auth::Unsigned);
                Ok(self)
            }
            Signing::Hmac(_) => Err(ConfigError::Signed { vendor }),
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

    /// Keeps every verified delivery that does not fit the spec in `spool` before it is
    /// answered (feature `spool`): with [`Delivery`] and [`receive`](Self::receive) the
    /// handler gets it as `Unparsed` already kept ([`Unparsed::kept_as`]: answer 2xx); with
    /// [`Webhook`] it is answered 200 without calling the handler, instead of 400. When the
    /// spool is full the delivery is answered 503 (the vendor retries later), when it cannot
    /// be written 500: a verified delivery is never answered 2xx unless it was handled or
    /// kept.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use hookspec::axum::WebhookConfig;
    /// use hookspec::spool::FsSpool;
    ///
    /// let config = WebhookConfig::new()
    ///     .secret::<hookspec::gately::Event>("gately-secret")?
    ///     .spool(FsSpool::open("/var/spool/hookspec")?.max_bytes(1 << 30));
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "spool")]
    #[cfg_attr(docsrs, doc(cfg(feature = "spool")))]
    #[must_use]
    pub fn spool(mut self, spool: impl crate::spool::Spool + 'static) -> Self {
        Arc::make_mut(&mut self.inner).spool = Some(Arc::new(spool));
        self
    }

    /// Where handlers wrapped in [`once`] remember idempotency keys (default: a
    /// [`MemoryKeys`] of this config, 100 000 keys for 24 hours; give a shared store when
    /// several receivers must agree). Clones of the config share the store.
    #[must_use]
    pub fn key_store(mut self, store: impl KeyStore + 'static) -> Self {
        Arc::make_mut(&mut self.inner).keys = OncePerKey::new(store);
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

    /// Whether the vendor with this id has a secret or an unsigned opt-in.
    #[must_use]
    pub fn is_vendor_configured(&self, vendor: &str) -> bool {
        self.inner.vendors.contains_key(vendor)
    }

    /// The number of secrets configured for the vendor with this id (0 for an unsigned
    /// opt-in or an unconfigured vendor).
    #[must_use]
    pub fn secret_count(&self, vendor: &str) -> usize {
        match self.inner.vendors.get(vendor) {
            Some(Auth::Secrets(secrets)) => secrets.len(),
            _ => 0,
        }
    }

    /// Reads `request`'s body within the limit and verifies it for `vendor`, a vendor of the
    /// registry picked at run time (`hookspec::vendor(id)` for a `/webhooks/{vendor}` route).
    /// What [`VerifiedBody`] does for a typed vendor.
    ///
    /// # Errors
    /// The [`WebhookRejection`] to answer with, as for [`VerifiedBody`].
    pub async fn verify_request(
        &self,
        vendor: &'static Vendor,
        request: Request,
    ) -> Result<Verified, WebhookRejection> {
        verify_request(request, self, vendor.id, vendor.signing).await
    }

    /// Reads, verifies and parses `request` for `vendor`, a vendor of the registry picked at
    /// run time: what [`Delivery`] does for a typed vendor. A verified delivery that does not
    /// fit the spec is an [`AnyDelivery::Unparsed`], not a rejection.
    ///
    /// ```no_run
    /// use axum::extract::{Path, Request, State};
    /// use axum::response::{IntoResponse, Response};
    /// use axum::http::StatusCode;
    /// use hookspec::axum::{AnyDelivery, WebhookConfig};
    ///
    /// // Routed as `.route("/webhooks/{vendor}", post(on_webhook))`.
    /// async fn on_webhook(
    ///     State(config): State<WebhookConfig>,
    ///     Path(vendor): Path<String>,
    ///     request: Request,
    /// ) -> Response {
    ///     let Some(vendor) = hookspec::vendor(&vendor) else {
    ///         return StatusCode::NOT_FOUND.into_response();
    ///     };
    ///     match config.receive(vendor, request).await {
    ///         Ok(AnyDelivery::Parsed(hook)) => println!("{} {}", vendor.id, hook.event().name()),
    ///         Ok(AnyDelivery::Unparsed(unparsed)) => eprintln!("store me: {unparsed}"),
    ///         Err(rejection) => return rejection.into_response(),
    ///     }
    ///     StatusCode::OK.into_response()
    /// }
    /// ```
    ///
    /// # Errors
    /// The [`WebhookRejection`] to answer with (413, 401, 400 for an unreadable body, 500).
    pub async fn receive(
        &self,
        vendor: &'static Vendor,
        request: Request,
    ) -> Result<AnyDelivery, WebhookRejection> {
        let slot = OnceSlot::of(&request);
        let verified = self.verify_request(vendor, request).await?;
        let before = crate::drift::counter();
        Ok(match vendor.parse_verified(&verified) {
            Ok(event) => {
                let hook = AnyWebhook {
                    vendor,
                    drift: crate::drift::since(before, &event),
                    event,
                    verified,
                };
                self.claim(slot, vendor.id, hook.idempotency_key())?;
                AnyDelivery::Parsed(hook)
            }
            Err(error) => AnyDelivery::Unparsed(
                self.keep(Unparsed::of_vendor(vendor, verified, error))
                    .await?,
            ),
        })
    }

    /// Under [`once`]: claims the delivery's key for the handler, or says why not.
    fn claim(
        &self,
        slot: Option<OnceSlot>,
        vendor: &'static str,
        key: Option<&str>,
    ) -> Result<(), WebhookRejection> {
        let (Some(slot), Some(key)) = (slot, key) else {
            return Ok(());
        };
        match self.inner.keys.claim(vendor, key) {
            Ok(claim) => {
                slot.hold(claim);
                Ok(())
            }
            Err(Seen::Done) => Err(WebhookRejection::AlreadyHandled {
                vendor,
                key: key.to_owned(),
            }),
            Err(Seen::InFlight) => Err(WebhookRejection::InFlight {
                vendor,
                key: key.to_owned(),
            }),
        }
    }

    /// Keeps `unparsed` in the spool, when one is configured, off the async workers.
    #[allow(clippy::unused_async)] // Without `spool` there is nothing to wait for.
    async fn keep(&self, unparsed: Unparsed) -> Result<Unparsed, WebhookRejection> {
        #[cfg(feature = "spool")]
        if let Some(spool) = &self.inner.spool {
            let spool = Arc::clone(spool);
            let keep = move || {
                let mut unparsed = unparsed;
                spool.keep(&unparsed).map(|id| {
                    unparsed.set_kept_as(id);
                    unparsed
                })
            };
            let kept = match tokio::runtime::Handle::try_current() {
                Ok(runtime) => runtime.spawn_blocking(keep).await.map_err(|error| {
                    WebhookRejection::Spool(format!("the spool's writer failed: {error}"))
                })?,
                // Not on a tokio runtime: write here.
                Err(_) => keep(),
            };
            return kept.map_err(|error| match error {
                crate::spool::SpoolError::Full { .. } => {
                    WebhookRejection::SpoolFull(error.to_string())
                }
                error => WebhookRejection::Spool(error.to_string()),
            });
        }
        Ok(unparsed)
    }

    /// Whether a spool keeps deliveries that do not fit the spec.
    fn spools(&self) -> bool {
        #[cfg(feature = "spool")]
        return self.inner.spool.is_some();
        #[cfg(not(feature = "spool"))]
        false
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
                Auth::Secrets(secrets) => {
                    (*vendor, format!("{} secret(s) (redacted)", secrets.len()))
                }
                Auth::Unsigned => (*vendor, "unsigned (accepted unverified)".to_owned()),
            })
            .collect();
        f.debug_struct("WebhookConfig")
            .field("vendors", &vendors)
            .field("body_limit", &self.inner.body_limit)
            .field("spool", &self.spools())
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
    drift: Vec<crate::Drift>,
}

impl<E: VendorEvent> Webhook<E> {
    /// Parses `verified`, noting its drift (computed only when the parse met some).
    #[allow(clippy::result_large_err)] // One per request, moved once: boxing buys nothing.
    fn parse(verified: Verified) -> Result<Self, (Verified, crate::ParseError)> {
        let before = crate::drift::counter();
        match verified.parse::<E>() {
            Ok(event) => {
                let drift = crate::drift::since(before, &event);
                Ok(Self {
                    event,
                    verified,
                    drift,
                })
            }
            Err(error) => Err((verified, error)),
        }
    }

    /// The typed event.
    pub fn event(&self) -> &E {
        &self.event
    }

    /// Where the delivery drifted from its spec: members absent or `null` where a
    /// `presence: tolerant` spec said otherwise (they hold placeholders), texts that break
    /// their format. Empty when the delivery matches the spec; log it when it is not
    /// ("parsed with drift"). See [`crate::drift`].
    pub fn drift(&self) -> &[crate::Drift] {
        &self.drift
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

    /// Which configured secret verified the delivery (its index and label); `None` for an
    /// unsigned vendor accepted unverified.
    pub fn matched_secret(&self) -> Option<&MatchedSecret> {
        self.verified.matched_secret()
    }

    /// The delivery's idempotency key, which retries repeat, where the
    /// vendor's spec says it is: a header (Memberstack's `svix-id`, GitHub's
    /// `X-GitHub-Delivery`) or a body member (Gately's `id`); `None` for
    /// vendors that give none (MOIM, Duda).
    pub fn idempotency_key(&self) -> Option<&str> {
        match E::IDEMPOTENCY_KEY {
            Some(IdempotencyKey::Header(name)) => self.verified.header(name),
            Some(IdempotencyKey::Field(_)) => self.event.body_idempotency_key(),
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
        let config = WebhookConfig::from_ref(state);
        let slot = OnceSlot::of(&req);
        let verified = verify_request(req, &config, E::VENDOR, E::SIGNING).await?;
        match Self::parse(verified) {
            Ok(hook) => {
                config.claim(slot, E::VENDOR, hook.idempotency_key())?;
                Ok(hook)
            }
            Err((verified, error)) if config.spools() => {
                let kept = config.keep(Unparsed::of::<E>(verified, error)).await?;
                Err(WebhookRejection::Kept {
                    vendor: E::VENDOR,
                    id: kept.kept_as().unwrap_or_default().to_owned(),
                })
            }
            Err((_, error)) => Err(WebhookRejection::Parse(error)),
        }
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
        let verified = verify_request(req, &config, E::VENDOR, E::SIGNING).await?;
        Ok(Self {
            verified,
            vendor: PhantomData,
        })
    }
}

/// Extractor: a verified delivery of `E`'s vendor, parsed into `E` or, when it does not fit
/// the spec, kept whole for the handler to store.
///
/// Verification and its rejections are those of [`Webhook`] (413, 401, 400 for an unreadable
/// body, 500); a verified delivery never becomes a rejection. See the
/// [module documentation](self#deliveries-that-do-not-fit-the-spec).
#[derive(Debug)]
pub enum Delivery<E> {
    /// The delivery fits the spec (an event the spec does not know is
    /// parsed too, as its `Event::Unknown`).
    Parsed(Webhook<E>),
    /// The delivery verified but does not fit the spec: answer 2xx once it is stored.
    Unparsed(Unparsed),
}

impl<S, E> FromRequest<S> for Delivery<E>
where
    S: Send + Sync,
    E: VendorEvent,
    WebhookConfig: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = WebhookConfig::from_ref(state);
        let slot = OnceSlot::of(&req);
        let verified = verify_request(req, &config, E::VENDOR, E::SIGNING).await?;
        Ok(match Webhook::parse(verified) {
            Ok(hook) => {
                config.claim(slot, E::VENDOR, hook.idempotency_key())?;
                Self::Parsed(hook)
            }
            Err((verified, error)) => {
                Self::Unparsed(config.keep(Unparsed::of::<E>(verified, error)).await?)
            }
        })
    }
}

/// A verified delivery of a vendor picked at run time, parsed ([`WebhookConfig::receive`]).
#[derive(Debug)]
pub struct AnyWebhook {
    vendor: &'static Vendor,
    event: AnyEvent,
    verified: Verified,
    drift: Vec<crate::Drift>,
}

impl AnyWebhook {
    /// The vendor of the registry it came from.
    pub fn vendor(&self) -> &'static Vendor {
        self.vendor
    }

    /// The typed event.
    pub fn event(&self) -> &AnyEvent {
        &self.event
    }

    /// Where the delivery drifted from its spec (as [`Webhook::drift`]); empty when it
    /// matches the spec.
    pub fn drift(&self) -> &[crate::Drift] {
        &self.drift
    }

    /// The typed event, by value.
    pub fn into_event(self) -> AnyEvent {
        self.event
    }

    /// The verified delivery it was parsed from.
    pub fn verified(&self) -> &Verified {
        &self.verified
    }

    /// The typed event and the verified delivery it was parsed from.
    pub fn into_parts(self) -> (AnyEvent, Verified) {
        (self.event, self.verified)
    }

    /// Which configured secret verified the delivery; `None` for an unsigned vendor.
    pub fn matched_secret(&self) -> Option<&MatchedSecret> {
        self.verified.matched_secret()
    }

    /// The delivery's idempotency key where the vendor's spec says it is (as
    /// [`Webhook::idempotency_key`]).
    pub fn idempotency_key(&self) -> Option<&str> {
        match self.vendor.idempotency_key {
            Some(IdempotencyKey::Header(name)) => self.verified.header(name),
            Some(IdempotencyKey::Field(_)) => self.event.body_idempotency_key(),
            None => None,
        }
    }
}

/// What [`WebhookConfig::receive`] gives for a verified delivery: the
/// run-time counterpart of [`Delivery`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // One per request, moved once: boxing buys nothing.
pub enum AnyDelivery {
    /// The delivery fits the spec.
    Parsed(AnyWebhook),
    /// The delivery verified but does not fit the spec.
    Unparsed(Unparsed),
}

/// Reads the body within the limit and authenticates it for `vendor`.
async fn verify_request(
    req: Request,
    config: &WebhookConfig,
    vendor: &'static str,
    signing: &'static Signing,
) -> Result<Verified, WebhookRejection> {
    let not_configured = WebhookRejection::NotConfigured { vendor };
    // Checked before reading anything: a misconfigured route costs no body read.
    let auth = config
        .inner
        .vendors
        .get(vendor)
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
    let delivery = Unverified::new(&body, request_headers(&parts.headers));
    match (auth, signing) {
        (Auth::Unsigned, Signing::Unsigned { .. }) => Ok(delivery.dangerously_skip_verification()),
        (Auth::Secrets(secrets), Signing::Hmac(_)) if secrets.signing() == *signing => delivery
            .verify_with(&secrets, (config.inner.clock)())
            .map_err(WebhookRejection::Verify),
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
    /// The delivery failed verification (401; 500 for a configuration error, see
    /// [`status`](Self::status)).
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
    /// Under [`once`]: a delivery with this idempotency key was handled already. Answered
    /// **200**, without calling the handler again.
    #[error("already handled {vendor} delivery `{key}`")]
    AlreadyHandled {
        /// The vendor id.
        vendor: &'static str,
        /// The idempotency key.
        key: String,
    },
    /// Under [`once`]: a delivery with this idempotency key is being handled right now
    /// (409, with `Retry-After: 1`): the vendor retries it, and the retry is answered 200 if
    /// the first handler succeeded, or handled if it failed.
    #[error("a {vendor} delivery with key `{key}` is being handled; retry later")]
    InFlight {
        /// The vendor id.
        vendor: &'static str,
        /// The idempotency key.
        key: String,
    },
    /// With a spool ([`WebhookConfig::spool`]) and [`Webhook`]: the verified delivery does not
    /// fit the spec and was kept. Answered **200**, without calling the handler.
    #[error("{vendor} delivery kept as {id}: it does not fit the spec")]
    Kept {
        /// The vendor id.
        vendor: &'static str,
        /// The id the spool kept it under.
        id: String,
    },
    /// The spool is full: the delivery was not kept (503; the vendor retries later).
    #[error("cannot keep the delivery now: {0}")]
    SpoolFull(String),
    /// The spool could not keep the delivery (500).
    #[error("cannot keep the delivery: {0}")]
    Spool(String),
}

impl WebhookRejection {
    /// The response status: 413 too large; 401 for every verification failure the request
    /// causes (missing, duplicated or malformed signing headers, signature mismatch, stale
    /// timestamp); 400 for a body that cannot be read or (with [`Webhook`]) does not fit the
    /// spec; 500 when the receiver is not configured for the vendor (no secret, an unusable
    /// secret or scheme).
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Body(_) | Self::Parse(_) => StatusCode::BAD_REQUEST,
            Self::Verify(error) => match error {
                VerifyError::MissingHeader(_)
                | VerifyError::MalformedHeader { .. }
                | VerifyError::SignatureMismatch
                | VerifyError::TimestampOutOfTolerance { .. } => StatusCode::UNAUTHORIZED,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::NotConfigured { .. } | Self::Spool(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::AlreadyHandled { .. } | Self::Kept { .. } => StatusCode::OK,
            Self::InFlight { .. } => StatusCode::CONFLICT,
            Self::SpoolFull(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        let retry = matches!(self, Self::InFlight { .. });
        let mut response = (self.status(), self.to_string()).into_response();
        if retry {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        }
        response
    }
}

/// Runs `handler` once per idempotency key: a delivery whose key was handled already (by
/// this handler or any other wrapped handler sharing the config's [`KeyStore`]) is answered
/// 200 without calling it again.
///
/// ```no_run
/// use axum::{Router, routing::post};
/// use hookspec::axum::{Webhook, WebhookConfig, once};
/// use hookspec::gately::Event;
///
/// async fn on_gately(hook: Webhook<Event>) {
///     println!("handled {:?}", hook.idempotency_key()); // once per key
/// }
/// # fn main() -> Result<(), hookspec::axum::ConfigError> {
/// let config = WebhookConfig::new().secret::<Event>("gately-secret")?;
/// let app: Router = Router::new()
///     .route("/webhooks/gately", post(once(on_gately)))
///     .with_state(config);
/// # Ok(()) }
/// ```
///
/// The handler's extractor ([`Webhook`], [`Delivery`] or [`WebhookConfig::receive`]) claims
/// the key of each parsed delivery in the config's [`KeyStore`] (see
/// [`WebhookConfig::key_store`]) before the handler runs:
///
/// - a key seen done: answered 200 ([`WebhookRejection::AlreadyHandled`]), handler not called;
/// - a key in flight (**two deliveries with the same key at the same moment**): exactly one
///   claims it and runs the handler; the other is answered 409 Conflict at once
///   ([`WebhookRejection::InFlight`], `Retry-After: 1`), without waiting. The vendor retries
///   it: by then the key is done (200) or was released (the handler runs);
/// - a new key: the handler runs. When it answers 2xx, the key is remembered as done; **when
///   it fails** (any other status, a panic, the connection dropped before it finished) the
///   key is released, so the vendor's retry runs the handler again.
///
/// Deliveries without a key (vendors that give none, such as MOIM and Duda) and deliveries
/// that do not fit the spec (kept by the spool; a replay then runs the handler) are not
/// claimed.
pub fn once<H>(handler: H) -> Once<H> {
    Once(handler)
}

/// A handler run once per idempotency key ([`once`]).
#[derive(Debug, Clone, Copy)]
pub struct Once<H>(H);

impl<H, T, S> ::axum::handler::Handler<T, S> for Once<H>
where
    H: ::axum::handler::Handler<T, S>,
    S: Send + 'static,
{
    type Future = std::pin::Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(self, mut req: Request, state: S) -> Self::Future {
        let slot = OnceSlot::default();
        req.extensions_mut().insert(slot.clone());
        Box::pin(async move {
            let response = self.0.call(req, state).await;
            slot.finish(response.status().is_success());
            response
        })
    }
}

/// Where the extractor leaves the claim of a delivery's key for [`Once`] to finish.
#[derive(Clone, Default)]
struct OnceSlot(Arc<std::sync::Mutex<Option<Claim>>>);

impl OnceSlot {
    /// The slot [`Once`] put in the request, if it is wrapped.
    fn of(request: &Request) -> Option<Self> {
        request.extensions().get::<Self>().cloned()
    }

    fn hold(&self, claim: Claim) {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // One extractor per request claims; another claim (if any) is released.
        *slot = Some(claim);
    }

    /// Done when the handler answered 2xx; released otherwise (dropped).
    fn finish(&self, handled: bool) {
        let claim = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let (Some(claim), true) = (claim, handled) {
            claim.done();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::VENDORS;

    /// A secret every scheme accepts (base64, so `whsec_`-style schemes decode it too).
    const SECRET: &str = "dmVyeS1zZWNyZXQtdmFsdWU=";

    #[test]
    fn secrets_are_checked_against_the_vendor_scheme() {
        for vendor in VENDORS {
            let config = WebhookConfig::new();
            match vendor.signing {
                Signing::Unsigned { advice } => {
                    assert_eq!(
                        config.clone().vendor_secret(vendor, SECRET).unwrap_err(),
                        ConfigError::Unsigned {
                            vendor: vendor.id,
                            advice
                        }
                    );
                    let config = config.dangerously_accept_unsigned_vendor(vendor).unwrap();
                    assert!(config.is_vendor_configured(vendor.id));
                    assert_eq!(config.secret_count(vendor.id), 0);
                }
                Signing::Hmac(scheme) => {
                    assert_eq!(
                        config
                            .clone()
                            .dangerously_accept_unsigned_vendor(vendor)
                            .unwrap_err(),
                        ConfigError::Signed { vendor: vendor.id }
                    );
                    let mut unusable = vec![""];
                    if let crate::verify::KeyDerivation::Base64AfterPrefix(_) = scheme.key {
                        unusable.push("whsec_not base64!");
                    }
                    for secret in unusable {
                        let Err(ConfigError::InvalidSecret { vendor: id, error }) =
                            config.clone().vendor_secret(vendor, secret)
                        else {
                            panic!("{}: {secret:?} accepted", vendor.id);
                        };
                        assert_eq!(id, vendor.id);
                        assert!(matches!(error, VerifyError::InvalidSecret(_)), "{error:?}");
                    }
                    // An unusable second secret does not drop the first.
                    let config = config.vendor_secret(vendor, SECRET).unwrap();
                    assert!(config.clone().vendor_secret(vendor, "").is_err());
                    assert_eq!(config.secret_count(vendor.id), 1);
                    let config = config
                        .vendor_secret_labelled(vendor, "new", SECRET)
                        .unwrap();
                    assert!(config.is_vendor_configured(vendor.id));
                    assert_eq!(config.secret_count(vendor.id), 2);
                }
            }
            assert!(!WebhookConfig::new().is_vendor_configured(vendor.id));
        }
    }

    #[test]
    fn config_defaults_and_debug_hide_secrets() {
        let mut config = WebhookConfig::default();
        for vendor in VENDORS {
            config = match vendor.signing {
                Signing::Unsigned { .. } => config.dangerously_accept_unsigned_vendor(vendor),
                Signing::Hmac(_) => config.vendor_secret_labelled(vendor, "label-2026", SECRET),
            }
            .unwrap();
        }
        assert_eq!(config.max_body_bytes(), DEFAULT_BODY_LIMIT);
        assert_eq!(DEFAULT_BODY_LIMIT, 1 << 20);
        let debug = format!("{config:?}");
        assert!(!debug.contains(SECRET), "{debug}");
        for vendor in VENDORS {
            assert!(debug.contains(vendor.id), "{debug}");
            let expected = match vendor.signing {
                Signing::Unsigned { .. } => "unsigned",
                Signing::Hmac(_) => "1 secret(s) (redacted)",
            };
            assert!(debug.contains(expected), "{debug}");
        }
        // Builders do not alter clones taken before them.
        let limited = config.clone().body_limit(10);
        assert_eq!(limited.max_body_bytes(), 10);
        assert_eq!(config.max_body_bytes(), DEFAULT_BODY_LIMIT);
    }

    #[test]
    fn rejection_statuses() {
        let verify = |error| WebhookRejection::Verify(error).status();
        // Every failure the request causes is unauthenticated.
        for error in [
            VerifyError::SignatureMismatch,
            VerifyError::MissingHeader("svix-id"),
            VerifyError::TimestampOutOfTolerance {
                timestamp: 0,
                now: 400,
                tolerance: 300,
            },
            VerifyError::MalformedHeader {
                name: "X-Hub-Signature-256",
                reason: "no entry with the expected prefix",
            },
        ] {
            assert_eq!(verify(error), StatusCode::UNAUTHORIZED);
        }
        // Configuration errors are the receiver's.
        for error in [
            VerifyError::InvalidSecret("x"),
            VerifyError::InvalidScheme("x"),
            VerifyError::Unsigned { advice: "x" },
        ] {
            assert_eq!(verify(error), StatusCode::INTERNAL_SERVER_ERROR);
        }
        assert_eq!(
            WebhookRejection::PayloadTooLarge { limit: 1 }.status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(
            WebhookRejection::Body("reset".into()).status(),
            StatusCode::BAD_REQUEST
        );
        let parse = ParseError::missing_member("event");
        assert_eq!(
            WebhookRejection::Parse(parse).status(),
            StatusCode::BAD_REQUEST
        );
        let rejection = WebhookRejection::NotConfigured { vendor: "moim" };
        assert_eq!(rejection.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let response = rejection.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    /// The key is the one each vendor's spec names: for a body key (`Field`), the event's
    /// `body_idempotency_key` is that member of every documented example; otherwise the body
    /// holds none.
    #[test]
    fn every_vendor_exposes_the_idempotency_key_its_spec_names() {
        for vendor in VENDORS {
            for info in vendor.events {
                let Some(example) = info.example else {
                    continue;
                };
                let headers: Vec<(&str, &[u8])> =
                    vendor.name_header_for(info).into_iter().collect();
                let event = vendor.parse_request(&headers, example.as_bytes()).unwrap();
                let json: serde_json::Value = serde_json::from_str(example).unwrap();
                let expected = match vendor.idempotency_key {
                    Some(IdempotencyKey::Field(field)) => json[field].as_str(),
                    _ => None,
                };
                assert_eq!(
                    event.body_idempotency_key(),
                    expected,
                    "{} {}",
                    vendor.id,
                    info.name
                );
            }
        }
    }
}
