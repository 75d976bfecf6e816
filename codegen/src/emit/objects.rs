//! Structs and the envelope, with explicit (de)serialization that keeps unknown members.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{deprecated, describe, docs, ident, prose, rust_type_in};
use crate::model::Type;
use crate::model::{Envelope, Field, Member, Struct};
use crate::names;

pub(super) fn envelope(envelope: &Envelope) -> TokenStream {
    let doc = format!(
        "{}\n\n`P` is the event's payload type; [`Event`] pairs each event with its own.",
        prose(envelope.doc.trim())
    );
    let members: Vec<Slot> = envelope.members.iter().map(Slot::of).collect();
    object("Envelope", &doc, &members, true, "a delivery object")
}

/// A struct; `is_payload` when it is an event's payload type inside an envelope (it then
/// implements `Payload`).
pub(super) fn structure(def: &Struct, is_payload: bool) -> TokenStream {
    let members: Vec<Slot> = def.fields.iter().map(Slot::Field).collect();
    let expecting = format!("a `{}` object", def.name);
    let object = object(&def.name, &prose(&def.doc), &members, false, &expecting);
    let payload_impl = super::payload_impl(&def.name, is_payload);
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
/// The member loop is a plain function, `read`, nested in `deserialize` and compiled once:
/// it reads through `support::Members`, the runtime's one erased reader, and `deserialize`
/// hands it to `support::object`, the only part compiled per reader (see `src/erased.rs`).
/// Generic over the deserializer the usual way, a struct's visitor was compiled once per
/// reader that reaches it (five of them), most of the crate's machine code.
///
/// `serialize` and `read` are `#[inline(never)]`: most structs are used in one place, and
/// without the boundary LLVM inlines a whole tree of nested structs into one giant function
/// per event, whose optimization time grows much faster than its size (an imported Shopify
/// module did not build in release in 30 minutes). Each struct stays a function of its own, a
/// call per nested object at run time.
pub(super) fn object(
    name: &str,
    doc: &str,
    members: &[Slot],
    generic: bool,
    expecting: &str,
) -> TokenStream {
    let type_name = ident(name);
    let doc = docs(doc);
    let fields: Vec<&Field> = members.iter().map(|member| member.field()).collect();
    let field_defs = members.iter().map(field_def);
    let locals = locals(&fields);
    let lets = locals.iter().map(|local| quote! { let mut #local = None; });
    let arms: Vec<TokenStream> = members
        .iter()
        .zip(&locals)
        .map(|(member, local)| deserialize_arm(member, local))
        .collect();
    // An object without fields keeps every member (a `match` on the key alone would be one
    // binding arm).
    let read_member = if arms.is_empty() {
        quote! { extra.insert(key.into_string(), map.next_json()?); }
    } else {
        quote! {
            match key.as_str() {
                #(#arms)*
                _ => {
                    extra.insert(key.into_string(), map.next_json()?);
                }
            }
        }
    };
    let serialize = members.iter().map(serialize_field);
    let allow = allow_deprecated(fields.iter().copied());
    // A struct with tolerant members records their drift (`hookspec::drift::Marks`).
    let drifts = fields.iter().any(|field| field.tolerant);
    let finish = finish(&type_name, members, &locals, drifts);
    let (drift_def, drift_let) = if drifts {
        (
            quote! {
                /// Which members drifted from the spec (absent or `null` where it says
                /// otherwise), so that serializing writes them back as they came; read it
                /// with `hookspec::drift::of` or the event's `drift()`.
                #[doc(hidden)]
                pub drift: hookspec::drift::Marks,
            },
            quote! { let mut drift = hookspec::drift::Marks::none(); },
        )
    } else {
        (quote! {}, quote! {})
    };
    // `Name`, or `Name<P>` with `P: Payload`.
    let (struct_params, ser_params, de_params, read_params, read_fn) = if generic {
        (
            quote! { <P> },
            quote! { <P: hookspec::Payload> },
            quote! { <'de, P: hookspec::Payload> },
            quote! { <'de, P: hookspec::Payload> },
            quote! { read::<P> },
        )
    } else {
        (quote! {}, quote! {}, quote! { <'de> }, quote! { <'de> }, quote! { read })
    };
    let this = quote! { #type_name #struct_params };
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

        #allow
        impl #ser_params Serialize for #this {
            #[inline(never)]
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                #(#serialize)*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        #allow
        impl #de_params Deserialize<'de> for #this {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[inline(never)]
                fn read #read_params (
                    mut map: support::Members<'_, 'de>,
                ) -> Result<#this, support::ReadError> {
                    #(#lets)*
                    let mut extra = Map::new();
                    #drift_let
                    while let Some(key) = map.next_key()? {
                        #read_member
                    }
                    #finish
                }

                support::object(deserializer, #expecting, #read_fn)
            }
        }
    }
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

pub(super) fn deserialize_arm(member: &Slot, local: &Ident) -> TokenStream {
    let field = member.field();
    let wire = &field.wire;
    match member {
        // A value that may be `null` (`None`) reads without `Option`'s visitor.
        Slot::Field(field) if field.nullable || null_drifts(field) => {
            quote! { #wire => map.nullable(&mut #local, &key)?, }
        }
        Slot::Field(_) => quote! { #wire => support::next(&mut map, &mut #local, &key)?, },
        Slot::Payload(_) => quote! {
            #wire => support::put(&mut #local, #wire, map.next_value_seed(support::PayloadSeed::new())?)?,
        },
    }
}

/// The end of `read`: each member's value from its slot (an absent required member is an
/// error, a drifted one a placeholder), then the struct.
///
/// No conversion returns early: each gives a `Result`, and one `match` on all of them builds
/// the struct or returns the first error. With a `?` per member, every early return would drop
/// the members converted before it and the slots after it, code quadratic in the number of
/// members (a 100-member struct's function was most of its module's optimization time).
fn finish(type_name: &Ident, members: &[Slot], locals: &[Ident], drifts: bool) -> TokenStream {
    let mut converts = Vec::new();
    let mut fallible = Vec::new();
    let mut inits = Vec::new();
    for (member, local) in members.iter().zip(locals) {
        let field = member.field();
        let (name, wire) = (ident(&field.rust), &field.wire);
        let convert = match member {
            Slot::Payload(_) => Some(quote! { support::payload(#local, #wire) }),
            // `next` read the local as `Option<T>` where `null` drifts (`None` is `null`).
            Slot::Field(_) if field.tolerant && !field.optional && null_drifts(field) => {
                Some(quote! { drift.member(#local, #wire) })
            }
            Slot::Field(_) if field.tolerant && !field.optional => {
                Some(quote! { drift.absent(#local, #wire) })
            }
            Slot::Field(_) if null_drifts(field) => {
                converts.push(quote! { let #local = drift.null(#local, #wire); });
                None
            }
            Slot::Field(_) if !field.optional => Some(quote! { support::required(#local, #wire) }),
            Slot::Field(_) => None,
        };
        if let Some(convert) = convert {
            converts.push(quote! { let #local = #convert; });
            fallible.push(local.clone());
        }
        inits.push(if *local == name {
            quote! { #name, }
        } else {
            quote! { #name: #local, }
        });
    }
    let drift_init = if drifts { quote! { drift, } } else { quote! {} };
    let build = quote! {
        #type_name {
            #(#inits)*
            extra,
            #drift_init
        }
    };
    if fallible.is_empty() {
        return quote! {
            #(#converts)*
            Ok(#build)
        };
    }
    quote! {
        #(#converts)*
        match (#(#fallible,)*) {
            (#(Ok(#fallible),)*) => Ok(#build),
            (#(#fallible,)*) => Err(support::first_error(&mut [#(#fallible.err(),)*])),
        }
    }
}

pub(super) fn serialize_field(member: &Slot) -> TokenStream {
    let field = member.field();
    let (name, wire) = (ident(&field.rust), &field.wire);
    match member {
        Slot::Payload(_) => quote! {
            if !self.#name.is_missing() {
                map.serialize_entry(#wire, &self.#name)?;
            }
        },
        Slot::Field(_) if field.tolerant && !field.optional => {
            quote! { self.drift.entry(&mut map, #wire, &self.#name)?; }
        }
        Slot::Field(_) if null_drifts(field) => {
            quote! { self.drift.present(&mut map, #wire, &self.#name)?; }
        }
        Slot::Field(_) if field.optional => {
            quote! { support::present(&mut map, #wire, &self.#name)?; }
        }
        Slot::Field(_) => quote! { map.serialize_entry(#wire, &self.#name)?; },
    }
}

/// Whether the field is tolerant and `null` would be drift for it: not nullable, and not
/// `json` (which takes `null` as a value).
fn null_drifts(field: &Field) -> bool {
    field.tolerant && !field.nullable && field.ty != Type::Json
}

/// The local variables holding each field while its object is read: the field's name, with
/// `_` appended where it would shadow the visitor's own variables (`map`, `key`, `extra`), and
/// again while it is another field's name (`map` beside a field `map_` is `map__`).
pub(super) fn locals(fields: &[&Field]) -> Vec<Ident> {
    let taken: std::collections::HashSet<&str> = fields
        .iter()
        .map(|field| names::bare(&field.rust))
        .collect();
    fields
        .iter()
        .map(|field| {
            let bare = names::bare(&field.rust);
            if !matches!(bare, "map" | "key" | "extra") {
                return ident(&field.rust);
            }
            let mut local = format!("{bare}_");
            while taken.contains(local.as_str()) {
                local.push('_');
            }
            format_ident!("{local}")
        })
        .collect()
}

pub(super) fn allow_deprecated<'a>(mut fields: impl Iterator<Item = &'a Field>) -> TokenStream {
    if fields.any(|field| field.deprecated.is_some()) {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    }
}
