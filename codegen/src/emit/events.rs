//! The `Event` enum (and one enum per compound name): variants, dispatch on the event name,
//! accessors shared by every event, the entry points, and `EVENTS`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Options, deprecated, docs, ident, prose, rust_type, type_path};
use crate::model::{
    Compound, Entry, Event, Field, HmacScheme, IdempotencyKey, NameSource, Signing, SubName, Type,
    Vendor,
};
use crate::names;

/// `Event`, the compound enums, their impls and the module's entry points.
pub(super) fn event_enum(vendor: &Vendor, options: &Options) -> TokenStream {
    let entries = vendor.entries();
    let variants = entries.iter().map(|entry| match entry {
        Entry::Event(event) => {
            let (variant, ty) = (ident(&event.rust), variant_type(event, vendor));
            let doc = docs(&event_doc(event, vendor, options));
            let deprecated = deprecated(event.deprecated.as_deref());
            quote! { #doc #deprecated #variant(#ty), }
        }
        Entry::Compound(compound) => {
            let (variant, ty) = (ident(&compound.variant), ident(&compound.enum_name));
            let doc = docs(&format!(
                "Events named `{}`: {}\n\nSee [`{}`] for each of them.",
                compound.name,
                prose(compound.doc.trim()),
                compound.enum_name
            ));
            quote! { #doc #variant(#ty), }
        }
    });
    let compounds = vendor
        .compounds
        .iter()
        .map(|compound| compound_enum(vendor, compound, options));

    let name_arms = entries.iter().map(|entry| match entry {
        Entry::Event(event) => {
            let variant = ident(&event.rust);
            let (name, reads) = event_name(event, vendor);
            let binding = if reads {
                quote! { event }
            } else {
                quote! { _ }
            };
            quote! { Event::#variant(#binding) => #name, }
        }
        Entry::Compound(compound) => {
            let variant = ident(&compound.variant);
            quote! { Event::#variant(event) => Cow::Borrowed(event.name()), }
        }
    });
    let known_arms = vendor.compounds.iter().map(|compound| {
        let variant = ident(&compound.variant);
        quote! { Event::#variant(event) => event.is_known(), }
    });
    let is_known = if vendor.compounds.is_empty() {
        quote! { !matches!(self, Event::Unknown(_)) }
    } else {
        quote! {
            match self {
                #(#known_arms)*
                Event::Unknown(_) => false,
                _ => true,
            }
        }
    };
    let info_arms = entries.iter().map(|entry| match entry {
        Entry::Event(event) => {
            let variant = ident(&event.rust);
            let index = event_index(vendor, event);
            quote! { Event::#variant(_) => Some(&EVENTS[#index]), }
        }
        Entry::Compound(compound) => {
            let variant = ident(&compound.variant);
            quote! { Event::#variant(event) => event.info(), }
        }
    });
    let serialize_arms = entries.iter().map(|entry| {
        let variant = ident(match entry {
            Entry::Event(event) => &event.rust,
            Entry::Compound(compound) => &compound.variant,
        });
        quote! { Event::#variant(event) => event.serialize(serializer), }
    });
    let accessors = accessors(vendor, None);
    let dispatch = dispatch(vendor);
    let entry_points = entry_points(vendor);
    let allow = allow_deprecated(vendor);
    let vendor_id = &vendor.id;
    let doc = docs(&event_enum_doc(vendor));
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
    let variant_names = entries.iter().map(|entry| {
        ident(match entry {
            Entry::Event(event) => &event.rust,
            Entry::Compound(compound) => &compound.variant,
        })
    });
    quote! {
        #doc
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// An event this spec does not describe, kept exactly as it came.
            Unknown(UnknownEvent),
        }
        hookspec::__private::variants!(Event { #(#variant_names,)* Unknown });

        #allow
        impl Event {
            /// The event name: `<name>.<sub>` where the event has a sub-name. Where the body
            /// carries the name, it is the name as delivered (an alias stays an alias).
            pub fn name(&self) -> Cow<'_, str> {
                match self {
                    #(#name_arms)*
                    Event::Unknown(event) => Cow::Borrowed(event.name()),
                }
            }

            /// Whether the spec describes this event (an unlisted sub-name of a known name is
            /// not described).
            pub fn is_known(&self) -> bool {
                #is_known
            }

            /// What the spec says about this event (`None` for events it does not describe).
            pub fn info(&self) -> Option<&'static EventInfo> {
                match self {
                    #(#info_arms)*
                    Event::Unknown(_) => None,
                }
            }

            #accessors
        }

        #allow
        impl support::Dispatch for Event {
            #dispatch
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

        #(#compounds)*

        impl hookspec::VendorEvent for Event {
            const VENDOR: &'static str = #vendor_id;
            const SIGNING: &'static hookspec::verify::Signing = &SIGNING;
            const IDENTITY: &'static hookspec::Identity = &IDENTITY;
            const IDEMPOTENCY_KEY: Option<hookspec::verify::IdempotencyKey> = IDEMPOTENCY_KEY;
            const EVENTS: &'static [hookspec::EventInfo] = EVENTS;

            fn parse_request<'h>(
                headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
                body: &[u8],
            ) -> Result<Self, ParseError> {
                parse_request(headers, body)
            }

            #body_key
        }

        #entry_points
    }
}

fn event_enum_doc(vendor: &Vendor) -> String {
    let source = match &vendor.identity.name {
        NameSource::Member(path) => format!(
            "the `{}` member, wherever it sits in the object",
            path.join(".")
        ),
        NameSource::Header(header) => format!("the `{header}` request header"),
    };
    let sub = match &vendor.identity.sub_name {
        Some(sub) => format!(
            ", then the body's `{sub}` member for names with sub-names (one enum per such name)"
        ),
        None => String::new(),
    };
    let matches = match &vendor.envelope {
        Some(envelope) if !envelope.matches.is_empty() => format!(
            " and requires {}",
            envelope
                .matches
                .iter()
                .map(|(key, value)| format!("`{key}` = `{value}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        _ => String::new(),
    };
    format!(
        "Every {} event, by name.\n\nDispatch reads {source}{sub}{matches}; an event the spec \
         does not describe is kept as [`Event::Unknown`].",
        prose(&vendor.name)
    )
}

/// The enum of one compound name's events.
fn compound_enum(vendor: &Vendor, compound: &Compound, options: &Options) -> TokenStream {
    let name = ident(&compound.enum_name);
    let events: Vec<&Event> = vendor.events_of(compound).collect();
    let variants = events.iter().map(|event| {
        let (variant, ty) = (ident(&event.rust), variant_type(event, vendor));
        let doc = docs(&event_doc(event, vendor, options));
        let deprecated = deprecated(event.deprecated.as_deref());
        quote! { #doc #deprecated #variant(#ty), }
    });
    let name_arms = events.iter().map(|event| {
        let (variant, wire) = (ident(&event.rust), &event.wire);
        quote! { #name::#variant(_) => #wire, }
    });
    let info_arms = events.iter().map(|event| {
        let variant = ident(&event.rust);
        let index = event_index(vendor, event);
        quote! { #name::#variant(_) => Some(&EVENTS[#index]), }
    });
    let serialize_arms = events.iter().map(|event| {
        let variant = ident(&event.rust);
        quote! { #name::#variant(event) => event.serialize(serializer), }
    });
    let dispatch_arms = events.iter().map(|event| {
        let variant = ident(&event.rust);
        let SubName::Value(sub) = &event.sub else {
            return quote! {};
        };
        quote! { Some(#sub) => |source| source.read().map(#name::#variant), }
    });
    let accessors = accessors(vendor, Some(compound));
    let base = &compound.name;
    let doc = docs(&format!(
        "Events named `{base}`: {}\n\nEach variant is one `{base}.<sub>` event; a sub-name this \
         spec does not list is kept whole in `Unknown`.",
        prose(compound.doc.trim())
    ));
    let allow = allow_deprecated(vendor);
    let variant_names = events.iter().map(|event| ident(&event.rust));
    quote! {
        #doc
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A sub-name this spec does not list, kept exactly as it came.
            Unknown(UnknownEvent),
        }
        hookspec::__private::variants!(#name { #(#variant_names,)* Unknown });

        #allow
        impl #name {
            /// The event name, `<name>.<sub>`.
            pub fn name(&self) -> &str {
                match self {
                    #(#name_arms)*
                    #name::Unknown(event) => event.name(),
                }
            }

            /// Whether the spec lists this sub-name.
            pub fn is_known(&self) -> bool {
                !matches!(self, #name::Unknown(_))
            }

            /// What the spec says about this event (`None` for an unlisted sub-name).
            pub fn info(&self) -> Option<&'static EventInfo> {
                match self {
                    #(#info_arms)*
                    #name::Unknown(_) => None,
                }
            }

            #accessors

            fn from_source<S: support::Source>(
                source: &S,
                sub: Option<&str>,
            ) -> Result<Self, ParseError> {
                // One read through a function pointer: the stack holds one payload at a time,
                // not one per sub-name (unoptimized builds give every match arm its own slots).
                let read: fn(&S) -> Result<Self, ParseError> = match sub {
                    #(#dispatch_arms)*
                    _ => {
                        return source
                            .unknown(support::compound_name(#base, sub))
                            .map(#name::Unknown);
                    }
                };
                read(source)
            }
        }

        #allow
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    #name::Unknown(event) => event.serialize(serializer),
                }
            }
        }
    }
}

/// `Event::name()` for one plain event: the delivered name where the typed value holds it,
/// else the spec's name; and whether the expression reads the variant's value (`event`).
fn event_name(event: &Event, vendor: &Vendor) -> (TokenStream, bool) {
    let wire = &event.wire;
    let base = &event.base;
    if event.sub == SubName::Open
        && let Some(field) = vendor.sub_field(event)
    {
        let member = ident(&field.rust);
        let sub = match (field.optional, field.nullable) {
            (false, false) => quote! { Some(event.#member.as_str()) },
            (true, true) => quote! { event.#member.as_ref().and_then(|sub| sub.as_deref()) },
            _ => quote! { event.#member.as_deref() },
        };
        return (
            quote! { Cow::Owned(support::compound_name(#base, #sub)) },
            true,
        );
    }
    let NameSource::Member(path) = &vendor.identity.name else {
        return (quote! { Cow::Borrowed(#wire) }, false);
    };
    // With an envelope, the name is the envelope's; without one, the payload object's own
    // member (which may redeclare the `common` one as an enum).
    let found = match &vendor.envelope {
        Some(_) => vendor.name_path(path).ok(),
        None => vendor.payload_name_path(event, path).ok().flatten(),
    };
    match found {
        Some(found) => {
            let fields = found.fields.iter().map(|field| ident(field));
            let name = if found.is_enum {
                quote! { Cow::Borrowed(event #(.#fields)*.as_str()) }
            } else {
                quote! { Cow::Borrowed(&event #(.#fields)*) }
            };
            (name, true)
        }
        None => (quote! { Cow::Borrowed(#wire) }, false),
    }
}

/// The index of `event` in `EVENTS`.
fn event_index(vendor: &Vendor, event: &Event) -> proc_macro2::Literal {
    let index = vendor
        .events
        .iter()
        .position(|candidate| std::ptr::eq(candidate, event))
        .unwrap_or_default();
    proc_macro2::Literal::usize_unsuffixed(index)
}

/// Methods that reach a member of every event without matching its variants: each `common`
/// member, and the idempotency key where it is an envelope member.
fn accessors(vendor: &Vendor, compound: Option<&Compound>) -> TokenStream {
    let this = match compound {
        Some(compound) => ident(&compound.enum_name),
        None => format_ident!("Event"),
    };
    // (variant, the value's expression on `event`, or a call into a compound enum)
    let arms = |member: &dyn Fn(&Event) -> Option<TokenStream>,
                method: &Ident|
     -> Vec<TokenStream> {
        let mut arms = Vec::new();
        match compound {
            Some(compound) => {
                for event in vendor.events_of(compound) {
                    let variant = ident(&event.rust);
                    if let Some(value) = member(event) {
                        arms.push(quote! { #this::#variant(event) => #value, });
                    }
                }
            }
            None => {
                for entry in vendor.entries() {
                    match entry {
                        Entry::Event(event) => {
                            let variant = ident(&event.rust);
                            if let Some(value) = member(event) {
                                arms.push(quote! { #this::#variant(event) => #value, });
                            }
                        }
                        Entry::Compound(inner) => {
                            if vendor.events_of(inner).any(|event| member(event).is_some()) {
                                let variant = ident(&inner.variant);
                                arms.push(quote! { #this::#variant(event) => event.#method(), });
                            }
                        }
                    }
                }
            }
        }
        arms
    };
    let mut methods = Vec::new();
    for common in &vendor.common {
        let method = ident(&common.rust);
        let ty = super::rust_type_in(&common.ty, common.tolerant);
        let member = |event: &Event| {
            let field = payload_field(vendor, event, &common.wire)?;
            (field.ty == common.ty && field.tolerant == common.tolerant).then(|| field_ref(field))
        };
        let others: Vec<String> = vendor
            .events
            .iter()
            .filter(|event| {
                payload_field(vendor, event, &common.wire)
                    .is_some_and(|field| field.ty != common.ty)
            })
            .map(|event| format!("`{}`", event.wire))
            .collect();
        let others = if others.is_empty() {
            String::new()
        } else {
            format!(
                " Also `None` for events whose payload gives `{}` another type (read it on \
                 their payload): {}.",
                common.wire,
                others.join(", ")
            )
        };
        let arms = arms(&member, &method);
        let doc = docs(&format!(
            "The `{}` member, which every event's payload shares{}\n\n`None` for an event \
             whose payload does not have it (absent or `null`) and for events the spec does \
             not describe.{others}",
            common.wire,
            if common.doc.is_empty() {
                ".".to_owned()
            } else {
                format!(": {}", prose(common.doc.trim()))
            }
        ));
        // An enum none of whose events has the member still answers (`Event` asks it).
        let body = if arms.is_empty() {
            quote! { pub fn #method(&self) -> Option<&#ty> { None } }
        } else {
            quote! {
                #[allow(unreachable_patterns)]
                pub fn #method(&self) -> Option<&#ty> {
                    match self {
                        #(#arms)*
                        _ => None,
                    }
                }
            }
        };
        methods.push(quote! { #doc #body });
    }
    if let Signing::Hmac(HmacScheme {
        idempotency_key: Some(IdempotencyKey::Field(wire)),
        ..
    }) = &vendor.signing
        && let Some(envelope) = &vendor.envelope
        && let Some(field) = envelope.field(wire)
    {
        let member = ident(&field.rust);
        let method = format_ident!("idempotency_key");
        let read = match (field.optional, field.nullable) {
            (false, false) => quote! { Some(event.#member.as_str()) },
            (true, true) => quote! { event.#member.as_ref().and_then(|key| key.as_deref()) },
            _ => quote! { event.#member.as_deref() },
        };
        let value = |_: &Event| Some(read.clone());
        let arms = arms(&value, &method);
        let unknown =
            quote! { #this::Unknown(event) => event.json().get(#wire).and_then(Value::as_str), };
        let doc = docs(&format!(
            "The delivery's idempotency key (its `{wire}` member): retries repeat it, so a \
             receiver can drop deliveries it has already handled."
        ));
        methods.push(quote! {
            #doc
            pub fn idempotency_key(&self) -> Option<&str> {
                match self {
                    #(#arms)*
                    #unknown
                }
            }
        });
    }
    quote! { #(#methods)* }
}

/// The field `wire` of `event`'s payload object, if it has one.
fn payload_field<'a>(vendor: &'a Vendor, event: &Event, wire: &str) -> Option<&'a Field> {
    let Some(Type::Named(name)) = &event.payload else {
        return None;
    };
    vendor
        .find_struct(name)?
        .fields
        .iter()
        .find(|field| field.wire == wire)
}

/// `Option<&T>` of a field of `event`, whatever its presence and boxing.
fn field_ref(field: &Field) -> TokenStream {
    let member = ident(&field.rust);
    match (field.optional, field.nullable, field.boxed) {
        (false, false, false) => quote! { Some(&event.#member) },
        (false, false, true) => quote! { Some(&*event.#member) },
        (true, true, false) => quote! { event.#member.as_ref().and_then(Option::as_ref) },
        (true, true, true) => quote! { event.#member.as_ref().and_then(|value| value.as_deref()) },
        (_, _, false) => quote! { event.#member.as_ref() },
        (_, _, true) => quote! { event.#member.as_deref() },
    }
}

/// `Event::from_source`: reads the members that name the event (and only those), then the
/// whole delivery as the matching type.
fn dispatch(vendor: &Vendor) -> TokenStream {
    let envelope_matches = vendor
        .envelope
        .as_ref()
        .map_or(&[][..], |envelope| &envelope.matches[..]);
    // The body members to read first: the name (when in the body), the sub-name, `match`es.
    let mut paths: Vec<Vec<String>> = Vec::new();
    let mut bindings: Vec<Ident> = Vec::new();
    let header = match &vendor.identity.name {
        NameSource::Member(path) => {
            paths.push(path.clone());
            bindings.push(format_ident!("name"));
            false
        }
        NameSource::Header(_) => true,
    };
    if let Some(sub) = &vendor.identity.sub_name {
        paths.push(vec![sub.clone()]);
        bindings.push(format_ident!("sub"));
    }
    for (key, _) in envelope_matches {
        let field = vendor
            .envelope
            .as_ref()
            .and_then(|envelope| envelope.field(key));
        let bare = names::bare(field.map_or("member", |field| &field.rust));
        bindings.push(match bare {
            "name" | "sub" | "source" => format_ident!("{bare}_"),
            _ => field.map_or_else(|| format_ident!("member"), |field| ident(&field.rust)),
        });
        paths.push(vec![key.clone()]);
    }
    let match_bindings = &bindings[bindings.len() - envelope_matches.len()..];
    let match_checks = envelope_matches
        .iter()
        .zip(match_bindings)
        .map(|((_, value), binding)| quote! { #binding.as_deref() != Some(#value) });
    let path_literals = paths.iter().map(|path| quote! { &[#(#path),*] });
    // A header that names an event without sub-names needs nothing from the body first: the
    // event is read at once, without looking for the sub-name member.
    let plain: Vec<&str> = if header && envelope_matches.is_empty() {
        vendor
            .entries()
            .into_iter()
            .filter_map(|entry| match entry {
                Entry::Event(event) => Some(event.names().collect::<Vec<_>>()),
                Entry::Compound(_) => None,
            })
            .flatten()
            .collect()
    } else {
        Vec::new()
    };
    let first_keys: Vec<&str> = paths
        .iter()
        .filter_map(|path| path.first())
        .map(String::as_str)
        .collect();
    let declared = !paths.is_empty() && declares_names(vendor, &first_keys, &plain);
    let read_names = if paths.is_empty() {
        quote! {}
    } else {
        let strict = proc_macro2::Literal::usize_unsuffixed(usize::from(!header));
        let names = quote! { source.names([#(#path_literals),*], #strict)? };
        if plain.is_empty() {
            quote! { let [#(#bindings),*] = #names; }
        } else {
            let nones = bindings.iter().map(|_| quote! { None });
            quote! {
                let [#(#bindings),*] = if matches!(name, #(#plain)|*) {
                    [#(#nones),*]
                } else {
                    #names
                };
            }
        }
    };
    let name_binding = if header {
        quote! {}
    } else {
        let name_path = match &vendor.identity.name {
            NameSource::Member(path) => path.join("."),
            NameSource::Header(_) => String::new(),
        };
        quote! {
            let Some(name) = name else {
                return Err(ParseError::missing_member(#name_path));
            };
            let name: &str = &name;
        }
    };
    let sub_value = if vendor.identity.sub_name.is_some() {
        quote! { sub.as_deref() }
    } else {
        quote! { None }
    };
    let unknown_name = if vendor.identity.sub_name.is_some() {
        quote! { support::compound_name(name, sub.as_deref()) }
    } else {
        quote! { name.to_owned() }
    };
    let match_guard = if envelope_matches.is_empty() {
        quote! {}
    } else {
        quote! {
            if #(#match_checks)||* {
                return source.unknown(#unknown_name).map(Event::Unknown);
            }
        }
    };
    let arms = vendor.entries().into_iter().map(|entry| match entry {
        Entry::Event(event) => {
            let variant = ident(&event.rust);
            let names = event.names();
            quote! { #(#names)|* => |source, _| source.read().map(Event::#variant), }
        }
        Entry::Compound(compound) => {
            let (variant, name, inner) = (
                ident(&compound.variant),
                &compound.name,
                ident(&compound.enum_name),
            );
            quote! { #name => |source, sub| #inner::from_source(source, sub).map(Event::#variant), }
        }
    });
    // The header's name for vendors that name events in a header; unused (empty) otherwise.
    let signature = if header {
        quote! { fn from_source<S: support::Source>(name: &str, source: &S) -> Result<Self, ParseError> }
    } else {
        quote! { fn from_source<S: support::Source>(_: &str, source: &S) -> Result<Self, ParseError> }
    };
    let declares = if declared {
        quote! {
            /// Every event read after the names is a struct declaring the members they come
            /// from, so its read refuses a second occurrence of one.
            const DECLARES_NAMES: bool = true;
        }
    } else {
        quote! {}
    };
    quote! {
        #declares

        /// Reads the members that name the event first, then the whole delivery as that
        /// event's type.
        #signature {
            #read_names
            #name_binding
            #match_guard
            // One read through a function pointer: the stack holds one payload at a time, not
            // one per event (unoptimized builds give every match arm its own slots).
            let read: fn(&S, Option<&str>) -> Result<Self, ParseError> = match name {
                #(#arms)*
                _ => return source.unknown(#unknown_name).map(Event::Unknown),
            };
            read(source, #sub_value)
        }
    }
}

/// Whether every event that `from_source` reads after the names (all but the header-named
/// `plain` ones) is a generated struct at the top level declaring each of `keys` (the first
/// keys of the name paths): its read then refuses a second occurrence of a name member, and
/// the fast read need not look for one (`Dispatch::DECLARES_NAMES`). The envelope is the
/// top-level struct of every event when there is one, else the event's payload.
fn declares_names(vendor: &Vendor, keys: &[&str], plain: &[&str]) -> bool {
    if let Some(envelope) = &vendor.envelope {
        return keys.iter().all(|key| envelope.field(key).is_some());
    }
    let declares = |event: &Event| {
        let Some(Type::Named(name)) = &event.payload else {
            return false;
        };
        vendor.find_struct(name).is_some_and(|def| {
            keys.iter()
                .all(|key| def.fields.iter().any(|field| field.wire == *key))
        })
    };
    vendor.events.iter().all(|event| {
        let read_plain =
            event.compound.is_none() && event.names().any(|name| plain.contains(&name));
        read_plain || declares(event)
    })
}

/// `parse` / `parse_named` and `parse_request`, and `Deserialize` for `Event` where the body
/// names the event.
fn entry_points(vendor: &Vendor) -> TokenStream {
    let name = &prose(&vendor.name);
    match &vendor.identity.name {
        NameSource::Member(_) => {
            let parse_doc = docs(&format!(
                "Parses one {name} delivery body.\n\nFails with the JSON path of the problem \
                 when the body is not JSON or does not fit the spec; an event the spec does not \
                 describe parses as [`Event::Unknown`]."
            ));
            let request_doc = docs(&format!(
                "Parses one {name} delivery from its request: {name} names events in the body, \
                 so this is [`parse`] and the headers are not read. It exists so that code \
                 written for every vendor makes one call."
            ));
            quote! {
                /// Reads any JSON value; [`parse`] is faster on bodies (it builds no
                /// intermediate tree).
                impl<'de> Deserialize<'de> for Event {
                    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = Value::deserialize(deserializer)?;
                        support::Dispatch::from_source("", &value).map_err(serde::de::Error::custom)
                    }
                }

                #parse_doc
                pub fn parse(body: &[u8]) -> Result<Event, ParseError> {
                    support::parse_body("", body)
                }

                #request_doc
                pub fn parse_request<'h>(
                    headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
                    body: &[u8],
                ) -> Result<Event, ParseError> {
                    let _ = headers;
                    parse(body)
                }
            }
        }
        NameSource::Header(header) => {
            let named_doc = docs(&format!(
                "Parses one {name} delivery body whose event name is already known (the \
                 `{header}` header's value).\n\nFails with the JSON path of the problem when the \
                 body is not JSON or does not fit the spec; an event the spec does not describe \
                 parses as [`Event::Unknown`]."
            ));
            let request_doc = docs(&format!(
                "Parses one {name} delivery from its request: the event name from the `{header}` \
                 header (matched case-insensitively), the event from the body.\n\nA missing, \
                 repeated or non-UTF-8 `{header}` header is an error, as is a body that does not \
                 fit the spec."
            ));
            quote! {
                #named_doc
                pub fn parse_named(name: &str, body: &[u8]) -> Result<Event, ParseError> {
                    support::parse_body(name, body)
                }

                #request_doc
                pub fn parse_request<'h>(
                    headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
                    body: &[u8],
                ) -> Result<Event, ParseError> {
                    let name = support::header(headers, #header)?;
                    parse_named(name, body)
                }
            }
        }
    }
}

/// `#[allow(deprecated)]` where the generated impls name a deprecated item: an event's variant,
/// or a field that `name()` and the accessors read.
fn allow_deprecated(vendor: &Vendor) -> TokenStream {
    if vendor.events.iter().any(|event| event.deprecated.is_some()) || reads_deprecated(vendor) {
        quote! { #[allow(deprecated)] }
    } else {
        quote! {}
    }
}

/// Whether `name()` or an accessor reads a deprecated field: an envelope member (the name, the
/// sub-name, the idempotency key), a field along the name's path, or a payload's `common`
/// member or sub-name member.
fn reads_deprecated(vendor: &Vendor) -> bool {
    let path: &[String] = match &vendor.identity.name {
        NameSource::Member(path) => path,
        NameSource::Header(_) => &[],
    };
    if let Some(envelope) = &vendor.envelope {
        let fields: Vec<&Field> = envelope
            .members
            .iter()
            .map(|member| member.field())
            .collect();
        return fields.iter().any(|field| field.deprecated.is_some())
            || path_reads_deprecated(vendor, &fields, path);
    }
    vendor.events.iter().any(|event| {
        let Some(Type::Named(name)) = &event.payload else {
            return false;
        };
        let Some(payload) = vendor.find_struct(name) else {
            return false;
        };
        let fields: Vec<&Field> = payload.fields.iter().collect();
        let shared = fields.iter().any(|field| {
            field.deprecated.is_some()
                && (vendor.common.iter().any(|common| common.wire == field.wire)
                    || vendor.identity.sub_name.as_ref() == Some(&field.wire))
        });
        shared || path_reads_deprecated(vendor, &fields, path)
    })
}

/// Whether a field along `path`, starting among `fields`, is deprecated.
fn path_reads_deprecated(vendor: &Vendor, fields: &[&Field], path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let Some(field) = fields.iter().find(|field| &field.wire == first) else {
        return false;
    };
    if field.deprecated.is_some() {
        return true;
    }
    match &field.ty {
        Type::Named(name) if !rest.is_empty() => vendor.find_struct(name).is_some_and(|def| {
            let inner: Vec<&Field> = def.fields.iter().collect();
            path_reads_deprecated(vendor, &inner, rest)
        }),
        _ => false,
    }
}

fn event_doc(event: &Event, vendor: &Vendor, options: &Options) -> String {
    let mut doc = format!("`{}`: {}", event.wire, prose(event.doc.trim()));
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
    if event.sub == SubName::Open
        && let Some(sub) = &vendor.identity.sub_name
    {
        doc.push_str(&format!(
            "\n\nIts `{sub}` sub-name is open: any value belongs to this event."
        ));
    }
    if let Some(group) = &event.group {
        doc.push_str(&format!("\n\nGroup: {}.", prose(group)));
    }
    let krate = &options.crate_path;
    let id = &vendor.id;
    let pattern = match event.compound {
        Some(index) => {
            let compound = &vendor.compounds[index];
            format!(
                "{krate}::{id}::Event::{}({krate}::{id}::{}::{}(_))",
                compound.variant, compound.enum_name, event.rust
            )
        }
        None => format!("{krate}::{id}::Event::{}(_)", event.rust),
    };
    let call = match &vendor.identity.name {
        NameSource::Member(_) => format!("{krate}::{id}::parse(body.as_bytes())?"),
        NameSource::Header(_) => format!(
            "{krate}::{id}::parse_named({:?}, body.as_bytes())?",
            event.base
        ),
    };
    for (index, example) in event.examples.iter().enumerate() {
        let heading = if event.examples.len() == 1 {
            "# Example".to_owned()
        } else {
            format!("# Example {}", index + 1)
        };
        doc.push_str(&format!("\n\n{heading}\n\n"));
        let note = prose(example.note.as_deref().unwrap_or_default().trim());
        match (&example.documented, &example.corrected) {
            (Some(_), None) => doc.push_str("As documented by the vendor:\n\n"),
            (Some(documented), Some(_)) => {
                let fence = fence_for(documented);
                doc.push_str(&format!("The vendor's document shows:\n\n{fence}text\n"));
                doc.push_str(documented.trim_end());
                doc.push_str(&format!("\n{fence}\n\nCorrected: {note}\n\n"));
            }
            (None, _) => doc.push_str(&format!("Not from the vendor's document: {note}\n\n")),
        }
        let json = example.json().trim_end();
        let hashes = "#".repeat(raw_string_hashes(json));
        let fence = fence_for(json);
        doc.push_str(&format!(
            "{fence}\nlet body = r{hashes}\"{json}\"{hashes};\nlet event = {call};\nassert!(matches!(event, {pattern}));\n# Ok::<(), hookspec::ParseError>(())\n{fence}"
        ));
    }
    doc
}

/// A code fence longer than any run of backticks in `text` (at least three).
fn fence_for(text: &str) -> String {
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    "`".repeat(longest.max(2) + 1)
}

/// How many `#` a raw string literal needs to hold `text`.
fn raw_string_hashes(text: &str) -> usize {
    (1..)
        .find(|count| !text.contains(&format!("\"{}", "#".repeat(*count))))
        .unwrap_or(1)
}

/// The type an event's variant holds: `Envelope<Payload>`, or the payload itself where the
/// body is the payload.
fn variant_type(event: &Event, vendor: &Vendor) -> TokenStream {
    let ty = unboxed_variant_type(event, vendor);
    if boxed(event, vendor) {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// Whether the event's variant boxes its type: an envelope or a generated type (a struct, or a
/// union that may hold one) is as large as everything it holds inline (a GitHub payload is
/// kilobytes), so it is boxed and `Event` stays a few words; a payload of a built-in type
/// (a string, an array, JSON) is a few words already. Dispatch reads the variant's type as it
/// is: `Box<T>` reads as `T`, boxed.
fn boxed(event: &Event, vendor: &Vendor) -> bool {
    vendor.envelope.is_some() || matches!(event.payload, Some(Type::Named(_)))
}

/// The type an event's variant holds, before boxing.
fn unboxed_variant_type(event: &Event, vendor: &Vendor) -> TokenStream {
    let inner = match &event.payload {
        Some(ty) => rust_type(ty),
        None => quote! { hookspec::UndocumentedPayload },
    };
    let payload = if event.payload_optional {
        quote! { Option<#inner> }
    } else {
        inner
    };
    match vendor.envelope {
        Some(_) => quote! { Envelope<#payload> },
        None => payload,
    }
}

/// `EVENTS`: what the spec says about every event.
pub(super) fn events_const(vendor: &Vendor, options: &Options) -> TokenStream {
    let infos = vendor.events.iter().map(|event| {
        let name = &event.wire;
        let base = &event.base;
        let aliases = &event.aliases;
        let group = match &event.group {
            Some(group) => quote! { Some(#group) },
            None => quote! { None },
        };
        let sub = match &event.sub {
            SubName::None => quote! { hookspec::SubName::None },
            SubName::Open => quote! { hookspec::SubName::Open },
            SubName::Value(value) => quote! { hookspec::SubName::Value(#value) },
        };
        let rust_type = variant_path(event, vendor, &options.crate_path);
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
                base_name: #base,
                sub_name: #sub,
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

/// The type an event's variant holds, as a path users can read
/// (`hookspec::gately::Envelope<hookspec::gately::MemberCreated>`).
fn variant_path(event: &Event, vendor: &Vendor, krate: &str) -> String {
    let inner = match &event.payload {
        None => "hookspec::UndocumentedPayload".to_owned(),
        Some(ty) => type_path(ty, vendor, krate),
    };
    let payload = if event.payload_optional {
        format!("Option<{inner}>")
    } else {
        inner
    };
    match vendor.envelope {
        Some(_) => format!("{krate}::{}::Envelope<{payload}>", vendor.id),
        None => payload,
    }
}
