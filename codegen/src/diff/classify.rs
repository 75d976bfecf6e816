//! What each difference does to the generated API, by Rust's semver rules (the Cargo book's
//! "SemVer compatibility" chapter) applied to the code the generator emits:
//!
//! - every struct (payloads, shared objects, `Envelope<P>`) is `#[non_exhaustive]` and keeps
//!   undescribed members in `extra`: a new member is **minor** (no user can build one with a
//!   struct literal, nor destructure one without `..`). A new *required* member under
//!   `presence: strict` is **major** all the same: deliveries without it parsed before and are
//!   rejected now; under `presence: tolerant` they still parse (with drift), so it is minor;
//! - a required member is `T`, an optional or nullable one `Option<T>` (both:
//!   `Option<Option<T>>`): required ↔ optional and nullable changes are type changes, **major**,
//!   as is any other change of a member's Rust type or name, and a removed member;
//! - `Event`, each compound name's enum, every open enum and every union are
//!   `#[non_exhaustive]`: a new event, enum value or union branch is **minor** (values that
//!   were `Unknown`/`_Unknown`/`Other` before get a variant of their own); a removed or renamed
//!   one is **major**;
//! - a stricter parse (`presence: tolerant` → `strict`, a union that stops keeping unknown
//!   values, a new envelope `match`, a removed alias) rejects or re-routes deliveries that
//!   worked: **major**; the opposite direction is **minor**;
//! - signing: any change of the scheme makes deliveries signed the old way fail to verify (or
//!   changes what a receiver must configure): **major**, except a wider replay window and a
//!   new idempotency key, which are **minor**;
//! - deprecating an item adds `#[deprecated]` (warnings, not errors): **minor**;
//! - documentation, examples, event groups and doc-only notes: **patch**.

use super::compare::Found;
use super::{Change, Impact, Item, Kind, Scope};

/// Classifies one difference.
pub fn classify(found: Found) -> Change {
    let (impact, why) = impact(&found.scope, found.item, found.kind);
    Change {
        scope: found.scope,
        item: found.item,
        name: found.name,
        kind: found.kind,
        old: found.old,
        new: found.new,
        impact,
        why,
    }
}

/// The impact of a change of `kind` to an `item` in `scope`, and why.
pub fn impact(scope: &Scope, item: Item, kind: Kind) -> (Impact, &'static str) {
    use Impact::{Major, Minor, Patch};
    match kind {
        Kind::DocChanged => (Patch, "documentation, examples or metadata only"),
        Kind::Deprecated => (
            Minor,
            "a #[deprecated] item warns, it does not break builds",
        ),
        Kind::Undeprecated => (Patch, "a deprecation is lifted"),
        Kind::Added { required, tolerant } => added(scope, item, required, tolerant),
        Kind::Removed => removed(scope, item),
        Kind::TypeChanged => (Major, "code using the old type no longer compiles"),
        Kind::BecameOptional => (Major, "`T` becomes `Option<T>`"),
        Kind::BecameRequired => (
            Major,
            "`Option<T>` becomes `T`, and deliveries without the member are rejected",
        ),
        Kind::BecameNullable => (Major, "`T` becomes `Option<T>`"),
        Kind::BecameNonNullable => (
            Major,
            "`Option<T>` becomes `T`, and deliveries with `null` are rejected",
        ),
        Kind::Renamed => (
            Major,
            "code naming the old field, variant or module no longer compiles",
        ),
        Kind::BecameTolerant => (
            Minor,
            "deliveries that parsed still parse; missing members and nulls become drift instead of errors",
        ),
        Kind::BecameStrict => (Major, "deliveries that parsed with drift are rejected"),
        Kind::Opened => (
            Minor,
            "a new `Other` variant in a #[non_exhaustive] enum; values that failed now parse",
        ),
        Kind::Closed => (
            Major,
            "the `Other` variant is gone and values no branch takes are rejected",
        ),
        Kind::SelectionChanged => (
            Major,
            "values are told apart differently: some parse into another variant or not at all",
        ),
        Kind::Widened => (Minor, "every delivery that verified still verifies"),
        Kind::ValueChanged => match scope {
            Scope::Signing => (
                Major,
                "deliveries signed the old way no longer verify, or receivers must be configured differently",
            ),
            _ => (
                Major,
                "deliveries are identified differently: some no longer parse as the same event",
            ),
        },
    }
}

fn added(scope: &Scope, item: Item, required: bool, tolerant: bool) -> (Impact, &'static str) {
    use Impact::{Major, Minor};
    match (scope, item) {
        (Scope::Common, Item::Member) => (Minor, "a new accessor on `Event`"),
        (_, Item::Member) if required && !tolerant => (
            Major,
            "a new required member under `presence: strict`: deliveries without it, which parsed before, are rejected",
        ),
        (_, Item::Member) if required => (
            Minor,
            "a new field of a #[non_exhaustive] struct; under `presence: tolerant` deliveries without it still parse (drift)",
        ),
        (_, Item::Member) => (Minor, "a new `Option` field of a #[non_exhaustive] struct"),
        (Scope::Event(_), Item::Whole) => (
            Minor,
            "a new variant of the #[non_exhaustive] event enum; such deliveries were `Unknown` before",
        ),
        (Scope::Event(_), Item::Alias) => (
            Minor,
            "deliveries under the new name parse as the event instead of `Unknown`",
        ),
        (Scope::Enum(_), Item::Value) => (
            Minor,
            "a new variant of a #[non_exhaustive] open enum; the value was `_Unknown` before, `as_str()` is unchanged",
        ),
        (Scope::Union(_), Item::Branch) => (Minor, "a new variant of a #[non_exhaustive] union"),
        (Scope::Envelope, Item::Match) => (
            Major,
            "deliveries without the value, which parsed as known events, become `Unknown`",
        ),
        (Scope::Envelope, Item::Whole) => (
            Major,
            "every event's variant now holds `Envelope<P>` instead of its payload",
        ),
        (Scope::Signing, _) => (
            Minor,
            "a new constant value; nothing that verified stops verifying",
        ),
        _ => (Minor, "a new type"),
    }
}

fn removed(scope: &Scope, item: Item) -> (Impact, &'static str) {
    use Impact::{Major, Minor};
    match (scope, item) {
        (Scope::Envelope, Item::Match) => (
            Minor,
            "deliveries that were `Unknown` for lack of the value now parse as known events",
        ),
        (Scope::Event(_), Item::Alias) => (Major, "deliveries under the old name become `Unknown`"),
        (Scope::Common, Item::Member) => (Major, "an accessor on `Event` is gone"),
        (_, Item::Member) => (Major, "the field is gone"),
        (Scope::Event(_), Item::Whole) => (
            Major,
            "the variant is gone; such deliveries become `Unknown`",
        ),
        (Scope::Envelope, Item::Whole) => (
            Major,
            "every event's variant now holds its payload instead of `Envelope<P>`",
        ),
        (Scope::Signing, _) => (Major, "receivers relying on the value lose it"),
        (_, Item::Value | Item::Branch) => (Major, "the variant is gone"),
        _ => (Major, "the type is gone"),
    }
}
