//! Helpers the generated code calls. Not a public API: reachable as `hookspec::__private` only
//! so that vendor modules generated into other crates (such as test fixtures) compile too.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;

use memchr::memmem;
use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StringDeserializer, U64Deserializer,
    UnitDeserializer,
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
    /// Whether every event type `from_source` reads after [`Source::names`] is a struct
    /// declaring each top-level member the names come from: reading it then refuses a second
    /// occurrence of a name member, so the fast read need not look for one itself. The
    /// generator sets it from the spec; `false` is always safe.
    const DECLARES_NAMES: bool = false;

    /// Reads the members that name the event from `source`, then the delivery as that event.
    /// `name` is the header's event name for vendors that name events in a header (empty and
    /// unused for the others).
    fn from_source<S: Source>(name: &str, source: &S) -> Result<Self, ParseError>;
}

/// Parses a delivery body, the fast way where it can: `Skim` finds the members that name
/// the event by skimming the top-level object only as far as the last of them, then the
/// event's type reads the whole body straight from the text, the same way it reads a body whose
/// name came in a header. When anything fails, the body is read again the careful way
/// ([`Body`]: the names, then the type, tracking the JSON path), so errors are exactly those of
/// a two-pass read.
///
/// The body is checked to be UTF-8 once, up front, so that strings are not checked again one
/// by one.
pub fn parse_body<E: Dispatch>(name: &str, body: &[u8]) -> Result<E, ParseError> {
    if let Ok(text) = std::str::from_utf8(body)
        && let Ok(event) = E::from_source(name, &Skim::new(text, E::DECLARES_NAMES))
    {
        return Ok(event);
    }
    E::from_source(name, &Body(body))
}

/// The fast reading of a UTF-8 body.
///
/// [`Source::names`] reads the top-level object's members up to the last one that names the
/// event, skipping the others without building them, and stops there: a name-first body costs
/// the few bytes up to its name. Stopping early must not let a second occurrence of a name
/// member through (the careful read rejects it), so it stops only when the rest of the text
/// cannot hold one: it holds none of the name members' keys as written (`"type"`), and no
/// escape that could spell one; otherwise it skims to the end of the object, checking.
/// [`Source::read`] then reads the whole text into the event's type.
///
/// When the event types declare the name members ([`Dispatch::DECLARES_NAMES`]), their read
/// refuses a repeat itself, so the skim stops at the last name at once; only an unknown event
/// (read as JSON, which keeps the last of repeated members) is checked, in [`Source::unknown`].
struct Skim<'a> {
    text: &'a str,
    declared: bool,
    /// The check the skim left to [`Source::unknown`]: where the skim stopped and the members
    /// that must not occur again.
    deferred: Cell<Option<Deferred>>,
}

/// The most name members whose repeat check [`Skim`] defers (more are checked at once).
const DEFERRED_MEMBERS: usize = 4;

/// A repeat check left for later: see [`may_repeat`].
#[derive(Clone, Copy)]
struct Deferred {
    end: Option<usize>,
    seen: [Option<&'static str>; DEFERRED_MEMBERS],
}

impl<'a> Skim<'a> {
    fn new(text: &'a str, declared: bool) -> Self {
        Skim {
            text,
            declared,
            deferred: Cell::new(None),
        }
    }
}

/// The fast read's errors are only a signal to read again the careful way.
fn fast<E: fmt::Display>(error: E) -> ParseError {
    ParseError::at_root(error)
}

impl Source for Skim<'_> {
    fn names<const N: usize>(
        &self,
        paths: [&'static [&'static str]; N],
        strict: usize,
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError> {
        if self.declared
            && let Some((names, deferred)) = leading_names(self.text, &paths)
        {
            self.deferred.set(Some(deferred));
            return Ok(names);
        }
        let mut names = None;
        let mut deserializer = serde_json::Deserializer::from_str(self.text);
        let skimmed = deserializer.deserialize_map(SkimNames {
            text: self.text,
            paths: &paths,
            strict,
            defer: self.declared.then_some(&self.deferred),
            names: &mut names,
        });
        // Stopping early leaves the object unfinished, which the deserializer reports as an
        // error: the names are what counts (the read checks the whole text).
        match (names, skimmed) {
            (Some(names), _) => Ok(names),
            (None, Err(error)) => Err(fast(error)),
            (None, Ok(())) => Err(fast("the body is not an object")),
        }
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        let mut deserializer = serde_json::Deserializer::from_str(self.text);
        let value = T::deserialize(&mut deserializer).map_err(fast)?;
        deserializer.end().map_err(fast)?;
        Ok(value)
    }

    fn unknown(&self, name: String) -> Result<UnknownEvent, ParseError> {
        // JSON keeps the last of repeated members: the repeat check the skim deferred is due.
        if let Some(deferred) = self.deferred.take()
            && may_repeat(self.text, deferred.end, &deferred.seen)
        {
            return Err(fast("a name member may occur twice"));
        }
        self.read().map(|json| UnknownEvent::new(name, json))
    }
}

/// [`Skim`]'s visitor of the top-level object: the names go to `names`.
struct SkimNames<'s, 'p, 'de, const N: usize> {
    text: &'de str,
    paths: &'p [&'static [&'static str]; N],
    strict: usize,
    /// Where to leave the repeat check when the event types make it (see [`Skim`]).
    defer: Option<&'s Cell<Option<Deferred>>>,
    names: &'s mut Option<[Option<Cow<'de, str>>; N]>,
}

impl<'de, const N: usize> Visitor<'de> for SkimNames<'_, '_, 'de, N> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut names: [Option<Cow<'de, str>>; N] = [const { None }; N];
        let mut found = [false; N];
        // The top-level members that lead to a name, each seen once at most.
        let mut seen: [Option<&'static str>; N] = [None; N];
        // Set once the rest of the text may repeat a name member: read to the end, checking.
        let mut checking = false;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let Some(member) = self
                .paths
                .iter()
                .find_map(|path| path.first().filter(|first| **first == key.as_str()))
            else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if seen.contains(&Some(member)) {
                return Err(de::Error::duplicate_field(member));
            }
            if let Some(slot) = seen.iter_mut().find(|slot| slot.is_none()) {
                *slot = Some(member);
            }
            // Where the member's value ends in the text, when known.
            let end = match self.only_path(member) {
                // The usual case: the member is the name itself, read where it is.
                Some(index) if self.paths[index].len() == 1 => {
                    found[index] = true;
                    let name = if index < self.strict {
                        Some(map.next_value::<Key<'de>>()?.0)
                    } else {
                        map.next_value::<MaybeStr<'de>>()?.0
                    };
                    // A name read without escapes borrows from the text, where it ends.
                    let end = match &name {
                        Some(Cow::Borrowed(name)) => self.offset(name),
                        _ => None,
                    };
                    names[index] = name;
                    end
                }
                // An object holding names further down, or several paths through the member.
                _ => {
                    let raw: &'de RawValue = map.next_value()?;
                    for (index, path) in self.paths.iter().enumerate() {
                        if path.first() == Some(member) {
                            found[index] = true;
                            names[index] = name_in(raw, path, index < self.strict)
                                .map_err(de::Error::custom)?;
                        }
                    }
                    self.offset(raw.get())
                }
            };
            if !checking && found.iter().all(|found| *found) {
                // Stop here: the event's read or `Source::unknown` checks the rest, or the rest
                // cannot hold a repeat.
                if let Some(defer) = self.defer
                    && let Some(seen) = deferrable(&seen)
                {
                    defer.set(Some(Deferred { end, seen }));
                    break;
                }
                if !may_repeat(self.text, end, &seen) {
                    break;
                }
                checking = true;
            }
        }
        *self.names = Some(names);
        Ok(())
    }
}

impl<const N: usize> SkimNames<'_, '_, '_, N> {
    /// The index of the one path whose first key is `member`, if only one path starts there.
    fn only_path(&self, member: &str) -> Option<usize> {
        let mut starting = (self.paths.iter().enumerate())
            .filter(|(_, path)| path.first() == Some(&member))
            .map(|(index, _)| index);
        let first = starting.next()?;
        starting.next().is_none().then_some(first)
    }

    /// Where `part`, a slice borrowed from the text, ends in it.
    fn offset(&self, part: &str) -> Option<usize> {
        (part.as_ptr() as usize + part.len()).checked_sub(self.text.as_ptr() as usize)
    }
}

/// The names when the top-level object begins with plain members, the names among them: each
/// a key and a string value written without escapes (`"event": "member.deleted"`), the usual
/// shape of a name-first delivery. `None` at anything else (an escape, a value of another
/// type, a path deeper than one member, a name member twice, a name missing), for the
/// deserializer's skim to handle. It reads only those bytes, without building a deserializer
/// or an error for the unfinished object, and leaves the repeat check to the event's read (so
/// only with [`Dispatch::DECLARES_NAMES`]). Anything wrong after them (or in a value it took
/// as a string) is for the read of the whole text to find.
fn leading_names<'t, const N: usize>(
    text: &'t str,
    paths: &[&'static [&'static str]; N],
) -> Option<([Option<Cow<'t, str>>; N], Deferred)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut names: [Option<Cow<'t, str>>; N] = [const { None }; N];
    let mut seen = [None; DEFERRED_MEMBERS];
    let mut open = b'{';
    loop {
        at = after_token(bytes, at, open)?;
        let key = plain_string(text, &mut at)?;
        at = after_token(bytes, at, b':')?;
        let value = plain_string(text, &mut at)?;
        if let Some(index) = paths.iter().position(|path| path.first() == Some(&key)) {
            let [member] = paths.get(index)? else {
                return None;
            };
            let slot = names.get_mut(index)?;
            if slot.is_some() {
                return None;
            }
            *slot = Some(Cow::Borrowed(value));
            *seen.iter_mut().find(|slot| slot.is_none())? = Some(*member);
            if names.iter().all(Option::is_some) {
                return Some((
                    names,
                    Deferred {
                        end: Some(at),
                        seen,
                    },
                ));
            }
        }
        open = b',';
    }
}

/// The index just past `token` (after JSON whitespace) from `at`.
fn after_token(bytes: &[u8], at: usize, token: u8) -> Option<usize> {
    let rest = bytes.get(at..)?;
    let skipped = rest
        .iter()
        .position(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))?;
    (rest.get(skipped) == Some(&token)).then_some(at + skipped + 1)
}

/// A string from `at` (after JSON whitespace) written without escapes or control characters;
/// `at` moves past its closing quote.
fn plain_string<'t>(text: &'t str, at: &mut usize) -> Option<&'t str> {
    let start = after_token(text.as_bytes(), *at, b'"')?;
    let rest = text.as_bytes().get(start..)?;
    let len = memchr::memchr2(b'"', b'\\', rest)?;
    let content = rest.get(..len)?;
    if rest.get(len) != Some(&b'"') || content.iter().any(|byte| *byte < 0x20) {
        return None;
    }
    *at = start + len + 1;
    text.get(start..start + len)
}

/// The members in `seen`, for a [`Deferred`], when they fit.
fn deferrable(seen: &[Option<&'static str>]) -> Option<[Option<&'static str>; DEFERRED_MEMBERS]> {
    if seen.iter().flatten().count() > DEFERRED_MEMBERS {
        return None;
    }
    let mut members = [None; DEFERRED_MEMBERS];
    for (slot, member) in members.iter_mut().zip(seen.iter().flatten()) {
        *slot = Some(*member);
    }
    Some(members)
}

/// Whether `text` from `end` (where a value of the top-level object ends; `None` when
/// unknown) may hold another occurrence of one of the `seen` members: a key written
/// `"member"`, or with escapes (`\u0074ype`, or `\/` and the like for a member with such
/// characters).
fn may_repeat(text: &str, end: Option<usize>, seen: &[Option<&'static str>]) -> bool {
    let Some(rest) = end.and_then(|end| text.as_bytes().get(end..)) else {
        return true;
    };
    let escapable = seen
        .iter()
        .flatten()
        .any(|member| member.contains(|c: char| matches!(c, '"' | '\\' | '/') || c.is_control()));
    let escaped =
        memchr::memchr_iter(b'\\', rest).any(|at| escapable || rest.get(at + 1) == Some(&b'u'));
    escaped || seen.iter().flatten().any(|member| quoted_in(rest, member))
}

/// Whether `text` holds `member` between quotes (`"member"`).
fn quoted_in(text: &[u8], member: &'static str) -> bool {
    thread_local! {
        /// A searcher per member (the members that name events are a handful, and `'static`):
        /// one costs more to build than a short body takes to search.
        static FINDERS: RefCell<Vec<(&'static str, memmem::Finder<'static>)>> =
            const { RefCell::new(Vec::new()) };
    }
    FINDERS.with_borrow_mut(|finders| {
        let index = match finders
            .iter()
            .position(|(known, _)| std::ptr::eq(*known, member))
        {
            Some(index) => index,
            None => {
                let needle = format!("\"{member}\"");
                finders.push((member, memmem::Finder::new(&needle).into_owned()));
                finders.len() - 1
            }
        };
        finders
            .get(index)
            .is_none_or(|(_, finder)| finder.find(text).is_some())
    })
}

/// The name at `path` (its first key being the member `raw` is the value of): a string, or
/// for a path that is not `strict`, `None` when it holds anything else.
fn name_in<'de>(
    raw: &'de RawValue,
    path: &'static [&'static str],
    strict: bool,
) -> Result<Option<Cow<'de, str>>, serde_json::Error> {
    if path.len() == 1 {
        return if strict {
            serde_json::from_str::<Key<'de>>(raw.get()).map(|key| Some(key.0))
        } else {
            serde_json::from_str::<MaybeStr<'de>>(raw.get()).map(|name| name.0)
        };
    }
    let mut inner = serde_json::Deserializer::from_str(raw.get());
    let [found] = NamesSeed {
        paths: &[path],
        strict: usize::from(strict),
        depth: 1,
    }
    .deserialize(&mut inner)?;
    Ok(found)
}

/// A delivery body.
pub struct Body<'a>(pub &'a [u8]);

impl<'a> Body<'a> {
    /// Runs the seed `make` gives over the whole body. Path tracking costs on every value and
    /// errors are rare, so the body is read untracked, and only a failure is read again,
    /// tracked, to name the path where it failed.
    ///
    /// The untracked read is of the body as `&str`, the reader the fast read uses, so
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
