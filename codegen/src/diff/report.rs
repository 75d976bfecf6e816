//! The diff for people (text, grouped by scope, with the verdict last) and for programs (one
//! JSON object: `{"verdict", "old_vendor", "new_vendor", "counts", "changes"}`).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Change, Diff, Impact, Item, Kind};

impl Change {
    /// One line on what changed, without the impact: "member `title` removed (was `String`)".
    pub fn describe(&self) -> String {
        let subject = match (&self.item, &self.name) {
            // The scope heading already names the event or type.
            (Item::Whole, _) | (_, None) => String::new(),
            (item, Some(name)) => format!("{} `{name}` ", item.as_str()),
        };
        let shown = |value: &Option<String>| value.as_deref().unwrap_or("-").to_owned();
        let change = match self.kind {
            Kind::Added { required, .. } => {
                let what = if self.item == Item::Member {
                    if required {
                        "added, required"
                    } else {
                        "added, optional"
                    }
                } else {
                    "added"
                };
                match &self.new {
                    Some(new) => format!("{what}: `{new}`"),
                    None => what.to_owned(),
                }
            }
            Kind::Removed => match &self.old {
                Some(old) => format!("removed (was `{old}`)"),
                None => "removed".to_owned(),
            },
            Kind::TypeChanged
            | Kind::BecameOptional
            | Kind::BecameRequired
            | Kind::BecameNullable
            | Kind::BecameNonNullable
            | Kind::Renamed => {
                let what = match self.kind {
                    Kind::TypeChanged => "type changed",
                    Kind::BecameOptional => "became optional",
                    Kind::BecameRequired => "became required",
                    Kind::BecameNullable => "became nullable",
                    Kind::BecameNonNullable => "no longer nullable",
                    _ => "renamed",
                };
                format!("{what}: `{}` → `{}`", shown(&self.old), shown(&self.new))
            }
            Kind::BecameTolerant | Kind::BecameStrict => {
                let what = if self.kind == Kind::BecameTolerant {
                    "presence strict → tolerant"
                } else {
                    "presence tolerant → strict"
                };
                match &self.new {
                    Some(count) => format!("{what} ({count})"),
                    None => what.to_owned(),
                }
            }
            Kind::Opened => "now keeps values no branch takes (`Other`)".to_owned(),
            Kind::Closed => "no longer keeps values no branch takes".to_owned(),
            Kind::SelectionChanged | Kind::ValueChanged | Kind::Widened => {
                format!("changed: {} → {}", shown(&self.old), shown(&self.new))
            }
            Kind::Deprecated => "deprecated".to_owned(),
            Kind::Undeprecated => "no longer deprecated".to_owned(),
            Kind::DocChanged => "documentation changed".to_owned(),
        };
        format!("{subject}{change}")
    }

    /// The change as a JSON object: `scope`, `name` (the event or type, when the scope has
    /// one), `item`, `item_name`, `change`, `old`, `new`, `impact`, `why`, `description`.
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "scope": self.scope.kind(),
            "name": self.scope.name(),
            "item": self.item.as_str(),
            "item_name": self.name,
            "change": self.kind.as_str(),
            "old": self.old,
            "new": self.new,
            "impact": self.impact.as_str(),
            "why": self.why,
            "description": self.describe(),
        });
        if let (Kind::Added { required, tolerant }, Some(object)) =
            (self.kind, value.as_object_mut())
            && self.item == Item::Member
        {
            object.insert("required".to_owned(), Value::Bool(required));
            object.insert("tolerant".to_owned(), Value::Bool(tolerant));
        }
        value
    }
}

impl Diff {
    /// The changes grouped by scope (a heading each), each line with its impact and why,
    /// then the verdict with the count of changes of each impact.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        if self.old_vendor != self.new_vendor {
            let _ = writeln!(out, "vendor {} → {}", self.old_vendor, self.new_vendor);
        }
        let mut heading = None;
        for change in &self.changes {
            if heading != Some(&change.scope) {
                let _ = writeln!(out, "{}", change.scope);
                heading = Some(&change.scope);
            }
            let _ = writeln!(
                out,
                "  {:<5}  {} — {}",
                change.impact.as_str(),
                change.describe(),
                change.why
            );
        }
        if self.changes.is_empty() {
            out.push_str("no changes to the generated API\n");
        } else {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "verdict: {} ({} major, {} minor, {} patch)",
            self.verdict(),
            self.count(Impact::Major),
            self.count(Impact::Minor),
            self.count(Impact::Patch)
        );
        out
    }

    /// One JSON object: `verdict`, `old_vendor`, `new_vendor`, `counts` (`major`, `minor`,
    /// `patch`) and `changes` (see [`Change::to_json`]).
    pub fn to_json(&self) -> Value {
        json!({
            "verdict": self.verdict().as_str(),
            "old_vendor": self.old_vendor,
            "new_vendor": self.new_vendor,
            "counts": {
                "major": self.count(Impact::Major),
                "minor": self.count(Impact::Minor),
                "patch": self.count(Impact::Patch),
            },
            "changes": self.changes.iter().map(Change::to_json).collect::<Vec<_>>(),
        })
    }
}
