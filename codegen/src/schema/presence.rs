//! Absent and `null`, as the parser treats them (`validate/examples/fit.rs` `field`;
//! emit/objects.rs; src/drift.rs).
//!
//! Under `presence: strict`, a member is required unless `optional`, and takes `null` only
//! where `nullable` (a `json` member takes it as a value). Under `presence: tolerant`, the
//! parser also accepts a required member absent, or `null` where the spec says non-null
//! (drift: it keeps a placeholder and records it), so the schema does not list such a member
//! in `required` and lets it be `null`, saying in its `description` what the spec expects.
//! The exception is a type the parser cannot make a placeholder of (a closed union whose
//! object variants are all told apart by a tag or a key, or an object that requires one):
//! there absence and `null` stay errors, as under `strict`.

use std::collections::HashSet;

use crate::model::{Field, JsonKind, Select, Type, Vendor};

/// How a member may be absent or `null` in a delivery the parser accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// Listed in `required`.
    pub required: bool,
    /// Takes `null` besides its type.
    pub nullable: bool,
    /// Drift the parser tolerates makes it optional or nullable where the spec says
    /// otherwise (the `description` says so).
    pub tolerated: bool,
}

/// The presence of `field` as the parser reads it (src/drift.rs `Marks::member`, `absent`,
/// and the optional reads): under `presence: tolerant`, an absent required member takes a
/// placeholder (`None` where it is nullable), and `null` where the field is not nullable
/// reads as `None` when it is optional, else as a placeholder; where no placeholder can be
/// made, both are errors.
pub fn of(vendor: &Vendor, field: &Field) -> Presence {
    let takes_null = field.nullable || field.ty == Type::Json;
    let blank = field.tolerant && (takes_null || placeholder(vendor, &field.ty));
    let required = !field.optional && !blank;
    let null_drifts = field.tolerant && !takes_null && (field.optional || blank);
    Presence {
        required,
        nullable: field.nullable || null_drifts,
        tolerated: (!field.optional && blank) || null_drifts,
    }
}

/// Whether the runtime can make a placeholder of `ty` (src/drift.rs `placeholder`: the first
/// of `null`, `{}`, `""`, `0`, `[]`, `false` the type reads; an object's required members
/// become placeholders in turn, and text scalars take any text meanwhile).
pub(crate) fn placeholder(vendor: &Vendor, ty: &Type) -> bool {
    blank(vendor, ty, &mut HashSet::new())
}

fn blank<'a>(vendor: &'a Vendor, ty: &'a Type, seen: &mut HashSet<&'a str>) -> bool {
    let Type::Named(name) = ty else {
        return true;
    };
    if !seen.insert(name) {
        // A cycle through required, non-null members cannot be a valid spec; through
        // optional ones the object placeholder stops there.
        return true;
    }
    let possible = if let Some(def) = vendor.find_struct(name) {
        def.fields
            .iter()
            .filter(|field| !field.optional && !field.nullable)
            .all(|field| blank(vendor, &field.ty, seen))
    } else if let Some(def) = vendor.unions.iter().find(|def| &def.name == name) {
        // An open union keeps `null` in `Other`.
        def.open
            || def.branches.iter().any(|branch| {
                let blank_kind = match branch.select {
                    Select::Kind => branch.kinds.iter().any(|kind| *kind != JsonKind::Number),
                    Select::Otherwise => true,
                    Select::Tag(_) | Select::Key(_) => false,
                };
                blank_kind && blank(vendor, &branch.ty, seen)
            })
    } else {
        // An open enum reads `""`.
        true
    };
    seen.remove(name.as_str());
    possible
}
