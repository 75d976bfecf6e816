//! Stage 3: model → Rust tokens. The output is meant to read like careful hand-written code:
//! plain structs, explicit (de)serialization without serde's buffering derives, docs everywhere.
//!
//! One file per concern: `events` (the `Event` enum and dispatch), `objects` (structs and the
//! envelope), `enums` (open enums), `unions`, `signing`, and `registry` (the crate root's list
//! of vendors).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{NameSource, Type, Vendor};
use prose::prose;

mod enums;
mod events;
mod objects;
mod prose;
mod registry;
mod signing;
mod unions;

pub use registry::{modules, vendors};

/// How the generated code is placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The generated modules are part of the `hookspec` crate itself (their runtime paths go
    /// through `crate`); otherwise they live in another crate that depends on `hookspec`.
    pub in_runtime: bool,
    /// The path users write to reach the vendor modules, for the doctests in the docs
    /// (`hookspec` for `hookspec::gately::parse`).
    pub crate_path: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            in_runtime: true,
            crate_path: "hookspec".to_owned(),
        }
    }
}

/// The module of one vendor (included into `hookspec::<vendor>`).
pub fn vendor(vendor: &Vendor, options: &Options) -> TokenStream {
    let parts = Parts::new(vendor, options);
    (0..parts.len()).map(|index| parts.part(index)).collect()
}

/// A vendor's module in parts, each one or more whole items, that concatenated are
/// [`vendor`]'s tokens: the formatter parses and prints one part at a time, so that the tokens
/// and syntax trees of a large module never all exist at once.
pub(crate) struct Parts<'a> {
    vendor: &'a Vendor,
    options: &'a Options,
    /// The named types (structs, enums, unions) that are an event's payload in an envelope
    /// (and implement `Payload`).
    payloads: std::collections::HashSet<&'a str>,
}

impl<'a> Parts<'a> {
    /// The parts of `vendor`'s module.
    pub(crate) fn new(vendor: &'a Vendor, options: &'a Options) -> Self {
        Parts {
            vendor,
            options,
            payloads: payload_types(vendor),
        }
    }

    /// How many parts there are: the head, one per struct, enum and union, and the tail.
    pub(crate) fn len(&self) -> usize {
        let vendor = self.vendor;
        2 + vendor.structs.len() + vendor.enums.len() + vendor.unions.len()
    }

    /// Part `index` (below [`Self::len`]).
    pub(crate) fn part(&self, index: usize) -> TokenStream {
        let vendor = self.vendor;
        let (structs, enums) = (vendor.structs.len(), vendor.enums.len());
        let unions = vendor.unions.len();
        match index {
            0 => head(vendor, self.options),
            index if index <= structs => {
                let def = &vendor.structs[index - 1];
                let payload = self.payloads.contains(def.name.as_str());
                objects::structure(def, payload, vendor)
            }
            index if index <= structs + enums => {
                let def = &vendor.enums[index - 1 - structs];
                let payload =
                    payload_impl(&def.name, self.payloads.contains(def.name.as_str()), false);
                let tokens = enums::open_enum(def);
                quote! { #tokens #payload }
            }
            index if index <= structs + enums + unions => {
                let def = &vendor.unions[index - 1 - structs - enums];
                let payload =
                    payload_impl(&def.name, self.payloads.contains(def.name.as_str()), false);
                let tokens = unions::union(def);
                quote! { #tokens #payload }
            }
            _ => tail(vendor, self.options),
        }
    }
}

/// The named types of `vendor` that implement `Payload`: those that are an event's payload
/// inside an envelope.
fn payload_types(vendor: &Vendor) -> std::collections::HashSet<&str> {
    if vendor.envelope.is_none() {
        return std::collections::HashSet::new();
    }
    vendor
        .events
        .iter()
        .filter_map(|event| match &event.payload {
            Some(Type::Named(name)) => Some(name.as_str()),
            _ => None,
        })
        .collect()
}

/// `impl Payload` for the named type `name` where `is_payload`: a payload member that must be
/// present, read like a nested struct when `name` is a generated struct.
pub(super) fn payload_impl(name: &str, is_payload: bool, is_struct: bool) -> TokenStream {
    if !is_payload {
        return quote! {};
    }
    let name = ident(name);
    let read = if is_struct {
        quote! { object }
    } else {
        quote! { deserialize }
    };
    quote! {
        hookspec::__private::payload!(#name: #read);
    }
}

/// The module's imports, the envelope and the `Event` enum.
fn head(vendor: &Vendor, options: &Options) -> TokenStream {
    let envelope = (vendor.envelope.as_ref()).map(|envelope| objects::envelope(envelope, vendor));
    let event = events::event_enum(vendor, options);
    let runtime = if options.in_runtime {
        quote! { use crate as hookspec; }
    } else {
        quote! {}
    };
    // `Deserialize` is written out by hand for `Event` where the body names the event, and for
    // every enum and union; structs and payloads get theirs from the runtime's macros.
    let deserialize = matches!(vendor.identity.name, NameSource::Member(_))
        || !vendor.enums.is_empty()
        || !vendor.unions.is_empty();
    let deserialize = if deserialize {
        quote! {
            use serde::de::Deserializer;
            use serde::{Deserialize, Serialize};
        }
    } else {
        quote! {
            use serde::Serialize;
        }
    };
    quote! {
        use std::borrow::Cow;

        use serde::ser::Serializer;
        #deserialize
        use serde_json::{Map, Value};

        #runtime
        use hookspec::__private as support;
        use hookspec::{EventInfo, ParseError, UnknownEvent};

        #envelope
        #event
    }
}

/// `EVENTS`, `IDENTITY`, `SIGNING` and `IDEMPOTENCY_KEY`.
fn tail(vendor: &Vendor, options: &Options) -> TokenStream {
    let events = events::events_const(vendor, options);
    let identity = identity(vendor);
    let signing = signing::signing(&vendor.signing);
    let idempotency = signing::idempotency_key(&vendor.signing);
    quote! {
        #events
        #identity
        #signing
        #idempotency
    }
}

/// `IDENTITY`: where the event name travels.
fn identity(vendor: &Vendor) -> TokenStream {
    let (name, doc) = match &vendor.identity.name {
        NameSource::Member(path) => (
            quote! { hookspec::NameSource::Member(&[#(#path),*]) },
            format!("The event name is the body's `{}` member", path.join(".")),
        ),
        NameSource::Header(header) => (
            quote! { hookspec::NameSource::Header(#header) },
            format!("The event name is the `{header}` request header"),
        ),
    };
    let (sub, doc) = match &vendor.identity.sub_name {
        Some(sub) => (
            quote! { Some(#sub) },
            format!(
                "{doc}, followed by the body's `{sub}` member where the event has sub-names (`<name>.<sub>`)."
            ),
        ),
        None => (quote! { None }, format!("{doc}.")),
    };
    let doc = docs(&doc);
    quote! {
        #doc
        pub const IDENTITY: hookspec::Identity = hookspec::Identity {
            name: #name,
            sub_name: #sub,
        };
    }
}

pub(super) fn module_doc(vendor: &Vendor) -> String {
    let mut doc = format!(
        "{}: typed webhook events.\n\n{}\n\nVendor documentation: {}\n\n",
        prose(&vendor.name),
        prose(vendor.doc.trim()),
        prose(&format!("<{}>", vendor.docs))
    );
    let entry = match &vendor.identity.name {
        NameSource::Member(_) => format!(
            "Parse a delivery body with [`parse`](crate::{id}::parse)",
            id = vendor.id
        ),
        NameSource::Header(header) => format!(
            "Parse a delivery with [`parse_request`](crate::{id}::parse_request) (headers and \
             body), or [`parse_named`](crate::{id}::parse_named) when the `{header}` header is \
             already read",
            id = vendor.id
        ),
    };
    doc.push_str(&format!(
        "Generated from `specs/{id}.yaml`. {entry}; see [`Event`](crate::{id}::Event) for every \
         event and [`SIGNING`](crate::{id}::SIGNING) for how deliveries are signed.\n\n",
        id = vendor.id
    ));
    doc.push_str(
        "Every struct and union here is `#[non_exhaustive]`, so that a member, event, enum value \
         or union branch the vendor adds is a minor version: read fields by name, match with a \
         `..` or `_` arm, and build values (in tests) from JSON, with \
         `serde_json::from_value(serde_json::json!({ ... }))` or `serde_json::from_str`.\n\n",
    );
    doc.push_str("| Event | Variant | Group |\n|---|---|---|\n");
    for event in &vendor.events {
        let names = event
            .names()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let variant = match event.compound {
            Some(index) => {
                let compound = &vendor.compounds[index];
                format!(
                    "[`{}::{}`](crate::{id}::{}::{})",
                    compound.enum_name,
                    event.rust,
                    compound.enum_name,
                    event.rust,
                    id = vendor.id
                )
            }
            None => format!(
                "[`Event::{variant}`](crate::{id}::Event::{variant})",
                variant = event.rust,
                id = vendor.id
            ),
        };
        doc.push_str(&format!(
            "| {names} | {variant} | {group} |\n",
            group = prose(event.group.as_deref().unwrap_or("")).replace('|', "\\|")
        ));
    }
    doc
}

pub(super) fn rust_type(ty: &Type) -> TokenStream {
    rust_type_in(ty, false)
}

/// The Rust type of `ty`; with `tolerant`, its text formats (in arrays and maps too) are
/// `hookspec::Lenient<..>`, which keep a text that does not parse.
pub(crate) fn rust_type_in(ty: &Type, tolerant: bool) -> TokenStream {
    let lenient = |inner: TokenStream| {
        if tolerant {
            quote! { hookspec::Lenient<#inner> }
        } else {
            inner
        }
    };
    match ty {
        Type::String => quote! { String },
        Type::Bool => quote! { bool },
        Type::Integer => quote! { i64 },
        Type::Number => quote! { serde_json::Number },
        Type::Rfc3339 => lenient(quote! { hookspec::Rfc3339 }),
        Type::EpochSeconds => quote! { hookspec::EpochSeconds },
        Type::EpochMillis => quote! { hookspec::EpochMillis },
        Type::DecimalString => lenient(quote! { hookspec::DecimalString }),
        Type::DateTime => lenient(quote! { hookspec::DateTime }),
        Type::Json => quote! { Value },
        Type::Array(inner) => {
            let inner = rust_type_in(inner, tolerant);
            quote! { Vec<#inner> }
        }
        Type::Map(inner) => {
            let inner = rust_type_in(inner, tolerant);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        Type::Named(name) => {
            let name = ident(name);
            quote! { #name }
        }
    }
}

pub(super) fn type_path(ty: &Type, vendor: &Vendor, krate: &str) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::Integer => "i64".to_owned(),
        Type::Number => "serde_json::Number".to_owned(),
        Type::Rfc3339 => "hookspec::Rfc3339".to_owned(),
        Type::EpochSeconds => "hookspec::EpochSeconds".to_owned(),
        Type::EpochMillis => "hookspec::EpochMillis".to_owned(),
        Type::DecimalString => "hookspec::DecimalString".to_owned(),
        Type::DateTime => "hookspec::DateTime".to_owned(),
        Type::Json => "serde_json::Value".to_owned(),
        Type::Array(inner) => format!("Vec<{}>", type_path(inner, vendor, krate)),
        Type::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_path(inner, vendor, krate)
        ),
        Type::Named(name) => format!("{krate}::{}::{name}", vendor.id),
    }
}

/// A type in JSON terms, for generated docs: "a string", "an array of `User` objects".
pub(super) fn describe(ty: &Type) -> String {
    match ty {
        Type::String => "a string".to_owned(),
        Type::Bool => "a boolean".to_owned(),
        Type::Integer => "an integer".to_owned(),
        Type::Number => "a number".to_owned(),
        Type::Rfc3339 => "an RFC 3339 timestamp".to_owned(),
        Type::EpochSeconds => "seconds since the Unix epoch".to_owned(),
        Type::EpochMillis => "milliseconds since the Unix epoch".to_owned(),
        Type::DecimalString => "a decimal number as a string".to_owned(),
        Type::DateTime => "a date-time string".to_owned(),
        Type::Json => "any JSON value".to_owned(),
        Type::Array(inner) => format!("an array, each element {}", describe(inner)),
        Type::Map(inner) => format!("an object whose every value is {}", describe(inner)),
        Type::Named(name) => format!("a [`{name}`]"),
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
