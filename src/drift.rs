//! Drift: where a delivery differs from its spec in ways a `presence: tolerant` spec accepts.
//!
//! Under `presence: tolerant` (the default of imported specs), a delivery that differs from the
//! spec *only* in a required member being absent, a `null` where the spec says non-null, or a
//! text that does not parse as its format (`rfc3339`, `datetime`, `decimal_string`) still
//! parses as its known event. What differs is recorded, and serializing the event writes the
//! delivery back exactly as it came (absent stays absent, `null` stays `null`, the text stays
//! the text). A type error (a string where the spec says integer) still fails.
//!
//! A required member that was absent or `null` keeps its Rust type `T` and holds a
//! *placeholder* (an empty string, `0`, `false`, an empty list, an object of placeholders): it
//! reads like a value but is not one. **Check the drift before trusting such a member**: the
//! receiving APIs give it ([`crate::verify::Verified::parse_or_keep_drift`], and `drift()` on
//! `hookspec::axum::Webhook`, which `Delivery::Parsed` holds), and [`of`] (or
//! [`crate::VendorEvent::drift`]) computes it for any parsed value.
//! A text that did not parse is a [`Lenient`] whose [`Lenient::parsed`] is `None`.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::str::FromStr;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::ser::{self, Impossible, Serialize, Serializer};

/// What kind of drift a member shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DriftKind {
    /// A member the spec requires was absent (the field holds a placeholder).
    Absent,
    /// A member was `null` where the spec says it is not nullable (the field holds a
    /// placeholder, or `None` for an optional member).
    Null,
    /// A text did not parse as its format (a [`Lenient`] holding the text alone).
    Format,
}

impl DriftKind {
    /// `absent`, `null` or `format`.
    pub fn as_str(self) -> &'static str {
        match self {
            DriftKind::Absent => "absent",
            DriftKind::Null => "null",
            DriftKind::Format => "format",
        }
    }
}

impl fmt::Display for DriftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One member of a delivery that drifted from the spec: where, and how.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Drift {
    /// The JSON path of the member, as parse errors show paths: `repository.custom_properties`,
    /// `labels[0].description`, `$` for the whole body.
    pub path: String,
    /// How it differs from the spec.
    pub kind: DriftKind,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

/// `{"path": "...", "kind": "absent"}`.
impl Serialize for Drift {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("path", &self.path)?;
        map.serialize_entry("kind", self.kind.as_str())?;
        map.end()
    }
}

/// Every drift in a parsed value (an event, or any generated type), in the order of the
/// members; empty when it matches its spec.
///
/// It walks the value once, as serializing it would (no JSON is written): cheap, but not free.
/// The receiving APIs compute it once per delivery, and only when the parse drifted.
pub fn of<T: Serialize + ?Sized>(value: &T) -> Vec<Drift> {
    let previous = WALK.with(|walk| {
        walk.replace(Some(Walk {
            path: Vec::new(),
            found: Vec::new(),
        }))
    });
    // The walker fails only on what generated types never hold (non-string keys); what was
    // found until then is still the answer.
    let _ = value.serialize(Walker);
    let walk = WALK.with(|walk| walk.replace(previous));
    walk.map(|walk| walk.found).unwrap_or_default()
}

/// The record of which members of one struct drifted, kept beside its fields (the `drift`
/// field of generated structs with tolerant members). Empty, it is one null pointer.
///
/// Serializing the struct consults it to write an absent member absent and a `null` one
/// `null`; read the drift with [`of`], which gives full JSON paths.
// A boxed `Vec`, not a `Vec`: one pointer (8 bytes) in every struct when nothing drifted,
// rather than three words.
#[allow(clippy::box_collection)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks(Option<Box<Vec<(&'static str, DriftKind)>>>);

impl Marks {
    /// No member drifted.
    pub fn none() -> Self {
        Marks(None)
    }

    /// Whether no member drifted.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// How the member `key` drifted, if it did.
    pub fn get(&self, key: &str) -> Option<DriftKind> {
        let marks = self.0.as_deref()?;
        marks
            .iter()
            .find(|(marked, _)| *marked == key)
            .map(|(_, kind)| *kind)
    }

    /// Records that member `key` drifted.
    fn mark(&mut self, key: &'static str, kind: DriftKind) {
        DRIFTED.with(|count| count.set(count.get().saturating_add(1)));
        self.0.get_or_insert_with(Box::default).push((key, kind));
    }

    /// A tolerant required member that is not nullable, read as `Option<T>` (`null` is
    /// `Some(None)`): its value, or a placeholder recorded as [`DriftKind::Absent`] or
    /// [`DriftKind::Null`]. Generated code calls it.
    #[doc(hidden)]
    pub fn member<T: DeserializeOwned, E: de::Error>(
        &mut self,
        slot: Option<Option<T>>,
        key: &'static str,
    ) -> Result<T, E> {
        let kind = match slot {
            Some(Some(value)) => return Ok(value),
            Some(None) => DriftKind::Null,
            None => DriftKind::Absent,
        };
        self.mark(key, kind);
        placeholder().ok_or_else(|| E::missing_field(key))
    }

    /// A tolerant required member whose type takes `null` (nullable, or `json`): its value,
    /// or, when absent, a placeholder (`None`, `null`) recorded as [`DriftKind::Absent`].
    /// Generated code calls it.
    #[doc(hidden)]
    pub fn absent<T: DeserializeOwned, E: de::Error>(
        &mut self,
        slot: Option<T>,
        key: &'static str,
    ) -> Result<T, E> {
        match slot {
            Some(value) => Ok(value),
            None => {
                self.mark(key, DriftKind::Absent);
                placeholder().ok_or_else(|| E::missing_field(key))
            }
        }
    }

    /// A tolerant optional member that is not nullable, read as `Option<T>`: `None` when
    /// absent, and when `null` (recorded as [`DriftKind::Null`]). Generated code calls it.
    #[doc(hidden)]
    pub fn null<T>(&mut self, slot: Option<Option<T>>, key: &'static str) -> Option<T> {
        match slot {
            Some(Some(value)) => Some(value),
            Some(None) => {
                self.mark(key, DriftKind::Null);
                None
            }
            None => None,
        }
    }

    /// Writes a tolerant required member as it came: absent when it was absent, `null` when
    /// it was `null`, else its value. Generated code calls it.
    #[doc(hidden)]
    pub fn entry<M: ser::SerializeMap, T: Serialize + ?Sized>(
        &self,
        map: &mut M,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        match self.get(key) {
            None => map.serialize_entry(key, value),
            Some(kind) => {
                note_member(key, kind);
                match kind {
                    DriftKind::Null => map.serialize_entry(key, &()),
                    DriftKind::Absent | DriftKind::Format => Ok(()),
                }
            }
        }
    }

    /// Writes a tolerant optional member as it came: `null` when it was `null`, else only
    /// when present. Generated code calls it.
    #[doc(hidden)]
    pub fn present<M: ser::SerializeMap, T: Serialize>(
        &self,
        map: &mut M,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match (self.get(key), value) {
            (Some(kind), _) => {
                note_member(key, kind);
                map.serialize_entry(key, &())
            }
            (None, Some(value)) => map.serialize_entry(key, value),
            (None, None) => Ok(()),
        }
    }
}

/// A text format value under `presence: tolerant`: the parsed value, or the text alone when it
/// did not parse (format drift). Either way it keeps and writes back the exact text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lenient<T> {
    text: Box<str>,
    parsed: Option<T>,
}

impl<T> Lenient<T> {
    /// The parsed value, or `None` when the text did not parse (then the delivery reports a
    /// [`DriftKind::Format`] drift here).
    pub fn parsed(&self) -> Option<&T> {
        self.parsed.as_ref()
    }

    /// Whether the text parsed.
    pub fn is_parsed(&self) -> bool {
        self.parsed.is_some()
    }

    /// The text exactly as it was delivered.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<T: FromStr> FromStr for Lenient<T> {
    type Err = std::convert::Infallible;

    /// Never fails: a text that does not parse is kept unparsed.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Lenient {
            text: text.into(),
            parsed: text.parse().ok(),
        })
    }
}

impl<T> From<T> for Lenient<T>
where
    T: fmt::Display,
{
    fn from(value: T) -> Self {
        Lenient {
            text: value.to_string().into(),
            parsed: Some(value),
        }
    }
}

impl<T> fmt::Display for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.parsed.is_none() {
            note_here(DriftKind::Format);
        }
        serializer.serialize_str(&self.text)
    }
}

impl<T: FromStr> Lenient<T> {
    /// The value of `text` as read: parsed, or the text alone (counted as format drift).
    pub(crate) fn from_text(text: &str) -> Self {
        let parsed = text.parse().ok();
        if parsed.is_none() {
            DRIFTED.with(|count| count.set(count.get().saturating_add(1)));
        }
        Lenient {
            text: text.into(),
            parsed,
        }
    }
}

impl<'de, T: FromStr> de::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<T>(std::marker::PhantomData<T>);
        impl<T: FromStr> Visitor<'_> for TextVisitor<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Lenient<T>, E> {
                Ok(Lenient::from_text(text))
            }
        }
        deserializer.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

thread_local! {
    /// How many drifts parsing has met on this thread (a cheap "did anything drift" signal for
    /// the receiving APIs; [`of`] is the answer).
    static DRIFTED: Cell<u64> = const { Cell::new(0) };
    /// The walk [`of`] is making on this thread, if any.
    static WALK: RefCell<Option<Walk>> = const { RefCell::new(None) };
    /// How deep placeholders are being built (recursion guard).
    static PLACEHOLDING: Cell<u32> = const { Cell::new(0) };
}

/// The drift counter now (compare two readings around a parse).
pub(crate) fn counter() -> u64 {
    DRIFTED.with(Cell::get)
}

/// `of(value)` when the drift counter moved since `before`, else nothing (no walk).
pub(crate) fn since<T: Serialize + ?Sized>(before: u64, value: &T) -> Vec<Drift> {
    if counter() == before {
        Vec::new()
    } else {
        of(value)
    }
}

struct Walk {
    path: Vec<Step>,
    found: Vec<Drift>,
}

enum Step {
    Key(String),
    Index(usize),
}

/// Records drift at the current path of the walk (plus `key`, if given), when walking.
fn note(key: Option<&str>, kind: DriftKind) {
    WALK.with(|walk| {
        if let Some(walk) = walk.borrow_mut().as_mut() {
            let mut path = String::new();
            let steps = walk.path.iter().map(|step| match step {
                Step::Key(key) => StepRef::Key(key),
                Step::Index(at) => StepRef::Index(*at),
            });
            let steps: Vec<StepRef<'_>> = steps.chain(key.map(StepRef::Key)).collect();
            write_path(&mut path, &steps);
            walk.found.push(Drift { path, kind });
        }
    });
}

fn note_here(kind: DriftKind) {
    note(None, kind);
}

/// Records drift of member `key` of the object being walked.
fn note_member(key: &str, kind: DriftKind) {
    note(Some(key), kind);
}

enum StepRef<'a> {
    Key(&'a str),
    Index(usize),
}

/// A path the way `ParseError` and the example checker write one.
fn write_path(out: &mut String, steps: &[StepRef<'_>]) {
    use std::fmt::Write;
    if steps.is_empty() {
        out.push('$');
        return;
    }
    for (index, step) in steps.iter().enumerate() {
        match step {
            StepRef::Key(key) if is_identifier(key) => {
                if index > 0 {
                    out.push('.');
                }
                out.push_str(key);
            }
            StepRef::Key(key) => {
                if index == 0 {
                    out.push('$');
                }
                let quoted = serde_json::Value::String((*key).to_owned());
                let _ = write!(out, "[{quoted}]");
            }
            StepRef::Index(at) => {
                if index == 0 {
                    out.push('$');
                }
                let _ = write!(out, "[{at}]");
            }
        }
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn push(step: Step) {
    WALK.with(|walk| {
        if let Some(walk) = walk.borrow_mut().as_mut() {
            walk.path.push(step);
        }
    });
}

fn pop() {
    WALK.with(|walk| {
        if let Some(walk) = walk.borrow_mut().as_mut() {
            walk.path.pop();
        }
    });
}

/// A placeholder `T` for a required member that was absent or `null`: what `T` reads from
/// an empty value of the first JSON kind it takes (`null`, `{}`, `""`, `0`, `[]`, `false`; an
/// object's required members become placeholders in turn). `None` when `T` takes none of them
/// (a closed union of tagged objects).
pub(crate) fn placeholder<T: DeserializeOwned>() -> Option<T> {
    let depth = enter()?;
    let mut found = None;
    for blank in BLANKS {
        // Through the erased reader: `T`'s code for it is compiled already.
        found = crate::erased::read_erased::<T, _>(blank);
        if found.is_some() {
            break;
        }
    }
    leave(depth);
    found
}

/// The empty values a placeholder is read from, in the order tried.
const BLANKS: [Blank; 6] = [
    Blank::Null,
    Blank::Object,
    Blank::Str,
    Blank::Integer,
    Blank::Array,
    Blank::Bool,
];

/// Enters a placeholder (one level deeper); `None` past 64 levels. Gives the depth to restore.
fn enter() -> Option<u32> {
    let depth = PLACEHOLDING.with(Cell::get);
    if depth > 64 {
        return None;
    }
    PLACEHOLDING.with(|count| count.set(depth + 1));
    Some(depth)
}

/// Leaves a placeholder: back to `depth`.
fn leave(depth: u32) {
    PLACEHOLDING.with(|count| count.set(depth));
}

/// Whether a placeholder is being built on this thread: then a strict member that is absent
/// gets a placeholder too (the whole object is one), and a strict text scalar takes any text.
pub(crate) fn placeholding() -> bool {
    PLACEHOLDING.with(Cell::get) > 0
}

/// An empty JSON value of one kind, which answers a type's hint with that hint's empty value
/// (`deserialize_any` gets the kind itself).
#[derive(Clone, Copy)]
enum Blank {
    Null,
    Object,
    Str,
    Integer,
    Array,
    Bool,
}

type BlankError = de::value::Error;

impl<'de> Deserializer<'de> for Blank {
    type Error = BlankError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        match self {
            Blank::Null => visitor.visit_unit(),
            Blank::Object => Blank::Object.deserialize_map(visitor),
            Blank::Str => visitor.visit_borrowed_str(""),
            Blank::Integer => visitor.visit_i64(0),
            Blank::Array => Blank::Array.deserialize_seq(visitor),
            Blank::Bool => visitor.visit_bool(false),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_bool(false)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_i64(0)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_i64(0)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_i64(0)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_i64(0)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_u64(0)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_u64(0)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_u64(0)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_u64(0)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_f64(0.0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_f64(0.0)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_borrowed_str("")
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_borrowed_str("")
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_borrowed_str("")
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_borrowed_bytes(&[])
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_borrowed_bytes(&[])
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_none()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, BlankError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, BlankError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_seq(de::value::SeqDeserializer::new(std::iter::empty::<()>()))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, BlankError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, BlankError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_map(de::value::MapDeserializer::new(std::iter::empty::<(
            &'static str,
            (),
        )>()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BlankError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BlankError> {
        Err(de::Error::invalid_type(de::Unexpected::Unit, &visitor))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_borrowed_str("")
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BlankError> {
        visitor.visit_unit()
    }
}

/// The walker's error: only what generated types never produce (a map key that is not a
/// string).
#[derive(Debug)]
struct WalkError(String);

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WalkError {}

impl ser::Error for WalkError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        WalkError(message.to_string())
    }
}

/// A serializer that writes nothing: it follows the value's members and elements so that
/// drift noted on the way gets its JSON path.
struct Walker;

/// A map or object being walked: the key of the entry whose value comes next.
struct WalkMap {
    key: Option<String>,
}

/// An array being walked: the index of the next element.
struct WalkSeq {
    index: usize,
}

macro_rules! walk_leaf {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method(self, _value: $ty) -> Result<(), WalkError> {
            Ok(())
        }
    )*};
}

impl Serializer for Walker {
    type Ok = ();
    type Error = WalkError;
    type SerializeSeq = WalkSeq;
    type SerializeTuple = WalkSeq;
    type SerializeTupleStruct = WalkSeq;
    type SerializeTupleVariant = WalkSeq;
    type SerializeMap = WalkMap;
    type SerializeStruct = WalkMap;
    type SerializeStructVariant = WalkMap;

    walk_leaf!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
    );

    fn serialize_none(self) -> Result<(), WalkError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WalkError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), WalkError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WalkError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<(), WalkError> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WalkError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), WalkError> {
        value.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<WalkSeq, WalkError> {
        Ok(WalkSeq { index: 0 })
    }

    fn serialize_tuple(self, _len: usize) -> Result<WalkSeq, WalkError> {
        Ok(WalkSeq { index: 0 })
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<WalkSeq, WalkError> {
        Ok(WalkSeq { index: 0 })
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<WalkSeq, WalkError> {
        Ok(WalkSeq { index: 0 })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<WalkMap, WalkError> {
        Ok(WalkMap { key: None })
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<WalkMap, WalkError> {
        Ok(WalkMap { key: None })
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<WalkMap, WalkError> {
        Ok(WalkMap { key: None })
    }
}

impl WalkSeq {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        push(Step::Index(self.index));
        self.index += 1;
        let result = value.serialize(Walker);
        pop();
        result
    }
}

/// The four serde traits of a sequence, each element walked at its index.
macro_rules! walk_sequence {
    ($($trait:ident::$method:ident),* $(,)?) => {$(
        impl ser::$trait for WalkSeq {
            type Ok = ();
            type Error = WalkError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
                self.element(value)
            }

            fn end(self) -> Result<(), WalkError> {
                Ok(())
            }
        }
    )*};
}

walk_sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl WalkMap {
    fn value_at<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), WalkError> {
        push(Step::Key(key));
        let result = value.serialize(Walker);
        pop();
        result
    }
}

impl ser::SerializeMap for WalkMap {
    type Ok = ();
    type Error = WalkError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WalkError> {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WalkError> {
        let key = self.key.take().unwrap_or_default();
        self.value_at(key, value)
    }

    fn end(self) -> Result<(), WalkError> {
        Ok(())
    }
}

/// A struct's and a struct variant's fields, each walked at its key.
macro_rules! walk_fields {
    ($($trait:ident),* $(,)?) => {$(
        impl ser::$trait for WalkMap {
            type Ok = ();
            type Error = WalkError;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), WalkError> {
                self.value_at(key.to_owned(), value)
            }

            fn end(self) -> Result<(), WalkError> {
                Ok(())
            }
        }
    )*};
}

walk_fields!(SerializeStruct, SerializeStructVariant);

/// Reads a map key as text.
struct KeyText;

fn not_a_key() -> WalkError {
    WalkError("a map key that is not a string".to_owned())
}

macro_rules! key_refused {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method(self, _value: $ty) -> Result<String, WalkError> {
            Err(not_a_key())
        }
    )*};
}

impl Serializer for KeyText {
    type Ok = String;
    type Error = WalkError;
    type SerializeSeq = Impossible<String, WalkError>;
    type SerializeTuple = Impossible<String, WalkError>;
    type SerializeTupleStruct = Impossible<String, WalkError>;
    type SerializeTupleVariant = Impossible<String, WalkError>;
    type SerializeMap = Impossible<String, WalkError>;
    type SerializeStruct = Impossible<String, WalkError>;
    type SerializeStructVariant = Impossible<String, WalkError>;

    key_refused!(
        serialize_bool(bool),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
    );

    fn serialize_i8(self, value: i8) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_i16(self, value: i16) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_i32(self, value: i32) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_i64(self, value: i64) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_u8(self, value: u8) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_u16(self, value: u16) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_u32(self, value: u32) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_u64(self, value: u64) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_char(self, value: char) -> Result<String, WalkError> {
        Ok(value.to_string())
    }

    fn serialize_str(self, value: &str) -> Result<String, WalkError> {
        Ok(value.to_owned())
    }

    fn serialize_none(self) -> Result<String, WalkError> {
        Err(not_a_key())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, WalkError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<String, WalkError> {
        Err(not_a_key())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, WalkError> {
        Err(not_a_key())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, WalkError> {
        Ok(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, WalkError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, WalkError> {
        Err(not_a_key())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, WalkError> {
        Err(not_a_key())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, WalkError> {
        Err(not_a_key())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, WalkError> {
        Err(not_a_key())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, WalkError> {
        Err(not_a_key())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, WalkError> {
        Err(not_a_key())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, WalkError> {
        Err(not_a_key())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, WalkError> {
        Err(not_a_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_keeps_text_and_says_whether_it_parsed() {
        let good: Lenient<crate::Rfc3339> =
            serde_json::from_str("\"2024-01-15T10:00:00Z\"").expect("a string");
        assert!(good.is_parsed());
        assert_eq!(of(&good), []);
        let bad: Lenient<crate::Rfc3339> = serde_json::from_str("\"4242\"").expect("a string");
        assert_eq!(bad.parsed(), None);
        assert_eq!(bad.as_str(), "4242");
        assert_eq!(serde_json::to_string(&bad).expect("text"), "\"4242\"");
        assert_eq!(
            of(&vec![bad]),
            [Drift {
                path: "$[0]".to_owned(),
                kind: DriftKind::Format
            }]
        );
        assert!(serde_json::from_str::<Lenient<crate::Rfc3339>>("5").is_err());
    }

    #[test]
    fn placeholders_of_scalars() {
        assert_eq!(placeholder::<String>(), Some(String::new()));
        assert_eq!(placeholder::<i64>(), Some(0));
        assert_eq!(placeholder::<Vec<i64>>(), Some(Vec::new()));
        assert_eq!(
            placeholder::<serde_json::Value>(),
            Some(serde_json::Value::Null)
        );
        assert_eq!(
            placeholder::<serde_json::Number>(),
            Some(serde_json::Number::from(0))
        );
        assert!(placeholder::<Lenient<crate::DateTime>>().is_some_and(|blank| !blank.is_parsed()));
    }
}
