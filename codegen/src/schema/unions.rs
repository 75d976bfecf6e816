//! Unions as `oneOf`, with the parser's own discrimination (`validate/examples/fit.rs`
//! `union`; emit/unions.rs): the value's JSON kind chooses the branch; where several branches
//! take objects, the tag member's value, then a key (in spec order), then the `otherwise`
//! branch. Each `oneOf` entry is the condition that selects its branch (so the entries never
//! overlap) and the branch's type; an open union adds one entry for every value no branch
//! selects (the parser keeps it in `Other`), `null` included. A value a branch selects but
//! that does not fit it fails, as it does in the parser (never a fall-back to another
//! branch).

use super::json::{Json, Schema};
use super::types::Builder;
use crate::model::{Branch, JsonKind, Select, Union};

/// Every JSON kind a union tells apart, in the order the parser lists them.
const KINDS: [JsonKind; 6] = [
    JsonKind::Bool,
    JsonKind::Integer,
    JsonKind::Number,
    JsonKind::String,
    JsonKind::Array,
    JsonKind::Object,
];

impl<'a> Builder<'a> {
    /// The schema of a union.
    pub(super) fn union(&mut self, def: &'a Union) -> Schema {
        let takers = |kind: JsonKind| -> Vec<usize> {
            (def.branches.iter().enumerate())
                .filter(|(_, branch)| branch.kinds.contains(&kind))
                .map(|(index, _)| index)
                .collect()
        };
        // Objects told apart by more than their kind: the branches that take them.
        let object_takers = takers(JsonKind::Object);
        let selecting = match object_takers.as_slice() {
            [] => None,
            [one] if def.branches[*one].select == Select::Kind => None,
            _ => Some(object_takers.clone()),
        };
        let selection = selecting
            .as_ref()
            .map(|takers| ObjectSelection::new(def, takers));

        let mut entries = Vec::new();
        for (index, branch) in def.branches.iter().enumerate() {
            let mut conditions: Vec<Schema> = KINDS
                .into_iter()
                .filter(|kind| branch.select == Select::Kind && takers(*kind).as_slice() == [index])
                .map(kind_schema)
                .collect();
            if let Some(condition) = selection.as_ref().and_then(|found| found.of(index)) {
                conditions.push(condition);
            }
            if conditions.is_empty() {
                // The parser never chooses it (validation rejects such a union).
                continue;
            }
            let body = self.branch(def, branch);
            let entry = Schema::new()
                .with("title", branch.rust.as_str())
                .merge(Schema::all_of(vec![Schema::any_of(conditions), body]));
            entries.push(Json::from(entry));
        }
        if def.open {
            entries.push(Json::from(other(def, &takers, selection.as_ref())));
        }
        Schema::new()
            .with("title", def.name.as_str())
            .with_text("description", &def.doc)
            .with("oneOf", entries)
    }

    /// A branch's type; its text scalars are lenient when the union is tolerant.
    fn branch(&mut self, def: &'a Union, branch: &'a Branch) -> Schema {
        let schema = self.ty(&branch.ty, def.tolerant);
        match &branch.doc {
            Some(doc) => schema.with_text("description", doc),
            None => schema,
        }
    }
}

/// How a union's object branches are selected, when several take objects.
struct ObjectSelection {
    /// `{"type": "object"}` and the condition that selects each branch (by index), for the
    /// branches the parser can choose.
    conditions: Vec<(usize, Schema)>,
    /// Whether an `otherwise` branch takes every object nothing else selects.
    has_otherwise: bool,
    /// An object any tag value or key selects (for the open union's `Other`).
    any_selected: Schema,
}

impl ObjectSelection {
    fn new(def: &Union, takers: &[usize]) -> Self {
        let tag_values: Vec<(usize, &str)> = {
            let mut seen = Vec::new();
            let mut found = Vec::new();
            for &index in takers {
                if let Select::Tag(value) = &def.branches[index].select
                    && !seen.contains(&value.as_str())
                {
                    seen.push(value.as_str());
                    found.push((index, value.as_str()));
                }
            }
            found
        };
        // Selected by its tag: the tag member holds one of the listed values (a string).
        let tagged = match (&def.tag, tag_values.is_empty()) {
            (Some(tag), false) => Some(Schema::member(
                tag,
                Schema::new().with(
                    "enum",
                    tag_values
                        .iter()
                        .map(|(_, value)| Json::from(*value))
                        .collect::<Vec<_>>(),
                ),
            )),
            _ => None,
        };
        let object = || Schema::of_type("object");
        let mut conditions = Vec::new();
        for &(index, value) in &tag_values {
            if let Some(tag) = &def.tag {
                conditions.push((
                    index,
                    Schema::all_of(vec![
                        object(),
                        Schema::member(tag, Schema::new().with("const", value)),
                    ]),
                ));
            }
        }
        let untagged = || tagged.clone().map(Schema::negate);
        let mut keys: Vec<&str> = Vec::new();
        let mut has_otherwise = false;
        for &index in takers {
            match &def.branches[index].select {
                Select::Key(key) if !keys.contains(&key.as_str()) => {
                    let mut parts = vec![object()];
                    parts.extend(untagged());
                    parts.push(Schema::has(key));
                    if !keys.is_empty() {
                        parts.push(Schema::negate(Schema::any_of(
                            keys.iter().map(|earlier| Schema::has(earlier)).collect(),
                        )));
                    }
                    keys.push(key);
                    conditions.push((index, Schema::all_of(parts)));
                }
                Select::Otherwise if !has_otherwise => has_otherwise = true,
                _ => {}
            }
        }
        let mut selected: Vec<Schema> = tagged.clone().into_iter().collect();
        selected.extend(keys.iter().map(|key| Schema::has(key)));
        if let Some(&index) = takers
            .iter()
            .find(|&&index| def.branches[index].select == Select::Otherwise)
        {
            let mut parts = vec![object()];
            if !selected.is_empty() {
                parts.push(Schema::negate(Schema::any_of(selected.clone())));
            }
            conditions.push((index, Schema::all_of(parts)));
        }
        let any_selected = if selected.is_empty() {
            Schema::nothing()
        } else {
            Schema::any_of(selected)
        };
        ObjectSelection {
            conditions,
            has_otherwise,
            any_selected,
        }
    }

    /// The condition that selects branch `index` among objects, if the parser can choose it.
    fn of(&self, index: usize) -> Option<Schema> {
        self.conditions
            .iter()
            .find(|(at, _)| *at == index)
            .map(|(_, condition)| condition.clone())
    }
}

/// The open union's `Other`: `null`, a value of a kind no branch takes, and an object no tag
/// or key selects where no branch is `otherwise`.
fn other(
    def: &Union,
    takers: &impl Fn(JsonKind) -> Vec<usize>,
    selection: Option<&ObjectSelection>,
) -> Schema {
    let mut kinds = vec![Schema::of_type("null")];
    kinds.extend(
        KINDS
            .into_iter()
            .filter(|kind| takers(*kind).is_empty())
            .map(kind_schema),
    );
    if let Some(selection) = selection
        && !selection.has_otherwise
    {
        kinds.push(Schema::all_of(vec![
            Schema::of_type("object"),
            Schema::negate(selection.any_selected.clone()),
        ]));
    }
    Schema::new()
        .with("title", "Other")
        .with(
            "$comment",
            format!(
                "`{}` is open: a value no variant takes is kept as JSON (`Other`).",
                def.name
            ),
        )
        .merge(Schema::any_of(kinds))
}

/// The values of one JSON kind as the parser sees it: serde_json reads a number with a
/// fraction or an exponent as a float (`Number`), any other as an integer.
fn kind_schema(kind: JsonKind) -> Schema {
    match kind {
        JsonKind::Bool => Schema::of_type("boolean"),
        JsonKind::Integer => Schema::of_type("integer"),
        JsonKind::Number => Schema::of_type("number").with("not", Schema::of_type("integer")),
        JsonKind::String => Schema::of_type("string"),
        JsonKind::Array => Schema::of_type("array"),
        JsonKind::Object => Schema::of_type("object"),
    }
}
