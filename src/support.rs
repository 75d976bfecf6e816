//! Helpers the generated code calls. Crate-private: the generated modules live in this crate.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
};
use serde_json::Value;

use crate::{ParseError, Payload, UnknownEvent};

/// An object key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CowStrVisitor).map(Key)
    }
}

struct CowStrVisitor;

impl<'de> Visitor<'de> for CowStrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

/// Stores a member's value, rejecting a second occurrence of the same key.
pub(crate) fn put<T, E: de::Error>(
    slot: &mut Option<T>,
    key: &'static str,
    value: T,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(key));
    }
    *slot = Some(value);
    Ok(())
}

/// The value of a member that must be present.
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// The payload member's value, or the payload's stand-in for absence.
pub(crate) fn payload<P: Payload, E: de::Error>(
    slot: Option<P>,
    key: &'static str,
) -> Result<P, E> {
    match slot {
        Some(payload) => Ok(payload),
        None => P::missing().ok_or_else(|| E::missing_field(key)),
    }
}

/// Reads a payload member through [`Payload::deserialize_present`].
pub(crate) struct PayloadSeed<P>(PhantomData<P>);

impl<P> PayloadSeed<P> {
    pub(crate) fn new() -> Self {
        PayloadSeed(PhantomData)
    }
}

impl<'de, P: Payload> DeserializeSeed<'de> for PayloadSeed<P> {
    type Value = P;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<P, D::Error> {
        P::deserialize_present(deserializer)
    }
}

/// Deserializes a string (borrowed when possible) into an open enum.
pub(crate) fn deserialize_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer
        .deserialize_str(CowStrVisitor)
        .map(|text| T::from(&text))
}

/// Where a delivery is read from: a body on the hot path, or an already-parsed JSON value.
///
/// Generated dispatch code first reads the event-name members with [`Source::names`], then the
/// whole delivery as the matching concrete type, so no intermediate tree is built for bodies.
pub(crate) trait Source {
    /// The string values of the top-level members `keys` (`None` where absent).
    fn names<const N: usize>(
        &self,
        keys: [&'static str; N],
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError>;

    /// The whole delivery as `T`.
    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError>;

    /// The whole delivery as an unknown event named `name`.
    fn unknown(&self, name: &str) -> Result<UnknownEvent, ParseError> {
        self.read()
            .map(|json| UnknownEvent::new(name.to_owned(), json))
    }
}

/// A delivery body.
pub(crate) struct Body<'a>(pub(crate) &'a [u8]);

impl<'a> Body<'a> {
    /// Runs `seed` over the whole body. Path tracking costs on every value and errors are
    /// rare, so the body is read untracked, and only a failure is read again, tracked, to
    /// name the path where it failed.
    fn run<S: DeserializeSeed<'a> + Copy>(&self, seed: S) -> Result<S::Value, ParseError> {
        let mut deserializer = serde_json::Deserializer::from_slice(self.0);
        let untracked = seed.deserialize(&mut deserializer);
        if let Ok(value) = untracked
            && deserializer.end().is_ok()
        {
            return Ok(value);
        }
        let mut deserializer = serde_json::Deserializer::from_slice(self.0);
        let value = tracked(&mut deserializer, seed)?;
        deserializer.end().map_err(ParseError::from_json)?;
        Ok(value)
    }
}

impl Source for Body<'_> {
    fn names<const N: usize>(
        &self,
        keys: [&'static str; N],
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError> {
        self.run(NamesSeed { keys })
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        self.run(PhantomData::<T>)
    }
}

impl Source for Value {
    fn names<const N: usize>(
        &self,
        keys: [&'static str; N],
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError> {
        tracked(self, NamesSeed { keys })
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        tracked(self, PhantomData::<T>)
    }
}

/// Runs `seed` on `deserializer`, recording the JSON path of a failure.
fn tracked<'de, D, S>(deserializer: D, seed: S) -> Result<S::Value, ParseError>
where
    D: Deserializer<'de, Error = serde_json::Error>,
    S: DeserializeSeed<'de>,
{
    let mut track = serde_path_to_error::Track::new();
    seed.deserialize(serde_path_to_error::Deserializer::new(
        deserializer,
        &mut track,
    ))
    .map_err(|error| serde_path_to_error::Error::new(track.path(), error).into())
}

/// Reads only the named top-level string members of an object, skipping everything else
/// without building it.
#[derive(Clone, Copy)]
struct NamesSeed<const N: usize> {
    keys: [&'static str; N],
}

impl<'de, const N: usize> DeserializeSeed<'de> for NamesSeed<N> {
    type Value = [Option<Cow<'de, str>>; N];

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for NamesSeed<N> {
    type Value = [Option<Cow<'de, str>>; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut names = [const { None }; N];
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let slot = (self.keys.iter().zip(names.iter_mut()))
                .find(|(wanted, _)| **wanted == key.as_str());
            match slot {
                Some((wanted, slot)) => put(slot, wanted, map.next_value::<Key<'de>>()?.0)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(names)
    }
}
