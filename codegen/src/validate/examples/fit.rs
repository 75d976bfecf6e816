//! Whether a JSON value fits an event's types, by the rules of the generated parser.
//!
//! Each rule mirrors the code that reads a delivery at run time; the comments say where that
//! code lives. The generator does not depend on the runtime crate, so nothing is shared but
//! the two parsers the runtime's scalars use themselves (jiff for timestamps, rust_decimal for
//! decimal strings).

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::diagnostic::Severity;
use crate::model::{Branch, Enum, Envelope, Event, Field, JsonKind, Member, Select, Struct, Type};
use crate::model::{NameSource, Union, Vendor};

/// One step of a JSON path: an object member or an array element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The member with this key.
    Key(String),
    /// The element at this index.
    Index(usize),
}

/// A path from the root of a JSON value, shown in JSON terms: `data.purchases[0].id`, the
/// root as `$`, keys that are not identifiers as `["a key"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Step>);

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("$");
        }
        for (index, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if is_identifier(key) => {
                    if index > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Step::Key(key) => {
                    if index == 0 {
                        f.write_str("$")?;
                    }
                    write!(f, "[{}]", Value::String(key.clone()))?;
                }
                Step::Index(at) => {
                    if index == 0 {
                        f.write_str("$")?;
                    }
                    write!(f, "[{at}]")?;
                }
            }
        }
        Ok(())
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What kind of difference between a value and the spec a [`Misfit`] is.
///
/// `Absent`, `Null` and `Format` are *drift*: under `presence: tolerant` the parser accepts
/// them (keeping the value as it came and recording it), so the checker reports them as
/// warnings; under `presence: strict` they are errors, as the parser rejects them. The others
/// are never drift: `Type` and `NoVariant` are always errors; `UndocumentedMember`,
/// `UnlistedValue` and `OtherBranch` are always warnings (the parser keeps the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum MisfitKind {
    /// A member the spec requires is absent.
    Absent,
    /// `null` where the spec's type does not take it.
    Null,
    /// A string of a text format (`rfc3339`, `datetime`, `decimal_string`) that does not parse
    /// as that format.
    Format,
    /// A value of another JSON kind than the spec's type (a string where it says integer, an
    /// object where it says array), or an integer out of the 64-bit range.
    Type,
    /// An object that no variant of a closed union takes (its tag or keys select none).
    NoVariant,
    /// A member the spec does not describe (kept in `extra`).
    UndocumentedMember,
    /// A string the spec's enum does not list (kept as an unknown value).
    UnlistedValue,
    /// A value no branch of an open union takes (kept in `Other`).
    OtherBranch,
}

impl MisfitKind {
    /// Whether it is drift the parser tolerates under `presence: tolerant`: an absent
    /// required member, a `null` where the type excludes it, or a text that breaks its format.
    pub fn is_drift(self) -> bool {
        matches!(
            self,
            MisfitKind::Absent | MisfitKind::Null | MisfitKind::Format
        )
    }
}

/// Where a JSON value does not fit the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// What kind of difference it is.
    pub kind: MisfitKind,
    /// An error where the generated parser rejects the value; a warning where it accepts it but
    /// the spec does not describe it (a member it keeps in `extra`, an enum value it does not
    /// list, a value an open union keeps in `Other`).
    pub severity: Severity,
    /// Where, from the root of the value checked.
    pub path: JsonPath,
    /// What is wrong, in JSON terms.
    pub message: String,
    /// The spec element it is about (the member of an object type, the enum or the union),
    /// where there is one: what a correction of the spec would change.
    pub place: Option<Place>,
}

/// The spec element a [`Misfit`] is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A member of an object type.
    Member {
        /// The object type: a struct's Rust name (an event's inline payload included), or
        /// `None` for the envelope.
        owner: Option<String>,
        /// The member's key.
        member: String,
        /// Whether the misfit is the member itself (absent, undocumented, its value `null`, of
        /// another type or format) rather than something inside its value (an array's
        /// element, a nested object's member).
        whole: bool,
    },
    /// A value of this enum (Rust name) it does not list.
    Enum(String),
    /// A value of this union (Rust name) no branch takes.
    Union(String),
}

impl Misfit {
    /// Whether the problem is the member's key (an undocumented member) rather than its value.
    pub(crate) fn at_key(&self) -> bool {
        self.kind == MisfitKind::UndocumentedMember
    }
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A vendor's named types by Rust name, and the walk that checks values against them.
pub(crate) struct Fit<'a> {
    /// The spec (for the placeholder rule: `schema::presence::placeholder`).
    vendor: &'a Vendor,
    structs: HashMap<&'a str, &'a Struct>,
    enums: HashMap<&'a str, &'a Enum>,
    unions: HashMap<&'a str, &'a Union>,
    envelope: Option<&'a Envelope>,
    /// Top-level members the identity names (the sub-name member, the first key of the name
    /// member's path): described by the spec even where no object lists them as fields.
    identity: Vec<&'a str>,
    path: Vec<Step>,
    found: Vec<Misfit>,
    /// What is being checked, innermost last: the place a misfit reported now is about.
    scopes: Vec<Scope<'a>>,
    /// Told about every object and union value on the way, when set (an audit's
    /// coverage: `crate::audit`).
    pub(crate) observer: Option<Box<dyn Observer<'a> + 'a>>,
    /// Whether a text that breaks its format is drift here (the innermost field or union is
    /// under `presence: tolerant`: its text scalars are `Lenient`), not an error.
    lenient: bool,
}

/// What [`Fit`] is checking, for the [`Place`] of what it reports.
#[derive(Clone)]
enum Scope<'a> {
    /// A member of an object (`None`: the envelope); `depth` is the path's length at the
    /// object.
    Member {
        owner: Option<&'a str>,
        member: &'a str,
        depth: usize,
    },
    Enum(&'a str),
    Union(&'a str),
}

/// Told what the walk meets (the audit's coverage, `crate::audit`): the hooks see the spec's
/// elements beside the values.
pub(crate) trait Observer<'a> {
    /// An object of type `owner` (`None`: the envelope) with its documented `fields`; `also`
    /// are keys described elsewhere (a union's tag, the identity's members).
    fn object(
        &mut self,
        owner: Option<&'a str>,
        fields: &[&'a Field],
        also: &[&str],
        object: &Map<String, Value>,
    );
    /// A value of `def` and the branch that took it (`None`: kept in `Other`, or none).
    fn branch(&mut self, def: &'a Union, branch: Option<&'a Branch>, value: &Value);
}

/// A named type.
enum Named<'a> {
    Struct(&'a Struct),
    Enum(&'a Enum),
    Union(&'a Union),
}

impl<'a> Fit<'a> {
    pub(crate) fn new(vendor: &'a Vendor) -> Self {
        let mut structs = HashMap::with_capacity(vendor.structs.len());
        // The first of a name, as `Vendor::find_struct` finds it.
        for def in &vendor.structs {
            structs.entry(def.name.as_str()).or_insert(def);
        }
        Fit {
            vendor,
            structs,
            enums: vendor
                .enums
                .iter()
                .map(|def| (def.name.as_str(), def))
                .collect(),
            unions: (vendor.unions.iter())
                .map(|def| (def.name.as_str(), def))
                .collect(),
            envelope: vendor.envelope.as_ref(),
            identity: (vendor.identity.sub_name.iter().map(String::as_str))
                .chain(match &vendor.identity.name {
                    NameSource::Member(path) => path.first().map(String::as_str),
                    NameSource::Header(_) => None,
                })
                .collect(),
            path: Vec::new(),
            found: Vec::new(),
            scopes: Vec::new(),
            observer: None,
            lenient: false,
        }
    }

    /// Checks a whole delivery body of `event`: the envelope with the event's payload in its
    /// payload member, or (without an envelope) the payload itself, which holds the `common`
    /// members (validation added them to every payload object).
    pub(crate) fn delivery(&mut self, event: &'a Event, body: &Value) -> Vec<Misfit> {
        self.path.clear();
        match self.envelope {
            // `Envelope<P>` (emit/objects.rs `envelope`), `P` the event's payload type
            // (emit/events.rs `variant_type`).
            Some(envelope) => self.envelope(envelope, event, body),
            // The variant holds the payload type itself; an event without a documented payload
            // holds `UndocumentedPayload`, which takes any JSON value (src/event.rs).
            None => {
                if let Some(ty) = &event.payload {
                    let identity = std::mem::take(&mut self.identity);
                    self.described(ty, body, &identity);
                    self.identity = identity;
                }
            }
        }
        std::mem::take(&mut self.found)
    }

    fn named(&self, name: &str) -> Option<Named<'a>> {
        if let Some(def) = self.structs.get(name) {
            return Some(Named::Struct(def));
        }
        if let Some(def) = self.enums.get(name) {
            return Some(Named::Enum(def));
        }
        self.unions.get(name).map(|def| Named::Union(def))
    }

    fn report(&mut self, kind: MisfitKind, severity: Severity, message: impl Into<String>) {
        let place = self.scopes.last().map(|scope| match *scope {
            Scope::Member {
                owner,
                member,
                depth,
            } => Place::Member {
                owner: owner.map(str::to_owned),
                member: member.to_owned(),
                // An absent member is reported at its object; a value, one step down.
                whole: self.path.len() <= depth + 1,
            },
            Scope::Enum(name) => Place::Enum(name.to_owned()),
            Scope::Union(name) => Place::Union(name.to_owned()),
        });
        self.found.push(Misfit {
            kind,
            severity,
            path: JsonPath(self.path.clone()),
            message: message.into(),
            place,
        });
    }

    /// Runs `check` within `scope`.
    fn within<T>(&mut self, scope: Scope<'a>, check: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push(scope);
        let result = check(self);
        self.scopes.pop();
        result
    }

    fn error(&mut self, kind: MisfitKind, message: impl Into<String>) {
        self.report(kind, Severity::Error, message);
    }

    /// A value of the wrong kind: `null` is [`MisfitKind::Null`], anything else a type error.
    fn mismatch(&mut self, expected: &str, value: &Value) {
        let kind = if value.is_null() {
            MisfitKind::Null
        } else {
            MisfitKind::Type
        };
        self.error(kind, format!("expected {expected}, found {}", found(value)));
    }

    /// Runs `check` one step down.
    fn at<T>(&mut self, step: Step, check: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(step);
        let result = check(self);
        self.path.pop();
        result
    }

    fn envelope(&mut self, envelope: &'a Envelope, event: &'a Event, body: &Value) {
        let Some(object) = self.object_of(body, "a delivery object") else {
            return;
        };
        let identity = std::mem::take(&mut self.identity);
        let known = |key: &str| envelope.field(key).is_some() || identity.contains(&key);
        for member in &envelope.members {
            match member {
                Member::Field(field) => self.field(None, field, object),
                // `support::payload` and `Payload::deserialize_present` (src/support.rs,
                // src/event.rs): an absent member is an error unless the payload is
                // `optional` or undocumented; a present one must fit, `null` included.
                Member::Payload(field) => {
                    let scope = Scope::Member {
                        owner: None,
                        member: &field.wire,
                        depth: self.path.len(),
                    };
                    self.within(scope, |fit| {
                        match (object.get(&field.wire), &event.payload) {
                            (None, Some(_)) if !event.payload_optional => fit.error(
                                MisfitKind::Absent,
                                format!(
                                    "required member `{}` (the event's payload) is missing",
                                    field.wire
                                ),
                            ),
                            (None, _) | (Some(_), None) => {}
                            (Some(value), Some(ty)) => {
                                fit.at(Step::Key(field.wire.clone()), |fit| fit.value(ty, value));
                            }
                        }
                    });
                }
            }
        }
        self.undocumented(None, object, known);
        if let Some(observer) = &mut self.observer {
            let fields: Vec<&Field> = envelope.members.iter().map(Member::field).collect();
            observer.object(None, &fields, &identity, object);
        }
        self.identity = identity;
    }

    /// [`Fit::value`], where `also` are members of the object the spec describes elsewhere
    /// than in its type's fields (a union's tag member, the identity's members at the top of
    /// a body): the parser keeps them in `extra` too, but they are no surprise.
    fn described(&mut self, ty: &'a Type, value: &Value, also: &[&str]) {
        match ty {
            Type::Named(name) if !also.is_empty() => match self.named(name) {
                Some(Named::Struct(def)) => self.structure(def, value, also),
                // A body that is a union: its object variants hold the identity's members too.
                Some(Named::Union(def)) => self.union(def, value, also),
                _ => self.value(ty, value),
            },
            _ => self.value(ty, value),
        }
    }

    /// The object `value` is, or an error (`deserialize_map` on a struct's visitor,
    /// emit/objects.rs `object`).
    fn object_of<'v>(
        &mut self,
        value: &'v Value,
        expected: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(object) => Some(object),
            other => {
                self.mismatch(expected, other);
                None
            }
        }
    }

    /// A struct: every field read by key, the others kept in `extra` (emit/objects.rs
    /// `object`, `field_init`).
    fn structure(&mut self, def: &'a Struct, value: &Value, also: &[&str]) {
        let Some(object) = self.object_of(value, &format!("a `{}` object", def.name)) else {
            return;
        };
        for field in &def.fields {
            self.field(Some(&def.name), field, object);
        }
        self.undocumented(Some(&def.name), object, |key| {
            def.fields.iter().any(|field| field.wire == key) || also.contains(&key)
        });
        if let Some(observer) = &mut self.observer {
            let fields: Vec<&Field> = def.fields.iter().collect();
            observer.object(Some(&def.name), &fields, also, object);
        }
    }

    /// One field of `object`: `support::required` for a required one (src/support.rs); a
    /// present value is `T`, or `Option<T>` when nullable (emit/objects.rs `field_type`).
    ///
    /// Under `presence: tolerant` (emit/objects.rs `null_drifts`, `support::or_drift`,
    /// `or_absent`, `or_null`): a required member absent, or `null` where the field is not
    /// nullable (and not `json`), is drift, a warning at the member's path; its text scalars
    /// are `Lenient` (a text that breaks its format is drift too).
    fn field(&mut self, owner: Option<&'a str>, field: &'a Field, object: &Map<String, Value>) {
        let scope = Scope::Member {
            owner,
            member: &field.wire,
            depth: self.path.len(),
        };
        self.within(scope, |fit| match object.get(&field.wire) {
            None if field.optional => {}
            // A placeholder (src/drift.rs `placeholder`): `None` where nullable, else what
            // the type reads from an empty value; a closed union of tagged objects has none.
            None if field.tolerant && (field.nullable || fit.placeholder(&field.ty)) => {
                fit.at(Step::Key(field.wire.clone()), |fit| {
                    fit.drift(
                        MisfitKind::Absent,
                        format!(
                            "required member `{}` is absent (drift: the parser keeps a placeholder)",
                            field.wire
                        ),
                    );
                })
            }
            None => fit.error(
                MisfitKind::Absent,
                format!("required member `{}` is missing", field.wire),
            ),
            // `Option<T>` reads `null` as `None`.
            Some(Value::Null) if field.nullable => {}
            // `None` where optional, else a placeholder.
            Some(Value::Null)
                if field.tolerant
                    && field.ty != Type::Json
                    && (field.optional || fit.placeholder(&field.ty)) =>
            {
                fit.at(Step::Key(field.wire.clone()), |fit| {
                    fit.drift(
                        MisfitKind::Null,
                        "null where the spec says non-null (drift: the parser keeps a placeholder)",
                    );
                });
            }
            Some(value) => fit.at(Step::Key(field.wire.clone()), |fit| {
                let outer = std::mem::replace(&mut fit.lenient, field.tolerant);
                fit.value(&field.ty, value);
                fit.lenient = outer;
            }),
        });
    }

    /// Whether the parser can make a placeholder of `ty` for a tolerant member that is absent
    /// or `null`.
    fn placeholder(&self, ty: &Type) -> bool {
        crate::schema::presence::placeholder(self.vendor, ty)
    }

    /// Drift a tolerant spec accepts: a warning of its own kind.
    fn drift(&mut self, kind: MisfitKind, message: impl Into<String>) {
        self.report(kind, Severity::Warning, message);
    }

    /// Members the spec does not describe: kept in `extra`, so a warning.
    fn undocumented(
        &mut self,
        owner: Option<&str>,
        object: &Map<String, Value>,
        known: impl Fn(&str) -> bool,
    ) {
        for key in object.keys().filter(|key| !known(key)) {
            self.path.push(Step::Key(key.clone()));
            self.found.push(Misfit {
                kind: MisfitKind::UndocumentedMember,
                severity: Severity::Warning,
                path: JsonPath(self.path.clone()),
                message: "member not in the spec (the parser keeps it in `extra`)".to_owned(),
                place: Some(Place::Member {
                    owner: owner.map(str::to_owned),
                    member: key.clone(),
                    whole: true,
                }),
            });
            self.path.pop();
        }
    }

    /// A present value of type `ty` (`null` included: only `json` and open unions take it
    /// where the field is not nullable).
    fn value(&mut self, ty: &'a Type, value: &Value) {
        match ty {
            // `Value` takes anything.
            Type::Json => {}
            // serde's `String`, `bool`: their JSON kind only.
            Type::String => {
                if !value.is_string() {
                    self.mismatch("a string", value);
                }
            }
            Type::Bool => {
                if !value.is_boolean() {
                    self.mismatch("a boolean", value);
                }
            }
            // `i64`, and `EpochSeconds(i64)` / `EpochMillis(i64)` (src/scalars.rs): an integer
            // in the i64 range; serde_json reads `1.0`, `1e3` and `-0` as floats, which i64
            // rejects.
            Type::Integer | Type::EpochSeconds | Type::EpochMillis => self.integer(ty, value),
            // `serde_json::Number`: any number.
            Type::Number => {
                if !value.is_number() {
                    self.mismatch("a number", value);
                }
            }
            Type::Rfc3339 | Type::DateTime | Type::DecimalString => self.text(ty, value),
            // `Vec<T>`: an array whose every element is a `T` (never `null`, unless `T` takes
            // it).
            Type::Array(items) => match value {
                Value::Array(elements) => {
                    for (index, element) in elements.iter().enumerate() {
                        self.at(Step::Index(index), |fit| fit.value(items, element));
                    }
                }
                other => self.mismatch("an array", other),
            },
            // `BTreeMap<String, T>`: an object whose every value is a `T`.
            Type::Map(values) => match value {
                Value::Object(object) => {
                    for (key, member) in object {
                        self.at(Step::Key(key.clone()), |fit| fit.value(values, member));
                    }
                }
                other => self.mismatch("an object", other),
            },
            Type::Named(name) => match self.named(name) {
                Some(Named::Struct(def)) => self.structure(def, value, &[]),
                Some(Named::Enum(def)) => self.enumeration(def, value),
                Some(Named::Union(def)) => self.union(def, value, &[]),
                // Validation resolved every name; nothing to check against otherwise.
                None => {}
            },
        }
    }

    fn integer(&mut self, ty: &Type, value: &Value) {
        let what = match ty {
            Type::EpochSeconds => "an integer (seconds since the Unix epoch)",
            Type::EpochMillis => "an integer (milliseconds since the Unix epoch)",
            _ => "an integer",
        };
        match value {
            Value::Number(number) if number.is_i64() => {}
            Value::Number(number) if number.is_u64() => self.error(
                MisfitKind::Type,
                format!(
                    "expected {what}, found `{number}`, beyond the largest 64-bit signed integer"
                ),
            ),
            other => self.mismatch(what, other),
        }
    }

    /// The text scalars (src/scalars.rs `text_serde!`): a string that parses as the type.
    fn text(&mut self, ty: &Type, value: &Value) {
        let (what, parsed) = match (ty, value) {
            (Type::Rfc3339, Value::String(text)) => ("RFC 3339 timestamp", rfc3339(text)),
            (Type::DateTime, Value::String(text)) => ("date-time", date_time(text)),
            (Type::DecimalString, Value::String(text)) => ("decimal number", decimal(text)),
            (Type::Rfc3339, other) => return self.mismatch("an RFC 3339 timestamp string", other),
            (Type::DateTime, other) => return self.mismatch("a date-time string", other),
            (_, other) => return self.mismatch("a decimal number string", other),
        };
        match parsed {
            Ok(()) => {}
            // `hookspec::Lenient` keeps the text (src/drift.rs).
            Err(error) if self.lenient => self.drift(
                MisfitKind::Format,
                format!("invalid {what} {value} (drift: the parser keeps the text): {error}"),
            ),
            Err(error) => self.error(
                MisfitKind::Format,
                format!("invalid {what} {value}: {error}"),
            ),
        }
    }

    /// An open enum (emit/enums.rs, `support::deserialize_str`): any string; one it does not
    /// list is kept as an unknown value, so a warning.
    fn enumeration(&mut self, def: &'a Enum, value: &Value) {
        match value {
            Value::String(text) if def.values.iter().any(|listed| &listed.wire == text) => {}
            Value::String(_) => self.within(Scope::Enum(&def.name), |fit| {
                fit.report(
                    MisfitKind::UnlistedValue,
                    Severity::Warning,
                    format!(
                        "{value} is not a listed value of `{}` (the parser keeps it as an unknown value)",
                        def.name
                    ),
                );
            }),
            other => self.mismatch(&format!("a string (`{}`)", def.name), other),
        }
    }

    /// A union (emit/unions.rs `union`, `kind_arms`): the value's JSON kind chooses the branch;
    /// where several branches are objects, the tag member's value, then a key, in spec order,
    /// then the `otherwise` branch; a value no branch takes is kept in `Other` when the union
    /// is open, else an error.
    fn union(&mut self, def: &'a Union, value: &Value, also: &[&str]) {
        let kind = kind(value);
        let takers: Vec<&Branch> = def
            .branches
            .iter()
            .filter(|branch| kind.is_some_and(|kind| branch.kinds.contains(&kind)))
            .collect();
        let chosen = match takers.as_slice() {
            [] => None,
            [branch] if branch.select == Select::Kind => Some(*branch),
            selected => {
                // `value.object()?`: only objects are told apart by more than their kind.
                let Value::Object(object) = value else {
                    return self.mismatch("an object", value);
                };
                let tagged = def.tag.as_deref().and_then(|tag| {
                    let tag_value = object.get(tag).and_then(Value::as_str)?;
                    selected
                        .iter()
                        .find(|branch| matches!(&branch.select, Select::Tag(wanted) if wanted == tag_value))
                });
                let keyed = || {
                    selected.iter().find(
                        |branch| matches!(&branch.select, Select::Key(key) if object.contains_key(key)),
                    )
                };
                let otherwise =
                    || (selected.iter()).find(|branch| branch.select == Select::Otherwise);
                match tagged.or_else(keyed).or_else(otherwise) {
                    Some(branch) => Some(*branch),
                    None if def.open => None,
                    None => {
                        let message = format!(
                            "no variant of `{}` fits this object; expected {}",
                            def.name,
                            object_choices(def, selected)
                        );
                        return self.within(Scope::Union(&def.name), |fit| {
                            fit.error(MisfitKind::NoVariant, message);
                        });
                    }
                }
            }
        };
        if let Some(observer) = &mut self.observer {
            observer.branch(def, chosen, value);
        }
        match chosen {
            Some(branch) => {
                let tag: Vec<&str> = def
                    .tag
                    .as_deref()
                    .into_iter()
                    .chain(also.iter().copied())
                    .collect();
                // The branch's text scalars are `Lenient` when the union is tolerant.
                let outer = std::mem::replace(&mut self.lenient, def.tolerant);
                self.described(&branch.ty, value, &tag);
                self.lenient = outer;
            }
            None if def.open => self.within(Scope::Union(&def.name), |fit| {
                fit.report(
                    MisfitKind::OtherBranch,
                    Severity::Warning,
                    format!(
                        "{} fits no variant of `{}` (the parser keeps it as JSON in `Other`)",
                        found(value),
                        def.name
                    ),
                );
            }),
            None => self.mismatch(&expecting(def), value),
        }
    }
}

/// The value's JSON kind as a union sees it (`support::UnionVisitor`, src/support.rs): serde_json
/// visits integers as `i64`/`u64` and every other number as `f64`; `null` has none.
fn kind(value: &Value) -> Option<JsonKind> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => JsonKind::Bool,
        Value::Number(number) if number.is_i64() || number.is_u64() => JsonKind::Integer,
        Value::Number(_) => JsonKind::Number,
        Value::String(_) => JsonKind::String,
        Value::Array(_) => JsonKind::Array,
        Value::Object(_) => JsonKind::Object,
    })
}

/// The kinds a union takes, as its `EXPECTING` says them (emit/unions.rs `expecting`).
fn expecting(def: &Union) -> String {
    let mut kinds: Vec<JsonKind> = (def.branches.iter())
        .flat_map(|branch| branch.kinds.iter().copied())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut words: Vec<&str> = kinds.iter().map(|kind| kind.describe()).collect();
    let words = match words.pop() {
        None => "a value".to_owned(),
        Some(last) if words.is_empty() => last.to_owned(),
        Some(last) => format!("{} or {last}", words.join(", ")),
    };
    format!("{words} (`{}`)", def.name)
}

/// What a closed union's objects must look like (emit/unions.rs `object_choices`).
fn object_choices(def: &Union, selected: &[&Branch]) -> String {
    let tag = def.tag.as_deref().unwrap_or_default();
    let choices: Vec<String> = selected
        .iter()
        .filter_map(|branch| match &branch.select {
            Select::Tag(value) => Some(format!("`{tag}` = `{value}`")),
            Select::Key(key) => Some(format!("a `{key}` member")),
            Select::Kind | Select::Otherwise => None,
        })
        .collect();
    format!("an object with {}", choices.join(" or "))
}

/// A value in JSON terms, with the scalar itself: "an integer (`5`)", "null".
fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("a boolean (`{flag}`)"),
        Value::Number(number) if number.is_i64() || number.is_u64() => {
            format!("an integer (`{number}`)")
        }
        Value::Number(number) => format!("a number (`{number}`)"),
        Value::String(text) if text.chars().count() > 40 => {
            let start: String = text.chars().take(37).collect();
            format!("a string (\"{start}...\")")
        }
        Value::String(_) => format!("a string ({value})"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// `Rfc3339::from_str` (src/scalars.rs): jiff's `Timestamp` parser.
fn rfc3339(text: &str) -> Result<(), String> {
    text.parse::<jiff::Timestamp>()
        .map(drop)
        .map_err(|error| error.to_string())
}

/// `DecimalString::from_str` (src/scalars.rs): rust_decimal's parser.
fn decimal(text: &str) -> Result<(), String> {
    text.parse::<rust_decimal::Decimal>()
        .map(drop)
        .map_err(|error| error.to_string())
}

/// `DateTime::from_str` (src/scalars.rs): the accepted shape, then jiff's reading of the
/// pieces, and an instant jiff can hold where the text has an offset.
fn date_time(text: &str) -> Result<(), String> {
    let (civil_end, offset_start) =
        date_time_shape(text).map_err(|expected| format!("{expected}, found {text:?}"))?;
    let joined;
    let normalised = if civil_end == offset_start {
        text
    } else {
        joined = [&text[..civil_end], &text[offset_start..]].concat();
        &joined
    };
    let pieces =
        jiff::fmt::temporal::Pieces::parse(normalised).map_err(|error| error.to_string())?;
    let time = pieces
        .time()
        .ok_or_else(|| format!("expected a time after the date, found {text:?}"))?;
    let civil = pieces.date().to_datetime(time);
    if let Some(offset) = pieces.to_numeric_offset() {
        offset
            .to_timestamp(civil)
            .map_err(|error| error.to_string())?;
    }
    Ok(())
}

/// A copy of `date_time_shape` in src/scalars.rs (keep the two the same: the fixture test
/// `text_formats_agree` in fixtures/tests/example_check.rs checks both on the same texts):
/// where the wall-clock reading ends and the offset starts in an accepted text.
fn date_time_shape(text: &str) -> Result<(usize, usize), &'static str> {
    let bytes = text.as_bytes();
    let from = |at: usize| bytes.get(at..).unwrap_or_default();
    let digits = |at: usize, count: usize| {
        bytes
            .get(at..at + count)
            .is_some_and(|run| run.iter().all(u8::is_ascii_digit))
    };
    let byte_is = |at: usize, allowed: &[u8]| bytes.get(at).is_some_and(|b| allowed.contains(b));

    let year_end = match bytes.first() {
        Some(b'+' | b'-') if digits(1, 6) => 7,
        _ if digits(0, 4) => 4,
        _ => return Err("expected a date `YYYY-MM-DD` at the start"),
    };
    if !(byte_is(year_end, b"-")
        && digits(year_end + 1, 2)
        && byte_is(year_end + 3, b"-")
        && digits(year_end + 4, 2))
    {
        return Err("expected a date `YYYY-MM-DD` at the start");
    }
    let mut at = year_end + 6;
    if !byte_is(at, b"Tt ") {
        return Err("expected `T` or a space between the date and the time");
    }
    at += 1;
    if !(digits(at, 2) && byte_is(at + 2, b":") && digits(at + 3, 2)) {
        return Err("expected a time `HH:MM` or `HH:MM:SS` after the date");
    }
    at += 5;
    if byte_is(at, b":") {
        if !digits(at + 1, 2) {
            return Err("expected two digits of seconds after `HH:MM:`");
        }
        at += 3;
        if byte_is(at, b".") {
            let fraction = from(at + 1)
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if !(1..=9).contains(&fraction) {
                return Err("expected 1 to 9 digits of fractional seconds after `.`");
            }
            at += 1 + fraction;
        }
    }

    let civil_end = at;
    let offset_start = match from(at) {
        [b' ', b'+' | b'-', ..] => at + 1,
        _ => at,
    };
    let offset_ok = match from(offset_start) {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    if !offset_ok {
        return Err("expected nothing, `Z`, or an offset `±HH:MM` or `±HHMM` \
                    (optionally after one space) after the time");
    }
    Ok((civil_end, offset_start))
}

#[cfg(test)]
mod tests {
    use super::{JsonPath, Step};

    #[test]
    fn paths_read_as_json() {
        let key = |key: &str| Step::Key(key.to_owned());
        assert_eq!(JsonPath(vec![]).to_string(), "$");
        assert_eq!(
            JsonPath(vec![
                key("data"),
                key("purchases"),
                Step::Index(0),
                key("id")
            ])
            .to_string(),
            "data.purchases[0].id"
        );
        assert_eq!(
            JsonPath(vec![key("metadata"), key("a key")]).to_string(),
            "metadata[\"a key\"]"
        );
        assert_eq!(JsonPath(vec![Step::Index(2)]).to_string(), "$[2]");
        assert_eq!(JsonPath(vec![key("1st")]).to_string(), "$[\"1st\"]");
    }
}
