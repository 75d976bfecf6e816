//! Drafting a spec from a vendor's published JSON Schemas (one per event) or from the
//! webhooks of an OpenAPI 3.0 or 3.1 document (JSON or YAML): `hookspec import`.
//!
//! The schemas say what a schema can say (types, required members, nullability, enums,
//! unions, descriptions); a short hand-written **base** fragment says the rest (vendor id,
//! name, docs, identity, signing, common members), and an **overlay** records corrections where
//! real deliveries contradict the schemas, each with a note, so that re-importing reproduces
//! the spec byte for byte. What cannot be mapped is reported as a [`Problem`] naming the
//! schema file and JSON pointer; nothing is dropped silently and nothing panics.
//!
//! The import is a chain of passes, one file each, each tested on small fixtures of its own:
//!
//! 1. `read`: documents, JSON or YAML, into JSON values (the same values either way);
//! 2. `resolve`: `$ref`s and places (file + JSON pointer), loops and dead ends reported;
//! 3. `compose`: `allOf` merged into one schema (members refined, `required` united, types
//!    intersected, unions distributed);
//! 4. `map`: schemas to spec types (`types`), with OpenAPI's `nullable` and `discriminator`
//!    and JSON Schema's boolean schemas;
//! 5. `share`: structurally identical types are one type;
//! 6. `name`: stable Rust names for the types.
//!
//! Around them: `events` (which schema is which event, and its key), `base` (the hand-written
//! fragment and its importer-only `import:` settings), `assemble` (events and types into a
//! spec), `examples` (whole deliveries, checked against the drafted spec), `overlay`
//! (corrections) and `yaml` (writing).

mod assemble;
mod base;
mod compose;
mod events;
mod examples;
mod map;
mod name;
mod overlay;
mod read;
mod resolve;
mod share;
mod types;
mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use read::Documents;

/// How event schemas are laid out in a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One file per event: `<name>.json` (or `<name>.schema.json`); the name is the path
    /// without the extension and may contain `/` (`orders/create.json`).
    Files,
    /// One folder per event, one file per sub-name: `<name>/<sub>.schema.json`, where
    /// `event.schema.json` means "no sub-name" (GitHub's layout).
    Folders,
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The vendor id (the spec's file name, module and cargo feature).
    pub vendor: String,
    /// How event schemas are laid out (JSON Schema directories only).
    pub layout: Layout,
    /// Folders of shared definitions reached by `$ref`, not events (`common`).
    pub shared: Vec<String>,
    /// The base fragment's text: every top-level key but `types` and `events`.
    pub base: Option<String>,
    /// The overlay's text: corrections applied to the imported types, each with a note.
    pub overlay: Option<String>,
    /// The command that produced the spec, written in its header so it can be re-run.
    pub command: String,
    /// A directory of example bodies (`--examples`): every `*.json` under it is one delivery,
    /// placed by the layout (`<event>/<any name>.json` or `<event path>.json`) and the body's
    /// sub-name member.
    pub examples: Option<PathBuf>,
    /// Build one example from the schema for each event that has none
    /// (`--synthesize-examples`), marked as not documented by the vendor.
    pub synthesize_examples: bool,
    /// Where the body is inside each `--examples` file (`--example-pointer`): an RFC 6901 JSON
    /// pointer such as `/response`, for files that wrap the delivery in metadata. `None` (or
    /// the empty pointer) means the file is the body. A file where the pointer finds nothing
    /// is reported and left out.
    pub example_pointer: Option<String>,
    /// Where each `--examples` file documents its event (`--event-doc-pointer`): an RFC 6901
    /// JSON pointer to a string, such as `/description`, that becomes the doc of the event the
    /// file stands for where its schema has neither `title` nor `description` (the first file
    /// of an event, in path order, that has one).
    pub event_doc_pointer: Option<String>,
}

impl Default for Options {
    /// No vendor yet, `--layout folders` (the CLI's default), and nothing else.
    fn default() -> Self {
        Options {
            vendor: String::new(),
            layout: Layout::Folders,
            shared: Vec::new(),
            base: None,
            overlay: None,
            command: String::new(),
            examples: None,
            synthesize_examples: false,
            example_pointer: None,
            event_doc_pointer: None,
        }
    }
}

/// One thing the importer could not map, at its schema file and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    /// The schema file, relative to the imported directory.
    pub file: String,
    /// The JSON pointer inside it (empty for the whole file).
    pub pointer: String,
    /// What could not be mapped, and what was done instead.
    pub message: String,
}

impl Problem {
    pub(crate) fn file(file: impl fmt::Display, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            pointer: String::new(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
    }
}

/// What the importer did, for the user and the closing report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Schema constructs mapped, by kind.
    pub mapped: BTreeMap<&'static str, usize>,
    /// Keywords that constrain or annotate without changing a value's shape, ignored, by
    /// keyword.
    pub ignored: BTreeMap<String, usize>,
    /// What could not be mapped (each kept as `json` or left out, as its message says).
    pub problems: Vec<Problem>,
    /// Events imported.
    pub events: usize,
    /// Named types imported.
    pub types: usize,
    /// Overlay corrections applied.
    pub corrections: usize,
    /// Members (fields, items, variants, payloads) of the written spec that are untyped
    /// (`json`), whether the schema says nothing or could not be mapped.
    pub untyped: usize,
    /// Examples written into the spec (synthesized ones included).
    pub examples: usize,
    /// Of those, synthesized from the schemas.
    pub synthesized_examples: usize,
    /// Examples the overlay dropped.
    pub dropped_examples: usize,
    /// Events whose doc comes from their example files (`--event-doc-pointer`).
    pub documented_events: usize,
    /// Example bodies that could not be read or placed, and every place an example does not fit
    /// the imported types (an example the generated parser would reject is left out; one it
    /// accepts but the spec does not describe is written), by file and JSON pointer.
    pub example_problems: Vec<Problem>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "imported {} events and {} types; {} corrections applied",
            self.events, self.types, self.corrections
        )?;
        for (what, count) in &self.mapped {
            writeln!(f, "  mapped {count:>5} × {what}")?;
        }
        for (keyword, count) in &self.ignored {
            writeln!(
                f,
                "  ignored {count:>4} × `{keyword}` (does not change the shape)"
            )?;
        }
        if self.examples > 0 || !self.example_problems.is_empty() || self.dropped_examples > 0 {
            writeln!(
                f,
                "  {} examples written ({} synthesized), {} dropped by the overlay, {} example problems",
                self.examples,
                self.synthesized_examples,
                self.dropped_examples,
                self.example_problems.len()
            )?;
        }
        if self.documented_events > 0 {
            writeln!(
                f,
                "  {} events documented from their example files",
                self.documented_events
            )?;
        }
        write!(
            f,
            "  {} not mapped; {} members untyped (`json`)",
            self.problems.len(),
            self.untyped
        )
    }
}

/// An imported spec: the YAML text and what the importer did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The spec, ready for `specs/<vendor>.yaml`.
    pub yaml: String,
    /// What was mapped, ignored and not mapped.
    pub report: Report,
}

/// Imports a directory of JSON Schemas (JSON or YAML files), one per event.
pub fn json_schema(dir: &Path, options: &Options) -> Result<Imported, Vec<Problem>> {
    let base = base::Base::parse(options.base.as_deref()).map_err(|problem| vec![problem])?;
    let documents = Documents::read_dir(dir)?;
    let found = events::from_layout(&documents, options, &base)?;
    assemble::import(&documents, found, options, &base)
}

/// Imports the webhooks of an OpenAPI 3.0 or 3.1 document, in JSON or YAML: its `webhooks`
/// (3.1) or `x-webhooks` section, or, without either, the `components/schemas` that carry the
/// vendor extension the base's `import: { event_name_extension: ... }` names.
pub fn openapi(file: &Path, options: &Options) -> Result<Imported, Vec<Problem>> {
    let base = base::Base::parse(options.base.as_deref()).map_err(|problem| vec![problem])?;
    let (name, documents) = Documents::read_file(file)?;
    // Problems name the file as given.
    let file_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let rename = |mut problem: Problem| {
        if problem.file == name {
            problem.file = file_name.clone();
        }
        problem.message = problem
            .message
            .replace(&format!("`{name}#"), &format!("`{file_name}#"));
        problem
    };
    let found = events::from_openapi(&documents, &name, &base)
        .map_err(|problems| problems.into_iter().map(rename).collect::<Vec<_>>())?;
    let mut imported = assemble::import(&documents, found, options, &base)
        .map_err(|problems| problems.into_iter().map(rename).collect::<Vec<_>>())?;
    imported.report.problems = imported.report.problems.into_iter().map(rename).collect();
    imported.report.example_problems = imported
        .report
        .example_problems
        .into_iter()
        .map(rename)
        .collect();
    Ok(imported)
}
