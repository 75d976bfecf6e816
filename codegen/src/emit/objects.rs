//! Structs and the envelope, with explicit (de)serialization that keeps unknown members.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{deprecated, describe, docs, ident, prose, rust_type_in};
use crate::model::Type;
use crate::model::{Envelope, Field, Member, Struct, Vendor};

pub(super) fn envelope(envelope: &Envelope, vendor: &Vendor) -> TokenStream {
    let doc = format!(
        "{}\n\n`P` is the event's payload type; [`Event`] pairs each event with its own.",
        prose(envelope.doc.trim())
    );
    let members: Vec<Slot> = envelope.members.iter().map(Slot::of).collect();
    object(
        "Envelope",
        &doc,
        &members,
        true,
        "a delivery object",
        vendor,
    )
}

/// A struct; `is_payload` when it is an event's payload type inside an envelope (it then
/// implements `Payload`).
pub(super) fn structure(def: &Struct, is_payload: bool, vendor: &Vendor) -> TokenStream {
    let members: Vec<Slot> = def.fields.iter().map(Slot::Field).collect();
    let expecting = format!("a `{}` object", def.name);
    let object = object(
        &def.name,
        &prose(&def.doc),
        &members,
        false,
        &expecting,
        vendor,
    );
    let payload_impl = super::payload_impl(&def.name, is_payload, true);
    quote! {
        #object
        #payload_impl
    }
}

/// A member of a struct, borrowed from the model: an ordinary field, or the envelope's payload
/// member (of type `P`).
#[derive(Clone, Copy)]
pub(super) enum Slot<'a> {
    Field(&'a Field),
    Payload(&'a Field),
}

impl<'a> Slot<'a> {
    fn of(member: &'a Member) -> Self {
        match member {
            Member::Field(field) => Slot::Field(field),
            Member::Payload(field) => Slot::Payload(field),
        }
    }

    fn field(self) -> &'a Field {
        match self {
            Slot::Field(field) | Slot::Payload(field) => field,
        }
    }
}

/// A struct with its `Serialize` and `Deserialize` impls: known members by key, everything
/// else kept in `extra`. With `generic`, it is `Name<P>` and its payload member has type `P`.
/// `expecting` completes serde's "invalid type: ..., expected ..." messages.
///
/// The struct's `Serialize` and `Deserialize` impls are a table, one line per member, for the
/// runtime's `object!` (`src/object.rs`), which writes the code the same for every struct: the
/// generated file stays the spec's shape, and a member costs its field and its table line.
///
/// The member loop `object!` writes is a plain function compiled once per struct: it reads
/// through the runtime's one erased reader (`src/erased.rs`). Generic over the deserializer the
/// usual way, a struct's visitor was compiled once per reader that reaches it (five of them),
/// most of the crate's machine code; and built with a `?` per member, its drop code was
/// quadratic in the members.
pub(super) fn object(
    name: &str,
    doc: &str,
    members: &[Slot],
    generic: bool,
    expecting: &str,
    vendor: &Vendor,
) -> TokenStream {
    let type_name = ident(name);
    let doc = docs(doc);
    let fields: Vec<&Field> = members.iter().map(|member| member.field()).collect();
    let field_defs = members.iter().map(field_def);
    let rows = members.iter().map(|member| row(member, vendor));
    let allow = allow_deprecated(fields.iter().copied());
    // A struct with tolerant members records their drift (`hookspec::drift::Marks`).
    let drifts = fields.iter().any(|field| field.tolerant);
    let (drift_def, drift_flag) = if drifts {
        (
            quote! {
                /// Which members drifted from the spec (absent or `null` where it says
                /// otherwise), so that serializing writes them back as they came; read it
                /// with `hookspec::drift::of` or the event's `drift()`.
                #[doc(hidden)]
                pub drift: hookspec::drift::Marks,
            },
            quote! { , drift },
        )
    } else {
        (quote! {}, quote! {})
    };
    let struct_params = if generic {
        quote! { <P> }
    } else {
        quote! {}
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #type_name #struct_params {
            #(#field_defs)*
            /// Members the spec does not describe, kept as they came.
            pub extra: Map<String, Value>,
            #drift_def
        }

        hookspec::__private::object! {
            #allow
            impl #type_name #struct_params = #expecting #drift_flag;
            #(#rows)*
        }
    }
}

/// A member's line in its struct's `object!` table: field, wire name, presence, read.
fn row(member: &Slot, vendor: &Vendor) -> TokenStream {
    let field = member.field();
    let (name, wire) = (ident(&field.rust), &field.wire);
    let presence = match member {
        Slot::Payload(_) => "payload",
        Slot::Field(_) if field.tolerant && !field.optional && null_drifts(field) => "tolerant",
        Slot::Field(_) if field.tolerant && !field.optional => "tolerant_absent",
        Slot::Field(_) if null_drifts(field) => "tolerant_optional",
        Slot::Field(_) if !field.optional => "required",
        Slot::Field(_) => "optional",
    };
    let read = match member {
        Slot::Payload(_) => "payload".to_owned(),
        Slot::Field(field) => read(field, vendor),
    };
    let (presence, read) = (format_ident!("{presence}"), format_ident!("{read}"));
    quote! { #name: #wire, #presence, #read; }
}

pub(super) fn field_def(member: &Slot) -> TokenStream {
    let field = member.field();
    let name = ident(&field.rust);
    let ty = match member {
        Slot::Field(field) => field_type(field),
        Slot::Payload(_) => quote! { P },
    };
    let mut text = if field.doc.is_empty() {
        format!(
            "The `{}` member: {} (the spec does not document it).",
            field.wire,
            describe(&field.ty)
        )
    } else {
        prose(field.doc.trim())
    };
    let presence = match (field.optional, field.nullable) {
        (false, false) => None,
        (true, false) => Some("`None` when absent."),
        (false, true) => Some("`None` when `null`."),
        (true, true) => Some("`None` when absent, `Some(None)` when `null`."),
    };
    if let Some(presence) = presence {
        text.push_str("\n\n");
        text.push_str(presence);
    }
    if let Some(note) = &field.note {
        text.push_str(&format!("\n\nSpec note: {}", prose(note.trim())));
    }
    let doc = docs(&text);
    let deprecated = deprecated(field.deprecated.as_deref());
    quote! { #doc #deprecated pub #name: #ty, }
}

pub(super) fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type_in(&field.ty, field.tolerant);
    let ty = if field.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    };
    match (field.optional, field.nullable) {
        (false, false) => ty,
        (true, true) => quote! { Option<Option<#ty>> },
        _ => quote! { Option<#ty> },
    }
}

/// How a member's value is read into its slot (`object!`'s read column): scalars and nested
/// structs straight from the concrete reader (fast, and a struct nested in a struct costs a
/// few stack frames, not the erased deserializer's dozen), `null` as `None` where the field
/// takes it (or where it is drift), anything else through the erased deserializer.
fn read(field: &Field, vendor: &Vendor) -> String {
    // Where `null` reads as `None`: the field is nullable, or `null` is drift for it.
    let or_null = field.nullable || null_drifts(field);
    let base = match &field.ty {
        Type::String => "string",
        Type::Integer => "integer",
        Type::Bool => "boolean",
        // `json` takes `null` as a value: a nullable one reads it as `None`.
        Type::Json => "json",
        Type::Named(name) if is_struct(name, vendor) => {
            if field.boxed {
                "boxed"
            } else {
                "object"
            }
        }
        Type::Array(item)
            if !field.boxed && matches!(&**item, Type::Named(name) if is_struct(name, vendor)) =>
        {
            "objects"
        }
        Type::Named(name) if !field.boxed && vendor.enums.iter().any(|def| def.name == *name) => {
            "enumeration"
        }
        // A format under `presence: tolerant` is `Lenient`: its text, parsed when it parses.
        Type::Rfc3339 | Type::DecimalString | Type::DateTime if field.tolerant => "lenient",
        _ if or_null => return "nullable".to_owned(),
        _ => return "next".to_owned(),
    };
    if or_null {
        format!("{base}_or_null")
    } else {
        base.to_owned()
    }
}

/// Whether `name` is one of the vendor's generated structs.
fn is_struct(name: &str, vendor: &Vendor) -> bool {
    vendor.structs.iter().any(|def| def.name == *name)
}

/// Whether the field is tolerant and `null` would be drift for it: not nullable, and not
/// `json` (which takes `null` as a value).
fn null_drifts(field: &Field) -> bool {
    field.tolerant && !field.nullable && field.ty != Type::Json
}

pub(super) fn allow_deprecated<'a>(mut fields: impl Iterator<Item = &'a Field>) -> TokenStream {
    if fields.any(|field| field.deprecated.is_some()) {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    }
}
