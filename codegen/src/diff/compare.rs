//! Walks two validated models side by side and records what differs, item by item: events by
//! wire name, structs, enums and unions by Rust name, members by wire key, enum values by
//! value, union branches by variant. Order of keys in the spec is not a difference.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Item, Kind, Scope};
use crate::emit::rust_type_in;
use crate::model::{
    Branch, Enum, Event, Field, HmacScheme, IdempotencyKey, Member, NameSource, Signing, Struct,
    Type, Union, Vendor,
};

/// A difference, not yet classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where it is.
    pub scope: Scope,
    /// What it is about.
    pub item: Item,
    /// The item's name (see [`super::Change::name`]).
    pub name: Option<String>,
    /// What happened.
    pub kind: Kind,
    /// The old value, where one says something.
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
}

/// Every difference between `old` and `new`, grouped by scope (see [`super::Diff::changes`]).
pub fn compare(old: &Vendor, new: &Vendor) -> Vec<Found> {
    let mut out = Out(Vec::new());
    vendor(&mut out, old, new);
    signing(&mut out, &old.signing, &new.signing);
    envelope(&mut out, old, new);
    fields(&mut out, &Scope::Common, &old.common, &new.common);
    events(&mut out, old, new);
    structs(&mut out, &old.structs, &new.structs);
    enums(&mut out, &old.enums, &new.enums);
    unions(&mut out, &old.unions, &new.unions);
    out.0
}

/// The differences found so far.
struct Out(Vec<Found>);

impl Out {
    fn push(&mut self, scope: &Scope, item: Item, name: Option<&str>, kind: Kind) {
        self.with(scope, item, name, kind, None, None);
    }

    fn with(
        &mut self,
        scope: &Scope,
        item: Item,
        name: Option<&str>,
        kind: Kind,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.0.push(Found {
            scope: scope.clone(),
            item,
            name: name.map(str::to_owned),
            kind,
            old,
            new,
        });
    }

    /// A value that changed (`old != new`), with both sides shown.
    fn value<T: PartialEq + std::fmt::Debug>(
        &mut self,
        scope: &Scope,
        item: Item,
        name: &str,
        kind: Kind,
        old: &T,
        new: &T,
    ) {
        if old != new {
            self.with(
                scope,
                item,
                Some(name),
                kind,
                Some(format!("{old:?}")),
                Some(format!("{new:?}")),
            );
        }
    }

    /// A deprecation note that came or went (a changed note is documentation).
    fn deprecation(
        &mut self,
        scope: &Scope,
        item: Item,
        name: Option<&str>,
        old: Option<&String>,
        new: Option<&String>,
    ) {
        match (old, new) {
            (None, Some(_)) => self.push(scope, item, name, Kind::Deprecated),
            (Some(_), None) => self.push(scope, item, name, Kind::Undeprecated),
            (Some(old), Some(new)) if old != new => self.push(scope, item, name, Kind::DocChanged),
            _ => {}
        }
    }
}

const ADDED_WHOLE: Kind = Kind::Added {
    required: false,
    tolerant: false,
};

fn vendor(out: &mut Out, old: &Vendor, new: &Vendor) {
    let scope = Scope::Vendor;
    if old.id != new.id {
        out.with(
            &scope,
            Item::Parameter,
            Some("id"),
            Kind::Renamed,
            Some(old.id.clone()),
            Some(new.id.clone()),
        );
    }
    let name_source = |vendor: &Vendor| match &vendor.identity.name {
        NameSource::Member(path) => format!("member {}", path.join(".")),
        NameSource::Header(header) => format!("header {header}"),
    };
    let (old_source, new_source) = (name_source(old), name_source(new));
    if old_source != new_source {
        out.with(
            &scope,
            Item::Parameter,
            Some("identity.name"),
            Kind::ValueChanged,
            Some(old_source),
            Some(new_source),
        );
    }
    out.value(
        &scope,
        Item::Parameter,
        "identity.sub_name",
        Kind::ValueChanged,
        &old.identity.sub_name,
        &new.identity.sub_name,
    );
    if old.name != new.name || old.docs != new.docs || old.doc != new.doc {
        out.push(&scope, Item::Whole, None, Kind::DocChanged);
    }
}

fn signing(out: &mut Out, old: &Signing, new: &Signing) {
    let scope = Scope::Signing;
    let kind_of = |signing: &Signing| match signing {
        Signing::Unsigned { .. } => "unsigned",
        Signing::Hmac(_) => "hmac-sha256",
    };
    match (old, new) {
        (Signing::Unsigned { advice: old }, Signing::Unsigned { advice: new }) => {
            if old != new {
                out.push(&scope, Item::Parameter, Some("advice"), Kind::DocChanged);
            }
        }
        (Signing::Hmac(old), Signing::Hmac(new)) => hmac(out, &scope, old, new),
        _ => out.with(
            &scope,
            Item::Parameter,
            Some("scheme"),
            Kind::ValueChanged,
            Some(kind_of(old).to_owned()),
            Some(kind_of(new).to_owned()),
        ),
    }
}

fn hmac(out: &mut Out, scope: &Scope, old: &HmacScheme, new: &HmacScheme) {
    let item = Item::Parameter;
    let changed = Kind::ValueChanged;
    out.value(
        scope,
        item,
        "signature_header",
        changed,
        &old.signature_header,
        &new.signature_header,
    );
    out.value(
        scope,
        item,
        "id_header",
        changed,
        &old.id_header,
        &new.id_header,
    );
    out.value(
        scope,
        item,
        "timestamp_header",
        changed,
        &old.timestamp_header,
        &new.timestamp_header,
    );
    out.value(
        scope,
        item,
        "timestamp_entry",
        changed,
        &old.timestamp_entry,
        &new.timestamp_entry,
    );
    out.value(
        scope,
        item,
        "timestamp_millis",
        changed,
        &old.timestamp_millis,
        &new.timestamp_millis,
    );
    // A wider window (or none) accepts every delivery the narrower one did.
    let widened = match (old.tolerance_seconds, new.tolerance_seconds) {
        (Some(old), Some(new)) => new > old,
        (Some(_), None) => true,
        _ => false,
    };
    let kind = if widened { Kind::Widened } else { changed };
    out.value(
        scope,
        item,
        "tolerance_seconds",
        kind,
        &old.tolerance_seconds,
        &new.tolerance_seconds,
    );
    out.value(
        scope,
        item,
        "signed_content",
        changed,
        &old.signed_content,
        &new.signed_content,
    );
    out.value(scope, item, "base64", changed, &old.base64, &new.base64);
    out.value(
        scope,
        item,
        "entry_separator",
        changed,
        &old.entry_separator,
        &new.entry_separator,
    );
    out.value(
        scope,
        item,
        "entry_prefix",
        changed,
        &old.entry_prefix,
        &new.entry_prefix,
    );
    out.value(scope, item, "key", changed, &old.key, &new.key);
    let key = |key: &Option<IdempotencyKey>| key.as_ref().map(|key| format!("{key:?}"));
    match (&old.idempotency_key, &new.idempotency_key) {
        (None, Some(_)) => out.with(
            scope,
            item,
            Some("idempotency_key"),
            ADDED_WHOLE,
            None,
            key(&new.idempotency_key),
        ),
        (Some(_), None) => out.with(
            scope,
            item,
            Some("idempotency_key"),
            Kind::Removed,
            key(&old.idempotency_key),
            None,
        ),
        (old_key, new_key) => out.value(scope, item, "idempotency_key", changed, old_key, new_key),
    }
}

fn envelope(out: &mut Out, old: &Vendor, new: &Vendor) {
    let scope = Scope::Envelope;
    match (&old.envelope, &new.envelope) {
        (None, None) => {}
        (None, Some(_)) => out.push(&scope, Item::Whole, None, ADDED_WHOLE),
        (Some(_), None) => out.push(&scope, Item::Whole, None, Kind::Removed),
        (Some(old), Some(new)) => {
            // The payload member's type is `P` whatever the model says (each event has its
            // own, compared per event): only its names count.
            let members = |envelope: &crate::model::Envelope| -> Vec<Field> {
                (envelope.members.iter())
                    .map(|member| match member {
                        Member::Field(field) => field.clone(),
                        Member::Payload(field) => Field {
                            ty: Type::Json,
                            optional: false,
                            nullable: false,
                            boxed: false,
                            tolerant: false,
                            ..field.clone()
                        },
                    })
                    .collect()
            };
            fields(out, &scope, &members(old), &members(new));
            for (key, value) in &new.matches {
                if !old.matches.contains(&(key.clone(), value.clone())) {
                    out.push(
                        &scope,
                        Item::Match,
                        Some(&format!("{key} = {value}")),
                        ADDED_WHOLE,
                    );
                }
            }
            for (key, value) in &old.matches {
                if !new.matches.contains(&(key.clone(), value.clone())) {
                    out.push(
                        &scope,
                        Item::Match,
                        Some(&format!("{key} = {value}")),
                        Kind::Removed,
                    );
                }
            }
            if old.doc != new.doc {
                out.push(&scope, Item::Whole, None, Kind::DocChanged);
            }
        }
    }
}

/// The Rust type of a field's value as the generator writes it.
pub fn field_type(field: &Field) -> String {
    let ty = rust_type_in(&field.ty, field.tolerant);
    let ty = if field.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    };
    let ty = match (field.optional, field.nullable) {
        (false, false) => ty,
        (true, true) => quote! { Option<Option<#ty>> },
        _ => quote! { Option<#ty> },
    };
    render(ty)
}

/// The Rust type of a present, non-null value of the field (without `Option`).
fn value_type(ty: &Type, tolerant: bool, boxed: bool) -> String {
    let ty = rust_type_in(ty, tolerant);
    render(if boxed {
        quote! { Box<#ty> }
    } else {
        ty
    })
}

/// Tokens as Rust text, without the spaces `TokenStream` puts between every token.
fn render(tokens: TokenStream) -> String {
    let text = tokens.to_string();
    let mut out = String::with_capacity(text.len());
    for part in text.split(' ') {
        // Space only between two word characters (`dyn Trait`), never around `<`, `>`, `::`.
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !out.is_empty() && word(out.chars().last()) && word(part.chars().next()) {
            out.push(' ');
        }
        out.push_str(part);
    }
    out.replace(',', ", ")
}

/// Members of a struct, the envelope or the common members, by wire key.
fn fields(out: &mut Out, scope: &Scope, old: &[Field], new: &[Field]) {
    for field in new {
        if !old.iter().any(|candidate| candidate.wire == field.wire) {
            out.with(
                scope,
                Item::Member,
                Some(&field.wire),
                Kind::Added {
                    required: !field.optional,
                    tolerant: field.tolerant,
                },
                None,
                Some(field_type(field)),
            );
        }
    }
    for field in old {
        if !new.iter().any(|candidate| candidate.wire == field.wire) {
            out.with(
                scope,
                Item::Member,
                Some(&field.wire),
                Kind::Removed,
                Some(field_type(field)),
                None,
            );
        }
    }
    let mut tolerant = 0;
    let mut strict = 0;
    for new_field in new {
        let Some(old_field) = old.iter().find(|field| field.wire == new_field.wire) else {
            continue;
        };
        field(out, scope, old_field, new_field);
        match (old_field.tolerant, new_field.tolerant) {
            (false, true) => tolerant += 1,
            (true, false) => strict += 1,
            _ => {}
        }
    }
    // One change per scope: a spec changes its presence policy for all its members at once.
    let count = |count: usize| {
        Some(format!(
            "{count} member{}",
            if count == 1 { "" } else { "s" }
        ))
    };
    if tolerant > 0 {
        out.with(
            scope,
            Item::Whole,
            None,
            Kind::BecameTolerant,
            None,
            count(tolerant),
        );
    }
    if strict > 0 {
        out.with(
            scope,
            Item::Whole,
            None,
            Kind::BecameStrict,
            None,
            count(strict),
        );
    }
}

/// One member in both versions.
fn field(out: &mut Out, scope: &Scope, old: &Field, new: &Field) {
    let name = Some(new.wire.as_str());
    let member = Item::Member;
    if old.rust != new.rust {
        out.with(
            scope,
            member,
            name,
            Kind::Renamed,
            Some(old.rust.clone()),
            Some(new.rust.clone()),
        );
    }
    let (old_value, new_value) = (
        value_type(&old.ty, old.tolerant, old.boxed),
        value_type(&new.ty, new.tolerant, new.boxed),
    );
    if old_value != new_value {
        out.with(
            scope,
            member,
            name,
            Kind::TypeChanged,
            Some(field_type(old)),
            Some(field_type(new)),
        );
    }
    let types = || (Some(field_type(old)), Some(field_type(new)));
    if old.optional != new.optional {
        let kind = if new.optional {
            Kind::BecameOptional
        } else {
            Kind::BecameRequired
        };
        let (old_type, new_type) = types();
        out.with(scope, member, name, kind, old_type, new_type);
    }
    if old.nullable != new.nullable {
        let kind = if new.nullable {
            Kind::BecameNullable
        } else {
            Kind::BecameNonNullable
        };
        let (old_type, new_type) = types();
        out.with(scope, member, name, kind, old_type, new_type);
    }
    out.deprecation(
        scope,
        member,
        name,
        old.deprecated.as_ref(),
        new.deprecated.as_ref(),
    );
    if old.doc != new.doc || old.note != new.note {
        out.push(scope, member, name, Kind::DocChanged);
    }
}

/// The path of an event's variant: `Event::Ping`, or `Event::Issues(IssuesEvent::Opened)`.
fn variant_path(vendor: &Vendor, event: &Event) -> String {
    match event.compound.and_then(|index| vendor.compounds.get(index)) {
        Some(compound) => format!(
            "Event::{}({}::{})",
            compound.variant, compound.enum_name, event.rust
        ),
        None => format!("Event::{}", event.rust),
    }
}

/// The type an event's variant holds, as the generator writes it.
fn variant_type(vendor: &Vendor, event: &Event) -> String {
    let inner = match &event.payload {
        Some(ty) => rust_type_in(ty, false),
        None => quote! { hookspec::UndocumentedPayload },
    };
    let payload = if event.payload_optional {
        quote! { Option<#inner> }
    } else {
        inner
    };
    render(match vendor.envelope {
        Some(_) => quote! { Envelope<#payload> },
        None => payload,
    })
}

fn events(out: &mut Out, old: &Vendor, new: &Vendor) {
    for new_event in &new.events {
        let scope = Scope::Event(new_event.wire.clone());
        let Some(old_event) = old.events.iter().find(|event| event.wire == new_event.wire) else {
            out.with(
                &scope,
                Item::Whole,
                None,
                ADDED_WHOLE,
                None,
                Some(variant_path(new, new_event)),
            );
            continue;
        };
        let (old_path, new_path) = (variant_path(old, old_event), variant_path(new, new_event));
        if old_path != new_path {
            out.with(
                &scope,
                Item::Whole,
                None,
                Kind::Renamed,
                Some(old_path),
                Some(new_path),
            );
        }
        let (old_type, new_type) = (variant_type(old, old_event), variant_type(new, new_event));
        if old_type != new_type {
            out.with(
                &scope,
                Item::Whole,
                None,
                Kind::TypeChanged,
                Some(old_type),
                Some(new_type),
            );
        }
        for alias in &new_event.aliases {
            if !old_event.aliases.contains(alias) {
                out.push(&scope, Item::Alias, Some(alias), ADDED_WHOLE);
            }
        }
        for alias in &old_event.aliases {
            if !new_event.aliases.contains(alias) {
                out.push(&scope, Item::Alias, Some(alias), Kind::Removed);
            }
        }
        out.deprecation(
            &scope,
            Item::Whole,
            None,
            old_event.deprecated.as_ref(),
            new_event.deprecated.as_ref(),
        );
        if old_event.doc != new_event.doc
            || old_event.group != new_event.group
            || old_event.examples != new_event.examples
        {
            out.push(&scope, Item::Whole, None, Kind::DocChanged);
        }
    }
    for old_event in &old.events {
        if !new.events.iter().any(|event| event.wire == old_event.wire) {
            out.with(
                &Scope::Event(old_event.wire.clone()),
                Item::Whole,
                None,
                Kind::Removed,
                Some(variant_path(old, old_event)),
                None,
            );
        }
    }
}

/// Definitions by Rust name: added, removed, then `both` on those in both versions.
fn definitions<'a, T>(
    out: &mut Out,
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> &str,
    scope: impl Fn(String) -> Scope,
    mut both: impl FnMut(&mut Out, &Scope, &'a T, &'a T),
) {
    let new_names: HashSet<&str> = new.iter().map(&name).collect();
    for def in new {
        let here = scope(name(def).to_owned());
        match old.iter().find(|candidate| name(candidate) == name(def)) {
            Some(old_def) => both(out, &here, old_def, def),
            None => out.push(&here, Item::Whole, None, ADDED_WHOLE),
        }
    }
    for def in old {
        if !new_names.contains(name(def)) {
            out.push(
                &scope(name(def).to_owned()),
                Item::Whole,
                None,
                Kind::Removed,
            );
        }
    }
}

fn structs(out: &mut Out, old: &[Struct], new: &[Struct]) {
    definitions(
        out,
        old,
        new,
        |def| &def.name,
        Scope::Struct,
        |out, scope, old, new| {
            fields(out, scope, &old.fields, &new.fields);
            if old.doc != new.doc {
                out.push(scope, Item::Whole, None, Kind::DocChanged);
            }
        },
    );
}

fn enums(out: &mut Out, old: &[Enum], new: &[Enum]) {
    definitions(
        out,
        old,
        new,
        |def| &def.name,
        Scope::Enum,
        |out, scope, old, new| {
            for value in &new.values {
                match old
                    .values
                    .iter()
                    .find(|candidate| candidate.wire == value.wire)
                {
                    None => out.with(
                        scope,
                        Item::Value,
                        Some(&value.wire),
                        ADDED_WHOLE,
                        None,
                        Some(value.rust.clone()),
                    ),
                    Some(old_value) => {
                        if old_value.rust != value.rust {
                            out.with(
                                scope,
                                Item::Value,
                                Some(&value.wire),
                                Kind::Renamed,
                                Some(old_value.rust.clone()),
                                Some(value.rust.clone()),
                            );
                        }
                        if old_value.doc != value.doc {
                            out.push(scope, Item::Value, Some(&value.wire), Kind::DocChanged);
                        }
                    }
                }
            }
            for value in &old.values {
                if !new
                    .values
                    .iter()
                    .any(|candidate| candidate.wire == value.wire)
                {
                    out.with(
                        scope,
                        Item::Value,
                        Some(&value.wire),
                        Kind::Removed,
                        Some(value.rust.clone()),
                        None,
                    );
                }
            }
            if old.doc != new.doc {
                out.push(scope, Item::Whole, None, Kind::DocChanged);
            }
        },
    );
}

fn unions(out: &mut Out, old: &[Union], new: &[Union]) {
    definitions(
        out,
        old,
        new,
        |def| &def.name,
        Scope::Union,
        |out, scope, old, new| {
            if old.tag != new.tag {
                out.with(
                    scope,
                    Item::Whole,
                    None,
                    Kind::SelectionChanged,
                    old.tag.as_ref().map(|tag| format!("tag {tag}")),
                    new.tag.as_ref().map(|tag| format!("tag {tag}")),
                );
            }
            match (old.open, new.open) {
                (false, true) => out.push(scope, Item::Whole, None, Kind::Opened),
                (true, false) => out.push(scope, Item::Whole, None, Kind::Closed),
                _ => {}
            }
            match (old.tolerant, new.tolerant) {
                (false, true) => out.push(scope, Item::Whole, None, Kind::BecameTolerant),
                (true, false) => out.push(scope, Item::Whole, None, Kind::BecameStrict),
                _ => {}
            }
            for branch in &new.branches {
                let Some(old_branch) = old.branches.iter().find(|b| b.rust == branch.rust) else {
                    out.with(
                        scope,
                        Item::Branch,
                        Some(&branch.rust),
                        ADDED_WHOLE,
                        None,
                        Some(branch_type(branch, new.tolerant)),
                    );
                    continue;
                };
                let (old_type, new_type) = (
                    branch_type(old_branch, old.tolerant),
                    branch_type(branch, new.tolerant),
                );
                if old_type != new_type {
                    out.with(
                        scope,
                        Item::Branch,
                        Some(&branch.rust),
                        Kind::TypeChanged,
                        Some(old_type),
                        Some(new_type),
                    );
                }
                if old_branch.kinds != branch.kinds || old_branch.select != branch.select {
                    out.with(
                        scope,
                        Item::Branch,
                        Some(&branch.rust),
                        Kind::SelectionChanged,
                        Some(format!("{:?} {:?}", old_branch.kinds, old_branch.select)),
                        Some(format!("{:?} {:?}", branch.kinds, branch.select)),
                    );
                }
                if old_branch.doc != branch.doc {
                    out.push(scope, Item::Branch, Some(&branch.rust), Kind::DocChanged);
                }
            }
            for branch in &old.branches {
                if !new.branches.iter().any(|b| b.rust == branch.rust) {
                    out.with(
                        scope,
                        Item::Branch,
                        Some(&branch.rust),
                        Kind::Removed,
                        Some(branch_type(branch, old.tolerant)),
                        None,
                    );
                }
            }
            if old.doc != new.doc {
                out.push(scope, Item::Whole, None, Kind::DocChanged);
            }
        },
    );
}

/// The type a union branch's variant holds.
fn branch_type(branch: &Branch, tolerant: bool) -> String {
    value_type(&branch.ty, tolerant, branch.boxed)
}
