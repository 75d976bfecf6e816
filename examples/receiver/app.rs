//! The receiver's router: `POST /webhooks/{vendor}` for every vendor compiled into hookspec
//! (`hookspec::VENDORS`), so a vendor added to the crate is received without an edit here.
//!
//! Shared by `examples/receiver.rs` (which logs what arrives) and `tests/receiver.rs` (which
//! checks it), so the end-to-end test exercises exactly the example's routes.
//!
//! Each request does the minimum a webhook receiver should do before answering:
//!
//! - an unknown vendor id is 404; `WebhookConfig::receive` reads the body within the limit and
//!   verifies it (413, 401, 500 for a vendor without a secret);
//! - a delivery that fits the spec goes to a worker through a bounded channel, answered 200 at
//!   once; when the worker falls behind (channel full) or is gone, 503, so the vendor retries;
//! - a verified delivery that does not fit the spec (the vendor changed a payload) is kept by
//!   the config's spool (`WebhookConfig::spool`: `hookspec::spool::FsSpool`, fsynced before
//!   the answer) and answered 200, so the vendor does not retry it into disabling the
//!   endpoint; when the spool is full, 503, and when it cannot be written, 500, so the vendor
//!   retries;
//! - the handler runs once per idempotency key (`hookspec::axum::once`): a delivery whose key
//!   was handled already is answered 200 without it, one whose key is being handled right
//!   now 409 (the vendor retries). Each call prints `handled <vendor> <event> <key>`.

use axum::Router;
use axum::extract::{FromRef, Path as RoutePath, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use hookspec::AnyEvent;
use hookspec::axum::{AnyDelivery, AnyWebhook, WebhookConfig, once};
use hookspec::verify::MatchedSecret;
use tokio::sync::mpsc::Sender;

/// One delivery that passed verification and parsing.
#[derive(Debug)]
pub struct Received {
    /// The vendor id (the route's last segment).
    pub vendor: &'static str,
    /// The typed event.
    pub event: AnyEvent,
    /// The key a retry of this delivery repeats, when the vendor gives one.
    pub idempotency_key: Option<String>,
    /// Which configured secret verified it (`None` for a vendor that does not sign).
    pub matched_secret: Option<MatchedSecret>,
}

/// The router's state: the webhook config (secrets, limit, clock, spool, key store) and the
/// worker's queue.
#[derive(Clone)]
pub struct AppState {
    config: WebhookConfig,
    events: Sender<Received>,
}

impl FromRef<AppState> for WebhookConfig {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}

/// One route for every compiled vendor, driven by the registry, its handler run once per
/// idempotency key. Deliveries that do not fit the spec go to `config`'s spool (give it one:
/// without, they reach the handler unkept and are answered 500).
pub fn router(config: WebhookConfig, events: Sender<Received>) -> Router {
    Router::new()
        .route("/webhooks/{vendor}", post(once(on_webhook)))
        .with_state(AppState { config, events })
}

async fn on_webhook(
    State(state): State<AppState>,
    RoutePath(vendor): RoutePath<String>,
    request: Request,
) -> Response {
    let Some(vendor) = hookspec::vendor(&vendor) else {
        return (StatusCode::NOT_FOUND, "no such vendor").into_response();
    };
    match state.config.receive(vendor, request).await {
        Err(rejection) => rejection.into_response(),
        Ok(AnyDelivery::Parsed(hook)) => enqueue(&state, hook).into_response(),
        Ok(AnyDelivery::Unparsed(unparsed)) => match unparsed.kept_as() {
            // Kept (and fsynced) by the spool before the handler got it.
            Some(id) => {
                eprintln!("kept {id}: {unparsed}");
                StatusCode::OK.into_response()
            }
            None => {
                eprintln!("no spool configured: cannot keep {unparsed}");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
    }
}

fn enqueue(state: &AppState, hook: AnyWebhook) -> StatusCode {
    let idempotency_key = hook.idempotency_key().map(str::to_owned);
    let matched_secret = hook.matched_secret().cloned();
    let vendor = hook.vendor().id;
    if !hook.drift().is_empty() {
        // Where the delivery drifted from its (`presence: tolerant`) spec: the members named
        // hold placeholders, not delivered values.
        let drift: Vec<String> = hook.drift().iter().map(ToString::to_string).collect();
        println!(
            "{vendor} {} parsed with drift: {}",
            hook.event().name(),
            drift.join(", ")
        );
    }
    // One line per handler call, so that "once per key" can be seen from outside.
    println!(
        "handled {vendor} {} {}",
        hook.event().name(),
        idempotency_key.as_deref().unwrap_or("-")
    );
    let received = Received {
        vendor,
        event: hook.into_event(),
        idempotency_key,
        matched_secret,
    };
    match state.events.try_send(received) {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}
