//! One reader for every generated struct (issue 19: compile time).
//!
//! A struct's `Deserialize` impl is generic over the deserializer, and a parse reaches every
//! struct through several of them (the body as text, the careful re-read that tracks the JSON
//! path, `serde_json::Value` for unions, the drift placeholders). Generated
//! the usual way, each struct's whole visitor was compiled once per reader: five copies of
//! every visitor, most of the crate's machine code.
//!
//! Here the reader is erased behind object-safe traits ([`ErasedDeserializer`], [`ErasedMap`],
//! ...), so that a generated struct's member loop is one ordinary function,
//! `fn(Members) -> Result<T, Error>`, compiled once, and its `Deserialize` impl is a call to
//! [`object`]. The generic part is here, compiled once per reader for all structs together.
//!
//! Errors keep their exact text and position. An error of the concrete reader (a
//! `serde_json::Error` with its line and column, or the path-tracking wrapper's) is not turned
//! into text on its way through the erased layer: the adapter that met it keeps it, passes
//! [`Error`]'s "kept" marker up, and hands back the same value where the erased call returns
//! into that adapter's generic frame. An error made inside (a missing member, a value a visitor
//! refuses) keeps its kind (`invalid_type`, `missing_field`, ...) and is rebuilt with the
//! concrete reader's own constructor where it leaves the erased layer, so that the reader adds
//! its position there, as it does for a visitor it calls directly.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Expected, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde_json::{Map, Value};

use crate::support::Key;

/// An error inside the erased reader: either the concrete reader's own error (kept by the
/// adapter that met it) or an error made inside, kept by kind.
pub struct Error(Box<Kind>);

enum Kind {
    /// The concrete reader's error, kept by the adapter that met it.
    Kept,
    Custom(String),
    InvalidType(Unexp, String),
    InvalidValue(Unexp, String),
    InvalidLength(usize, String),
    UnknownVariant(String, &'static [&'static str]),
    UnknownField(String, &'static [&'static str]),
    MissingField(&'static str),
    DuplicateField(&'static str),
}

impl Error {
    fn kept() -> Self {
        Error(Box::new(Kind::Kept))
    }

    /// The error as the concrete reader's: the kept one when this is the "kept" marker (taken
    /// from the adapter's slot), else rebuilt from its kind with `E`'s constructor.
    fn unerase<E: de::Error>(self, kept: &mut Option<E>) -> E {
        match *self.0 {
            Kind::Kept => kept
                .take()
                .unwrap_or_else(|| E::custom("hookspec: a reader's error was lost on its way")),
            kind => kind.rebuild(),
        }
    }
}

impl Kind {
    fn rebuild<E: de::Error>(self) -> E {
        match self {
            Kind::Kept => E::custom("hookspec: a reader's error was lost on its way"),
            Kind::Custom(message) => E::custom(message),
            Kind::InvalidType(unexpected, expected) => {
                E::invalid_type(unexpected.as_serde(), &expected.as_str())
            }
            Kind::InvalidValue(unexpected, expected) => {
                E::invalid_value(unexpected.as_serde(), &expected.as_str())
            }
            Kind::InvalidLength(len, expected) => E::invalid_length(len, &expected.as_str()),
            Kind::UnknownVariant(variant, expected) => E::unknown_variant(&variant, expected),
            Kind::UnknownField(field, expected) => E::unknown_field(&field, expected),
            Kind::MissingField(field) => E::missing_field(field),
            Kind::DuplicateField(field) => E::duplicate_field(field),
        }
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(Box::new(Kind::Custom(message.to_string())))
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(Box::new(Kind::InvalidType(
            Unexp::of(unexpected),
            expected.to_string(),
        )))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(Box::new(Kind::InvalidValue(
            Unexp::of(unexpected),
            expected.to_string(),
        )))
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Self {
        Error(Box::new(Kind::InvalidLength(len, expected.to_string())))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error(Box::new(Kind::UnknownVariant(variant.to_owned(), expected)))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error(Box::new(Kind::UnknownField(field.to_owned(), expected)))
    }

    fn missing_field(field: &'static str) -> Self {
        Error(Box::new(Kind::MissingField(field)))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error(Box::new(Kind::DuplicateField(field)))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Kind::Kept => f.write_str("an error of the reader (kept where it happened)"),
            kind => {
                let error: de::value::Error = clone_kind(kind).rebuild();
                fmt::Display::fmt(&error, f)
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "erased::Error({self})")
    }
}

impl std::error::Error for Error {}

fn clone_kind(kind: &Kind) -> Kind {
    match kind {
        Kind::Kept => Kind::Kept,
        Kind::Custom(message) => Kind::Custom(message.clone()),
        Kind::InvalidType(unexpected, expected) => {
            Kind::InvalidType(unexpected.clone(), expected.clone())
        }
        Kind::InvalidValue(unexpected, expected) => {
            Kind::InvalidValue(unexpected.clone(), expected.clone())
        }
        Kind::InvalidLength(len, expected) => Kind::InvalidLength(*len, expected.clone()),
        Kind::UnknownVariant(variant, expected) => Kind::UnknownVariant(variant.clone(), expected),
        Kind::UnknownField(field, expected) => Kind::UnknownField(field.clone(), expected),
        Kind::MissingField(field) => Kind::MissingField(field),
        Kind::DuplicateField(field) => Kind::DuplicateField(field),
    }
}

/// An owned [`Unexpected`].
#[derive(Clone)]
enum Unexp {
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Char(char),
    Str(String),
    Bytes(Vec<u8>),
    Unit,
    Option,
    NewtypeStruct,
    Seq,
    Map,
    Enum,
    UnitVariant,
    NewtypeVariant,
    TupleVariant,
    StructVariant,
    Other(String),
}

impl Unexp {
    fn of(unexpected: Unexpected<'_>) -> Self {
        match unexpected {
            Unexpected::Bool(value) => Unexp::Bool(value),
            Unexpected::Unsigned(value) => Unexp::Unsigned(value),
            Unexpected::Signed(value) => Unexp::Signed(value),
            Unexpected::Float(value) => Unexp::Float(value),
            Unexpected::Char(value) => Unexp::Char(value),
            Unexpected::Str(value) => Unexp::Str(value.to_owned()),
            Unexpected::Bytes(value) => Unexp::Bytes(value.to_owned()),
            Unexpected::Unit => Unexp::Unit,
            Unexpected::Option => Unexp::Option,
            Unexpected::NewtypeStruct => Unexp::NewtypeStruct,
            Unexpected::Seq => Unexp::Seq,
            Unexpected::Map => Unexp::Map,
            Unexpected::Enum => Unexp::Enum,
            Unexpected::UnitVariant => Unexp::UnitVariant,
            Unexpected::NewtypeVariant => Unexp::NewtypeVariant,
            Unexpected::TupleVariant => Unexp::TupleVariant,
            Unexpected::StructVariant => Unexp::StructVariant,
            Unexpected::Other(value) => Unexp::Other(value.to_owned()),
        }
    }

    fn as_serde(&self) -> Unexpected<'_> {
        match self {
            Unexp::Bool(value) => Unexpected::Bool(*value),
            Unexp::Unsigned(value) => Unexpected::Unsigned(*value),
            Unexp::Signed(value) => Unexpected::Signed(*value),
            Unexp::Float(value) => Unexpected::Float(*value),
            Unexp::Char(value) => Unexpected::Char(*value),
            Unexp::Str(value) => Unexpected::Str(value),
            Unexp::Bytes(value) => Unexpected::Bytes(value),
            Unexp::Unit => Unexpected::Unit,
            Unexp::Option => Unexpected::Option,
            Unexp::NewtypeStruct => Unexpected::NewtypeStruct,
            Unexp::Seq => Unexpected::Seq,
            Unexp::Map => Unexpected::Map,
            Unexp::Enum => Unexpected::Enum,
            Unexp::UnitVariant => Unexpected::UnitVariant,
            Unexp::NewtypeVariant => Unexpected::NewtypeVariant,
            Unexp::TupleVariant => Unexpected::TupleVariant,
            Unexp::StructVariant => Unexpected::StructVariant,
            Unexp::Other(value) => Unexpected::Other(value),
        }
    }
}

fn used_twice() -> Error {
    de::Error::custom("hookspec: an erased reader was used twice")
}

// ---------------------------------------------------------------------------------------------
// The object-safe traits.

/// What an erased visitor expects, for error messages: every visitor trait below has it.
pub trait Expecting {
    /// What the visitor expects.
    fn erased_expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

// A deserializer calls only some of its visitor's methods for each `deserialize_*` method
// (JSON readers call `visit_none` or `visit_some` for `deserialize_option`, `visit_map` for
// `deserialize_map`, ...). Each `deserialize_*` of the erased deserializer takes the narrowest
// trait that covers what a reader may call, so that a visitor type compiles only those of its
// methods (an `Option<T>` read compiles three of them, not twenty); a reader that calls another
// method gets the answer the visitor's default method gives, an "invalid type" error with the
// visitor's `expecting`.

/// A visitor of booleans and numbers (`deserialize_bool`, `deserialize_i64`, ...).
pub trait ScalarVisitor<'de>: Expecting {
    /// `visit_bool`.
    fn erased_visit_bool(&mut self, value: bool) -> Result<(), Error>;
    /// `visit_i64` (and the narrower signed integers).
    fn erased_visit_i64(&mut self, value: i64) -> Result<(), Error>;
    /// `visit_i128`.
    fn erased_visit_i128(&mut self, value: i128) -> Result<(), Error>;
    /// `visit_u64` (and the narrower unsigned integers).
    fn erased_visit_u64(&mut self, value: u64) -> Result<(), Error>;
    /// `visit_u128`.
    fn erased_visit_u128(&mut self, value: u128) -> Result<(), Error>;
    /// `visit_f64` (and `visit_f32`).
    fn erased_visit_f64(&mut self, value: f64) -> Result<(), Error>;
}

/// A visitor of strings (`deserialize_str`, `deserialize_string`).
pub trait StrVisitor<'de>: Expecting {
    /// `visit_str`.
    fn erased_visit_str(&mut self, value: &str) -> Result<(), Error>;
    /// `visit_borrowed_str`.
    fn erased_visit_borrowed_str(&mut self, value: &'de str) -> Result<(), Error>;
    /// `visit_string`.
    fn erased_visit_string(&mut self, value: String) -> Result<(), Error>;
}

/// A visitor of optional values (`deserialize_option`).
pub trait OptionVisitor<'de>: Expecting {
    /// `visit_none`.
    fn erased_visit_none(&mut self) -> Result<(), Error>;
    /// `visit_some`.
    fn erased_visit_some(
        &mut self,
        deserializer: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), Error>;
    /// `visit_unit`.
    fn erased_visit_unit(&mut self) -> Result<(), Error>;
}

/// A visitor of arrays (`deserialize_seq`).
pub trait SeqVisitor<'de>: Expecting {
    /// `visit_seq`.
    fn erased_visit_seq(&mut self, seq: &mut dyn ErasedSeq<'de>) -> Result<(), Error>;
}

/// A visitor of objects (`deserialize_map`).
pub trait MapVisitor<'de>: Expecting {
    /// `visit_map`.
    fn erased_visit_map(&mut self, map: &mut dyn ErasedMap<'de>) -> Result<(), Error>;
}

/// A visitor of anything (`deserialize_any` and the methods JSON has no narrower answer for).
pub trait ErasedVisitor<'de>:
    ScalarVisitor<'de> + StrVisitor<'de> + OptionVisitor<'de> + SeqVisitor<'de> + MapVisitor<'de>
{
    /// `visit_char`.
    fn erased_visit_char(&mut self, value: char) -> Result<(), Error>;
    /// `visit_bytes`.
    fn erased_visit_bytes(&mut self, value: &[u8]) -> Result<(), Error>;
    /// `visit_borrowed_bytes`.
    fn erased_visit_borrowed_bytes(&mut self, value: &'de [u8]) -> Result<(), Error>;
    /// `visit_byte_buf`.
    fn erased_visit_byte_buf(&mut self, value: Vec<u8>) -> Result<(), Error>;
    /// `visit_newtype_struct`.
    fn erased_visit_newtype_struct(
        &mut self,
        deserializer: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), Error>;
}

/// Every `deserialize_*` method: its erased name, its arguments, the visitor trait it takes
/// and the concrete visitor that forwards to it. One list, so that the trait, the adapter of a
/// concrete deserializer and the erased deserializer's `serde` impl cannot disagree.
macro_rules! deserialize_methods {
    ($callback:ident) => {
        $callback! {
            erased_any => deserialize_any() : ErasedVisitor, Unerase;
            erased_bool => deserialize_bool() : ScalarVisitor, UneraseScalar;
            erased_i8 => deserialize_i8() : ScalarVisitor, UneraseScalar;
            erased_i16 => deserialize_i16() : ScalarVisitor, UneraseScalar;
            erased_i32 => deserialize_i32() : ScalarVisitor, UneraseScalar;
            erased_i64 => deserialize_i64() : ScalarVisitor, UneraseScalar;
            erased_i128 => deserialize_i128() : ScalarVisitor, UneraseScalar;
            erased_u8 => deserialize_u8() : ScalarVisitor, UneraseScalar;
            erased_u16 => deserialize_u16() : ScalarVisitor, UneraseScalar;
            erased_u32 => deserialize_u32() : ScalarVisitor, UneraseScalar;
            erased_u64 => deserialize_u64() : ScalarVisitor, UneraseScalar;
            erased_u128 => deserialize_u128() : ScalarVisitor, UneraseScalar;
            erased_f32 => deserialize_f32() : ScalarVisitor, UneraseScalar;
            erased_f64 => deserialize_f64() : ScalarVisitor, UneraseScalar;
            erased_char => deserialize_char() : ErasedVisitor, Unerase;
            erased_str => deserialize_str() : StrVisitor, UneraseStr;
            erased_string => deserialize_string() : StrVisitor, UneraseStr;
            erased_bytes => deserialize_bytes() : ErasedVisitor, Unerase;
            erased_byte_buf => deserialize_byte_buf() : ErasedVisitor, Unerase;
            erased_option => deserialize_option() : OptionVisitor, UneraseOption;
            erased_unit => deserialize_unit() : OptionVisitor, UneraseOption;
            erased_unit_struct => deserialize_unit_struct(name: &'static str) : OptionVisitor, UneraseOption;
            erased_newtype_struct => deserialize_newtype_struct(name: &'static str) : ErasedVisitor, Unerase;
            erased_seq => deserialize_seq() : SeqVisitor, UneraseSeq;
            erased_tuple => deserialize_tuple(len: usize) : SeqVisitor, UneraseSeq;
            erased_tuple_struct => deserialize_tuple_struct(name: &'static str, len: usize) : SeqVisitor, UneraseSeq;
            erased_map => deserialize_map() : MapVisitor, UneraseMap;
            erased_struct => deserialize_struct(name: &'static str, fields: &'static [&'static str]) : ErasedVisitor, Unerase;
            erased_enum => deserialize_enum(name: &'static str, variants: &'static [&'static str]) : ErasedVisitor, Unerase;
            erased_identifier => deserialize_identifier() : ErasedVisitor, Unerase;
            erased_ignored_any => deserialize_ignored_any() : ErasedVisitor, Unerase;
        }
    };
}

macro_rules! erased_deserializer_trait {
    ($($erased:ident => $method:ident($($arg:ident: $ty:ty),*) : $visitor:ident, $shim:ident;)*) => {
        /// A `serde` deserializer behind `dyn`, used once.
        pub trait ErasedDeserializer<'de> {
            $(
                #[doc = concat!("`", stringify!($method), "`.")]
                fn $erased(&mut self, $($arg: $ty,)* visitor: &mut dyn $visitor<'de>) -> Result<(), Error>;
            )*
            /// `is_human_readable`.
            fn erased_is_human_readable(&self) -> bool;
        }
    };
}

deserialize_methods!(erased_deserializer_trait);

/// A `serde` seed behind `dyn`: it keeps its output in itself.
pub trait ErasedSeed<'de> {
    /// Reads the value from `deserializer`.
    fn erased_deserialize(
        &mut self,
        deserializer: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), Error>;
}

/// A `serde` map access behind `dyn`.
pub trait ErasedMap<'de> {
    /// The next key into `seed`; `false` at the end of the object.
    fn erased_next_key_seed(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<bool, Error>;
    /// The next value into `seed`.
    fn erased_next_value_seed(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<(), Error>;
    /// The next value into `seed` unless it is `null` (`false` then): what `Option<T>` reads,
    /// without compiling `Option`'s visitor for every `T`.
    fn erased_next_value_option(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<bool, Error>;
    /// The next value as a generated struct, read by `reader` straight from the concrete
    /// reader (no erased visitor between a struct and the structs it holds).
    fn erased_next_object(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<(), Error>;
    /// [`ErasedMap::erased_next_object`] unless the value is `null` (`false` then).
    fn erased_next_object_or_null(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<bool, Error>;
    /// The next value as an array of generated structs, each read by `reader` (which keeps
    /// them) straight from the concrete reader.
    fn erased_next_objects(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<(), Error>;
    /// [`ErasedMap::erased_next_objects`] unless the value is `null` (`false` then).
    fn erased_next_objects_or_null(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<bool, Error>;
    /// The next value as text, borrowed when it has no escapes (an open enum's value or a
    /// format's text).
    fn erased_next_text(&mut self) -> Result<Key<'de>, Error>;
    /// The next value as text or `null`.
    fn erased_next_text_or_null(&mut self) -> Result<Option<Key<'de>>, Error>;
    /// The next value as a string (read by the concrete reader: no erased visitor).
    fn erased_next_string(&mut self) -> Result<String, Error>;
    /// The next value as a string or `null`.
    fn erased_next_string_or_null(&mut self) -> Result<Option<String>, Error>;
    /// The next value as an integer.
    fn erased_next_i64(&mut self) -> Result<i64, Error>;
    /// The next value as an integer or `null`.
    fn erased_next_i64_or_null(&mut self) -> Result<Option<i64>, Error>;
    /// The next value as a boolean.
    fn erased_next_bool(&mut self) -> Result<bool, Error>;
    /// The next value as a boolean or `null`.
    fn erased_next_bool_or_null(&mut self) -> Result<Option<bool>, Error>;
    /// The next key as a [`Key`] (read by the concrete reader: no erased visitor).
    fn erased_next_key(&mut self) -> Result<Option<Key<'de>>, Error>;
    /// The next value as JSON (read by the concrete reader: no erased visitor).
    fn erased_next_json(&mut self) -> Result<Value, Error>;
    /// The next value as JSON, `None` for `null`.
    fn erased_next_json_or_null(&mut self) -> Result<Option<Value>, Error>;
    /// `size_hint`.
    fn erased_size_hint(&self) -> Option<usize>;
}

/// A `serde` sequence access behind `dyn`.
pub trait ErasedSeq<'de> {
    /// The next element into `seed`; `false` at the end of the array.
    fn erased_next_element_seed(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<bool, Error>;
    /// `size_hint`.
    fn erased_size_hint(&self) -> Option<usize>;
}

// ---------------------------------------------------------------------------------------------
// Erasing: a concrete visitor, seed, deserializer, map or sequence behind the traits.

/// A concrete visitor behind [`ErasedVisitor`], with its output.
struct Erase<'de, V: Visitor<'de>> {
    visitor: Option<V>,
    out: Option<V::Value>,
}

impl<'de, V: Visitor<'de>> Erase<'de, V> {
    fn new(visitor: V) -> Self {
        Erase {
            visitor: Some(visitor),
            out: None,
        }
    }

    fn take(&mut self) -> Result<V, Error> {
        self.visitor.take().ok_or_else(used_twice)
    }

    fn output(self) -> Result<V::Value, Error> {
        self.out
            .ok_or_else(|| de::Error::custom("hookspec: an erased visitor gave no value"))
    }
}

macro_rules! visit {
    ($($erased:ident => $method:ident($($ty:ty)?);)*) => {
        $(
            fn $erased(&mut self $(, value: $ty)?) -> Result<(), Error> {
                let visitor = self.take()?;
                self.out = Some(visitor.$method($(identity::<$ty>(value))?)?);
                Ok(())
            }
        )*
    };
}

fn identity<T>(value: T) -> T {
    value
}

impl<'de, V: Visitor<'de>> Expecting for Erase<'de, V> {
    fn erased_expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.visitor {
            Some(visitor) => visitor.expecting(f),
            None => f.write_str("a value"),
        }
    }
}

impl<'de, V: Visitor<'de>> ScalarVisitor<'de> for Erase<'de, V> {
    visit! {
        erased_visit_bool => visit_bool(bool);
        erased_visit_i64 => visit_i64(i64);
        erased_visit_i128 => visit_i128(i128);
        erased_visit_u64 => visit_u64(u64);
        erased_visit_u128 => visit_u128(u128);
        erased_visit_f64 => visit_f64(f64);
    }
}

impl<'de, V: Visitor<'de>> StrVisitor<'de> for Erase<'de, V> {
    visit! {
        erased_visit_str => visit_str(&str);
        erased_visit_borrowed_str => visit_borrowed_str(&'de str);
        erased_visit_string => visit_string(String);
    }
}

impl<'de, V: Visitor<'de>> OptionVisitor<'de> for Erase<'de, V> {
    visit! {
        erased_visit_none => visit_none();
        erased_visit_unit => visit_unit();
    }

    fn erased_visit_some(
        &mut self,
        deserializer: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), Error> {
        let visitor = self.take()?;
        self.out = Some(visitor.visit_some(deserializer)?);
        Ok(())
    }
}

impl<'de, V: Visitor<'de>> SeqVisitor<'de> for Erase<'de, V> {
    fn erased_visit_seq(&mut self, seq: &mut dyn ErasedSeq<'de>) -> Result<(), Error> {
        let visitor = self.take()?;
        self.out = Some(visitor.visit_seq(seq)?);
        Ok(())
    }
}

impl<'de, V: Visitor<'de>> MapVisitor<'de> for Erase<'de, V> {
    fn erased_visit_map(&mut self, map: &mut dyn ErasedMap<'de>) -> Result<(), Error> {
        let visitor = self.take()?;
        self.out = Some(visitor.visit_map(map)?);
        Ok(())
    }
}

impl<'de, V: Visitor<'de>> ErasedVisitor<'de> for Erase<'de, V> {
    visit! {
        erased_visit_char => visit_char(char);
        erased_visit_bytes => visit_bytes(&[u8]);
        erased_visit_borrowed_bytes => visit_borrowed_bytes(&'de [u8]);
        erased_visit_byte_buf => visit_byte_buf(Vec<u8>);
    }

    fn erased_visit_newtype_struct(
        &mut self,
        deserializer: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), Error> {
        let visitor = self.take()?;
        self.out = Some(visitor.visit_newtype_struct(deserializer)?);
        Ok(())
    }
}

/// A concrete seed behind [`ErasedSeed`], with its output.
struct Seed<'de, S: DeserializeSeed<'de>> {
    seed: Option<S>,
    out: Option<S::Value>,
}

impl<'de, S: DeserializeSeed<'de>> Seed<'de, S> {
    fn new(seed: S) -> Self {
        Seed {
            seed: Some(seed),
            out: None,
        }
    }

    fn output(self) -> Result<S::Value, Error> {
        self.out
            .ok_or_else(|| de::Error::custom("hookspec: an erased seed gave no value"))
    }
}

impl<'de, S: DeserializeSeed<'de>> ErasedSeed<'de> for Seed<'de, S> {
    fn erased_deserialize(
        &mut self,
        deserializer: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), Error> {
        let seed = self.seed.take().ok_or_else(used_twice)?;
        self.out = Some(seed.deserialize(deserializer)?);
        Ok(())
    }
}

/// A concrete deserializer behind [`ErasedDeserializer`]; its error is kept here.
struct DeserializerErase<'de, D: Deserializer<'de>> {
    deserializer: Option<D>,
    kept: Option<D::Error>,
}

impl<'de, D: Deserializer<'de>> DeserializerErase<'de, D> {
    fn new(deserializer: D) -> Self {
        DeserializerErase {
            deserializer: Some(deserializer),
            kept: None,
        }
    }

    fn take(&mut self) -> Result<D, Error> {
        self.deserializer.take().ok_or_else(used_twice)
    }

    fn keep(&mut self, error: D::Error) -> Error {
        self.kept = Some(error);
        Error::kept()
    }
}

macro_rules! deserializer_erase {
    ($($erased:ident => $method:ident($($arg:ident: $ty:ty),*) : $visitor:ident, $shim:ident;)*) => {
        impl<'de, D: Deserializer<'de>> ErasedDeserializer<'de> for DeserializerErase<'de, D> {
            $(
                fn $erased(&mut self, $($arg: $ty,)* visitor: &mut dyn $visitor<'de>) -> Result<(), Error> {
                    let deserializer = self.take()?;
                    deserializer
                        .$method($($arg,)* $shim(visitor))
                        .map_err(|error| self.keep(error))
                }
            )*

            fn erased_is_human_readable(&self) -> bool {
                self.deserializer
                    .as_ref()
                    .is_none_or(|deserializer| deserializer.is_human_readable())
            }
        }
    };
}

deserialize_methods!(deserializer_erase);

/// A concrete map access behind [`ErasedMap`]; its error is kept here.
struct MapErase<'de, A: MapAccess<'de>> {
    map: A,
    kept: Option<A::Error>,
}

impl<'de, A: MapAccess<'de>> MapErase<'de, A> {
    fn keep(&mut self, error: A::Error) -> Error {
        self.kept = Some(error);
        Error::kept()
    }

    /// The next value, read by `seed` from the concrete reader (its error kept).
    fn value<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.map
            .next_value_seed(seed)
            .map_err(|error| self.keep(error))
    }
}

impl<'de, A: MapAccess<'de>> ErasedMap<'de> for MapErase<'de, A> {
    fn erased_next_key_seed(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<bool, Error> {
        match self.map.next_key_seed(Unseed(seed)) {
            Ok(found) => Ok(found.is_some()),
            Err(error) => Err(self.keep(error)),
        }
    }

    fn erased_next_value_seed(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<(), Error> {
        self.value(Unseed(seed))
    }

    fn erased_next_value_option(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<bool, Error> {
        self.value(OptionSeed(seed))
    }

    fn erased_next_object(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<(), Error> {
        self.value(ObjectSeed { expecting, reader })
    }

    fn erased_next_object_or_null(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<bool, Error> {
        self.value(OrNull {
            expecting,
            seed: ObjectSeed { expecting, reader },
        })
    }

    fn erased_next_objects(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<(), Error> {
        self.value(ObjectsSeed { expecting, reader })
    }

    fn erased_next_objects_or_null(
        &mut self,
        expecting: &'static str,
        reader: &mut dyn ReadObject<'de>,
    ) -> Result<bool, Error> {
        self.value(OrNull {
            expecting: "option",
            seed: ObjectsSeed { expecting, reader },
        })
    }

    fn erased_next_text(&mut self) -> Result<Key<'de>, Error> {
        self.value(PhantomData)
    }

    fn erased_next_text_or_null(&mut self) -> Result<Option<Key<'de>>, Error> {
        self.value(PhantomData)
    }

    fn erased_next_string(&mut self) -> Result<String, Error> {
        self.value(PhantomData)
    }

    fn erased_next_string_or_null(&mut self) -> Result<Option<String>, Error> {
        self.value(PhantomData)
    }

    fn erased_next_i64(&mut self) -> Result<i64, Error> {
        self.value(PhantomData)
    }

    fn erased_next_i64_or_null(&mut self) -> Result<Option<i64>, Error> {
        self.value(PhantomData)
    }

    fn erased_next_bool(&mut self) -> Result<bool, Error> {
        self.value(PhantomData)
    }

    fn erased_next_bool_or_null(&mut self) -> Result<Option<bool>, Error> {
        self.value(PhantomData)
    }

    fn erased_next_key(&mut self) -> Result<Option<Key<'de>>, Error> {
        self.map
            .next_key::<Key<'de>>()
            .map_err(|error| self.keep(error))
    }

    fn erased_next_json(&mut self) -> Result<Value, Error> {
        self.value(PhantomData)
    }

    fn erased_next_json_or_null(&mut self) -> Result<Option<Value>, Error> {
        self.value(PhantomData)
    }

    fn erased_size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A concrete sequence access behind [`ErasedSeq`]; its error is kept here.
struct SeqErase<'de, A: SeqAccess<'de>> {
    seq: A,
    kept: Option<A::Error>,
}

impl<'de, A: SeqAccess<'de>> ErasedSeq<'de> for SeqErase<'de, A> {
    fn erased_next_element_seed(&mut self, seed: &mut dyn ErasedSeed<'de>) -> Result<bool, Error> {
        match self.seq.next_element_seed(Unseed(seed)) {
            Ok(found) => Ok(found.is_some()),
            Err(error) => {
                self.kept = Some(error);
                Err(Error::kept())
            }
        }
    }

    fn erased_size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

// ---------------------------------------------------------------------------------------------
// Unerasing: the traits as `serde`'s, so that any `Deserialize` type reads through them.

/// An erased visitor as a concrete one, for the concrete reader to call. Each forwards the
/// methods of its trait; the others keep `serde`'s defaults (an "invalid type" error naming
/// what the erased visitor expects).
macro_rules! shim {
    ($name:ident: $visitor:ident { $($body:tt)* }) => {
        struct $name<'a, 'de>(&'a mut dyn $visitor<'de>);

        impl<'de> Visitor<'de> for $name<'_, 'de> {
            type Value = ();

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.erased_expecting(f)
            }

            $($body)*
        }
    };
}

macro_rules! unvisit {
    ($($method:ident($($ty:ty)?) => $erased:ident;)*) => {
        $(
            fn $method<E: de::Error>(self $(, value: $ty)?) -> Result<(), E> {
                self.0.$erased($(identity::<$ty>(value))?).map_err(|error| error.unerase(&mut None))
            }
        )*
    };
}

macro_rules! unvisit_scalar {
    () => {
        unvisit! {
            visit_bool(bool) => erased_visit_bool;
            visit_i64(i64) => erased_visit_i64;
            visit_i128(i128) => erased_visit_i128;
            visit_u64(u64) => erased_visit_u64;
            visit_u128(u128) => erased_visit_u128;
            visit_f64(f64) => erased_visit_f64;
        }
    };
}

macro_rules! unvisit_str {
    () => {
        unvisit! {
            visit_str(&str) => erased_visit_str;
            visit_borrowed_str(&'de str) => erased_visit_borrowed_str;
            visit_string(String) => erased_visit_string;
        }
    };
}

macro_rules! unvisit_option {
    () => {
        unvisit! {
            visit_none() => erased_visit_none;
            visit_unit() => erased_visit_unit;
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            let mut erased = DeserializerErase::new(deserializer);
            self.0
                .erased_visit_some(&mut erased)
                .map_err(|error| error.unerase(&mut erased.kept))
        }
    };
}

macro_rules! unvisit_seq {
    () => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
            let mut erased = SeqErase { seq, kept: None };
            self.0
                .erased_visit_seq(&mut erased)
                .map_err(|error| error.unerase(&mut erased.kept))
        }
    };
}

macro_rules! unvisit_map {
    () => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
            let mut erased = MapErase { map, kept: None };
            self.0
                .erased_visit_map(&mut erased)
                .map_err(|error| error.unerase(&mut erased.kept))
        }
    };
}

shim!(UneraseScalar: ScalarVisitor { unvisit_scalar!(); });
shim!(UneraseStr: StrVisitor { unvisit_str!(); });
shim!(UneraseOption: OptionVisitor { unvisit_option!(); });
shim!(UneraseSeq: SeqVisitor { unvisit_seq!(); });
shim!(UneraseMap: MapVisitor { unvisit_map!(); });
shim!(Unerase: ErasedVisitor {
    unvisit_scalar!();
    unvisit_str!();
    unvisit_option!();
    unvisit_seq!();
    unvisit_map!();
    unvisit! {
        visit_char(char) => erased_visit_char;
        visit_bytes(&[u8]) => erased_visit_bytes;
        visit_borrowed_bytes(&'de [u8]) => erased_visit_borrowed_bytes;
        visit_byte_buf(Vec<u8>) => erased_visit_byte_buf;
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = DeserializerErase::new(deserializer);
        self.0
            .erased_visit_newtype_struct(&mut erased)
            .map_err(|error| error.unerase(&mut erased.kept))
    }

    /// No type that generated code reads asks a JSON reader for an enum (`deserialize_enum`);
    /// one that did would get this error rather than a wrong value.
    fn visit_enum<A: EnumAccess<'de>>(self, _data: A) -> Result<(), A::Error> {
        Err(de::Error::custom(
            "hookspec: an externally tagged enum cannot be read through the erased reader",
        ))
    }
});

/// An erased seed as a concrete one, for the concrete reader to call.
struct Unseed<'a, 'de>(&'a mut dyn ErasedSeed<'de>);

impl<'de> DeserializeSeed<'de> for Unseed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = DeserializerErase::new(deserializer);
        self.0
            .erased_deserialize(&mut erased)
            .map_err(|error| error.unerase(&mut erased.kept))
    }
}

/// An erased seed behind `Option`'s reading: `false` for `null`, else the seed reads the value.
struct OptionSeed<'a, 'de>(&'a mut dyn ErasedSeed<'de>);

impl<'de> DeserializeSeed<'de> for OptionSeed<'_, 'de> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionSeed<'_, 'de> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        let mut erased = DeserializerErase::new(deserializer);
        self.0
            .erased_deserialize(&mut erased)
            .map_err(|error| error.unerase(&mut erased.kept))?;
        Ok(true)
    }
}

macro_rules! deserializer_unerase {
    ($($erased:ident => $method:ident($($arg:ident: $ty:ty),*) : $visitor:ident, $shim:ident;)*) => {
        impl<'de> Deserializer<'de> for &mut (dyn ErasedDeserializer<'de> + '_) {
            type Error = Error;

            $(
                fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                    let mut erased = Erase::new(visitor);
                    self.$erased($($arg,)* &mut erased)?;
                    erased.output()
                }
            )*

            fn is_human_readable(&self) -> bool {
                self.erased_is_human_readable()
            }
        }
    };
}

deserialize_methods!(deserializer_unerase);

impl<'de> MapAccess<'de> for &mut (dyn ErasedMap<'de> + '_) {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let mut erased = Seed::new(seed);
        if (**self).erased_next_key_seed(&mut erased)? {
            erased.output().map(Some)
        } else {
            Ok(None)
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let mut erased = Seed::new(seed);
        (**self).erased_next_value_seed(&mut erased)?;
        erased.output()
    }

    fn size_hint(&self) -> Option<usize> {
        (**self).erased_size_hint()
    }
}

impl<'de> SeqAccess<'de> for &mut (dyn ErasedSeq<'de> + '_) {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let mut erased = Seed::new(seed);
        if (**self).erased_next_element_seed(&mut erased)? {
            erased.output().map(Some)
        } else {
            Ok(None)
        }
    }

    fn size_hint(&self) -> Option<usize> {
        (**self).erased_size_hint()
    }
}

// ---------------------------------------------------------------------------------------------
// What generated structs call.

/// The members of the object a generated struct is read from, whatever the reader.
pub struct Members<'a, 'de>(&'a mut (dyn ErasedMap<'de> + 'a));

impl<'de> Members<'_, 'de> {
    /// The next member's key; `None` at the end of the object.
    #[inline]
    pub fn next_key(&mut self) -> Result<Option<Key<'de>>, Error> {
        self.0.erased_next_key()
    }

    /// The next member's value, read by `seed`.
    #[inline]
    pub fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.0.next_value_seed(seed)
    }

    /// The next member's value as JSON (a member the spec does not describe, kept).
    #[inline]
    pub fn next_json(&mut self) -> Result<Value, Error> {
        self.0.erased_next_json()
    }

    /// Keeps the member `key`, one the spec does not describe, in `extra` as it came.
    #[inline(never)]
    pub fn extra(&mut self, extra: &mut Map<String, Value>, key: Key<'de>) -> Result<(), Error> {
        let value = self.0.erased_next_json()?;
        extra.insert(key.into_string(), value);
        Ok(())
    }
}

impl<'de> MapAccess<'de> for Members<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.0.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.erased_size_hint()
    }
}

/// A second occurrence of the member `key`.
#[cold]
pub(crate) fn duplicate(key: &Key<'_>) -> Error {
    de::Error::custom(format_args!("duplicate field `{}`", key.as_str()))
}

/// Fills `slot` with what `read` gives, rejecting a second occurrence of the member `key`.
#[inline]
fn fill<T>(
    slot: &mut Option<T>,
    key: &Key<'_>,
    read: impl FnOnce() -> Result<T, Error>,
) -> Result<(), Error> {
    if slot.is_some() {
        return Err(duplicate(key));
    }
    *slot = Some(read()?);
    Ok(())
}

/// The reads of a generated struct's members into their slots (`object!`'s read column),
/// each rejecting a second occurrence of the member `key`. Scalars and nested structs are read
/// by the concrete reader straight away; other types through the erased deserializer
/// ([`Members::next`]).
/// `Members` methods that read a value of one type straight from the concrete reader.
macro_rules! direct {
    ($($(#[$doc:meta])* $method:ident: $ty:ty => $erased:ident;)*) => {
        $(
            $(#[$doc])*
            #[inline(never)]
            pub fn $method(&mut self, slot: &mut Option<$ty>, key: &Key<'de>) -> Result<(), Error> {
                fill(slot, key, || self.0.$erased())
            }
        )*
    };
}

impl<'de> Members<'_, 'de> {
    /// A value of any type, through the erased deserializer (one copy per member type serves
    /// every struct).
    #[inline(never)]
    pub fn next<T: de::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        fill(slot, key, || {
            let mut seed = Seed::new(PhantomData::<T>);
            self.0.erased_next_value_seed(&mut seed)?;
            seed.output()
        })
    }

    /// A value that may be `null` (`None`), without compiling `Option`'s visitor per type.
    #[inline(never)]
    pub fn nullable<T: de::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<Option<T>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        fill(slot, key, || {
            let mut seed = Seed::new(PhantomData::<T>);
            Ok(if self.0.erased_next_value_option(&mut seed)? {
                Some(seed.output()?)
            } else {
                None
            })
        })
    }

    direct! {
        /// A string.
        string: String => erased_next_string;
        /// A string or `null`.
        string_or_null: Option<String> => erased_next_string_or_null;
        /// An integer.
        integer: i64 => erased_next_i64;
        /// An integer or `null`.
        integer_or_null: Option<i64> => erased_next_i64_or_null;
        /// A boolean.
        boolean: bool => erased_next_bool;
        /// A boolean or `null`.
        boolean_or_null: Option<bool> => erased_next_bool_or_null;
        /// Any JSON value (`json`).
        json: Value => erased_next_json;
        /// Any JSON value, `null` as `None`.
        json_or_null: Option<Value> => erased_next_json_or_null;
    }

    /// An array of generated structs.
    #[inline(never)]
    pub fn objects<T: Struct>(
        &mut self,
        slot: &mut Option<Vec<T>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        if slot.is_some() {
            return Err(duplicate(key));
        }
        // Each element is read into the array itself.
        let items = slot.insert(Vec::new());
        self.0
            .erased_next_objects(T::EXPECTING, &mut VecReader(items))
    }

    /// An array of generated structs or `null`.
    #[inline(never)]
    pub fn objects_or_null<T: Struct>(
        &mut self,
        slot: &mut Option<Option<Vec<T>>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        if slot.is_some() {
            return Err(duplicate(key));
        }
        let value = slot.insert(None);
        let mut items = Vec::new();
        if self
            .0
            .erased_next_objects_or_null(T::EXPECTING, &mut VecReader(&mut items))?
        {
            *value = Some(items);
        }
        Ok(())
    }

    /// An envelope's payload member ([`Payload::read_member`](crate::Payload::read_member)).
    #[inline]
    pub fn payload<P: crate::Payload>(
        &mut self,
        slot: &mut Option<P>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        P::read_member(self, slot, key)
    }

    /// A value of any type read by `seed` (a payload that is not a generated struct).
    #[inline(never)]
    pub fn seed<S: DeserializeSeed<'de>>(
        &mut self,
        slot: &mut Option<S::Value>,
        key: &Key<'de>,
        seed: S,
    ) -> Result<(), Error> {
        fill(slot, key, || self.0.next_value_seed(seed))
    }

    /// An open enum (from its text).
    #[inline(never)]
    pub fn enumeration<T: for<'a> From<&'a str>>(
        &mut self,
        slot: &mut Option<T>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        fill(slot, key, || {
            Ok(T::from(self.0.erased_next_text()?.as_str()))
        })
    }

    /// An open enum or `null`.
    #[inline(never)]
    pub fn enumeration_or_null<T: for<'a> From<&'a str>>(
        &mut self,
        slot: &mut Option<Option<T>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        fill(slot, key, || {
            Ok(self
                .0
                .erased_next_text_or_null()?
                .map(|text| T::from(text.as_str())))
        })
    }

    /// A format's text under `presence: tolerant` ([`Lenient`](crate::Lenient)).
    #[inline(never)]
    pub fn lenient<T: std::str::FromStr>(
        &mut self,
        slot: &mut Option<crate::Lenient<T>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        fill(slot, key, || {
            Ok(crate::Lenient::from_text(
                self.0.erased_next_text()?.as_str(),
            ))
        })
    }

    /// A format's text under `presence: tolerant`, or `null`.
    #[inline(never)]
    pub fn lenient_or_null<T: std::str::FromStr>(
        &mut self,
        slot: &mut Option<Option<crate::Lenient<T>>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        fill(slot, key, || {
            Ok(self
                .0
                .erased_next_text_or_null()?
                .map(|text| crate::Lenient::from_text(text.as_str())))
        })
    }

    /// A generated struct.
    #[inline(never)]
    pub fn object<T: Struct>(&mut self, slot: &mut Option<T>, key: &Key<'de>) -> Result<(), Error> {
        if slot.is_some() {
            return Err(duplicate(key));
        }
        // Read into the slot itself: a struct's value is not moved from place to place.
        self.0
            .erased_next_object(T::EXPECTING, &mut SlotReader(slot))?;
        match slot {
            Some(_) => Ok(()),
            None => Err(not_read()),
        }
    }

    /// A generated struct or `null`.
    #[inline(never)]
    pub fn object_or_null<T: Struct>(
        &mut self,
        slot: &mut Option<Option<T>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        if slot.is_some() {
            return Err(duplicate(key));
        }
        let value = slot.insert(None);
        if self
            .0
            .erased_next_object_or_null(T::EXPECTING, &mut SlotReader(value))?
            && value.is_none()
        {
            return Err(not_read());
        }
        Ok(())
    }

    /// A generated struct, boxed (a recursive member).
    #[inline(never)]
    pub fn boxed<T: Struct>(
        &mut self,
        slot: &mut Option<Box<T>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        let mut value = None;
        self.object(&mut value, key)?;
        fill(slot, key, || Ok(Box::new(value.ok_or_else(not_read)?)))
    }

    /// A generated struct or `null`, boxed (a recursive member).
    #[inline(never)]
    pub fn boxed_or_null<T: Struct>(
        &mut self,
        slot: &mut Option<Option<Box<T>>>,
        key: &Key<'de>,
    ) -> Result<(), Error> {
        let mut value = None;
        self.object_or_null(&mut value, key)?;
        fill(slot, key, || Ok(value.ok_or_else(not_read)?.map(Box::new)))
    }
}

/// `T` read from `deserializer` through the erased reader, so that `T`'s code compiled for it
/// serves (the drift placeholders use it rather than compiling every type for their reader);
/// `None` when it does not read. Only the seed's bookkeeping is compiled per `T`.
pub(crate) fn read_erased<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Option<T> {
    let mut seed = Seed::new(PhantomData::<T>);
    if read_into(deserializer, &mut seed) {
        seed.out
    } else {
        None
    }
}

/// Whether `seed` read a value from `deserializer` (compiled once per reader).
fn read_into<'de, D: Deserializer<'de>>(deserializer: D, seed: &mut dyn ErasedSeed<'de>) -> bool {
    let mut erased = DeserializerErase::new(deserializer);
    seed.erased_deserialize(&mut erased).is_ok()
}

/// A generated struct: its member loop and what it expects, for `object!` and for the structs
/// that hold it (which read it straight from the concrete reader, [`Members::object`]).
pub trait Struct: Sized {
    /// What completes "invalid type: ..., expected ..." messages (`a `Label` object`).
    const EXPECTING: &'static str;

    /// Reads the struct's members into `out` (the loop `object!` writes, compiled once per
    /// struct): the struct is built where it is kept, not moved there.
    fn read(members: Members<'_, '_>, out: &mut Option<Self>) -> Result<(), Error>;
}

/// Reads a generated struct from any deserializer: its `Deserialize` impl.
///
/// Only this small function is compiled per struct and reader: the visitor it hands the
/// reader is one type for all structs, and the struct's loop is called through `dyn`.
#[inline]
pub fn object<'de, D: Deserializer<'de>, T: Struct>(deserializer: D) -> Result<T, D::Error> {
    let mut out = None;
    read_object(deserializer, T::EXPECTING, &mut SlotReader(&mut out))?;
    match out {
        Some(value) => Ok(value),
        None => Err(not_read()),
    }
}

#[cold]
fn not_read<E: de::Error>() -> E {
    E::custom("hookspec: an object was not read")
}

/// A struct's member loop with the place for its value, behind `dyn`.
pub trait ReadObject<'de> {
    /// Reads the struct from `members` into the reader.
    fn read(&mut self, members: Members<'_, 'de>) -> Result<(), Error>;
}

/// A struct's member loop writing straight into a member's slot.
struct SlotReader<'s, T>(&'s mut Option<T>);

impl<'de, T: Struct> ReadObject<'de> for SlotReader<'_, T> {
    fn read(&mut self, members: Members<'_, 'de>) -> Result<(), Error> {
        T::read(members, self.0)
    }
}

/// A struct's member loop appending to an array (the elements of [`Members::objects`]).
struct VecReader<'s, T>(&'s mut Vec<T>);

impl<'de, T: Struct> ReadObject<'de> for VecReader<'_, T> {
    fn read(&mut self, members: Members<'_, 'de>) -> Result<(), Error> {
        let mut item = None;
        T::read(members, &mut item)?;
        self.0.extend(item);
        Ok(())
    }
}

/// Compiled once per reader.
fn read_object<'de, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
    reader: &mut dyn ReadObject<'de>,
) -> Result<(), D::Error> {
    deserializer.deserialize_map(ObjectVisitor { expecting, reader })
}

/// A nested struct's value, read by its reader from the concrete reader.
struct ObjectSeed<'r, 'de> {
    expecting: &'static str,
    reader: &'r mut dyn ReadObject<'de>,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        read_object(deserializer, self.expecting, self.reader)
    }
}

/// `seed`'s value unless the value is `null` (`false` then), without compiling `Option`'s
/// visitor for it.
struct OrNull<S> {
    /// What the value is expected to be (only a reader that rejects the value outright, not
    /// a JSON reader, would show it).
    expecting: &'static str,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> DeserializeSeed<'de> for OrNull<S> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for OrNull<S> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        self.seed.deserialize(deserializer)?;
        Ok(true)
    }
}

/// An array of nested structs, each read by the reader from the concrete reader.
struct ObjectsSeed<'r, 'de> {
    expecting: &'static str,
    reader: &'r mut dyn ReadObject<'de>,
}

impl<'de> DeserializeSeed<'de> for ObjectsSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ObjectsSeed<'_, 'de> {
    type Value = ();

    /// What `Vec`'s own visitor says.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(ObjectSeed {
                expecting: self.expecting,
                reader: &mut *self.reader,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// The one visitor of every generated struct.
struct ObjectVisitor<'r, 'de> {
    expecting: &'static str,
    reader: &'r mut dyn ReadObject<'de>,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut erased = MapErase { map, kept: None };
        self.reader
            .read(Members(&mut erased))
            .map_err(|error| error.unerase(&mut erased.kept))
    }
}
