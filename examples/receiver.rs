//! A webhook receiver: `POST /webhooks/<vendor>` for every vendor compiled into hookspec
//! (`hookspec::VENDORS`: the default features' vendors, GitHub with `--features github`).
//!
//! ```text
//! GATELY_SECRET=... MEMBERSTACK_SECRET=whsec_... DUDA_SECRET=... GITHUB_SECRET=... \
//!     cargo run --example receiver --features axum,spool,github [-- ADDRESS]
//! ```
//!
//! ADDRESS defaults to `127.0.0.1:3000`. Each signing vendor's secret comes from
//! `<VENDOR>_SECRET` (the vendor id in upper case); during a secret rotation, put the old one
//! in `<VENDOR>_SECRET_PREVIOUS` too: both verify, and the log says which one matched
//! (`secret=previous`), so you know when the vendor has stopped using it. A vendor whose
//! secret is not set is not configured, and its route answers 500. Vendors that do not sign
//! (MOIM) are accepted unverified, which is only safe on an unguessable URL.
//!
//! Try it with the CLI, which signs every documented example as the vendor would:
//!
//! ```text
//! hookspec send gately --all --to http://127.0.0.1:3000/webhooks/gately --secret "$GATELY_SECRET"
//! ```
//!
//! # Deliveries that do not fit the spec
//!
//! A delivery that verifies but does not parse (the vendor changed a payload) is kept by the
//! library's spool (`hookspec::spool::FsSpool`, fsynced before the 200) in
//! `HOOKSPEC_SPOOL_DIR` (default: `hookspec-spool` in the system temp directory), at most
//! `HOOKSPEC_SPOOL_MAX_DELIVERIES` of them (default 10 000; then 503, so the vendor retries
//! later). Once the spec reads them, replay them to the receiver:
//!
//! ```text
//! cargo run -p hookspec-cli -- replay --dry-run /tmp/hookspec-spool
//! cargo run -p hookspec-cli -- replay /tmp/hookspec-spool --to http://127.0.0.1:3000/webhooks/{vendor} \
//!     --secret gately="$GATELY_SECRET" --archive /tmp/hookspec-replayed
//! ```
//!
//! # Once per key
//!
//! The handler runs once per idempotency key (`hookspec::axum::once`); each call prints
//! `handled <vendor> <event> <key>`. A retry of a handled delivery is answered 200 without it.

#[path = "receiver/app.rs"]
mod app;

use std::error::Error;
use std::path::PathBuf;

use hookspec::spool::FsSpool;

use hookspec::axum::{ConfigError, WebhookConfig};
use hookspec::verify::Signing;
use hookspec::{AnyEvent, VENDORS, Vendor};
use tokio::sync::mpsc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut config = WebhookConfig::new();
    for vendor in VENDORS {
        config = configure(config, vendor)?;
    }
    let spool_dir = std::env::var_os("HOOKSPEC_SPOOL_DIR").map_or_else(
        || std::env::temp_dir().join("hookspec-spool"),
        PathBuf::from,
    );
    let max_deliveries = match std::env::var("HOOKSPEC_SPOOL_MAX_DELIVERIES") {
        Ok(text) => text.parse()?,
        Err(_) => 10_000,
    };
    let config = config.spool(FsSpool::open(&spool_dir)?.max_deliveries(max_deliveries));

    let (events, queue) = mpsc::channel(1024);
    tokio::spawn(log_events(queue));

    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    let routes: Vec<&str> = VENDORS.iter().map(|vendor| vendor.id).collect();
    println!(
        "receiving on http://{}/webhooks/{{{}}}; deliveries that do not fit the spec go to {}",
        listener.local_addr()?,
        routes.join(","),
        spool_dir.display()
    );
    axum::serve(listener, app::router(config, events))
        .with_graceful_shutdown(async {
            // An error here means no signal handler; then just run until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}

/// Configures `vendor`: unsigned vendors accepted unverified (on a public server, make the
/// route's path unguessable), signing ones with `<VENDOR>_SECRET` and, during a rotation,
/// `<VENDOR>_SECRET_PREVIOUS`; left out, with a warning, when neither is set.
fn configure(config: WebhookConfig, vendor: &'static Vendor) -> Result<WebhookConfig, ConfigError> {
    if let Signing::Unsigned { .. } = vendor.signing {
        return config.dangerously_accept_unsigned_vendor(vendor);
    }
    let variable = format!("{}_SECRET", vendor.id.to_uppercase());
    let mut config = config;
    for (label, variable) in [
        ("current", variable.clone()),
        ("previous", format!("{variable}_PREVIOUS")),
    ] {
        if let Ok(secret) = std::env::var(&variable) {
            config = config.vendor_secret_labelled(vendor, label, secret)?;
        }
    }
    if !config.is_vendor_configured(vendor.id) {
        eprintln!(
            "{variable} is not set: {} deliveries will be refused",
            vendor.id
        );
    }
    Ok(config)
}

/// The worker: one line per typed event, with a few fields picked out by type for the
/// vendors compiled in (any other vendor's events are logged by name).
async fn log_events(mut queue: mpsc::Receiver<app::Received>) {
    while let Some(received) = queue.recv().await {
        let detail = detail(&received.event);
        let secret = received
            .matched_secret
            .as_ref()
            .and_then(|matched| matched.label())
            .unwrap_or("-");
        println!(
            "{} {} key={} secret={secret}{}{detail}",
            received.vendor,
            received.event.name(),
            received.idempotency_key.as_deref().unwrap_or("-"),
            if detail.is_empty() { "" } else { " " },
        );
    }
}

/// A few fields of some events, matched by type.
fn detail(event: &AnyEvent) -> String {
    match event {
        #[cfg(feature = "gately")]
        AnyEvent::Gately(hookspec::gately::Event::PaymentFailed(failed)) => format!(
            "payment {} of {} {} failed: {}",
            failed.data.id, failed.data.amount, failed.data.currency, failed.data.error_message
        ),
        #[cfg(feature = "gately")]
        AnyEvent::Gately(hookspec::gately::Event::MemberCreated(created)) => {
            format!("new member {}", created.data.email)
        }
        #[cfg(feature = "memberstack")]
        AnyEvent::Memberstack(hookspec::memberstack::Event::MemberCreated(created)) => {
            format!("new member {}", created.payload.id)
        }
        #[cfg(feature = "duda")]
        AnyEvent::Duda(hookspec::duda::Event::Publish(publish)) => {
            format!("site {} published", publish.resource_data.site_name)
        }
        #[cfg(feature = "moim")]
        AnyEvent::Moim(hookspec::moim::Event::MemberJoined(joined)) => {
            format!("member {} joined", joined.payload.id)
        }
        #[cfg(feature = "github")]
        AnyEvent::Github(event) => match (event, event.repository()) {
            (hookspec::github::Event::Push(push), Some(repository)) => format!(
                "{} commit(s) pushed to {}",
                push.commits.len(),
                repository.full_name
            ),
            (_, Some(repository)) => format!("in {}", repository.full_name),
            _ => String::new(),
        },
        event if !event.is_known() => "(an event the spec does not describe)".to_owned(),
        _ => String::new(),
    }
}
