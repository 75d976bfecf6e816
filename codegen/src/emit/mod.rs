//! Stage 3: model → Rust tokens. The output is meant to read like careful hand-written code:
//! plain structs, explicit (de)serialization without serde's buffering derives, docs everywhere.
//!
//! One file per concern: [`events`] (the `Event` enum and dispatch), [`objects`] (structs and
//! the envelope), [`enums`] (open enums), [`signing`], and [`registry`] (the crate root's list
//! of vendors).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Type, Vendor};

mod enums;
mod events;
mod objects;
mod registry;
mod signing;

pub use registry::vendors;

/// The module of one vendor (included into `hookspec::<vendor>`).
pub fn vendor(vendor: &Vendor) -> TokenStream {
    let envelope = objects::envelope(&vendor.envelope);
    let event = events::event_enum(vendor);
    let structs = vendor
        .structs
        .iter()
        .map(|def| objects::structure(def, vendor));
    let enums = vendor.enums.iter().map(enums::open_enum);
    let events = events::events_const(vendor);
    let signing = signing::signing(&vendor.signing);
    let idempotency = signing::idempotency_key(&vendor.signing);
    quote! {
        use std::fmt;

        use serde::de::{self, Deserializer, MapAccess, Visitor};
        use serde::ser::{SerializeMap, Serializer};
        use serde::{Deserialize, Serialize};
        use serde_json::{Map, Value};

        use crate::support::{self, Key};
        use crate::{EventInfo, ParseError, Payload, UnknownEvent};

        #envelope
        #event
        #(#structs)*
        #(#enums)*
        #events
        #signing
        #idempotency
    }
}

pub(super) fn module_doc(vendor: &Vendor) -> String {
    let mut doc = format!(
        "{}: typed webhook events.\n\n{}\n\nVendor documentation: <{}>\n\n",
        vendor.name,
        vendor.doc.trim(),
        vendor.docs
    );
    doc.push_str(&format!(
        "Generated from `specs/{id}.yaml`. Parse a delivery body with [`parse`](crate::{id}::parse); \
         see [`Event`](crate::{id}::Event) for every event and [`SIGNING`](crate::{id}::SIGNING) \
         for how deliveries are signed.\n\n",
        id = vendor.id
    ));
    doc.push_str("| Event | Variant | Group |\n|---|---|---|\n");
    for event in &vendor.events {
        let names = event
            .names()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        doc.push_str(&format!(
            "| {names} | [`Event::{variant}`](crate::{id}::Event::{variant}) | {group} |\n",
            variant = event.rust,
            id = vendor.id,
            group = event.group.as_deref().unwrap_or("")
        ));
    }
    doc
}

pub(super) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { String },
        Type::Bool => quote! { bool },
        Type::Integer => quote! { i64 },
        Type::Number => quote! { serde_json::Number },
        Type::Rfc3339 => quote! { crate::Rfc3339 },
        Type::EpochSeconds => quote! { crate::EpochSeconds },
        Type::EpochMillis => quote! { crate::EpochMillis },
        Type::DecimalString => quote! { crate::DecimalString },
        Type::Json => quote! { Value },
        Type::Array(inner) => {
            let inner = rust_type(inner);
            quote! { Vec<#inner> }
        }
        Type::Map(inner) => {
            let inner = rust_type(inner);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        Type::Named(name) => {
            let name = ident(name);
            quote! { #name }
        }
    }
}

pub(super) fn type_path(ty: &Type, vendor: &Vendor) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::Number => "serde_json::Number".to_owned(),
        Type::Rfc3339 => "hookspec::Rfc3339".to_owned(),
        Type::EpochSeconds => "hookspec::EpochSeconds".to_owned(),
        Type::EpochMillis => "hookspec::EpochMillis".to_owned(),
        Type::DecimalString => "hookspec::DecimalString".to_owned(),
        Type::Json => "serde_json::Value".to_owned(),
        Type::Array(inner) => format!("Vec<{}>", type_path(inner, vendor)),
        Type::Map(inner) => format!("BTreeMap<String, {}>", type_path(inner, vendor)),
        Type::Named(name) => format!("hookspec::{}::{name}", vendor.id),
    }
}

pub(super) fn deprecated(note: Option<&str>) -> TokenStream {
    match note {
        Some(note) => {
            let note = note.trim();
            quote! { #[deprecated(note = #note)] }
        }
        None => quote! {},
    }
}

/// `#[doc = " line"]` per line, so prettyplease prints `/// line`.
pub(super) fn docs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// An identifier from a validated name (`r#type` becomes a raw identifier).
pub(super) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
