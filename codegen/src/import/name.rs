//! Pass 6, **name**: Rust names for the types the import defines. A `$ref`'d definition is
//! named after its file (`common/user.schema.json` → `User`) or its last pointer key
//! (`#/components/schemas/issue_state` → `IssueState`); an inline type after where it sits
//! (event, then member: `IssuesOpenedIssue`); a name taken already (by another type, an
//! event's payload, a compound name's enum, or the generator's reserved names) gets the first
//! free number (`Issue2`). Types are named in the order the import meets them, which follows
//! the sorted files and members, so names are stable from one import to the next.

use std::collections::{HashMap, HashSet};

use heck::ToUpperCamelCase;

use super::types::{Ty, VariantOut};

/// The names taken so far.
#[derive(Debug)]
pub(crate) struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// Names with the generator's reserved type names and `reserved` taken.
    pub(crate) fn new(reserved: impl IntoIterator<Item = String>) -> Self {
        let mut taken: HashSet<String> = crate::validate::RESERVED_TYPES
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        taken.extend(reserved);
        Names { taken }
    }

    /// A type name from `hint` that no other type has taken.
    pub(crate) fn fresh(&mut self, hint: &str) -> String {
        let mut base = hint.to_upper_camel_case();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = format!("T{base}");
        }
        base.retain(|c| c.is_ascii_alphanumeric() || c == '_');
        let mut name = base.clone();
        let mut suffix = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{suffix}");
            suffix += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// The type name a `$ref` target takes: the file's stem (`common/user.schema.json` → `User`),
/// or the last key of a pointer (`#/definitions/issue_state` → `IssueState`).
pub(crate) fn reference_name(file: &str, pointer: &str) -> String {
    match pointer.rsplit('/').next() {
        Some(last) if !pointer.is_empty() => last
            .replace("~1", "/")
            .replace("~0", "~")
            .to_upper_camel_case(),
        _ => {
            let stem = file.rsplit('/').next().unwrap_or(file);
            let stem = stem
                .strip_suffix(".json")
                .or_else(|| stem.strip_suffix(".yaml"))
                .or_else(|| stem.strip_suffix(".yml"))
                .unwrap_or(stem);
            let stem = stem.strip_suffix(".schema").unwrap_or(stem);
            stem.to_upper_camel_case()
        }
    }
}

/// Variant names: the named type's name, or the scalar's; duplicates get a number.
pub(crate) fn name_variants(variants: &mut [VariantOut]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for variant in variants.iter_mut() {
        let base = match &variant.ty {
            Ty::Named(name) => name.clone(),
            Ty::Scalar(name) => name.to_upper_camel_case(),
            Ty::Array(_) => "Array".to_owned(),
            Ty::Map(_) => "Map".to_owned(),
        };
        let count = seen.entry(base.clone()).or_default();
        *count += 1;
        if *count > 1 {
            variant.rust_name = Some(format!("{base}{count}"));
        } else if matches!(variant.ty, Ty::Array(_) | Ty::Map(_)) {
            variant.rust_name = Some(base);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_files_pointers_and_hints_and_never_collide() {
        assert_eq!(reference_name("common/user.schema.json", ""), "User");
        assert_eq!(reference_name("user.yaml", ""), "User");
        assert_eq!(
            reference_name("api.json", "/components/schemas/issue_state"),
            "IssueState"
        );
        let mut names = Names::new(["IssuesEvent".to_owned()]);
        assert_eq!(names.fresh("issues_event"), "IssuesEvent2");
        assert_eq!(names.fresh("issues_event"), "IssuesEvent3");
        assert_eq!(names.fresh("2fa"), "T2fa");
        // The generator's own names are taken.
        assert_eq!(names.fresh("Event"), "Event2");
    }

    #[test]
    fn variants_take_their_types_names() {
        let variant = |ty| VariantOut {
            ty,
            rust_name: None,
            tag: None,
            key: None,
            keyed: false,
        };
        let mut variants = vec![
            variant(Ty::Named("User".to_owned())),
            variant(Ty::Named("User".to_owned())),
            variant(Ty::Array(Box::new(Ty::Scalar("json")))),
        ];
        name_variants(&mut variants);
        assert_eq!(variants[0].rust_name, None);
        assert_eq!(variants[1].rust_name.as_deref(), Some("User2"));
        assert_eq!(variants[2].rust_name.as_deref(), Some("Array"));
    }
}
