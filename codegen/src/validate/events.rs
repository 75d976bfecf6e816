//! Events: names, Rust variants and payloads.

use super::*;

impl Resolver<'_> {
    pub(super) fn events(&mut self, raw: &RawSpec, envelope: &Envelope) -> Vec<Event> {
        let mut events = Vec::new();
        let mut variants: HashMap<String, String> = HashMap::new();
        let mut wire_names: HashMap<String, String> = HashMap::new();
        for (key, raw_event) in &raw.events {
            let Some(rust) = self.rust_name(key, raw_event.rust_name.as_ref(), names::type_name)
            else {
                continue;
            };
            if rust == "Unknown" {
                self.error(
                    &key.referenced,
                    "`Unknown` is the variant of unknown events; set `rust_name`",
                );
            }
            if let Some(other) = variants.insert(rust.clone(), key.value.clone()) {
                self.error(&key.referenced, format!("events `{other}` and `{}` both become the variant `{rust}`; set `rust_name` on one", key.value));
            }
            for name in std::iter::once(key).chain(&raw_event.aliases) {
                if let Some(other) = wire_names.insert(name.value.clone(), key.value.clone()) {
                    self.error(
                        &name.referenced,
                        format!(
                            "the name `{}` is already used by event `{other}`",
                            name.value
                        ),
                    );
                }
            }
            events.push(self.event(key, raw_event, rust, envelope));
        }
        events
    }

    pub(super) fn event(
        &mut self,
        key: &Spanned<String>,
        raw: &RawEvent,
        rust: String,
        envelope: &Envelope,
    ) -> Event {
        let (payload, payload_optional) = match &raw.payload {
            None => (None, false),
            Some(node) => {
                self.check_keys(&node.value, Role::Payload);
                let ty = self.resolve(
                    &node.value,
                    &NameHint::Inline(rust.clone()),
                    &raw.doc,
                    &node.referenced,
                );
                (ty, flag(&node.value.optional))
            }
        };
        let aliases: Vec<String> = raw
            .aliases
            .iter()
            .map(|alias| alias.value.clone())
            .collect();
        let event = Event {
            wire: key.value.clone(),
            aliases,
            rust,
            group: raw.group.clone(),
            doc: raw.doc.clone(),
            deprecated: raw.deprecated.clone(),
            payload,
            payload_optional,
            examples: Vec::new(),
        };
        let examples = raw
            .examples
            .iter()
            .filter_map(|example| self.example(example, &event, envelope))
            .collect();
        Event { examples, ..event }
    }
}
