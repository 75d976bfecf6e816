//! The floor of any owned, typed parse: a reader that walks the JSON and owns what a typed
//! struct with owned strings must own (every string value as a `String`, every number parsed),
//! and nothing else (keys are matched, not kept; no struct, `Option`, `Vec` or map is built).
//! No parse that hands out owned strings can be faster than this on the same bytes; how far
//! `parse` is above it is the cost of the typed structure itself (the structs, the dispatch on
//! member names, keeping unknown members, recording drift).

use std::fmt;
use std::hint::black_box;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What the floor reader reads a JSON value into: nothing, once every string is owned.
pub struct Owned;

impl<'de> Deserialize<'de> for Owned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OwnedVisitor)
    }
}

struct OwnedVisitor;

impl<'de> Visitor<'de> for OwnedVisitor {
    type Value = Owned;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Owned, E> {
        black_box(value);
        Ok(Owned)
    }

    fn visit_i64<E>(self, value: i64) -> Result<Owned, E> {
        black_box(value);
        Ok(Owned)
    }

    fn visit_u64<E>(self, value: u64) -> Result<Owned, E> {
        black_box(value);
        Ok(Owned)
    }

    fn visit_f64<E>(self, value: f64) -> Result<Owned, E> {
        black_box(value);
        Ok(Owned)
    }

    fn visit_str<E>(self, value: &str) -> Result<Owned, E> {
        black_box(value.to_owned());
        Ok(Owned)
    }

    fn visit_unit<E>(self) -> Result<Owned, E> {
        Ok(Owned)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Owned, A::Error> {
        while seq.next_element::<Owned>()?.is_some() {}
        Ok(Owned)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Owned, A::Error> {
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value::<Owned>()?;
        }
        Ok(Owned)
    }
}
