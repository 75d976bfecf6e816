//! A synthetic spec of any size, for the generation bench (`benches/generate.rs`) and the
//! large-spec test (`tests/large_specs.rs`), which include this file with `#[path]`.
//!
//! Envelope-style like `specs/gately.yaml` (the name in an `event` member, the payload in
//! `data`), `events` events of `FIELDS` fields each (17 in the payload, 3 in a nested object):
//! strings, integers, a number, bools, optional, nullable and both, timestamps (RFC 3339, lenient
//! and epoch), a decimal string, a nested object holding a shared one, an array, an inline open
//! enum and a shared one, a union, `json` and a keyword-named, deprecated field; every event with
//! a group, a doc and a documented example.

use std::fmt::Write as _;

/// Fields of every event: its payload's and those of the object nested in it.
pub const FIELDS: usize = 20;

/// Fields of the envelope and of the shared types, which every spec size has once.
pub const SHARED_FIELDS: usize = 8;

/// The vendor id, which the spec file's stem must match.
pub const VENDOR: &str = "synthetic";

/// The spec text of `events` events.
pub fn spec(events: usize) -> String {
    let mut out = String::with_capacity(HEADER.len() + events * 3000);
    out.push_str(HEADER);
    for index in 0..events {
        event(&mut out, index);
    }
    out
}

const HEADER: &str = r#"vendor: synthetic
name: Synthetic
docs: https://example.com/docs/webhooks
doc: |
  A synthetic vendor whose spec is generated in memory, to measure the generator on large specs.

  Every delivery is a `POST` with a JSON body `{"id": ..., "event": ..., "created_at": ..., "data": {...}}`.

envelope:
  doc: The JSON object of every synthetic delivery.
  event_name: event
  payload: data
  fields:
    id:
      type: string
      doc: The unique id of the delivery (`evt_...`); retries keep it.
    event:
      type: string
      doc: The event name, e.g. `resource0.created`.
    created_at:
      type: rfc3339
      doc: When the event was created.
    data:
      doc: The event payload; its type depends on the event.

signing:
  scheme: hmac_sha256
  signature_header: X-Synthetic-Signature
  signed_content: "{body}"
  encoding: hex
  entry_prefix: "sha256="
  key: utf8
  idempotency_key: { field: id }

types:
  Currency:
    type: enum
    doc: An ISO 4217 currency code, lowercase.
    values:
      - { value: usd, doc: US dollars. }
      - { value: eur, doc: Euros. }
      - gbp
  Address:
    type: object
    doc: A postal address.
    fields:
      line1: { type: string, doc: The first line. }
      city: { type: string, doc: The city. }
      postal_code: { type: string, doc: The postal code., nullable: true }
      country: { type: string, doc: The two-letter country code. }

events:
"#;

const VERBS: &[&str] = &["created", "updated", "deleted", "archived", "restored"];

fn event(out: &mut String, index: usize) {
    let resource = index / VERBS.len();
    let verb = VERBS[index % VERBS.len()];
    let name = format!("resource{resource}.{verb}");
    let group = resource % 17;
    // `write!` into a `String` cannot fail.
    let _ = write!(
        out,
        r#"  {name}:
    group: Group {group}
    doc: Fires when resource {resource} has been {verb} (synthetic event {index}).
    payload:
      type: object
      doc: The resource, as it is after the event.
      fields:
        id:
          type: string
          doc: The id of the resource (`res_...`).
        amount:
          type: integer
          doc: The amount in minor units (cents).
        active:
          type: bool
          doc: Whether the resource is active.
        email:
          type: string
          doc: The contact email address, or `null` if none.
          nullable: true
        description:
          type: string
          doc: A free-text description; absent or `null` when none.
          optional: true
          nullable: true
        created_at:
          type: rfc3339
          doc: When the resource was created.
        updated_at:
          type: datetime
          doc: When the resource was last updated, as the vendor writes it.
        status:
          type: enum
          doc: The status of the resource.
          values:
            - {{ value: active, doc: The resource is active. }}
            - {{ value: paused, doc: The resource is paused. }}
            - canceled
        currency:
          type: Currency
          doc: The currency of `amount`.
        price:
          type: decimal_string
          doc: The unit price, as a decimal string.
        expires_at:
          type: epoch_seconds
          doc: When the resource expires, in seconds since the epoch.
          optional: true
        score:
          type: number
          doc: A score, integer or not.
        owner:
          type: object
          doc: Who owns the resource.
          fields:
            id: {{ type: string, doc: The owner's id. }}
            name: {{ type: string, doc: The owner's display name. }}
            address: {{ type: Address, doc: The owner's address., optional: true }}
        tags:
          type: array
          doc: Tags attached to the resource.
          items: {{ type: string }}
        external_ref:
          type: union
          doc: The id of the resource in the vendor's older API (a number or a string).
          variants:
            - {{ type: integer }}
            - {{ type: string }}
        metadata:
          type: json
          doc: Metadata the integrator attached to the resource.
        type:
          type: string
          doc: The kind of resource (a keyword as a field name).
          deprecated: Read `status` instead.
    examples:
      - documented: |
          {{ "id": "evt_{index}", "event": "{name}", "created_at": "2024-01-15T10:00:00Z", "data": {{ "id": "res_{index}", "amount": {index}, "active": true, "email": null, "created_at": "2024-01-15T10:00:00Z", "updated_at": "2024-01-15 10:00:00", "status": "active", "currency": "usd", "price": "12.50", "score": 4.5, "owner": {{ "id": "own_1", "name": "Ada" }}, "tags": ["a", "b"], "external_ref": 42, "metadata": {{}}, "type": "standard" }} }}

"#
    );
}
