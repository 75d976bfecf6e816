//! Documented examples: valid JSON, notes beside corrections, the event's name.

use serde_json::Value;
use serde_saphyr::Spanned;

use super::Resolver;
use crate::load::RawExample;
use crate::model::{Envelope, Event, Example, Identity, NameSource, SubName};

impl Resolver<'_> {
    /// Checks an example: valid JSON, a note beside every correction, and the event name it
    /// carries. Its fit to the types is checked by the golden tests, through the real parser.
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
