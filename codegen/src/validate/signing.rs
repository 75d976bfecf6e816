//! How the vendor signs deliveries.

use super::*;

impl Resolver<'_> {
    pub(super) fn signing(
        &mut self,
        raw: &Spanned<RawSigning>,
        envelope: Option<&Envelope>,
        declared: &[&str],
    ) -> Signing {
        let at = raw.referenced;
        let raw = &raw.value;
        match raw.scheme.value.as_str() {
            "none" => {
                let extra = raw.signature_header.is_some()
                    || raw.signed_content.is_some()
                    || raw.key.is_some();
                if extra {
                    self.error(&at, "scheme `none` takes only `advice`");
                }
                match &raw.advice {
                    Some(advice) => Signing::Unsigned {
                        advice: advice.clone(),
                    },
                    None => {
                        self.error(
                            &at,
                            "scheme `none` needs `advice`: what the vendor recommends instead",
                        );
                        Signing::Unsigned {
                            advice: String::new(),
                        }
                    }
                }
            }
            "hmac_sha256" => Signing::Hmac(self.hmac(raw, &at, envelope, declared)),
            other => {
                self.error_unknown(
                    &raw.scheme.referenced,
                    format!("unknown signing scheme `{other}`; expected `none` or `hmac_sha256`"),
                    other,
                    ["none", "hmac_sha256"],
                    None,
                );
                Signing::Unsigned {
                    advice: String::new(),
                }
            }
        }
    }

    pub(super) fn hmac(
        &mut self,
        raw: &RawSigning,
        at: &Location,
        envelope: Option<&Envelope>,
        declared: &[&str],
    ) -> HmacScheme {
        if raw.advice.is_some() {
            self.error(at, "`advice` belongs to scheme `none`");
        }
        let signature_header = raw.signature_header.clone().unwrap_or_else(|| {
            self.error(at, "`signature_header` is required");
            String::new()
        });
        let signed_content = match &raw.signed_content {
            Some(template) => self.content(template, raw),
            None => {
                self.error(
                    at,
                    "`signed_content` is required, e.g. \"{body}\" or \"{id}.{timestamp}.{body}\"",
                );
                Vec::new()
            }
        };
        let timestamp_millis = match raw
            .timestamp_unit
            .as_ref()
            .map(|unit| (unit.value.as_str(), unit.referenced))
        {
            None | Some(("seconds", _)) => false,
            Some(("milliseconds", _)) => true,
            Some((other, unit_at)) => {
                self.error_unknown(
                    &unit_at,
                    format!(
                        "unknown `timestamp_unit` `{other}`; expected `seconds` or `milliseconds`"
                    ),
                    other,
                    ["seconds", "milliseconds"],
                    None,
                );
                false
            }
        };
        if raw.timestamp_header.is_none()
            && raw.timestamp_entry.is_none()
            && (raw.timestamp_unit.is_some() || raw.tolerance_seconds.is_some())
        {
            self.error(
                at,
                "`timestamp_unit` and `tolerance_seconds` need a `timestamp_header` or `timestamp_entry`",
            );
        }
        if let Some(entry) = &raw.timestamp_entry {
            self.timestamp_entry(entry, raw);
        }
        let base64 = match raw
            .encoding
            .as_ref()
            .map(|encoding| (encoding.value.as_str(), encoding.referenced))
        {
            Some(("base64", _)) => true,
            Some(("hex", _)) => false,
            Some((other, encoding_at)) => {
                self.error_unknown(
                    &encoding_at,
                    format!("unknown `encoding` `{other}`; expected `hex` or `base64`"),
                    other,
                    ["hex", "base64"],
                    None,
                );
                false
            }
            None => {
                self.error(at, "`encoding` is required: `hex` or `base64`");
                false
            }
        };
        let key = match raw
            .key
            .as_ref()
            .map(|key| (key.value.as_str(), key.referenced))
        {
            Some(("utf8", _)) => KeyDerivation::Utf8,
            Some(("utf8_or_base64_decoded", _)) => KeyDerivation::Utf8OrBase64,
            Some(("base64_after_prefix", key_at)) => match &raw.key_prefix {
                Some(prefix) => KeyDerivation::Base64AfterPrefix(prefix.clone()),
                None => {
                    self.error(
                        &key_at,
                        "`base64_after_prefix` needs `key_prefix` (e.g. `whsec_`)",
                    );
                    KeyDerivation::Utf8
                }
            },
            Some((other, key_at)) => {
                self.error_unknown(
                    &key_at,
                    format!("unknown `key` `{other}`; expected `utf8`, `base64_after_prefix` or `utf8_or_base64_decoded`"),
                    other,
                    ["utf8", "base64_after_prefix", "utf8_or_base64_decoded"],
                    None,
                );
                KeyDerivation::Utf8
            }
            None => {
                self.error(
                    at,
                    "`key` is required: `utf8`, `base64_after_prefix` or `utf8_or_base64_decoded`",
                );
                KeyDerivation::Utf8
            }
        };
        let idempotency_key = raw.idempotency_key.as_ref().and_then(|key| {
            match (&key.value.header, &key.value.field) {
                (Some(header), None) => Some(IdempotencyKey::Header(header.clone())),
                (None, Some(field)) => {
                    let typed = envelope.and_then(|envelope| envelope.field(field));
                    // A declared field missing from the model failed to resolve, and has its
                    // own error already.
                    let unresolved = typed.is_none() && declared.contains(&field.as_str());
                    if !unresolved && typed.is_none_or(|field| field.ty != Type::String) {
                        self.error(
                            &key.referenced,
                            format!("`{field}` must be a `string` field of the envelope"),
                        );
                    }
                    Some(IdempotencyKey::Field(field.clone()))
                }
                _ => {
                    self.error(
                        &key.referenced,
                        "`idempotency_key` takes exactly one of `header` and `field`",
                    );
                    None
                }
            }
        });
        HmacScheme {
            signature_header,
            id_header: raw.id_header.clone(),
            timestamp_header: raw.timestamp_header.clone(),
            timestamp_entry: raw
                .timestamp_entry
                .as_ref()
                .map(|entry| entry.value.clone()),
            timestamp_millis,
            tolerance_seconds: raw.tolerance_seconds,
            signed_content,
            base64,
            entry_separator: raw.entry_separator.clone(),
            entry_prefix: raw.entry_prefix.clone().unwrap_or_default(),
            key,
            idempotency_key,
        }
    }

    /// Checks `timestamp_entry`: the prefix of the signature header's entry that carries the
    /// timestamp (Stripe's `t=`), in place of a `timestamp_header`.
    fn timestamp_entry(&mut self, entry: &Spanned<String>, raw: &RawSigning) {
        let at = entry.referenced;
        let prefix = entry.value.as_str();
        if raw.timestamp_header.is_some() {
            self.error(
                &at,
                "`timestamp_entry` and `timestamp_header` exclude each other: the timestamp is either a header or an entry of the signature header",
            );
        }
        if prefix.is_empty() {
            self.error(
                &at,
                "`timestamp_entry` is empty; give the entry's prefix, e.g. `t=`",
            );
        }
        match raw.entry_separator.as_deref() {
            None => self.error(
                &at,
                "`timestamp_entry` needs `entry_separator`: the timestamp is one of several entries of the signature header",
            ),
            Some(separator) if !separator.is_empty() && prefix.contains(separator) => {
                self.error(
                    &at,
                    format!("`timestamp_entry` `{prefix}` contains the `entry_separator` `{separator}`"),
                );
            }
            Some(_) => {}
        }
        let signature_prefix = raw.entry_prefix.as_deref().unwrap_or_default();
        if !prefix.is_empty() && signature_prefix.starts_with(prefix) {
            self.error(
                &at,
                format!("every signature entry (`entry_prefix` `{signature_prefix}`) would also start with `timestamp_entry` `{prefix}`"),
            );
        }
    }

    /// Parses a signed-content template such as `{id}.{timestamp}.{body}`.
    pub(super) fn content(
        &mut self,
        template: &Spanned<String>,
        raw: &RawSigning,
    ) -> Vec<ContentPart> {
        let at = template.referenced;
        let mut parts = Vec::new();
        let mut rest = template.value.as_str();
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                parts.push(ContentPart::Literal(rest.to_owned()));
                break;
            };
            if open > 0 {
                parts.push(ContentPart::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.error(&at, "unclosed `{` in `signed_content`");
                break;
            };
            match &rest[open + 1..open + close] {
                "id" => parts.push(ContentPart::Id),
                "timestamp" => parts.push(ContentPart::Timestamp),
                "body" => parts.push(ContentPart::Body),
                other => self.error_unknown(
                    &at,
                    format!("unknown placeholder `{{{other}}}`; expected `{{id}}`, `{{timestamp}}` or `{{body}}`"),
                    other,
                    ["id", "timestamp", "body"],
                    None,
                ),
            }
            rest = &rest[open + close + 1..];
        }
        let uses = |part: &ContentPart| parts.contains(part);
        if !uses(&ContentPart::Body) {
            self.error(&at, "`signed_content` must include `{body}`");
        }
        if uses(&ContentPart::Id) != raw.id_header.is_some() {
            self.error(
                &at,
                "`{id}` in `signed_content` and `id_header` go together",
            );
        }
        if uses(&ContentPart::Timestamp)
            != (raw.timestamp_header.is_some() || raw.timestamp_entry.is_some())
        {
            self.error(
                &at,
                "`{timestamp}` in `signed_content` goes together with `timestamp_header` or `timestamp_entry`",
            );
        }
        parts
    }
}
