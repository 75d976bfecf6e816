//! The opening of the small specs the generator's tests write (included with `#[path]`).

/// Lines 1–7 of every small test spec: an unsigned vendor `acme`; what follows starts on line 8.
pub const HEAD: &str = "vendor: acme
name: Acme
docs: https://example.com/webhooks
doc: Acme's webhooks.
signing:
  scheme: none
  advice: Use an unguessable URL.
";

/// Lines 8–14: an envelope naming the event in `event` with the payload in `data`; what follows
/// starts on line 15.
#[allow(dead_code)] // not every test file writes an envelope spec
pub const ENVELOPE: &str = "envelope:
  doc: A delivery.
  event_name: event
  payload: data
  fields:
    event: { type: string, doc: The event name. }
    data: { doc: The payload. }
";
