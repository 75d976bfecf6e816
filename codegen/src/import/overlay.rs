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
//! examples:                   # imported examples (`--examples`, an OpenAPI document's)
//!   - from: check_run/rerequested.payload.json   # as the import report names it
//!     corrected: |            # written beside the published text; or `drop: true`
//!       {"action": "rerequested", ...}
//!     note: The schema's ... ; this delivery shows ...
//! ```
//!
//! Both lists are optional. The `examples` entries are applied where examples are attached
//! (`super::examples`), after the corrections, so a correction that makes an example fit
//! needs no entry of its own.

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
    field: String,
    #[serde(rename = "type")]
    ty: Option<Value>,
    nullable: Option<bool>,
    optional: Option<bool>,
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
        let fields = fields_of(&correction.place, types, events);
        let Some(fields) = fields else {
            problems.push(at(format!(
                "`{}` is neither an imported type nor an event with fields",
                correction.place
            )));
            continue;
        };
        let Some(field) = fields
            .iter_mut()
            .find(|field| field.key == correction.field)
        else {
            problems.push(at(format!(
                "`{}` has no field `{}`",
                correction.place, correction.field
            )));
            continue;
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
