//! The corrections an audit supports, written as an overlay `hookspec import --overlay`
//! applies (the format is in `import/overlay.rs`).
//!
//! Written: members made optional (absent where required) or nullable (`null` where the spec
//! says non-null), members added (`add: true`) with the type that takes every value seen
//! (always optional: the vendor promises nothing about a member it does not document), and
//! enum values added (`values`). Each correction's `note` names the deliveries that support
//! it. Not written, but listed as comments for a person to decide: type and format errors
//! (changing a member's type loses what the spec promised for every other delivery), objects
//! no union variant takes, values an open union keeps in `Other`, misfits inside a member's
//! value (an array's `null` element), and members of the envelope or `common` members, which
//! the hand-written base declares.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Audit, Finding};
use crate::validate::{MisfitKind, Place};

/// An overlay written from an audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// The overlay's YAML text.
    pub yaml: String,
    /// How many corrections it holds.
    pub corrections: usize,
    /// What it does not correct, each with the reason (also in the YAML, as comments).
    pub left: Vec<String>,
}

/// One member's corrections, and the deliveries behind each.
#[derive(Default)]
struct MemberFix {
    absent: BTreeSet<String>,
    null: BTreeSet<String>,
    /// A member the spec lacks: its type, whether `null` was seen, and where it was seen.
    added: Option<(String, bool, BTreeSet<String>)>,
}

impl Audit<'_> {
    /// The corrections the deliveries recorded so far support, as an overlay.
    pub fn overlay(&self) -> Overlay {
        let seen = self.seen.borrow();
        let mut members: BTreeMap<(String, String), MemberFix> = BTreeMap::new();
        let mut values: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        let mut left = Vec::new();
        for ((kind, place, detail), finding) in &self.findings {
            let leave = |why: &str| format!("{}: {why}", describe(finding));
            match (kind, place) {
                (
                    MisfitKind::Absent | MisfitKind::Null | MisfitKind::UndocumentedMember,
                    Some(Place::Member {
                        owner,
                        member,
                        whole,
                    }),
                ) => {
                    if !whole {
                        left.push(leave("inside the member's value, not the member itself"));
                        continue;
                    }
                    let Some(owner) = owner else {
                        left.push(leave("an envelope member: the base declares it"));
                        continue;
                    };
                    if *kind != MisfitKind::UndocumentedMember
                        && self.added_from_common(owner, member)
                    {
                        left.push(leave("a `common` member: the base declares it"));
                        continue;
                    }
                    let fix = members
                        .entry((self.owner_name(Some(owner)), member.clone()))
                        .or_default();
                    match kind {
                        MisfitKind::Absent => fix.absent.extend(finding.deliveries.iter().cloned()),
                        MisfitKind::Null => fix.null.extend(finding.deliveries.iter().cloned()),
                        _ => {
                            let key = (self.owner_ref(Some(owner)), member.clone());
                            let (ty, null) = match seen.undocumented.get(&key) {
                                Some((shape, _)) => (shape.spec_type(), shape.null),
                                None => ("{ type: json }".to_owned(), false),
                            };
                            fix.added = Some((ty, null, finding.deliveries.clone()));
                        }
                    }
                }
                (MisfitKind::UnlistedValue, Some(Place::Enum(name))) if !detail.is_empty() => {
                    values
                        .entry(name.clone())
                        .or_default()
                        .entry(detail.clone())
                        .or_default()
                        .extend(finding.deliveries.iter().cloned());
                }
                (MisfitKind::Type | MisfitKind::Format, _) => left.push(leave(
                    "a type or format error: changing the member's type is a person's decision",
                )),
                (MisfitKind::NoVariant | MisfitKind::OtherBranch, _) => {
                    left.push(leave("an overlay cannot add a union variant"));
                }
                _ => left.push(leave("no correction an overlay can make")),
            }
        }
        let mut yaml = format!(
            "# Corrections supported by {} deliveries of {}, written by `hookspec audit`.\n\
             # Review them, then re-import with `--overlay` and regenerate.\n",
            self.deliveries, self.vendor.id
        );
        for reason in &left {
            let _ = writeln!(yaml, "# not written: {reason}");
        }
        let corrections = members.len() + values.len();
        if corrections == 0 {
            yaml.push_str("corrections: []\n");
        } else {
            yaml.push_str("corrections:\n");
        }
        for ((owner, member), fix) in &members {
            let _ = writeln!(yaml, "  - in: {}", quote(owner));
            let _ = writeln!(yaml, "    field: {}", quote(member));
            let mut notes = Vec::new();
            if let Some((ty, null, sources)) = &fix.added {
                let _ = writeln!(yaml, "    add: true\n    type: {ty}\n    optional: true");
                if *null {
                    yaml.push_str("    nullable: true\n");
                }
                notes.push(format!(
                    "not in the schemas; seen in {}",
                    sources_text(sources)
                ));
            } else {
                if !fix.absent.is_empty() {
                    yaml.push_str("    optional: true\n");
                    notes.push(format!("absent in {}", sources_text(&fix.absent)));
                }
                if !fix.null.is_empty() {
                    yaml.push_str("    nullable: true\n");
                    notes.push(format!("null in {}", sources_text(&fix.null)));
                }
            }
            let _ = writeln!(
                yaml,
                "    note: {}",
                quote(&format!(
                    "Deliveries contradict the schemas (hookspec audit): {}.",
                    notes.join("; ")
                ))
            );
        }
        for (name, listed) in &values {
            let _ = writeln!(yaml, "  - in: {}", quote(name));
            let names: Vec<String> = listed.keys().map(|value| quote(value)).collect();
            let _ = writeln!(yaml, "    values: [{}]", names.join(", "));
            let seen: Vec<String> = listed
                .iter()
                .map(|(value, sources)| format!("{} in {}", quote(value), sources_text(sources)))
                .collect();
            let _ = writeln!(
                yaml,
                "    note: {}",
                quote(&format!(
                    "Values the schemas do not list (hookspec audit): {}.",
                    seen.join("; ")
                ))
            );
        }
        Overlay {
            yaml,
            corrections,
            left,
        }
    }
}

impl Audit<'_> {
    /// Whether `owner`'s `member` is a `common` member validation added to an event's payload
    /// (the same field as the base declares it), not one the payload declares itself.
    fn added_from_common(&self, owner: &str, member: &str) -> bool {
        let Some(common) = self.vendor.common.iter().find(|field| field.wire == member) else {
            return false;
        };
        self.inline_payloads.contains_key(owner)
            && (self.vendor.structs.iter())
                .filter(|def| def.name == owner)
                .flat_map(|def| &def.fields)
                .any(|field| field.wire == member && field == common)
    }
}

/// A finding in one line, for the overlay's comments.
fn describe(finding: &Finding) -> String {
    format!(
        "{} at {} (e.g. {}: {}) in {}",
        super::report::kind_name(finding.kind),
        finding.place.as_deref().unwrap_or("?"),
        finding.path,
        finding.message.replace('\n', " "),
        sources_text(&finding.deliveries)
    )
}

/// `3 deliveries (a.json, b.json, c.json)`, naming at most five.
fn sources_text(sources: &BTreeSet<String>) -> String {
    let named: Vec<&str> = sources.iter().take(5).map(String::as_str).collect();
    let more = match sources.len().saturating_sub(5) {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    let count = match sources.len() {
        1 => "1 delivery".to_owned(),
        count => format!("{count} deliveries"),
    };
    format!("{count} ({}{more})", named.join(", "))
}

/// A YAML scalar: a JSON string, which YAML reads as a double-quoted scalar.
fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
