//! `hookspec replay`, run as a user runs it, on spools written by the library's `FsSpool`.

use std::path::{Path, PathBuf};

use hookspec::spool::{FsSpool, KeptDelivery, Spool as _, scan};
use hookspec::verify::{KeyDerivation, Signing, Unverified, sign};
use hookspec::{VENDORS, Vendor};
use sha2::Digest as _;

mod common;
use common::{TempDir, hookspec, serve};

/// A secret the vendor's scheme takes.
fn secret(vendor: &Vendor) -> String {
    let raw = format!("{}-replay", vendor.id);
    match vendor.signing {
        Signing::Hmac(scheme) => match scheme.key {
            KeyDerivation::Base64AfterPrefix(prefix) => {
                format!("{prefix}{}", base64_encode(raw.as_bytes()))
            }
            _ => raw,
        },
        Signing::Unsigned { .. } => raw,
    }
}

/// Standard base64 (the test's own: `whsec_` secrets are base64 after the prefix).
fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, byte)| n | u32::from(*byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

fn signed_vendors() -> impl Iterator<Item = &'static Vendor> {
    VENDORS
        .iter()
        .filter(|vendor| matches!(vendor.signing, Signing::Hmac(_)))
}

/// Keeps, in `dir`, a delivery of `vendor` that does not fit its spec (not JSON), as a
/// receiver would: verified with the vendor's headers, an `X-Trace` header along.
fn keep_unfit(dir: &Path, vendor: &'static Vendor, n: usize) -> (PathBuf, Vec<u8>) {
    let body = format!("delivery {n} of {}: not JSON \u{7f}", vendor.id).into_bytes();
    let timestamp = match vendor.signing {
        Signing::Hmac(scheme)
            if scheme.timestamp_unit == hookspec::verify::TimestampUnit::Milliseconds =>
        {
            "1700000000000"
        }
        _ => "1700000000",
    };
    let mut headers: Vec<(String, String)> = sign(
        vendor.signing,
        &secret(vendor),
        &body,
        Some(&format!("msg_kept_{n}")),
        Some(timestamp),
    )
    .unwrap()
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect();
    headers.push(("x-trace".to_owned(), format!("trace {n}")));
    if let Some(name) = vendor.name_header() {
        headers.push((name.to_owned(), vendor.events[0].base_name.to_owned()));
    }
    let verified = Unverified::new(
        &body,
        headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes())),
    )
    .verify(
        vendor.signing,
        &secret(vendor),
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
    )
    .unwrap();
    let Err(unparsed) = vendor.parse_or_keep(verified) else {
        panic!("a body that is not JSON parsed");
    };
    let stem = FsSpool::open(dir).unwrap().keep(&unparsed).unwrap();
    (dir.join(stem), body)
}

#[test]
fn replay_signs_anew_sends_the_kept_headers_and_archives_what_was_accepted() {
    let spool = TempDir::new("spool");
    let archived = TempDir::new("archive");
    let vendors: Vec<&Vendor> = signed_vendors().collect();
    assert!(!vendors.is_empty());
    let mut kept = Vec::new();
    for (n, vendor) in vendors.iter().enumerate() {
        kept.push((*vendor, keep_unfit(&spool.0, vendor, n)));
    }
    // The first vendor's receiver refuses: its delivery stays in the spool.
    let refused = vendors[0].id;
    let (addr, requests) = serve(move |request| {
        if request.path.ends_with(refused) {
            500
        } else {
            200
        }
    });
    let to = format!("http://{addr}/webhooks/{{vendor}}");
    let mut args = vec![
        "replay",
        spool.path(),
        "--to",
        &to,
        "--archive",
        archived.path(),
    ];
    let secrets: Vec<String> = vendors
        .iter()
        .map(|vendor| format!("{}={}", vendor.id, secret(vendor)))
        .collect();
    for secret in &secrets {
        args.extend(["--secret", secret]);
    }
    let run = hookspec(&args);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "1 of {} deliveries were not replayed",
            vendors.len()
        )),
        "{}",
        run.stderr
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), vendors.len(), "{}", run.stdout);
    for (n, (vendor, (stem, body))) in kept.iter().enumerate() {
        let name = stem.file_name().unwrap().to_str().unwrap();
        let line = lines
            .iter()
            .find(|line| line.starts_with(&format!("{name} -> ")))
            .unwrap_or_else(|| panic!("no line for {name}: {}", run.stdout));
        let request = requests.recv().unwrap();
        assert_eq!(request.path, format!("/webhooks/{}", vendor.id));
        assert_eq!(&request.body, body);
        // Signed anew, now: it verifies with the vendor's secret at the current time.
        let pairs = request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()));
        let verified = Unverified::new(&request.body, pairs)
            .verify_now(vendor.signing, &secret(vendor))
            .unwrap();
        // The kept headers travel along, and the kept signing id is signed again.
        assert_eq!(request.header("x-trace"), Some(&*format!("trace {n}")));
        if let Signing::Hmac(scheme) = vendor.signing
            && scheme.id_header.is_some()
        {
            assert!(verified.idempotency_key().unwrap().starts_with("msg_kept_"));
        }
        if vendor.id == refused {
            assert_eq!(*line, format!("{name} -> 500 Internal Server Error"));
            assert!(KeptDelivery::read(stem).is_ok(), "the refused one stays");
        } else {
            assert!(
                line.starts_with(&format!("{name} -> 200 OK (archived to ")),
                "{line}"
            );
            let moved = archived.0.join(name);
            assert_eq!(&KeptDelivery::read(&moved).unwrap().body, body);
            assert!(KeptDelivery::read(stem).is_err(), "moved out of the spool");
        }
    }
    assert_eq!(scan(&spool.0).unwrap().complete.len(), 1);
}

/// `--dry-run` parses each kept delivery with the compiled-in specs: one whose body was
/// changed to a documented example (standing for a spec fix) parses now, the others still
/// fail, with their error. A stem without `.meta` is skipped with a note.
#[test]
fn dry_run_reports_which_deliveries_parse_now() {
    let spool = TempDir::new("dry");
    let vendor = signed_vendors()
        .find(|vendor| {
            vendor.name_header().is_none()
                && vendor.events.iter().any(|info| info.example.is_some())
        })
        .expect("a signing vendor with a documented example");
    let (fixed, _) = keep_unfit(&spool.0, vendor, 1);
    let (still, _) = keep_unfit(&spool.0, vendor, 2);
    let info = vendor
        .events
        .iter()
        .find(|info| info.example.is_some())
        .unwrap();
    let example = info.example.unwrap().as_bytes();
    let name = |stem: &Path| stem.file_name().unwrap().to_str().unwrap().to_owned();
    std::fs::write(
        fixed.with_file_name(format!("{}.json", name(&fixed))),
        example,
    )
    .unwrap();
    let meta_path = fixed.with_file_name(format!("{}.meta", name(&fixed)));
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    meta["body_bytes"] = example.len().into();
    meta["body_sha256"] = sha2::Sha256::digest(example)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<String>()
        .into();
    std::fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    // Left by a receiver killed while keeping a delivery.
    std::fs::write(
        spool.0.join("20260101T000000000000Z-000000-half.json"),
        b"{",
    )
    .unwrap();

    let run = hookspec(&["replay", "--dry-run", spool.path()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            format!("{} -> parses ({})", name(&fixed), info.name),
            format!(
                "{} -> still fails: {}",
                name(&still),
                vendor
                    .parse(
                        &std::fs::read(still.with_file_name(format!("{}.json", name(&still))))
                            .unwrap()
                    )
                    .unwrap_err()
            ),
        ]
    );
    assert!(
        run.stderr.contains("skipped") && run.stderr.contains("-half: no .meta"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 of 2 deliveries still fail to parse"),
        "{}",
        run.stderr
    );
    // One file names one delivery.
    let run = hookspec(&["replay", "--dry-run", &format!("{}.meta", fixed.display())]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        format!("{} -> parses ({})\n", name(&fixed), info.name)
    );
    // A path that names nothing kept says so.
    let missing = spool.0.join("20260101T000000000000Z-000000-nothing");
    let run = hookspec(&["replay", "--dry-run", missing.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "20260101T000000000000Z-000000-nothing -> error: no such kept delivery (no .meta, .json \
         or .headers)\n"
    );
}

#[test]
fn replay_usage_errors_exit_2_and_send_nothing() {
    let spool = TempDir::new("usage");
    let vendor = signed_vendors().next().unwrap();
    keep_unfit(&spool.0, vendor, 1);
    let (addr, requests) = serve(|_| 200);
    let to = format!("http://{addr}/");
    let run = hookspec(&["replay", spool.path(), "--to", &to]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("--secret {}=SECRET", vendor.id)),
        "{}",
        run.stderr
    );
    // Another vendor's secret is not this one's.
    if let Some(other) = signed_vendors().find(|other| other.id != vendor.id) {
        let secret = format!("{}=x", other.id);
        let run = hookspec(&["replay", spool.path(), "--to", &to, "--secret", &secret]);
        assert_eq!(run.code, 2, "{}", run.stderr);
    }
    let run = hookspec(&["replay", spool.path()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--to"), "{}", run.stderr);
    let run = hookspec(&["replay", spool.path(), "--to", "https://example.com/"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(requests.try_recv().is_err(), "something was sent");
}
