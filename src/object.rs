//! The `Serialize` and `Deserialize` impls of every generated struct, from a table.
//!
//! A generated struct is its definition (a field per member, with its docs) and one table line
//! per member for [`object!`](crate::__object): the member's wire name, what its absence means
//! and how its value is read. Everything else, the same for every struct, is written once here:
//! the member loop (compiled once per struct, through the erased reader of `erased.rs`),
//! duplicate and unknown members, drift, and writing members back as they came.

/// `Serialize` and `Deserialize` for a generated struct, from one line per member:
///
/// ```text
/// hookspec::__private::object! {
///     impl Label = "a `Label` object", drift;
///     color: "color", required, next;
///     description: "description", tolerant_absent, nullable;
/// }
/// ```
///
/// After `impl`: the struct (`Name` or `Name<P>`, `P` its envelope's payload), the text that
/// completes "invalid type: ..., expected ..." messages, and `drift` when the struct records
/// drift in a field of that name. Then per member: its field, its wire name, its presence and
/// its read.
///
/// Presence, as the spec's presence, nullability and policy make it:
/// - `required`: absent is an error; written as it is.
/// - `optional`: absent is `None`; written only when present.
/// - `tolerant`: required, absent or `null` (where the spec says non-null) is drift: a
///   placeholder, recorded, and written back as it came.
/// - `tolerant_absent`: required and taking `null` (nullable, or `json`): absent is drift.
/// - `tolerant_optional`: optional and not nullable: `null` is drift (`None`, recorded).
/// - `payload`: the envelope's payload member (the payload type says what absence means).
///
/// Read: how the value is read into its slot, the fastest way its type allows: `string`,
/// `integer`, `boolean`, `json`, `object` (a generated struct), `boxed` (a generated struct in
/// a `Box`), each also `_or_null` (`null` is `None`), read by the concrete reader straight away;
/// else `next` (any type, through the erased deserializer), `nullable` (any type or `null`,
/// without compiling `Option`'s visitor for it), `objects` (an array of generated structs,
/// also `_or_null`), `json_or_null` or `payload` (the envelope's payload). See `Members`.
///
/// Not a public API: generated code calls it through `hookspec::__private::object!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        $(#[$attr:meta])*
        impl $name:ident $(<$param:ident>)? = $expecting:literal $(, $drift:ident)?;
        $($field:ident: $wire:literal, $presence:ident, $read:ident;)*
    ) => {
        $(#[$attr])*
        impl $(<$param: $crate::Payload>)? $crate::__private::serde::Serialize for $name $(<$param>)? {
            #[inline(never)]
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use $crate::__private::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                $($crate::__object!(@write $presence map self $field $wire);)*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        $(#[$attr])*
        impl $(<$param: $crate::Payload>)? $crate::__private::Struct for $name $(<$param>)? {
            const EXPECTING: &'static str = $expecting;

            #[inline(never)]
            fn read(
                mut map: $crate::__private::Members<'_, '_>,
                out: &mut ::core::option::Option<Self>,
            ) -> ::core::result::Result<(), $crate::__private::ReadError> {
                $(let mut $field = ::core::option::Option::None;)*
                let mut extra = $crate::__private::serde_json::Map::new();
                $(let mut $drift = $crate::drift::Marks::none();)?
                while let ::core::option::Option::Some(key) = map.next_key()? {
                    // One `?` for all the arms: a `?` per member is a branch and a return path each.
                    match key.as_str() {
                        $($wire => $crate::__object!(@read $read map key $field $wire),)*
                        _ => map.extra(&mut extra, key),
                    }?;
                }
                $crate::__object!(
                    @build $name out extra [$($drift)?]
                    $($field $wire $presence;)*
                )
            }
        }

        $(#[$attr])*
        impl<'de $(, $param: $crate::Payload)?> $crate::__private::serde::Deserialize<'de>
            for $name $(<$param>)?
        {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::object(deserializer)
            }
        }
    };

    // Reading a member's value into its slot.

    // `next`, `nullable`, `string`, `object`, `payload`, ...: a method of `Members`.
    (@read $read:ident $map:ident $key:ident $field:ident $wire:literal) => {
        $map.$read(&mut $field, &$key)
    };

    // Building the struct in `out`: each member's value from its slot, then one `match` on
    // all of them (no early return per member: its drop code would be quadratic in the
    // members).
    (@build $name:ident $out:ident $extra:ident [$($drift:ident)?]) => {{
        *$out = ::core::option::Option::Some($name { $extra, $($drift,)? });
        ::core::result::Result::Ok(())
    }};
    (@build $name:ident $out:ident $extra:ident [] $($field:ident $wire:literal $presence:ident;)+) => {{
        $crate::__object!(@match $name $out [$extra]
            ($($crate::__object!(@value $presence [] $field $wire),)+) $($field)+)
    }};
    (@build $name:ident $out:ident $extra:ident [$drift:ident] $($field:ident $wire:literal $presence:ident;)+) => {{
        $crate::__object!(@match $name $out [$extra, $drift]
            ($($crate::__object!(@value $presence [$drift] $field $wire),)+) $($field)+)
    }};
    (@match $name:ident $out:ident [$($rest:ident),+] $values:tt $($field:ident)+) => {
        match $values {
            ($(::core::result::Result::Ok($field),)+) => {
                *$out = ::core::option::Option::Some($name { $($field,)+ $($rest,)+ });
                ::core::result::Result::Ok(())
            }
            ($($field,)+) => ::core::result::Result::Err($crate::__private::first_error(
                &mut [$(::core::result::Result::err($field),)+],
            )),
        }
    };

    // A member's value from its slot.
    (@value required [$($drift:ident)?] $field:ident $wire:literal) => {
        $crate::__private::required($field, $wire)
    };
    (@value optional [$($drift:ident)?] $field:ident $wire:literal) => {
        ::core::result::Result::<_, $crate::__private::ReadError>::Ok($field)
    };
    (@value tolerant [$drift:ident] $field:ident $wire:literal) => {
        $drift.member($field, $wire)
    };
    (@value tolerant_absent [$drift:ident] $field:ident $wire:literal) => {
        $drift.absent($field, $wire)
    };
    (@value tolerant_optional [$drift:ident] $field:ident $wire:literal) => {
        ::core::result::Result::<_, $crate::__private::ReadError>::Ok($drift.null($field, $wire))
    };
    (@value payload [$($drift:ident)?] $field:ident $wire:literal) => {
        $crate::__private::payload($field, $wire)
    };

    // Writing a member back.
    (@write required $map:ident $this:ident $field:ident $wire:literal) => {
        $map.serialize_entry($wire, &$this.$field)?
    };
    (@write optional $map:ident $this:ident $field:ident $wire:literal) => {
        $crate::__private::present(&mut $map, $wire, &$this.$field)?
    };
    (@write tolerant $map:ident $this:ident $field:ident $wire:literal) => {
        $this.drift.entry(&mut $map, $wire, &$this.$field)?
    };
    (@write tolerant_absent $map:ident $this:ident $field:ident $wire:literal) => {
        $this.drift.entry(&mut $map, $wire, &$this.$field)?
    };
    (@write tolerant_optional $map:ident $this:ident $field:ident $wire:literal) => {
        $this.drift.present(&mut $map, $wire, &$this.$field)?
    };
    (@write payload $map:ident $this:ident $field:ident $wire:literal) => {
        if !$crate::Payload::is_missing(&$this.$field) {
            $map.serialize_entry($wire, &$this.$field)?;
        }
    };
}

/// `impl Payload` for a generated type that an envelope's payload member holds (it must be
/// present): `payload!(Name: object)` for a generated struct (read straight from the concrete
/// reader, like a nested struct), `payload!(Name: deserialize)` for any other type.
///
/// Not a public API: generated code calls it through `hookspec::__private::payload!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __payload {
    ($name:ident: object) => {
        impl $crate::Payload for $name {
            fn deserialize_present<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::object(deserializer)
            }

            fn read_member<'de>(
                members: &mut $crate::__private::Members<'_, 'de>,
                slot: &mut ::core::option::Option<Self>,
                key: &$crate::__private::Key<'de>,
            ) -> ::core::result::Result<(), $crate::__private::ReadError> {
                members.object(slot, key)
            }
        }
    };
    ($name:ident: deserialize) => {
        impl $crate::Payload for $name {
            fn deserialize_present<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <Self as $crate::__private::serde::Deserialize<'de>>::deserialize(deserializer)
            }
        }
    };
}

/// `Debug`, `Clone` and `PartialEq` for an event enum, each of whose variants holds one value:
///
/// ```text
/// hookspec::__private::variants!(Event { Ping, Push, Unknown });
/// ```
///
/// The same impls `#[derive(Debug, Clone, PartialEq)]` writes, from the variants' names only.
/// An event enum's variants carry the vendor's documented examples in their docs (a doctest
/// each, often hundreds of lines), and a derive re-reads the whole item, every doc line of it,
/// once per derived trait: on GitHub's generated module that was 3 of the 3.4 seconds of macro
/// expansion in a debug build. This macro never sees the docs.
///
/// Not a public API: generated code calls it through `hookspec::__private::variants!`.
#[doc(hidden)]
#[macro_export]
macro_rules! __variants {
    ($name:ident { $($variant:ident),+ $(,)? }) => {
        #[allow(deprecated)]
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    $($name::$variant(value) => f.debug_tuple(stringify!($variant)).field(value).finish(),)+
                }
            }
        }

        #[allow(deprecated)]
        impl ::core::clone::Clone for $name {
            // As the derive does: compiled where it is used, not in this crate whether used or
            // not (in release that is every payload's `clone`, inlined).
            #[inline]
            fn clone(&self) -> Self {
                match self {
                    $($name::$variant(value) => $name::$variant(::core::clone::Clone::clone(value)),)+
                }
            }
        }

        #[allow(deprecated)]
        impl ::core::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                match (self, other) {
                    $(($name::$variant(left), $name::$variant(right)) => left == right,)+
                    #[allow(unreachable_patterns)]
                    _ => false,
                }
            }
        }
    };
}
