//! The registry of vendors compiled into the crate, for code that picks a vendor at run time.

use crate::verify::{IdempotencyKey, Signing};
use crate::{AnyEvent, EventInfo, ParseError};

/// A vendor whose spec is compiled in (its feature is enabled).
#[derive(Debug, Clone, Copy)]
pub struct Vendor {
    /// The vendor id: the spec's file name, module and cargo feature.
    pub id: &'static str,
    /// The display name.
    pub name: &'static str,
    /// The vendor's webhook documentation.
    pub docs: &'static str,
    /// Every event of the spec.
    pub events: &'static [EventInfo],
    /// How the vendor signs deliveries.
    pub signing: &'static Signing,
    /// Where each delivery's idempotency key is, if the vendor gives one.
    pub idempotency_key: Option<IdempotencyKey>,
    pub(crate) parse: fn(&[u8]) -> Result<AnyEvent, ParseError>,
}

impl Vendor {
    /// Parses one delivery body with this vendor's `parse`.
    pub fn parse(&self, body: &[u8]) -> Result<AnyEvent, ParseError> {
        (self.parse)(body)
    }

    /// The event of this vendor delivered under `name`.
    pub fn event(&self, name: &str) -> Option<&'static EventInfo> {
        EventInfo::find(self.events, name)
    }
}

/// The vendor with this id, if its feature is enabled.
pub fn vendor(id: &str) -> Option<&'static Vendor> {
    crate::VENDORS.iter().find(|vendor| vendor.id == id)
}
