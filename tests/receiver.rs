//! End to end: the receiver example's router (`examples/receiver/app.rs`) served on a loopback
//! port, exercised with real HTTP requests.
//!
//! The handlers queue each event before answering, so once a response has arrived its event (if
//! any) is already in the queue: `try_recv` right after the response is exact, no waiting.
#![cfg(feature = "axum")]

#[path = "../examples/receiver/app.rs"]
mod app;
mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use app::Received;
use axum::Router;
use axum::extract::{FromRef, Path as RoutePath, Request, State};
use axum::http::StatusCode;
use axum::routing::post;
use base64::Engine as _;
use hookspec::axum::{AnyDelivery, DEFAULT_BODY_LIMIT, VerifiedBody, WebhookConfig};
use hookspec::spool::{FsSpool, Spool as _};
use hookspec::verify::{
    IdempotencyKey, KeyDerivation, Signing, TimestampUnit, Unparsed, Verified, sign,
};
use hookspec::{VENDORS, Vendor};
use serde_json::Value;
use tokio::sync::mpsc;

/// The receiver's clock: 2023-11-14T22:13:20Z.
const NOW: u64 = 1_700_000_000;

/// A test secret for a signing vendor, spelled as its scheme takes secrets (base64 after the
/// prefix for Svix-style `whsec_` secrets, plain text otherwise); `tag` tells secrets apart.
fn test_secret(vendor: &Vendor, tag: &str) -> String {
    let Signing::Hmac(scheme) = vendor.signing else {
        panic!("{} does not sign", vendor.id);
    };
    let raw = format!("{}-{tag}-secret", vendor.id);
    match scheme.key {
        KeyDerivation::Utf8 | KeyDerivation::Utf8OrBase64 => raw,
        KeyDerivation::Base64AfterPrefix(prefix) => {
            format!(
                "{prefix}{}",
                base64::engine::general_purpose::STANDARD.encode(raw)
            )
        }
    }
}

fn secret(vendor: &Vendor) -> String {
    test_secret(vendor, "e2e")
}

fn vendor(id: &str) -> &'static Vendor {
    hookspec::vendor(id).unwrap()
}

fn signed_vendors() -> impl Iterator<Item = &'static Vendor> {
    VENDORS
        .iter()
        .filter(|vendor| matches!(vendor.signing, Signing::Hmac(_)))
}

/// Every compiled vendor configured (unsigned ones opted in), the clock fixed at `NOW`.
fn full_config() -> WebhookConfig {
    VENDORS
        .iter()
        .fold(WebhookConfig::new(), |config, vendor| {
            match vendor.signing {
                Signing::Unsigned { .. } => config.dangerously_accept_unsigned_vendor(vendor),
                Signing::Hmac(_) => config.vendor_secret(vendor, secret(vendor)),
            }
            .unwrap()
        })
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW))
}

/// The scheme's timestamp text at `NOW`.
fn timestamp_now(vendor: &Vendor) -> String {
    match vendor.signing {
        Signing::Hmac(scheme) if scheme.timestamp_unit == TimestampUnit::Milliseconds => {
            (NOW * 1000).to_string()
        }
        _ => NOW.to_string(),
    }
}

/// The headers the vendor would send with `body` at `NOW`, signed with `secret`.
fn signed_with(vendor: &Vendor, secret: &str, body: &[u8], id: &str) -> Vec<(String, String)> {
    if let Signing::Unsigned { .. } = vendor.signing {
        return Vec::new();
    }
    sign(
        vendor.signing,
        secret,
        body,
        Some(id),
        Some(&timestamp_now(vendor)),
    )
    .unwrap()
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect()
}

/// The headers the vendor would send with `body` at `NOW` (none for an unsigned vendor).
fn signed_headers(vendor: &Vendor, body: &[u8], id: &str) -> Vec<(String, String)> {
    match vendor.signing {
        Signing::Unsigned { .. } => Vec::new(),
        Signing::Hmac(_) => signed_with(vendor, &secret(vendor), body, id),
    }
}

/// Removes the files in `dir` (the spool keeps its directory).
fn empty_dir(dir: &std::path::Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
}

/// `stem` with `suffix` appended (a kept delivery's file).
fn suffixed(stem: &std::path::Path, suffix: &str) -> PathBuf {
    let mut path = stem.as_os_str().to_owned();
    path.push(suffix);
    PathBuf::from(path)
}

/// A fresh directory for one server's unparsed deliveries.
fn scratch_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hookspec-receiver-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::remove_dir_all(&dir).ok();
    dir
}

/// The example's router on a loopback port, with the worker's queue in the test's hands.
struct Server {
    // Dropping the runtime stops the server.
    _runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
    agent: ureq::Agent,
    events: mpsc::Receiver<Received>,
    /// Where the example's router keeps deliveries that do not fit the spec.
    unparsed_dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.unparsed_dir).ok();
    }
}

impl Server {
    fn start(config: WebhookConfig) -> Self {
        let (events_in, events) = mpsc::channel(16);
        let dir = scratch_dir();
        let config = config.spool(FsSpool::open(&dir).unwrap());
        Self::serve(app::router(config, events_in), events, dir)
    }

    fn serve(router: Router, events: mpsc::Receiver<Received>, unparsed_dir: PathBuf) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        // Bound before the server task exists: connections queue until it accepts them.
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(async move { axum::serve(listener, router).await });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .new_agent();
        Self {
            _runtime: runtime,
            addr,
            agent,
            events,
            unparsed_dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs `body` to `path` with `headers`; the status and the response text.
    fn post<N: AsRef<str>, V: AsRef<str>>(
        &self,
        path: &str,
        body: &[u8],
        headers: &[(N, V)],
    ) -> (u16, String) {
        let mut request = self
            .agent
            .post(self.url(path))
            .header("content-type", "application/json");
        for (name, value) in headers {
            request = request.header(name.as_ref(), value.as_ref());
        }
        let response = request.send(body).unwrap();
        let status = response.status().as_u16();
        (status, response.into_body().read_to_string().unwrap())
    }

    /// POSTs to `/webhooks/<vendor>`.
    fn deliver<N: AsRef<str>, V: AsRef<str>>(
        &self,
        vendor: &Vendor,
        body: &[u8],
        headers: &[(N, V)],
    ) -> (u16, String) {
        self.post(&format!("/webhooks/{}", vendor.id), body, headers)
    }

    /// The event queued by the last accepted delivery.
    fn received(&mut self) -> Received {
        self.events
            .try_recv()
            .expect("an accepted delivery queues its event before answering")
    }

    fn assert_nothing_received(&mut self) {
        if let Ok(received) = self.events.try_recv() {
            panic!("unexpected event: {received:?}");
        }
        assert_eq!(
            self.kept(),
            Vec::<PathBuf>::new(),
            "unexpected kept deliveries"
        );
    }

    /// The stems of the deliveries the example kept as not fitting the spec, oldest first.
    fn kept(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(&self.unparsed_dir) else {
            return Vec::new();
        };
        let mut stems: Vec<PathBuf> = entries
            .map(|entry| entry.unwrap().path())
            .filter_map(|path| {
                let name = path.to_str()?.strip_suffix(".json")?.to_owned();
                Some(PathBuf::from(name))
            })
            .collect();
        stems.sort();
        stems
    }

    /// Forgets whatever the last accepted delivery left: its queued event or its kept files.
    fn forget_accepted(&mut self) {
        while self.events.try_recv().is_ok() {}
        empty_dir(&self.unparsed_dir);
    }
}

/// A delivery to try a vendor's route with, and the event name it is delivered under.
struct Sample {
    body: &'static [u8],
    name: &'static str,
}

/// The vendor's shortest documented example; for a vendor without documented examples (an
/// imported spec such as GitHub's), `{}` under its first event's name, which verifies and is
/// then kept as not fitting the spec.
fn sample(vendor: &Vendor) -> Sample {
    let shortest = vendor
        .events
        .iter()
        .filter_map(|info| Some((info.example?, info.base_name)))
        .min_by_key(|(example, _)| example.len());
    match shortest {
        Some((example, name)) => Sample {
            body: example.as_bytes(),
            name,
        },
        None => Sample {
            body: b"{}",
            name: vendor
                .events
                .first()
                .map_or("unknown", |info| info.base_name),
        },
    }
}

/// The header that names the event, for vendors that name events in a header (GitHub's
/// `X-GitHub-Event`); none for the others. Vendors do not sign it.
fn name_headers(vendor: &Vendor, name: &str) -> Vec<(String, String)> {
    vendor
        .name_header()
        .map(|header| (header.to_owned(), name.to_owned()))
        .into_iter()
        .collect()
}

fn shortest_example(vendor: &Vendor) -> &'static [u8] {
    sample(vendor).body
}

/// Vendors with documented examples, for tests that need a body the spec reads.
fn documented_vendors() -> impl Iterator<Item = &'static Vendor> {
    VENDORS
        .iter()
        .filter(|vendor| vendor.events.iter().any(|info| info.example.is_some()))
}

/// A signing vendor with documented examples, for tests of one receiver-wide behaviour.
fn a_signed_documented_vendor() -> Option<&'static Vendor> {
    signed_vendors().find(|vendor| documented_vendors().any(|other| other.id == vendor.id))
}

#[test]
fn every_documented_example_arrives_as_its_typed_event() {
    let mut server = Server::start(full_config());
    let mut delivered = 0;
    for vendor in VENDORS {
        // The example routes every compiled vendor: unsigned, its route answers 401 (an
        // unsigned vendor's `{}` is kept as not fitting: 200), never 404.
        let none: [(&str, &str); 0] = [];
        let (status, text) = server.deliver(vendor, b"{}", &none);
        assert_ne!(status, 404, "{} has no route: {text}", vendor.id);
        server.forget_accepted();
        for (i, info) in vendor.events.iter().enumerate() {
            let Some(example) = info.example else {
                continue;
            };
            let id = format!("msg_e2e_{}_{i}", vendor.id);
            let mut headers = signed_headers(vendor, example.as_bytes(), &id);
            headers.extend(name_headers(vendor, info.base_name));
            // A delivery id the signature does not cover (GitHub's `X-GitHub-Delivery`).
            if let Some(IdempotencyKey::Header(name)) = vendor.idempotency_key
                && !headers
                    .iter()
                    .any(|(sent, _)| sent.eq_ignore_ascii_case(name))
            {
                headers.push((name.to_owned(), id.clone()));
            }
            let (status, text) = server.deliver(vendor, example.as_bytes(), &headers);
            assert_eq!(status, 200, "{} {}: {text}", vendor.id, info.name);

            let received = server.received();
            assert_eq!(received.vendor, vendor.id);
            assert!(received.event.is_known(), "{} {}", vendor.id, info.name);
            let expected_secret = match vendor.signing {
                Signing::Hmac(_) => Some(0),
                Signing::Unsigned { .. } => None,
            };
            let matched = received.matched_secret.as_ref().map(|m| m.index());
            assert_eq!(matched, expected_secret, "{}", vendor.id);
            assert_eq!(received.event.info(), Some(info));
            // The right variant with every field in place: it serializes back to the example.
            let sent: Value = serde_json::from_str(example).unwrap();
            assert_eq!(serde_json::to_value(&received.event).unwrap(), sent);

            let expected_key = match vendor.idempotency_key {
                Some(IdempotencyKey::Header(_)) => Some(id),
                Some(IdempotencyKey::Field(field)) => sent[field].as_str().map(str::to_owned),
                None => None,
            };
            assert_eq!(received.idempotency_key, expected_key, "{}", vendor.id);
            delivered += 1;
        }
    }
    let documented: usize = VENDORS
        .iter()
        .flat_map(|vendor| vendor.events)
        .filter(|info| info.example.is_some())
        .count();
    assert_eq!(delivered, documented);
    server.assert_nothing_received();
}

#[cfg(feature = "gately")]
#[test]
fn typed_fields_reach_the_handler() {
    use hookspec::{AnyEvent, gately};
    let mut server = Server::start(full_config());
    let body = br#"{"id": "evt_9", "event": "payment.failed", "created_at": "2024-01-15T10:00:00Z",
        "project_id": "proj_abc", "data": {"id": "pay_9", "member_id": "mem_1", "amount": 4200,
        "currency": "eur", "error_code": "expired_card", "error_message": "Expired.",
        "failed_at": "2024-01-15T10:00:00Z"}}"#;
    let gately = vendor("gately");
    let (status, _) = server.deliver(gately, body, &signed_headers(gately, body, "unused"));
    assert_eq!(status, 200);
    let received = server.received();
    let AnyEvent::Gately(gately::Event::PaymentFailed(failed)) = received.event else {
        panic!("not a Gately payment.failed: {:?}", received.event);
    };
    assert_eq!(
        (failed.data.amount, failed.data.currency.as_str()),
        (4200, "eur")
    );
    assert_eq!(received.idempotency_key.as_deref(), Some("evt_9"));
}

#[test]
fn every_tampered_body_byte_is_401() {
    let mut server = Server::start(full_config());
    for vendor in signed_vendors() {
        let Sample { body, name } = sample(vendor);
        let mut headers = signed_headers(vendor, body, "msg_tamper");
        headers.extend(name_headers(vendor, name));
        assert_eq!(server.deliver(vendor, body, &headers).0, 200);
        server.forget_accepted();
        for i in 0..body.len() {
            let mut tampered = body.to_vec();
            tampered[i] ^= 0x01;
            let (status, text) = server.deliver(vendor, &tampered, &headers);
            assert_eq!(status, 401, "{} byte {i}: {text}", vendor.id);
            assert!(text.contains("signature mismatch"), "{text}");
        }
        let mut longer = body.to_vec();
        longer.push(b' ');
        assert_eq!(server.deliver(vendor, &longer, &headers).0, 401);
        assert_eq!(
            server.deliver(vendor, &body[..body.len() - 1], &headers).0,
            401
        );
        assert_eq!(server.deliver(vendor, b"", &headers).0, 401);
    }
    server.assert_nothing_received();
}

#[test]
fn tampered_signing_headers_never_pass() {
    let mut server = Server::start(full_config());
    for vendor in signed_vendors() {
        let Sample { body, name: event } = sample(vendor);
        let names = name_headers(vendor, event);
        let headers = signed_headers(vendor, body, "msg_p5jXN8AQM9LWM0D4loKWxJek");
        for (h, (name, value)) in headers.iter().enumerate() {
            for i in 0..value.len() {
                let mut tampered = value.clone().into_bytes();
                // Same character class, so the header stays well-formed where it can.
                tampered[i] = match tampered[i] {
                    b'0' => b'1',
                    b'1'..=b'9' => b'0',
                    b'a' => b'b',
                    b'A' => b'B',
                    c if c.is_ascii_alphabetic() => b'a',
                    _ => b'A',
                };
                let mut changed = headers.clone();
                changed[h].1 = String::from_utf8(tampered).unwrap();
                changed.extend(names.iter().cloned());
                let (status, text) = server.deliver(vendor, body, &changed);
                // A mismatch, a timestamp moved out of the window, a broken prefix or
                // encoding: all unauthenticated.
                assert_eq!(status, 401, "{} {name} char {i}: {text}", vendor.id);
            }
        }
        // A signature made with another secret.
        let mut wrong = signed_with(vendor, &test_secret(vendor, "other"), body, "msg_other");
        wrong.extend(names.iter().cloned());
        let (status, text) = server.deliver(vendor, body, &wrong);
        assert_eq!(status, 401, "{}: {text}", vendor.id);
        assert!(text.contains("signature mismatch"), "{text}");
    }
    server.assert_nothing_received();
}

#[test]
fn timestamps_outside_the_replay_window_are_401() {
    let mut server = Server::start(full_config());
    for vendor in signed_vendors() {
        let Signing::Hmac(scheme) = vendor.signing else {
            unreachable!()
        };
        let Some(tolerance) = scheme.tolerance_seconds else {
            continue;
        };
        let Sample { body, name } = sample(vendor);
        let per_unit = match scheme.timestamp_unit {
            TimestampUnit::Seconds => 1,
            TimestampUnit::Milliseconds => 1000,
        };
        for (offset, accepted) in [(0, true), (tolerance, true), (tolerance + 1, false)] {
            for timestamp in [NOW + offset, NOW - offset] {
                let mut headers: Vec<(String, String)> = sign(
                    vendor.signing,
                    &secret(vendor),
                    body,
                    Some("msg_window"),
                    Some(&(timestamp * per_unit).to_string()),
                )
                .unwrap()
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect();
                headers.extend(name_headers(vendor, name));
                let (status, text) = server.deliver(vendor, body, &headers);
                if accepted {
                    assert_eq!(status, 200, "{} {timestamp}: {text}", vendor.id);
                    server.forget_accepted();
                } else {
                    assert_eq!(status, 401, "{} {timestamp}: {text}", vendor.id);
                    assert!(text.contains("away from now"), "{text}");
                }
            }
        }
    }
    server.assert_nothing_received();
}

#[test]
fn missing_signing_headers_are_401() {
    let mut server = Server::start(full_config());
    for vendor in signed_vendors() {
        let Sample { body, name: event } = sample(vendor);
        let names = name_headers(vendor, event);
        let headers = signed_headers(vendor, body, "msg_missing");
        for skip in 0..headers.len() {
            let mut partial = headers.clone();
            let (name, _) = partial.remove(skip);
            partial.extend(names.iter().cloned());
            let (status, text) = server.deliver(vendor, body, &partial);
            assert_eq!(status, 401, "{} without {name}: {text}", vendor.id);
            assert!(text.contains("missing header"), "{text}");
        }
        assert_eq!(server.deliver(vendor, body, &names).0, 401);
    }
    server.assert_nothing_received();
}

/// Malformed signing headers are a verification failure like any other: 401, never 400. For
/// every signing vendor: the signature without its prefix (`sha256=`, `v1,`), a signature
/// that is not validly encoded, every signing header twice (even with both copies right), a
/// header that is not UTF-8, and a timestamp that is not a number.
#[test]
fn malformed_signing_headers_are_401() {
    let mut server = Server::start(full_config());
    let mut checked_missing_prefix = 0;
    for vendor in signed_vendors() {
        let Signing::Hmac(scheme) = vendor.signing else {
            unreachable!()
        };
        let Sample { body, name } = sample(vendor);
        let names = name_headers(vendor, name);
        let good = signed_headers(vendor, body, "msg_malformed");
        let with = |changed: Vec<(String, String)>| {
            let mut all = changed;
            all.extend(names.iter().cloned());
            all
        };
        let signature = good
            .iter()
            .position(|(name, _)| name.eq_ignore_ascii_case(scheme.signature_header))
            .unwrap();
        let mut cases: Vec<(String, Vec<(String, String)>)> = Vec::new();
        if !scheme.entry_prefix.is_empty() {
            let mut bare = good.clone();
            bare[signature].1 = bare[signature].1.replace(scheme.entry_prefix, "");
            cases.push(("missing prefix".into(), with(bare)));
            checked_missing_prefix += 1;
        }
        let mut garbled = good.clone();
        garbled[signature].1 = format!("{}%%not-encoded%%", scheme.entry_prefix);
        cases.push(("not encoded".into(), with(garbled)));
        for (h, header) in good.iter().enumerate() {
            let mut twice = good.clone();
            twice.insert(h, header.clone());
            cases.push((format!("{} twice", header.0), with(twice)));
        }
        if let Some(timestamp) = scheme.timestamp_header {
            let mut yesterday = good.clone();
            for (name, value) in &mut yesterday {
                if name.eq_ignore_ascii_case(timestamp) {
                    *value = "yesterday".to_owned();
                }
            }
            cases.push(("timestamp not a number".into(), with(yesterday)));
        }
        for (case, headers) in &cases {
            let (status, text) = server.deliver(vendor, body, headers);
            assert_eq!(status, 401, "{} {case}: {text}", vendor.id);
            assert!(text.starts_with("webhook verification failed: "), "{text}");
        }
        // A value that is not UTF-8, sent raw.
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut request = format!(
            "POST /webhooks/{} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
            vendor.id,
            server.addr,
            body.len()
        )
        .into_bytes();
        for (name, value) in good.iter().chain(&names) {
            request.extend(format!("{name}: ").bytes());
            if name.eq_ignore_ascii_case(scheme.signature_header) {
                request.extend(b"\xff\xfe");
            } else {
                request.extend(value.bytes());
            }
            request.extend(b"\r\n");
        }
        request.extend(b"\r\n");
        request.extend(body);
        stream.write_all(&request).unwrap();
        let (status, head, text) = read_response(&mut stream);
        assert_eq!(status, 401, "{} not UTF-8: {head}{text}", vendor.id);
        assert!(text.contains("not valid UTF-8"), "{text}");
    }
    assert!(checked_missing_prefix > 0 || signed_vendors().next().is_none());
    server.assert_nothing_received();
}

/// A copy of `example` with one leaf value, at the first path (depth first) where the
/// vendor's spec rejects it, replaced by an object: a field whose type the vendor changed.
/// The body and the path of the retyped leaf (`data.amount`, `payload.items[0].id`).
fn retyped(
    vendor: &Vendor,
    info: &hookspec::EventInfo,
    example: &str,
) -> Option<(Vec<u8>, String)> {
    fn leaves(value: &Value, path: String, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    let path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    leaves(member, path, out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    leaves(item, format!("{path}[{i}]"), out);
                }
            }
            _ => out.push(path),
        }
    }
    fn at<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
        let mut value = value;
        for part in path.split('.') {
            let (key, indexes) = part
                .split_once('[')
                .map_or((part, ""), |(k, rest)| (k, rest));
            value = value.get_mut(key)?;
            for index in indexes.split('[').filter(|i| !i.is_empty()) {
                value = value.get_mut(index.trim_end_matches(']').parse::<usize>().ok()?)?;
            }
        }
        Some(value)
    }
    let json: Value = serde_json::from_str(example).ok()?;
    let mut paths = Vec::new();
    leaves(&json, String::new(), &mut paths);
    // The members that name the event stay: the delivery still says what it is.
    let naming: Vec<String> = match vendor.identity.name {
        hookspec::NameSource::Member(path) => vec![path.join(".")],
        hookspec::NameSource::Header(_) => Vec::new(),
    }
    .into_iter()
    .chain(vendor.identity.sub_name.map(str::to_owned))
    .collect();
    paths.retain(|path| !naming.contains(path));
    let headers = name_headers(vendor, info.base_name);
    let headers: Vec<(&str, &[u8])> = headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
        .collect();
    paths.into_iter().find_map(|path| {
        let mut changed = json.clone();
        *at(&mut changed, &path)? = serde_json::json!({"retyped": [1]});
        let body = serde_json::to_vec(&changed).ok()?;
        let error = vendor.parse_request(&headers, &body).err()?;
        (error.path() != "$").then_some((body, path))
    })
}

#[derive(Clone)]
struct KeepState {
    config: WebhookConfig,
    kept: mpsc::Sender<Unparsed>,
}

impl FromRef<KeepState> for WebhookConfig {
    fn from_ref(state: &KeepState) -> Self {
        state.config.clone()
    }
}

/// A registry-driven router whose handler hands every `Unparsed` to the test.
fn keeping_server(config: WebhookConfig) -> (Server, mpsc::Receiver<Unparsed>) {
    let (kept, unparsed) = mpsc::channel(4);
    let router = Router::new()
        .route(
            "/webhooks/{vendor}",
            post(
                |State(state): State<KeepState>,
                 RoutePath(id): RoutePath<String>,
                 request: Request| async move {
                    let Some(vendor) = hookspec::vendor(&id) else {
                        return StatusCode::NOT_FOUND;
                    };
                    match state.config.receive(vendor, request).await {
                        Ok(AnyDelivery::Parsed(_)) => StatusCode::OK,
                        Ok(AnyDelivery::Unparsed(unparsed)) => {
                            match state.kept.try_send(unparsed) {
                                Ok(()) => StatusCode::ACCEPTED,
                                Err(_) => StatusCode::SERVICE_UNAVAILABLE,
                            }
                        }
                        Err(rejection) => rejection.status(),
                    }
                },
            ),
        )
        .with_state(KeepState { config, kept });
    let (_, events) = mpsc::channel(1);
    (Server::serve(router, events, scratch_dir()), unparsed)
}

/// A signed delivery of every documented event, with one field retyped, reaches the handler
/// with its error (the path of that field) and its exact bytes; tampered, it never does.
#[test]
fn verified_deliveries_that_do_not_fit_reach_the_handler_whole() {
    let (server, mut kept) = keeping_server(full_config());
    let mut checked = 0;
    for vendor in documented_vendors() {
        for info in vendor.events {
            let Some(example) = info.example else {
                continue;
            };
            let Some((body, path)) = retyped(vendor, info, example) else {
                continue;
            };
            let mut headers = signed_headers(vendor, &body, "msg_retyped");
            headers.extend(name_headers(vendor, info.base_name));
            let (status, text) = server.deliver(vendor, &body, &headers);
            assert_eq!(status, 202, "{} {}: {text}", vendor.id, info.name);
            let unparsed = kept.try_recv().unwrap();
            assert_eq!(unparsed.vendor(), vendor.id);
            assert_eq!(unparsed.body(), &body[..], "{} {}", vendor.id, info.name);
            // What the delivery says: the event's name or one of its aliases (with the
            // sub-name it carries, for an event that takes any: `repository_dispatch.<any>`).
            let name = unparsed.event_name().unwrap();
            let any_sub = matches!(info.sub_name, hookspec::SubName::Open)
                && name
                    .strip_prefix(info.base_name)
                    .is_some_and(|sub| sub.starts_with('.'));
            assert!(
                info.answers_to(name) || any_sub,
                "{} {}: {name}",
                vendor.id,
                info.name
            );
            let error = unparsed.error();
            assert!(
                path.starts_with(error.path()) && error.path() != "$",
                "{} {}: retyped {path}, error at {error}",
                vendor.id,
                info.name
            );
            let name_headers: Vec<(&str, &[u8])> = unparsed
                .headers()
                .filter(|(name, _)| {
                    vendor
                        .name_header()
                        .is_some_and(|h| h.eq_ignore_ascii_case(name))
                })
                .collect();
            assert_eq!(
                Some(error),
                vendor.parse_request(&name_headers, &body).err().as_ref()
            );
            if let Signing::Hmac(scheme) = vendor.signing {
                let sent = unparsed.verified().header(scheme.signature_header);
                assert_eq!(
                    sent,
                    headers
                        .iter()
                        .find(|(n, _)| n == scheme.signature_header)
                        .map(|(_, v)| v.as_str())
                );
                assert_eq!(
                    unparsed.verified().matched_secret().map(|m| m.index()),
                    Some(0)
                );
            }
            assert!(unparsed.to_string().contains(error.path()), "{unparsed}");

            if matches!(vendor.signing, Signing::Hmac(_)) {
                let mut tampered = body.clone();
                tampered[body.len() / 2] ^= 0x01;
                assert_eq!(server.deliver(vendor, &tampered, &headers).0, 401);
                assert!(
                    kept.try_recv().is_err(),
                    "a tampered delivery reached the handler"
                );
            }
            checked += 1;
        }
    }
    let documented = documented_vendors()
        .flat_map(|vendor| vendor.events)
        .filter(|info| info.example.is_some())
        .count();
    // Events whose payload takes any JSON cannot be retyped; every other one is checked.
    assert!(checked * 2 > documented, "{checked} of {documented}");
}

/// The example keeps what does not fit, byte for byte, with the headers `hookspec send`
/// replays it with; replaying those files (signed anew) reaches the same place.
#[test]
fn the_example_keeps_deliveries_that_do_not_fit_byte_for_byte() {
    let mut server = Server::start(full_config());
    for vendor in documented_vendors() {
        let Some((info, (body, _))) = vendor
            .events
            .iter()
            .find_map(|info| Some((info, retyped(vendor, info, info.example?)?)))
        else {
            continue;
        };
        let mut headers = signed_headers(vendor, &body, "msg_kept");
        headers.extend(name_headers(vendor, info.base_name));
        headers.push(("X-Request-Trace".to_owned(), "trace 1".to_owned()));
        let (status, text) = server.deliver(vendor, &body, &headers);
        assert_eq!(status, 200, "{}: {text}", vendor.id);
        if let Ok(received) = server.events.try_recv() {
            panic!("queued although it does not fit: {received:?}");
        }
        let [stem] = server
            .kept()
            .try_into()
            .unwrap_or_else(|kept: Vec<PathBuf>| {
                panic!("{}: one delivery kept expected: {kept:?}", vendor.id)
            });
        assert!(
            stem.to_str().unwrap().ends_with(&format!("-{}", vendor.id)),
            "{}",
            stem.display()
        );
        assert_eq!(std::fs::read(suffixed(&stem, ".json")).unwrap(), body);
        let lines = std::fs::read_to_string(suffixed(&stem, ".headers")).unwrap();
        let replayed: Vec<(String, String)> = lines
            .lines()
            .map(|line| {
                let (name, value) = line.split_once(": ").unwrap();
                (name.to_owned(), value.to_owned())
            })
            .collect();
        let names: Vec<&str> = replayed.iter().map(|(name, _)| name.as_str()).collect();
        assert!(names.contains(&"x-request-trace"), "{lines}");
        for (name, _) in name_headers(vendor, info.base_name) {
            assert!(
                names.iter().any(|n| n.eq_ignore_ascii_case(&name)),
                "{lines}"
            );
        }
        for (name, _) in signed_headers(vendor, &body, "unused") {
            assert!(
                !names.iter().any(|n| n.eq_ignore_ascii_case(&name)),
                "{lines}"
            );
        }
        for transport in ["host", "content-length", "content-type"] {
            assert!(!names.contains(&transport), "{lines}");
        }
        // What `hookspec send <vendor> --body <stem>.json --header ...` sends.
        empty_dir(&server.unparsed_dir);
        let mut again = replayed.clone();
        again.extend(signed_headers(vendor, &body, "msg_replayed"));
        assert_eq!(server.deliver(vendor, &body, &again).0, 200);
        let [replayed_stem] = server.kept().try_into().unwrap();
        assert_eq!(
            std::fs::read(suffixed(&replayed_stem, ".json")).unwrap(),
            body
        );
        server.forget_accepted();
    }
    server.assert_nothing_received();
}

#[test]
fn the_spool_never_overwrites() {
    let dir = scratch_dir();
    let spool = FsSpool::open(&dir).unwrap();
    let body = br#"{"not": "a delivery"}"#;
    for vendor in VENDORS {
        let verified = Verified::dangerously_skip_verification(body.to_vec());
        let Err(unparsed) = vendor.parse_or_keep(verified) else {
            continue;
        };
        let first = dir.join(spool.keep(&unparsed).unwrap());
        let second = dir.join(spool.keep(&unparsed).unwrap());
        assert_ne!(first, second);
        for stem in [&first, &second] {
            assert_eq!(std::fs::read(suffixed(stem, ".json")).unwrap(), body);
            assert_eq!(
                std::fs::read_to_string(suffixed(stem, ".headers")).unwrap(),
                ""
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unknown_vendors_are_404() {
    let mut server = Server::start(full_config());
    let none: [(&str, &str); 0] = [];
    let (status, text) = server.post("/webhooks/not-a-vendor", b"{}", &none);
    assert_eq!((status, text.as_str()), (404, "no such vendor"));
    server.assert_nothing_received();
}

/// Reads one HTTP/1.1 response (status line, headers, `Content-Length` body) from `stream`.
fn read_response(stream: &mut TcpStream) -> (u16, String, String) {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        assert_eq!(
            stream.read(&mut byte).unwrap(),
            1,
            "connection closed in the head"
        );
        raw.push(byte[0]);
    }
    let head = String::from_utf8(raw).unwrap();
    let status = head[9..12].parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    (status, head, String::from_utf8(body).unwrap())
}

/// The signed headers for `body`, with the name header where the vendor needs one.
fn all_headers(vendor: &Vendor, body: &[u8]) -> Vec<(String, String)> {
    let mut headers = signed_headers(vendor, body, "msg_limit");
    headers.extend(name_headers(vendor, sample(vendor).name));
    headers
}

#[test]
fn oversized_bodies_are_413() {
    let mut server = Server::start(full_config());
    let Some(vendor) = a_signed_documented_vendor() else {
        return;
    };

    // Exactly the default limit (1 MiB) is accepted: a signed example padded with spaces.
    let mut body = shortest_example(vendor).to_vec();
    body.resize(DEFAULT_BODY_LIMIT, b' ');
    let (status, text) = server.deliver(vendor, &body, &all_headers(vendor, &body));
    assert_eq!(status, 200, "{text}");
    server.received();

    // One byte more is refused on its Content-Length alone, before the body is read: a client
    // that asked `Expect: 100-continue` gets 413 without sending it.
    body.push(b' ');
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "POST /webhooks/{} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\n",
        vendor.id,
        server.addr,
        body.len(),
    );
    for (name, value) in all_headers(vendor, &body) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    write!(stream, "{head}\r\n").unwrap();
    let (status, head, text) = read_response(&mut stream);
    assert_eq!(status, 413, "{head}{text}");
    assert!(!head.contains("100 Continue"), "{head}");
    assert_eq!(
        text,
        format!("request body exceeds the limit of {DEFAULT_BODY_LIMIT} bytes")
    );
    server.assert_nothing_received();
}

#[test]
fn a_configured_limit_applies_to_declared_and_streamed_bodies() {
    let limit = 4096;
    let mut server = Server::start(full_config().body_limit(limit));
    let Some(vendor) = a_signed_documented_vendor() else {
        return;
    };
    let mut body = shortest_example(vendor).to_vec();
    body.resize(limit, b' ');
    assert_eq!(
        server.deliver(vendor, &body, &all_headers(vendor, &body)).0,
        200
    );
    server.received();

    body.push(b' ');
    let headers = all_headers(vendor, &body);
    // With a Content-Length.
    let (status, text) = server.deliver(vendor, &body, &headers);
    assert_eq!(status, 413, "{text}");
    // Chunked, without a Content-Length: the limit stops the read.
    let mut request = server
        .agent
        .post(server.url(&format!("/webhooks/{}", vendor.id)));
    for (name, value) in &headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request
        .send(ureq::SendBody::from_owned_reader(std::io::Cursor::new(
            body.clone(),
        )))
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    server.assert_nothing_received();
}

#[test]
fn unsigned_vendors_are_accepted_only_with_the_opt_in() {
    let none: [(&str, &str); 0] = [];
    let mut opted_in = Server::start(full_config());
    // Secrets for the signing vendors only: unsigned vendors are refused.
    let config = signed_vendors().fold(WebhookConfig::new(), |config, vendor| {
        config.vendor_secret(vendor, secret(vendor)).unwrap()
    });
    let mut strict = Server::start(config);
    for vendor in VENDORS
        .iter()
        .filter(|vendor| matches!(vendor.signing, Signing::Unsigned { .. }))
    {
        let Sample { body, name } = sample(vendor);
        let names = name_headers(vendor, name);
        assert_eq!(opted_in.deliver(vendor, body, &names).0, 200);
        opted_in.forget_accepted();

        let (status, text) = strict.deliver(vendor, body, &none);
        assert_eq!(status, 500, "{text}");
        assert_eq!(
            text,
            format!(
                "webhook receiver has no configuration for vendor `{}`",
                vendor.id
            )
        );
    }
    // And a signing vendor without its secret is refused too.
    let mut unconfigured = Server::start(WebhookConfig::new());
    for vendor in signed_vendors() {
        let body = sample(vendor).body;
        let (status, _) = unconfigured.deliver(vendor, body, &all_headers(vendor, body));
        assert_eq!(status, 500, "{}", vendor.id);
    }
    strict.assert_nothing_received();
    unconfigured.assert_nothing_received();
}

#[derive(Clone)]
struct StoreState {
    config: WebhookConfig,
    stored: mpsc::Sender<Verified>,
}

impl FromRef<StoreState> for WebhookConfig {
    fn from_ref(state: &StoreState) -> Self {
        state.config.clone()
    }
}

#[cfg(feature = "memberstack")]
#[test]
fn verified_bodies_can_be_stored_and_parsed_later() {
    use hookspec::memberstack;
    let (stored, mut store) = mpsc::channel(4);
    let router = Router::new()
        .route(
            "/store/memberstack",
            post(
                |State(state): State<StoreState>, body: VerifiedBody<memberstack::Event>| async move {
                    match state.stored.try_send(body.into_verified()) {
                        Ok(()) => StatusCode::ACCEPTED,
                        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
                    }
                },
            ),
        )
        .with_state(StoreState {
            config: full_config(),
            stored,
        });
    let (_, events) = mpsc::channel(1);
    let server = Server::serve(router, events, scratch_dir());
    let memberstack = vendor("memberstack");

    let example = shortest_example(memberstack);
    let headers = signed_headers(memberstack, example, "msg_store_1");
    assert_eq!(server.post("/store/memberstack", example, &headers).0, 202);
    let verified = store.try_recv().unwrap();
    assert_eq!(verified.body(), example);
    assert_eq!(verified.idempotency_key(), Some("msg_store_1"));
    let event = verified.parse_with(memberstack::parse).unwrap();
    assert!(event.is_known());

    // Stored even when the spec cannot parse it yet; still verified first.
    let odd = br#"{"event": "member.created", "payload": "not an object"}"#;
    let headers = signed_headers(memberstack, odd, "msg_store_2");
    assert_eq!(server.post("/store/memberstack", odd, &headers).0, 202);
    let verified = store.try_recv().unwrap();
    assert!(verified.parse_with(memberstack::parse).is_err());
    assert_eq!(server.post("/store/memberstack", b"{}", &headers).0, 401);
    assert!(store.try_recv().is_err());
}

/// GitHub through the example's route: signed as GitHub signs (`X-Hub-Signature-256`), named
/// by `X-GitHub-Event`, keyed by `X-GitHub-Delivery`.
#[cfg(feature = "github")]
mod github {
    use super::*;
    use hookspec::github;

    fn deliver(server: &Server, body: &[u8], event: Option<&str>, id: &str) -> (u16, String) {
        let vendor = vendor("github");
        let mut headers = signed_headers(vendor, body, id);
        headers.push(("x-github-delivery".to_owned(), id.to_owned()));
        if let Some(event) = event {
            headers.extend(name_headers(vendor, event));
        }
        server.deliver(vendor, body, &headers)
    }

    #[test]
    fn a_signed_ping_arrives_typed_with_its_delivery_id() {
        let mut server = Server::start(full_config());
        let body = common::GITHUB_PING.as_bytes();
        let (status, text) = deliver(&server, body, Some("ping"), "72d3162e-cc78-11e3-81ab");
        assert_eq!(status, 200, "{text}");
        let received = server.received();
        let hookspec::AnyEvent::Github(github::Event::Ping(ping)) = &received.event else {
            panic!("not a GitHub ping: {:?}", received.event);
        };
        assert_eq!(ping.hook_id, 4711);
        assert_eq!(ping.hook.config.url, "https://hooks.example.com/github");
        assert_eq!(
            received.idempotency_key.as_deref(),
            Some("72d3162e-cc78-11e3-81ab")
        );
        let sent: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(serde_json::to_value(&received.event).unwrap(), sent);
    }

    /// Without `X-GitHub-Event` the body cannot be read, but it is GitHub's (it verified): the
    /// example keeps it.
    #[test]
    fn a_verified_body_without_its_event_header_is_kept() {
        let mut server = Server::start(full_config());
        let body = common::GITHUB_PING.as_bytes();
        let (status, text) = deliver(&server, body, None, "d1");
        assert_eq!(status, 200, "{text}");
        let [stem] = server.kept().try_into().unwrap();
        assert_eq!(std::fs::read(suffixed(&stem, ".json")).unwrap(), body);
        server.forget_accepted();
        server.assert_nothing_received();
    }

    #[test]
    fn an_event_the_spec_does_not_know_is_accepted_as_unknown() {
        let mut server = Server::start(full_config());
        let body = br#"{"action": "beamed", "teleport": {"id": 1}}"#;
        let (status, text) = deliver(&server, body, Some("teleport"), "d2");
        assert_eq!(status, 200, "{text}");
        let received = server.received();
        assert!(!received.event.is_known());
        assert_eq!(received.event.name(), "teleport.beamed");
    }

    /// Every real delivery of the shared corpus, signed as GitHub would sign it, reaches the
    /// handler as its known event (skipped, with a reason, without the corpus).
    #[test]
    fn every_corpus_delivery_passes_the_extractor() {
        let Some(dir) = common::github_corpus() else {
            return;
        };
        let mut server = Server::start(full_config());
        let mut delivered = 0;
        for (name, file, body) in common::github_deliveries(&dir) {
            // Each its own delivery id: the example handles each id once.
            let id = format!("corpus-{delivered}");
            let (status, text) = deliver(&server, &body, Some(&name), &id);
            assert_eq!(status, 200, "{}: {text}", file.display());
            let received = server.received();
            assert!(received.event.is_known(), "{}", file.display());
            delivered += 1;
        }
        assert_eq!(delivered, 273);
    }
}

/// The typed extractors: `Webhook<E>` answers 400 to a verified delivery that does not fit,
/// `Delivery<E>` hands it to the handler.
#[cfg(feature = "gately")]
mod typed {
    use super::*;
    use hookspec::axum::{Delivery, Webhook};
    use hookspec::gately;

    fn typed_server() -> (Server, mpsc::Receiver<Result<String, Unparsed>>) {
        let (sender, outcomes) = mpsc::channel(4);
        let router = Router::new()
            .route("/strict", post(|hook: Webhook<gately::Event>| async move {
                hook.event().name().into_owned()
            }))
            .route(
                "/keeping",
                post(
                    |State(state): State<TypedState>, delivery: Delivery<gately::Event>| async move {
                        let outcome = match delivery {
                            Delivery::Parsed(hook) => Ok(hook.event().name().into_owned()),
                            Delivery::Unparsed(unparsed) => Err(unparsed),
                        };
                        match state.outcomes.try_send(outcome) {
                            Ok(()) => StatusCode::OK,
                            Err(_) => StatusCode::SERVICE_UNAVAILABLE,
                        }
                    },
                ),
            )
            .with_state(TypedState {
                config: full_config(),
                outcomes: sender,
            });
        let (_, events) = mpsc::channel(1);
        (Server::serve(router, events, scratch_dir()), outcomes)
    }

    #[derive(Clone)]
    struct TypedState {
        config: WebhookConfig,
        outcomes: mpsc::Sender<Result<String, Unparsed>>,
    }

    impl FromRef<TypedState> for WebhookConfig {
        fn from_ref(state: &TypedState) -> Self {
            state.config.clone()
        }
    }

    #[test]
    fn webhook_answers_400_and_delivery_keeps_what_does_not_fit() {
        let (server, mut outcomes) = typed_server();
        let gately = vendor("gately");
        let retyped = br#"{"id": "evt_1", "event": "payment.failed", "created_at": "2024-01-15T10:00:00Z",
            "project_id": "proj_abc", "data": {"id": "pay_9", "member_id": "mem_1", "amount": "42.00",
            "currency": "eur", "error_code": "expired_card", "error_message": "Expired.",
            "failed_at": "2024-01-15T10:00:00Z"}}"#;
        let cases: [(&[u8], Option<&str>, &str); 4] = [
            (retyped, Some("payment.failed"), "data.amount"),
            (br#"{"id": "evt_1", "event": "#, None, "event"),
            (b"not json", None, "$"),
            (
                br#"{"event": "member.deleted", "data": {}} trailing"#,
                Some("member.deleted"),
                "$",
            ),
        ];
        for (body, name, path) in cases {
            let headers = signed_headers(gately, body, "unused");
            let (status, text) = server.post("/strict", body, &headers);
            assert_eq!(status, 400, "{text}");
            assert!(text.starts_with("invalid webhook body: "), "{text}");

            assert_eq!(server.post("/keeping", body, &headers).0, 200);
            let unparsed = outcomes.try_recv().unwrap().unwrap_err();
            assert_eq!(unparsed.body(), body);
            assert_eq!(
                unparsed.event_name(),
                name,
                "{}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(unparsed.error().path(), path);
            assert_eq!(unparsed.verified().idempotency_key(), None);
        }
        // Verification comes first: the same bodies, badly signed, are 401 on both routes.
        let forged = [("x-gately-signature", format!("sha256={}", "0".repeat(64)))];
        for route in ["/strict", "/keeping"] {
            assert_eq!(server.post(route, retyped, &forged).0, 401);
            // Without the `sha256=` prefix: 401 too.
            let good = signed_headers(gately, retyped, "unused");
            let bare = [(good[0].0.clone(), good[0].1.replace("sha256=", ""))];
            assert_eq!(server.post(route, retyped, &bare).0, 401);
        }
        assert!(outcomes.try_recv().is_err());

        // An event the spec does not know fits (as `Event::Unknown`) on both routes.
        let unknown =
            br#"{"id": "evt_new", "event": "refund.created", "created_at": "2024-01-15T10:00:00Z",
            "project_id": "proj_abc", "data": {"id": "re_1"}}"#;
        let headers = signed_headers(gately, unknown, "unused");
        assert_eq!(
            server.post("/strict", unknown, &headers),
            (200, "refund.created".to_owned())
        );
        assert_eq!(server.post("/keeping", unknown, &headers).0, 200);
        assert_eq!(outcomes.try_recv().unwrap().unwrap(), "refund.created");
    }

    #[test]
    fn rotated_secrets_are_told_apart() {
        let gately = vendor("gately");
        let (old, new) = (test_secret(gately, "old"), test_secret(gately, "new"));
        let config = WebhookConfig::new()
            .secret_labelled::<gately::Event>("old", &old)
            .unwrap()
            .secret_labelled::<gately::Event>("new", &new)
            .unwrap();
        let (sender, mut matched) = mpsc::channel(4);
        let router = Router::new()
            .route(
                "/gately",
                post(
                    |State(state): State<RotationState>, hook: Webhook<gately::Event>| async move {
                        let secret = hook
                            .matched_secret()
                            .map(|m| (m.index(), m.label().map(str::to_owned)));
                        state.matched.try_send(secret).ok();
                    },
                ),
            )
            .with_state(RotationState {
                config,
                matched: sender,
            });
        let (_, events) = mpsc::channel(1);
        let server = Server::serve(router, events, scratch_dir());
        let body = shortest_example(gately);
        for (secret, expected) in [(&old, (0, "old")), (&new, (1, "new"))] {
            let headers = signed_with(gately, secret, body, "unused");
            assert_eq!(server.post("/gately", body, &headers).0, 200);
            let (index, label) = matched.try_recv().unwrap().unwrap();
            assert_eq!((index, label.as_deref()), (expected.0, Some(expected.1)));
        }
        let neither = signed_with(gately, &test_secret(gately, "neither"), body, "unused");
        let (status, text) = server.post("/gately", body, &neither);
        assert_eq!(
            (status, text.as_str()),
            (401, "webhook verification failed: signature mismatch")
        );
        assert!(matched.try_recv().is_err());
    }

    #[derive(Clone)]
    struct RotationState {
        config: WebhookConfig,
        matched: mpsc::Sender<Option<(usize, Option<String>)>>,
    }

    impl FromRef<RotationState> for WebhookConfig {
        fn from_ref(state: &RotationState) -> Self {
            state.config.clone()
        }
    }
}
