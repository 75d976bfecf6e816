//! `hookspec import`: drafts a spec from a vendor's JSON Schemas or OpenAPI document.

use std::io::Write as _;
use std::path::Path;

use clap::ValueEnum as _;
use hookspec_codegen::import;

use super::Failure;
use crate::args::Layout;

/// What the vendor publishes.
pub enum Format<'a> {
    /// A directory of JSON Schemas, one per event, laid out as `layout` says, with `shared`
    /// folders of definitions.
    JsonSchema {
        /// `--layout`, if given (default: folders).
        layout: Option<Layout>,
        /// `--shared` folders, in order.
        shared: &'a [String],
    },
    /// An OpenAPI 3.1 document's `webhooks`.
    Openapi,
}

/// The options both formats take.
pub struct Draft<'a> {
    /// The new vendor's id.
    pub vendor: &'a str,
    /// The hand-written base fragment's file.
    pub base: Option<&'a Path>,
    /// The overlay's file.
    pub overlay: Option<&'a Path>,
    /// `--examples`: a directory of example bodies.
    pub examples: Option<&'a Path>,
    /// `--example-pointer`: where the body is in each example file.
    pub example_pointer: Option<&'a str>,
    /// `--event-doc-pointer`: where the event's doc is in each example file.
    pub event_doc_pointer: Option<&'a str>,
    /// `--synthesize-examples`.
    pub synthesize_examples: bool,
}

/// Drafts a spec from `input`: prints the YAML on stdout, what was mapped and not mapped on
/// stderr.
pub fn import(format: Format<'_>, input: &Path, draft: Draft<'_>) -> Result<(), Failure> {
    let read = |path: Option<&Path>| -> Result<Option<String>, Failure> {
        path.map(|path| {
            std::fs::read_to_string(path).map_err(|error| {
                Failure::Invalid(format!("cannot read {}: {error}", path.display()))
            })
        })
        .transpose()
    };
    type Importer = fn(&Path, &import::Options) -> Result<import::Imported, Vec<import::Problem>>;
    let (name, layout, shared, importer): (_, _, _, Importer) = match format {
        Format::JsonSchema { layout, shared } => {
            ("json-schema", layout, shared, import::json_schema)
        }
        Format::Openapi => ("openapi", None, &[][..], import::openapi),
    };
    // The command as given, so the spec says how to import it again.
    let mut command = format!(
        "hookspec import {name} {} --vendor {}",
        input.display(),
        draft.vendor
    );
    if let Some(value) = layout.and_then(|layout| layout.to_possible_value()) {
        command.push_str(&format!(" --layout {}", value.get_name()));
    }
    for shared in shared {
        command.push_str(&format!(" --shared {shared}"));
    }
    if let Some(base) = draft.base {
        command.push_str(&format!(" --base {}", base.display()));
    }
    if let Some(overlay) = draft.overlay {
        command.push_str(&format!(" --overlay {}", overlay.display()));
    }
    if let Some(examples) = draft.examples {
        command.push_str(&format!(" --examples {}", examples.display()));
    }
    if let Some(pointer) = draft.example_pointer {
        command.push_str(&format!(" --example-pointer {pointer}"));
    }
    if let Some(pointer) = draft.event_doc_pointer {
        command.push_str(&format!(" --event-doc-pointer {pointer}"));
    }
    if draft.synthesize_examples {
        command.push_str(" --synthesize-examples");
    }
    let import_options = import::Options {
        vendor: draft.vendor.to_owned(),
        layout: match layout {
            None | Some(Layout::Folders) => import::Layout::Folders,
            Some(Layout::Files) => import::Layout::Files,
        },
        shared: shared.to_vec(),
        base: read(draft.base)?,
        overlay: read(draft.overlay)?,
        command,
        examples: draft.examples.map(Path::to_path_buf),
        synthesize_examples: draft.synthesize_examples,
        example_pointer: draft.example_pointer.map(str::to_owned),
        event_doc_pointer: draft.event_doc_pointer.map(str::to_owned),
    };
    let imported = importer(input, &import_options).map_err(|problems| {
        Failure::Invalid(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    for problem in &imported.report.problems {
        eprintln!("hookspec: not mapped: {problem}");
    }
    for problem in &imported.report.example_problems {
        eprintln!("hookspec: example: {problem}");
    }
    eprintln!("{}", imported.report);
    write!(std::io::stdout().lock(), "{}", imported.yaml)
        .map_err(|error| Failure::Invalid(format!("cannot write to stdout: {error}")))
}
