//! Spec errors for `signing:` keys point at `file:line:col` and say what to do; here
//! `timestamp_entry`, the timestamp carried as an entry of the signature header (Stripe's `t=`).

use std::path::Path;

use hookspec_codegen::model::{HmacScheme, Signing};
use hookspec_codegen::{Diagnostic, Vendor, load_str};

/// A Stripe-style `signing:` block; its first line (`scheme`) is line 6 of the spec.
const STRIPE: &str = r#"  scheme: hmac_sha256
  signature_header: Stripe-Signature
  timestamp_entry: "t="
  tolerance_seconds: 300
  signed_content: "{timestamp}.{body}"
  encoding: hex
  entry_separator: ","
  entry_prefix: "v1="
  key: utf8
"#;

/// A small valid spec with `signing` spliced in under `signing:` (its first line is line 6).
fn spec(signing: &str) -> String {
    format!(
        r#"vendor: acme
name: Acme
docs: https://example.com/webhooks
doc: Acme's webhooks.
signing:
{signing}envelope:
  doc: A delivery.
  event_name: event
  payload: data
  fields:
    event: {{ type: string, doc: The event name. }}
    data: {{ doc: The payload. }}
types: {{}}
events:
  order.created:
    doc: An order was created.
"#
    )
}

/// The Stripe-style block with line `from` replaced by `to` (`to` empty: line removed).
fn stripe_with(from: &str, to: &str) -> String {
    assert!(STRIPE.contains(from), "{from:?} is not in the block");
    STRIPE.replace(from, to)
}

fn load(text: &str) -> Result<Vendor, Vec<Diagnostic>> {
    load_str(Path::new("specs/acme.yaml"), text)
}

fn messages(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The spec's only error, as `file:line:col: error: message`.
fn only_error(signing: &str) -> String {
    let text = spec(signing);
    match load(&text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(errors) => {
            assert_eq!(errors.len(), 1, "{}", messages(&errors));
            errors[0].to_string()
        }
    }
}

fn hmac(vendor: &Vendor) -> &HmacScheme {
    match &vendor.signing {
        Signing::Hmac(scheme) => scheme,
        Signing::Unsigned { .. } => panic!("expected an HMAC scheme"),
    }
}

#[test]
fn a_stripe_style_scheme_loads_and_emits_its_timestamp_entry() {
    let vendor = load(&spec(STRIPE)).unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    let scheme = hmac(&vendor);
    assert_eq!(scheme.timestamp_entry.as_deref(), Some("t="));
    assert_eq!(scheme.timestamp_header, None);
    assert_eq!(scheme.tolerance_seconds, Some(300));
    assert_eq!(scheme.entry_separator.as_deref(), Some(","));
    assert_eq!(scheme.entry_prefix, "v1=");

    let source = hookspec_codegen::format::format(
        hookspec_codegen::emit::vendor(&vendor, &Default::default()),
        "test",
    )
    .unwrap_or_else(|error| panic!("generated code does not parse: {error}"));
    assert!(
        source.contains(r#"timestamp_header: None,"#)
            && source.contains(r#"timestamp_entry: Some("t="),"#),
        "{source}"
    );
}

#[test]
fn schemes_without_a_timestamp_entry_emit_none() {
    let svix_like = stripe_with("  timestamp_entry: \"t=\"\n", "  timestamp_header: x-ts\n");
    let vendor = load(&spec(&svix_like)).unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert_eq!(hmac(&vendor).timestamp_entry, None);
    let source = hookspec_codegen::format::format(
        hookspec_codegen::emit::vendor(&vendor, &Default::default()),
        "test",
    )
    .unwrap_or_else(|error| panic!("generated code does not parse: {error}"));
    assert!(source.contains("timestamp_entry: None,"), "{source}");
}

#[test]
fn timestamp_entry_needs_an_entry_separator() {
    assert_eq!(
        only_error(&stripe_with("  entry_separator: \",\"\n", "")),
        "specs/acme.yaml:8:20: error: `timestamp_entry` needs `entry_separator`: the timestamp is one of several entries of the signature header"
    );
}

#[test]
fn timestamp_entry_and_timestamp_header_exclude_each_other() {
    let both = stripe_with(
        "  timestamp_entry: \"t=\"\n",
        "  timestamp_entry: \"t=\"\n  timestamp_header: x-ts\n",
    );
    assert_eq!(
        only_error(&both),
        "specs/acme.yaml:8:20: error: `timestamp_entry` and `timestamp_header` exclude each other: the timestamp is either a header or an entry of the signature header"
    );
}

#[test]
fn the_timestamp_placeholder_goes_with_a_timestamp_entry() {
    // An entry the signed content does not cover would be read but not authenticated.
    let unsigned_entry = stripe_with(
        "  signed_content: \"{timestamp}.{body}\"\n",
        "  signed_content: \"{body}\"\n",
    );
    assert_eq!(
        only_error(&unsigned_entry),
        "specs/acme.yaml:10:19: error: `{timestamp}` in `signed_content` goes together with `timestamp_header` or `timestamp_entry`"
    );
    // `{timestamp}` with neither a header nor an entry has nothing to sign.
    let no_source =
        stripe_with("  timestamp_entry: \"t=\"\n", "").replace("  tolerance_seconds: 300\n", "");
    assert_eq!(
        only_error(&no_source),
        "specs/acme.yaml:8:19: error: `{timestamp}` in `signed_content` goes together with `timestamp_header` or `timestamp_entry`"
    );
}

#[test]
fn tolerance_and_unit_need_a_timestamp_header_or_entry() {
    let no_timestamp = stripe_with("  timestamp_entry: \"t=\"\n", "").replace(
        "  signed_content: \"{timestamp}.{body}\"\n",
        "  signed_content: \"{body}\"\n",
    );
    assert_eq!(
        only_error(&no_timestamp),
        "specs/acme.yaml:6:3: error: `timestamp_unit` and `tolerance_seconds` need a `timestamp_header` or `timestamp_entry`"
    );
    // With the entry, both are accepted.
    let with_unit = stripe_with(
        "  tolerance_seconds: 300\n",
        "  tolerance_seconds: 300\n  timestamp_unit: milliseconds\n",
    );
    let vendor = load(&spec(&with_unit)).unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert!(hmac(&vendor).timestamp_millis);
}

#[test]
fn timestamp_entry_prefix_must_be_recognisable() {
    assert_eq!(
        only_error(&stripe_with(
            "  timestamp_entry: \"t=\"\n",
            "  timestamp_entry: \"\"\n"
        )),
        "specs/acme.yaml:8:20: error: `timestamp_entry` is empty; give the entry's prefix, e.g. `t=`"
    );
    assert_eq!(
        only_error(&stripe_with(
            "  timestamp_entry: \"t=\"\n",
            "  timestamp_entry: \"t,\"\n"
        )),
        "specs/acme.yaml:8:20: error: `timestamp_entry` `t,` contains the `entry_separator` `,`"
    );
    // Every `v1=` entry would be read as a (second) timestamp.
    assert_eq!(
        only_error(&stripe_with(
            "  timestamp_entry: \"t=\"\n",
            "  timestamp_entry: \"v\"\n"
        )),
        "specs/acme.yaml:8:20: error: every signature entry (`entry_prefix` `v1=`) would also start with `timestamp_entry` `v`"
    );
    // The other way round is fine: the timestamp entry is recognised first.
    let bare = stripe_with("  entry_prefix: \"v1=\"\n", "");
    let vendor = load(&spec(&bare)).unwrap_or_else(|errors| panic!("{}", messages(&errors)));
    assert_eq!(hmac(&vendor).entry_prefix, "");
}
