//! Documented examples, checked where the spec is validated.
//!
//! While an event is resolved ([`Resolver::example`]): valid JSON, a note beside every
//! correction, the event's name. Once the whole spec is resolved ([`check_examples`]): that the
//! JSON fits the event's types by the rules of the generated parser ([`fit`]), each problem
//! pointing at its line inside the example ([`locate`]).

use std::path::Path;

use serde_json::Value;
use serde_saphyr::{Location, Spanned};

use super::Resolver;
use crate::diagnostic::Diagnostic;
use crate::load::{RawExample, RawSpec};
use crate::model::{Envelope, Event, Example, Identity, NameSource, SubName, Vendor};

mod fit;
pub(crate) use fit::{Fit, Observer};
mod locate;

pub use fit::{JsonPath, Misfit, MisfitKind, Place, Step};

/// [`check_example`] was asked about an event the spec does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("vendor `{vendor}` has no event `{event}`")]
pub struct NoSuchEvent {
    /// The vendor id.
    pub vendor: String,
    /// The event name asked for.
    pub event: String,
}

/// Checks `json`, a whole delivery body of the event whose wire name (`<name>.<sub>` for
/// compound names) is `event`, against `vendor`'s validated types, by the rules of the parser
/// generated from them: the envelope (or, without one, the payload with its `common` members),
/// required and optional members, `null` only where nullable, scalar types and text formats,
/// enums, unions, arrays, maps and named types.
///
/// Errors are what the generated parser rejects; warnings what it accepts but the spec does not
/// describe (members it keeps in `extra`, enum values it does not list, values an open union
/// keeps in `Other`). The event's name itself is not checked here (the validation of the
/// spec's examples does that), nor are duplicate keys, which a JSON value cannot hold.
pub fn check_example(
    vendor: &Vendor,
    event: &str,
    json: &Value,
) -> Result<Vec<Misfit>, NoSuchEvent> {
    let found = vendor
        .events
        .iter()
        .find(|candidate| candidate.wire == event)
        .ok_or_else(|| NoSuchEvent {
            vendor: vendor.id.clone(),
            event: event.to_owned(),
        })?;
    Ok(fit::Fit::new(vendor).delivery(found, json))
}

/// Checks every example of a validated spec against its event's types ([`check_example`]),
/// each problem pointing at the example's text in `file`: at the line and column of the
/// offending value (or member key) inside a block scalar (`documented: |`), else at the
/// scalar.
pub(super) fn check_examples(file: &Path, raw: &RawSpec, vendor: &Vendor) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Validation succeeded, so every raw event gave one event and every raw example one
    // example, in order.
    if raw.events.len() != vendor.events.len() {
        return found;
    }
    let mut fit = fit::Fit::new(vendor);
    for (raw_event, event) in raw.events.values().zip(&vendor.events) {
        for raw_example in &raw_event.examples {
            let example = &raw_example.value;
            let Some(text) = example.corrected.as_ref().or(example.documented.as_ref()) else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<Value>(&text.value) else {
                continue;
            };
            let first = found.len();
            for misfit in fit.delivery(event, &json) {
                let (line, column) = position(&text.value, &text.referenced, &misfit);
                let message = format!("example of `{}`: {misfit}", event.wire);
                found.push(Diagnostic {
                    severity: misfit.severity,
                    file: file.to_path_buf(),
                    line,
                    column,
                    // A point: the misfit's value starts there.
                    length: 0,
                    message,
                    help: None,
                    related: Vec::new(),
                });
            }
            // In the order of the text.
            found[first..].sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
        }
    }
    found
}

/// Where in the spec file a misfit is: its line and column inside the example's text, placed
/// by where that text starts.
fn position(text: &str, at: &Location, misfit: &Misfit) -> (u64, u64) {
    let scalar = (at.line(), at.column());
    if at.line() == 0 {
        return scalar;
    }
    let Some(offset) = locate::locate(text, &misfit.path.0, misfit.at_key()) else {
        return scalar;
    };
    let (line, column) = locate::line_column(text, offset);
    if text.ends_with('\n') {
        // A block scalar (`|`, which keeps the final line break): its location is its first
        // character, and every line of it is indented as much.
        (at.line() + line - 1, at.column() + column - 1)
    } else if line == 1 {
        // A quoted scalar on one line: its location is the opening quote.
        (at.line(), at.column() + column)
    } else {
        scalar
    }
}

impl Resolver<'_> {
    /// Checks an example: valid JSON, a note beside every correction, and the event name it
    /// carries. Its fit to the types is checked once the spec is resolved
    /// ([`check_examples`]).
    pub(super) fn example(
        &mut self,
        raw: &Spanned<RawExample>,
        event: &Event,
        identity: &Identity,
        envelope: Option<&Envelope>,
    ) -> Option<Example> {
        let example = &raw.value;
        let (text, at) = match (&example.corrected, &example.documented) {
            (Some(json), _) | (None, Some(json)) => (&json.value, json.referenced),
            (None, None) => {
                self.error(&raw.referenced, "an example needs `documented` (the vendor's text), `corrected` (JSON), or both");
                return None;
            }
        };
        if example.corrected.is_some() && example.note.is_none() {
            let what = if example.documented.is_some() {
                "what changed and why"
            } else {
                "where the example comes from"
            };
            self.error(
                &raw.referenced,
                format!("a `corrected` example needs a `note` saying {what}"),
            );
        }
        let json: serde_json::Value = match serde_json::from_str(text) {
            Ok(json) => json,
            Err(error) => {
                let fix = if example.corrected.is_some() {
                    "fix `corrected`"
                } else {
                    "add `corrected` JSON and a `note`"
                };
                self.error(
                    &at,
                    format!(
                        "example of `{}` is not valid JSON ({error}); {fix}",
                        event.wire
                    ),
                );
                return None;
            }
        };
        let member = |key: &str| json.get(key).and_then(Value::as_str);
        if let NameSource::Member(path) = &identity.name {
            let name = path
                .iter()
                .try_fold(&json, |value, key| value.get(key))
                .and_then(Value::as_str);
            let expected = |known: &str| match event.compound {
                Some(_) => known == event.base,
                None => event.names().any(|name| name == known),
            };
            match name {
                Some(name) if expected(name) => {}
                other => self.error(&at, format!(
                    "example of `{}` has `{}` = {:?}; an example must carry the event's name or an alias",
                    event.wire, path.join("."), other.unwrap_or("(missing)")
                )),
            }
        }
        if let (Some(sub_member), SubName::Value(sub)) = (&identity.sub_name, &event.sub)
            && member(sub_member) != Some(sub.as_str())
        {
            self.error(
                &at,
                format!(
                    "example of `{}` must have `{sub_member}` = `{sub}`",
                    event.wire
                ),
            );
        }
        let matches = envelope.map_or(&[][..], |envelope| &envelope.matches);
        for (key, value) in matches {
            if member(key) != Some(value.as_str()) {
                self.error(
                    &at,
                    format!("example of `{}` must have `{key}` = `{value}`", event.wire),
                );
            }
        }
        Some(Example {
            documented: example
                .documented
                .as_ref()
                .map(|documented| documented.value.clone()),
            corrected: example
                .corrected
                .as_ref()
                .map(|corrected| corrected.value.clone()),
            note: example.note.clone(),
        })
    }
}
