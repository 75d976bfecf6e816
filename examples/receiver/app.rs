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
//! - a verified delivery that does not fit the spec (the vendor changed a payload) is written
//!   to the unparsed directory by [`keep_unparsed`] and answered 200, so the vendor does not
//!   retry it into disabling the endpoint; if it cannot be written, 500, so the vendor does.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRef, Path as RoutePath, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use hookspec::AnyEvent;
use hookspec::axum::{AnyDelivery, AnyWebhook, WebhookConfig};
use hookspec::verify::{MatchedSecret, Signing, Unparsed};
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

/// The router's state: the webhook config (secrets, limit, clock), the worker's queue and
/// where deliveries that do not fit the spec are kept.
#[derive(Clone)]
pub struct AppState {
    config: WebhookConfig,
    events: Sender<Received>,
    unparsed_dir: Arc<Path>,
}

impl FromRef<AppState> for WebhookConfig {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}

/// One route for every compiled vendor, driven by the registry.
pub fn router(
    config: WebhookConfig,
    events: Sender<Received>,
    unparsed_dir: impl Into<PathBuf>,
) -> Router {
    let unparsed_dir = Arc::from(unparsed_dir.into());
    Router::new()
        .route("/webhooks/{vendor}", post(on_webhook))
        .with_state(AppState {
            config,
            events,
            unparsed_dir,
        })
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
        Ok(AnyDelivery::Unparsed(unparsed)) => {
            let dir = Arc::clone(&state.unparsed_dir);
            // File writes block: off the async workers.
            let kept = tokio::task::spawn_blocking(move || {
                keep_unparsed(&dir, &unparsed).map(|path| (path, unparsed))
            })
            .await;
            match kept {
                Ok(Ok((path, unparsed))) => {
                    eprintln!("kept {}.json: {unparsed}", path.display());
                    StatusCode::OK.into_response()
                }
                Ok(Err(error)) => {
                    eprintln!("cannot keep a {} delivery: {error}", vendor.id);
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        }
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

/// Headers not worth replaying: the transport's own, and those `hookspec send` sets itself
/// (it signs anew, so the scheme's signing headers are left out too).
const NOT_REPLAYED: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "expect",
    "content-type",
    "user-agent",
];

/// Writes `unparsed` to `dir` (created if needed) as two files with a common stem
/// `<UTC time>-<vendor>` (a `-2`, `-3`... suffix if that exists): `<stem>.json`, the body byte
/// for byte, and `<stem>.headers`, one `Name: value` line per header worth replaying (every
/// header but the transport's, `Content-Type`, `User-Agent` and the scheme's signing headers;
/// values that are not UTF-8 are left out). Returns `dir/<stem>`.
///
/// Replay a kept delivery, once the spec reads it, with the CLI, which signs it anew:
///
/// ```text
/// f=/tmp/hookspec-unparsed/20261114T221320.123456Z-gately
/// args=(); while IFS= read -r line; do args+=(--header "$line"); done < "$f.headers"
/// hookspec send gately --body "$f.json" "${args[@]}" \
///     --to http://127.0.0.1:3000/webhooks/gately --secret "$GATELY_SECRET"
/// ```
pub fn keep_unparsed(dir: &Path, unparsed: &Unparsed) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let vendor = hookspec::vendor(unparsed.vendor());
    let signing_headers: Vec<&str> = match vendor.map(|vendor| vendor.signing) {
        Some(Signing::Hmac(scheme)) => [
            Some(scheme.signature_header),
            scheme.id_header,
            scheme.timestamp_header,
        ]
        .into_iter()
        .flatten()
        .collect(),
        _ => Vec::new(),
    };
    let stamp = hookspec::jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S%.6fZ");
    let (stem, mut body) = create_new(dir, &format!("{stamp}-{}", unparsed.vendor()))?;
    body.write_all(unparsed.body())?;
    body.sync_all()?;

    let mut headers = String::new();
    for (name, value) in unparsed.headers() {
        let skip = NOT_REPLAYED
            .iter()
            .chain(&signing_headers)
            .any(|skipped| skipped.eq_ignore_ascii_case(name));
        if let (false, Ok(value)) = (skip, std::str::from_utf8(value)) {
            headers.push_str(&format!("{name}: {value}\n"));
        }
    }
    let mut file = File::create(suffixed(&stem, ".headers"))?;
    file.write_all(headers.as_bytes())?;
    file.sync_all()?;
    Ok(stem)
}

/// Creates `dir/<stem>.json` (or `<stem>-2.json`, ...) without overwriting anything; the stem
/// path and the file.
fn create_new(dir: &Path, stem: &str) -> io::Result<(PathBuf, File)> {
    for attempt in 1..100 {
        let stem = match attempt {
            1 => dir.join(stem),
            n => dir.join(format!("{stem}-{n}")),
        };
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(suffixed(&stem, ".json"))
        {
            Ok(file) => return Ok((stem, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{stem}: too many deliveries with the same stamp"),
    ))
}

/// `stem` with `suffix` appended (the stem's own dots, as in the time stamp, are kept).
pub fn suffixed(stem: &Path, suffix: &str) -> PathBuf {
    let mut path = stem.as_os_str().to_owned();
    path.push(suffix);
    PathBuf::from(path)
}
