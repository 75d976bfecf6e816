//! Reading JSON Schema documents: every file of a directory, `$ref`s between and within them,
//! and where each node came from (file and JSON pointer), for diagnostics.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::Problem;

/// Every JSON document under a directory, by its path relative to it (`/`-separated).
#[derive(Debug, Default)]
pub(crate) struct Documents {
    pub(crate) files: BTreeMap<String, Value>,
    /// The text of each document read from JSON, by name (examples are written as published).
    pub(crate) texts: BTreeMap<String, String>,
}

impl Documents {
    /// Reads every `*.json` file under `dir`, recursively, in sorted order.
    pub(crate) fn read_dir(dir: &Path) -> Result<Self, Vec<Problem>> {
        let mut documents = Documents::default();
        let mut problems = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            let entries = match std::fs::read_dir(&current) {
                Ok(entries) => entries,
                Err(error) => {
                    problems.push(Problem::file(
                        current.display(),
                        format!("cannot read: {error}"),
                    ));
                    continue;
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path
                    .extension()
                    .is_some_and(|extension| extension == "json")
                {
                    let relative = path
                        .strip_prefix(dir)
                        .unwrap_or(&path)
                        .components()
                        .map(|part| part.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    match std::fs::read(&path)
                        .map_err(|error| error.to_string())
                        .and_then(|bytes| {
                            serde_json::from_slice(&bytes).map_err(|error| error.to_string())
                        }) {
                        Ok(value) => {
                            documents.files.insert(relative, value);
                        }
                        Err(error) => {
                            problems.push(Problem::file(&relative, format!("not JSON: {error}")))
                        }
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(documents)
        } else {
            // In file order, not the file system's.
            problems.sort_by(|a, b| a.file.cmp(&b.file));
            Err(problems)
        }
    }

    /// One document read from `text`, named `name`.
    pub(crate) fn single(name: &str, value: Value) -> Self {
        let mut documents = Documents::default();
        documents.files.insert(name.to_owned(), value);
        documents
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
                .ok_or_else(|| format!("`$ref` to `{reference}`: no such file in the directory"))?
        };
        let document = &self.files[&file];
        if document.pointer(pointer).is_none() {
            return Err(format!(
                "`$ref` to `{reference}`: no such place in `{file}`"
            ));
        }
        Ok((file, pointer.to_owned()))
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
}

/// `pointer` extended by one key, escaped as RFC 6901 says.
pub(crate) fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}
