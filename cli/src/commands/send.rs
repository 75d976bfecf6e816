//! `hookspec send`: POSTs signed test deliveries to a local receiver.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hookspec::verify::{Signing, TimestampUnit};
use hookspec::{EventInfo, Vendor};
use ureq::http::Uri;

use super::{Failure, read_input, say};
use crate::args::Header;

/// What to send.
pub enum Deliveries<'a> {
    /// One event's documented example, by name.
    Event(&'a str),
    /// Every event's documented example.
    All,
    /// A captured body, with the headers to send along.
    Body {
        /// The body's file.
        path: &'a Path,
        /// Headers sent with it (besides the signature's).
        headers: &'a [Header],
        /// The largest body read.
        max_body_bytes: u64,
    },
}

/// One delivery ready to send.
struct Delivery {
    /// What `send` prints for it: the event name, or the body's file.
    label: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

/// POSTs the deliveries to `to`, each signed with `secret` as the vendor signs it, and prints
/// `<label> -> <status>` for each; fails when one is not answered with 2xx.
pub fn send(
    vendor: &'static Vendor,
    deliveries: Deliveries<'_>,
    to: &Uri,
    secret: Option<&str>,
) -> Result<(), Failure> {
    let secret = match vendor.signing {
        Signing::Unsigned { .. } => {
            if secret.is_some() {
                eprintln!(
                    "hookspec: {} does not sign its webhooks; sending unsigned",
                    vendor.id
                );
            }
            None
        }
        Signing::Hmac(_) => Some(
            secret.ok_or_else(|| Failure::Usage(format!("send {} needs --secret", vendor.id)))?,
        ),
    };
    // Sign everything first, so a bad secret sends nothing.
    let deliveries = match deliveries {
        Deliveries::Body {
            path,
            headers,
            max_body_bytes,
        } => vec![captured(vendor, path, headers, secret, max_body_bytes)?],
        Deliveries::Event(name) => documented(vendor, Some(name), secret)?,
        Deliveries::All => documented(vendor, None, secret)?,
    };

    let agent = agent();
    let mut refused = 0;
    for delivery in &deliveries {
        let mut request = agent
            .post(to)
            .header("content-type", "application/json")
            .header(
                "user-agent",
                concat!("hookspec/", env!("CARGO_PKG_VERSION")),
            );
        for (name, value) in &delivery.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let response = request.send(&delivery.body[..]).map_err(|error| {
            Failure::Invalid(format!("cannot send {} to {to}: {error}", delivery.label))
        })?;
        let status = response.status();
        say(format_args!(
            "{} -> {} {}",
            delivery.label,
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        ))?;
        if !status.is_success() {
            refused += 1;
        }
    }
    if refused > 0 {
        return Err(Failure::Invalid(format!(
            "{refused} of {} deliveries were not accepted (non-2xx status)",
            deliveries.len()
        )));
    }
    Ok(())
}

/// The HTTP client `send` and `replay` post with: it reports the receiver's own answer (no
/// redirects followed, no proxy from the environment).
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// The documented examples to send: one event's, or (`None`) every event's. Where the vendor
/// names events in a header, each delivery carries it.
fn documented(
    vendor: &'static Vendor,
    event: Option<&str>,
    secret: Option<&str>,
) -> Result<Vec<Delivery>, Failure> {
    let events: Vec<&'static EventInfo> = match event {
        None => vendor.events.iter().collect(),
        Some(name) => vec![vendor.event(name).ok_or_else(|| {
            let known: Vec<&str> = vendor.events.iter().map(|info| info.name).collect();
            Failure::Usage(format!(
                "unknown {} event `{name}` (known: {})",
                vendor.id,
                known.join(", ")
            ))
        })?],
    };
    let mut deliveries = Vec::with_capacity(events.len());
    for info in events {
        let Some(body) = info.example else {
            if event.is_none() {
                say(format_args!(
                    "{} -> skipped (no documented example)",
                    info.name
                ))?;
                continue;
            }
            return Err(Failure::Invalid(format!(
                "{} {} has no documented example",
                vendor.id, info.name
            )));
        };
        let mut headers: Vec<(String, String)> = vendor
            .name_header()
            .map(|header| (header.to_owned(), info.base_name.to_owned()))
            .into_iter()
            .collect();
        if let Some(secret) = secret {
            headers.extend(sign_now(vendor.signing, secret, body.as_bytes())?);
        }
        deliveries.push(Delivery {
            label: info.name.to_owned(),
            body: body.as_bytes().to_vec(),
            headers,
        });
    }
    Ok(deliveries)
}

/// A captured body (`--body FILE`) with the given headers, signed now.
fn captured(
    vendor: &'static Vendor,
    path: &Path,
    given: &[Header],
    secret: Option<&str>,
    max_body_bytes: u64,
) -> Result<Delivery, Failure> {
    let mut headers: Vec<(String, String)> = given
        .iter()
        .map(|header| (header.name.clone(), header.value.clone()))
        .collect();
    if let Some(name_header) = vendor.name_header()
        && !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(name_header))
    {
        return Err(Failure::Usage(format!(
            "{} names events in a header: add --header '{name_header}: <event>'",
            vendor.id
        )));
    }
    let body = read_input(Some(path), max_body_bytes)?;
    if let Some(secret) = secret {
        headers.extend(sign_now(vendor.signing, secret, &body)?);
    }
    Ok(Delivery {
        label: path.display().to_string(),
        body,
        headers,
    })
}

/// The signing headers for `body` at the current time, with a fresh delivery id if the
/// scheme has one.
fn sign_now(
    signing: &Signing,
    secret: &str,
    body: &[u8],
) -> Result<Vec<(String, String)>, Failure> {
    let Signing::Hmac(scheme) = signing else {
        return Ok(Vec::new());
    };
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let id = scheme.id_header.map(|_| delivery_id(since_epoch));
    let timestamp = (scheme.timestamp_header.is_some() || scheme.timestamp_entry.is_some()).then(
        || match scheme.timestamp_unit {
            TimestampUnit::Seconds => since_epoch.as_secs().to_string(),
            TimestampUnit::Milliseconds => since_epoch.as_millis().to_string(),
        },
    );
    let headers =
        hookspec::verify::sign(signing, secret, body, id.as_deref(), timestamp.as_deref())
            .map_err(|error| Failure::Invalid(format!("cannot sign: {error}")))?;
    Ok(headers
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect())
}

/// A delivery id in Svix's style, unique per process run and call: `msg_` + time, process and
/// sequence number.
fn delivery_id(since_epoch: Duration) -> String {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!(
        "msg_{:x}{:x}{sequence:x}",
        since_epoch.as_nanos(),
        std::process::id()
    )
}
