//! The crate root's vendor modules, `AnyEvent` and the `VENDORS` registry.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{docs, ident, module_doc};
use crate::model::Vendor;

/// The vendor modules of a crate other than `hookspec` (such as test fixtures): one module per
/// spec, without features or a registry.
pub fn modules(vendors: &[Vendor]) -> TokenStream {
    let modules = vendors.iter().map(|vendor| {
        let module = ident(&vendor.id);
        let file = format!("/{}.rs", vendor.id);
        let docs = docs(&module_doc(vendor));
        quote! {
            #docs
            pub mod #module {
                include!(concat!(env!("OUT_DIR"), #file));
            }
        }
    });
    quote! { #(#modules)* }
}

/// The crate root's list of vendor modules, each behind its feature, and the vendor registry;
/// `digests` are the specs' digests ([`spec_digest`](crate::spec_digest)), one per vendor, in
/// order (an empty string where there is none).
pub fn vendors(vendors: &[Vendor], digests: &[String]) -> TokenStream {
    let modules = vendors.iter().map(|vendor| {
        let module = ident(&vendor.id);
        let feature = &vendor.id;
        let file = format!("/{}.rs", vendor.id);
        let docs = docs(&module_doc(vendor));
        quote! {
            #docs
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            pub mod #module {
                include!(concat!(env!("CARGO_MANIFEST_DIR"), "/generated", #file));
            }
        }
    });
    let variants = vendors.iter().map(|vendor| {
        let (feature, module, variant) = (&vendor.id, ident(&vendor.id), vendor_variant(vendor));
        let doc = docs(&format!("An event from {}.", super::prose(&vendor.name)));
        quote! {
            #doc
            #[cfg(feature = #feature)]
            #variant(#module::Event),
        }
    });
    let arms = |body: TokenStream| {
        let arms = vendors.iter().map(move |vendor| {
            let (feature, variant) = (&vendor.id, vendor_variant(vendor));
            quote! { #[cfg(feature = #feature)] AnyEvent::#variant(ref event) => #body, }
        });
        quote! { #(#arms)* }
    };
    let name_arms = arms(quote! { event.name() });
    let known_arms = arms(quote! { event.is_known() });
    let info_arms = arms(quote! { event.info() });
    let serialize_arms = arms(quote! { event.serialize(serializer) });
    let key_arms = arms(quote! { event.body_idempotency_key() });
    let registry = vendors.iter().enumerate().map(|(index, vendor)| {
        let (feature, id, name, docs_url) = (&vendor.id, &vendor.id, &vendor.name, &vendor.docs);
        let module = ident(&vendor.id);
        let digest = digests.get(index).map_or("", String::as_str);
        quote! {
            #[cfg(feature = #feature)]
            Vendor {
                id: #id,
                name: #name,
                docs: #docs_url,
                events: #module::EVENTS,
                signing: &#module::SIGNING,
                identity: &#module::IDENTITY,
                idempotency_key: #module::IDEMPOTENCY_KEY,
                spec_digest: #digest,
                parse: crate::vendor::entry::request::<#module::Event>,
                parse_body: crate::vendor::entry::fast::<#module::Event>,
                parse_careful: crate::vendor::entry::careful::<#module::Event>,
                parse_value: crate::vendor::entry::from_value::<#module::Event>,
            },
        }
    });
    // What lets the registry's generic functions return any vendor's event.
    let conversions = vendors.iter().map(|vendor| {
        let (feature, module, variant) = (&vendor.id, ident(&vendor.id), vendor_variant(vendor));
        quote! {
            #[cfg(feature = #feature)]
            impl From<#module::Event> for AnyEvent {
                fn from(event: #module::Event) -> Self {
                    AnyEvent::#variant(event)
                }
            }
        }
    });
    quote! {
        #(#modules)*

        /// An event of any vendor compiled into this crate.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum AnyEvent {
            #(#variants)*
        }

        impl AnyEvent {
            /// The event name (`<name>.<sub>` where the event has a sub-name).
            pub fn name(&self) -> std::borrow::Cow<'_, str> {
                match *self { #name_arms }
            }

            /// Whether the vendor's spec describes this event.
            pub fn is_known(&self) -> bool {
                match *self { #known_arms }
            }

            /// What the spec says about this event (`None` for unknown events).
            pub fn info(&self) -> Option<&'static EventInfo> {
                match *self { #info_arms }
            }

            /// The idempotency key carried in the body, for vendors that put it there
            /// (Gately's `id`); `None` for the others (see [`Vendor::idempotency_key`]).
            pub fn body_idempotency_key(&self) -> Option<&str> {
                match *self { #key_arms }
            }
        }

        #(#conversions)*

        impl serde::Serialize for AnyEvent {
            // With every vendor feature off, the match has no arm.
            #[allow(unused_variables)]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match *self { #serialize_arms }
            }
        }

        /// Every vendor compiled into this crate (one per enabled feature), by id.
        pub const VENDORS: &[Vendor] = &[
            #(#registry)*
        ];
    }
}

pub(super) fn vendor_variant(vendor: &Vendor) -> Ident {
    ident(&heck::ToUpperCamelCase::to_upper_camel_case(
        vendor.id.as_str(),
    ))
}
