//! What captured deliveries say about a spec: `hookspec audit`.
//!
//! An [`Audit`] takes deliveries one at a time ([`Audit::record`]), each with the verdict of
//! the compiled parser, checks the body against the validated spec with the example checker
//! ([`check_example`](crate::validate::check_example)'s walk, which also observes every
//! object, enum value and union value it meets), and gathers:
//!
//! - per event, how many deliveries parsed strictly, parsed with drift (an absent required
//!   member, a `null` where the spec says non-null, a text that breaks its format: the
//!   [`MisfitKind`]s that are drift), or failed, and why;
//! - per spec element ([`Place`]), the misfits of each kind, with the deliveries and events
//!   that show them: members the spec lacks (with the JSON kinds seen), required members
//!   absent, `null`s, enum values and union branches not listed, type errors;
//! - coverage: events never seen, and members of the types the deliveries reached that were
//!   never present.
//!
//! The [`Report`] prints as a table, or as one JSON object ([`Report::to_json`]); the
//! corrections it supports are written as an overlay for `hookspec import --overlay`
//! ([`Audit::overlay`], in `overlay.rs`).

mod overlay;
mod report;
mod shape;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use serde_json::{Map, Value};

pub use overlay::Overlay;
pub use report::{EventTally, Failure, Finding, Report, Unobserved};
pub use shape::{Kind, Shape};

use crate::model::{Branch, Event, Field, NameSource, SubName, Type, Union, Vendor};
use crate::validate::{Fit, JsonPath, Misfit, MisfitKind, Observer, Place, Step};

/// One captured delivery, as [`Audit::record`] takes it.
#[derive(Debug, Clone)]
pub struct Delivery<'d> {
    /// Where it comes from (a file name), named in the report and in the overlay's notes.
    pub source: &'d str,
    /// The value of the header that names events, for vendors that name them in a header
    /// (`X-GitHub-Event`); ignored for the others.
    pub header_name: Option<&'d str>,
    /// The body, byte for byte.
    pub body: &'d [u8],
    /// What the compiled parser made of it: `Ok` when it parsed (an unknown event included),
    /// or its error, with the JSON path.
    pub parsed: Result<(), String>,
}

/// How a delivery fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// It parsed, and fits the spec but for what the parser keeps by design (undocumented
    /// members, unlisted enum values, values an open union keeps in `Other`).
    Strict,
    /// It parsed, with drift: a required member absent, `null` where the spec says non-null,
    /// or a text that breaks its format.
    Drift,
    /// It did not parse.
    Failed,
}

impl Verdict {
    /// The verdict in words, as the report shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Strict => "strict",
            Verdict::Drift => "drift",
            Verdict::Failed => "failed",
        }
    }
}

/// An object type of the spec, as the walk meets it: a struct's Rust name, or `None` for the
/// envelope.
type Owner<'a> = Option<&'a str>;

/// What the walk observed: the coverage, and the values of members the spec lacks.
#[derive(Default)]
struct Seen<'a> {
    /// Objects met, by type.
    objects: HashMap<Owner<'a>, usize>,
    /// Documented members present (`null` included), by type and key.
    present: HashMap<(Owner<'a>, &'a str), usize>,
    /// Members the spec lacks: their values' shape and how often they were present.
    undocumented: BTreeMap<(Owner<'a>, String), (Shape, usize)>,
    /// Union values by union and branch (`None`: no branch took it).
    branches: HashMap<(&'a str, Option<&'a str>), usize>,
}

/// The observer the walk calls, sharing what it sees with the [`Audit`].
struct Watch<'a>(Rc<RefCell<Seen<'a>>>);

impl<'a> Observer<'a> for Watch<'a> {
    fn object(
        &mut self,
        owner: Option<&'a str>,
        fields: &[&'a Field],
        also: &[&str],
        object: &Map<String, Value>,
    ) {
        let mut seen = self.0.borrow_mut();
        *seen.objects.entry(owner).or_default() += 1;
        for field in fields {
            if object.contains_key(&field.wire) {
                *seen.present.entry((owner, &field.wire)).or_default() += 1;
            }
        }
        for (key, value) in object {
            if fields.iter().any(|field| &field.wire == key) || also.contains(&key.as_str()) {
                continue;
            }
            let entry = seen
                .undocumented
                .entry((owner, key.clone()))
                .or_insert_with(|| (Shape::default(), 0));
            entry.0.add(value);
            entry.1 += 1;
        }
    }

    fn branch(&mut self, def: &'a Union, branch: Option<&'a Branch>, _value: &Value) {
        let key = (def.name.as_str(), branch.map(|branch| branch.rust.as_str()));
        *self.0.borrow_mut().branches.entry(key).or_default() += 1;
    }
}

/// The key findings are gathered under: the kind, the spec element, and for an unlisted enum
/// value, the value.
type FindingKey = (MisfitKind, Option<Place>, String);

/// Deliveries checked against one vendor's validated spec, and what they showed.
pub struct Audit<'a> {
    vendor: &'a Vendor,
    fit: Fit<'a>,
    seen: Rc<RefCell<Seen<'a>>>,
    /// Each event's inline payload struct, by Rust name: its `in` for an overlay is the event.
    inline_payloads: HashMap<&'a str, &'a str>,
    events: BTreeMap<String, EventTally>,
    findings: BTreeMap<FindingKey, Finding>,
    /// Deliveries whose event could not be told (not JSON, no name): failed.
    unnamed: Vec<Failure>,
    deliveries: usize,
}

impl<'a> Audit<'a> {
    /// An audit of deliveries of `vendor`'s events.
    pub fn new(vendor: &'a Vendor) -> Self {
        let seen = Rc::new(RefCell::new(Seen::default()));
        let mut fit = Fit::new(vendor);
        fit.observer = Some(Box::new(Watch(Rc::clone(&seen))));
        let mut inline_payloads = HashMap::new();
        for event in &vendor.events {
            if let Some(Type::Named(name)) = &event.payload {
                let inline = match event.compound {
                    Some(index) => vendor
                        .compounds
                        .get(index)
                        .map(|compound| format!("{}{}", compound.variant, event.rust)),
                    None => Some(event.rust.clone()),
                };
                if inline.as_deref() == Some(name.as_str()) {
                    inline_payloads.insert(name.as_str(), event.wire.as_str());
                }
            }
        }
        Audit {
            vendor,
            fit,
            seen,
            inline_payloads,
            events: BTreeMap::new(),
            findings: BTreeMap::new(),
            unnamed: Vec::new(),
            deliveries: 0,
        }
    }

    /// Checks one delivery and counts it: what the compiled parser made of it decides
    /// whether it failed; the example checker, whether it drifted, and what it shows.
    pub fn record(&mut self, delivery: Delivery<'_>) -> Verdict {
        self.deliveries += 1;
        let json = match serde_json::from_slice::<Value>(delivery.body) {
            Ok(json) => json,
            Err(error) => {
                let reason = match delivery.parsed {
                    Err(reason) => reason,
                    Ok(()) => format!("not JSON: {error}"),
                };
                self.unnamed.push(Failure {
                    source: delivery.source.to_owned(),
                    error: reason,
                });
                return Verdict::Failed;
            }
        };
        let Some((name, event)) = self.event_of(delivery.header_name, &json) else {
            let reason = match (&self.vendor.identity.name, delivery.parsed) {
                (_, Err(reason)) => reason,
                (NameSource::Header(header), Ok(())) => format!("no `{header}` header"),
                (NameSource::Member(path), Ok(())) => {
                    format!("no event name at `{}`", path.join("."))
                }
            };
            self.unnamed.push(Failure {
                source: delivery.source.to_owned(),
                error: reason,
            });
            return Verdict::Failed;
        };
        let misfits = match event {
            Some(event) => self.fit.delivery(event, &json),
            None => Vec::new(),
        };
        let verdict = match &delivery.parsed {
            Err(_) => Verdict::Failed,
            Ok(()) if misfits.iter().any(|misfit| misfit.kind.is_drift()) => Verdict::Drift,
            Ok(()) => Verdict::Strict,
        };
        let tally = self
            .events
            .entry(name.clone())
            .or_insert_with(|| EventTally {
                event: name.clone(),
                known: event.is_some(),
                ..EventTally::default()
            });
        match verdict {
            Verdict::Strict => tally.strict += 1,
            Verdict::Drift => tally.drift += 1,
            Verdict::Failed => tally.failed += 1,
        }
        if let Err(error) = delivery.parsed {
            tally.failures.push(Failure {
                source: delivery.source.to_owned(),
                error,
            });
        }
        for misfit in misfits {
            self.found(&name, delivery.source, &json, misfit);
        }
        verdict
    }

    /// Gathers one misfit under its kind and place.
    fn found(&mut self, event: &str, source: &str, json: &Value, misfit: Misfit) {
        let detail = match misfit.kind {
            MisfitKind::UnlistedValue => value_at(json, &misfit.path)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            _ => String::new(),
        };
        let key = (misfit.kind, misfit.place.clone(), detail.clone());
        let place = misfit.place.as_ref().map(|place| self.place_name(place));
        // A strict spec reports an absent member at its object, a tolerant one (drift) at the
        // member itself: shown where it would be either way.
        let mut path = misfit.path.clone();
        if let (MisfitKind::Absent, Some(Place::Member { member, .. })) =
            (misfit.kind, &misfit.place)
            && path.0.last() != Some(&Step::Key(member.clone()))
        {
            path.0.push(Step::Key(member.clone()));
        }
        let finding = self.findings.entry(key).or_insert_with(|| Finding {
            kind: misfit.kind,
            place,
            value: (!detail.is_empty()).then_some(detail),
            path: path.to_string(),
            message: misfit.message.clone(),
            occurrences: 0,
            deliveries: BTreeSet::new(),
            events: BTreeSet::new(),
            kinds: BTreeSet::new(),
        });
        finding.occurrences += 1;
        finding.deliveries.insert(source.to_owned());
        finding.events.insert(event.to_owned());
        if matches!(
            misfit.kind,
            MisfitKind::UndocumentedMember | MisfitKind::Type
        ) && let Some(value) = value_at(json, &misfit.path)
        {
            finding.kinds.insert(shape::json_kind(value));
        }
    }

    /// The event a delivery carries, where the spec's identity says (the header's value, or
    /// the body member, followed by the sub-name member): its name as delivered and the
    /// spec's event, if the spec has it; `None` when the name cannot be read.
    fn event_of(
        &self,
        header_name: Option<&str>,
        json: &Value,
    ) -> Option<(String, Option<&'a Event>)> {
        let name = match &self.vendor.identity.name {
            NameSource::Header(_) => header_name?.to_owned(),
            NameSource::Member(path) => path
                .iter()
                .try_fold(json, |value, key| value.get(key))?
                .as_str()?
                .to_owned(),
        };
        let events = &self.vendor.events;
        // An event without sub-names (or with open ones) answers to its name or aliases.
        if let Some(event) = events.iter().find(|event| {
            matches!(event.sub, SubName::None | SubName::Open) && event.names().any(|n| n == name)
        }) {
            return Some((event.wire.clone(), Some(event)));
        }
        let sub =
            (self.vendor.identity.sub_name.as_ref()).and_then(|member| json.get(member)?.as_str());
        let full = match sub {
            Some(sub) => format!("{name}.{sub}"),
            None => name,
        };
        let event = events.iter().find(|event| event.wire == full);
        Some((full, event))
    }

    /// A place as the report and the overlay name it: an object type by the name an overlay's
    /// `in` takes (the event, for an event's inline payload), `Type.member`.
    fn place_name(&self, place: &Place) -> String {
        match place {
            Place::Member { owner, member, .. } => {
                format!("{}.{member}", self.owner_name(owner.as_deref()))
            }
            Place::Enum(name) | Place::Union(name) => name.clone(),
        }
    }

    /// An object type by the name an overlay's `in` takes.
    fn owner_name(&self, owner: Owner<'_>) -> String {
        match owner {
            None => "envelope".to_owned(),
            Some(name) => self
                .inline_payloads
                .get(name)
                .map_or_else(|| name.to_owned(), |event| (*event).to_owned()),
        }
    }

    /// What the deliveries recorded so far showed.
    pub fn report(&self) -> Report {
        let seen = self.seen.borrow();
        let mut strict = 0;
        let mut drift = 0;
        let mut failed = self.unnamed.len();
        for tally in self.events.values() {
            strict += tally.strict;
            drift += tally.drift;
            failed += tally.failed;
        }
        let unseen_events = (self.vendor.events.iter())
            .filter(|event| !self.events.contains_key(&event.wire))
            .map(|event| event.wire.clone())
            .collect();
        let mut unobserved = Vec::new();
        let mut reached = 0;
        for def in &self.vendor.structs {
            let owner = Some(def.name.as_str());
            let Some(objects) = seen.objects.get(&owner) else {
                continue;
            };
            reached += 1;
            let members: Vec<String> = (def.fields.iter())
                .filter(|field| !seen.present.contains_key(&(owner, field.wire.as_str())))
                .map(|field| field.wire.clone())
                .collect();
            if !members.is_empty() {
                unobserved.push(Unobserved {
                    owner: self.owner_name(owner),
                    objects: *objects,
                    members,
                });
            }
        }
        let findings = (self.findings.iter())
            .map(|((kind, place, _), finding)| {
                let mut finding = finding.clone();
                // The kinds seen over every occurrence of a member the spec lacks, `null`
                // included.
                if *kind == MisfitKind::UndocumentedMember
                    && let Some(Place::Member { owner, member, .. }) = place
                    && let Some((shape, _)) = seen
                        .undocumented
                        .get(&(self.owner_ref(owner.as_deref()), member.clone()))
                {
                    finding.kinds.extend(shape.seen.iter().copied());
                }
                finding
            })
            .collect();
        let unions = self.vendor.unions.iter().filter(|def| {
            (def.branches.iter())
                .any(|branch| seen.branches.contains_key(&(&def.name, Some(&branch.rust))))
                || seen.branches.contains_key(&(def.name.as_str(), None))
        });
        let unseen_branches = unions
            .flat_map(|def| {
                def.branches
                    .iter()
                    .filter(|branch| {
                        !seen
                            .branches
                            .contains_key(&(def.name.as_str(), Some(branch.rust.as_str())))
                    })
                    .map(|branch| format!("{}::{}", def.name, branch.rust))
            })
            .collect();
        Report {
            vendor: self.vendor.id.clone(),
            deliveries: self.deliveries,
            strict,
            drift,
            failed,
            events: self.events.values().cloned().collect(),
            unnamed: self.unnamed.clone(),
            findings,
            unseen_events,
            types_reached: reached,
            unobserved,
            unseen_branches,
        }
    }

    /// The walk's owner for a struct's Rust name.
    fn owner_ref(&self, owner: Option<&str>) -> Owner<'a> {
        let name = owner?;
        self.vendor
            .structs
            .iter()
            .find(|def| def.name == name)
            .map(|def| def.name.as_str())
    }
}

/// The value at `path` in `json`.
fn value_at<'v>(json: &'v Value, path: &JsonPath) -> Option<&'v Value> {
    path.0.iter().try_fold(json, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(index) => value.get(index),
    })
}
