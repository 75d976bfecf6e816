//! Helpers the generated code calls. Not a public API: reachable as `hookspec::__private` only
//! so that vendor modules generated into other crates (such as test fixtures) compile too.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, CowStrDeserializer, F64Deserializer,
    I64Deserializer, MapAccessDeserializer, SeqAccessDeserializer, StringDeserializer,
    U64Deserializer, UnitDeserializer,
};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

pub use crate::erased::{Error as ReadError, Members, Struct, object};
use crate::{ParseError, Payload, UnknownEvent, UnknownValue};

/// An object key, borrowed from the input when it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
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

/// Writes an optional member only when it is present (`Some`); a nullable one present as
/// `null` is `Some(None)` and is written as `null`.
pub fn present<M: serde::ser::SerializeMap, T: serde::Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// The value of a member that must be present.
pub fn required<T: DeserializeOwned, E: de::Error>(
    slot: Option<T>,
    key: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => absent(key),
    }
}

/// A required member is absent: an error, unless a placeholder object is being built for a
/// tolerant member (`hookspec::drift`), whose strict members are placeholders too.
#[cold]
fn absent<T: DeserializeOwned, E: de::Error>(key: &'static str) -> Result<T, E> {
    if crate::drift::placeholding()
        && let Some(blank) = crate::drift::placeholder()
    {
        return Ok(blank);
    }
    Err(E::missing_field(key))
}

/// The first of a struct's member errors (in member order), when building it failed.
#[cold]
pub fn first_error(errors: &mut [Option<ReadError>]) -> ReadError {
    errors
        .iter_mut()
        .find_map(Option::take)
        .unwrap_or_else(|| de::Error::custom("hookspec: a struct failed without an error"))
}

/// The payload member's value, or the payload's stand-in for absence.
pub fn payload<P: Payload, E: de::Error>(slot: Option<P>, key: &'static str) -> Result<P, E> {
    match slot {
        Some(payload) => Ok(payload),
        None => P::missing().ok_or_else(|| E::missing_field(key)),
    }
}

/// Reads a payload member through [`Payload::deserialize_present`].
pub struct PayloadSeed<P>(PhantomData<P>);

impl<P> PayloadSeed<P> {
    /// The seed.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
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
pub fn deserialize_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer
        .deserialize_str(CowStrVisitor)
        .map(|text| T::from(&text))
}

/// An open enum's value that the spec does not list.
pub fn unknown_value(value: &str) -> UnknownValue {
    UnknownValue::new(value)
}

/// `name.sub`, or `name` alone when there is no sub-name.
pub fn compound_name(name: &str, sub: Option<&str>) -> String {
    match sub {
        Some(sub) => format!("{name}.{sub}"),
        None => name.to_owned(),
    }
}

/// The single value of header `name` (matched case-insensitively).
pub fn header<'h>(
    headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
    name: &'static str,
) -> Result<&'h str, ParseError> {
    let mut found = headers
        .into_iter()
        .filter(|(candidate, _)| candidate.eq_ignore_ascii_case(name));
    let Some((_, value)) = found.next() else {
        return Err(ParseError::header(name, "is missing"));
    };
    if found.next().is_some() {
        return Err(ParseError::header(name, "appears more than once"));
    }
    std::str::from_utf8(value).map_err(|_| ParseError::header(name, "is not valid UTF-8"))
}

/// Where a delivery is read from: a body on the hot path, or an already-parsed JSON value.
///
/// Generated dispatch code first reads the members that name the event with
/// [`Source::names`], then the whole delivery as the matching concrete type, so no
/// intermediate tree is built for bodies.
pub trait Source {
    /// The string values of the members at `paths` (each a list of keys from the top-level
    /// object down), `None` where absent. The first `strict` paths must hold strings (they
    /// name the event); the others read as `None` when they hold anything else (a sub-name
    /// member that an event without sub-names may use for something else).
    fn names<const N: usize>(
        &self,
        paths: [&'static [&'static str]; N],
        strict: usize,
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError>;

    /// The whole delivery as `T`.
    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError>;

    /// The whole delivery as an unknown event named `name`.
    fn unknown(&self, name: String) -> Result<UnknownEvent, ParseError> {
        self.read().map(|json| UnknownEvent::new(name, json))
    }
}

/// A vendor's `Event`: how it reads a delivery from any [`Source`] (generated).
pub trait Dispatch: Sized {
    /// Reads the members that name the event from `source`, then the delivery as that event.
    /// `name` is the header's event name for vendors that name events in a header (empty and
    /// unused for the others).
    fn from_source<S: Source>(name: &str, source: &S) -> Result<Self, ParseError>;
}

/// Parses a delivery body in one pass where it can. Inside the top-level object the members
/// that name the event are read where they come, the members before them kept as borrowed raw
/// JSON (not built into a tree); then the event's type reads the kept members and the rest of
/// the object straight from the body. When anything fails, the body is read again the careful
/// way ([`Body`]: the names, then the type, tracking the JSON path), so errors are exactly
/// those of a two-pass read.
///
/// The body is checked to be UTF-8 once, up front, so that strings are not checked again one
/// by one.
pub fn parse_body<E: Dispatch>(name: &str, body: &[u8]) -> Result<E, ParseError> {
    if let Ok(text) = std::str::from_utf8(body) {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let one_pass = deserializer.deserialize_map(OnePass::<E> {
            name,
            event: PhantomData,
        });
        if let Ok(event) = one_pass
            && deserializer.end().is_ok()
        {
            return Ok(event);
        }
    }
    E::from_source(name, &Body(body))
}

/// The top-level object's visitor: dispatch runs inside it, on the live object.
struct OnePass<'n, E> {
    name: &'n str,
    event: PhantomData<E>,
}

impl<'de, E: Dispatch> Visitor<'de> for OnePass<'_, E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<E, A::Error> {
        let live = Live {
            state: RefCell::new(LiveState {
                map: Some(map),
                kept: Inline::new(),
                watched: Inline::new(),
                ended: false,
            }),
        };
        E::from_source(self.name, &live).map_err(de::Error::custom)
    }
}

/// The top-level object being read: [`Source::names`] reads members up to the last name
/// member, keeping them raw; [`Source::read`] reads the kept members and then the rest.
struct Live<'de, A> {
    state: RefCell<LiveState<'de, A>>,
}

struct LiveState<'de, A> {
    /// The object's remaining members; `None` once [`Source::read`] has taken them.
    map: Option<A>,
    /// Members read while looking for the names, in order.
    kept: Inline<(Cow<'de, str>, &'de RawValue), 8>,
    /// The top-level members that name the event: seen once already, so a second one is a
    /// duplicate.
    watched: Inline<&'static str, 4>,
    /// Whether the object's end was reached.
    ended: bool,
}

fn already_read() -> ParseError {
    fast("the object was read already")
}

/// The fast path's errors are only a signal to read again the careful way.
fn fast<E: fmt::Display>(error: E) -> ParseError {
    ParseError::at_root(error)
}

impl<'de, A: MapAccess<'de>> Source for Live<'de, A> {
    fn names<const N: usize>(
        &self,
        paths: [&'static [&'static str]; N],
        strict: usize,
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError> {
        let mut state = self.state.borrow_mut();
        let LiveState {
            map,
            kept,
            watched,
            ended,
        } = &mut *state;
        let map = map.as_mut().ok_or_else(already_read)?;
        let mut names: [Option<Cow<'de, str>>; N] = [const { None }; N];
        for path in &paths {
            if let Some(first) = path.first()
                && !watched.contains(first)
            {
                watched.push(first);
            }
        }
        let mut seen: Inline<&'static str, 4> = Inline::new();
        while names.iter().any(Option::is_none) {
            let Some(key) = map.next_key::<Key<'de>>().map_err(fast)? else {
                *ended = true;
                break;
            };
            let raw: &'de RawValue = map.next_value().map_err(fast)?;
            if let Some(member) = watched.iter().find(|member| **member == key.as_str()) {
                if seen.contains(member) {
                    return Err(fast("a member that names the event appears twice"));
                }
                seen.push(member);
                for (index, path) in paths.iter().enumerate() {
                    if path.first() != Some(member) {
                        continue;
                    }
                    let found = if path.len() == 1 {
                        if index < strict {
                            Some(serde_json::from_str::<Key<'de>>(raw.get()).map_err(fast)?.0)
                        } else {
                            serde_json::from_str::<MaybeStr<'de>>(raw.get())
                                .map_err(fast)?
                                .0
                        }
                    } else {
                        let mut inner = serde_json::Deserializer::from_str(raw.get());
                        let nested = NamesSeed {
                            paths: &[path],
                            strict: usize::from(index < strict),
                            depth: 1,
                        }
                        .deserialize(&mut inner)
                        .map_err(fast)?;
                        let [found] = nested;
                        found
                    };
                    names[index] = found;
                }
            }
            kept.push((key.0, raw));
        }
        Ok(names)
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        let mut state = self.state.borrow_mut();
        let LiveState {
            map,
            kept,
            watched,
            ended,
        } = &mut *state;
        // Taken, so that a second read is an error, not a read of what the first one left.
        let mut map = map.take().ok_or_else(already_read)?;
        // The kept members are borrowed, not moved: they stay where they are.
        let replay = Replay {
            kept: kept.drain(),
            pending: None,
            rest: &mut map,
            watched,
            ended: *ended,
        };
        T::deserialize(MapAccessDeserializer::new(replay)).map_err(fast)
    }
}

/// The object again for the event's type: the kept members, then the rest of it.
struct Replay<'s, 'de, A> {
    kept: Drain<'s, (Cow<'de, str>, &'de RawValue), 8>,
    /// The kept value of the key just given.
    pending: Option<&'de RawValue>,
    rest: &'s mut A,
    watched: &'s Inline<&'static str, 4>,
    ended: bool,
}

/// Up to `CAP` items kept without allocating (the usual case: a few members before the name);
/// more go to a `Vec`.
struct Inline<T, const CAP: usize> {
    head: [Option<T>; CAP],
    len: usize,
    tail: Vec<T>,
}

impl<T, const CAP: usize> Inline<T, CAP> {
    fn new() -> Self {
        Inline {
            head: [const { None }; CAP],
            len: 0,
            tail: Vec::new(),
        }
    }

    fn push(&mut self, item: T) {
        match self.head.get_mut(self.len) {
            Some(slot) => *slot = Some(item),
            None => self.tail.push(item),
        }
        self.len += 1;
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.head.iter().flatten().chain(&self.tail)
    }

    /// Takes the items out in order, leaving the list empty.
    fn drain(&mut self) -> Drain<'_, T, CAP> {
        self.len = 0;
        Drain {
            head: self.head.iter_mut(),
            tail: self.tail.drain(..),
        }
    }
}

impl<T: PartialEq, const CAP: usize> Inline<T, CAP> {
    fn contains(&self, item: &T) -> bool {
        self.iter().any(|kept| kept == item)
    }
}

/// An [`Inline`]'s items, taken out in order.
struct Drain<'a, T, const CAP: usize> {
    head: std::slice::IterMut<'a, Option<T>>,
    tail: std::vec::Drain<'a, T>,
}

impl<T, const CAP: usize> Iterator for Drain<'_, T, CAP> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match self.head.next().map(Option::take) {
            Some(Some(item)) => Some(item),
            Some(None) | None => self.tail.next(),
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        if let Some((key, raw)) = self.kept.next() {
            self.pending = Some(raw);
            return seed.deserialize(CowStrDeserializer::new(key)).map(Some);
        }
        if self.ended {
            return Ok(None);
        }
        let Some(key) = self.rest.next_key::<Key<'de>>()? else {
            self.ended = true;
            return Ok(None);
        };
        if let Some(member) = self.watched.iter().find(|member| **member == key.as_str()) {
            return Err(de::Error::duplicate_field(member));
        }
        seed.deserialize(CowStrDeserializer::new(key.0)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.pending.take() {
            Some(raw) => {
                let mut deserializer = serde_json::Deserializer::from_str(raw.get());
                let value = seed
                    .deserialize(&mut deserializer)
                    .map_err(de::Error::custom)?;
                deserializer.end().map_err(de::Error::custom)?;
                Ok(value)
            }
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A delivery body.
pub struct Body<'a>(pub &'a [u8]);

impl<'a> Body<'a> {
    /// Runs the seed `make` gives over the whole body. Path tracking costs on every value and
    /// errors are rare, so the body is read untracked, and only a failure is read again,
    /// tracked, to name the path where it failed.
    ///
    /// The untracked read is of the body as `&str`, the reader the one-pass dispatch uses, so
    /// that every generated visitor is compiled for one reader fewer (compile time is members
    /// × readers, per struct). A body that is not UTF-8 (rare, and an error for any type that
    /// reads its strings) goes straight to the tracked read, which gives the same value or
    /// error, only slower.
    fn run<S: DeserializeSeed<'a>>(&self, make: impl Fn() -> S) -> Result<S::Value, ParseError> {
        if let Ok(text) = std::str::from_utf8(self.0) {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let untracked = make().deserialize(&mut deserializer);
            if let Ok(value) = untracked
                && deserializer.end().is_ok()
            {
                return Ok(value);
            }
        }
        let mut deserializer = serde_json::Deserializer::from_slice(self.0);
        let value = tracked(&mut deserializer, make())?;
        deserializer.end().map_err(ParseError::from_json)?;
        Ok(value)
    }
}

impl Source for Body<'_> {
    fn names<const N: usize>(
        &self,
        paths: [&'static [&'static str]; N],
        strict: usize,
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError> {
        self.run(|| NamesSeed {
            paths: &paths,
            strict,
            depth: 0,
        })
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        self.run(PhantomData::<T>::default)
    }
}

impl Source for Value {
    fn names<const N: usize>(
        &self,
        paths: [&'static [&'static str]; N],
        strict: usize,
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError> {
        tracked(
            self,
            NamesSeed {
                paths: &paths,
                strict,
                depth: 0,
            },
        )
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

/// Reads only the string members at `paths` (below the object at `depth` keys down), skipping
/// everything else without building it.
struct NamesSeed<'p, const N: usize> {
    paths: &'p [&'static [&'static str]; N],
    strict: usize,
    depth: usize,
}

impl<'de, const N: usize> DeserializeSeed<'de> for NamesSeed<'_, N> {
    type Value = [Option<Cow<'de, str>>; N];

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for NamesSeed<'_, N> {
    type Value = [Option<Cow<'de, str>>; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut names = [const { None }; N];
        let mut nested_seen: Vec<&'static str> = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            // A path ending here is a name; a path going deeper makes this member an object
            // to read into.
            let ending = (self.paths.iter().zip(names.iter_mut()).enumerate())
                .find(|(_, (path, _))| path.len() == self.depth + 1 && path[self.depth] == key);
            if let Some((index, (path, slot))) = ending {
                let member = path[self.depth];
                if slot.is_some() {
                    return Err(de::Error::duplicate_field(member));
                }
                if index < self.strict {
                    *slot = Some(map.next_value::<Key<'de>>()?.0);
                } else {
                    *slot = map.next_value::<MaybeStr<'de>>()?.0;
                }
                continue;
            }
            let deeper = self
                .paths
                .iter()
                .find(|path| path.len() > self.depth + 1 && path[self.depth] == key);
            match deeper {
                Some(path) => {
                    let member = path[self.depth];
                    if nested_seen.contains(&member) {
                        return Err(de::Error::duplicate_field(member));
                    }
                    nested_seen.push(member);
                    let inner = map.next_value_seed(NamesSeed {
                        paths: self.paths,
                        strict: self.strict,
                        depth: self.depth + 1,
                    })?;
                    for (slot, found) in names.iter_mut().zip(inner) {
                        if found.is_some() {
                            *slot = found;
                        }
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(names)
    }
}

/// A string value, or `None` for any other JSON value (skipped without being built).
struct MaybeStr<'de>(Option<Cow<'de, str>>);

impl<'de> de::Deserialize<'de> for MaybeStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MaybeStrVisitor)
    }
}

struct MaybeStrVisitor;

impl<'de> Visitor<'de> for MaybeStrVisitor {
    type Value = MaybeStr<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(MaybeStr(Some(Cow::Borrowed(value))))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(MaybeStr(Some(Cow::Owned(value.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(MaybeStr(Some(Cow::Owned(value))))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(MaybeStr(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(MaybeStr(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(MaybeStr(None))
    }
}

/// The JSON kind of a value a union reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number without fraction or exponent.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A generated union: reads a value once its JSON kind is known.
pub trait Union: Sized {
    /// The kinds it takes in JSON terms, for errors: "an integer or a string".
    const EXPECTING: &'static str;

    /// Reads `value` as the variant its kind (and, for objects, tag or keys) selects.
    fn read<'de, V: UnionValue<'de>>(value: V) -> Result<Self, V::Error>;
}

/// A value whose JSON kind is known and which has not been read yet.
pub trait UnionValue<'de>: Sized {
    /// The deserializer's error.
    type Error: de::Error;

    /// Its JSON kind.
    fn kind(&self) -> Kind;

    /// Reads it as `T`.
    fn read<T: DeserializeOwned>(self) -> Result<T, Self::Error>;

    /// Reads an object whole, to look at its tag or keys before choosing a variant.
    fn object(self) -> Result<Object, Self::Error>;

    /// The error for a value no variant takes.
    fn unexpected(self, expecting: &'static str) -> Self::Error;
}

/// Deserializes a generated union through [`Union::read`].
pub fn deserialize_union<'de, D: Deserializer<'de>, U: Union>(
    deserializer: D,
) -> Result<U, D::Error> {
    deserializer.deserialize_any(UnionVisitor(PhantomData))
}

struct UnionVisitor<U>(PhantomData<U>);

impl<'de, U: Union> Visitor<'de> for UnionVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(U::EXPECTING)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::I64(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::U64(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::F64(value)))
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::Str(Cow::Borrowed(value))))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::Str(Cow::Owned(value.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::Str(Cow::Owned(value))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<U, E> {
        U::read(Scalar::<E>::new(Plain::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<U, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<U, A::Error> {
        U::read(Sequence(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<U, A::Error> {
        U::read(UnionMembers(map))
    }
}

enum Plain<'de> {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(Cow<'de, str>),
}

/// A scalar a union reads.
struct Scalar<'de, E> {
    value: Plain<'de>,
    error: PhantomData<E>,
}

impl<'de, E> Scalar<'de, E> {
    fn new(value: Plain<'de>) -> Self {
        Scalar {
            value,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> UnionValue<'de> for Scalar<'de, E> {
    type Error = E;

    fn kind(&self) -> Kind {
        match self.value {
            Plain::Null => Kind::Null,
            Plain::Bool(_) => Kind::Bool,
            Plain::I64(_) | Plain::U64(_) => Kind::Integer,
            Plain::F64(_) => Kind::Number,
            Plain::Str(_) => Kind::String,
        }
    }

    fn read<T: DeserializeOwned>(self) -> Result<T, E> {
        match self.value {
            Plain::Null => T::deserialize(UnitDeserializer::<E>::new()),
            Plain::Bool(value) => T::deserialize(BoolDeserializer::<E>::new(value)),
            Plain::I64(value) => T::deserialize(I64Deserializer::<E>::new(value)),
            Plain::U64(value) => T::deserialize(U64Deserializer::<E>::new(value)),
            Plain::F64(value) => T::deserialize(F64Deserializer::<E>::new(value)),
            Plain::Str(Cow::Borrowed(text)) => {
                T::deserialize(BorrowedStrDeserializer::<E>::new(text))
            }
            Plain::Str(Cow::Owned(text)) => T::deserialize(StringDeserializer::<E>::new(text)),
        }
    }

    fn object(self) -> Result<Object, E> {
        Err(self.unexpected("an object"))
    }

    fn unexpected(self, expecting: &'static str) -> E {
        let unexpected = match &self.value {
            Plain::Null => Unexpected::Unit,
            Plain::Bool(value) => Unexpected::Bool(*value),
            Plain::I64(value) => Unexpected::Signed(*value),
            Plain::U64(value) => Unexpected::Unsigned(*value),
            Plain::F64(value) => Unexpected::Float(*value),
            Plain::Str(text) => Unexpected::Str(text),
        };
        E::invalid_type(unexpected, &expecting)
    }
}

/// An array a union reads.
struct Sequence<A>(A);

impl<'de, A: SeqAccess<'de>> UnionValue<'de> for Sequence<A> {
    type Error = A::Error;

    fn kind(&self) -> Kind {
        Kind::Array
    }

    fn read<T: DeserializeOwned>(self) -> Result<T, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(self.0))
    }

    fn object(self) -> Result<Object, A::Error> {
        Err(self.unexpected("an object"))
    }

    fn unexpected(self, expecting: &'static str) -> A::Error {
        de::Error::invalid_type(Unexpected::Seq, &expecting)
    }
}

/// An object a union reads.
struct UnionMembers<A>(A);

impl<'de, A: MapAccess<'de>> UnionValue<'de> for UnionMembers<A> {
    type Error = A::Error;

    fn kind(&self) -> Kind {
        Kind::Object
    }

    fn read<T: DeserializeOwned>(self) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(self.0))
    }

    fn object(mut self) -> Result<Object, A::Error> {
        let mut members = Map::new();
        while let Some(key) = self.0.next_key::<Key<'de>>()? {
            let value: Value = self.0.next_value()?;
            if members.insert(key.as_str().to_owned(), value).is_some() {
                return Err(de::Error::custom(format_args!(
                    "duplicate member `{}`",
                    key.as_str()
                )));
            }
        }
        Ok(Object(members))
    }

    fn unexpected(self, expecting: &'static str) -> A::Error {
        de::Error::invalid_type(Unexpected::Map, &expecting)
    }
}

/// An object read whole so that a union can choose its variant by a tag member or a key.
pub struct Object(Map<String, Value>);

impl Object {
    /// The string value of member `tag`, if it has one.
    pub fn tag(&self, tag: &str) -> Option<&str> {
        self.0.get(tag).and_then(Value::as_str)
    }

    /// Whether the object has member `key`.
    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Reads the object as `T`; an error names the path inside the object.
    pub fn read<T: DeserializeOwned, E: de::Error>(self) -> Result<T, E> {
        serde_path_to_error::deserialize(Value::Object(self.0)).map_err(|error| {
            let path = error.path().to_string();
            let inner = crate::error::in_json_terms(&error.into_inner().to_string());
            if path == "." {
                E::custom(inner)
            } else {
                E::custom(format_args!("{path}: {inner}"))
            }
        })
    }

    /// The object as JSON, for an open union's `Other`.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    /// The error for an object no variant takes; `wanted` says what would fit.
    pub fn fits_no_variant<E: de::Error>(self, wanted: &str) -> E {
        E::custom(format_args!(
            "no variant fits this object; expected {wanted}"
        ))
    }
}
