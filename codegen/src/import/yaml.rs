//! Writing the imported spec as YAML a person can read and review: block style for types and
//! events, flow maps for simple fields, quoting only where YAML needs it.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::types::{FieldOut, Ty, TypeDef, VariantOut};
use crate::names;

/// An imported event.
#[derive(Debug, Clone)]
pub(crate) struct EventOut {
    pub(crate) key: String,
    pub(crate) doc: String,
    /// Whether `doc` is the schema's own (its `title` or `description`), not a placeholder.
    pub(crate) schema_doc: bool,
    /// `none` or `open`, where the key alone would say otherwise.
    pub(crate) sub_name: Option<&'static str>,
    pub(crate) payload: PayloadOut,
    /// Where it came from, as a comment.
    pub(crate) source: String,
    /// Its examples, checked against the drafted spec.
    pub(crate) examples: Vec<super::examples::ExampleOut>,
}

/// An event's payload: an inline object, or another type.
#[derive(Debug, Clone)]
pub(crate) enum PayloadOut {
    Fields(Vec<FieldOut>),
    Type(Ty),
}

pub(crate) fn write_types(out: &mut String, types: &[(String, TypeDef)]) {
    if types.is_empty() {
        return;
    }
    out.push_str("\ntypes:\n");
    for (name, def) in types {
        let _ = writeln!(out, "  {name}:");
        match def {
            TypeDef::Object { doc, fields } => {
                out.push_str("    type: object\n");
                let _ = writeln!(out, "    doc: {}", quoted(doc));
                write_fields(out, fields, 4);
            }
            TypeDef::Enum { doc, values } => {
                out.push_str("    type: enum\n");
                let _ = writeln!(out, "    doc: {}", quoted(doc));
                out.push_str("    values:\n");
                let mut seen = HashSet::new();
                for (index, value) in values.iter().enumerate() {
                    let derived = names::type_name(value).ok();
                    match derived.filter(|name| seen.insert(name.clone())) {
                        Some(_) => {
                            let _ = writeln!(out, "      - {}", scalar(value));
                        }
                        None => {
                            let rust = unique(&enum_value_name(value, index), &mut seen);
                            let _ = writeln!(
                                out,
                                "      - {{ value: {}, rust_name: {rust} }}",
                                quoted(value)
                            );
                        }
                    }
                }
            }
            TypeDef::Union { doc, tag, variants } => {
                out.push_str("    type: union\n");
                let _ = writeln!(out, "    doc: {}", quoted(doc));
                if let Some(tag) = tag {
                    let _ = writeln!(out, "    tag: {}", scalar(tag));
                }
                out.push_str("    variants:\n");
                for variant in variants {
                    let _ = writeln!(out, "      - {}", variant_flow(variant));
                }
            }
        }
    }
}

pub(crate) fn write_events(out: &mut String, events: &[EventOut]) {
    out.push_str("\nevents:\n");
    for event in events {
        let _ = writeln!(out, "  # {}", event.source);
        let _ = writeln!(out, "  {}:", scalar(&event.key));
        let _ = writeln!(out, "    doc: {}", quoted(&event.doc));
        if let Some(sub_name) = event.sub_name {
            let _ = writeln!(out, "    sub_name: {sub_name}");
        }
        match &event.payload {
            PayloadOut::Fields(fields) => {
                out.push_str("    payload:\n      type: object\n");
                write_fields(out, fields, 6);
            }
            PayloadOut::Type(ty) => {
                let _ = writeln!(out, "    payload: {}", type_flow(ty, &[]));
            }
        }
        super::examples::write(out, &event.examples);
    }
}

fn write_fields(out: &mut String, fields: &[FieldOut], indent: usize) {
    let pad = " ".repeat(indent);
    if fields.is_empty() {
        let _ = writeln!(out, "{pad}fields: {{}}");
        return;
    }
    let _ = writeln!(out, "{pad}fields:");
    let mut seen = HashSet::new();
    for field in fields {
        let mut extra = Vec::new();
        let derived = names::field(&field.key)
            .ok()
            .filter(|name| names::bare(name) != "extra");
        match derived.filter(|name| seen.insert(names::bare(name).to_owned())) {
            Some(_) => {}
            None => {
                let rust = unique(&field_name(&field.key), &mut seen);
                extra.push(format!("rust_name: {rust}"));
            }
        }
        if field.optional {
            extra.push("optional: true".to_owned());
        }
        if field.nullable {
            extra.push("nullable: true".to_owned());
        }
        if let Some(doc) = &field.doc {
            extra.push(format!("doc: {}", quoted(doc)));
        }
        if let Some(note) = &field.note {
            extra.push(format!("note: {}", quoted(note)));
        }
        let _ = writeln!(
            out,
            "{pad}  {}: {}",
            scalar(&field.key),
            type_flow(&field.ty, &extra)
        );
    }
}

/// `{ type: ..., <extra> }` in flow style.
fn type_flow(ty: &Ty, extra: &[String]) -> String {
    let mut parts = match ty {
        Ty::Scalar(name) => vec![format!("type: {name}")],
        Ty::Named(name) => vec![format!("type: {name}")],
        Ty::Array(inner) => vec![
            "type: array".to_owned(),
            format!("items: {}", type_flow(inner, &[])),
        ],
        Ty::Map(inner) => vec![
            "type: map".to_owned(),
            format!("items: {}", type_flow(inner, &[])),
        ],
    };
    parts.extend(extra.iter().cloned());
    format!("{{ {} }}", parts.join(", "))
}

fn variant_flow(variant: &VariantOut) -> String {
    let mut extra = Vec::new();
    if let Some(rust) = &variant.rust_name {
        extra.push(format!("rust_name: {rust}"));
    }
    if let Some(tag) = &variant.tag {
        extra.push(format!("tag: {}", quoted(tag)));
    }
    match (&variant.key, &variant.tag, &variant.ty) {
        (Some(key), _, _) => extra.push(format!("key: {}", quoted(key))),
        // An object among keyed objects with no key of its own.
        (None, None, Ty::Named(_) | Ty::Map(_)) if variant.keyed => {
            extra.push("otherwise: true".to_owned())
        }
        _ => {}
    }
    type_flow(&variant.ty, &extra)
}

/// A Rust field name for a key that gives none (`+1` → `plus_1`).
fn field_name(key: &str) -> String {
    let mut name = String::new();
    for c in key.chars() {
        match c {
            '+' => name.push_str("plus_"),
            '-' if name.is_empty() => name.push_str("minus_"),
            c if c.is_ascii_alphanumeric() => name.push(c.to_ascii_lowercase()),
            _ => name.push('_'),
        }
    }
    let name = heck::ToSnakeCase::to_snake_case(name.as_str());
    match names::field(&name) {
        Ok(valid) if names::bare(&valid) == valid && valid != "extra" => valid,
        _ => format!("field_{name}"),
    }
}

/// A Rust variant name for an enum value that gives none.
fn enum_value_name(value: &str, index: usize) -> String {
    let mut name = String::new();
    for c in value.chars() {
        match c {
            '+' => name.push_str("Plus "),
            '-' if name.is_empty() => name.push_str("Minus "),
            c if c.is_ascii_alphanumeric() => name.push(c),
            _ => name.push(' '),
        }
    }
    let name = heck::ToUpperCamelCase::to_upper_camel_case(name.as_str());
    match names::type_name(&name) {
        Ok(valid) if !valid.starts_with("r#") => valid,
        _ if name.is_empty() => format!("Value{index}"),
        _ => format!("V{name}"),
    }
}

/// `name`, or `name2`, `name3`... if taken.
fn unique(name: &str, seen: &mut HashSet<String>) -> String {
    let mut candidate = name.to_owned();
    let mut suffix = 2;
    while !seen.insert(candidate.clone()) {
        candidate = format!("{name}{suffix}");
        suffix += 1;
    }
    candidate
}

/// A scalar: plain where YAML reads it back as the same string, else double-quoted.
pub(crate) fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { text.to_owned() } else { quoted(text) }
}

/// A double-quoted YAML scalar (JSON string syntax is valid YAML).
pub(crate) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_plain_only_when_yaml_reads_them_back_unchanged() {
        assert_eq!(scalar("issues.opened"), "issues.opened");
        assert_eq!(scalar("orders/create"), "orders/create");
        assert_eq!(scalar("+1"), "\"+1\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("null"), "\"null\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("1.0"), "\"1.0\"");
        assert_eq!(quoted("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
    }

    #[test]
    fn names_for_keys_that_give_none() {
        assert_eq!(field_name("+1"), "plus_1");
        assert_eq!(field_name("-1"), "minus_1");
        assert_eq!(enum_value_name("+1", 0), "Plus1");
        assert_eq!(enum_value_name("", 3), "Value3");
    }
}
