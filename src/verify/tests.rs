//! Unit tests of verification and signing: each scheme, rotation, malformed headers.

use super::*;
use std::time::{Duration, UNIX_EPOCH};

const GATELY: Signing = Signing::Hmac(HmacScheme {
    signature_header: "X-Gately-Signature",
    id_header: None,
    timestamp_header: None,
    timestamp_entry: None,
    timestamp_unit: TimestampUnit::Seconds,
    tolerance_seconds: None,
    signed_content: &[Part::Body],
    encoding: Encoding::Hex,
    entry_separator: None,
    entry_prefix: "sha256=",
    key: KeyDerivation::Utf8,
});

const SVIX: Signing = Signing::Hmac(HmacScheme {
    signature_header: "svix-signature",
    id_header: Some("svix-id"),
    timestamp_header: Some("svix-timestamp"),
    timestamp_entry: None,
    timestamp_unit: TimestampUnit::Seconds,
    tolerance_seconds: Some(300),
    signed_content: &[
        Part::Id,
        Part::Literal("."),
        Part::Timestamp,
        Part::Literal("."),
        Part::Body,
    ],
    encoding: Encoding::Base64,
    entry_separator: Some(" "),
    entry_prefix: "v1,",
    key: KeyDerivation::Base64AfterPrefix("whsec_"),
});

const DUDA: Signing = Signing::Hmac(HmacScheme {
    signature_header: "x-duda-signature",
    id_header: None,
    timestamp_header: Some("x-duda-signature-timestamp"),
    timestamp_entry: None,
    timestamp_unit: TimestampUnit::Milliseconds,
    tolerance_seconds: None,
    signed_content: &[Part::Timestamp, Part::Literal("."), Part::Body],
    encoding: Encoding::Base64,
    entry_separator: None,
    entry_prefix: "",
    key: KeyDerivation::Utf8OrBase64,
});

// Stripe-style: the timestamp is the `t=` entry of the signature header.
const STRIPE: Signing = Signing::Hmac(HmacScheme {
    signature_header: "Stripe-Signature",
    id_header: None,
    timestamp_header: None,
    timestamp_entry: Some("t="),
    timestamp_unit: TimestampUnit::Seconds,
    tolerance_seconds: Some(300),
    signed_content: &[Part::Timestamp, Part::Literal("."), Part::Body],
    encoding: Encoding::Hex,
    entry_separator: Some(","),
    entry_prefix: "v1=",
    key: KeyDerivation::Utf8,
});

const MOIM: Signing = Signing::Unsigned {
    advice: "MOIM does not sign webhooks; use an unguessable URL",
};

// The vendor schemes above are consistent, checked at compile time.
const _: () = {
    let mut i = 0;
    let all = [GATELY, SVIX, DUDA, STRIPE];
    while i < all.len() {
        if let Signing::Hmac(s) = &all[i] {
            assert!(s.validate().is_ok());
        }
        i += 1;
    }
};

// Gately: computed outside Rust with
//   printf '%s' '{"event":"user.created","id":42}' | openssl dgst -sha256 -hmac gately_test_secret
// (python3 hmac.new(b"gately_test_secret", body, hashlib.sha256).hexdigest() agrees).
const GATELY_SECRET: &str = "gately_test_secret";
const GATELY_BODY: &[u8] = br#"{"event":"user.created","id":42}"#;
const GATELY_SIG: &str = "sha256=5542bbb3c22fb278f016ef8f937229680c68efba5126ce8da697b343ee13f4f4";

// Svix test suite vector.
const SVIX_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SVIX_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SVIX_TS: &str = "1614265330";
const SVIX_TS_SECS: u64 = 1_614_265_330;
const SVIX_BODY: &[u8] = br#"{"test": 2432232314}"#;
const SVIX_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// Duda documentation vector.
const DUDA_TS: &str = "1570350275357";
const DUDA_BODY: &[u8] = b"{'key1':'world','key2':'world'}";
const DUDA_SIG: &str = "+DCfT1wIMUiaZnlZB4u59/d5wkXKA89lv67Ov66vnyc=";

// Stripe-style: computed outside Rust with
//   printf '%s' "1492774577.$BODY" | openssl dgst -sha256 -hmac whsec_stripe_style_test_secret
//   printf '%s' "1492774577.$BODY" | openssl dgst -sha256 -hmac whsec_rotated_out_old_secret
// (python3 hmac.new(secret, b"1492774577." + body, hashlib.sha256).hexdigest() agrees).
const STRIPE_SECRET: &str = "whsec_stripe_style_test_secret";
const STRIPE_OLD_SECRET: &str = "whsec_rotated_out_old_secret";
const STRIPE_TS: &str = "1492774577";
const STRIPE_TS_SECS: u64 = 1_492_774_577;
const STRIPE_BODY: &[u8] = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#;
const STRIPE_V1: &str = "b6deedcf6d2c3a9ed3faee1681cc84184b69f5dcf29bbb51c16be1a2b38ca890";
const STRIPE_OLD_V1: &str = "6f8a0bcd208fd3e03af55913e6e9fe7dbf7cbc65fa75b8dc787249a99e5caaac";

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn check(
    signing: &Signing,
    secret: &str,
    body: &[u8],
    headers: &[(&str, &str)],
    now: SystemTime,
) -> Result<Verified, VerifyError> {
    Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
        .verify(signing, secret, now)
}

fn svix(body: &[u8], id: &str, ts: &str, sig: &str, now: u64) -> Result<Verified, VerifyError> {
    check(
        &SVIX,
        SVIX_SECRET,
        body,
        &[
            ("svix-id", id),
            ("svix-timestamp", ts),
            ("svix-signature", sig),
        ],
        at(now),
    )
}

fn gately(body: &[u8], sig: &str) -> Result<Verified, VerifyError> {
    check(
        &GATELY,
        GATELY_SECRET,
        body,
        &[("X-Gately-Signature", sig)],
        at(0),
    )
}

fn duda(secret: &str, body: &[u8], ts: &str, sig: &str) -> Result<Verified, VerifyError> {
    let headers = [
        ("x-duda-signature", sig),
        ("x-duda-signature-timestamp", ts),
    ];
    check(&DUDA, secret, body, &headers, at(2_000_000_000))
}

fn stripe(body: &[u8], header: &str, now: u64) -> Result<Verified, VerifyError> {
    check(
        &STRIPE,
        STRIPE_SECRET,
        body,
        &[("Stripe-Signature", header)],
        at(now),
    )
}

fn malformed(name: &'static str) -> impl Fn(&VerifyError) -> bool {
    move |e| matches!(e, VerifyError::MalformedHeader { name: n, .. } if *n == name)
}

#[test]
fn gately_vector() {
    let v = gately(GATELY_BODY, GATELY_SIG).unwrap();
    assert_eq!(v.body(), GATELY_BODY);
    assert_eq!(v.idempotency_key(), None);
    // Uppercase hex is accepted too.
    let upper = format!(
        "sha256={}",
        GATELY_SIG.trim_start_matches("sha256=").to_uppercase()
    );
    assert!(gately(GATELY_BODY, &upper).is_ok());
    // And signing reproduces it.
    let headers = sign(&GATELY, GATELY_SECRET, GATELY_BODY, None, None).unwrap();
    assert_eq!(headers, vec![("X-Gately-Signature", GATELY_SIG.to_owned())]);
}

#[test]
fn svix_vector() {
    let v = svix(SVIX_BODY, SVIX_ID, SVIX_TS, SVIX_SIG, SVIX_TS_SECS).unwrap();
    assert_eq!(v.idempotency_key(), Some(SVIX_ID));
    assert_eq!(v.clone().into_body(), SVIX_BODY);
    let headers = sign(&SVIX, SVIX_SECRET, SVIX_BODY, Some(SVIX_ID), Some(SVIX_TS)).unwrap();
    assert_eq!(
        headers,
        vec![
            ("svix-id", SVIX_ID.to_owned()),
            ("svix-timestamp", SVIX_TS.to_owned()),
            ("svix-signature", SVIX_SIG.to_owned())
        ]
    );
    // The whsec_ prefix is optional.
    let bare = SVIX_SECRET.trim_start_matches("whsec_");
    let headers = [
        ("svix-id", SVIX_ID),
        ("svix-timestamp", SVIX_TS),
        ("svix-signature", SVIX_SIG),
    ];
    assert!(check(&SVIX, bare, SVIX_BODY, &headers, at(SVIX_TS_SECS)).is_ok());
}

#[test]
fn duda_vector_both_secret_spellings() {
    for secret in ["mysecretsecret", "bXlzZWNyZXRzZWNyZXQ="] {
        let v = duda(secret, DUDA_BODY, DUDA_TS, DUDA_SIG).unwrap();
        assert_eq!(v.body(), DUDA_BODY);
        let headers = sign(&DUDA, secret, DUDA_BODY, None, Some(DUDA_TS)).unwrap();
        assert_eq!(
            headers,
            vec![
                ("x-duda-signature-timestamp", DUDA_TS.to_owned()),
                ("x-duda-signature", DUDA_SIG.to_owned())
            ]
        );
    }
    assert_eq!(
        duda("someothersecret", DUDA_BODY, DUDA_TS, DUDA_SIG),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn every_body_byte_is_authenticated() {
    type Check = fn(&[u8]) -> Result<Verified, VerifyError>;
    let cases: [(&[u8], Check); 3] = [
        (GATELY_BODY, |b| gately(b, GATELY_SIG)),
        (SVIX_BODY, |b| {
            svix(b, SVIX_ID, SVIX_TS, SVIX_SIG, SVIX_TS_SECS)
        }),
        (DUDA_BODY, |b| duda("mysecretsecret", b, DUDA_TS, DUDA_SIG)),
    ];
    for (body, verify) in &cases {
        assert!(verify(body).is_ok());
        for i in 0..body.len() {
            let mut tampered = body.to_vec();
            tampered[i] ^= 0x01;
            assert_eq!(
                verify(&tampered).unwrap_err(),
                VerifyError::SignatureMismatch,
                "byte {i}"
            );
        }
        let mut longer = body.to_vec();
        longer.push(b' ');
        assert_eq!(verify(&longer).unwrap_err(), VerifyError::SignatureMismatch);
        assert_eq!(
            verify(&body[..body.len() - 1]).unwrap_err(),
            VerifyError::SignatureMismatch
        );
    }
}

#[test]
fn id_and_timestamp_are_authenticated() {
    // Same length, still within tolerance: only the MAC can catch it.
    assert_eq!(
        svix(SVIX_BODY, SVIX_ID, "1614265331", SVIX_SIG, SVIX_TS_SECS),
        Err(VerifyError::SignatureMismatch)
    );
    assert_eq!(
        svix(SVIX_BODY, SVIX_ID, "01614265330", SVIX_SIG, SVIX_TS_SECS),
        Err(VerifyError::SignatureMismatch)
    );
    assert_eq!(
        duda("mysecretsecret", DUDA_BODY, "1570350275358", DUDA_SIG),
        Err(VerifyError::SignatureMismatch)
    );
    for i in 0..SVIX_ID.len() {
        let mut id = SVIX_ID.as_bytes().to_vec();
        id[i] = if id[i] == b'x' { b'y' } else { b'x' };
        let id = String::from_utf8(id).unwrap();
        assert_eq!(
            svix(SVIX_BODY, &id, SVIX_TS, SVIX_SIG, SVIX_TS_SECS),
            Err(VerifyError::SignatureMismatch)
        );
    }
}

#[test]
fn every_signature_char_is_checked() {
    // Hex: any digit swap stays well-formed, so it must be a mismatch.
    for i in "sha256=".len()..GATELY_SIG.len() {
        let mut sig = GATELY_SIG.as_bytes().to_vec();
        sig[i] = if sig[i] == b'0' { b'1' } else { b'0' };
        let sig = String::from_utf8(sig).unwrap();
        assert_eq!(
            gately(GATELY_BODY, &sig),
            Err(VerifyError::SignatureMismatch),
            "char {i}"
        );
    }
    // Base64: a swapped char may also break the encoding; either way it must fail.
    for i in "v1,".len()..SVIX_SIG.len() - 1 {
        let mut sig = SVIX_SIG.as_bytes().to_vec();
        sig[i] = if sig[i] == b'A' { b'B' } else { b'A' };
        let sig = String::from_utf8(sig).unwrap();
        let err = svix(SVIX_BODY, SVIX_ID, SVIX_TS, &sig, SVIX_TS_SECS).unwrap_err();
        assert!(
            err == VerifyError::SignatureMismatch || malformed("svix-signature")(&err),
            "char {i}: {err:?}"
        );
    }
}

#[test]
fn missing_headers() {
    let full = [
        ("svix-id", SVIX_ID),
        ("svix-timestamp", SVIX_TS),
        ("svix-signature", SVIX_SIG),
    ];
    for skip in 0..full.len() {
        let headers: Vec<_> = full
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, h)| *h)
            .collect();
        let err = check(&SVIX, SVIX_SECRET, SVIX_BODY, &headers, at(SVIX_TS_SECS)).unwrap_err();
        assert_eq!(err, VerifyError::MissingHeader(full[skip].0));
    }
    assert_eq!(
        check(&GATELY, GATELY_SECRET, GATELY_BODY, &[], at(0)),
        Err(VerifyError::MissingHeader("X-Gately-Signature"))
    );
    let only_sig = [("x-duda-signature", DUDA_SIG)];
    assert_eq!(
        check(&DUDA, "mysecretsecret", DUDA_BODY, &only_sig, at(0)),
        Err(VerifyError::MissingHeader("x-duda-signature-timestamp"))
    );
}

#[test]
fn malformed_headers() {
    let sig_bad = malformed("svix-signature");
    assert!(sig_bad(
        &svix(SVIX_BODY, SVIX_ID, SVIX_TS, "v1,not*base64!", SVIX_TS_SECS).unwrap_err()
    ));
    assert!(sig_bad(
        &svix(SVIX_BODY, SVIX_ID, SVIX_TS, "", SVIX_TS_SECS).unwrap_err()
    ));
    for ts in [
        "16142653x0",
        "",
        "-1614265330",
        "+1614265330",
        " 1614265330",
        "99999999999999999999999",
    ] {
        let err = svix(SVIX_BODY, SVIX_ID, ts, SVIX_SIG, SVIX_TS_SECS).unwrap_err();
        assert!(malformed("svix-timestamp")(&err), "{ts:?}: {err:?}");
    }
    let err = duda("mysecretsecret", DUDA_BODY, "yesterday", DUDA_SIG).unwrap_err();
    assert!(malformed("x-duda-signature-timestamp")(&err));
    assert!(malformed("x-duda-signature")(
        &duda("mysecretsecret", DUDA_BODY, DUDA_TS, "%%%").unwrap_err()
    ));
    // Gately: wrong prefix, odd-length hex, non-hex.
    let gately_bad = malformed("X-Gately-Signature");
    let hex = GATELY_SIG.trim_start_matches("sha256=");
    assert!(gately_bad(
        &gately(GATELY_BODY, &format!("sha1={hex}")).unwrap_err()
    ));
    assert!(gately_bad(
        &gately(GATELY_BODY, &GATELY_SIG[..GATELY_SIG.len() - 1]).unwrap_err()
    ));
    assert!(gately_bad(
        &gately(GATELY_BODY, &format!("sha256=zz{}", &hex[2..])).unwrap_err()
    ));
    // Well-formed but wrong length is simply a mismatch.
    assert_eq!(
        gately(GATELY_BODY, &GATELY_SIG[..GATELY_SIG.len() - 2]),
        Err(VerifyError::SignatureMismatch)
    );
    // Non-UTF-8 and duplicated headers.
    let raw = Unverified::new(GATELY_BODY, [("X-Gately-Signature", &[0xff, 0xfe][..])]);
    assert!(gately_bad(
        &raw.verify(&GATELY, GATELY_SECRET, at(0)).unwrap_err()
    ));
    let twice = [
        ("X-Gately-Signature", GATELY_SIG),
        ("x-gately-signature", GATELY_SIG),
    ];
    assert!(gately_bad(
        &check(&GATELY, GATELY_SECRET, GATELY_BODY, &twice, at(0)).unwrap_err()
    ));
}

#[test]
fn header_names_are_case_insensitive() {
    let headers = [
        ("SVIX-ID", SVIX_ID),
        ("Svix-Timestamp", SVIX_TS),
        ("sViX-sIgNaTuRe", SVIX_SIG),
    ];
    assert!(check(&SVIX, SVIX_SECRET, SVIX_BODY, &headers, at(SVIX_TS_SECS)).is_ok());
    assert!(
        check(
            &GATELY,
            GATELY_SECRET,
            GATELY_BODY,
            &[("x-gately-signature", GATELY_SIG)],
            at(0)
        )
        .is_ok()
    );
    let headers = [
        ("X-Duda-Signature", DUDA_SIG),
        ("X-DUDA-SIGNATURE-TIMESTAMP", DUDA_TS),
    ];
    assert!(check(&DUDA, "mysecretsecret", DUDA_BODY, &headers, at(0)).is_ok());
}

#[test]
fn svix_rotation_and_unknown_versions() {
    let good = SVIX_SIG;
    let other = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let good_b64 = good.trim_start_matches("v1,");
    let ok = |sig: &str| svix(SVIX_BODY, SVIX_ID, SVIX_TS, sig, SVIX_TS_SECS);
    assert!(ok(&format!("{other} {good}")).is_ok());
    assert!(ok(&format!("{good} {other}")).is_ok());
    assert!(ok(&format!("v1a,{good_b64} {good}")).is_ok());
    assert!(
        ok(&format!("v1,!!bad!! {good}")).is_ok(),
        "one malformed entry does not spoil a valid one"
    );
    assert_eq!(ok(other), Err(VerifyError::SignatureMismatch));
    assert_eq!(
        ok(&format!("{other} v1,!!bad!!")),
        Err(VerifyError::SignatureMismatch)
    );
    // A valid MAC under an unknown version prefix is skipped, not accepted.
    assert!(malformed("svix-signature")(
        &ok(&format!("v1a,{good_b64}")).unwrap_err()
    ));
    assert!(malformed("svix-signature")(
        &ok(&format!("v2,{good_b64} v1a,{good_b64}")).unwrap_err()
    ));
}

#[test]
fn svix_tolerance_window() {
    let at_offset = |now: u64| svix(SVIX_BODY, SVIX_ID, SVIX_TS, SVIX_SIG, now);
    assert!(at_offset(SVIX_TS_SECS + 300).is_ok());
    assert!(at_offset(SVIX_TS_SECS - 300).is_ok());
    for now in [SVIX_TS_SECS + 301, SVIX_TS_SECS - 301] {
        let err = at_offset(now).unwrap_err();
        assert_eq!(
            err,
            VerifyError::TimestampOutOfTolerance {
                timestamp: SVIX_TS_SECS,
                now,
                tolerance: 300
            }
        );
    }
    // Now is floored to whole seconds, as in Svix's libraries.
    let almost = at(SVIX_TS_SECS + 300) + Duration::from_millis(999);
    let headers = [
        ("svix-id", SVIX_ID),
        ("svix-timestamp", SVIX_TS),
        ("svix-signature", SVIX_SIG),
    ];
    assert!(check(&SVIX, SVIX_SECRET, SVIX_BODY, &headers, almost).is_ok());
    assert!(
        check(
            &SVIX,
            SVIX_SECRET,
            SVIX_BODY,
            &headers,
            UNIX_EPOCH - Duration::from_secs(1)
        )
        .is_err()
    );
    // Duda documents no window: a years-old timestamp still verifies.
    assert!(duda("mysecretsecret", DUDA_BODY, DUDA_TS, DUDA_SIG).is_ok());
}

#[test]
fn unsigned_never_verifies() {
    let advice = "MOIM does not sign webhooks; use an unguessable URL";
    let headers = [
        ("X-Gately-Signature", GATELY_SIG),
        ("svix-signature", SVIX_SIG),
    ];
    for secret in ["", "anything"] {
        assert_eq!(
            check(&MOIM, secret, b"{}", &headers, at(0)),
            Err(VerifyError::Unsigned { advice })
        );
        assert_eq!(
            check(&MOIM, secret, b"{}", &[], at(0)),
            Err(VerifyError::Unsigned { advice })
        );
    }
    assert_eq!(
        sign(&MOIM, "s", b"{}", None, None),
        Err(VerifyError::Unsigned { advice })
    );
}

#[test]
fn sign_then_verify_round_trip() {
    let body = br#"{"type":"member.created","data":{"id":"mem_1"}}"#;
    let now = 1_700_000_000;
    let cases = [
        (&GATELY, "topsecret", "wrongsecret"),
        (
            &SVIX,
            "whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM=",
            "whsec_d3JvbmctdGVzdC1rZXk=",
        ),
        (&DUDA, "topsecret", "wrongsecret"),
        (&STRIPE, "topsecret", "wrongsecret"),
        (
            &DUDA,
            "c2VjcmV0LWtleS1mb3ItdGVzdHM=",
            "d3JvbmctdGVzdC1rZXk=",
        ),
    ];
    for (signing, secret, wrong) in cases {
        let ts = if signing == &DUDA {
            "1700000000000"
        } else {
            "1700000000"
        };
        let headers = sign(signing, secret, body, Some("msg_42"), Some(ts)).unwrap();
        let pairs = || headers.iter().map(|(n, v)| (*n, v.as_bytes()));
        let v = Unverified::new(body, pairs())
            .verify(signing, secret, at(now))
            .unwrap();
        assert_eq!(v.body(), body);
        assert_eq!(
            v.idempotency_key(),
            if signing == &SVIX {
                Some("msg_42")
            } else {
                None
            }
        );
        let err = Unverified::new(body, pairs())
            .verify(signing, wrong, at(now))
            .unwrap_err();
        assert_eq!(err, VerifyError::SignatureMismatch);
    }
    // Live clock path.
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let headers = sign(&SVIX, SVIX_SECRET, body, Some("msg_now"), Some(&ts)).unwrap();
    let v = Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
        .verify_now(&SVIX, SVIX_SECRET);
    assert_eq!(v.unwrap().idempotency_key(), Some("msg_now"));
}

#[test]
fn sign_input_errors() {
    assert_eq!(
        sign(&SVIX, SVIX_SECRET, b"{}", None, Some("1")),
        Err(VerifyError::MissingHeader("svix-id"))
    );
    assert_eq!(
        sign(&SVIX, SVIX_SECRET, b"{}", Some("m"), None),
        Err(VerifyError::MissingHeader("svix-timestamp"))
    );
    assert!(malformed("svix-timestamp")(
        &sign(&SVIX, SVIX_SECRET, b"{}", Some("m"), Some("now")).unwrap_err()
    ));
}

#[test]
fn invalid_secrets_and_schemes() {
    let headers = [
        ("svix-id", SVIX_ID),
        ("svix-timestamp", SVIX_TS),
        ("svix-signature", SVIX_SIG),
    ];
    for secret in ["whsec_not base64!", "", "whsec_"] {
        let err = check(&SVIX, secret, SVIX_BODY, &headers, at(SVIX_TS_SECS)).unwrap_err();
        assert!(
            matches!(err, VerifyError::InvalidSecret(_)),
            "{secret:?}: {err:?}"
        );
    }
    assert!(matches!(
        check(&GATELY, "", GATELY_BODY, &[], at(0)),
        Err(VerifyError::InvalidSecret(_))
    ));

    let Signing::Hmac(base) = SVIX else {
        unreachable!()
    };
    let broken = [
        HmacScheme {
            id_header: None,
            ..base
        },
        HmacScheme {
            signed_content: &[Part::Id, Part::Timestamp],
            ..base
        },
        HmacScheme {
            timestamp_header: None,
            signed_content: &[Part::Id, Part::Body],
            ..base
        },
        HmacScheme {
            signed_content: &[Part::Timestamp, Part::Body],
            ..base
        },
        HmacScheme {
            entry_separator: Some(""),
            ..base
        },
    ];
    for scheme in broken {
        assert!(scheme.validate().is_err());
        let err = check(
            &Signing::Hmac(scheme),
            SVIX_SECRET,
            SVIX_BODY,
            &headers,
            at(SVIX_TS_SECS),
        )
        .unwrap_err();
        assert!(matches!(err, VerifyError::InvalidScheme(_)), "{err:?}");
    }
}

fn stripe_malformed(reason: &'static str) -> VerifyError {
    VerifyError::MalformedHeader {
        name: "Stripe-Signature",
        reason,
    }
}

#[test]
fn stripe_vector() {
    let header = format!("t={STRIPE_TS},v1={STRIPE_V1}");
    let v = stripe(STRIPE_BODY, &header, STRIPE_TS_SECS).unwrap();
    assert_eq!(v.body(), STRIPE_BODY);
    assert_eq!(v.idempotency_key(), None);
    // The timestamp entry need not come first.
    let reordered = format!("v1={STRIPE_V1},t={STRIPE_TS}");
    assert!(stripe(STRIPE_BODY, &reordered, STRIPE_TS_SECS).is_ok());
    // Signing reproduces it, timestamp entry first.
    let headers = sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, None, Some(STRIPE_TS)).unwrap();
    assert_eq!(headers, vec![("Stripe-Signature", header)]);
}

#[test]
fn stripe_rotation_tries_every_v1_entry() {
    let first = format!("t={STRIPE_TS},v1={STRIPE_V1},v1={STRIPE_OLD_V1}");
    let second = format!("t={STRIPE_TS},v1={STRIPE_OLD_V1},v1={STRIPE_V1}");
    for header in [&first, &second] {
        assert!(
            stripe(STRIPE_BODY, header, STRIPE_TS_SECS).is_ok(),
            "{header}"
        );
        // The rotated-out secret still verifies the same delivery.
        let old = [("Stripe-Signature", header.as_str())];
        let now = at(STRIPE_TS_SECS);
        assert!(check(&STRIPE, STRIPE_OLD_SECRET, STRIPE_BODY, &old, now).is_ok());
    }
    let only_old = format!("t={STRIPE_TS},v1={STRIPE_OLD_V1}");
    assert_eq!(
        stripe(STRIPE_BODY, &only_old, STRIPE_TS_SECS),
        Err(VerifyError::SignatureMismatch)
    );
    let bad_then_good = format!("t={STRIPE_TS},v1=nothex,v1={STRIPE_V1}");
    assert!(
        stripe(STRIPE_BODY, &bad_then_good, STRIPE_TS_SECS).is_ok(),
        "one malformed entry does not spoil a valid one"
    );
}

#[test]
fn stripe_skips_v0_and_unknown_entries() {
    let zeros = "0".repeat(64);
    for header in [
        format!("t={STRIPE_TS},v0={zeros},v1={STRIPE_V1}"),
        format!("t={STRIPE_TS},v1={STRIPE_V1},v0={zeros}"),
        format!("t={STRIPE_TS},x=y,v1={STRIPE_V1},v0=not hex,z"),
    ] {
        assert!(
            stripe(STRIPE_BODY, &header, STRIPE_TS_SECS).is_ok(),
            "{header}"
        );
    }
    // A valid MAC under another key is skipped, not accepted.
    for header in [
        format!("t={STRIPE_TS},v0={STRIPE_V1}"),
        format!("t={STRIPE_TS}"),
    ] {
        assert_eq!(
            stripe(STRIPE_BODY, &header, STRIPE_TS_SECS),
            Err(stripe_malformed("no entry with the expected prefix")),
            "{header}"
        );
    }
}

#[test]
fn stripe_body_and_timestamp_are_authenticated() {
    let header = format!("t={STRIPE_TS},v1={STRIPE_V1}");
    for i in 0..STRIPE_BODY.len() {
        let mut tampered = STRIPE_BODY.to_vec();
        tampered[i] ^= 0x01;
        assert_eq!(
            stripe(&tampered, &header, STRIPE_TS_SECS),
            Err(VerifyError::SignatureMismatch),
            "byte {i}"
        );
    }
    // Within tolerance, so only the MAC can catch it; the text is signed as received.
    for ts in ["1492774578", "01492774577"] {
        assert_eq!(
            stripe(
                STRIPE_BODY,
                &format!("t={ts},v1={STRIPE_V1}"),
                STRIPE_TS_SECS
            ),
            Err(VerifyError::SignatureMismatch),
            "{ts}"
        );
    }
}

#[test]
fn stripe_tolerance_window() {
    let header = format!("t={STRIPE_TS},v1={STRIPE_V1}");
    assert!(stripe(STRIPE_BODY, &header, STRIPE_TS_SECS + 300).is_ok());
    assert!(stripe(STRIPE_BODY, &header, STRIPE_TS_SECS - 300).is_ok());
    for now in [STRIPE_TS_SECS + 301, STRIPE_TS_SECS - 301] {
        assert_eq!(
            stripe(STRIPE_BODY, &header, now),
            Err(VerifyError::TimestampOutOfTolerance {
                timestamp: STRIPE_TS_SECS,
                now,
                tolerance: 300
            })
        );
    }
}

#[test]
fn stripe_timestamp_entry_errors() {
    let sig = format!("v1={STRIPE_V1}");
    // Exactly one `t=` entry: a second one is ambiguous, even with the same value.
    for header in [
        format!("t={STRIPE_TS},t={STRIPE_TS},{sig}"),
        format!("t={STRIPE_TS},{sig},t=1492774578"),
    ] {
        assert_eq!(
            stripe(STRIPE_BODY, &header, STRIPE_TS_SECS),
            Err(stripe_malformed("more than one timestamp entry")),
            "{header}"
        );
    }
    // No `t=` entry: the header is malformed (400), like one without a `v1=` entry.
    for header in [sig.clone(), format!("T={STRIPE_TS},{sig}"), String::new()] {
        assert_eq!(
            stripe(STRIPE_BODY, &header, STRIPE_TS_SECS),
            Err(stripe_malformed("no timestamp entry")),
            "{header:?}"
        );
    }
    for ts in ["", "abc", "-1", "+1492774577", "99999999999999999999999"] {
        let err = stripe(STRIPE_BODY, &format!("t={ts},{sig}"), STRIPE_TS_SECS).unwrap_err();
        assert!(malformed("Stripe-Signature")(&err), "{ts:?}: {err:?}");
    }
    // No header at all is a missing header (401), as for every scheme.
    assert_eq!(
        check(&STRIPE, STRIPE_SECRET, STRIPE_BODY, &[], at(STRIPE_TS_SECS)),
        Err(VerifyError::MissingHeader("Stripe-Signature"))
    );
}

#[test]
fn stripe_sign_shape_and_round_trip() {
    let ts = Some("1700000000");
    let headers = sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, Some("ignored"), ts).unwrap();
    let [(name, value)] = headers.as_slice() else {
        panic!("one header expected: {headers:?}")
    };
    assert_eq!(*name, "Stripe-Signature");
    let hex = value.strip_prefix("t=1700000000,v1=").unwrap();
    assert_eq!(hex.len(), 64);
    assert!(
        hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "{value}"
    );
    assert!(stripe(STRIPE_BODY, value, 1_700_000_000).is_ok());
    assert_eq!(
        sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, None, None),
        Err(stripe_malformed("no timestamp entry"))
    );
    assert!(malformed("Stripe-Signature")(
        &sign(&STRIPE, STRIPE_SECRET, STRIPE_BODY, None, Some("now")).unwrap_err()
    ));
}

#[test]
fn timestamp_entry_scheme_validation() {
    let Signing::Hmac(base) = STRIPE else {
        unreachable!()
    };
    let exactly_when = "the timestamp header or entry must be configured exactly when the signed content includes it";
    let broken = [
        (
            HmacScheme {
                entry_separator: None,
                ..base
            },
            "a timestamp entry needs an entry separator",
        ),
        (
            HmacScheme {
                timestamp_header: Some("stripe-timestamp"),
                ..base
            },
            "the timestamp comes from a header or from an entry, not both",
        ),
        (
            HmacScheme {
                timestamp_entry: Some(""),
                ..base
            },
            "timestamp entry prefix is empty",
        ),
        (
            HmacScheme {
                timestamp_entry: Some("t,"),
                ..base
            },
            "timestamp entry prefix contains the entry separator",
        ),
        (
            HmacScheme {
                timestamp_entry: Some("v"),
                ..base
            },
            "every signature entry would also start with the timestamp entry prefix",
        ),
        (
            HmacScheme {
                signed_content: &[Part::Body],
                ..base
            },
            exactly_when,
        ),
        (
            HmacScheme {
                timestamp_entry: None,
                ..base
            },
            exactly_when,
        ),
        (
            HmacScheme {
                timestamp_entry: None,
                signed_content: &[Part::Body],
                ..base
            },
            "a replay tolerance needs a timestamp header or entry",
        ),
    ];
    let value = format!("t={STRIPE_TS},v1={STRIPE_V1}");
    let headers = [("Stripe-Signature", value.as_str())];
    let now = at(STRIPE_TS_SECS);
    for (scheme, reason) in broken {
        assert_eq!(scheme.validate(), Err(reason));
        let signing = Signing::Hmac(scheme);
        assert_eq!(
            check(&signing, STRIPE_SECRET, STRIPE_BODY, &headers, now),
            Err(VerifyError::InvalidScheme(reason))
        );
    }
    // A timestamp entry that merely starts like the signature prefix is fine (an empty
    // `entry_prefix`, as for Duda): the timestamp entry is recognised first.
    let bare = Signing::Hmac(HmacScheme {
        entry_prefix: "",
        ..base
    });
    let value = format!("t={STRIPE_TS},{STRIPE_V1}");
    let headers = [("Stripe-Signature", value.as_str())];
    assert!(check(&bare, STRIPE_SECRET, STRIPE_BODY, &headers, now).is_ok());
}

#[test]
fn escape_hatch() {
    let v = Verified::dangerously_skip_verification(b"{\"x\":1}".to_vec());
    assert_eq!(v.body(), b"{\"x\":1}");
    assert_eq!(v.idempotency_key(), None);
    assert_eq!(
        format!("{v:?}"),
        "Verified { body_len: 7, idempotency_key: None, matched_secret: None }"
    );
    assert_eq!(v.matched_secret(), None);
    assert_eq!(v.into_body(), b"{\"x\":1}".to_vec());
}

// GitHub's scheme: Gately's, in `X-Hub-Signature-256`.
const GITHUB: Signing = Signing::Hmac(HmacScheme {
    signature_header: "X-Hub-Signature-256",
    ..match GATELY {
        Signing::Hmac(scheme) => scheme,
        Signing::Unsigned { .. } => panic!("Gately signs"),
    }
});

/// Two secrets per scheme, in each scheme's own spelling.
fn rotation_cases() -> [(&'static str, Signing, [&'static str; 2]); 5] {
    [
        (
            "svix",
            SVIX,
            [SVIX_SECRET, "whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ=="],
        ),
        ("duda", DUDA, ["mysecretsecret", "bmV3LWR1ZGEtc2VjcmV0"]),
        ("gately", GATELY, [GATELY_SECRET, "gately-new-secret"]),
        ("github", GITHUB, ["It's a Secret to Everybody", "rotated"]),
        ("stripe", STRIPE, [STRIPE_OLD_SECRET, STRIPE_SECRET]),
    ]
}

fn signed_by(signing: &Signing, secret: &str, body: &[u8]) -> Vec<(&'static str, String)> {
    sign(
        signing,
        secret,
        body,
        Some("msg_rotate"),
        Some("1700000000"),
    )
    .unwrap()
}

fn rotated(
    signing: &Signing,
    headers: &[(&'static str, String)],
    body: &[u8],
    secrets: &Secrets,
) -> Result<Verified, VerifyError> {
    Unverified::new(body, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
        .verify_with(secrets, at(1_700_000_000))
        .inspect(|verified| assert_eq!(verified.body(), body, "{signing:?}"))
}

#[test]
fn rotation_reports_which_secret_matched_for_every_scheme() {
    let body = br#"{"type":"member.created","data":{"id":"mem_1"}}"#;
    for (scheme, signing, [old, new]) in rotation_cases() {
        let secrets = Secrets::new(&signing)
            .and_then(|set| set.with_labelled("old", old))
            .and_then(|set| set.with_labelled("new", new))
            .unwrap();
        assert_eq!(secrets.len(), 2);
        assert_eq!(
            secrets.labels().collect::<Vec<_>>(),
            [Some("old"), Some("new")]
        );
        for (secret, index, label) in [(old, 0, "old"), (new, 1, "new")] {
            let headers = signed_by(&signing, secret, body);
            let verified = rotated(&signing, &headers, body, &secrets).unwrap();
            let matched = verified.matched_secret().unwrap();
            assert_eq!(
                (matched.index(), matched.label()),
                (index, Some(label)),
                "{scheme}"
            );
            assert_eq!(matched.to_string(), format!("secret {index} ({label})"));
            // The slice API the command line uses says the same, by index.
            let pairs = headers.iter().map(|(n, v)| (*n, v.as_bytes()));
            let verified = Unverified::new(body, pairs)
                .verify_any(&signing, [old, new], at(1_700_000_000))
                .unwrap();
            let matched = verified.matched_secret().unwrap();
            assert_eq!(
                (matched.index(), matched.label()),
                (index, None),
                "{scheme}"
            );
        }
        let neither = signed_by(&signing, "c29tZS1vdGhlci1zZWNyZXQ=", body);
        assert_eq!(
            rotated(&signing, &neither, body, &secrets),
            Err(VerifyError::SignatureMismatch),
            "{scheme}"
        );
        // A tampered body matches neither secret.
        let headers = signed_by(&signing, new, body);
        let mut tampered = body.to_vec();
        tampered[3] ^= 1;
        let pairs = headers.iter().map(|(n, v)| (*n, v.as_bytes()));
        assert_eq!(
            Unverified::new(&tampered, pairs).verify_with(&secrets, at(1_700_000_000)),
            Err(VerifyError::SignatureMismatch),
            "{scheme}"
        );
    }
}

#[test]
fn rotation_with_several_signatures_in_one_header() {
    // Svix and Stripe-style senders sign with both secrets during a rotation: the first
    // secret, in the receiver's order, that matches any entry is reported.
    let body = br#"{"test": 1}"#;
    let svix_old = signed_by(&SVIX, SVIX_SECRET, body);
    let svix_new = signed_by(&SVIX, "whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ==", body);
    let both = format!("{} {}", svix_new[2].1, svix_old[2].1);
    let mut headers = svix_old.clone();
    headers[2].1 = both;
    for (order, expected) in [
        ([SVIX_SECRET, "whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ=="], 0),
        (["whsec_bmV3LXN2aXgtc2VjcmV0LWtleQ==", SVIX_SECRET], 0),
        (["whsec_d3JvbmctdGVzdC1rZXk=", SVIX_SECRET], 1),
    ] {
        let secrets = Secrets::from_secrets(&SVIX, order).unwrap();
        let verified = rotated(&SVIX, &headers, body, &secrets).unwrap();
        assert_eq!(verified.matched_secret().unwrap().index(), expected);
    }
    // Stripe: `t=..,v1=<new>,v1=<old>`, receiver knows the old one only, then both.
    let header = format!("t={STRIPE_TS},v1={STRIPE_V1},v1={STRIPE_OLD_V1}");
    let headers = [("Stripe-Signature", header)];
    let check = |secrets: &[&str]| {
        Unverified::new(STRIPE_BODY, headers.iter().map(|(n, v)| (*n, v.as_bytes())))
            .verify_any(&STRIPE, secrets, at(STRIPE_TS_SECS))
            .map(|verified| verified.matched_secret().map(MatchedSecret::index))
    };
    assert_eq!(check(&[STRIPE_OLD_SECRET]), Ok(Some(0)));
    assert_eq!(check(&["whsec_other", STRIPE_SECRET]), Ok(Some(1)));
    assert_eq!(
        check(&["whsec_other", "whsec_another"]),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn secret_sets_report_configuration_errors_up_front() {
    assert_eq!(
        Secrets::new(&MOIM).unwrap_err(),
        VerifyError::Unsigned {
            advice: "MOIM does not sign webhooks; use an unguessable URL"
        }
    );
    assert!(matches!(
        Secrets::new(&SVIX).and_then(|set| set.with("whsec_not base64!")),
        Err(VerifyError::InvalidSecret(_))
    ));
    assert!(matches!(
        Secrets::from_secrets(&GATELY, ["fine", ""]),
        Err(VerifyError::InvalidSecret(_))
    ));
    let Signing::Hmac(base) = SVIX else {
        unreachable!()
    };
    let broken = Signing::Hmac(HmacScheme {
        id_header: None,
        ..base
    });
    assert!(matches!(
        Secrets::new(&broken),
        Err(VerifyError::InvalidScheme(_))
    ));
    // No secret at all is a configuration error, reported before any header is read.
    let empty = Secrets::new(&GATELY).unwrap();
    assert!(empty.is_empty());
    assert_eq!(
        Unverified::new(GATELY_BODY, []).verify_with(&empty, at(0)),
        Err(VerifyError::InvalidSecret("no secret configured"))
    );
    let none: [&str; 0] = [];
    assert_eq!(
        Unverified::new(GATELY_BODY, []).verify_any(&GATELY, none, at(0)),
        Err(VerifyError::InvalidSecret("no secret configured"))
    );
    // Debug shows labels, never keys.
    let set = Secrets::new(&GATELY)
        .and_then(|set| set.with_labelled("2026", "hunter2-very-secret"))
        .and_then(|set| set.with("second-secret"))
        .unwrap();
    let debug = format!("{set:?}");
    assert!(
        debug.contains("2026") && debug.contains("(unlabelled)"),
        "{debug}"
    );
    assert!(
        !debug.contains("hunter2") && !debug.contains("second-secret"),
        "{debug}"
    );
    assert_eq!(set.signing(), GATELY);
}

#[test]
fn one_secret_verify_reports_index_zero() {
    let v = gately(GATELY_BODY, GATELY_SIG).unwrap();
    let matched = v.matched_secret().unwrap();
    assert_eq!((matched.index(), matched.label()), (0, None));
    assert_eq!(matched.to_string(), "secret 0");
}
