//! The whole delivery of one event: the envelope with the event's payload in its member (or,
//! without an envelope, the payload itself), and the members that name the event fixed to
//! this event's values (`const`), as the parser dispatches on them.

use super::json::{Json, Schema};
use super::types::Builder;
use crate::model::{Event, Member, NameSource, SubName, Type};

impl<'a> Builder<'a> {
    /// The schema of a delivery body of `event`, without `$defs`.
    pub(super) fn delivery(&mut self, event: &'a Event) -> Schema {
        let body = match &self.vendor.envelope {
            Some(envelope) => {
                let fields = envelope.members.iter().filter_map(|member| match member {
                    Member::Field(field) => Some(field),
                    Member::Payload(_) => None,
                });
                let mut object = self.object(fields);
                if let Some(field) = envelope.payload() {
                    self.payload_member(&mut object, field, event);
                }
                object
            }
            None => match &event.payload {
                // The payload object itself, inline: the body is the event's object.
                Some(Type::Named(name)) if self.vendor.find_struct(name).is_some() => {
                    let fields = self
                        .vendor
                        .find_struct(name)
                        .map(|def| def.fields.as_slice())
                        .unwrap_or_default();
                    self.object(fields)
                }
                Some(ty) => self.ty(ty, false),
                // An event without a documented payload takes any JSON value.
                None => Schema::new(),
            },
        };
        let identity = self.identity(event);
        if identity.is_empty() {
            body
        } else {
            body.with(
                "allOf",
                identity.into_iter().map(Json::from).collect::<Vec<_>>(),
            )
        }
    }

    /// Adds the envelope's payload member to `object`: the event's payload type, required
    /// unless the event says it may be absent; any value (or none) where the event documents
    /// no payload.
    fn payload_member(
        &mut self,
        object: &mut Schema,
        field: &'a crate::model::Field,
        event: &'a Event,
    ) {
        let (schema, required) = match &event.payload {
            Some(ty) => (self.ty(ty, false), !event.payload_optional),
            None => (
                Schema::new().with(
                    "$comment",
                    "The event documents no payload: any value, or none, is kept as JSON.",
                ),
                false,
            ),
        };
        let schema = schema.with_text("description", &field.doc);
        if let Some(Json::Object(properties)) = object.0.get_mut("properties") {
            // In the envelope's member order.
            let at = self.payload_index(field);
            let at = at.min(properties.len());
            properties.shift_insert(at, field.wire.clone(), Json::from(schema));
        }
        if required {
            match object.0.get_mut("required") {
                Some(Json::Array(keys)) => keys.push(Json::from(field.wire.as_str())),
                _ => object.set("required", vec![Json::from(field.wire.as_str())]),
            }
            // `required` after `properties`, as `object` writes it.
            if let Some(value) = object.0.shift_remove("additionalProperties") {
                object.0.insert("additionalProperties".to_owned(), value);
            }
        }
    }

    /// The payload member's position among the envelope's members.
    fn payload_index(&self, field: &crate::model::Field) -> usize {
        self.vendor
            .envelope
            .as_ref()
            .and_then(|envelope| {
                (envelope.members.iter()).position(|member| member.field().wire == field.wire)
            })
            .unwrap_or(usize::MAX)
    }

    /// What the body must hold to be this event: the name member (at its path), the sub-name
    /// member, the envelope's `match` members.
    fn identity(&self, event: &Event) -> Vec<Schema> {
        let mut constraints = Vec::new();
        if let NameSource::Member(path) = &self.vendor.identity.name {
            let names: Vec<&str> = match event.compound {
                Some(_) => vec![event.base.as_str()],
                None => event.names().collect(),
            };
            let value = match names.as_slice() {
                [one] => Schema::new().with("const", *one),
                _ => Schema::new().with(
                    "enum",
                    names
                        .iter()
                        .map(|name| Json::from(*name))
                        .collect::<Vec<_>>(),
                ),
            };
            let nested = path
                .iter()
                .rev()
                .fold(value, |inner, key| Schema::member(key, inner));
            constraints.push(nested);
        }
        if let (Some(member), SubName::Value(sub)) = (&self.vendor.identity.sub_name, &event.sub) {
            constraints.push(Schema::member(
                member,
                Schema::new().with("const", sub.as_str()),
            ));
        }
        if let Some(envelope) = &self.vendor.envelope {
            for (key, value) in &envelope.matches {
                constraints.push(Schema::member(
                    key,
                    Schema::new().with("const", value.as_str()),
                ));
            }
        }
        constraints
    }
}
