//! Pass 2, **resolve**: `$ref`s between and within documents, and where each schema node is
//! (file and JSON pointer), for diagnostics. Chains of `$ref`s are followed with a bound and
//! cycle detection, so a document whose refs loop or point nowhere is reported, never a hang.
//!
//! Later passes also point at schema nodes by place: [`at`] makes a small JSON value that
//! stands for "the schema at this file and pointer, as if written here", which `compose` uses
//! to merge members that come from several files without rewriting their `$ref`s.

use serde_json::{Map, Value};

use super::read::Documents;

/// The key of a place reference made by [`at`]: `{"$hookspec-at": [file, pointer]}`.
pub(crate) const AT: &str = "$hookspec-at";

/// How many `$ref`/place steps a chain may take before it is reported as a loop.
pub(crate) const MAX_STEPS: usize = 64;

/// Where a schema node is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Site {
    pub(crate) file: String,
    pub(crate) pointer: String,
}

impl Site {
    /// The site of a file's root.
    pub(crate) fn root(file: &str) -> Site {
        Site {
            file: file.to_owned(),
            pointer: String::new(),
        }
    }

    /// The site of member `key` of this node.
    pub(crate) fn at(&self, key: &str) -> Site {
        Site {
            file: self.file.clone(),
            pointer: child(&self.pointer, key),
        }
    }

    /// The site of `key[index]` of this node.
    pub(crate) fn index(&self, key: &str, index: usize) -> Site {
        self.at(key).at(&index.to_string())
    }
}

/// `pointer` extended by one key, escaped as RFC 6901 says.
pub(crate) fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// A value standing for the schema at `site` (see the module doc).
pub(crate) fn at(site: &Site) -> Value {
    let mut map = Map::new();
    map.insert(
        AT.to_owned(),
        Value::Array(vec![
            Value::String(site.file.clone()),
            Value::String(site.pointer.clone()),
        ]),
    );
    Value::Object(map)
}

/// The site a place reference made by [`at`] stands for.
pub(crate) fn place(value: &Value) -> Option<Site> {
    match value.get(AT)?.as_array()?.as_slice() {
        [Value::String(file), Value::String(pointer)] => Some(Site {
            file: file.clone(),
            pointer: pointer.clone(),
        }),
        _ => None,
    }
}

impl Documents {
    /// The node at `site`, if there is one.
    pub(crate) fn get(&self, site: &Site) -> Option<&Value> {
        self.files.get(&site.file)?.pointer(&site.pointer)
    }

    /// The target of a `$ref` written in `from`: `other.json`, `other.json#/a/b`, `#/a/b`.
    /// Returns the file and pointer of the target.
    pub(crate) fn resolve(&self, from: &str, reference: &str) -> Result<(String, String), String> {
        let (path, pointer) = match reference.split_once('#') {
            Some((path, pointer)) => (path, pointer),
            None => (reference, ""),
        };
        let file = if path.is_empty() {
            from.to_owned()
        } else {
            self.relative_file(from, path)
                .or_else(|| self.by_id(from, path))
                .ok_or_else(|| format!("`$ref` to `{reference}`: no such file in the directory"))?
        };
        let found = self
            .files
            .get(&file)
            .is_some_and(|document| document.pointer(pointer).is_some());
        if !found {
            return Err(format!(
                "`$ref` to `{reference}`: no such place in `{file}`"
            ));
        }
        Ok((file, pointer.to_owned()))
    }

    /// The file whose `$id` is `path`, or `path` resolved against the `$id` of `from` (JSON
    /// Schema resolves a relative `$ref` against the document's `$id`).
    fn by_id(&self, from: &str, path: &str) -> Option<String> {
        if let Some(file) = self.ids.get(path) {
            return Some(file.clone());
        }
        let base = self
            .files
            .get(from)?
            .get("$id")?
            .as_str()?
            .trim_end_matches('#');
        let (scheme_and_host, base_path) = match base.find("://") {
            Some(at) => {
                let rest = &base[at + 3..];
                let slash = rest.find('/').map_or(base.len(), |slash| at + 3 + slash);
                (&base[..slash], &base[slash..])
            }
            None => ("", base),
        };
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            let directory = base_path
                .rsplit_once('/')
                .map_or("", |(directory, _)| directory);
            directory
                .split('/')
                .filter(|part| !part.is_empty())
                .collect()
        };
        for part in path.split('/') {
            match part {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        let joined = format!("{scheme_and_host}/{}", parts.join("/"));
        self.ids.get(&joined).cloned()
    }

    /// A file named `path` relative to the directory of `from`, or to the root.
    fn relative_file(&self, from: &str, path: &str) -> Option<String> {
        let base = from.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut parts: Vec<&str> = if base.is_empty() {
            Vec::new()
        } else {
            base.split('/').collect()
        };
        for part in path.split('/') {
            match part {
                "." | "" => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        let joined = parts.join("/");
        if self.files.contains_key(&joined) {
            return Some(joined);
        }
        // GitHub's schemas write refs relative to the root (`common/user.schema.json`).
        let from_root = path.trim_start_matches("./").to_owned();
        self.files.contains_key(&from_root).then_some(from_root)
    }

    /// One step: where `value`'s `$ref` (written in `site`'s file) or place reference leads.
    /// `Ok(None)` when `value` is neither; `Err` when its `$ref` leads nowhere.
    pub(crate) fn step(&self, value: &Value, site: &Site) -> Result<Option<Site>, String> {
        if let Some(target) = place(value) {
            return match self.get(&target) {
                Some(_) => Ok(Some(target)),
                None => Err(format!("no schema at `{}#{}`", target.file, target.pointer)),
            };
        }
        let Some(reference) = value.get("$ref") else {
            return Ok(None);
        };
        let Some(reference) = reference.as_str() else {
            return Err("`$ref` must be a string".to_owned());
        };
        let (file, pointer) = self.resolve(&site.file, reference)?;
        Ok(Some(Site { file, pointer }))
    }

    /// `value` (at `site`) with its chain of `$ref`s and place references followed: the schema
    /// it stands for and where that is. A loop or a ref that leads nowhere is an `Err`
    /// naming it.
    pub(crate) fn follow<'v>(
        &'v self,
        value: &'v Value,
        site: &Site,
    ) -> Result<(&'v Value, Site), String> {
        let mut current = value;
        let mut at = site.clone();
        let mut seen: Vec<Site> = Vec::new();
        for _ in 0..MAX_STEPS {
            match self.step(current, &at)? {
                None => return Ok((current, at)),
                Some(target) => {
                    if seen.contains(&target) {
                        return Err(format!(
                            "`$ref`s loop back to `{}#{}`",
                            target.file, target.pointer
                        ));
                    }
                    let Some(next) = self.get(&target) else {
                        return Err(format!("no schema at `{}#{}`", target.file, target.pointer));
                    };
                    seen.push(target.clone());
                    current = next;
                    at = target;
                }
            }
        }
        Err(format!("more than {MAX_STEPS} `$ref`s in a chain"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn docs() -> Documents {
        let mut documents = Documents::default();
        documents.files.insert(
            "events/a.json".to_owned(),
            json!({"properties": {"u": {"$ref": "../common/user.json"}, "v": {"$ref": "#/$defs/v"}},
                   "$defs": {"v": {"$ref": "#/$defs/w"}, "w": {"type": "string"},
                             "loop": {"$ref": "#/$defs/loop2"}, "loop2": {"$ref": "#/$defs/loop"}}}),
        );
        documents
            .files
            .insert("common/user.json".to_owned(), json!({"type": "object"}));
        documents
    }

    #[test]
    fn refs_resolve_relative_to_their_file_then_to_the_root() {
        let docs = docs();
        assert_eq!(
            docs.resolve("events/a.json", "../common/user.json")
                .unwrap(),
            ("common/user.json".to_owned(), String::new())
        );
        assert_eq!(
            docs.resolve("events/a.json", "common/user.json").unwrap(),
            ("common/user.json".to_owned(), String::new())
        );
        assert!(docs.resolve("events/a.json", "#/nowhere").is_err());
        assert!(docs.resolve("events/a.json", "missing.json").is_err());
    }

    #[test]
    fn refs_resolve_by_id_too() {
        let mut documents = Documents::default();
        documents.files.insert(
            "a.json".to_owned(),
            json!({"$id": "https://example.com/schemas/events/a.json"}),
        );
        documents.files.insert(
            "shared/user.json".to_owned(),
            json!({"$id": "https://example.com/schemas/user.json#", "type": "object"}),
        );
        documents.index_ids();
        for reference in [
            "https://example.com/schemas/user.json",
            "../user.json",
            "/schemas/user.json",
        ] {
            assert_eq!(
                documents.resolve("a.json", reference).unwrap().0,
                "shared/user.json",
                "{reference}"
            );
        }
    }

    #[test]
    fn chains_are_followed_and_loops_reported() {
        let docs = docs();
        let site = Site::root("events/a.json");
        let reference = json!({"$ref": "#/$defs/v"});
        let (value, at) = docs.follow(&reference, &site).unwrap();
        assert_eq!(value, &json!({"type": "string"}));
        assert_eq!(at.pointer, "/$defs/w");
        let error = docs
            .follow(&json!({"$ref": "#/$defs/loop"}), &site)
            .unwrap_err();
        assert!(error.contains("loop back"), "{error}");
        assert!(docs.follow(&json!({"$ref": 5}), &site).is_err());
    }

    #[test]
    fn place_references_stand_for_the_schema_at_their_site() {
        let docs = docs();
        let target = Site {
            file: "common/user.json".to_owned(),
            pointer: String::new(),
        };
        let place = super::at(&target);
        let (value, at) = docs.follow(&place, &Site::root("events/a.json")).unwrap();
        assert_eq!(value, &json!({"type": "object"}));
        assert_eq!(at, target);
    }
}
