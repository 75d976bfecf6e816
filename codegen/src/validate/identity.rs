//! The envelope and where each delivery's event name travels.

use super::*;

impl Resolver<'_> {
    pub(super) fn envelope(&mut self, raw: &RawEnvelope) -> Envelope {
        let mut members = Vec::new();
        let mut seen = HashMap::new();
        for (key, node) in &raw.fields {
            if key.value == raw.payload.value {
                self.check_keys(node, Role::EnvelopePayload);
                self.require_doc(node, &key.referenced);
                if let Some(ty) = &node.ty {
                    self.error(
                        &ty.referenced,
                        "the payload member has no `type`: each event gives its own",
                    );
                }
                if let Some(field) = self.field_name(key, node, &mut seen) {
                    members.push(Member::Payload(Field {
                        wire: key.value.clone(),
                        rust: field,
                        doc: doc_text(node),
                        ty: Type::Json,
                        optional: false,
                        nullable: false,
                        deprecated: None,
                        note: node.note.as_ref().map(|note| note.value.clone()),
                    }));
                }
            } else if let Some(field) = self.field(key, node, "Envelope", &mut seen) {
                members.push(Member::Field(field));
            }
        }
        let envelope = Envelope {
            doc: raw.doc.clone(),
            members,
            event_name: raw.event_name.value.clone(),
            matches: raw
                .matches
                .iter()
                .map(|(key, value)| (key.value.clone(), value.value.clone()))
                .collect(),
        };
        if !raw.fields.keys().any(|key| key.value == raw.payload.value) {
            self.error(
                &raw.payload.referenced,
                format!(
                    "the payload member `{}` is not among the envelope's `fields`",
                    raw.payload.value
                ),
            );
        }
        let name_members = std::iter::once(&raw.event_name).chain(raw.matches.keys());
        for key in name_members {
            match envelope.field(&key.value) {
                Some(_) if key.value == raw.payload.value => {
                    self.error(
                        &key.referenced,
                        "the payload member cannot carry the event name",
                    );
                }
                Some(field) if field.ty != Type::String || field.optional || field.nullable => {
                    self.error(&key.referenced, format!("`{}` identifies the event, so it must be a required, non-null `string` field", key.value));
                }
                Some(_) => {}
                None => self.error(
                    &key.referenced,
                    format!("`{}` is not among the envelope's `fields`", key.value),
                ),
            }
        }
        envelope
    }
}
