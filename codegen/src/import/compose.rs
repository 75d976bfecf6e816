//! Pass 3, **compose**: `allOf` becomes one schema, as JSON Schema means it (every part holds):
//!
//! - parts are gathered through `$ref` chains and nested `allOf`s (a schema's own keywords
//!   beside its `allOf` are one more part, the last);
//! - `properties`: every part's members; a member several parts declare is the `allOf` of
//!   their declarations, in order (a later part refines an earlier one), except that a part
//!   that only fixes the member's value (`const`, a single-value `enum`, or `type: null` on a
//!   nullable declaration) to one its earlier declaration allows keeps that declaration and
//!   notes the value ([`FIXED`]), so that a refinement that only narrows values keeps the
//!   type it narrows;
//! - `required`: the union; `type`: the intersection (`integer` within `number`; a part that
//!   does not allow `null` wins, OpenAPI 3.0's `nullable: true` allows it); `enum`/`const`:
//!   the intersection; `items`: the `allOf` of every part's; `additionalProperties: false`
//!   wins over a schema;
//! - a part that is a union (`oneOf`/`anyOf`) distributes: `allOf [A, oneOf [B, C]]` is
//!   `oneOf [allOf [A, B], allOf [A, C]]`;
//! - the schema `false` as a part, or parts with no value in common, give `false`.
//!
//! The result is **detached**: every subschema in it is a place reference
//! ([`resolve::at`](super::resolve::at)) to where it is written, so members taken from other
//! files keep their `$ref`s and their pointers for diagnostics.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Problem;
use super::map::{Keyword, keyword};
use super::read::Documents;
#[cfg(test)]
use super::resolve::place;
use super::resolve::{AT, Site, at};

/// Marks a composed (detached) schema: its subschemas are place references already.
pub(crate) const DETACHED: &str = "$hookspec-detached";

/// On a member's schema: the single value a refining part fixes it to (the type stays the
/// earlier declaration's).
pub(crate) const FIXED: &str = "$hookspec-fixed";

/// How deep `allOf`s may nest (through `$ref`s) before composing stops with a problem.
const MAX_DEPTH: usize = 32;

/// Keywords whose value is one subschema.
const ONE_SCHEMA: &[&str] = &[
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// Keywords whose value is a list of subschemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Keywords whose value maps names to subschemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];

/// `schema` (an object at `site`) with its `allOf` composed into one schema; the problems say
/// what could not be composed, at their own sites.
pub(crate) fn all_of(docs: &Documents, schema: &Value, site: &Site) -> (Value, Vec<Problem>) {
    let mut composer = Composer {
        docs,
        problems: Vec::new(),
        stack: Vec::new(),
    };
    let value = composer.compose(schema, site, MAX_DEPTH);
    (value, composer.problems)
}

/// `schema` (at `site`) as a detached schema: each of its subschemas a place reference to
/// where it is written. A schema detached already is returned as it is.
pub(crate) fn detach(schema: &Map<String, Value>, site: &Site) -> Map<String, Value> {
    if schema.contains_key(DETACHED) {
        return schema.clone();
    }
    let mut out = Map::new();
    for (key, value) in schema {
        let detached = if ONE_SCHEMA.contains(&key.as_str()) && value.is_object() {
            at(&site.at(key))
        } else if key == "items" {
            match value {
                Value::Object(_) => at(&site.at(key)),
                Value::Array(items) => Value::Array(
                    (0..items.len())
                        .map(|index| at(&site.index(key, index)))
                        .collect(),
                ),
                other => other.clone(),
            }
        } else if SCHEMA_LISTS.contains(&key.as_str()) {
            match value {
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(index, item)| match item {
                            Value::Bool(_) => item.clone(),
                            _ => at(&site.index(key, index)),
                        })
                        .collect(),
                ),
                other => other.clone(),
            }
        } else if SCHEMA_MAPS.contains(&key.as_str()) {
            match value {
                Value::Object(members) => Value::Object(
                    members
                        .iter()
                        .map(|(name, member)| {
                            let member = match member {
                                Value::Bool(_) => member.clone(),
                                _ => at(&site.at(key).at(name)),
                            };
                            (name.clone(), member)
                        })
                        .collect(),
                ),
                other => other.clone(),
            }
        } else {
            value.clone()
        };
        out.insert(key.clone(), detached);
    }
    out.insert(DETACHED.to_owned(), Value::Bool(true));
    out
}

struct Composer<'d> {
    docs: &'d Documents,
    problems: Vec<Problem>,
    /// The schemas whose parts are being gathered, to tell a loop.
    stack: Vec<Site>,
}

/// A part that admits no value.
struct Nothing;

impl Composer<'_> {
    fn problem(&mut self, site: &Site, message: impl Into<String>) {
        self.problems.push(Problem {
            file: site.file.clone(),
            pointer: site.pointer.clone(),
            message: message.into(),
        });
    }

    fn compose(&mut self, schema: &Value, site: &Site, depth: usize) -> Value {
        let mut parts = Vec::new();
        if self.leaves(schema, site, depth, &mut parts).is_err() {
            return Value::Bool(false);
        }
        let outer_nullable =
            schema.get("nullable") == Some(&Value::Bool(true)) && schema.get("type").is_none();
        match self.merge(parts, site, depth) {
            Ok(mut merged) => {
                if outer_nullable {
                    allow_null(&mut merged);
                }
                Value::Object(merged)
            }
            Err(Nothing) => Value::Bool(false),
        }
    }

    /// The parts of `schema`, `$ref`s followed and `allOf`s flattened, each detached.
    fn leaves(
        &mut self,
        schema: &Value,
        site: &Site,
        depth: usize,
        out: &mut Vec<Map<String, Value>>,
    ) -> Result<(), Nothing> {
        let Some(depth) = depth.checked_sub(1) else {
            self.problem(
                site,
                format!("`allOf` nested more than {MAX_DEPTH} deep (through `$ref`s); the deeper parts are left out"),
            );
            return Ok(());
        };
        let (target, target_site) = match self.docs.follow(schema, site) {
            Ok(found) => found,
            Err(message) => {
                self.problem(site, format!("{message}; this part of `allOf` is left out"));
                return Ok(());
            }
        };
        let map = match target {
            Value::Bool(true) => return Ok(()),
            Value::Bool(false) => return Err(Nothing),
            Value::Object(map) => map,
            _ => {
                self.problem(
                    &target_site,
                    "a part of `allOf` must be a schema (an object or a boolean); left out",
                );
                return Ok(());
            }
        };
        if let Some(parts) = map.get("allOf") {
            let Some(parts) = parts.as_array() else {
                self.problem(&target_site.at("allOf"), "`allOf` must be a list; ignored");
                return Ok(());
            };
            let detached = map.contains_key(DETACHED);
            if !detached {
                if self.stack.contains(&target_site) {
                    self.problem(
                        site,
                        format!(
                            "`allOf` loops back to `{}#{}` (through `$ref`s); this part is left out",
                            target_site.file, target_site.pointer
                        ),
                    );
                    return Ok(());
                }
                self.stack.push(target_site.clone());
            }
            let mut result = Ok(());
            for (index, part) in parts.iter().enumerate() {
                let part_site = if detached {
                    target_site.clone()
                } else {
                    target_site.index("allOf", index)
                };
                result = self.leaves(part, &part_site, depth, out);
                if result.is_err() {
                    break;
                }
            }
            if !detached {
                self.stack.pop();
            }
            result?;
        }
        let mut own = map.clone();
        own.remove("allOf");
        own.remove(AT);
        if own.keys().any(|key| key != DETACHED) {
            // A part's keywords this pass does not know are reported where they are written.
            if !map.contains_key(DETACHED) {
                for key in own.keys() {
                    if keyword(key) == Keyword::Unknown {
                        self.problem(
                            &target_site.at(key),
                            format!("keyword `{key}` is not understood; ignored"),
                        );
                    }
                }
            }
            out.push(detach(&own, &target_site));
        }
        Ok(())
    }

    /// One schema from detached parts.
    fn merge(
        &mut self,
        parts: Vec<Map<String, Value>>,
        site: &Site,
        depth: usize,
    ) -> Result<Map<String, Value>, Nothing> {
        // A union among the parts distributes over the others.
        if let Some((index, keyword)) = parts.iter().enumerate().find_map(|(index, part)| {
            ["oneOf", "anyOf"]
                .into_iter()
                .find(|keyword| part.get(*keyword).is_some_and(Value::is_array))
                .map(|keyword| (index, keyword))
        }) {
            let mut union_part = parts[index].clone();
            let branches = union_part
                .remove(keyword)
                .and_then(|branches| branches.as_array().cloned())
                .unwrap_or_default();
            let mut out = Map::new();
            let candidates: Vec<Value> = branches
                .into_iter()
                .map(|branch| {
                    let mut all: Vec<Value> = Vec::new();
                    for (other, part) in parts.iter().enumerate() {
                        if other == index {
                            all.push(Value::Object(union_part.clone()));
                        } else {
                            all.push(Value::Object(part.clone()));
                        }
                    }
                    all.push(branch);
                    let mut branch = Map::new();
                    branch.insert("allOf".to_owned(), Value::Array(all));
                    branch.insert(DETACHED.to_owned(), Value::Bool(true));
                    Value::Object(branch)
                })
                .collect();
            // A branch that admits nothing beside the other parts is no branch (a nullable
            // member refined to `null` keeps only its `null` branch); only when every branch
            // goes is that a problem.
            let mut distributed = Vec::new();
            for candidate in candidates {
                let mut inner = Composer {
                    docs: self.docs,
                    problems: Vec::new(),
                    stack: self.stack.clone(),
                };
                let composed = inner.compose(&candidate, site, depth.saturating_sub(1));
                if composed != Value::Bool(false) {
                    self.problems.extend(inner.problems);
                    distributed.push(composed);
                }
            }
            if distributed.is_empty() {
                self.problem(
                    site,
                    format!("no branch of `{keyword}` fits the other parts of `allOf`: no value is valid here"),
                );
                return Err(Nothing);
            }
            if distributed.len() == 1
                && let Some(Value::Object(only)) = distributed.pop()
            {
                return Ok(only);
            }
            for part in &parts {
                for key in ["description", "title", "discriminator"] {
                    if let Some(value) = part.get(key) {
                        out.insert(key.to_owned(), value.clone());
                    }
                }
            }
            out.insert(keyword.to_owned(), Value::Array(distributed));
            out.insert(DETACHED.to_owned(), Value::Bool(true));
            return Ok(out);
        }

        let mut out = Map::new();
        let mut types: Option<Vec<String>> = None;
        let mut properties: IndexMap<String, Vec<Value>> = IndexMap::new();
        let mut required: Vec<Value> = Vec::new();
        let mut items: Vec<Value> = Vec::new();
        let mut closed = false;
        let mut additional: Option<Value> = None;
        let mut values: Option<Vec<Value>> = None;
        for part in &parts {
            if let Some(kinds) = kinds_of(part) {
                types = Some(match types {
                    None => kinds,
                    Some(previous) => intersect_kinds(&previous, &kinds),
                });
            }
            if let Some(Value::Object(members)) = part.get("properties") {
                for (name, member) in members {
                    properties
                        .entry(name.clone())
                        .or_default()
                        .push(member.clone());
                }
            }
            if let Some(Value::Array(keys)) = part.get("required") {
                for key in keys {
                    if !required.contains(key) {
                        required.push(key.clone());
                    }
                }
            }
            match part.get("items") {
                Some(Value::Bool(true)) | None => {}
                Some(other) => items.push(other.clone()),
            }
            match part.get("additionalProperties") {
                Some(Value::Bool(false)) => closed = true,
                Some(Value::Bool(true)) | None => {}
                Some(schema) => additional = Some(schema.clone()),
            }
            let allowed = match (part.get("const"), part.get("enum")) {
                (Some(constant), _) => Some(vec![constant.clone()]),
                (None, Some(Value::Array(listed))) => Some(listed.clone()),
                _ => None,
            };
            if let Some(allowed) = allowed {
                values = Some(match values {
                    None => allowed,
                    Some(previous) => previous
                        .into_iter()
                        .filter(|value| allowed.contains(value))
                        .collect(),
                });
            }
            for (key, value) in part {
                let merged_elsewhere = matches!(
                    key.as_str(),
                    "type"
                        | "nullable"
                        | "properties"
                        | "required"
                        | "items"
                        | "additionalProperties"
                        | "const"
                        | "enum"
                        | "allOf"
                );
                if !merged_elsewhere {
                    // Annotations, formats and the rest: a later part's wins.
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(kinds) = &types {
            if kinds.is_empty() {
                self.problem(
                    site,
                    "the parts of `allOf` have no type in common: no value is valid here",
                );
                return Err(Nothing);
            }
            out.insert(
                "type".to_owned(),
                Value::Array(kinds.iter().cloned().map(Value::String).collect()),
            );
        }
        if let Some(values) = values {
            if values.is_empty() {
                self.problem(
                    site,
                    "the parts of `allOf` allow no value in common: no value is valid here",
                );
                return Err(Nothing);
            }
            if let [only] = values.as_slice() {
                out.insert("const".to_owned(), only.clone());
            } else {
                out.insert("enum".to_owned(), Value::Array(values));
            }
        }
        if !properties.is_empty() {
            let mut merged = Map::new();
            for (name, declarations) in properties {
                let member = self.member(declarations, site, depth);
                merged.insert(name, member);
            }
            out.insert("properties".to_owned(), Value::Object(merged));
        }
        if !required.is_empty() {
            out.insert("required".to_owned(), Value::Array(required));
        }
        match items.len() {
            0 => {}
            1 => {
                out.insert("items".to_owned(), items.remove(0));
            }
            _ => {
                out.insert("items".to_owned(), all_of_values(items));
            }
        }
        if closed {
            out.insert("additionalProperties".to_owned(), Value::Bool(false));
        } else if let Some(schema) = additional {
            out.insert("additionalProperties".to_owned(), schema);
        }
        out.insert(DETACHED.to_owned(), Value::Bool(true));
        Ok(out)
    }

    /// A member declared by several parts: the first declaration refined by each later one.
    fn member(&mut self, declarations: Vec<Value>, site: &Site, depth: usize) -> Value {
        let mut declarations = declarations.into_iter();
        let Some(mut merged) = declarations.next() else {
            return Value::Bool(true);
        };
        for refinement in declarations {
            match self.fixes(&merged, &refinement, site, depth) {
                Some(value) => {
                    if let Value::Object(map) = &mut merged {
                        map.insert(FIXED.to_owned(), value);
                    }
                }
                None => merged = all_of_values(vec![merged, refinement]),
            }
        }
        merged
    }

    /// The value `refinement` fixes the member to, when that is all it does and `base`
    /// allows that value (a base of that JSON type, or an enum listing it).
    fn fixes(
        &mut self,
        base: &Value,
        refinement: &Value,
        site: &Site,
        depth: usize,
    ) -> Option<Value> {
        let (refinement, _) = self.resolved(refinement, site, depth)?;
        // `null` alone narrows a nullable declaration the same way.
        let null_only = kinds_of(&refinement).is_some_and(|kinds| kinds == ["null"])
            || refinement.get("const") == Some(&Value::Null)
            || refinement.get("enum") == Some(&Value::Array(vec![Value::Null]));
        let value = match fixed_value(&refinement) {
            Some(value) => value,
            None if null_only => Value::Null,
            None => return None,
        };
        let only_values = refinement
            .iter()
            .all(|(key, keyword_value)| match key.as_str() {
                "const" | "enum" => true,
                "type" => kinds_of(&refinement)
                    .is_some_and(|kinds| kinds.len() == 1 && kinds[0] == kind_of(&value)),
                _ => {
                    let _ = keyword_value;
                    key == DETACHED || matches!(keyword(key), Keyword::Annotation)
                }
            });
        if !only_values {
            return None;
        }
        let (base, base_site) = self.resolved(base, site, depth)?;
        self.allows(&base, &value, &base_site, depth)
            .then_some(value)
    }

    /// Whether `schema` allows `value` by its type, `enum`/`const`, or one of its
    /// `oneOf`/`anyOf` branches (a declaration that says nothing of them does not).
    fn allows(
        &mut self,
        schema: &Map<String, Value>,
        value: &Value,
        site: &Site,
        depth: usize,
    ) -> bool {
        match (schema.get("enum"), schema.get("const")) {
            (Some(Value::Array(listed)), _) => return listed.contains(value),
            (_, Some(constant)) => return constant == value,
            _ => {}
        }
        if let Some(kinds) = kinds_of(schema) {
            let kind = kind_of(value);
            return kinds
                .iter()
                .any(|allowed| allowed == kind || (allowed == "number" && kind == "integer"));
        }
        let Some(depth) = depth.checked_sub(1) else {
            return false;
        };
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = schema.get(keyword) {
                let branches = branches.clone();
                return branches.iter().any(|branch| {
                    self.resolved(branch, site, depth)
                        .is_some_and(|(branch, branch_site)| {
                            self.allows(&branch, value, &branch_site, depth)
                        })
                });
            }
        }
        false
    }

    /// The schema `value` stands for, `$ref`s followed and `allOf` composed.
    fn resolved(
        &mut self,
        value: &Value,
        site: &Site,
        depth: usize,
    ) -> Option<(Map<String, Value>, Site)> {
        let (target, target_site) = self.docs.follow(value, site).ok()?;
        let map = target.as_object()?;
        if map.contains_key("allOf") {
            let depth = depth.checked_sub(1)?;
            return match self.compose(target, &target_site, depth) {
                Value::Object(map) => Some((map, target_site)),
                _ => None,
            };
        }
        Some((map.clone(), target_site))
    }
}

/// `{"allOf": values}`, detached (its parts are place references or detached already).
fn all_of_values(values: Vec<Value>) -> Value {
    let mut flat = Vec::new();
    for value in values {
        match value {
            Value::Object(map)
                if map.len() == 2
                    && map.contains_key(DETACHED)
                    && map.get("allOf").is_some_and(Value::is_array) =>
            {
                if let Some(Value::Array(parts)) = map.get("allOf") {
                    flat.extend(parts.iter().cloned());
                }
            }
            other => flat.push(other),
        }
    }
    let mut map = Map::new();
    map.insert("allOf".to_owned(), Value::Array(flat));
    map.insert(DETACHED.to_owned(), Value::Bool(true));
    Value::Object(map)
}

/// The JSON types a schema allows by its `type` (and OpenAPI 3.0's `nullable`), if it says.
pub(crate) fn kinds_of(schema: &Map<String, Value>) -> Option<Vec<String>> {
    let mut kinds: Vec<String> = match schema.get("type")? {
        Value::String(kind) => vec![kind.clone()],
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => return None,
    };
    if schema.get("nullable") == Some(&Value::Bool(true)) && !kinds.iter().any(|k| k == "null") {
        kinds.push("null".to_owned());
    }
    Some(kinds)
}

/// The kinds both lists allow (`integer` is within `number`), in the first list's order.
fn intersect_kinds(first: &[String], second: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for kind in first {
        let kept = if second.contains(kind) {
            Some(kind.as_str())
        } else if (kind == "number" && second.iter().any(|other| other == "integer"))
            || (kind == "integer" && second.iter().any(|other| other == "number"))
        {
            Some("integer")
        } else {
            None
        };
        if let Some(kept) = kept
            && !out.iter().any(|done: &String| done == kept)
        {
            out.push(kept.to_owned());
        }
    }
    out
}

/// `null` allowed too.
fn allow_null(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(kinds)) = schema.get_mut("type")
        && !kinds.contains(&Value::from("null"))
    {
        kinds.push(Value::from("null"));
    }
}

/// The JSON type of a value.
fn kind_of(value: &Value) -> &'static str {
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

/// The one value a schema allows by `const` or a single-value `enum` (not `null`).
pub(crate) fn fixed_value(schema: &Map<String, Value>) -> Option<Value> {
    let value = match (schema.get("const"), schema.get("enum")) {
        (Some(constant), _) => constant.clone(),
        (None, Some(Value::Array(values))) if values.len() == 1 => values[0].clone(),
        _ => return None,
    };
    (!value.is_null() && !value.is_array() && !value.is_object()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn docs(value: Value) -> Documents {
        Documents::single("api.json", value)
    }

    fn composed(docs: &Documents, pointer: &str) -> (Value, Vec<Problem>) {
        let site = Site {
            file: "api.json".to_owned(),
            pointer: pointer.to_owned(),
        };
        let schema = docs.get(&site).cloned().unwrap();
        all_of(docs, &schema, &site)
    }

    fn resolve_member<'a>(docs: &'a Documents, value: &'a Value) -> &'a Value {
        docs.follow(value, &Site::root("api.json")).unwrap().0
    }

    #[test]
    fn members_required_and_types_merge() {
        let docs = docs(json!({
            "base": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "n": {"type": ["number", "null"]}}},
            "event": {"allOf": [
                {"$ref": "#/base"},
                {"type": "object", "required": ["bounce"], "properties": {
                    "bounce": {"type": "string"}, "n": {"type": "integer"}}}
            ]}
        }));
        let (value, problems) = composed(&docs, "/event");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(value["type"], json!(["object"]));
        assert_eq!(value["required"], json!(["id", "bounce"]));
        let properties = value["properties"].as_object().unwrap();
        let mut keys: Vec<&String> = properties.keys().collect();
        keys.sort();
        assert_eq!(keys, ["bounce", "id", "n"]);
        // Taken over unchanged: a place reference to where it is written.
        assert_eq!(
            place(&properties["id"]).unwrap().pointer,
            "/base/properties/id"
        );
        // Declared twice: the allOf of both, which composes to the intersection.
        let (n, _) = all_of(&docs, &properties["n"], &Site::root("api.json"));
        assert_eq!(n["type"], json!(["integer"]));
    }

    #[test]
    fn a_refinement_that_only_fixes_a_value_keeps_the_declaration() {
        let docs = docs(json!({
            "base": {"properties": {"action": {"type": "string"},
                                    "state": {"enum": ["open", "closed"]},
                                    "fork": {"type": "boolean"},
                                    "closed_at": {"type": ["string", "null"]}}},
            "event": {"allOf": [{"$ref": "#/base"}, {"properties": {
                "action": {"const": "opened"},
                "state": {"type": "string", "enum": ["closed"]},
                "fork": {"type": "boolean", "enum": [true]},
                "closed_at": {"type": "null"}}}]},
            "other": {"allOf": [{"$ref": "#/base"}, {"properties": {
                "state": {"enum": ["merged"]}}}]}
        }));
        let (value, _) = composed(&docs, "/event");
        let properties = &value["properties"];
        assert_eq!(properties["action"][FIXED], json!("opened"));
        assert_eq!(
            resolve_member(&docs, &properties["action"]),
            &json!({"type": "string"})
        );
        assert_eq!(properties["state"][FIXED], json!("closed"));
        assert_eq!(properties["fork"][FIXED], json!(true));
        assert_eq!(properties["closed_at"][FIXED], Value::Null);
        // A value the base does not list is not a narrowing: the intersection is empty.
        let (value, _) = composed(&docs, "/other");
        let (state, problems) = all_of(
            &docs,
            &value["properties"]["state"],
            &Site::root("api.json"),
        );
        assert_eq!(state, Value::Bool(false));
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn nested_all_of_through_refs_and_unions_distribute() {
        let docs = docs(json!({
            "a": {"allOf": [{"$ref": "#/b"}], "properties": {"x": {"type": "string"}}},
            "b": {"allOf": [{"properties": {"y": {"type": "string"}}}]},
            "u": {"allOf": [{"$ref": "#/a"}, {"oneOf": [{"properties": {"k": {"const": "p"}}},
                                                        {"properties": {"k": {"const": "q"}}}]}]}
        }));
        let (value, problems) = composed(&docs, "/a");
        assert!(problems.is_empty(), "{problems:?}");
        let mut keys: Vec<&String> = value["properties"].as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["x", "y"]);
        let (value, _) = composed(&docs, "/u");
        let branches = value["oneOf"].as_array().unwrap();
        assert_eq!(branches.len(), 2);
        let (first, _) = all_of(&docs, &branches[0], &Site::root("api.json"));
        let mut keys: Vec<&String> = first["properties"].as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["k", "x", "y"]);
    }

    #[test]
    fn false_parts_loops_and_bad_refs_are_reported_not_fatal() {
        let docs = docs(json!({
            "never": {"allOf": [{"type": "string"}, false]},
            "clash": {"allOf": [{"type": "string"}, {"type": "integer"}]},
            "loop": {"allOf": [{"$ref": "#/loop"}]},
            "bad": {"allOf": [{"$ref": "#/nowhere"}, {"type": "string"}]},
            "null": {"allOf": [{"type": ["string", "null"]}, {"type": "string"}]},
            "nullable": {"nullable": true, "allOf": [{"type": "object"}]}
        }));
        assert_eq!(composed(&docs, "/never").0, Value::Bool(false));
        let (clash, problems) = composed(&docs, "/clash");
        assert_eq!(clash, Value::Bool(false));
        assert!(problems[0].message.contains("no type in common"));
        let (_, problems) = composed(&docs, "/loop");
        assert!(!problems.is_empty());
        let (bad, problems) = composed(&docs, "/bad");
        assert_eq!(bad["type"], json!(["string"]));
        assert_eq!(problems[0].pointer, "/bad/allOf/0");
        // A part that does not allow null wins.
        assert_eq!(composed(&docs, "/null").0["type"], json!(["string"]));
        // OpenAPI 3.0's `nullable` beside `allOf` makes the whole nullable.
        assert_eq!(
            composed(&docs, "/nullable").0["type"],
            json!(["object", "null"])
        );
    }
}
