//! Stage 3: model → Rust tokens. The output is meant to read like careful hand-written code:
//! plain structs, explicit (de)serialization without serde's buffering derives, docs everywhere.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{
    ContentPart, Enum, Envelope, Event, Field, HmacScheme, IdempotencyKey, KeyDerivation, Member,
    Signing, Struct, Type, Vendor,
};
use crate::names;

/// The module of one vendor (included into `hookspec::<vendor>`).
pub fn vendor(vendor: &Vendor) -> TokenStream {
    let envelope = envelope(&vendor.envelope);
    let event = event_enum(vendor);
    let structs = vendor.structs.iter().map(|def| structure(def, vendor));
    let enums = vendor.enums.iter().map(open_enum);
    let events = events_const(vendor);
    let signing = signing(&vendor.signing);
    let idempotency = idempotency_key(&vendor.signing);
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

/// The crate root's list of vendor modules, each behind its feature, and the vendor registry.
pub fn vendors(vendors: &[Vendor]) -> TokenStream {
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
                include!(concat!(env!("OUT_DIR"), #file));
            }
        }
    });
    let variants = vendors.iter().map(|vendor| {
        let (feature, module, variant) = (&vendor.id, ident(&vendor.id), vendor_variant(vendor));
        let doc = docs(&format!("An event from {}.", vendor.name));
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
    let registry = vendors.iter().map(|vendor| {
        let (feature, id, name, docs_url) = (&vendor.id, &vendor.id, &vendor.name, &vendor.docs);
        let (module, variant) = (ident(&vendor.id), vendor_variant(vendor));
        quote! {
            #[cfg(feature = #feature)]
            Vendor {
                id: #id,
                name: #name,
                docs: #docs_url,
                events: #module::EVENTS,
                signing: &#module::SIGNING,
                idempotency_key: #module::IDEMPOTENCY_KEY,
                parse: |body| #module::parse(body).map(AnyEvent::#variant),
            },
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
            /// The event name as delivered.
            pub fn name(&self) -> &str {
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
        }

        impl serde::Serialize for AnyEvent {
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

fn vendor_variant(vendor: &Vendor) -> Ident {
    ident(&heck::ToUpperCamelCase::to_upper_camel_case(
        vendor.id.as_str(),
    ))
}

fn module_doc(vendor: &Vendor) -> String {
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

fn envelope(envelope: &Envelope) -> TokenStream {
    let doc = format!(
        "{}\n\n`P` is the event's payload type; [`Event`] pairs each event with its own.",
        envelope.doc.trim()
    );
    object(
        "Envelope",
        &doc,
        &envelope.members,
        true,
        "a delivery object",
    )
}

fn event_enum(vendor: &Vendor) -> TokenStream {
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

fn event_doc(event: &Event, vendor: &Vendor) -> String {
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
fn raw_string_hashes(text: &str) -> usize {
    (1..)
        .find(|count| !text.contains(&format!("\"{}", "#".repeat(*count))))
        .unwrap_or(1)
}

fn payload_type(event: &Event) -> TokenStream {
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

fn structure(def: &Struct, vendor: &Vendor) -> TokenStream {
    let members: Vec<Member> = def.fields.iter().cloned().map(Member::Field).collect();
    let expecting = format!("a `{}` object", def.name);
    let object = object(&def.name, &def.doc, &members, false, &expecting);
    let is_payload = vendor
        .events
        .iter()
        .any(|event| event.payload.as_ref() == Some(&Type::Named(def.name.clone())));
    let name = ident(&def.name);
    let payload_impl = is_payload.then(|| {
        quote! {
            impl Payload for #name {
                fn deserialize_present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Self::deserialize(deserializer)
                }
            }
        }
    });
    quote! {
        #object
        #payload_impl
    }
}

/// A struct with its `Serialize` and `Deserialize` impls: known members by key, everything
/// else kept in `extra`. With `generic`, it is `Name<P>` and its payload member has type `P`.
/// `expecting` completes serde's "invalid type: ..., expected ..." messages.
fn object(
    name: &str,
    doc: &str,
    members: &[Member],
    generic: bool,
    expecting: &str,
) -> TokenStream {
    let type_name = ident(name);
    let doc = docs(doc);
    let fields: Vec<&Field> = members.iter().map(Member::field).collect();
    let field_defs = members.iter().map(field_def);
    let lets = fields.iter().map(|field| {
        let local = local(field);
        quote! { let mut #local = None; }
    });
    let arms = members.iter().map(deserialize_arm);
    let inits = members.iter().map(field_init);
    let serialize = members.iter().map(serialize_field);
    let allow = allow_deprecated(fields.iter().copied());
    let visitor = format_ident!("{name}Visitor");
    // `Name` and `NameVisitor`, or `Name<P>` and `NameVisitor<P>` with `P: Payload`.
    let (struct_params, ser_params, de_params, visitor_def, visitor_value) = if generic {
        (
            quote! { <P> },
            quote! { <P: Payload> },
            quote! { <'de, P: Payload> },
            quote! { struct #visitor<P>(std::marker::PhantomData<P>); },
            quote! { #visitor(std::marker::PhantomData) },
        )
    } else {
        (
            quote! {},
            quote! {},
            quote! { <'de> },
            quote! { struct #visitor; },
            quote! { #visitor },
        )
    };
    let this = quote! { #type_name #struct_params };
    let visitor_type = quote! { #visitor #struct_params };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #type_name #struct_params {
            #(#field_defs)*
            /// Members the spec does not describe, kept as they came.
            pub extra: Map<String, Value>,
        }

        #allow
        impl #ser_params Serialize for #this {
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
                #visitor_def

                impl #de_params Visitor<'de> for #visitor_type {
                    type Value = #this;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #(#lets)*
                        let mut extra = Map::new();
                        while let Some(key) = map.next_key::<Key<'de>>()? {
                            match key.as_str() {
                                #(#arms)*
                                _ => {
                                    extra.insert(key.into_string(), map.next_value()?);
                                }
                            }
                        }
                        Ok(#type_name {
                            #(#inits)*
                            extra,
                        })
                    }
                }

                deserializer.deserialize_map(#visitor_value)
            }
        }
    }
}

fn open_enum(def: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs(&format!(
        "{}\n\nOpen: a value this spec does not document parses too, is kept, and reads back with \
         [`{}::as_str`].",
        def.doc.trim(),
        def.name
    ));
    let variants = def.values.iter().map(|value| {
        let variant = ident(&value.rust);
        let text = match &value.doc {
            Some(doc) => format!("`{}`: {}", value.wire, doc.trim()),
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
            _Unknown(crate::UnknownValue),
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
                    other => #name::_Unknown(crate::UnknownValue::new(other)),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

fn events_const(vendor: &Vendor) -> TokenStream {
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

fn signing(signing: &Signing) -> TokenStream {
    let value = match signing {
        Signing::Unsigned { advice } => {
            quote! { crate::verify::Signing::Unsigned { advice: #advice } }
        }
        Signing::Hmac(scheme) => {
            let scheme = hmac_scheme(scheme);
            quote! { crate::verify::Signing::Hmac(#scheme) }
        }
    };
    let doc = docs(&match signing {
        Signing::Unsigned { advice } => format!("Deliveries are not signed: {advice}"),
        Signing::Hmac(scheme) => format!(
            "Deliveries are signed with HMAC-SHA256 in the `{}` header.",
            scheme.signature_header
        ),
    });
    quote! {
        #doc
        pub const SIGNING: crate::verify::Signing = #value;
    }
}

fn idempotency_key(signing: &Signing) -> TokenStream {
    let (value, doc) = match signing {
        Signing::Hmac(HmacScheme {
            idempotency_key: Some(IdempotencyKey::Header(header)),
            ..
        }) => (
            quote! { Some(crate::verify::IdempotencyKey::Header(#header)) },
            format!("Each delivery's idempotency key is its `{header}` header; retries repeat it."),
        ),
        Signing::Hmac(HmacScheme {
            idempotency_key: Some(IdempotencyKey::Field(field)),
            ..
        }) => (
            quote! { Some(crate::verify::IdempotencyKey::Field(#field)) },
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
        pub const IDEMPOTENCY_KEY: Option<crate::verify::IdempotencyKey> = #value;
    }
}

fn hmac_scheme(scheme: &HmacScheme) -> TokenStream {
    let option = |value: &Option<String>| match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    };
    let signature_header = &scheme.signature_header;
    let id_header = option(&scheme.id_header);
    let timestamp_header = option(&scheme.timestamp_header);
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
        ContentPart::Id => quote! { crate::verify::Part::Id },
        ContentPart::Timestamp => quote! { crate::verify::Part::Timestamp },
        ContentPart::Body => quote! { crate::verify::Part::Body },
        ContentPart::Literal(text) => quote! { crate::verify::Part::Literal(#text) },
    });
    let encoding = if scheme.base64 {
        quote! { Base64 }
    } else {
        quote! { Hex }
    };
    let separator = option(&scheme.entry_separator);
    let prefix = &scheme.entry_prefix;
    let key = match &scheme.key {
        KeyDerivation::Utf8 => quote! { crate::verify::KeyDerivation::Utf8 },
        KeyDerivation::Utf8OrBase64 => quote! { crate::verify::KeyDerivation::Utf8OrBase64 },
        KeyDerivation::Base64AfterPrefix(prefix) => {
            quote! { crate::verify::KeyDerivation::Base64AfterPrefix(#prefix) }
        }
    };
    quote! {
        crate::verify::HmacScheme {
            signature_header: #signature_header,
            id_header: #id_header,
            timestamp_header: #timestamp_header,
            timestamp_unit: crate::verify::TimestampUnit::#unit,
            tolerance_seconds: #tolerance,
            signed_content: &[#(#parts),*],
            encoding: crate::verify::Encoding::#encoding,
            entry_separator: #separator,
            entry_prefix: #prefix,
            key: #key,
        }
    }
}

fn field_def(member: &Member) -> TokenStream {
    let field = member.field();
    let name = ident(&field.rust);
    let ty = match member {
        Member::Field(field) => field_type(field),
        Member::Payload(_) => quote! { P },
    };
    let mut text = field.doc.trim().to_owned();
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
        text.push_str(&format!("\n\nSpec note: {}", note.trim()));
    }
    let doc = docs(&text);
    let deprecated = deprecated(field.deprecated.as_deref());
    quote! { #doc #deprecated pub #name: #ty, }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    match (field.optional, field.nullable) {
        (false, false) => ty,
        (true, true) => quote! { Option<Option<#ty>> },
        _ => quote! { Option<#ty> },
    }
}

fn deserialize_arm(member: &Member) -> TokenStream {
    let field = member.field();
    let (wire, local) = (&field.wire, local(field));
    let value = match member {
        Member::Field(_) => quote! { map.next_value()? },
        Member::Payload(_) => quote! { map.next_value_seed(support::PayloadSeed::new())? },
    };
    quote! { #wire => support::put(&mut #local, #wire, #value)?, }
}

fn field_init(member: &Member) -> TokenStream {
    let field = member.field();
    let (name, wire, local) = (ident(&field.rust), &field.wire, local(field));
    match member {
        Member::Payload(_) => quote! { #name: support::payload(#local, #wire)?, },
        Member::Field(_) if !field.optional => quote! { #name: support::required(#local, #wire)?, },
        Member::Field(_) if local == name => quote! { #name, },
        Member::Field(_) => quote! { #name: #local, },
    }
}

fn serialize_field(member: &Member) -> TokenStream {
    let field = member.field();
    let (name, wire) = (ident(&field.rust), &field.wire);
    match member {
        Member::Payload(_) => quote! {
            if !self.#name.is_missing() {
                map.serialize_entry(#wire, &self.#name)?;
            }
        },
        Member::Field(_) if field.optional => quote! {
            if let Some(value) = &self.#name {
                map.serialize_entry(#wire, value)?;
            }
        },
        Member::Field(_) => quote! { map.serialize_entry(#wire, &self.#name)?; },
    }
}

fn rust_type(ty: &Type) -> TokenStream {
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

/// The payload type as a path users can read (`hookspec::gately::MemberCreated`).
fn payload_path(event: &Event, vendor: &Vendor) -> String {
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

fn type_path(ty: &Type, vendor: &Vendor) -> String {
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

/// The local variable holding a field while its object is read; suffixed where it would
/// shadow the visitor's own variables.
fn local(field: &Field) -> Ident {
    let bare = names::bare(&field.rust);
    match bare {
        "map" | "key" | "extra" => format_ident!("{bare}_"),
        _ => ident(&field.rust),
    }
}

fn allow_deprecated<'a>(mut fields: impl Iterator<Item = &'a Field>) -> TokenStream {
    if fields.any(|field| field.deprecated.is_some()) {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    }
}

fn deprecated(note: Option<&str>) -> TokenStream {
    match note {
        Some(note) => {
            let note = note.trim();
            quote! { #[deprecated(note = #note)] }
        }
        None => quote! {},
    }
}

/// `#[doc = " line"]` per line, so prettyplease prints `/// line`.
fn docs(text: &str) -> TokenStream {
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
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
