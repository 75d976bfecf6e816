//! The base: the hand-written top of the spec (vendor, docs, identity, common members,
//! signing), copied into the imported spec as written, comments included, plus settings for
//! the importer alone under a top-level `import:` key, which is read here and left out of the
//! spec:
//!
//! ```yaml
//! import:
//!   # OpenAPI without `webhooks`/`x-webhooks`: each `components/schemas/<X>` that carries
//!   # this vendor extension is an event, named by its value (`x-event-name: foo.bar`).
//!   event_name_extension: x-event-name
//! ```

use serde_json::{Map, Value};

use super::Problem;

/// The settings under the base's `import:` key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// The vendor extension whose value on a schema under `components/schemas` names the event
    /// that schema is (used when the document has no `webhooks` or `x-webhooks`).
    pub(crate) event_name_extension: Option<String>,
}

/// The base, read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Base {
    /// Its top-level keys as JSON, without `import`.
    pub(crate) value: Map<String, Value>,
    /// Its text without the `import:` block, as the spec gets it (`None` without a base).
    pub(crate) text: Option<String>,
    /// The importer's settings.
    pub(crate) settings: Settings,
}

impl Base {
    /// Reads the base's text (`None`: no base).
    pub(crate) fn parse(text: Option<&str>) -> Result<Base, Problem> {
        let Some(text) = text else {
            return Ok(Base::default());
        };
        let value: Value = serde_saphyr::from_str(text).map_err(|error| {
            Problem::file(
                "base",
                format!("not valid YAML: {}", error.without_snippet()),
            )
        })?;
        let mut value = match value {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            _ => {
                return Err(Problem::file(
                    "base",
                    "the base must be a map of top-level spec keys",
                ));
            }
        };
        let settings = match value.remove("import") {
            None => Settings::default(),
            Some(settings) => read_settings(&settings)?,
        };
        Ok(Base {
            value,
            text: Some(without_block(text, "import")),
            settings,
        })
    }

    /// The top-level body member that names the event (`identity: { name: { member } }` or
    /// `envelope: { event_name }`), if the base says one.
    pub(crate) fn name_member(&self) -> Option<String> {
        self.value
            .get("identity")
            .and_then(|identity| identity.get("name")?.get("member")?.as_str())
            .or_else(|| self.value.get("envelope")?.get("event_name")?.as_str())
            .map(str::to_owned)
    }

    /// The member that carries the sub-name, if the base says one.
    pub(crate) fn sub_member(&self) -> Option<String> {
        self.value
            .get("identity")?
            .get("sub_name")?
            .get("member")?
            .as_str()
            .map(str::to_owned)
    }

    /// Whether every delivery is an envelope (the schemas are then payloads inside it).
    pub(crate) fn has_envelope(&self) -> bool {
        self.value.contains_key("envelope")
    }

    /// Whether the base declares `member` under `common`.
    pub(crate) fn is_common(&self, member: &str) -> bool {
        self.value
            .get("common")
            .and_then(Value::as_object)
            .is_some_and(|common| common.contains_key(member))
    }
}

fn read_settings(settings: &Value) -> Result<Settings, Problem> {
    let at = |key: &str, message: &str| Problem {
        file: "base".to_owned(),
        pointer: format!("/import{key}"),
        message: message.to_owned(),
    };
    let Some(map) = settings.as_object() else {
        return Err(at("", "`import` must be a map of importer settings"));
    };
    let mut out = Settings::default();
    for (key, value) in map {
        match key.as_str() {
            "event_name_extension" => match value.as_str() {
                Some(name) if !name.is_empty() => out.event_name_extension = Some(name.to_owned()),
                _ => {
                    return Err(at(
                        "/event_name_extension",
                        "`event_name_extension` must name a vendor extension (`x-event-name`)",
                    ));
                }
            },
            other => {
                return Err(at(
                    &format!("/{other}"),
                    &format!("unknown importer setting `{other}` (known: `event_name_extension`)"),
                ));
            }
        }
    }
    Ok(out)
}

/// `text` without the top-level `key:` block (its line and every indented or blank line
/// after it, up to the next top-level line).
fn without_block(text: &str, key: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        let top_level = !line.starts_with([' ', '\t']) && !line.trim().is_empty();
        if top_level {
            let starts_block = line
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            skipping = starts_block;
        }
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_block_is_read_and_left_out_of_the_text() {
        let text = "vendor: acme\nimport:\n  # how events are found\n  event_name_extension: x-event-name\n\nidentity:\n  name: { member: type }\n";
        let base = Base::parse(Some(text)).unwrap();
        assert_eq!(
            base.settings.event_name_extension.as_deref(),
            Some("x-event-name")
        );
        assert_eq!(
            base.text.as_deref(),
            Some("vendor: acme\nidentity:\n  name: { member: type }\n")
        );
        assert!(!base.value.contains_key("import"));
        assert_eq!(base.name_member().as_deref(), Some("type"));
        let flow = Base::parse(Some(
            "import: { event_name_extension: x-kind }\nvendor: a\n",
        ))
        .unwrap();
        assert_eq!(flow.text.as_deref(), Some("vendor: a\n"));
    }

    #[test]
    fn unknown_settings_are_problems() {
        let problem = Base::parse(Some("import:\n  event_extension: x\n")).unwrap_err();
        assert_eq!(problem.pointer, "/import/event_extension");
        assert!(Base::parse(Some("import: 3\n")).is_err());
        assert!(Base::parse(Some("- a\n")).is_err());
    }
}
