//! A webhook receiver: `POST /webhooks/{moim,gately,memberstack,duda}`, and
//! `/webhooks/github` with the `github` feature.
//!
//! ```text
//! GATELY_SECRET=... MEMBERSTACK_SECRET=whsec_... DUDA_SECRET=... GITHUB_SECRET=... \
//!     cargo run --example receiver --features axum,github [-- ADDRESS]
//! ```
//!
//! ADDRESS defaults to `127.0.0.1:3000`. A vendor whose secret is not set is not configured, and
//! its route answers 500. MOIM does not sign its webhooks; this example accepts them unverified,
//! which is only safe on an unguessable URL. Try it with the CLI, which signs every documented
//! example as the vendor would:
//!
//! ```text
//! hookspec send gately --all --to http://127.0.0.1:3000/webhooks/gately --secret "$GATELY_SECRET"
//! ```

#[path = "receiver/app.rs"]
mod app;

use std::error::Error;

use hookspec::VendorEvent;
use hookspec::axum::{ConfigError, WebhookConfig};
use hookspec::{AnyEvent, duda, gately, memberstack, moim};
use tokio::sync::mpsc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let config = WebhookConfig::new()
        // Unsigned deliveries: on a public server, make this route's path unguessable.
        .dangerously_accept_unsigned::<moim::Event>()?;
    let config = secret_from_env::<gately::Event>(config, "GATELY_SECRET")?;
    let config = secret_from_env::<memberstack::Event>(config, "MEMBERSTACK_SECRET")?;
    let config = secret_from_env::<duda::Event>(config, "DUDA_SECRET")?;
    #[cfg(feature = "github")]
    let config = secret_from_env::<hookspec::github::Event>(config, "GITHUB_SECRET")?;

    let (events, queue) = mpsc::channel(1024);
    tokio::spawn(log_events(queue));

    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    let routes: Vec<&str> = hookspec::VENDORS.iter().map(|vendor| vendor.id).collect();
    println!(
        "receiving on http://{}/webhooks/{{{}}}",
        listener.local_addr()?,
        routes.join(",")
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

/// Configures `E`'s vendor from an environment variable, or leaves it out with a warning.
fn secret_from_env<E: VendorEvent>(
    config: WebhookConfig,
    variable: &str,
) -> Result<WebhookConfig, ConfigError> {
    match std::env::var(variable) {
        Ok(secret) => config.secret::<E>(secret),
        Err(_) => {
            eprintln!(
                "{variable} is not set: {} deliveries will be refused",
                E::VENDOR
            );
            Ok(config)
        }
    }
}

/// The worker: one line per typed event, with a few fields picked out by type.
async fn log_events(mut queue: mpsc::Receiver<app::Received>) {
    while let Some(received) = queue.recv().await {
        let detail = match &received.event {
            AnyEvent::Gately(gately::Event::PaymentFailed(failed)) => format!(
                "payment {} of {} {} failed: {}",
                failed.data.id, failed.data.amount, failed.data.currency, failed.data.error_message
            ),
            AnyEvent::Gately(gately::Event::MemberCreated(created)) => {
                format!("new member {}", created.data.email)
            }
            AnyEvent::Memberstack(memberstack::Event::MemberCreated(created)) => {
                format!("new member {}", created.payload.id)
            }
            AnyEvent::Duda(duda::Event::Publish(publish)) => {
                format!("site {} published", publish.resource_data.site_name)
            }
            AnyEvent::Moim(moim::Event::MemberJoined(joined)) => {
                format!("member {} joined", joined.payload.id)
            }
            #[cfg(feature = "github")]
            AnyEvent::Github(event) => match (event, event.repository()) {
                (hookspec::github::Event::Push(push), Some(repository)) => {
                    format!(
                        "{} commit(s) pushed to {}",
                        push.commits.len(),
                        repository.full_name
                    )
                }
                (_, Some(repository)) => format!("in {}", repository.full_name),
                _ => String::new(),
            },
            event if !event.is_known() => "(an event the spec does not describe)".to_owned(),
            _ => String::new(),
        };
        println!(
            "{} {} key={}{}{detail}",
            received.vendor,
            received.event.name(),
            received.idempotency_key.as_deref().unwrap_or("-"),
            if detail.is_empty() { "" } else { " " },
        );
    }
}
