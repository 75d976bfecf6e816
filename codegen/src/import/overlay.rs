//! Corrections applied to imported types where real deliveries contradict the vendor's schemas,
//! kept in a file of their own so that they survive re-importing. Each says where, what, and
//! why (a `note`, which becomes the field's spec note and rustdoc):
//!
//! ```yaml
//! corrections:
//!   - in: Repository          # a type under `types`, or an event key (`check_run.rerequested`)
//!     field: created_at
//!     type: { type: union, variants: ... }   # optional: the field's new type
//!     nullable: true                          # optional
//!     optional: true                          # optional
//!     note: Push events send integer epoch seconds here (corpus: push/payload.json).
//!   - in: Label
//!     field: color
//!     add: true               # a member the schemas lack: added (needs `type`); an error if
//!     type: { type: string }  # the type has it already (the schemas caught up)
//!     optional: true
//!     note: Seen in 3 deliveries (a.json, b.json, c.json).
//!   - in: IssueState          # an enum type
//!     values: [reopened]      # values the enum gains (not `field`); an error if it lists one
//!     note: Seen in d.json.   # the note joins the enum's doc
//! examples:                   # imported examples (`--examples`, an OpenAPI document's)
//!   - from: check_run/rerequested.payload.json   # as the import report names it
//!     corrected: |            # written beside the published text; or `drop: true`
//!       {"action": "rerequested", ...}
//!     note: The schema's ... ; this delivery shows ...
//! ```
//!
//! Both lists are optional. The `examples` entries are applied where examples are attached
//! (`super::examples`), after the corrections, so a correction that makes an example fit
//! needs no entry of its own. `hookspec audit --overlay-out` writes corrections from captured
//! deliveries.

use serde::Deserialize;
use serde_json::Value;

use super::Problem;
use super::types::{FieldOut, Ty, TypeDef};
use super::yaml::{EventOut, PayloadOut};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overlay {
    #[serde(default)]
    corrections: Vec<Correction>,
    /// Example replacements and drops, applied where examples are attached
    /// (`super::examples`).
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<super::examples::ExampleCorrection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Correction {
    #[serde(rename = "in")]
    place: String,
    /// The member corrected; none for `values`.
    field: Option<String>,
    /// The member is new: added with `type`.
    #[serde(default)]
    add: bool,
    #[serde(rename = "type")]
    ty: Option<Value>,
    nullable: Option<bool>,
    optional: Option<bool>,
    /// Values an enum type gains.
    values: Option<Vec<String>>,
    note: String,
}

/// Applies every correction; returns how many, or what could not be applied.
pub(crate) fn apply(
    text: &str,
    types: &mut [(String, TypeDef)],
    events: &mut [EventOut],
) -> Result<usize, Vec<Problem>> {
    let overlay: Overlay = serde_saphyr::from_str(text).map_err(|error| {
        vec![Problem::file(
            "overlay",
            format!("not a valid overlay: {}", error.without_snippet()),
        )]
    })?;
    let mut problems = Vec::new();
    for (index, correction) in overlay.corrections.iter().enumerate() {
        let at = |message: String| Problem {
            file: "overlay".to_owned(),
            pointer: format!("/corrections/{index}"),
            message,
        };
        if correction.note.trim().is_empty() {
            problems.push(at(
                "a correction needs a `note`: which delivery or document supports it".to_owned(),
            ));
            continue;
        }
        let ty = match correction.ty.as_ref().map(parse_type).transpose() {
            Ok(ty) => ty,
            Err(message) => {
                problems.push(at(message));
                continue;
            }
        };
        let field_name = match (&correction.field, &correction.values) {
            (Some(field), None) => field,
            (None, Some(values)) => {
                if correction.add
                    || ty.is_some()
                    || correction.nullable.is_some()
                    || correction.optional.is_some()
                {
                    problems.push(at("`values` goes with `in` and `note` only".to_owned()));
                } else if let Err(message) =
                    add_values(&correction.place, values, correction.note.trim(), types)
                {
                    problems.push(at(message));
                }
                continue;
            }
            _ => {
                problems.push(at(
                    "a correction needs `field` (a member) or `values` (an enum's), not both"
                        .to_owned(),
                ));
                continue;
            }
        };
        let fields = fields_of(&correction.place, types, events);
        let Some(fields) = fields else {
            problems.push(at(format!(
                "`{}` is neither an imported type nor an event with fields",
                correction.place
            )));
            continue;
        };
        let existing = fields.iter().position(|field| &field.key == field_name);
        let field = match (existing, correction.add) {
            (Some(index), false) => &mut fields[index],
            (None, false) => {
                problems.push(at(format!(
                    "`{}` has no field `{field_name}` (`add: true` adds one)",
                    correction.place
                )));
                continue;
            }
            (Some(_), true) => {
                problems.push(at(format!(
                    "`{}` has a field `{field_name}` already: remove `add` (or the correction, \
                     if the schemas now say what it says)",
                    correction.place
                )));
                continue;
            }
            (None, true) => {
                let Some(ty) = ty.clone() else {
                    problems.push(at(format!(
                        "`add: true` needs the new field's `type` (`{field_name}`)"
                    )));
                    continue;
                };
                fields.push(FieldOut {
                    key: field_name.clone(),
                    ty,
                    doc: None,
                    optional: false,
                    nullable: false,
                    note: None,
                });
                let last = fields.len() - 1;
                &mut fields[last]
            }
        };
        if let Some(ty) = ty {
            field.ty = ty;
        }
        if let Some(nullable) = correction.nullable {
            field.nullable = nullable;
        }
        if let Some(optional) = correction.optional {
            field.optional = optional;
        }
        field.note = Some(correction.note.trim().to_owned());
    }
    if problems.is_empty() {
        Ok(overlay.corrections.len())
    } else {
        Err(problems)
    }
}

/// Appends `values` to the enum type `place`, and `note` to its doc.
fn add_values(
    place: &str,
    values: &[String],
    note: &str,
    types: &mut [(String, TypeDef)],
) -> Result<(), String> {
    let Some((
        _,
        TypeDef::Enum {
            doc,
            values: listed,
        },
    )) = types.iter_mut().find(|(name, _)| name == place)
    else {
        return Err(format!("`{place}` is not an imported enum type"));
    };
    if values.is_empty() {
        return Err("`values` is empty".to_owned());
    }
    for value in values {
        if listed.contains(value) {
            return Err(format!(
                "`{place}` lists `{value}` already: remove it (the schemas now list it)"
            ));
        }
        listed.push(value.clone());
    }
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(note);
    Ok(())
}

fn fields_of<'a>(
    place: &str,
    types: &'a mut [(String, TypeDef)],
    events: &'a mut [EventOut],
) -> Option<&'a mut Vec<FieldOut>> {
    if let Some((_, TypeDef::Object { fields, .. })) =
        types.iter_mut().find(|(name, _)| name == place)
    {
        return Some(fields);
    }
    match events.iter_mut().find(|event| event.key == place) {
        Some(EventOut {
            payload: PayloadOut::Fields(fields),
            ..
        }) => Some(fields),
        _ => None,
    }
}

/// A type as written in a spec: `{ type: string }`, `{ type: array, items: ... }`, a named
/// type.
fn parse_type(value: &Value) -> Result<Ty, String> {
    let name = value
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| "`type` must be a map with a `type` name".to_owned())?;
    let scalar = match name {
        "string" => Some("string"),
        "bool" => Some("bool"),
        "integer" => Some("integer"),
        "number" => Some("number"),
        "datetime" => Some("datetime"),
        "epoch_seconds" => Some("epoch_seconds"),
        "json" => Some("json"),
        _ => None,
    };
    if let Some(scalar) = scalar {
        return Ok(Ty::Scalar(scalar));
    }
    match name {
        "array" | "map" => {
            let items = value
                .get("items")
                .ok_or_else(|| format!("`{name}` needs `items`"))?;
            let inner = Box::new(parse_type(items)?);
            Ok(if name == "array" {
                Ty::Array(inner)
            } else {
                Ty::Map(inner)
            })
        }
        named if named.starts_with(|c: char| c.is_ascii_uppercase()) => {
            Ok(Ty::Named(named.to_owned()))
        }
        other => Err(format!("`{other}` is not a type an overlay can set")),
    }
}
