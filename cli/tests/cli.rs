//! The `hookspec` binary, run as a user runs it: exit codes, stdout and stderr.

use std::net::TcpListener;
use std::time::{SystemTime, UNIX_EPOCH};

use hookspec::verify::{Signing, sign};
use hookspec::{VENDORS, Vendor};
use serde_json::Value;

mod common;
use common::{Recorded, Run, hookspec_with_stdin as hookspec, serve, specs_dir};

const SVIX_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SVIX_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SVIX_TS: &str = "1614265330";
const SVIX_BODY: &str = r#"{"test": 2432232314}"#;
const SVIX_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const DUDA_TS: &str = "1570350275357";
const DUDA_BODY: &str = "{'key1':'world','key2':'world'}";
const DUDA_SIG: &str = "+DCfT1wIMUiaZnlZB4u59/d5wkXKA89lv67Ov66vnyc=";

fn vendor(id: &str) -> &'static Vendor {
    hookspec::vendor(id).unwrap()
}

/// A vendor id no spec can have, for "unknown vendor" cases: the generator accepts only
/// snake_case Rust identifiers as vendor ids ("a vendor id must be a snake_case Rust
/// identifier" in codegen's validate), and this one has uppercase letters and hyphens. A plain
/// name such as `acme` would break these tests the day someone adds that vendor.
const NOT_A_VENDOR: &str = "Not-A-Vendor";

/// A usage error: exit 2, nothing on stdout, and clap's `error: ...` on stderr, ending with
/// the pointer to `--help`.
fn assert_usage_error(run: &Run, message: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("For more information, try '--help'.\n"),
        "{}",
        run.stderr
    );
}

// ---- parse and check --------------------------------------------------------------------

#[test]
fn parse_prints_one_line_of_json() {
    let example = vendor("gately").events[0].example.unwrap();
    let run = hookspec(&["parse", "gately"], example.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(
        run.stdout.starts_with(
            r#"{"vendor":"gately","event":"member.created","known":true,"rust_type":"hookspec::gately::Envelope<hookspec::gately::MemberCreated>","value":"#
        ),
        "{}",
        run.stdout
    );
    let line: Value = serde_json::from_str(&run.stdout).unwrap();
    let sent: Value = serde_json::from_str(example).unwrap();
    assert_eq!(line["value"], sent);

    // From a file, and `-` for stdin.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-parse");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("delivery.json");
    std::fs::write(&file, example).unwrap();
    let from_file = hookspec(&["parse", "gately", file.to_str().unwrap()], b"");
    assert_eq!(from_file.stdout, run.stdout);
    assert_eq!(
        hookspec(&["parse", "gately", "-"], example.as_bytes()).stdout,
        run.stdout
    );
}

#[test]
fn parse_reports_the_name_as_delivered_for_memberstack_and_duda() {
    // Memberstack's plan-added event: delivered as `member.plan.added`, documented as
    // `member.plan.created`; `event` is the name that came, either way.
    for name in ["member.plan.added", "member.plan.created"] {
        let body = format!(
            r#"{{"event": "{name}", "timestamp": 1633486880169, "reason": ["planConnection.created"],
                "payload": {{"id": "mem_1", "planConnection": {{"id": "con_1", "active": true,
                "status": "ACTIVE", "type": "SUBSCRIPTION", "planId": "pln_1", "memberId": "mem_1"}}}}}}"#
        );
        let run = hookspec(&["parse", "memberstack"], body.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let line: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(line["event"], name);
        assert_eq!(line["known"], true);
        assert_eq!(
            line["rust_type"],
            "hookspec::memberstack::Envelope<hookspec::memberstack::MemberPlanConnection>"
        );
        assert_eq!(line["value"], serde_json::from_str::<Value>(&body).unwrap());
    }

    // Duda: a number as `data`, and a third-party store event whose `data.data` is null.
    for name in ["UNPUBLISH", "STORE_ORDER_DELETED"] {
        let example = vendor("duda")
            .event(name)
            .and_then(|info| info.example)
            .unwrap();
        let run = hookspec(&["parse", "duda"], example.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let line: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(line["event"], name);
        assert_eq!(
            line["value"],
            serde_json::from_str::<Value>(example).unwrap()
        );
    }
}

#[test]
fn parse_keeps_unknown_events() {
    let body = br#"{"id": "evt_1", "event": "refund.created", "created_at": "2024-01-15T10:00:00Z", "project_id": "p", "data": {}}"#;
    let run = hookspec(&["parse", "gately"], body);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            r#"{"vendor":"gately","event":"refund.created","known":false,"rust_type":"hookspec::UnknownEvent","value":{"#
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn parse_rejects_invalid_bodies_with_exit_1() {
    let run = hookspec(
        &["parse", "gately"],
        br#"{"id": 1, "event": "member.created"}"#,
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.starts_with("hookspec: "), "{}", run.stderr);
    assert!(!run.stderr.contains("Usage:"), "{}", run.stderr);

    let missing = hookspec(&["parse", "gately", "/nonexistent/delivery.json"], b"");
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("cannot read"), "{}", missing.stderr);
}

#[test]
fn bodies_over_the_limit_are_refused_from_stdin_and_files() {
    let body = br#"{"id": "evt_1", "event": "refund.created", "created_at": "2024-01-15T10:00:00Z", "project_id": "p", "data": {}}"#;
    let exact = body.len().to_string();
    let under = (body.len() - 1).to_string();
    assert_eq!(
        hookspec(&["parse", "gately", "--max-body-bytes", &exact], body).code,
        0
    );
    let run = hookspec(&["parse", "gately", "--max-body-bytes", &under], body);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim_end(),
        format!("hookspec: stdin is larger than {under} bytes (--max-body-bytes)")
    );

    let file = std::env::temp_dir().join(format!("hookspec-cli-limit-{}.json", std::process::id()));
    std::fs::write(&file, body).unwrap();
    let path = file.to_str().unwrap();
    let run = hookspec(
        &[
            "verify",
            "gately",
            "--secret",
            "s",
            "--max-body-bytes",
            "10",
            path,
        ],
        b"",
    );
    std::fs::remove_file(&file).unwrap();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("is larger than 10 bytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    // No command: the help, on stderr, as a usage error.
    let bare = hookspec(&[], b"");
    assert_eq!(bare.code, 2, "{}", bare.stderr);
    assert!(bare.stdout.is_empty(), "{}", bare.stdout);
    assert!(
        bare.stderr.contains("Usage: hookspec [OPTIONS] <COMMAND>"),
        "{}",
        bare.stderr
    );
    assert_usage_error(
        &hookspec(&["frobnicate"], b""),
        "unrecognized subcommand 'frobnicate'",
    );
    let no_vendor = hookspec(&["parse"], b"");
    assert_usage_error(&no_vendor, "required arguments were not provided");
    assert!(
        no_vendor.stderr.contains("<VENDOR>"),
        "{}",
        no_vendor.stderr
    );
    assert_usage_error(
        &hookspec(&["parse", "gately", "a", "b"], b""),
        "unexpected argument 'b'",
    );
    assert_usage_error(&hookspec(&["parse", "--bogus"], b""), "'--bogus'");
    // An option of another command.
    assert_usage_error(
        &hookspec(&["parse", "gately", "--secret", "s"], b""),
        "unexpected argument '--secret'",
    );
    assert_usage_error(
        &hookspec(&["check", "--to", "x"], b""),
        "unexpected argument '--to'",
    );
    assert_usage_error(
        &hookspec(&["verify", "gately", "--to", "x"], b""),
        "unexpected argument '--to'",
    );
    assert_usage_error(
        &hookspec(&["send", "gately", "--now", "1"], b""),
        "unexpected argument '--now'",
    );
    let help = hookspec(&["--help"], b"");
    assert_eq!(help.code, 0);
    for command in ["parse", "check", "verify", "send"] {
        assert!(
            help.stdout.contains(&format!("hookspec {command} ")),
            "{}",
            help.stdout
        );
    }
}

#[test]
fn check_summarizes_the_specs() {
    let run = hookspec(&["check", &specs_dir()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // One line per spec file (`check` reads specs, whichever vendors this build compiled).
    let specs = std::fs::read_dir(specs_dir())
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|entry| entry.path().extension().is_some_and(|ext| ext == "yaml"))
        })
        .count();
    assert_eq!(run.stdout.lines().count(), specs);
    for vendor in VENDORS {
        assert!(
            run.stdout.contains(&format!("{}: ok - ", vendor.id)),
            "{}",
            run.stdout
        );
    }
    let empty = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-no-specs");
    std::fs::create_dir_all(&empty).unwrap();
    let run = hookspec(&["check", empty.to_str().unwrap()], b"");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no specs"), "{}", run.stderr);
}

#[test]
fn check_shows_each_problem_with_its_snippet() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-bad-spec");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = std::fs::read_to_string(std::path::Path::new(&specs_dir()).join("gately.yaml"))
        .unwrap()
        .replacen("type: string", "type: strng", 1);
    std::fs::write(dir.join("gately.yaml"), &spec).unwrap();
    let run = hookspec(&["check", dir.to_str().unwrap()], b"");
    assert_eq!(run.code, 1);
    let line = spec
        .lines()
        .position(|line| line.contains("strng"))
        .unwrap()
        + 1;
    for expected in [
        "error: unknown type `strng`".to_owned(),
        format!("gately.yaml:{line}:"),
        format!("{line} | "),
        "^^^^^".to_owned(),
        "help: did you mean `string`?".to_owned(),
    ] {
        assert!(
            run.stderr.contains(&expected),
            "{expected:?} in:\n{}",
            run.stderr
        );
    }
}

// ---- verify -----------------------------------------------------------------------------

fn svix_args(now: Option<&str>) -> Vec<String> {
    let mut args: Vec<String> = ["verify", "memberstack", "--secret", SVIX_SECRET]
        .map(str::to_owned)
        .to_vec();
    for header in [
        format!("svix-id: {SVIX_ID}"),
        format!("svix-timestamp: {SVIX_TS}"),
        format!("svix-signature: {SVIX_SIG}"),
    ] {
        args.push("--header".into());
        args.push(header);
    }
    if let Some(now) = now {
        args.push("--now".into());
        args.push(now.into());
    }
    args
}

fn run_owned(args: &[String], stdin: &[u8]) -> Run {
    hookspec(&args.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
}

#[test]
fn verify_accepts_the_svix_vector_at_its_time() {
    let run = run_owned(&svix_args(Some(SVIX_TS)), SVIX_BODY.as_bytes());
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "valid\n"),
        "{}",
        run.stderr
    );
    // Five minutes later still passes; a second more does not.
    assert_eq!(
        run_owned(&svix_args(Some("1614265630")), SVIX_BODY.as_bytes()).code,
        0
    );
    let late = run_owned(&svix_args(Some("1614265631")), SVIX_BODY.as_bytes());
    assert_eq!(late.code, 1);
    assert!(
        late.stderr.contains("more than 300s away from now"),
        "{}",
        late.stderr
    );
    // Without --now the clock is today's, long after the vector was signed.
    let today = run_owned(&svix_args(None), SVIX_BODY.as_bytes());
    assert_eq!(today.code, 1);
    assert!(today.stdout.is_empty());
}

#[test]
fn verify_accepts_the_duda_vector_with_either_secret_spelling() {
    for secret in ["mysecretsecret", "bXlzZWNyZXRzZWNyZXQ="] {
        let run = hookspec(
            &[
                "verify",
                "duda",
                "--secret",
                secret,
                "--header",
                &format!("X-Duda-Signature: {DUDA_SIG}"),
                "--header",
                &format!("x-duda-signature-timestamp:{DUDA_TS}"),
                "-",
            ],
            DUDA_BODY.as_bytes(),
        );
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, "valid\n"),
            "{secret}: {}",
            run.stderr
        );
    }
}

fn gately_verify(secret: &str, body: &[u8], signature: &str) -> Run {
    hookspec(
        &[
            "verify",
            "gately",
            "--secret",
            secret,
            "--header",
            &format!("X-Gately-Signature: {signature}"),
        ],
        body,
    )
}

#[test]
fn verify_checks_a_gately_signature_and_every_byte() {
    let body = vendor("gately").events[0].example.unwrap().as_bytes();
    let headers = sign(vendor("gately").signing, "gately-secret", body, None, None).unwrap();
    let signature = &headers[0].1;
    let run = gately_verify("gately-secret", body, signature);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "valid\n"),
        "{}",
        run.stderr
    );

    let wrong_secret = gately_verify("other-secret", body, signature);
    assert_eq!(wrong_secret.code, 1);
    assert_eq!(
        wrong_secret.stderr,
        "hookspec: not valid: signature mismatch\n"
    );

    // A sample of body positions (the unit tests flip every byte; each run here is a process).
    for i in (0..body.len()).step_by(body.len() / 12) {
        let mut tampered = body.to_vec();
        tampered[i] ^= 0x01;
        let run = gately_verify("gately-secret", &tampered, signature);
        assert_eq!(run.code, 1, "byte {i}");
        assert!(run.stderr.contains("signature mismatch"), "{}", run.stderr);
    }
    let last = signature.len() - 1;
    let flipped = format!(
        "{}{}",
        &signature[..last],
        if signature.ends_with('0') { '1' } else { '0' }
    );
    assert_eq!(gately_verify("gately-secret", body, &flipped).code, 1);
}

/// GitHub's published test vector (docs.github.com, "Validating webhook deliveries"): the
/// secret `It's a Secret to Everybody` and the body `Hello, World!` give this
/// `X-Hub-Signature-256` (checked with `openssl dgst -sha256 -hmac`).
const GITHUB_VECTOR_SIG: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

fn github_verify(body: &[u8], header: Option<&str>) -> Run {
    let mut args = vec![
        "verify".to_owned(),
        "github".to_owned(),
        "--secret".to_owned(),
        "It's a Secret to Everybody".to_owned(),
    ];
    if let Some(header) = header {
        args.push("--header".to_owned());
        args.push(header.to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    hookspec(&args, body)
}

#[test]
fn verify_accepts_githubs_published_vector() {
    if hookspec::vendor("github").is_none() {
        println!("skipped: built without the `github` feature");
        return;
    }
    let header = format!("X-Hub-Signature-256: {GITHUB_VECTOR_SIG}");
    let run = github_verify(b"Hello, World!", Some(&header));
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "valid\n"),
        "{}",
        run.stderr
    );

    let tampered = github_verify(b"Hello, World?", Some(&header));
    assert_eq!(tampered.code, 1);
    assert_eq!(tampered.stderr, "hookspec: not valid: signature mismatch\n");

    // Header names match case-insensitively, as HTTP says.
    let lower = format!("x-hub-signature-256: {GITHUB_VECTOR_SIG}");
    assert_eq!(github_verify(b"Hello, World!", Some(&lower)).code, 0);

    let missing = github_verify(b"Hello, World!", None);
    assert_eq!(missing.code, 1);
    assert!(
        missing
            .stderr
            .contains("missing header `X-Hub-Signature-256`"),
        "{}",
        missing.stderr
    );
    // The legacy SHA-1 header alone is not accepted.
    let sha1 = github_verify(
        b"Hello, World!",
        Some("X-Hub-Signature: sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59"),
    );
    assert_eq!(sha1.code, 1, "{}", sha1.stdout);
}

#[test]
fn parse_names_github_events_by_header() {
    if hookspec::vendor("github").is_none() {
        println!("skipped: built without the `github` feature");
        return;
    }
    let body = br#"{"action": "beamed", "zen": "new"}"#;
    let run = hookspec(
        &["parse", "github", "--header", "X-GitHub-Event: teleport"],
        body,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(line["event"], "teleport.beamed");
    assert_eq!(line["known"], false);

    let missing = hookspec(&["parse", "github"], body);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("X-GitHub-Event"),
        "{}",
        missing.stderr
    );
    assert_eq!(missing.stderr.lines().count(), 1, "{}", missing.stderr);
}

#[test]
fn verify_reports_missing_and_malformed_headers() {
    let run = hookspec(&["verify", "gately", "--secret", "s"], b"{}");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("missing header `X-Gately-Signature`"),
        "{}",
        run.stderr
    );

    let run = hookspec(
        &[
            "verify",
            "memberstack",
            "--secret",
            SVIX_SECRET,
            "--header",
            &format!("svix-id: {SVIX_ID}"),
            "--header",
            &format!("svix-signature: {SVIX_SIG}"),
            "--now",
            SVIX_TS,
        ],
        SVIX_BODY.as_bytes(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("missing header `svix-timestamp`"),
        "{}",
        run.stderr
    );

    let run = gately_verify("s", b"{}", "md5=abc");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("malformed header"), "{}", run.stderr);
}

#[test]
fn verify_of_an_unsigned_vendor_fails() {
    for args in [
        &["verify", "moim"][..],
        &["verify", "moim", "--secret", "s", "-"],
    ] {
        let run = hookspec(args, br#"{"module": "MOIM"}"#);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("moim does not sign its webhooks"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn verify_usage_errors_exit_2() {
    assert_usage_error(&hookspec(&["verify"], b""), "<VENDOR>");
    assert_usage_error(
        &hookspec(&["verify", "gately"], b"{}"),
        "verify gately needs --secret",
    );
    assert_usage_error(
        &hookspec(
            &["verify", "gately", "--secret", "s", "--header", "no colon"],
            b"{}",
        ),
        "expected `Name: value`",
    );
    assert_usage_error(
        &hookspec(
            &["verify", "gately", "--secret", "s", "--header", ": v"],
            b"{}",
        ),
        "no valid header name",
    );
    assert_usage_error(
        &hookspec(
            &["verify", "gately", "--secret", "s", "--now", "yesterday"],
            b"{}",
        ),
        "expected whole seconds since the Unix epoch",
    );
}

// ---- send -------------------------------------------------------------------------------

fn send(args: &[&str]) -> Run {
    hookspec(&[&["send"], args].concat(), b"")
}

fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn send_posts_a_signed_documented_example() {
    let gately = vendor("gately");
    let (addr, requests) = serve(|request| {
        if request.verify(vendor("gately"), "gately-secret") {
            200
        } else {
            401
        }
    });
    let url = format!("http://{addr}/hooks/gately");
    let run = send(&[
        "gately",
        "payment.failed",
        "--to",
        &url,
        "--secret",
        "gately-secret",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "payment.failed -> 200 OK\n"),
        "{}",
        run.stderr
    );

    let request = requests.try_recv().unwrap();
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/hooks/gately")
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    let example = gately.event("payment.failed").unwrap().example.unwrap();
    assert_eq!(
        request.body,
        example.as_bytes(),
        "the documented example, byte for byte"
    );
    assert!(request.verify(gately, "gately-secret"));
    assert!(requests.try_recv().is_err());
}

#[test]
fn send_all_signs_svix_deliveries_with_fresh_ids() {
    let memberstack = vendor("memberstack");
    let (addr, requests) = serve(|request| {
        if request.verify(vendor("memberstack"), SVIX_SECRET) {
            200
        } else {
            401
        }
    });
    let url = format!("http://{addr}/");
    let before = now_seconds();
    let run = send(&[
        "memberstack",
        "--all",
        "--to",
        &url,
        "--secret",
        SVIX_SECRET,
    ]);
    let after = now_seconds();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: String = memberstack
        .events
        .iter()
        .map(|info| format!("{} -> 200 OK\n", info.name))
        .collect();
    assert_eq!(run.stdout, expected);

    let recorded: Vec<Recorded> = requests.try_iter().collect();
    assert_eq!(recorded.len(), memberstack.events.len());
    let mut ids = Vec::new();
    for (request, info) in recorded.iter().zip(memberstack.events) {
        assert_eq!(request.body, info.example.unwrap().as_bytes());
        assert!(request.verify(memberstack, SVIX_SECRET));
        let id = request.header("svix-id").unwrap();
        assert!(id.starts_with("msg_"), "{id}");
        ids.push(id.to_owned());
        let timestamp: u64 = request.header("svix-timestamp").unwrap().parse().unwrap();
        assert!(
            (before..=after).contains(&timestamp),
            "{timestamp} not in {before}..={after}"
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        recorded.len(),
        "every delivery has its own svix-id"
    );
}

#[test]
fn send_uses_millisecond_timestamps_for_duda_and_answers_to_aliases() {
    let duda = vendor("duda");
    let (addr, requests) = serve(|request| {
        if request.verify(vendor("duda"), "duda-secret") {
            200
        } else {
            401
        }
    });
    let url = format!("http://{addr}/duda");
    let before = now_seconds() * 1000;
    let run = send(&["duda", "PUBLISH", "--to", &url, "--secret", "duda-secret"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "PUBLISH -> 200 OK\n"),
        "{}",
        run.stderr
    );
    let request = requests.try_recv().unwrap();
    let timestamp: u64 = request
        .header("x-duda-signature-timestamp")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        timestamp >= before && timestamp < before + 60_000,
        "{timestamp}"
    );
    assert!(request.verify(duda, "duda-secret"));

    let memberstack = vendor("memberstack");
    let (addr, requests) = serve(|_| 200);
    let run = send(&[
        "memberstack",
        "member.plan.created",
        "--to",
        &format!("http://{addr}/"),
        "--secret",
        SVIX_SECRET,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let info = memberstack.event("member.plan.created").unwrap();
    assert_eq!(run.stdout, format!("{} -> 200 OK\n", info.name));
    assert_eq!(
        requests.try_recv().unwrap().body,
        info.example.unwrap().as_bytes()
    );
}

#[test]
fn send_moim_sends_unsigned_deliveries() {
    let moim = vendor("moim");
    assert!(matches!(moim.signing, Signing::Unsigned { .. }));
    let (addr, requests) = serve(|_| 200);
    let run = send(&["moim", "--all", "--to", &format!("http://{addr}/moim")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), moim.events.len());
    for (request, info) in requests.try_iter().zip(moim.events) {
        assert_eq!(request.body, info.example.unwrap().as_bytes());
        assert!(
            request
                .headers
                .iter()
                .all(|(name, _)| !name.to_ascii_lowercase().contains("signature"))
        );
    }
    // A secret is pointless but harmless.
    let run = send(&[
        "moim",
        "member.joined",
        "--to",
        &format!("http://{addr}/moim"),
        "--secret",
        "s",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("does not sign"), "{}", run.stderr);
}

#[test]
fn send_fails_when_the_receiver_refuses() {
    let (addr, requests) = serve(|request| {
        if request.verify(vendor("gately"), "right") {
            200
        } else {
            401
        }
    });
    let url = format!("http://{addr}/");
    let run = send(&["gately", "--all", "--to", &url, "--secret", "wrong"]);
    assert_eq!(run.code, 1);
    let events = vendor("gately").events;
    assert_eq!(run.stdout.lines().count(), events.len());
    assert!(
        run.stdout
            .lines()
            .all(|line| line.ends_with(" -> 401 Unauthorized")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(&format!(
            "{0} of {0} deliveries were not accepted",
            events.len()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(requests.try_iter().count(), events.len());

    // Redirects are reported, not followed.
    let (addr, requests) = serve(|_| 302);
    let url = format!("http://{addr}/");
    let run = send(&["gately", "member.created", "--to", &url, "--secret", "s"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (1, "member.created -> 302 Found\n")
    );
    assert_eq!(requests.try_iter().count(), 1);

    // Nobody listening.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let run = send(&[
        "gately",
        "member.created",
        "--to",
        &format!("http://{closed}/"),
        "--secret",
        "s",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot send member.created"),
        "{}",
        run.stderr
    );
}

#[test]
fn send_usage_errors_exit_2() {
    let to = "http://127.0.0.1:9/";
    assert_usage_error(
        &send(&["gately", "member.created", "--secret", "s"]),
        "--to <URL>",
    );
    assert_usage_error(
        &send(&["gately", "member.created", "--to", to]),
        "send gately needs --secret",
    );
    assert_usage_error(
        &send(&["gately", "--to", to, "--secret", "s"]),
        "<EVENT|--all|--body <FILE>>",
    );
    assert_usage_error(
        &send(&[
            "gately",
            "member.created",
            "--all",
            "--to",
            to,
            "--secret",
            "s",
        ]),
        "the argument '[EVENT]' cannot be used with '--all'",
    );
    assert_usage_error(
        &send(&["gately", "member.exploded", "--to", to, "--secret", "s"]),
        "unknown gately event `member.exploded`",
    );
    assert_usage_error(
        &send(&[
            "gately",
            "member.created",
            "--to",
            "https://example.com/",
            "--secret",
            "s",
        ]),
        "no TLS",
    );
    assert_usage_error(
        &send(&[
            "gately",
            "member.created",
            "--to",
            "not a url",
            "--secret",
            "s",
        ]),
        "not a URL",
    );
    assert_usage_error(
        &send(&[NOT_A_VENDOR, "x", "--to", to, "--secret", "s"]),
        &format!("invalid value '{NOT_A_VENDOR}' for '<VENDOR>'"),
    );
    // One secret signs: a second is a usage error, not a silent override.
    assert_usage_error(
        &send(&[
            "gately", "--all", "--to", to, "--secret", "a", "--secret", "b",
        ]),
        "'--secret <SECRET>' cannot be used multiple times",
    );
    // A secret the scheme cannot use sends nothing and is an input error.
    let run = send(&["memberstack", "--all", "--to", to, "--secret", "whsec_!!"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("invalid secret"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn send_body_signs_and_sends_a_captured_delivery_with_its_headers() {
    let (addr, requests) = serve(|request| {
        if request.verify(vendor("gately"), "gately-secret") {
            200
        } else {
            401
        }
    });
    let dir = std::env::temp_dir().join(format!("hookspec-send-body-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("captured.json");
    // Not a documented example: any bytes, sent exactly as captured.
    let body = b"{\"id\": \"evt_9\", \"event\": \"refund.created\",\n \"data\": {\"amount\": 1}}";
    std::fs::write(&path, body).unwrap();
    let path = path.to_string_lossy().into_owned();
    let url = format!("http://{addr}/hooks");
    let run = send(&[
        "gately",
        "--body",
        &path,
        "--header",
        "X-Replayed-From: archive",
        "--to",
        &url,
        "--secret",
        "gately-secret",
    ]);
    assert_eq!(
        (run.code, run.stdout.clone()),
        (0, format!("{path} -> 200 OK\n")),
        "{}",
        run.stderr
    );
    let request = requests.try_recv().unwrap();
    assert_eq!(request.body, body, "the captured body, byte for byte");
    assert_eq!(request.header("x-replayed-from"), Some("archive"));
    assert!(request.verify(vendor("gately"), "gately-secret"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn send_body_usage_errors_exit_2() {
    let to = "http://127.0.0.1:9/";
    assert_usage_error(
        &send(&[
            "gately",
            "member.created",
            "--body",
            "x.json",
            "--to",
            to,
            "--secret",
            "s",
        ]),
        "cannot be used with '--body <FILE>'",
    );
    assert_usage_error(
        &send(&[
            "gately",
            "member.created",
            "--header",
            "A: b",
            "--to",
            to,
            "--secret",
            "s",
        ]),
        "cannot be used with '--header <NAME: VALUE>'",
    );
    assert_usage_error(
        &send(&[
            "gately", "--body", "x.json", "--header", "nocolon", "--to", to, "--secret", "s",
        ]),
        "expected `Name: value`",
    );
}

#[test]
fn parse_takes_headers_and_body_named_vendors_ignore_them() {
    let body = vendor("gately")
        .event("member.login")
        .unwrap()
        .example
        .unwrap();
    let run = hookspec(
        &["parse", "gately", "--header", "X-Unrelated: yes"],
        body.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(line["event"], "member.login");
    assert_usage_error(
        &hookspec(
            &["parse", "gately", "--header", "no colon"],
            body.as_bytes(),
        ),
        "expected `Name: value`",
    );
}

/// Every vendor that names events in a header: `parse` without it is a one-line error (exit
/// 1); with it, each documented example parses as its event and prints the full name.
#[test]
fn parse_reads_the_event_name_header_of_header_named_vendors() {
    for vendor in VENDORS
        .iter()
        .filter(|vendor| vendor.name_header().is_some())
    {
        let header = vendor.name_header().unwrap();
        for info in vendor.events.iter().filter(|info| info.example.is_some()) {
            let body = info.example.unwrap().as_bytes();
            let missing = hookspec(&["parse", vendor.id], body);
            assert_eq!(missing.code, 1, "{}", missing.stderr);
            assert_eq!(
                missing.stderr.trim().lines().count(),
                1,
                "{}",
                missing.stderr
            );
            assert!(missing.stderr.contains(header), "{}", missing.stderr);
            let given = format!("{header}: {}", info.base_name);
            let run = hookspec(&["parse", vendor.id, "--header", &given], body);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let line: Value = serde_json::from_str(run.stdout.trim()).unwrap();
            assert_eq!(line["known"], true, "{}", info.name);
            if !matches!(info.sub_name, hookspec::SubName::Open) {
                assert_eq!(line["event"], info.name);
            }
        }
    }
}

// ---- import -----------------------------------------------------------------------------

fn import_fixtures() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../codegen/tests/import").to_owned()
}

#[test]
fn import_prints_the_spec_on_stdout_and_the_report_on_stderr() {
    let fixtures = import_fixtures();
    let (dir, base) = (
        format!("{fixtures}/files"),
        format!("{fixtures}/shop.base.yaml"),
    );
    let args = [
        "import",
        "json-schema",
        &dir,
        "--vendor",
        "shop",
        "--layout",
        "files",
        "--shared",
        "common",
        "--base",
        &base,
    ];
    let run = hookspec(&args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The header says how to import again, with the arguments as given.
    let first = run.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "# Imported by `hookspec import json-schema {dir} --vendor shop --layout files --shared common --base {base}`."
        )
    );
    assert!(
        run.stdout.contains("\n  orders/create:\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n  Address:\n"), "{}", run.stdout);
    assert!(
        run.stderr.starts_with("imported 2 events and "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("0 not mapped; 0 members untyped (`json`)\n"),
        "{}",
        run.stderr
    );
    // The same run again gives the same bytes.
    assert_eq!(hookspec(&args, b"").stdout, run.stdout);

    // The output is a spec `check` accepts.
    let specs = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-import-specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::write(specs.join("shop.yaml"), &run.stdout).unwrap();
    let check = hookspec(&["check", specs.to_str().unwrap()], b"");
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.starts_with("shop: ok - 2 events"),
        "{}",
        check.stdout
    );
}

#[test]
fn import_reads_openapi_webhooks() {
    let fixtures = import_fixtures();
    let (file, base) = (
        format!("{fixtures}/openapi.json"),
        format!("{fixtures}/hub.base.yaml"),
    );
    let run = hookspec(
        &[
            "import", "openapi", &file, "--vendor", "hub", "--base", &base,
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\n  issues.opened:\n"),
        "{}",
        run.stdout
    );
    // OpenAPI 3.0 in YAML, with `x-webhooks`; a problem goes to stderr with its pointer.
    let (file, base) = (
        format!("{fixtures}/openapi30.yaml"),
        format!("{fixtures}/acme.base.yaml"),
    );
    let run = hookspec(
        &[
            "import", "openapi", &file, "--vendor", "acme", "--base", &base,
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\n  order.paid:\n"), "{}", run.stdout);
    assert!(
        run.stderr.starts_with(
            "hookspec: not mapped: openapi30.yaml#/components/schemas/EventType: the event `order.refunded`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("1 not mapped; 0 members untyped (`json`)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn import_finds_wrapped_examples_and_event_docs_by_json_pointer() {
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../codegen/tests/import_examples/wrapped"
    );
    let (dir, base, examples) = (
        format!("{fixtures}/schemas"),
        format!("{fixtures}/base.yaml"),
        format!("{fixtures}/metadata"),
    );
    let mut args = vec![
        "import",
        "json-schema",
        &dir,
        "--vendor",
        "shop",
        "--layout",
        "files",
        "--base",
        &base,
        "--examples",
        &examples,
        "--example-pointer",
        "/response",
        "--event-doc-pointer",
        "/description",
    ];
    let run = hookspec(&args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().next().unwrap_or_default(),
        format!(
            "# Imported by `hookspec import json-schema {dir} --vendor shop --layout files --base {base} --examples {examples} --example-pointer /response --event-doc-pointer /description`."
        )
    );
    assert!(
        run.stdout
            .contains("  orders/create:\n    doc: \"Occurs whenever an order is created.\"\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("      # from orders/create.json#/response\n      - documented: |\n          {\n            \"id\": 10,\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "hookspec: example: refunds/create.json#: `--example-pointer /response` finds nothing in the file: no example; left out\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  2 events documented from their example files\n"),
        "{}",
        run.stderr
    );

    // A pointer without `--examples` is a usage error; one without its `/` is an error.
    let usage = hookspec(&args[..9], b"");
    assert_eq!(usage.code, 0, "{}", usage.stderr);
    args.truncate(9);
    args.extend(["--example-pointer", "/response"]);
    let usage = hookspec(&args, b"");
    assert_eq!(usage.code, 2, "{}", usage.stderr);
    assert!(
        usage.stderr.contains("--examples <DIR>"),
        "{}",
        usage.stderr
    );
    args.truncate(9);
    args.extend(["--examples", &examples, "--example-pointer", "response"]);
    let bad = hookspec(&args, b"");
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(
        bad.stderr
            .contains("`--example-pointer response` is not a JSON pointer (RFC 6901)"),
        "{}",
        bad.stderr
    );
}

#[test]
fn import_writes_examples_and_reports_each_misfit() {
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../codegen/tests/import_examples"
    );
    let (dir, base, examples) = (
        format!("{fixtures}/schemas"),
        format!("{fixtures}/base.yaml"),
        format!("{fixtures}/examples"),
    );
    let args = [
        "import",
        "json-schema",
        &dir,
        "--vendor",
        "acme",
        "--shared",
        "common",
        "--base",
        &base,
        "--examples",
        &examples,
        "--synthesize-examples",
    ];
    let run = hookspec(&args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "# Imported by `hookspec import json-schema {dir} --vendor acme --shared common --base {base} --examples {examples} --synthesize-examples`."
        )
    );
    assert!(
        run.stdout.contains(
            "    examples:\n      # from thing/created.payload.json\n      - documented: |\n"
        ),
        "{}",
        run.stdout
    );
    // `thing.deleted`'s only body does not fit: left out, so it gets a synthesized one.
    assert!(
        run.stdout.contains("      # synthesized from the schema at thing/deleted.schema.json#\n      - corrected: |\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "hookspec: example: thing/deleted.payload.json#/thing/id: example of `thing.deleted`: error: "
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hookspec: example: stray.json#: names no event"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "4 examples written (1 synthesized), 0 dropped by the overlay, 7 example problems"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(hookspec(&args, b"").stdout, run.stdout);

    // `check` accepts it, with the warnings the report announced.
    let specs = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-import-examples-specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::write(specs.join("acme.yaml"), &run.stdout).unwrap();
    let check = hookspec(&["check", specs.to_str().unwrap()], b"");
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .starts_with("acme: ok - 3 events, 4 examples (1 corrected, 2 warnings)"),
        "{}",
        check.stdout
    );
}

#[test]
fn import_failures_are_one_line_each_and_exit_1() {
    let missing = format!("{}/no-such-dir", import_fixtures());
    let run = hookspec(&["import", "json-schema", &missing, "--vendor", "x"], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("no-such-dir"), "{}", run.stderr);
}

#[test]
fn import_usage_errors_exit_2() {
    let dir = format!("{}/files", import_fixtures());
    assert_usage_error(
        &hookspec(&["import"], b""),
        "'hookspec import' requires a subcommand",
    );
    assert_usage_error(
        &hookspec(&["import", "xml", &dir, "--vendor", "x"], b""),
        "unrecognized subcommand 'xml'",
    );
    assert_usage_error(
        &hookspec(&["import", "json-schema", &dir], b""),
        "--vendor <ID>",
    );
    assert_usage_error(
        &hookspec(
            &[
                "import",
                "json-schema",
                &dir,
                "--vendor",
                "x",
                "--layout",
                "flat",
            ],
            b"",
        ),
        "invalid value 'flat' for '--layout <LAYOUT>'",
    );
    assert_usage_error(
        &hookspec(
            &[
                "import", "openapi", &dir, "--vendor", "x", "--shared", "common",
            ],
            b"",
        ),
        "unexpected argument '--shared'",
    );
}

// ---- help, version, completions and the vendor argument -------------------------------

#[test]
fn version_prints_the_package_version() {
    for flag in ["--version", "-V"] {
        let run = hookspec(&[flag], b"");
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout,
            format!("hookspec {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

/// A command's own help: its usage line, options and examples, not the list of commands.
fn assert_own_help(run: &Run, command: &str, option: &str, example: &str) {
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("Usage: hookspec {command} ")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(option), "{}", run.stdout);
    assert!(run.stdout.contains("\nExamples:\n"), "{}", run.stdout);
    assert!(run.stdout.contains(example), "{}", run.stdout);
    assert!(!run.stdout.contains("Commands:"), "{}", run.stdout);
}

#[test]
fn parse_help_is_parses_own_with_its_examples() {
    for flag in ["--help", "-h"] {
        let run = hookspec(&["parse", flag], b"");
        assert_own_help(
            &run,
            "parse",
            "--header <NAME: VALUE>",
            "hookspec parse gately delivery.json",
        );
        assert!(
            run.stdout
                .contains("hookspec parse github --header 'X-GitHub-Event: issues' delivery.json"),
            "{}",
            run.stdout
        );
        // The vendor argument lists the registry's vendors.
        for vendor in VENDORS {
            assert!(
                run.stdout.contains(vendor.id),
                "{}: {}",
                vendor.id,
                run.stdout
            );
        }
    }
}

#[test]
fn help_verify_is_verifys_own_help() {
    let run = hookspec(&["help", "verify"], b"");
    assert_own_help(
        &run,
        "verify",
        "--secret <SECRET>",
        "hookspec verify gately --secret S --header 'X-Gately-Signature: sha256=...' body.json",
    );
    assert!(
        run.stdout.contains("--now <EPOCH_SECONDS>"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout, hookspec(&["verify", "--help"], b"").stdout);
}

#[test]
fn every_command_has_its_own_help() {
    for (command, option) in [
        ("check", "[SPECS_DIR]"),
        ("send", "--to <URL>"),
        ("import json-schema", "--layout <LAYOUT>"),
        ("import openapi", "--overlay <FILE>"),
        ("completions", "<SHELL>"),
        ("diff", "--fail-on <VERDICT>"),
    ] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let run = hookspec(&args, b"");
        assert_own_help(&run, command, option, &format!("hookspec {command} "));
    }
    // `import` lists its formats.
    let import = hookspec(&["import", "--help"], b"");
    assert_eq!(import.code, 0, "{}", import.stderr);
    assert!(
        import.stdout.contains("json-schema") && import.stdout.contains("openapi"),
        "{}",
        import.stdout
    );
}

#[test]
fn completions_print_a_script_for_each_shell() {
    let bash = hookspec(&["completions", "bash"], b"");
    assert_eq!(bash.code, 0, "{}", bash.stderr);
    assert!(bash.stdout.contains("_hookspec()"), "{}", bash.stdout);
    assert!(
        bash.stdout.contains("complete -F _hookspec"),
        "{}",
        bash.stdout
    );
    for command in [
        "parse",
        "check",
        "verify",
        "send",
        "import",
        "completions",
        "diff",
    ] {
        assert!(bash.stdout.contains(command), "{command}: {}", bash.stdout);
    }
    // The vendor argument completes to the compiled vendors.
    for vendor in VENDORS {
        assert!(bash.stdout.contains(vendor.id), "{}", vendor.id);
    }
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let run = hookspec(&["completions", shell], b"");
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("verify"), "{shell}: {}", run.stdout);
    }
    assert_usage_error(
        &hookspec(&["completions", "tcsh"], b""),
        "invalid value 'tcsh' for '<SHELL>'",
    );
}

#[test]
fn an_unknown_vendor_is_a_usage_error_listing_the_compiled_vendors() {
    assert!(hookspec::vendor(NOT_A_VENDOR).is_none());
    let to = "http://127.0.0.1:9/";
    for args in [
        &["parse", NOT_A_VENDOR][..],
        &["verify", NOT_A_VENDOR, "--secret", "s"],
        &["send", NOT_A_VENDOR, "--all", "--to", to],
    ] {
        let run = hookspec(args, b"{}");
        assert_usage_error(
            &run,
            &format!("invalid value '{NOT_A_VENDOR}' for '<VENDOR>'"),
        );
        let listed = run
            .stderr
            .lines()
            .find_map(|line| line.trim().strip_prefix("[possible values: "))
            .and_then(|rest| rest.strip_suffix(']'))
            .unwrap_or_else(|| panic!("no list of vendors: {}", run.stderr));
        let mut ids: Vec<&str> = VENDORS.iter().map(|vendor| vendor.id).collect();
        let mut listed: Vec<&str> = listed.split(", ").collect();
        ids.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, ids);
    }
}

#[test]
fn verify_accepts_any_of_several_secrets() {
    let gately = vendor("gately");
    let body = gately.events[0].example.unwrap().as_bytes();
    let headers = sign(gately.signing, "new-secret", body, None, None).unwrap();
    let header = format!("X-Gately-Signature: {}", headers[0].1);
    let verify = |secrets: &[&str]| {
        let mut args = vec!["verify", "gately", "--header", &header];
        for secret in secrets {
            args.extend(["--secret", secret]);
        }
        hookspec(&args, body)
    };
    for secrets in [
        &["new-secret"][..],
        &["old-secret", "new-secret"],
        &["new-secret", "old-secret"],
    ] {
        let run = verify(secrets);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (0, "valid\n"),
            "{secrets:?}: {}",
            run.stderr
        );
    }
    let none = verify(&["old-secret", "other-secret"]);
    assert_eq!(none.code, 1);
    assert!(none.stdout.is_empty());
    assert_eq!(none.stderr, "hookspec: not valid: signature mismatch\n");

    // When none signed it, a reason other than the mismatch is the one given: here a secret
    // that cannot be a key, whichever place it has.
    let mut args = svix_args(Some(SVIX_TS));
    let right = args.iter().position(|arg| arg == SVIX_SECRET).unwrap();
    args[right] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx".to_owned();
    for unusable in [0, 1] {
        let mut args = args.clone();
        args.insert(right - 1 + unusable * 2, "--secret".to_owned());
        args.insert(right + unusable * 2, "whsec_!!".to_owned());
        let run = run_owned(&args, SVIX_BODY.as_bytes());
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("invalid secret"), "{}", run.stderr);
    }
}
