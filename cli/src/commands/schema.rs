//! `hookspec schema`: the JSON Schema (draft 2020-12) of each event's delivery, generated from
//! a validated spec (`hookspec_codegen::schema`).
//!
//! The spec is a compiled-in vendor's file in `--specs` (default `specs`, as `check` and
//! `audit` read it; a warning says when it is not the spec the vendor was compiled from), or
//! any spec file given by its path.

use std::path::{Path, PathBuf};

use hookspec_codegen::diagnostic::suggestion;
use hookspec_codegen::schema::{self, EventSchema};

use super::{Failure, read_spec, say};
use crate::args::SchemaArgs;

/// Prints one event's schema (`--event`), or writes every event's (`--out`), or both: the
/// one event's schema written to `--out`.
pub fn schema(args: &SchemaArgs) -> Result<(), Failure> {
    let spec = load(&args.source, &args.specs)?;
    let schemas = match &args.event {
        Some(name) => vec![schema::schema_of(&spec, name).ok_or_else(|| no_event(&spec, name))?],
        None => schema::schemas(&spec),
    };
    match &args.out {
        None => {
            for found in &schemas {
                say(format_args!("{}", found.schema.pretty().trim_end()))?;
            }
        }
        Some(dir) => {
            for found in &schemas {
                write(dir, found)?;
            }
            eprintln!(
                "hookspec: wrote {} schema(s) of {} to {}",
                schemas.len(),
                spec.id,
                dir.display()
            );
        }
    }
    Ok(())
}

/// Writes one schema to `dir/<event>.schema.json`.
fn write(dir: &Path, found: &EventSchema) -> Result<(), Failure> {
    let file = found.file().ok_or_else(|| {
        Failure::Invalid(format!(
            "the event name `{}` cannot be a file name under {}",
            found.event,
            dir.display()
        ))
    })?;
    let path = dir.join(file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| {
            Failure::Invalid(format!("cannot create {}: {error}", parent.display()))
        })?;
    }
    std::fs::write(&path, found.schema.pretty())
        .map_err(|error| Failure::Invalid(format!("cannot write {}: {error}", path.display())))
}

/// No event of that name: a usage error, with the closest name when there is one.
fn no_event(spec: &hookspec_codegen::Vendor, name: &str) -> Failure {
    let names = spec.events.iter().flat_map(|event| event.names());
    let hint = match suggestion(name, names) {
        Some(hint) => format!("; {hint}"),
        None => format!(
            " (it has {} events: `hookspec schema {} --out DIR` writes them all)",
            spec.events.len(),
            spec.id
        ),
    };
    Failure::Usage(format!("{} has no event `{name}`{hint}", spec.id))
}

/// The validated spec `source` names: a spec file by its path, else the vendor id's file in
/// `specs`, warning when it is not the spec a compiled-in vendor of that id was built from.
fn load(source: &str, specs: &Path) -> Result<hookspec_codegen::Vendor, Failure> {
    let as_path = Path::new(source);
    let is_path = as_path.is_file()
        || source.contains(std::path::MAIN_SEPARATOR)
        || source.contains('/')
        || as_path
            .extension()
            .is_some_and(|extension| extension == "yaml");
    let file: PathBuf = if is_path {
        as_path.to_path_buf()
    } else {
        specs.join(format!("{source}.yaml"))
    };
    if !file.is_file() {
        let compiled: Vec<&str> = hookspec::VENDORS.iter().map(|vendor| vendor.id).collect();
        return Err(Failure::Usage(if is_path {
            format!("no spec file {}", file.display())
        } else {
            format!(
                "no spec {}: give a spec file, or a vendor ({}) with --specs naming the folder \
                 of the specs",
                file.display(),
                compiled.join(", ")
            )
        }));
    }
    read_spec(
        &file,
        "the schemas follow this file, the compiled parser the other",
    )
}
