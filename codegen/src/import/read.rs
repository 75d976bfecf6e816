//! Pass 1, **read**: every schema document of a directory, or one OpenAPI document, as JSON
//! values, whether written in JSON or in YAML. The same document in either syntax gives the
//! same value (YAML is read with YAML 1.2 booleans, so `y`, `on` or `no` stay strings, and its
//! numbers are kept as `serde_json` keeps JSON's), so the import that follows cannot tell them
//! apart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Problem;

/// Every document read, by its path relative to the imported directory (`/`-separated), or
/// by its file name for a single document.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    pub(crate) files: BTreeMap<String, Value>,
    /// Each file by its root `$id` (without a trailing `#`), for `$ref`s written as URLs.
    pub(crate) ids: BTreeMap<String, String>,
}

/// Every file under `dir` (recursively) whose `/`-separated path relative to it `keep`s, with
/// its full path, sorted by relative path; and a problem for each folder that cannot be read
/// (`what` says which directory it is, after "cannot read").
pub(crate) fn files_under(
    dir: &Path,
    keep: impl Fn(&str) -> bool,
    what: &str,
) -> (Vec<(String, PathBuf)>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) => {
                problems.push(Problem::file(
                    current.display(),
                    format!("cannot read{what}: {error}"),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if keep(&relative) {
                files.push((relative, path));
            }
        }
    }
    files.sort();
    (files, problems)
}

/// What a file's extension says about its syntax.
fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// Reads `bytes` (from a file named `name`) as JSON or, when the name says YAML or the text is
/// not JSON, as YAML.
pub(crate) fn parse(name: &str, bytes: &[u8]) -> Result<Value, String> {
    if !is_yaml(name) {
        match serde_json::from_slice(bytes) {
            Ok(value) => return Ok(value),
            // A `.json` file is JSON; anything else may be YAML under another name.
            Err(error) if name.ends_with(".json") => return Err(format!("not JSON: {error}")),
            Err(_) => {}
        }
    }
    let text = std::str::from_utf8(bytes).map_err(|error| format!("not UTF-8 text: {error}"))?;
    yaml(text)
}

/// YAML into a JSON value: YAML 1.2 booleans only, and budgets big enough for the largest
/// published API documents (serde-saphyr's defaults stop at 250,000 nodes).
pub(crate) fn yaml(text: &str) -> Result<Value, String> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    if let Some(budget) = options.budget.as_mut() {
        budget.max_events = 100_000_000;
        budget.max_nodes = 50_000_000;
        // serde_json's own nesting limit, so that both syntaxes accept the same documents.
        budget.max_depth = 128;
    }
    serde_saphyr::from_str_with_options::<Value>(text, options)
        .map_err(|error| format!("not YAML (nor JSON): {}", error.without_snippet()))
}

impl Documents {
    /// Reads every `*.json`, `*.yaml` and `*.yml` file under `dir`, recursively, in sorted
    /// order.
    pub(crate) fn read_dir(dir: &Path) -> Result<Self, Vec<Problem>> {
        let mut documents = Documents::default();
        let (files, mut problems) =
            files_under(dir, |name| name.ends_with(".json") || is_yaml(name), "");
        for (relative, path) in files {
            match std::fs::read(&path)
                .map_err(|error| format!("cannot read: {error}"))
                .and_then(|bytes| parse(&relative, &bytes))
            {
                Ok(value) => {
                    documents.files.insert(relative, value);
                }
                Err(error) => problems.push(Problem::file(&relative, error)),
            }
        }
        if problems.is_empty() {
            documents.index_ids();
            Ok(documents)
        } else {
            // In file order, not the file system's.
            problems.sort_by(|a, b| a.file.cmp(&b.file));
            Err(problems)
        }
    }

    /// Reads one document (JSON or YAML) from `path`; it is named by its file name without
    /// the extension.
    pub(crate) fn read_file(path: &Path) -> Result<(String, Self), Vec<Problem>> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let bytes = std::fs::read(path)
            .map_err(|error| vec![Problem::file(&name, format!("cannot read: {error}"))])?;
        let value = parse(&name, &bytes).map_err(|error| vec![Problem::file(&name, error)])?;
        // Named without its extension, so that the same document in JSON and in YAML gives
        // the same spec (its name appears in docs and comments).
        let stem = [".json", ".yaml", ".yml"]
            .iter()
            .find_map(|extension| name.strip_suffix(extension))
            .filter(|stem| !stem.is_empty())
            .unwrap_or(&name)
            .to_owned();
        Ok((stem.clone(), Documents::single(&stem, value)))
    }

    /// One document read from `text`, named `name`.
    pub(crate) fn single(name: &str, value: Value) -> Self {
        let mut documents = Documents::default();
        documents.files.insert(name.to_owned(), value);
        documents.index_ids();
        documents
    }

    /// Records each file's root `$id`.
    pub(crate) fn index_ids(&mut self) {
        self.ids = self
            .files
            .iter()
            .filter_map(|(file, value)| {
                let id = value.get("$id")?.as_str()?.trim_end_matches('#');
                (!id.is_empty()).then(|| (id.to_owned(), file.clone()))
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_give_the_same_value() {
        let json = br#"{"a": {"200": "x", "n": 1.0, "i": 16, "b": true, "s": "y", "d": "2023-01-01", "z": null}}"#;
        let yaml = "a:\n  200: x\n  n: 1.0\n  i: 16\n  b: true\n  s: y\n  d: 2023-01-01\n  z: ~\n";
        assert_eq!(
            parse("doc.yaml", yaml.as_bytes()),
            parse("doc.json", json).map_err(|e| e.to_string())
        );
    }

    #[test]
    fn yaml_1_1_spellings_stay_strings() {
        let value = parse("doc.yaml", b"a: [yes, no, on, off, y, n]\n").unwrap();
        assert_eq!(
            value["a"],
            serde_json::json!(["yes", "no", "on", "off", "y", "n"])
        );
    }

    #[test]
    fn a_document_without_a_yaml_name_is_read_as_json_then_yaml() {
        assert_eq!(
            parse("openapi", b"a: 1\n").unwrap(),
            serde_json::json!({"a": 1})
        );
        assert!(
            parse("broken.json", b"a: 1\n")
                .unwrap_err()
                .starts_with("not JSON: ")
        );
        assert!(
            parse("broken.yaml", b"a: [1\n")
                .unwrap_err()
                .starts_with("not YAML")
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse("deep.json", deep.as_bytes()).is_err());
        assert!(parse("deep.yaml", deep.as_bytes()).is_err());
    }
}
