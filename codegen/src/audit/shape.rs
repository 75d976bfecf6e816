//! The type a spec would give a member, inferred from the values seen in it.

use std::collections::BTreeSet;

use serde_json::Value;

/// What the values seen in one member have in common: the most precise spec type that takes
/// every one of them, and whether `null` was among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// The kind of the non-null values; `None` while only `null` (or nothing) was seen.
    pub kind: Option<Kind>,
    /// Whether a value was `null`.
    pub null: bool,
    /// The JSON kinds seen, in JSON terms (`"string"`, `"null"`, ...), for reports.
    pub seen: BTreeSet<&'static str>,
}

/// The kind of non-null values, as a spec type would take them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `true` or `false`: `bool`.
    Bool,
    /// Integers only: `integer`.
    Integer,
    /// Numbers, some with a fraction or exponent: `number`.
    Number,
    /// Strings: `string` (never a text format: one value that breaks it would be drift).
    String,
    /// Arrays, with what their elements have in common (`None`: only empty arrays seen).
    Array(Option<Box<Kind>>),
    /// Objects: `json` (an overlay cannot declare a new object type).
    Object,
    /// Values of different kinds: `json`.
    Mixed,
}

impl Shape {
    /// Takes one more value into account.
    pub fn add(&mut self, value: &Value) {
        self.seen.insert(json_kind(value));
        match Kind::of(value) {
            None => self.null = true,
            Some(kind) => {
                self.kind = Some(match self.kind.take() {
                    None => kind,
                    Some(before) => before.join(kind),
                });
            }
        }
    }

    /// The spec type, as a YAML flow map (`{ type: string }`).
    pub fn spec_type(&self) -> String {
        match &self.kind {
            None => "{ type: json }".to_owned(),
            Some(kind) => kind.spec_type(),
        }
    }
}

impl Kind {
    /// The kind of a non-null value.
    fn of(value: &Value) -> Option<Kind> {
        Some(match value {
            Value::Null => return None,
            Value::Bool(_) => Kind::Bool,
            Value::Number(number) if number.is_i64() => Kind::Integer,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(elements) => {
                let mut items: Option<Kind> = None;
                for element in elements {
                    // An array with `null` elements has no spec type but `json` items.
                    let kind = Kind::of(element).unwrap_or(Kind::Mixed);
                    items = Some(match items {
                        None => kind,
                        Some(before) => before.join(kind),
                    });
                }
                Kind::Array(items.map(Box::new))
            }
            Value::Object(_) => Kind::Object,
        })
    }

    /// The kind that takes the values of both.
    fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::Integer | Kind::Number, Kind::Integer | Kind::Number) => Kind::Number,
            (Kind::Array(None), Kind::Array(items)) | (Kind::Array(items), Kind::Array(None)) => {
                Kind::Array(items)
            }
            (Kind::Array(Some(a)), Kind::Array(Some(b))) => Kind::Array(Some(Box::new(a.join(*b)))),
            _ => Kind::Mixed,
        }
    }

    fn spec_type(&self) -> String {
        match self {
            Kind::Bool => "{ type: bool }".to_owned(),
            Kind::Integer => "{ type: integer }".to_owned(),
            Kind::Number => "{ type: number }".to_owned(),
            Kind::String => "{ type: string }".to_owned(),
            Kind::Array(None) => "{ type: array, items: { type: json } }".to_owned(),
            Kind::Array(Some(items)) => {
                format!("{{ type: array, items: {} }}", items.spec_type())
            }
            Kind::Object | Kind::Mixed => "{ type: json }".to_owned(),
        }
    }
}

/// A value's JSON kind, in JSON terms.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shape(values: &[Value]) -> Shape {
        let mut shape = Shape::default();
        values.iter().for_each(|value| shape.add(value));
        shape
    }

    #[test]
    fn the_type_takes_every_value_seen() {
        assert_eq!(
            shape(&[json!("a"), json!("b")]).spec_type(),
            "{ type: string }"
        );
        assert_eq!(
            shape(&[json!(1), json!(2)]).spec_type(),
            "{ type: integer }"
        );
        assert_eq!(
            shape(&[json!(1), json!(2.5)]).spec_type(),
            "{ type: number }"
        );
        assert_eq!(shape(&[json!(true)]).spec_type(), "{ type: bool }");
        assert_eq!(shape(&[json!(1), json!("1")]).spec_type(), "{ type: json }");
        assert_eq!(shape(&[json!({"a": 1})]).spec_type(), "{ type: json }");
        assert_eq!(
            shape(&[json!([]), json!(["x"])]).spec_type(),
            "{ type: array, items: { type: string } }"
        );
        assert_eq!(
            shape(&[json!([])]).spec_type(),
            "{ type: array, items: { type: json } }"
        );
        assert_eq!(
            shape(&[json!([1, null])]).spec_type(),
            "{ type: array, items: { type: json } }"
        );
        // u64 beyond i64 is no `integer` the parser reads.
        assert_eq!(shape(&[json!(u64::MAX)]).spec_type(), "{ type: number }");
    }

    #[test]
    fn null_is_nullable_not_a_type() {
        let seen = shape(&[json!(null), json!("x")]);
        assert!(seen.null);
        assert_eq!(seen.spec_type(), "{ type: string }");
        assert_eq!(
            seen.seen.iter().copied().collect::<Vec<_>>(),
            ["null", "string"]
        );
        let only_null = shape(&[json!(null)]);
        assert!(only_null.null);
        assert_eq!(only_null.spec_type(), "{ type: json }");
    }
}
