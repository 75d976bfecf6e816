//! What an audit found, as a table or as one JSON object.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Value, json};

use crate::validate::MisfitKind;

/// Deliveries of one event (as delivered: an event the spec lacks too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventTally {
    /// The event's name (`<name>.<sub>` for compound names).
    pub event: String,
    /// Whether the spec has the event.
    pub known: bool,
    /// Deliveries that parsed and fit (see [`Verdict::Strict`](super::Verdict::Strict)).
    pub strict: usize,
    /// Deliveries that parsed with drift.
    pub drift: usize,
    /// Deliveries that did not parse.
    pub failed: usize,
    /// Why each failed delivery failed.
    pub failures: Vec<Failure>,
}

/// A delivery that did not parse, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Where the delivery comes from.
    pub source: String,
    /// The parser's error, with the JSON path.
    pub error: String,
}

/// Misfits of one kind at one spec element, over every delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of difference.
    pub kind: MisfitKind,
    /// The spec element, as an overlay names it: `Type.member` (the event for an event's
    /// inline payload, `envelope` for the envelope), or the enum's or union's name; `None`
    /// where the checker names none.
    pub place: Option<String>,
    /// The enum value the spec does not list, for [`MisfitKind::UnlistedValue`].
    pub value: Option<String>,
    /// The JSON path of the first occurrence (for an absent member, where it would be).
    pub path: String,
    /// The checker's message for the first occurrence.
    pub message: String,
    /// How many times it occurred.
    pub occurrences: usize,
    /// The deliveries that show it.
    pub deliveries: BTreeSet<String>,
    /// The events of those deliveries.
    pub events: BTreeSet<String>,
    /// The JSON kinds of the values seen, for members the spec lacks (every value of the
    /// member) and type errors (the values that did not fit).
    pub kinds: BTreeSet<&'static str>,
}

/// Members of an object type the deliveries reached that were never present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unobserved {
    /// The type, as an overlay names it.
    pub owner: String,
    /// How many objects of the type the deliveries held.
    pub objects: usize,
    /// The members never present (nor `null`), in spec order.
    pub members: Vec<String>,
}

/// What an audit found: the counts, the findings and the coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The vendor id.
    pub vendor: String,
    /// Deliveries recorded.
    pub deliveries: usize,
    /// Deliveries that parsed and fit.
    pub strict: usize,
    /// Deliveries that parsed with drift.
    pub drift: usize,
    /// Deliveries that did not parse.
    pub failed: usize,
    /// Per event, by name.
    pub events: Vec<EventTally>,
    /// Deliveries whose event could not be told (not JSON, no event name): failed.
    pub unnamed: Vec<Failure>,
    /// Misfits gathered by kind and spec element, in kind order.
    pub findings: Vec<Finding>,
    /// Events of the spec no delivery carried, in spec order.
    pub unseen_events: Vec<String>,
    /// Object types the deliveries reached.
    pub types_reached: usize,
    /// Per type reached, the members never present.
    pub unobserved: Vec<Unobserved>,
    /// Branches of the unions the deliveries reached that no value took (`Union::Branch`).
    pub unseen_branches: Vec<String>,
}

/// A kind as the report says it.
pub fn kind_name(kind: MisfitKind) -> &'static str {
    match kind {
        MisfitKind::Absent => "absent",
        MisfitKind::Null => "null",
        MisfitKind::Format => "format",
        MisfitKind::Type => "type",
        MisfitKind::NoVariant => "no variant",
        MisfitKind::UndocumentedMember => "undocumented",
        MisfitKind::UnlistedValue => "unlisted value",
        MisfitKind::OtherBranch => "other branch",
    }
}

impl Report {
    /// Whether any delivery failed (the command's exit status 1).
    pub fn any_failed(&self) -> bool {
        self.failed > 0
    }

    /// The report as one JSON object (`hookspec audit --format json`).
    pub fn to_json(&self) -> Value {
        let failure =
            |failure: &Failure| json!({"delivery": failure.source, "error": failure.error});
        json!({
            "vendor": self.vendor,
            "deliveries": self.deliveries,
            "strict": self.strict,
            "drift": self.drift,
            "failed": self.failed,
            "events": self.events.iter().map(|tally| json!({
                "event": tally.event,
                "known": tally.known,
                "strict": tally.strict,
                "drift": tally.drift,
                "failed": tally.failed,
                "failures": tally.failures.iter().map(failure).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "unnamed": self.unnamed.iter().map(failure).collect::<Vec<_>>(),
            "findings": self.findings.iter().map(|finding| json!({
                "kind": kind_name(finding.kind),
                "drift": finding.kind.is_drift(),
                "place": finding.place,
                "value": finding.value,
                "path": finding.path,
                "message": finding.message,
                "occurrences": finding.occurrences,
                "deliveries": finding.deliveries,
                "events": finding.events,
                "json_kinds": finding.kinds,
            })).collect::<Vec<_>>(),
            "coverage": {
                "unseen_events": self.unseen_events,
                "types_reached": self.types_reached,
                "unobserved_members": self.unobserved.iter().map(|unobserved| json!({
                    "type": unobserved.owner,
                    "objects": unobserved.objects,
                    "members": unobserved.members,
                })).collect::<Vec<_>>(),
                "unseen_branches": self.unseen_branches,
            },
        })
    }
}

/// The human table: counts per event, failures, findings, coverage.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let deliveries = match self.deliveries {
            1 => "1 delivery".to_owned(),
            count => format!("{count} deliveries"),
        };
        writeln!(
            f,
            "{}: {deliveries}: {} strict, {} with drift, {} failed",
            self.vendor, self.strict, self.drift, self.failed
        )?;
        if !self.events.is_empty() {
            let width = (self.events.iter())
                .map(|tally| tally.event.len() + if tally.known { 0 } else { 12 })
                .max()
                .unwrap_or(0)
                .max(5);
            writeln!(f, "\n  {:<width$}  strict  drift  failed", "event")?;
            for tally in &self.events {
                let name = if tally.known {
                    tally.event.clone()
                } else {
                    format!("{} (not in spec)", tally.event)
                };
                writeln!(
                    f,
                    "  {name:<width$}  {:>6}  {:>5}  {:>6}",
                    tally.strict, tally.drift, tally.failed
                )?;
            }
        }
        let failures: Vec<(&str, &Failure)> = (self.events.iter())
            .flat_map(|tally| {
                tally
                    .failures
                    .iter()
                    .map(|failure| (tally.event.as_str(), failure))
            })
            .chain(self.unnamed.iter().map(|failure| ("?", failure)))
            .collect();
        if !failures.is_empty() {
            writeln!(f, "\nfailed:")?;
            for (event, failure) in failures {
                writeln!(f, "  {} ({event}): {}", failure.source, failure.error)?;
            }
        }
        if !self.findings.is_empty() {
            writeln!(f, "\nfindings:")?;
            let width = (self.findings.iter())
                .map(|finding| place_text(finding).len())
                .max()
                .unwrap_or(0);
            for finding in &self.findings {
                let kinds = if finding.kinds.is_empty() {
                    String::new()
                } else {
                    let kinds: Vec<&str> = finding.kinds.iter().copied().collect();
                    format!(" [{}]", kinds.join(", "))
                };
                let deliveries = match finding.deliveries.len() {
                    1 => "1 delivery".to_owned(),
                    count => format!("{count} deliveries"),
                };
                writeln!(
                    f,
                    "  {:<14} {:<width$}  {deliveries:>13}  e.g. {}{kinds}",
                    kind_name(finding.kind),
                    place_text(finding),
                    finding.path,
                )?;
            }
        }
        writeln!(f, "\ncoverage:")?;
        let unseen = self.unseen_events.len();
        writeln!(
            f,
            "  events never seen: {unseen}{}",
            list(&self.unseen_events, 12)
        )?;
        let members: usize = self.unobserved.iter().map(|each| each.members.len()).sum();
        let reached = match self.types_reached {
            1 => "the 1 type reached".to_owned(),
            count => format!("the {count} types reached"),
        };
        match members {
            0 => writeln!(f, "  members never observed: none in {reached}")?,
            _ => writeln!(
                f,
                "  members never observed: {members} in {} of {reached}",
                self.unobserved.len()
            )?,
        }
        for unobserved in &self.unobserved {
            writeln!(
                f,
                "    {} ({} seen): {}",
                unobserved.owner,
                unobserved.objects,
                unobserved.members.join(", ")
            )?;
        }
        if !self.unseen_branches.is_empty() {
            writeln!(
                f,
                "  union branches never taken: {}",
                self.unseen_branches.join(", ")
            )?;
        }
        Ok(())
    }
}

/// A finding's place, with its value for an unlisted enum value.
fn place_text(finding: &Finding) -> String {
    let place = finding.place.as_deref().unwrap_or("?");
    match &finding.value {
        Some(value) => format!("{place} {}", Value::String(value.clone())),
        None => place.to_owned(),
    }
}

/// `: a, b, c` with at most `limit` items and how many more.
fn list(items: &[String], limit: usize) -> String {
    if items.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = items.iter().take(limit).map(String::as_str).collect();
    let more = match items.len().saturating_sub(limit) {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    format!(" ({}{more})", shown.join(", "))
}
