//! Typed, lossless webhook events for SaaS vendors.
//!
//! Every vendor module (`hookspec::moim`, `hookspec::gately`, ...) is generated at build time from
//! the declarative spec in `specs/<vendor>.yaml` and sits behind a cargo feature of the same
//! name. Each one has:
//!
//! - `parse(&[u8]) -> Result<Event, ParseError>`: reads one delivery body. Dispatch is on the
//!   vendor's event-name member, wherever it sits in the object.
//! - `Event`: one variant per documented event, each holding an `Envelope<Payload>`, plus
//!   `Event::Unknown`, which keeps events the spec does not know as raw JSON.
//! - A struct per payload and shared type, and open enums for documented value sets.
//! - `EVENTS`: what the spec says about every event, including its documented example.
//!
//! Parsing is **lossless**: serializing a parsed delivery gives back the same JSON value. Unknown
//! members are kept in each struct's `extra` map, unknown enum values are kept as strings,
//! `null` stays `null` and absent stays absent, and timestamps and decimals keep their text.
//!
//! ## Receiving
//!
//! Verify first, then parse: [`verify::Unverified`] (raw body and headers) becomes a
//! [`verify::Verified`] only through the vendor's signature scheme (each module's `SIGNING`),
//! and `verified.parse_with(hookspec::gately::parse)` gives the typed event. With the `axum`
//! feature, `hookspec::axum::Webhook<Event>` is an extractor that does both per request
//! (body limit, signature, parse) and answers 400/401/413 on its own.
//!
//! ```
//! # #[cfg(feature = "gately")] {
//! let body = br#"{"id": "evt_1", "event": "payment.failed", "created_at": "2024-01-15T10:00:00Z",
//!   "project_id": "proj_abc", "data": {"id": "pay_124", "member_id": "mem_xyz", "amount": 9900,
//!   "currency": "usd", "error_code": "card_declined", "error_message": "Declined.",
//!   "failed_at": "2024-01-15T10:00:00Z"}}"#;
//! match hookspec::gately::parse(body)? {
//!     hookspec::gately::Event::PaymentFailed(event) => assert_eq!(event.data.amount, 9900),
//!     other => panic!("unexpected event {}", other.name()),
//! }
//! # }
//! # Ok::<(), hookspec::ParseError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod drift;
mod erased;
mod error;
mod event;
mod object;
mod scalars;
mod support;
mod vendor;

/// What generated vendor modules call; not a public API and not covered by semver.
#[doc(hidden)]
pub mod __private {
    pub use crate::__object as object;
    pub use crate::__payload as payload;
    pub use crate::__variants as variants;
    pub use crate::support::*;
    pub use serde;
    pub use serde_json;
}
pub mod once;
#[cfg(feature = "spool")]
#[cfg_attr(docsrs, doc(cfg(feature = "spool")))]
pub mod spool;
pub mod verify;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;

pub use drift::{Drift, DriftKind, Lenient};
pub use error::ParseError;
pub use event::{
    EventInfo, Identity, NameSource, Payload, SubName, UndocumentedPayload, UnknownEvent,
    VendorEvent,
};
pub use scalars::{DateTime, DecimalString, EpochMillis, EpochSeconds, Rfc3339, UnknownValue};
pub use vendor::{Vendor, vendor};

/// The date-time crate behind the timestamp types' typed accessors.
pub use jiff;
/// The decimal crate behind [`DecimalString::value`].
pub use rust_decimal;

// The committed generated code (`generated/`, refreshed from `specs/` with `regenerate`).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/generated/vendors.rs"));

/// The README's Rust examples (the receiver among them), compiled as doctests so they cannot rot.
#[cfg(all(doctest, feature = "axum", feature = "gately", feature = "github"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
