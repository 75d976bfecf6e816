//! The key check: one pass over the YAML that reports every key no place takes (with the
//! closest key it does take) and every duplicate key (with its first definition), so that
//! neither stops the raw types from loading and the validator from reporting the rest.
//!
//! Which keys a place takes is read from the raw types themselves (the field list serde
//! derives for each), so a key added to a raw type is accepted here without more ado; what
//! this module says is only which raw type sits under which key.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::raw::*;
use crate::diagnostic::{Diagnostic, Related, did_you_mean};

/// Checks the keys of a whole spec; `Err` is the YAML's own error (the text does not parse).
pub(super) fn check(
    file: &Path,
    text: &str,
    options: serde_saphyr::Options,
) -> Result<Vec<Diagnostic>, serde_saphyr::Error> {
    let mut problems = Vec::new();
    let seed = Check {
        shape: Shape::Struct(&SPEC),
        file,
        problems: &mut problems,
    };
    serde_saphyr::with_deserializer_from_str_with_options(text, options, |deserializer| {
        seed.deserialize(deserializer)
    })?;
    Ok(problems)
}

/// What a YAML value should look like, as far as keys go.
#[derive(Clone, Copy)]
enum Shape {
    /// A mapping with the keys of one raw type.
    Struct(&'static Keys),
    /// A mapping with keys of the spec's choosing (names of fields, types, events), each
    /// value of this shape.
    MapOf(&'static Keys),
    /// A sequence of this shape.
    SeqOf(&'static Keys),
    /// Not checked (scalars, and mappings of free keys and values such as `match`).
    Any,
}

/// The keys one raw type takes, and the shape of each key's value.
struct Keys {
    /// Where such a mapping is, for messages ("in a field or type").
    place: &'static str,
    /// The keys, read once from the raw type.
    names: OnceLock<&'static [&'static str]>,
    probe: fn() -> &'static [&'static str],
    /// The shape under each key.
    child: fn(&str) -> Shape,
}

impl Keys {
    const fn of(
        place: &'static str,
        probe: fn() -> &'static [&'static str],
        child: fn(&str) -> Shape,
    ) -> Self {
        Keys {
            place,
            names: OnceLock::new(),
            probe,
            child,
        }
    }

    fn names(&self) -> &'static [&'static str] {
        self.names.get_or_init(self.probe)
    }
}

fn none(_: &str) -> Shape {
    Shape::Any
}

static SPEC: Keys = Keys::of("at the top level", fields_of::<RawSpec>, |key| match key {
    "identity" => Shape::Struct(&IDENTITY),
    "envelope" => Shape::Struct(&ENVELOPE),
    "common" | "types" => Shape::MapOf(&NODE),
    "names" => Shape::MapOf(&COMPOUND),
    "events" => Shape::MapOf(&EVENT),
    "signing" => Shape::Struct(&SIGNING),
    _ => Shape::Any,
});
static IDENTITY: Keys = Keys::of("in `identity`", fields_of::<RawIdentity>, |_| {
    Shape::Struct(&PLACE)
});
static PLACE: Keys = Keys::of("in an identity place", fields_of::<RawPlace>, none);
static COMPOUND: Keys = Keys::of("in an entry of `names`", fields_of::<RawCompound>, none);
static ENVELOPE: Keys = Keys::of("in `envelope`", fields_of::<RawEnvelope>, |key| match key {
    "fields" => Shape::MapOf(&NODE),
    _ => Shape::Any,
});
static NODE: Keys = Keys::of(
    "in a field or type",
    fields_of::<RawNode>,
    |key| match key {
        "fields" => Shape::MapOf(&NODE),
        "items" => Shape::Struct(&NODE),
        "variants" => Shape::SeqOf(&NODE),
        "values" => Shape::SeqOf(&ENUM_VALUE),
        _ => Shape::Any,
    },
);
static ENUM_VALUE: Keys = Keys::of("in an enum value", fields_of::<RawEnumValueMap>, none);
static EVENT: Keys = Keys::of("in an event", fields_of::<RawEvent>, |key| match key {
    "payload" => Shape::Struct(&NODE),
    "examples" => Shape::SeqOf(&EXAMPLE),
    _ => Shape::Any,
});
static EXAMPLE: Keys = Keys::of("in an example", fields_of::<RawExample>, none);
static SIGNING: Keys = Keys::of("in `signing`", fields_of::<RawSigning>, |key| match key {
    "idempotency_key" => Shape::Struct(&IDEMPOTENCY_KEY),
    _ => Shape::Any,
});
static IDEMPOTENCY_KEY: Keys =
    Keys::of("in `idempotency_key`", fields_of::<RawIdempotencyKey>, none);

/// Walks one value, checking the keys of every mapping in it against its shape.
struct Check<'a> {
    shape: Shape,
    file: &'a Path,
    problems: &'a mut Vec<Diagnostic>,
}

impl Check<'_> {
    fn under(&mut self, shape: Shape) -> Check<'_> {
        Check {
            shape,
            file: self.file,
            problems: self.problems,
        }
    }

    fn unknown(&mut self, key: &Spanned<String>, keys: &Keys) {
        let allowed = keys.names();
        let help = match did_you_mean(&key.value, allowed.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "the keys here are {}",
                allowed
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.problems.push(
            Diagnostic::at(
                self.file,
                &key.referenced,
                format!("unknown key `{}` {}", key.value, keys.place),
            )
            .with_help(help),
        );
    }

    fn duplicate(&mut self, key: &Spanned<String>, first: &Location) {
        self.problems.push(
            Diagnostic::at(
                self.file,
                &key.referenced,
                format!("duplicate key `{}`", key.value),
            )
            .with_related(Related::at(first, "first defined here"))
            .with_help("a key appears once in a mapping; remove or rename one of them"),
        );
    }
}

impl<'de> DeserializeSeed<'de> for Check<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("YAML")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let element = match self.shape {
            Shape::SeqOf(keys) => Shape::Struct(keys),
            _ => Shape::Any,
        };
        while seq.next_element_seed(self.under(element))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut seen: HashMap<String, Location> = HashMap::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            if let Some(first) = seen.get(&key.value) {
                let first = *first;
                self.duplicate(&key, &first);
            } else {
                seen.insert(key.value.clone(), key.referenced);
            }
            let child = match self.shape {
                Shape::Struct(keys) => {
                    if keys.names().contains(&key.value.as_str()) {
                        (keys.child)(&key.value)
                    } else {
                        self.unknown(&key, keys);
                        Shape::Any
                    }
                }
                Shape::MapOf(keys) => Shape::Struct(keys),
                Shape::SeqOf(_) | Shape::Any => Shape::Any,
            };
            map.next_value_seed(self.under(child))?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!name ...`): its tag is the type's business, its value is walked.
        let (_tag, variant) = data.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// The keys serde derived for a raw type: its `Deserialize` hands them to
/// `deserialize_struct`, which this probe records (and then declines to deserialize).
fn fields_of<T: Deserialize<'static>>() -> &'static [&'static str] {
    let mut probe = Probe(&[]);
    // The probe always declines: what matters is what it recorded on the way.
    let _declined = T::deserialize(&mut probe);
    probe.0
}

struct Probe(&'static [&'static str]);

impl<'de> Deserializer<'de> for &mut Probe {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("probed"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_come_from_the_raw_types() {
        assert_eq!(
            fields_of::<RawExample>(),
            ["documented", "corrected", "note"]
        );
        assert!(
            NODE.names().contains(&"type"),
            "renamed keys keep their YAML name"
        );
        assert!(ENVELOPE.names().contains(&"match"));
    }

    #[test]
    fn every_nested_shape_is_under_a_key_its_type_takes() {
        let nested = [
            (
                &SPEC,
                [
                    "identity", "envelope", "common", "types", "names", "events", "signing",
                ]
                .as_slice(),
            ),
            (&ENVELOPE, &["fields"]),
            (&NODE, &["fields", "items", "variants", "values"]),
            (&EVENT, &["payload", "examples"]),
            (&SIGNING, &["idempotency_key"]),
        ];
        for (keys, names) in nested {
            for name in names {
                assert!(keys.names().contains(name), "{name} {}", keys.place);
                assert!(!matches!((keys.child)(name), Shape::Any), "{name}");
            }
        }
    }
}
