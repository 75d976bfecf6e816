//! Pass 5, **share identical**: structurally identical types are one type. Each object, enum
//! and union the mapper makes has a shape key (its members with their types, optionality and
//! nullability; its values; its variants); a second type with the key of one defined already
//! is that type. Docs are not part of the shape: a member whose doc says which value an event
//! fixes it to stays the type it narrows.

use std::collections::HashMap;

use super::types::{FieldOut, Ty, VariantOut};

/// Types by shape key.
#[derive(Debug, Default)]
pub(crate) struct Shapes {
    by_key: HashMap<String, String>,
}

impl Shapes {
    /// The type defined with this shape, if any.
    pub(crate) fn get(&self, key: &str) -> Option<&String> {
        self.by_key.get(key)
    }

    /// Records `name` as the type of this shape, unless one is already.
    pub(crate) fn record(&mut self, key: String, name: &str) {
        self.by_key.entry(key).or_insert_with(|| name.to_owned());
    }
}

/// A canonical text of a type reference.
pub(crate) fn ty_key(ty: &Ty) -> String {
    match ty {
        Ty::Scalar(name) => (*name).to_owned(),
        Ty::Named(name) => format!("@{name}"),
        Ty::Array(inner) => format!("[{}]", ty_key(inner)),
        Ty::Map(inner) => format!("{{{}}}", ty_key(inner)),
    }
}

/// An object's shape: its members in order, with type, optionality and nullability.
pub(crate) fn object_key(fields: &[FieldOut]) -> String {
    let mut key = String::from("O");
    for field in fields {
        key.push_str(&format!(
            "|{}:{}:{}{}",
            field.key,
            ty_key(&field.ty),
            u8::from(field.optional),
            u8::from(field.nullable)
        ));
    }
    key
}

/// An enum's shape: its values.
pub(crate) fn enum_key(values: &[String]) -> String {
    format!("E{}", values.join("\u{1}"))
}

/// A union's shape: its tag member and variants.
pub(crate) fn union_key(tag: &Option<String>, variants: &[VariantOut]) -> String {
    let mut key = format!("U{}", tag.as_deref().unwrap_or_default());
    for variant in variants {
        key.push_str(&format!(
            "|{}:{}:{}",
            ty_key(&variant.ty),
            variant.tag.as_deref().unwrap_or_default(),
            variant.key.as_deref().unwrap_or_default()
        ));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, ty: Ty, optional: bool) -> FieldOut {
        FieldOut {
            key: key.to_owned(),
            ty,
            doc: None,
            optional,
            nullable: false,
            note: None,
        }
    }

    #[test]
    fn shapes_ignore_docs_but_not_members_optionality_or_types() {
        let a = vec![field("id", Ty::Scalar("string"), false)];
        let mut documented = a.clone();
        documented[0].doc = Some("Always `x`.".to_owned());
        assert_eq!(object_key(&a), object_key(&documented));
        let optional = vec![field("id", Ty::Scalar("string"), true)];
        assert_ne!(object_key(&a), object_key(&optional));
        let array = vec![field(
            "id",
            Ty::Array(Box::new(Ty::Scalar("string"))),
            false,
        )];
        assert_ne!(object_key(&a), object_key(&array));
        let mut shapes = Shapes::default();
        shapes.record(object_key(&a), "Thing");
        shapes.record(object_key(&documented), "Other");
        assert_eq!(shapes.get(&object_key(&documented)).unwrap(), "Thing");
    }
}
