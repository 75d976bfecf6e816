//! The `Event` enum: variants, dispatch on the event name, and `EVENTS`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{deprecated, docs, ident, rust_type, type_path};
use crate::model::{Event, HmacScheme, IdempotencyKey, Signing, Vendor};
use crate::names;

pub(super) fn event_enum(vendor: &Vendor) -> TokenStream {
    let envelope = &vendor.envelope;
    let name_field = envelope
        .field(&envelope.event_name)
        .map(|field| ident(&field.rust));
    let variants = vendor.events.iter().map(|event| {
        let (variant, payload) = (ident(&event.rust), payload_type(event));
        let doc = docs(&event_doc(event, vendor));
        let deprecated = deprecated(event.deprecated.as_deref());
        quote! { #doc #deprecated #variant(Envelope<#payload>), }
    });
    let name_arms = vendor.events.iter().map(|event| {
        let variant = ident(&event.rust);
        quote! { Event::#variant(event) => &event.#name_field, }
    });
    let serialize_arms = vendor.events.iter().map(|event| {
        let variant = ident(&event.rust);
        quote! { Event::#variant(event) => event.serialize(serializer), }
    });
    let dispatch_arms = vendor.events.iter().map(|event| {
        let variant = ident(&event.rust);
        let names = event.names();
        quote! { #(#names)|* => Event::#variant(source.read()?), }
    });
    let keys =
        std::iter::once(&envelope.event_name).chain(envelope.matches.iter().map(|(key, _)| key));
    // `name` for the event name, then each `match` member under its field's name.
    let bindings: Vec<Ident> = std::iter::once(format_ident!("name"))
        .chain(
            envelope
                .matches
                .iter()
                .map(|(key, _)| match envelope.field(key) {
                    Some(field) if names::bare(&field.rust) != "name" => ident(&field.rust),
                    _ => format_ident!(
                        "{}_",
                        names::bare(envelope.field(key).map_or("member", |field| &field.rust))
                    ),
                }),
        )
        .collect();
    let match_checks = envelope
        .matches
        .iter()
        .zip(&bindings[1..])
        .map(|((_, value), binding)| {
            quote! { #binding.as_deref() != Some(#value) }
        });
    let event_name = &envelope.event_name;
    let match_guard = if envelope.matches.is_empty() {
        quote! {}
    } else {
        quote! {
            if #(#match_checks)||* {
                return source.unknown(&name).map(Event::Unknown);
            }
        }
    };
    let idempotency_method = match &vendor.signing {
        Signing::Hmac(HmacScheme {
            idempotency_key: Some(IdempotencyKey::Field(field)),
            ..
        }) => {
            let member = envelope.field(field).map(|field| ident(&field.rust));
            let arms = vendor.events.iter().map(|event| {
                let variant = ident(&event.rust);
                quote! { Event::#variant(event) => Some(&event.#member), }
            });
            let doc = docs(&format!(
                "The delivery's idempotency key (its `{field}` member): retries repeat it, so a \
                 receiver can drop deliveries it has already handled."
            ));
            quote! {
                #doc
                pub fn idempotency_key(&self) -> Option<&str> {
                    match self {
                        #(#arms)*
                        Event::Unknown(event) => event.json().get(#field).and_then(Value::as_str),
                    }
                }
            }
        }
        _ => quote! {},
    };
    let vendor_id = &vendor.id;
    let body_key = match &vendor.signing {
        Signing::Hmac(HmacScheme {
            idempotency_key: Some(IdempotencyKey::Field(_)),
            ..
        }) => quote! {
            fn body_idempotency_key(&self) -> Option<&str> {
                self.idempotency_key()
            }
        },
        _ => quote! {},
    };
    let allow = if vendor.events.iter().any(|event| event.deprecated.is_some()) {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    };
    let doc = docs(&format!(
        "Every {} event, by name.\n\nDispatch reads the `{}` member{}, wherever it sits in the \
         object; an event the spec does not describe is kept as [`Event::Unknown`].",
        vendor.name,
        envelope.event_name,
        if envelope.matches.is_empty() {
            String::new()
        } else {
            format!(
                " and requires {}",
                envelope
                    .matches
                    .iter()
                    .map(|(key, value)| format!("`{key}` = `{value}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        }
    ));
    let parse_doc = docs(&format!(
        "Parses one {} delivery body.\n\nFails with the JSON path of the problem when the body is not JSON or does not \
         fit the spec; an event the spec does not describe parses as [`Event::Unknown`].",
        vendor.name
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            #(#variants)*
            /// An event this spec does not describe, kept exactly as it came.
            Unknown(UnknownEvent),
        }

        #allow
        impl Event {
            /// The event name as delivered (for an event with aliases, the one it came with).
            pub fn name(&self) -> &str {
                match self {
                    #(#name_arms)*
                    Event::Unknown(event) => event.name(),
                }
            }

            /// Whether the spec describes this event.
            pub fn is_known(&self) -> bool {
                !matches!(self, Event::Unknown(_))
            }

            #idempotency_method

            /// What the spec says about this event (`None` for unknown events).
            pub fn info(&self) -> Option<&'static EventInfo> {
                if self.is_known() { EventInfo::find(EVENTS, self.name()) } else { None }
            }

            /// Reads the event-name member first, then the whole delivery as that event's type.
            fn from_source(source: &impl support::Source) -> Result<Self, ParseError> {
                let [#(#bindings),*] = source.names([#(#keys),*])?;
                let Some(name) = name else {
                    return Err(ParseError::missing_member(#event_name));
                };
                #match_guard
                Ok(match name.as_ref() {
                    #(#dispatch_arms)*
                    _ => Event::Unknown(source.unknown(&name)?),
                })
            }
        }

        #allow
        impl Serialize for Event {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Event::Unknown(event) => event.serialize(serializer),
                }
            }
        }

        impl crate::VendorEvent for Event {
            const VENDOR: &'static str = #vendor_id;
            const SIGNING: &'static crate::verify::Signing = &SIGNING;

            fn parse(body: &[u8]) -> Result<Self, ParseError> {
                parse(body)
            }

            #body_key
        }

        /// Reads any JSON value; [`parse`] is faster on bodies (it builds no intermediate tree).
        impl<'de> Deserialize<'de> for Event {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(deserializer)?;
                Event::from_source(&value).map_err(de::Error::custom)
            }
        }

        #parse_doc
        pub fn parse(body: &[u8]) -> Result<Event, ParseError> {
            Event::from_source(&support::Body(body))
        }
    }
}

pub(super) fn event_doc(event: &Event, vendor: &Vendor) -> String {
    let mut doc = format!("`{}`: {}", event.wire, event.doc.trim());
    if !event.aliases.is_empty() {
        let aliases = event
            .aliases
            .iter()
            .map(|alias| format!("`{alias}`"))
            .collect::<Vec<_>>()
            .join(", ");
        doc.push_str(&format!(
            "\n\nAlso delivered as {aliases}; the event keeps the name it came with."
        ));
    }
    if let Some(group) = &event.group {
        doc.push_str(&format!("\n\nGroup: {group}."));
    }
    for (index, example) in event.examples.iter().enumerate() {
        let heading = if event.examples.len() == 1 {
            "# Example".to_owned()
        } else {
            format!("# Example {}", index + 1)
        };
        doc.push_str(&format!("\n\n{heading}\n\n"));
        let note = example.note.as_deref().unwrap_or_default().trim();
        match (&example.documented, &example.corrected) {
            (Some(_), None) => doc.push_str("As documented by the vendor:\n\n"),
            (Some(documented), Some(_)) => {
                doc.push_str("The vendor's document shows:\n\n```text\n");
                doc.push_str(documented.trim_end());
                doc.push_str(&format!("\n```\n\nCorrected: {note}\n\n"));
            }
            (None, _) => doc.push_str(&format!("Not from the vendor's document: {note}\n\n")),
        }
        let json = example.json().trim_end();
        let hashes = "#".repeat(raw_string_hashes(json));
        doc.push_str(&format!(
            "```\nlet body = r{hashes}\"{json}\"{hashes};\nlet event = hookspec::{}::parse(body.as_bytes())?;\nassert!(matches!(event, hookspec::{}::Event::{}(_)));\n# Ok::<(), hookspec::ParseError>(())\n```",
            vendor.id, vendor.id, event.rust
        ));
    }
    doc
}

/// How many `#` a raw string literal needs to hold `text`.
pub(super) fn raw_string_hashes(text: &str) -> usize {
    (1..)
        .find(|count| !text.contains(&format!("\"{}", "#".repeat(*count))))
        .unwrap_or(1)
}

pub(super) fn payload_type(event: &Event) -> TokenStream {
    let inner = match &event.payload {
        Some(ty) => rust_type(ty),
        None => quote! { crate::UndocumentedPayload },
    };
    if event.payload_optional {
        quote! { Option<#inner> }
    } else {
        inner
    }
}

pub(super) fn events_const(vendor: &Vendor) -> TokenStream {
    let infos = vendor.events.iter().map(|event| {
        let name = &event.wire;
        let aliases = &event.aliases;
        let group = match &event.group {
            Some(group) => quote! { Some(#group) },
            None => quote! { None },
        };
        let payload = payload_path(event, vendor);
        let rust_type = format!("hookspec::{}::Envelope<{payload}>", vendor.id);
        let example = match event.examples.first() {
            Some(example) => {
                let json = example.json().trim();
                quote! { Some(#json) }
            }
            None => quote! { None },
        };
        quote! {
            EventInfo {
                name: #name,
                aliases: &[#(#aliases),*],
                group: #group,
                rust_type: #rust_type,
                example: #example,
            },
        }
    });
    quote! {
        /// What the spec says about every event, in spec order.
        pub const EVENTS: &[EventInfo] = &[
            #(#infos)*
        ];
    }
}

/// The payload type as a path users can read (`hookspec::gately::MemberCreated`).
pub(super) fn payload_path(event: &Event, vendor: &Vendor) -> String {
    let inner = match &event.payload {
        None => "hookspec::UndocumentedPayload".to_owned(),
        Some(ty) => type_path(ty, vendor),
    };
    if event.payload_optional {
        format!("Option<{inner}>")
    } else {
        inner
    }
}
