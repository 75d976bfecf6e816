//! Unions: an enum with one variant per branch. Reading one dispatches on the value's JSON kind
//! (through the runtime's `Union` support, no serde `untagged`), then, for objects told apart
//! by a tag member or a required key, on that.

use proc_macro2::TokenStream;
use quote::quote;

use super::{describe, docs, ident, prose, rust_type_in};
use crate::model::{Branch, JsonKind, Select, Union};

pub(super) fn union(def: &Union) -> TokenStream {
    let name = ident(&def.name);
    let expecting = expecting(def);
    let doc = docs(&format!(
        "{}\n\nOne of: {expecting}{}.",
        prose(def.doc.trim()),
        if def.open {
            "; any other value is kept as JSON in `Other`"
        } else {
            ""
        }
    ));
    let variants = def.branches.iter().map(|branch| {
        let variant = ident(&branch.rust);
        let ty = branch_type(branch, def.tolerant);
        let text = match (&branch.doc, &branch.select) {
            (Some(doc), _) => prose(doc),
            (None, Select::Tag(value)) => format!(
                "{}, with `{}` = `{value}`.",
                capitalized(&describe(&branch.ty)),
                def.tag.as_deref().unwrap_or_default()
            ),
            (None, Select::Key(key)) => {
                format!(
                    "{}, told apart by its `{key}` member.",
                    capitalized(&describe(&branch.ty))
                )
            }
            (None, Select::Kind) => format!("{}.", capitalized(&describe(&branch.ty))),
            (None, Select::Otherwise) => format!(
                "{}: an object that no other variant selects.",
                capitalized(&describe(&branch.ty))
            ),
        };
        let doc = docs(&text);
        quote! { #doc #variant(#ty), }
    });
    let other = def.open.then(|| {
        quote! {
            /// A value no other variant takes, kept exactly as it came.
            Other(Value),
        }
    });
    let serialize_arms = def.branches.iter().map(|branch| {
        let variant = ident(&branch.rust);
        quote! { Self::#variant(value) => value.serialize(serializer), }
    });
    let serialize_other = def.open.then(|| {
        quote! { Self::Other(value) => value.serialize(serializer), }
    });
    let arms = kind_arms(def);
    let fallback = if def.open {
        quote! { _ => value.read().map(Self::Other), }
    } else {
        quote! { _ => Err(value.unexpected(Self::EXPECTING)), }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #other
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    #serialize_other
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                support::deserialize_union(deserializer)
            }
        }

        impl support::Union for #name {
            const EXPECTING: &'static str = #expecting;

            fn read<'de, V: support::UnionValue<'de>>(value: V) -> Result<Self, V::Error> {
                match value.kind() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

/// One match arm per JSON kind some branch takes.
fn kind_arms(def: &Union) -> Vec<TokenStream> {
    let kinds = [
        JsonKind::Bool,
        JsonKind::Integer,
        JsonKind::Number,
        JsonKind::String,
        JsonKind::Array,
        JsonKind::Object,
    ];
    let mut arms = Vec::new();
    for kind in kinds {
        let takers: Vec<&Branch> = def
            .branches
            .iter()
            .filter(|branch| branch.kinds.contains(&kind))
            .collect();
        let pattern = kind_path(kind);
        match takers.as_slice() {
            [] => {}
            [branch] if branch.select == Select::Kind => {
                let variant = ident(&branch.rust);
                arms.push(quote! { #pattern => value.read().map(Self::#variant), });
            }
            selected => {
                let tag = def.tag.as_deref().unwrap_or_default();
                let otherwise = selected
                    .iter()
                    .find(|branch| branch.select == Select::Otherwise)
                    .map(|branch| ident(&branch.rust));
                let fallback = if let Some(variant) = otherwise {
                    quote! { object.read().map(Self::#variant) }
                } else if def.open {
                    quote! { Ok(Self::Other(object.into_value())) }
                } else {
                    let wanted = object_choices(def, selected);
                    quote! { Err(object.fits_no_variant(#wanted)) }
                };
                // By tag value first, then by key, in spec order.
                let tagged = selected.iter().filter_map(|branch| match &branch.select {
                    Select::Tag(value) => {
                        let variant = ident(&branch.rust);
                        Some(quote! { Some(#value) => object.read().map(Self::#variant), })
                    }
                    _ => None,
                });
                let keyed: Vec<TokenStream> = selected
                    .iter()
                    .filter_map(|branch| match &branch.select {
                        Select::Key(key) => {
                            let variant = ident(&branch.rust);
                            Some(quote! { if object.has(#key) { object.read().map(Self::#variant) } else })
                        }
                        _ => None,
                    })
                    .collect();
                let rest = quote! { #(#keyed)* { #fallback } };
                let body = if def.tag.is_some() {
                    quote! {
                        match object.tag(#tag) {
                            #(#tagged)*
                            _ => #rest
                        }
                    }
                } else {
                    rest
                };
                arms.push(quote! {
                    #pattern => {
                        let object = value.object()?;
                        #body
                    }
                });
            }
        }
    }
    arms
}

fn kind_path(kind: JsonKind) -> TokenStream {
    match kind {
        JsonKind::Bool => quote! { support::Kind::Bool },
        JsonKind::Integer => quote! { support::Kind::Integer },
        JsonKind::Number => quote! { support::Kind::Number },
        JsonKind::String => quote! { support::Kind::String },
        JsonKind::Array => quote! { support::Kind::Array },
        JsonKind::Object => quote! { support::Kind::Object },
    }
}

fn branch_type(branch: &Branch, tolerant: bool) -> TokenStream {
    let ty = rust_type_in(&branch.ty, tolerant);
    if branch.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// serde's "expected ..." text: the JSON kinds the union takes, in JSON terms.
fn expecting(def: &Union) -> String {
    let mut kinds: Vec<JsonKind> = def
        .branches
        .iter()
        .flat_map(|branch| branch.kinds.iter().copied())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut words: Vec<&str> = kinds.iter().map(|kind| kind.describe()).collect();
    match words.len() {
        0 => "a value".to_owned(),
        1 => words.remove(0).to_owned(),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{} or {last}", words.join(", "))
        }
    }
}

/// What a closed union's objects must look like, for the error when none fits.
fn object_choices(def: &Union, selected: &[&Branch]) -> String {
    let tag = def.tag.as_deref().unwrap_or_default();
    let choices: Vec<String> = selected
        .iter()
        .map(|branch| match &branch.select {
            Select::Tag(value) => format!("`{tag}` = `{value}`"),
            Select::Key(key) => format!("a `{key}` member"),
            Select::Kind | Select::Otherwise => String::new(),
        })
        .filter(|choice| !choice.is_empty())
        .collect();
    format!("an object with {}", choices.join(" or "))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
