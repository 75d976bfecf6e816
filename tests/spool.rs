//! The spool and once-per-key, end to end.
//!
//! - In process: what `FsSpool` writes reads back whole; a half-kept delivery is recognised; a
//!   full spool answers 503 and drops nothing; `once(handler)` runs a handler once per key under
//!   concurrent duplicates, and a failed or panicked handler releases its key.
//! - Killed: the example receiver's router runs in a child process (this test binary again,
//!   `child_receiver`), a burst of deliveries that do not fit the spec hits it, and it is
//!   killed with SIGKILL at a random moment (seeded; the seed is printed, and
//!   `HOOKSPEC_KILL_SEED` replays one): every delivery answered 2xx must be in the spool,
//!   complete and byte for byte, and must replay.
#![cfg(all(feature = "axum", feature = "spool"))]

#[path = "../examples/receiver/app.rs"]
#[allow(
    dead_code,
    reason = "the worker's fields are the example's to log; these tests drain them"
)]
mod app;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{FromRef, Path as RoutePath, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use hookspec::axum::{AnyDelivery, WebhookConfig, once};
use hookspec::spool::{FsSpool, KeptDelivery, Spool as _, SpoolError, archive, scan};
use hookspec::verify::{IdempotencyKey, KeyDerivation, Signing, TimestampUnit, Verified, sign};
use hookspec::{VENDORS, Vendor};

/// A test secret for a signing vendor, spelled as its scheme takes secrets.
fn secret(vendor: &Vendor) -> String {
    let raw = format!("{}-spool-secret", vendor.id);
    match vendor.signing {
        Signing::Hmac(scheme) => match scheme.key {
            KeyDerivation::Base64AfterPrefix(prefix) => format!(
                "{prefix}{}",
                base64::engine::general_purpose::STANDARD.encode(raw)
            ),
            _ => raw,
        },
        Signing::Unsigned { .. } => raw,
    }
}

/// Every compiled vendor configured (unsigned ones opted in), with the real clock.
fn config() -> WebhookConfig {
    VENDORS.iter().fold(WebhookConfig::new(), |config, vendor| {
        match vendor.signing {
            Signing::Unsigned { .. } => config.dangerously_accept_unsigned_vendor(vendor),
            Signing::Hmac(_) => config.vendor_secret(vendor, secret(vendor)),
        }
        .unwrap()
    })
}

/// The scheme's timestamp text now.
fn timestamp_now(vendor: &Vendor) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    match vendor.signing {
        Signing::Hmac(scheme) if scheme.timestamp_unit == TimestampUnit::Milliseconds => {
            now.as_millis().to_string()
        }
        _ => now.as_secs().to_string(),
    }
}

/// The headers the vendor sends with `body` now, with delivery id `id`, and its event-name
/// header when it names events in one.
fn vendor_headers(vendor: &Vendor, body: &[u8], id: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = vendor
        .name_header()
        .map(|name| (name.to_owned(), vendor.events[0].base_name.to_owned()))
        .into_iter()
        .collect();
    if let Signing::Hmac(_) = vendor.signing {
        let signed = sign(
            vendor.signing,
            &secret(vendor),
            body,
            Some(id),
            Some(&timestamp_now(vendor)),
        )
        .unwrap();
        headers.extend(
            signed
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value)),
        );
    }
    headers
}

/// A signing vendor (every test here signs what it sends).
fn signed_vendor() -> &'static Vendor {
    VENDORS
        .iter()
        .find(|vendor| matches!(vendor.signing, Signing::Hmac(_)))
        .expect("a signing vendor is compiled in")
}

/// A body no spec reads (not JSON), distinct per `n`, with bytes that are not UTF-8.
fn unfit_body(n: usize) -> Vec<u8> {
    let mut body = format!("delivery {n} is not JSON: ").into_bytes();
    body.extend([0, 0xff, 0xfe, b'\r', b'\n', b'"']);
    body.extend(n.to_string().bytes());
    body
}

/// A fresh directory.
fn scratch_dir(tag: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hookspec-spool-test-{tag}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::remove_dir_all(&dir).ok();
    dir
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .new_agent()
}

/// POSTs `body` with `headers`; the status, or `None` when no response arrived.
fn post_to(
    agent: &ureq::Agent,
    url: &str,
    body: &[u8],
    headers: &[(String, String)],
) -> Option<u16> {
    let mut request = agent.post(url).header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.send(body).ok()?;
    Some(response.status().as_u16())
}

/// A router served on a loopback port in this process.
struct Server {
    _runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
}

impl Server {
    fn start(router: Router) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move { axum::serve(listener, router).await });
        Self {
            _runtime: runtime,
            addr,
        }
    }

    fn url(&self, vendor: &Vendor) -> String {
        format!("http://{}/webhooks/{}", self.addr, vendor.id)
    }
}

/// The example's router with a spool in `dir` (`max` deliveries at most).
fn example_server(dir: &Path, max: Option<u64>) -> Server {
    let mut spool = FsSpool::open(dir).unwrap();
    if let Some(max) = max {
        spool = spool.max_deliveries(max);
    }
    let (events, mut queue) = tokio::sync::mpsc::channel(1024);
    let server = Server::start(app::router(config().spool(spool), events));
    server
        ._runtime
        .spawn(async move { while queue.recv().await.is_some() {} });
    server
}

#[test]
fn a_kept_delivery_reads_back_whole() {
    let dir = scratch_dir("round-trip");
    let vendor = signed_vendor();
    let server = example_server(&dir, None);
    let body = unfit_body(7);
    let mut headers = vendor_headers(vendor, &body, "msg_round_trip");
    headers.push(("X-Trace".to_owned(), "trace: 7".to_owned()));
    assert_eq!(
        post_to(&agent(), &server.url(vendor), &body, &headers),
        Some(200)
    );
    let listing = scan(&dir).unwrap();
    assert_eq!(listing.incomplete, Vec::<PathBuf>::new());
    let [stem] = listing.complete.try_into().unwrap();
    let kept = KeptDelivery::read(&stem).unwrap();
    assert_eq!(kept.body, body);
    assert_eq!(kept.vendor, vendor.id);
    assert!(kept.name().ends_with(&format!("-{}", vendor.id)));
    assert!(kept.error.contains("expected"), "{}", kept.error);
    // The kept headers: the trace and the event-name header, none of the signing ones.
    let names: BTreeSet<String> = kept
        .headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    assert!(names.contains("x-trace"), "{names:?}");
    assert!(
        kept.headers
            .contains(&("x-trace".to_owned(), "trace: 7".to_owned()))
    );
    if let Some(name) = vendor.name_header() {
        assert!(names.contains(&name.to_ascii_lowercase()), "{names:?}");
    }
    let Signing::Hmac(scheme) = vendor.signing else {
        unreachable!()
    };
    assert!(!names.contains(&scheme.signature_header.to_ascii_lowercase()));
    // The signing id is kept for the replay to sign again.
    assert_eq!(
        kept.signing_id.as_deref(),
        scheme.id_header.map(|_| "msg_round_trip")
    );
    // Any of the three files names it.
    for ext in ["json", "headers", "meta"] {
        let file = stem.with_file_name(format!("{}.{ext}", kept.name()));
        assert_eq!(KeptDelivery::read(&file).unwrap(), kept);
    }
    // The replay headers verify as the vendor's would.
    let replay = kept
        .replay_headers(Some(&secret(vendor)), &timestamp_now(vendor))
        .unwrap();
    let pairs = replay
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()));
    let verified = hookspec::verify::Unverified::new(&kept.body, pairs)
        .verify_now(vendor.signing, &secret(vendor))
        .unwrap();
    if scheme.id_header.is_some() {
        assert_eq!(verified.idempotency_key(), Some("msg_round_trip"));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_half_kept_delivery_is_reported_not_replayed() {
    let dir = scratch_dir("half");
    let spool = FsSpool::open(&dir).unwrap();
    let vendor = signed_vendor();
    let body = unfit_body(1);
    let Err(unparsed) = vendor.parse_or_keep(Verified::dangerously_skip_verification(body.clone()))
    else {
        panic!("a body that is not JSON parsed");
    };
    let whole = dir.join(spool.keep(&unparsed).unwrap());
    // What a receiver killed while keeping leaves: hidden partial files, a body without .meta.
    std::fs::write(
        dir.join(".20260101T000000000000Z-000009-x.json.partial"),
        b"{",
    )
    .unwrap();
    let name = whole.file_name().unwrap().to_str().unwrap();
    let half = dir.join(name.replace("-gately", "-half").replace(vendor.id, "half"));
    std::fs::copy(whole.with_file_name(format!("{name}.json")), {
        let mut path = half.clone().into_os_string();
        path.push(".json");
        path
    })
    .unwrap();
    let listing = scan(&dir).unwrap();
    assert_eq!(listing.complete, vec![whole.clone()]);
    assert_eq!(listing.incomplete, vec![half.clone()]);
    assert_eq!(listing.usage.deliveries, 1);
    let Err(SpoolError::Incomplete { reason, .. }) = KeptDelivery::read(&half) else {
        panic!("a stem without .meta read as complete");
    };
    assert!(reason.contains(".meta"), "{reason}");
    // A body cut short (or changed) after it was kept is not the one kept.
    let body_path = whole.with_file_name(format!("{name}.json"));
    std::fs::write(&body_path, &body[..body.len() - 1]).unwrap();
    let Err(SpoolError::Incomplete { reason, .. }) = KeptDelivery::read(&whole) else {
        panic!("a truncated body read as complete");
    };
    assert!(reason.contains("not the one kept"), "{reason}");
    std::fs::remove_dir_all(&dir).ok();
}

/// At its limit the spool answers 503 and keeps nothing more; moving a delivery out (what
/// `replay --archive` does) makes room again.
#[test]
fn a_full_spool_answers_503_and_drops_nothing() {
    let dir = scratch_dir("full");
    let vendor = signed_vendor();
    let server = example_server(&dir, Some(2));
    let agent = agent();
    let deliver = |n: usize| {
        let body = unfit_body(n);
        let headers = vendor_headers(vendor, &body, &format!("msg_full_{n}"));
        post_to(&agent, &server.url(vendor), &body, &headers)
    };
    assert_eq!(deliver(1), Some(200));
    assert_eq!(deliver(2), Some(200));
    assert_eq!(deliver(3), Some(503));
    assert_eq!(
        deliver(3),
        Some(503),
        "still full: the vendor retries later"
    );
    let listing = scan(&dir).unwrap();
    assert_eq!(listing.complete.len(), 2);
    let archived = scratch_dir("full-archive");
    archive(&listing.complete[0], &archived).unwrap();
    assert_eq!(deliver(3), Some(200));
    let bodies: BTreeSet<Vec<u8>> = scan(&dir)
        .unwrap()
        .complete
        .iter()
        .map(|stem| KeptDelivery::read(stem).unwrap().body)
        .collect();
    assert_eq!(bodies, BTreeSet::from([unfit_body(2), unfit_body(3)]));
    let archived_listing = scan(&archived).unwrap();
    assert_eq!(archived_listing.complete.len(), 1);
    assert_eq!(
        KeptDelivery::read(&archived_listing.complete[0])
            .unwrap()
            .body,
        unfit_body(1)
    );
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&archived).ok();
}

/// The vendors whose deliveries carry an idempotency key and have a documented example, each
/// with a function giving the body and headers of a delivery with key `key`.
fn keyed_deliveries() -> Vec<(&'static Vendor, &'static hookspec::EventInfo)> {
    VENDORS
        .iter()
        .filter(|vendor| matches!(vendor.signing, Signing::Hmac(_)))
        .filter(|vendor| vendor.idempotency_key.is_some())
        .filter_map(|vendor| {
            let info = vendor.events.iter().find(|info| info.example.is_some())?;
            Some((vendor, info))
        })
        .collect()
}

/// A documented example delivered with idempotency key `key`.
fn keyed(
    vendor: &'static Vendor,
    info: &hookspec::EventInfo,
    key: &str,
) -> (Vec<u8>, Vec<(String, String)>) {
    let example = info.example.unwrap();
    let mut json: serde_json::Value = serde_json::from_str(example).unwrap();
    let mut extra = Vec::new();
    let mut id = format!("msg_{key}");
    match vendor.idempotency_key.unwrap() {
        IdempotencyKey::Field(field) => json[field] = key.into(),
        IdempotencyKey::Header(name) => match vendor.signing {
            Signing::Hmac(scheme) if scheme.id_header == Some(name) => id = key.to_owned(),
            _ => extra.push((name.to_owned(), key.to_owned())),
        },
    }
    let body = serde_json::to_vec(&json).unwrap();
    let mut headers = vendor_headers(vendor, &body, &id);
    if let Some(name) = vendor.name_header() {
        headers.retain(|(header, _)| !header.eq_ignore_ascii_case(name));
        headers.push((name.to_owned(), info.base_name.to_owned()));
    }
    headers.extend(extra);
    (body, headers)
}

/// The slow test handler's state: the config and the calls per vendor and key.
#[derive(Clone)]
struct Counting {
    config: WebhookConfig,
    calls: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl FromRef<Counting> for WebhookConfig {
    fn from_ref(state: &Counting) -> Self {
        state.config.clone()
    }
}

/// Counts its calls per key and takes 150 ms; the first call for a key starting with `fail`
/// answers 500, for one starting with `panic` panics.
async fn slow_handler(
    State(state): State<Counting>,
    RoutePath(vendor): RoutePath<String>,
    request: Request,
) -> Response {
    let Some(vendor) = hookspec::vendor(&vendor) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let hook = match state.config.receive(vendor, request).await {
        Ok(AnyDelivery::Parsed(hook)) => hook,
        Ok(AnyDelivery::Unparsed(unparsed)) => {
            return (StatusCode::UNPROCESSABLE_ENTITY, unparsed.to_string()).into_response();
        }
        Err(rejection) => return rejection.into_response(),
    };
    let key = hook.idempotency_key().unwrap_or("-").to_owned();
    let call = {
        let mut calls = state.calls.lock().unwrap();
        let count = calls.entry(format!("{}/{key}", vendor.id)).or_default();
        *count += 1;
        *count
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    if call == 1 && key.starts_with("fail") {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if call == 1 && key.starts_with("panic") {
        panic!("the handler panicked (on purpose: the key must be released)");
    }
    StatusCode::OK.into_response()
}

/// Concurrent duplicates reach a slow handler once per key: the others are answered 409 while
/// it runs, then 200 without calling it once it is done. A handler that fails (500) or panics
/// releases its key: a retry runs it again, once.
#[test]
fn concurrent_duplicates_call_the_handler_once_per_key() {
    let deliveries = keyed_deliveries();
    assert!(
        !deliveries.is_empty(),
        "no vendor with a key and an example"
    );
    let calls: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let server = Server::start(
        Router::new()
            .route("/webhooks/{vendor}", post(once(slow_handler)))
            .with_state(Counting {
                config: config(),
                calls: Arc::clone(&calls),
            }),
    );
    const COPIES: usize = 4;
    let keys = ["ok-0", "ok-1", "ok-2", "fail-0", "panic-0"];
    let mut sends = Vec::new();
    for &(vendor, info) in &deliveries {
        for key in keys {
            let (body, headers) = keyed(vendor, info, key);
            for _ in 0..COPIES {
                sends.push((vendor, key, body.clone(), headers.clone()));
            }
        }
    }
    let barrier = Barrier::new(sends.len());
    let agent = agent();
    // All at once: the first of each key runs the handler, the others find it in flight.
    let first: Vec<(Option<u16>, &str)> = std::thread::scope(|scope| {
        let handles: Vec<_> = sends
            .iter()
            .map(|(vendor, key, body, headers)| {
                let (barrier, agent, url) = (&barrier, &agent, server.url(vendor));
                scope.spawn(move || {
                    barrier.wait();
                    (post_to(agent, &url, body, headers), *key)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    });
    let conflicts = first
        .iter()
        .filter(|(status, _)| *status == Some(409))
        .count();
    assert!(
        conflicts > 0,
        "no duplicate arrived while its key was in flight: {first:?}"
    );
    for (status, key) in &first {
        match *status {
            Some(200 | 409) => {}
            Some(500) => assert!(key.starts_with("fail"), "{key}: 500"),
            None => assert!(key.starts_with("panic"), "{key}: no answer"),
            other => panic!("{key}: {other:?}"),
        }
    }
    // The vendor retries whatever was not answered 2xx, until it is.
    for (vendor, key, body, headers) in &sends {
        let mut tries = 0;
        loop {
            match post_to(&agent, &server.url(vendor), body, headers) {
                Some(200) => break,
                status => {
                    tries += 1;
                    assert!(tries < 50, "{} {key}: still {status:?}", vendor.id);
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
    let calls = calls.lock().unwrap().clone();
    for (vendor, _) in &deliveries {
        for key in keys {
            let expected = if key.starts_with("ok") { 1 } else { 2 };
            assert_eq!(
                calls.get(&format!("{}/{key}", vendor.id)),
                Some(&expected),
                "{} {key}: {calls:?}",
                vendor.id
            );
        }
    }
    assert_eq!(calls.len(), deliveries.len() * keys.len(), "{calls:?}");
}

// ---------------------------------------------------------------------------------------------
// Killed with SIGKILL.

/// The child's spool directory: set, this test binary is the child receiver.
const CHILD_SPOOL: &str = "HOOKSPEC_TEST_CHILD_SPOOL";

/// Not a test of its own: the receiver the kill tests start, in a child process (it returns at
/// once unless `HOOKSPEC_TEST_CHILD_SPOOL` is set). Serves the example's router with every
/// vendor's test secret and a spool, prints `listening <addr>`, and runs until killed.
#[test]
fn child_receiver() {
    let Some(dir) = std::env::var_os(CHILD_SPOOL) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let (events, mut queue) = tokio::sync::mpsc::channel(1 << 16);
        tokio::spawn(async move { while queue.recv().await.is_some() {} });
        let config = config().spool(FsSpool::open(PathBuf::from(dir)).unwrap());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("listening {}", listener.local_addr().unwrap());
        axum::serve(listener, app::router(config, events))
            .await
            .unwrap();
    });
}

/// The example's router in a child process, its stdout lines on a channel.
struct Child {
    process: std::process::Child,
    addr: SocketAddr,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Child {
    fn start(spool: &Path) -> Self {
        let mut process = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_receiver",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_SPOOL, spool)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = process.stdout.take().unwrap();
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        let addr = loop {
            let line = lines
                .recv_timeout(Duration::from_secs(20))
                .expect("the child receiver did not start");
            // The harness's `test child_receiver ... ` has no newline: the line ends with it.
            if let Some((_, addr)) = line.split_once("listening ") {
                break addr.trim().parse().unwrap();
            }
        };
        Self {
            process,
            addr,
            lines,
        }
    }

    fn url(&self, vendor: &Vendor) -> String {
        format!("http://{}/webhooks/{}", self.addr, vendor.id)
    }

    /// SIGKILL (what `Child::kill` sends on unix), then reaps it.
    fn kill(mut self) {
        self.process.kill().unwrap();
        self.process.wait().unwrap();
    }
}

/// A small seeded generator (xorshift64*), so that a failing kill moment can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
    }
}

/// A burst of deliveries that do not fit the spec, from 8 threads, and SIGKILL at a random
/// moment in it: every delivery answered 2xx is in the spool, complete, byte for byte, and
/// replays to a fresh receiver (signed anew), which keeps it again. Three kill moments.
#[cfg(unix)]
#[test]
fn every_delivery_answered_2xx_survives_sigkill() {
    let seed = std::env::var("HOOKSPEC_KILL_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("kill seed {seed} (HOOKSPEC_KILL_SEED={seed} replays these kill moments)");
    let mut rng = Rng(seed);
    let vendor = signed_vendor();
    for round in 0..3 {
        let dir = scratch_dir("kill");
        let child = Child::start(&dir);
        let url = child.url(vendor);
        let stop = AtomicBool::new(false);
        let accepted: Mutex<Vec<usize>> = Mutex::default();
        let sent = AtomicUsize::new(0);
        let kill_after = Duration::from_millis(50 + rng.below(400));
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let (stop, accepted, sent, url) = (&stop, &accepted, &sent, &url);
                scope.spawn(move || {
                    let agent = agent();
                    for i in 0..400 {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let n = thread * 1000 + i;
                        let body = unfit_body(n);
                        let headers = vendor_headers(vendor, &body, &format!("msg_kill_{n}"));
                        sent.fetch_add(1, Ordering::Relaxed);
                        match post_to(&agent, url, &body, &headers) {
                            Some(status) if (200..300).contains(&status) => {
                                accepted.lock().unwrap().push(n);
                            }
                            // The connection died with the receiver, or it refused: never 2xx.
                            _ => {
                                if stop.load(Ordering::Relaxed) {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
            std::thread::sleep(kill_after);
            child.kill();
            stop.store(true, Ordering::Relaxed);
        });
        let accepted = accepted.into_inner().unwrap();
        let sent = sent.into_inner();
        let listing = scan(&dir).unwrap();
        println!(
            "round {round}: killed after {kill_after:?}: {sent} sent, {} answered 2xx, {} kept \
             complete, {} incomplete",
            accepted.len(),
            listing.complete.len(),
            listing.incomplete.len()
        );
        assert!(!accepted.is_empty(), "nothing was answered before the kill");
        let kept: BTreeMap<Vec<u8>, KeptDelivery> = listing
            .complete
            .iter()
            .map(|stem| {
                let kept = KeptDelivery::read(stem).unwrap_or_else(|error| {
                    panic!("seed {seed}: a complete stem does not read: {error}")
                });
                (kept.body.clone(), kept)
            })
            .collect();
        assert_eq!(kept.len(), listing.complete.len(), "a body kept twice");
        for n in &accepted {
            assert!(
                kept.contains_key(&unfit_body(*n)),
                "seed {seed}, round {round}: delivery {n} was answered 2xx but is not in the spool"
            );
        }
        // Replays: each kept delivery, signed anew with its kept headers, is accepted (and
        // kept again, byte for byte) by a fresh receiver.
        let again = scratch_dir("kill-replayed");
        let fresh = Child::start(&again);
        let agent = agent();
        for delivery in kept.values() {
            let headers = delivery
                .replay_headers(Some(&secret(vendor)), &timestamp_now(vendor))
                .unwrap();
            assert_eq!(
                post_to(&agent, &fresh.url(vendor), &delivery.body, &headers),
                Some(200),
                "{}",
                delivery.name()
            );
        }
        let replayed: BTreeSet<Vec<u8>> = scan(&again)
            .unwrap()
            .complete
            .iter()
            .map(|stem| KeptDelivery::read(stem).unwrap().body)
            .collect();
        assert_eq!(replayed, kept.keys().cloned().collect());
        fresh.kill();
        std::fs::remove_dir_all(&dir).ok();
        std::fs::remove_dir_all(&again).ok();
    }
}

/// Duplicates of deliveries that fit, some concurrent, sent to the example receiver in a child
/// process: its `handled <vendor> <event> <key>` lines show one handler call per key.
#[cfg(unix)]
#[test]
fn the_example_handles_each_key_once() {
    let deliveries = keyed_deliveries();
    let dir = scratch_dir("dup");
    let child = Child::start(&dir);
    let agent = agent();
    let mut sends = Vec::new();
    for &(vendor, info) in &deliveries {
        for k in 0..10 {
            let key = format!("dup-{k}");
            let (body, headers) = keyed(vendor, info, &key);
            for _ in 0..3 {
                sends.push((vendor, key.clone(), body.clone(), headers.clone()));
            }
        }
    }
    let barrier = Barrier::new(sends.len());
    std::thread::scope(|scope| {
        for (vendor, key, body, headers) in &sends {
            let (barrier, agent, url) = (&barrier, &agent, child.url(vendor));
            scope.spawn(move || {
                barrier.wait();
                // Retried as the vendor would, until answered 2xx.
                for _ in 0..50 {
                    if post_to(agent, &url, body, headers) == Some(200) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                panic!("{} {key}: never answered 200", vendor.id);
            });
        }
    });
    // Every response has arrived, and the handler prints before it answers.
    std::thread::sleep(Duration::from_millis(200));
    let mut handled: BTreeMap<String, usize> = BTreeMap::new();
    while let Ok(line) = child.lines.try_recv() {
        if let Some(rest) = line.strip_prefix("handled ") {
            let fields: Vec<&str> = rest.split(' ').collect();
            let [vendor, _event, key] = fields[..] else {
                panic!("not `handled <vendor> <event> <key>`: {line}");
            };
            *handled.entry(format!("{vendor}/{key}")).or_default() += 1;
        }
    }
    child.kill();
    let expected: BTreeMap<String, usize> = deliveries
        .iter()
        .flat_map(|(vendor, _)| (0..10).map(move |k| (format!("{}/dup-{k}", vendor.id), 1)))
        .collect();
    assert_eq!(handled, expected);
    std::fs::remove_dir_all(&dir).ok();
}
