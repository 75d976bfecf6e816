//! Open enums: documented values plus a hidden catch-all.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, prose};
use crate::model::Enum;

pub(super) fn open_enum(def: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&format!(
        "{}\n\nOpen: a value this spec does not document parses too, is kept, and reads back with \
         [`{}::as_str`].",
        prose(def.doc.trim()),
        def.name
    ));
    let variants = def.values.iter().map(|value| {
        let variant = ident(&value.rust);
        let text = match &value.doc {
            Some(doc) => format!("`{}`: {}", value.wire, prose(doc.trim())),
            None => format!("`{}`.", value.wire),
        };
        let doc = docs(&text);
        quote! { #doc #variant, }
    });
    let to_str = def.values.iter().map(|value| {
        let (variant, wire) = (ident(&value.rust), &value.wire);
        quote! { #name::#variant => #wire, }
    });
    let from_str = def.values.iter().map(|value| {
        let (variant, wire) = (ident(&value.rust), &value.wire);
        quote! { #wire => #name::#variant, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not document. Not for matching: read it with
            /// `as_str()`, since a later version may give it a variant of its own.
            #[doc(hidden)]
            _Unknown(hookspec::UnknownValue),
        }

        impl #name {
            /// The value as delivered.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::_Unknown(value) => value.as_str(),
                }
            }

            /// Whether this version of the spec does not document the value.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::_Unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::_Unknown(support::unknown_value(other)),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                support::deserialize_str(deserializer)
            }
        }
    }
}
