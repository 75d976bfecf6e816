//! What changed between two versions of a spec, and what it means for the generated crate's
//! semver.
//!
//! Both versions are compared as validated [models](crate::model), not as YAML text: a spec
//! that only changed formatting, comments or key order has no changes (verdict
//! [`Impact::Patch`]). Each change is classified by what it does to the generated Rust API
//! under Rust's semver rules, knowing what the generator emits: every struct, union, open enum
//! and event enum is `#[non_exhaustive]` (so a new member, union branch, enum value or event is
//! a minor change), a required member is `T` and an optional or nullable one `Option<T>`
//! (so changing either is a type change: major), and so on (see [`classify`]).
//!
//! ```no_run
//! use hookspec_codegen::diff::{self, SpecSource};
//!
//! let old = SpecSource::parse("git:HEAD:specs/gately.yaml").load().unwrap();
//! let new = SpecSource::parse("specs/gately.yaml").load().unwrap();
//! let diff = diff::diff(&old, &new);
//! println!("{}", diff.render_text());
//! assert!(diff.verdict() <= diff::Impact::Minor);
//! ```
//!
//! The stages have a module each: [`compare`] walks both models and records what differs,
//! [`classify`] says what each difference does to the API, [`report`] prints the result;
//! [`source`] reads a spec from a file or from git.

pub mod classify;
pub mod compare;
pub mod report;
pub mod source;

use std::fmt;

use crate::model::Vendor;

pub use source::{SourceError, SpecSource};

/// What a change means for the generated crate's version, in semver terms; ordered
/// `Patch < Minor < Major`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Nothing a user's code can observe in the API: documentation, examples, metadata.
    Patch,
    /// Additions code that uses the API keeps compiling and working with.
    Minor,
    /// Code that uses the API may stop compiling, or deliveries that parsed (or verified)
    /// before may not any more.
    Major,
}

impl Impact {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Patch => "patch",
            Impact::Minor => "minor",
            Impact::Major => "major",
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the spec (and the generated module) a change is: changes are grouped by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// The vendor as a whole: its id (the module name), names, where the event name travels.
    Vendor,
    /// How deliveries are signed (`SIGNING`, `IDEMPOTENCY_KEY`).
    Signing,
    /// The envelope struct (`Envelope<P>`).
    Envelope,
    /// The members every payload shares, read through `Event`'s accessors.
    Common,
    /// One event, by its wire name.
    Event(String),
    /// One generated struct, by Rust name.
    Struct(String),
    /// One open enum, by Rust name.
    Enum(String),
    /// One union, by Rust name.
    Union(String),
}

impl Scope {
    /// `vendor`, `signing`, `envelope`, `common`, `event`, `struct`, `enum` or `union`.
    pub fn kind(&self) -> &'static str {
        match self {
            Scope::Vendor => "vendor",
            Scope::Signing => "signing",
            Scope::Envelope => "envelope",
            Scope::Common => "common",
            Scope::Event(_) => "event",
            Scope::Struct(_) => "struct",
            Scope::Enum(_) => "enum",
            Scope::Union(_) => "union",
        }
    }

    /// The event's or type's name, for scopes that have one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Scope::Event(name) | Scope::Struct(name) | Scope::Enum(name) | Scope::Union(name) => {
                Some(name)
            }
            Scope::Vendor | Scope::Signing | Scope::Envelope | Scope::Common => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} `{name}`", self.kind()),
            None => f.write_str(self.kind()),
        }
    }
}

/// What an item of a spec is: the thing a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// The scope itself: the event, the struct, the enum, the union (or the envelope).
    Whole,
    /// A member of a struct, of the envelope, or a common member (by wire key).
    Member,
    /// A value of an open enum (as delivered).
    Value,
    /// A branch of a union (by variant name).
    Branch,
    /// Another name an event is delivered under.
    Alias,
    /// A member value the envelope must hold for an event to be known.
    Match,
    /// A parameter of the signing scheme, or of the vendor (`id`, `identity`, ...).
    Parameter,
}

impl Item {
    /// `whole`, `member`, `value`, `branch`, `alias`, `match` or `parameter`.
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Whole => "whole",
            Item::Member => "member",
            Item::Value => "value",
            Item::Branch => "branch",
            Item::Alias => "alias",
            Item::Match => "match",
            Item::Parameter => "parameter",
        }
    }
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// It is new. For a member: whether it is required, and under `presence: tolerant`.
    Added {
        /// A required member (a strict spec rejects deliveries without it).
        required: bool,
        /// Under `presence: tolerant` (an absent required member is drift, not an error).
        tolerant: bool,
    },
    /// It is gone.
    Removed,
    /// Its Rust type changed (`old`/`new` are the Rust types).
    TypeChanged,
    /// A required member became optional (`T` → `Option<T>`).
    BecameOptional,
    /// An optional member became required (`Option<T>` → `T`).
    BecameRequired,
    /// A member became nullable (`T` → `Option<T>`).
    BecameNullable,
    /// A nullable member no longer is (`Option<T>` → `T`).
    BecameNonNullable,
    /// Its Rust name (field, variant, module) changed while its wire name stayed.
    Renamed,
    /// Members moved from `presence: strict` to `tolerant`.
    BecameTolerant,
    /// Members moved from `presence: tolerant` to `strict`.
    BecameStrict,
    /// A union now keeps values no branch takes (`Other`).
    Opened,
    /// A union no longer keeps values no branch takes.
    Closed,
    /// How values are told apart (a union's tag, a branch's JSON kinds, tag value or key).
    SelectionChanged,
    /// A signing parameter, the event name's source, a value that is not a type.
    ValueChanged,
    /// A replay window widened (or went away): deliveries verify that did not before.
    Widened,
    /// It is now deprecated (`#[deprecated]`).
    Deprecated,
    /// It is no longer deprecated.
    Undeprecated,
    /// Its documentation, examples or metadata changed.
    DocChanged,
}

impl Kind {
    /// The change's name in JSON output: `added`, `removed`, `type_changed`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added { .. } => "added",
            Kind::Removed => "removed",
            Kind::TypeChanged => "type_changed",
            Kind::BecameOptional => "became_optional",
            Kind::BecameRequired => "became_required",
            Kind::BecameNullable => "became_nullable",
            Kind::BecameNonNullable => "became_non_nullable",
            Kind::Renamed => "renamed",
            Kind::BecameTolerant => "became_tolerant",
            Kind::BecameStrict => "became_strict",
            Kind::Opened => "opened",
            Kind::Closed => "closed",
            Kind::SelectionChanged => "selection_changed",
            Kind::ValueChanged => "value_changed",
            Kind::Widened => "widened",
            Kind::Deprecated => "deprecated",
            Kind::Undeprecated => "undeprecated",
            Kind::DocChanged => "doc_changed",
        }
    }
}

/// One difference between the two versions, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where it is.
    pub scope: Scope,
    /// What it is about.
    pub item: Item,
    /// The member's wire key, the value, the branch's variant, the alias or the parameter;
    /// `None` for [`Item::Whole`].
    pub name: Option<String>,
    /// What happened.
    pub kind: Kind,
    /// The old value (a Rust type, a parameter's value), where one says something.
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
    /// What it means for the crate's version.
    pub impact: Impact,
    /// Why: what it does to the generated API.
    pub why: &'static str,
}

/// Every change between two versions of one vendor's spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The old version's vendor id.
    pub old_vendor: String,
    /// The new version's vendor id.
    pub new_vendor: String,
    /// The changes, grouped by scope: the vendor, signing, the envelope, common members, the
    /// events (in the new spec's order, removed ones after), then structs, enums and unions.
    pub changes: Vec<Change>,
}

impl Diff {
    /// The version bump the changes need: the largest impact, `patch` when nothing changed.
    pub fn verdict(&self) -> Impact {
        self.changes
            .iter()
            .map(|change| change.impact)
            .max()
            .unwrap_or(Impact::Patch)
    }

    /// How many changes have this impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes
            .iter()
            .filter(|change| change.impact == impact)
            .count()
    }
}

/// Compares two validated versions of a spec (`old` first) and classifies every change.
pub fn diff(old: &Vendor, new: &Vendor) -> Diff {
    let changes = compare::compare(old, new)
        .into_iter()
        .map(classify::classify)
        .collect();
    Diff {
        old_vendor: old.id.clone(),
        new_vendor: new.id.clone(),
        changes,
    }
}
