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
use std::time::{Duration, UNIX_EPOCH};

use app::Received;
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use hookspec::axum::{DEFAULT_BODY_LIMIT, VerifiedBody, WebhookConfig};
use hookspec::verify::{IdempotencyKey, Signing, TimestampUnit, Verified, sign};
use hookspec::{AnyEvent, VENDORS, Vendor, duda, gately, memberstack, moim};
use serde_json::Value;
use tokio::sync::mpsc;

/// The receiver's clock: 2023-11-14T22:13:20Z.
const NOW: u64 = 1_700_000_000;
const GATELY_SECRET: &str = "gately-e2e-secret";
const MEMBERSTACK_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Duda's documented test secret, in its base64 spelling.
const DUDA_SECRET: &str = "bXlzZWNyZXRzZWNyZXQ=";
#[cfg(feature = "github")]
const GITHUB_SECRET: &str = "It's a Secret to Everybody";

fn secret(vendor: &Vendor) -> &'static str {
    match vendor.id {
        "gately" => GATELY_SECRET,
        "memberstack" => MEMBERSTACK_SECRET,
        "duda" => DUDA_SECRET,
        #[cfg(feature = "github")]
        "github" => GITHUB_SECRET,
        other => panic!("{other} has no secret"),
    }
}

fn vendor(id: &str) -> &'static Vendor {
    hookspec::vendor(id).unwrap()
}

fn signed_vendors() -> impl Iterator<Item = &'static Vendor> {
    VENDORS
        .iter()
        .filter(|vendor| matches!(vendor.signing, Signing::Hmac(_)))
}

/// Every vendor configured, MOIM opted into unsigned, the clock fixed at `NOW`.
fn full_config() -> WebhookConfig {
    let config = WebhookConfig::new()
        .secret::<gately::Event>(GATELY_SECRET)
        .unwrap()
        .secret::<memberstack::Event>(MEMBERSTACK_SECRET)
        .unwrap()
        .secret::<duda::Event>(DUDA_SECRET)
        .unwrap()
        .dangerously_accept_unsigned::<moim::Event>()
        .unwrap()
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW));
    #[cfg(feature = "github")]
    let config = config
        .secret::<hookspec::github::Event>(GITHUB_SECRET)
        .unwrap();
    config
}

/// The headers the vendor would send with `body` at `NOW` (none for MOIM).
fn signed_headers(vendor: &Vendor, body: &[u8], id: &str) -> Vec<(String, String)> {
    let Signing::Hmac(scheme) = vendor.signing else {
        return Vec::new();
    };
    let timestamp = match scheme.timestamp_unit {
        TimestampUnit::Seconds => NOW.to_string(),
        TimestampUnit::Milliseconds => (NOW * 1000).to_string(),
    };
    sign(
        vendor.signing,
        secret(vendor),
        body,
        Some(id),
        Some(&timestamp),
    )
    .unwrap()
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect()
}

/// The example's router on a loopback port, with the worker's queue in the test's hands.
struct Server {
    // Dropping the runtime stops the server.
    _runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
    agent: ureq::Agent,
    events: mpsc::Receiver<Received>,
}

impl Server {
    fn start(config: WebhookConfig) -> Self {
        let (events_in, events) = mpsc::channel(16);
        Self::serve(app::router(config, events_in), events)
    }

    fn serve(router: Router, events: mpsc::Receiver<Received>) -> Self {
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
    }
}

/// A delivery to try a vendor's route with, and the event name it is delivered under.
struct Sample {
    body: &'static [u8],
    name: &'static str,
}

/// The vendor's shortest documented example; for GitHub, whose imported spec has no
/// documented examples, a hand-written `ping`.
fn sample(vendor: &Vendor) -> Sample {
    if vendor.id == "github" {
        return Sample {
            body: common::GITHUB_PING.as_bytes(),
            name: "ping",
        };
    }
    let info = vendor
        .events
        .iter()
        .filter(|info| info.example.is_some())
        .min_by_key(|info| info.example.map(str::len))
        .unwrap();
    Sample {
        body: info.example.unwrap_or_default().as_bytes(),
        name: info.base_name,
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
    vendor
        .events
        .iter()
        .filter_map(|info| info.example)
        .min_by_key(|example| example.len())
        .unwrap()
        .as_bytes()
}

#[test]
fn every_documented_example_arrives_as_its_typed_event() {
    let mut server = Server::start(full_config());
    let mut delivered = 0;
    for vendor in VENDORS {
        // The example routes every compiled vendor: unsigned, its route answers 401 (MOIM,
        // unsigned by design, 400 for the empty object), never 404.
        let none: [(&str, &str); 0] = [];
        let (status, text) = server.deliver(vendor, b"{}", &none);
        assert_ne!(status, 404, "{} has no route: {text}", vendor.id);
        server.events.try_recv().ok();
        for (i, info) in vendor.events.iter().enumerate() {
            let Some(example) = info.example else {
                continue;
            };
            let id = format!("msg_e2e_{}_{i}", vendor.id);
            let mut headers = signed_headers(vendor, example.as_bytes(), &id);
            headers.extend(name_headers(vendor, info.base_name));
            let (status, text) = server.deliver(vendor, example.as_bytes(), &headers);
            assert_eq!(status, 200, "{} {}: {text}", vendor.id, info.name);

            let received = server.received();
            assert_eq!(received.vendor, vendor.id);
            let typed = match (vendor.id, &received.event) {
                ("moim", AnyEvent::Moim(_))
                | ("gately", AnyEvent::Gately(_))
                | ("memberstack", AnyEvent::Memberstack(_))
                | ("duda", AnyEvent::Duda(_)) => true,
                #[cfg(feature = "github")]
                ("github", AnyEvent::Github(_)) => true,
                _ => false,
            };
            assert!(typed, "{} {}: {:?}", vendor.id, info.name, received.event);
            assert!(received.event.is_known(), "{} {}", vendor.id, info.name);
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

#[test]
fn typed_fields_reach_the_handler() {
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
        server.received();
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
            let prefix = if value.starts_with("sha256=") {
                "sha256=".len()
            } else if value.starts_with("v1,") {
                "v1,".len()
            } else {
                0
            };
            for i in prefix..value.len() {
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
                // 401 for a mismatch or a timestamp moved out of the window; 400 when the
                // change broke the encoding (a base64 tail); never accepted.
                assert!(
                    status == 401 || status == 400,
                    "{} {name} char {i}: {status} {text}",
                    vendor.id
                );
            }
        }
        // A signature made with another secret.
        let mut wrong = headers.clone();
        let other = sign(
            vendor.signing,
            "d3Jvbmctc2VjcmV0",
            body,
            Some("msg_p5jXN8AQM9LWM0D4loKWxJek"),
            Some(&headers_timestamp(&headers)),
        )
        .unwrap();
        wrong
            .last_mut()
            .unwrap()
            .1
            .clone_from(&other.last().unwrap().1);
        wrong.extend(names.iter().cloned());
        let (status, text) = server.deliver(vendor, body, &wrong);
        assert_eq!(status, 401, "{}: {text}", vendor.id);
    }
    server.assert_nothing_received();
}

/// The timestamp header's value among signed headers (`0` when the scheme has none).
fn headers_timestamp(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .find(|(name, _)| name.ends_with("timestamp"))
        .map_or_else(|| "0".to_owned(), |(_, value)| value.clone())
}

#[test]
fn svix_timestamps_outside_the_window_are_401() {
    let mut server = Server::start(full_config());
    let memberstack = vendor("memberstack");
    let body = shortest_example(memberstack);
    for (timestamp, accepted) in [
        (NOW - 300, true),
        (NOW + 300, true),
        (NOW - 301, false),
        (NOW + 301, false),
    ] {
        let headers = sign(
            memberstack.signing,
            MEMBERSTACK_SECRET,
            body,
            Some("msg_window"),
            Some(&timestamp.to_string()),
        )
        .unwrap();
        let (status, text) = server.deliver(memberstack, body, &headers);
        if accepted {
            assert_eq!(status, 200, "{timestamp}: {text}");
            server.received();
        } else {
            assert_eq!(status, 401, "{timestamp}: {text}");
            assert!(text.contains("away from now"), "{text}");
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

#[test]
fn malformed_signing_headers_are_400() {
    let mut server = Server::start(full_config());
    let gately = vendor("gately");
    let body = shortest_example(gately);
    let good = signed_headers(gately, body, "unused");
    let hex = good[0].1.trim_start_matches("sha256=").to_owned();
    for bad in [
        format!("sha1={hex}"),
        format!("sha256={}", &hex[1..]),
        format!("sha256=zz{}", &hex[2..]),
    ] {
        let (status, text) = server.deliver(gately, body, &[("x-gately-signature", bad)]);
        assert_eq!(status, 400, "{text}");
    }
    // The header twice is ambiguous, even when both copies are right.
    let twice = [good[0].clone(), good[0].clone()];
    assert_eq!(server.deliver(gately, body, &twice).0, 400);

    let duda = vendor("duda");
    let body = shortest_example(duda);
    let mut headers = signed_headers(duda, body, "unused");
    for (name, value) in &mut headers {
        if name == "x-duda-signature-timestamp" {
            *value = "yesterday".to_owned();
        }
    }
    let (status, text) = server.deliver(duda, body, &headers);
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("x-duda-signature-timestamp"), "{text}");
    server.assert_nothing_received();
}

#[test]
fn bodies_that_fail_to_parse_after_verification_are_400() {
    let mut server = Server::start(full_config());
    let cases: [(&str, &[u8]); 4] = [
        ("gately", br#"{"id": "evt_1", "event": "#),
        (
            "gately",
            br#"{"id": "evt_1", "event": "payment.failed", "data": {"amount": "lots"}}"#,
        ),
        ("memberstack", b"not json"),
        ("duda", br#"{"event_type": "PUBLISH"} trailing"#),
    ];
    for (id, body) in cases {
        let vendor = vendor(id);
        let (status, text) = server.deliver(vendor, body, &signed_headers(vendor, body, "msg_bad"));
        assert_eq!(status, 400, "{id}: {text}");
        assert!(text.starts_with("invalid webhook body: "), "{text}");
    }
    // Verification comes first: the same malformed body, unsigned, is 401.
    let gately = vendor("gately");
    let tampered = [("x-gately-signature", format!("sha256={}", "0".repeat(64)))];
    assert_eq!(server.deliver(gately, b"{", &tampered).0, 401);
    server.assert_nothing_received();
}

#[test]
fn unknown_events_are_accepted_as_unknown() {
    let mut server = Server::start(full_config());
    let body =
        br#"{"id": "evt_new", "event": "refund.created", "created_at": "2024-01-15T10:00:00Z",
        "project_id": "proj_abc", "data": {"id": "re_1"}}"#;
    let gately = vendor("gately");
    let (status, _) = server.deliver(gately, body, &signed_headers(gately, body, "unused"));
    assert_eq!(status, 200);
    let received = server.received();
    assert!(!received.event.is_known());
    assert_eq!(received.event.name(), "refund.created");
    assert_eq!(received.idempotency_key.as_deref(), Some("evt_new"));
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

#[test]
fn oversized_bodies_are_413() {
    let mut server = Server::start(full_config());
    let gately = vendor("gately");

    // Exactly the default limit (1 MiB) is accepted: a signed example padded with spaces.
    let mut body = shortest_example(gately).to_vec();
    body.resize(DEFAULT_BODY_LIMIT, b' ');
    let headers = signed_headers(gately, &body, "unused");
    let (status, text) = server.deliver(gately, &body, &headers);
    assert_eq!(status, 200, "{text}");
    server.received();

    // One byte more is refused on its Content-Length alone, before the body is read: a client
    // that asked `Expect: 100-continue` gets 413 without sending it.
    body.push(b' ');
    let headers = signed_headers(gately, &body, "unused");
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /webhooks/gately HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\n{}: {}\r\n\r\n",
        server.addr,
        body.len(),
        headers[0].0,
        headers[0].1
    )
    .unwrap();
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
    let gately = vendor("gately");
    let mut body = shortest_example(gately).to_vec();
    body.resize(limit, b' ');
    let headers = signed_headers(gately, &body, "unused");
    assert_eq!(server.deliver(gately, &body, &headers).0, 200);
    server.received();

    body.push(b' ');
    let headers = signed_headers(gately, &body, "unused");
    // With a Content-Length.
    let (status, text) = server.deliver(gately, &body, &headers);
    assert_eq!(status, 413, "{text}");
    // Chunked, without a Content-Length: the limit stops the read.
    let response = server
        .agent
        .post(server.url("/webhooks/gately"))
        .header(headers[0].0.as_str(), headers[0].1.as_str())
        .send(ureq::SendBody::from_owned_reader(std::io::Cursor::new(
            body.clone(),
        )))
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    server.assert_nothing_received();
}

#[test]
fn unsigned_moim_is_accepted_only_with_the_opt_in() {
    let moim = vendor("moim");
    let body = shortest_example(moim);
    let none: [(&str, &str); 0] = [];

    let mut opted_in = Server::start(full_config());
    assert_eq!(opted_in.deliver(moim, body, &none).0, 200);
    assert_eq!(opted_in.received().vendor, "moim");

    // Secrets for the signing vendors only: MOIM (and anything unconfigured) is refused.
    let config = WebhookConfig::new()
        .secret::<gately::Event>(GATELY_SECRET)
        .unwrap();
    let mut strict = Server::start(config);
    let (status, text) = strict.deliver(moim, body, &none);
    assert_eq!(status, 500, "{text}");
    assert_eq!(
        text,
        "webhook receiver has no configuration for vendor `moim`"
    );
    let memberstack = vendor("memberstack");
    let body = shortest_example(memberstack);
    let headers = signed_headers(memberstack, body, "msg_1");
    assert_eq!(strict.deliver(memberstack, body, &headers).0, 500);
    strict.assert_nothing_received();
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

#[test]
fn verified_bodies_can_be_stored_and_parsed_later() {
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
    let server = Server::serve(router, events);
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
        let AnyEvent::Github(github::Event::Ping(ping)) = &received.event else {
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

    #[test]
    fn a_verified_body_without_its_event_header_is_400() {
        let mut server = Server::start(full_config());
        let (status, text) = deliver(&server, common::GITHUB_PING.as_bytes(), None, "d1");
        assert_eq!(status, 400, "{text}");
        assert!(text.contains("X-GitHub-Event"), "{text}");
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
            let (status, text) = deliver(&server, &body, Some(&name), "corpus");
            assert_eq!(status, 200, "{}: {text}", file.display());
            let received = server.received();
            assert!(received.event.is_known(), "{}", file.display());
            delivered += 1;
        }
        assert_eq!(delivered, 273);
    }
}
