//! The `SIGNING` and `IDEMPOTENCY_KEY` constants.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::model::{ContentPart, HmacScheme, IdempotencyKey, KeyDerivation, Signing};

pub(super) fn signing(signing: &Signing) -> TokenStream {
    let value = match signing {
        Signing::Unsigned { advice } => {
            quote! { hookspec::verify::Signing::Unsigned { advice: #advice } }
        }
        Signing::Hmac(scheme) => {
            let scheme = hmac_scheme(scheme);
            quote! { hookspec::verify::Signing::Hmac(#scheme) }
        }
    };
    let doc = docs(&match signing {
        Signing::Unsigned { advice } => {
            format!("Deliveries are not signed: {}", super::prose(advice))
        }
        Signing::Hmac(scheme) => format!(
            "Deliveries are signed with HMAC-SHA256 in the `{}` header.",
            scheme.signature_header
        ),
    });
    quote! {
        #doc
        pub const SIGNING: hookspec::verify::Signing = #value;
    }
}

pub(super) fn idempotency_key(signing: &Signing) -> TokenStream {
    let (value, doc) = match signing {
        Signing::Hmac(HmacScheme {
            idempotency_key: Some(IdempotencyKey::Header(header)),
            ..
        }) => (
            quote! { Some(hookspec::verify::IdempotencyKey::Header(#header)) },
            format!("Each delivery's idempotency key is its `{header}` header; retries repeat it."),
        ),
        Signing::Hmac(HmacScheme {
            idempotency_key: Some(IdempotencyKey::Field(field)),
            ..
        }) => (
            quote! { Some(hookspec::verify::IdempotencyKey::Field(#field)) },
            format!(
                "Each delivery's idempotency key is its `{field}` member ([`Event::idempotency_key`]); retries repeat it."
            ),
        ),
        _ => (
            quote! { None },
            "The vendor gives deliveries no idempotency key.".to_owned(),
        ),
    };
    let doc = docs(&doc);
    quote! {
        #doc
        pub const IDEMPOTENCY_KEY: Option<hookspec::verify::IdempotencyKey> = #value;
    }
}

pub(super) fn hmac_scheme(scheme: &HmacScheme) -> TokenStream {
    let option = |value: &Option<String>| match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    };
    let signature_header = &scheme.signature_header;
    let id_header = option(&scheme.id_header);
    let timestamp_header = option(&scheme.timestamp_header);
    let timestamp_entry = option(&scheme.timestamp_entry);
    let unit = if scheme.timestamp_millis {
        quote! { Milliseconds }
    } else {
        quote! { Seconds }
    };
    let tolerance = match scheme.tolerance_seconds {
        Some(seconds) => quote! { Some(#seconds) },
        None => quote! { None },
    };
    let parts = scheme.signed_content.iter().map(|part| match part {
        ContentPart::Id => quote! { hookspec::verify::Part::Id },
        ContentPart::Timestamp => quote! { hookspec::verify::Part::Timestamp },
        ContentPart::Body => quote! { hookspec::verify::Part::Body },
        ContentPart::Literal(text) => quote! { hookspec::verify::Part::Literal(#text) },
    });
    let encoding = if scheme.base64 {
        quote! { Base64 }
    } else {
        quote! { Hex }
    };
    let separator = option(&scheme.entry_separator);
    let prefix = &scheme.entry_prefix;
    let key = match &scheme.key {
        KeyDerivation::Utf8 => quote! { hookspec::verify::KeyDerivation::Utf8 },
        KeyDerivation::Utf8OrBase64 => quote! { hookspec::verify::KeyDerivation::Utf8OrBase64 },
        KeyDerivation::Base64AfterPrefix(prefix) => {
            quote! { hookspec::verify::KeyDerivation::Base64AfterPrefix(#prefix) }
        }
    };
    quote! {
        hookspec::verify::HmacScheme {
            signature_header: #signature_header,
            id_header: #id_header,
            timestamp_header: #timestamp_header,
            timestamp_entry: #timestamp_entry,
            timestamp_unit: hookspec::verify::TimestampUnit::#unit,
            tolerance_seconds: #tolerance,
            signed_content: &[#(#parts),*],
            encoding: hookspec::verify::Encoding::#encoding,
            entry_separator: #separator,
            entry_prefix: #prefix,
            key: #key,
        }
    }
}
