//! The receiver's router: `POST /webhooks/<vendor>` for MOIM, Gately, Memberstack and Duda,
//! and GitHub when the `github` feature is on.
//!
//! Shared by `examples/receiver.rs` (which logs what arrives) and `tests/receiver.rs` (which
//! checks it), so the end-to-end test exercises exactly the example's routes.
//!
//! Each handler does the minimum a webhook receiver should do before answering: the extractor
//! has verified and parsed the delivery; the handler hands the typed event to a worker through
//! a bounded channel and answers 200 at once. When the worker falls behind (channel full) or is
//! gone, it answers 503 so the vendor retries later.

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use hookspec::VendorEvent;
use hookspec::axum::{Webhook, WebhookConfig};
use hookspec::{AnyEvent, duda, gately, memberstack, moim};
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
}

/// The router's state: the webhook config (secrets, limit, clock) and the worker's queue.
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

/// The routes, one per vendor, each with its vendor's typed extractor.
pub fn router(config: WebhookConfig, events: Sender<Received>) -> Router {
    let router = Router::new()
        .route("/webhooks/moim", post(on_moim))
        .route("/webhooks/gately", post(on_gately))
        .route("/webhooks/memberstack", post(on_memberstack))
        .route("/webhooks/duda", post(on_duda));
    #[cfg(feature = "github")]
    let router = router.route("/webhooks/github", post(on_github));
    router.with_state(AppState { config, events })
}

async fn on_moim(State(state): State<AppState>, hook: Webhook<moim::Event>) -> StatusCode {
    enqueue(&state, hook, AnyEvent::Moim)
}

async fn on_gately(State(state): State<AppState>, hook: Webhook<gately::Event>) -> StatusCode {
    enqueue(&state, hook, AnyEvent::Gately)
}

async fn on_memberstack(
    State(state): State<AppState>,
    hook: Webhook<memberstack::Event>,
) -> StatusCode {
    enqueue(&state, hook, AnyEvent::Memberstack)
}

async fn on_duda(State(state): State<AppState>, hook: Webhook<duda::Event>) -> StatusCode {
    enqueue(&state, hook, AnyEvent::Duda)
}

/// GitHub names its events in the `X-GitHub-Event` header; the extractor reads it.
#[cfg(feature = "github")]
async fn on_github(
    State(state): State<AppState>,
    hook: Webhook<hookspec::github::Event>,
) -> StatusCode {
    enqueue(&state, hook, AnyEvent::Github)
}

fn enqueue<E: VendorEvent>(
    state: &AppState,
    hook: Webhook<E>,
    wrap: fn(E) -> AnyEvent,
) -> StatusCode {
    let idempotency_key = hook.idempotency_key().map(str::to_owned);
    let received = Received {
        vendor: E::VENDOR,
        event: wrap(hook.into_event()),
        idempotency_key,
    };
    match state.events.try_send(received) {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}
