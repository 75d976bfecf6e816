//! Unions: a value that is one of several types, told apart by its JSON kind, by a tag member
//! (`"object": "card"`), or, where the spec says so, by a required key. Never by guessing.

use std::collections::{BTreeMap, HashMap};

use heck::ToUpperCamelCase;
use serde_saphyr::Location;

use super::{Definitions, NameHint, Resolver, Role, flag};
use crate::load::RawNode;
use crate::model::{Branch, JsonKind, Select, Type, Union, Vendor};
use crate::names;

/// The variant that keeps a value no branch takes, in an open union.
const OTHER: &str = "Other";

impl Resolver<'_> {
    /// Resolves a `type: union` node; kinds and selection rules are checked once every type
    /// is known ([`Self::check_unions`]).
    pub(super) fn union(
        &mut self,
        node: &RawNode,
        hint: &NameHint,
        doc: &str,
        at: &Location,
    ) -> Option<Type> {
        let name = self.definition_name(node, hint, at)?;
        let Some(variants) = &node.variants else {
            self.error(
                at,
                "`union` needs `variants`: the types a value may have, each told apart by JSON kind, `tag` or `key`",
            );
            return None;
        };
        if variants.value.len() < 2 - usize::from(flag(&node.open)) {
            self.error(
                &variants.referenced,
                "a union needs at least two variants, or one in an `open` union (for one type, use the type itself)",
            );
        }
        let mut branches = Vec::new();
        let mut seen: HashMap<String, Location> = HashMap::new();
        for (index, raw) in variants.value.iter().enumerate() {
            let branch_at = raw.referenced;
            let raw = &raw.value;
            self.check_keys(raw, Role::Branch);
            let default_variant = branch_variant_name(raw);
            let explicit = raw.rust_name.as_ref();
            let rust = match (explicit, &default_variant) {
                (Some(name), _) => names::explicit_type(&name.value),
                (None, Some(name)) => Ok(name.clone()),
                (None, None) => Err(
                    "an inline object, enum or union variant needs `name` (its type's name) or `rust_name` (its variant's name)"
                        .to_owned(),
                ),
            };
            let rust = match rust {
                Ok(rust) => rust,
                Err(error) => {
                    self.error(&explicit.map_or(branch_at, |name| name.referenced), error);
                    continue;
                }
            };
            if let Some(previous) = seen.insert(rust.clone(), branch_at) {
                self.error(
                    &branch_at,
                    format!(
                        "two variants become `{rust}` (the other is on line {}); set `rust_name` on one",
                        previous.line()
                    ),
                );
            }
            if rust == OTHER && flag(&node.open) {
                self.error(
                    &branch_at,
                    "`Other` holds the values no variant takes in an open union; choose another variant name",
                );
            }
            let branch_doc = raw.doc.as_ref().map(|doc| doc.value.trim().to_owned());
            let inline = NameHint::Inline(format!("{name}{rust}"));
            let Some(ty) = self.resolve_in(
                raw,
                &inline,
                branch_doc.as_deref().unwrap_or(doc),
                &branch_at,
                true,
            ) else {
                continue;
            };
            let otherwise = raw.otherwise.as_ref().filter(|flag| flag.value);
            let select = match (&raw.tag, &raw.key) {
                (None, None) if otherwise.is_some() => Select::Otherwise,
                (Some(given), _) | (None, Some(given)) if otherwise.is_some() => {
                    self.error(
                        &branch_at,
                        "a variant takes one of `tag`, `key` and `otherwise`",
                    );
                    // Keep its tag or key, so that the union is not also reported as having
                    // objects that nothing tells apart.
                    if raw.tag.is_some() {
                        Select::Tag(given.value.clone())
                    } else {
                        Select::Key(given.value.clone())
                    }
                }
                (Some(tag), None) => {
                    if node.tag.is_none() {
                        self.error(
                            &tag.referenced,
                            "a variant's `tag` is the value of the union's tag member: say which member with `tag` on the union",
                        );
                    }
                    Select::Tag(tag.value.clone())
                }
                (None, Some(key)) => Select::Key(key.value.clone()),
                (None, None) => Select::Kind,
                (Some(tag), Some(_)) => {
                    self.error(&tag.referenced, "a variant takes `tag` or `key`, not both");
                    Select::Kind
                }
            };
            self.branch_sites.insert((name.clone(), index), branch_at);
            branches.push(Branch {
                rust,
                doc: branch_doc,
                ty,
                kinds: Vec::new(),
                select,
                boxed: false,
            });
        }
        if let Some(tag) = &node.tag
            && !branches
                .iter()
                .any(|branch| matches!(branch.select, Select::Tag(_)))
        {
            self.error(
                &tag.referenced,
                "no variant gives a `tag` value for this tag member",
            );
        }
        self.unions.push(Union {
            name: name.clone(),
            doc: doc.to_owned(),
            tag: node.tag.as_ref().map(|tag| tag.value.clone()),
            open: flag(&node.open),
            tolerant: self.tolerant(),
            branches,
        });
        Some(Type::Named(name))
    }

    /// Once every type is known: which JSON kinds each branch takes, and that every value
    /// has at most one branch.
    pub(super) fn check_unions(&mut self, vendor: &mut Vendor) {
        let mut unions = std::mem::take(&mut vendor.unions);
        let definitions = Definitions::of(vendor);
        for union in &mut unions {
            self.check_union(union, &definitions);
        }
        vendor.unions = unions;
    }

    fn check_union(&mut self, union: &mut Union, definitions: &Definitions) {
        let site = |resolver: &Self, index: usize| {
            resolver
                .branch_sites
                .get(&(union.name.clone(), index))
                .copied()
                .unwrap_or(Location::UNKNOWN)
        };
        let mut takers: BTreeMap<JsonKind, Vec<usize>> = BTreeMap::new();
        for (index, branch) in union.branches.iter_mut().enumerate() {
            let at = site(self, index);
            let kinds = match kinds_of(&branch.ty, definitions, union.open) {
                Ok(kinds) => kinds,
                Err(message) => {
                    self.error(&at, message);
                    continue;
                }
            };
            if branch.select != Select::Kind && kinds != [JsonKind::Object] {
                self.error(
                    &at,
                    "`tag` and `key` tell objects apart; this variant is not an object",
                );
            }
            if let (Select::Key(key), Type::Named(name)) = (&branch.select, &branch.ty) {
                let required = definitions.find_struct(name).is_some_and(|def| {
                    def.fields
                        .iter()
                        .any(|field| &field.wire == key && !field.optional)
                });
                if !required {
                    self.error(
                        &at,
                        format!("`{key}` must be a required field of `{name}` to tell it apart"),
                    );
                }
            }
            for kind in &kinds {
                takers.entry(*kind).or_default().push(index);
            }
            branch.kinds = kinds;
        }
        // An integer goes to an `integer` variant when there is one, else to a `number`.
        if let Some(integers) = takers.get(&JsonKind::Integer).cloned()
            && integers.len() > 1
        {
            let exact: Vec<usize> = integers
                .iter()
                .copied()
                .filter(|index| union.branches[*index].ty != Type::Number)
                .collect();
            if !exact.is_empty() {
                for index in integers.iter().filter(|index| !exact.contains(index)) {
                    union.branches[*index]
                        .kinds
                        .retain(|kind| *kind != JsonKind::Integer);
                }
                takers.insert(JsonKind::Integer, exact);
            }
        }
        for (kind, indices) in &takers {
            if indices.len() < 2 {
                continue;
            }
            let names = indices
                .iter()
                .map(|index| format!("`{}`", union.branches[*index].rust))
                .collect::<Vec<_>>()
                .join(", ");
            if *kind != JsonKind::Object {
                let at = site(self, indices[1]);
                self.error(
                    &at,
                    format!(
                        "variants {names} all take {}; a union tells its variants apart by JSON kind, or objects by `tag` or `key`",
                        kind.describe()
                    ),
                );
                continue;
            }
            let mut tags: HashMap<&str, usize> = HashMap::new();
            let mut keys: HashMap<&str, usize> = HashMap::new();
            let mut otherwise: Option<usize> = None;
            for index in indices {
                let branch = &union.branches[*index];
                let at = site(self, *index);
                let clash = match &branch.select {
                    Select::Kind => {
                        self.error(
                            &at,
                            format!(
                                "variants {names} are all objects: give each a `tag` value (with `tag` on the union) or a required `key` that tells it apart (one may be `otherwise: true`)"
                            ),
                        );
                        None
                    }
                    Select::Tag(value) => tags.insert(value, *index),
                    Select::Key(key) => keys.insert(key, *index),
                    Select::Otherwise => otherwise.replace(*index),
                };
                if let Some(other) = clash {
                    self.error(
                        &at,
                        format!(
                            "`{}` and `{}` are selected the same way; each needs its own `tag` value or `key`",
                            union.branches[other].rust, branch.rust
                        ),
                    );
                }
            }
        }
    }
}

/// The variant name a branch gets without `rust_name`: a named type's name, or the scalar's.
fn branch_variant_name(raw: &RawNode) -> Option<String> {
    let ty = raw.ty.as_ref()?.value.as_str();
    match ty {
        "object" | "enum" | "union" => raw.name.as_ref().map(|name| name.value.clone()),
        "array" | "map" => Some(ty.to_upper_camel_case()),
        "datetime" => Some("DateTime".to_owned()),
        other => Some(other.to_upper_camel_case()),
    }
}

/// The JSON kinds a value of `ty` can have.
fn kinds_of(ty: &Type, definitions: &Definitions, open: bool) -> Result<Vec<JsonKind>, String> {
    Ok(match ty {
        Type::String | Type::Rfc3339 | Type::DecimalString | Type::DateTime => {
            vec![JsonKind::String]
        }
        Type::Bool => vec![JsonKind::Bool],
        Type::Integer | Type::EpochSeconds | Type::EpochMillis => vec![JsonKind::Integer],
        Type::Number => vec![JsonKind::Integer, JsonKind::Number],
        Type::Array(_) => vec![JsonKind::Array],
        Type::Map(_) => vec![JsonKind::Object],
        Type::Json if open => {
            return Err(
                "a `json` variant would take every value; an open union already keeps what no variant takes in `Other`: remove it"
                    .to_owned(),
            );
        }
        Type::Json => {
            return Err(
                "a `json` variant would take every value; mark the union `open: true` instead"
                    .to_owned(),
            );
        }
        Type::Named(name) => {
            if definitions.find_struct(name).is_some() {
                vec![JsonKind::Object]
            } else if definitions.is_enum(name) {
                vec![JsonKind::String]
            } else {
                return Err(format!(
                    "`{name}` is a union; a union cannot be a variant of another: list its variants here"
                ));
            }
        }
    })
}
