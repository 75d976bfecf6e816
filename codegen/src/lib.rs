//! The generator behind `hookspec`: webhook specs (YAML) in, Rust modules out.
//!
//! The pipeline has one module per stage:
//!
//! 1. [`load`]: YAML text → raw spec (serde-saphyr, spans on values; unknown and duplicate
//!    keys reported, all of them, without stopping validation);
//! 2. [`validate`]: raw spec → [`model`] (names resolved through [`names`], every error
//!    collected with `file:line:col`), then each example checked against the model by the
//!    generated parser's rules ([`validate::check_example`]; errors, and warnings for what
//!    the spec does not describe);
//! 3. [`emit`]: model → `TokenStream` (`quote`);
//! 4. [`format`](mod@format): tokens → source (`prettyplease`).
//!
//! Beside the pipeline, [`schema`] turns the validated model into a JSON Schema of each
//! event's delivery.
//! Beside the pipeline, [`diff`] compares two validated versions of a spec and says what each
//! change means for the generated crate's semver (`hookspec diff`).
//!
//! A build script needs one call:
//!
//! ```no_run
//! let out_dir = std::env::var("OUT_DIR").unwrap();
//! let output = hookspec_codegen::Generator::new("specs").generate().unwrap();
//! output.write_to(out_dir).unwrap();
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod audit;
pub mod diagnostic;
pub mod diff;
pub mod digest;
pub mod emit;
pub mod format;
pub mod import;
// The raw types mirror the YAML keys one to one; specs/README.md documents each key.
#[allow(missing_docs)]
pub mod load;
pub mod model;
pub mod names;
pub mod schema;
pub mod validate;

use std::io;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics, Related, Severity};
pub use digest::spec_digest;
pub use model::Vendor;

/// Generates Rust modules from a directory of `<vendor>.yaml` specs.
#[derive(Debug, Clone)]
pub struct Generator {
    specs_dir: PathBuf,
    options: emit::Options,
}

/// The generated sources.
#[derive(Debug, Clone)]
pub struct Output {
    /// The validated specs, by vendor id.
    pub vendors: Vec<Vendor>,
    /// `(file name, contents)`: one `<vendor>.rs` per spec and `vendors.rs`, which declares
    /// the vendor modules.
    pub files: Vec<(String, String)>,
    /// What the specs' examples show that the specs do not describe (see [`Checked`]).
    pub warnings: Vec<Diagnostic>,
}

/// Every spec loaded and validated, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The validated specs, by vendor id.
    pub vendors: Vec<Vendor>,
    /// Problems that do not stop generation, in spec order: members of an example that the
    /// spec does not list (the parser keeps them in `extra`), enum values it does not list,
    /// values that fit no variant of an open union.
    pub warnings: Vec<Diagnostic>,
}

impl Generator {
    /// A generator over the specs in `specs_dir`.
    pub fn new(specs_dir: impl Into<PathBuf>) -> Self {
        Generator {
            specs_dir: specs_dir.into(),
            options: emit::Options::default(),
        }
    }

    /// Generates for a crate other than `hookspec` that depends on it (such as a crate of
    /// one's own vendors, or test fixtures): the generated code reaches the runtime through
    /// `::hookspec`, `vendors.rs` only declares one module per spec (no features, no
    /// registry), and doc examples name the vendor modules `crate_path::<vendor>`.
    pub fn external(mut self, crate_path: impl Into<String>) -> Self {
        self.options = emit::Options {
            in_runtime: false,
            crate_path: crate_path.into(),
        };
        self
    }

    /// The spec files, sorted by name.
    pub fn spec_files(&self) -> Result<Vec<PathBuf>, Diagnostics> {
        let entries = std::fs::read_dir(&self.specs_dir).map_err(|error| {
            Diagnostics(vec![Diagnostic::file(
                &self.specs_dir,
                format!("cannot read the specs directory: {error}"),
            )])
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "yaml")
            })
            .collect();
        files.sort();
        Ok(files)
    }

    /// Loads and validates every spec, reporting every problem in every file (the warnings
    /// are dropped: see [`Generator::check`]).
    pub fn load(&self) -> Result<Vec<Vendor>, Diagnostics> {
        self.check().map(|checked| checked.vendors)
    }

    /// Loads and validates every spec, checking each example against its event's types:
    /// the specs and their warnings, or every problem in every file.
    pub fn check(&self) -> Result<Checked, Diagnostics> {
        let mut vendors = Vec::new();
        let mut warnings = Vec::new();
        let mut problems = Vec::new();
        for file in self.spec_files()? {
            match check_file(&file) {
                Ok((vendor, mut found)) => {
                    vendors.push(vendor);
                    warnings.append(&mut found);
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        if problems.is_empty() {
            Ok(Checked { vendors, warnings })
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// Loads, validates and generates.
    pub fn generate(&self) -> Result<Output, Diagnostics> {
        let Checked { vendors, warnings } = self.check()?;
        let mut files = Vec::new();
        let mut digests = Vec::new();
        for vendor in &vendors {
            let origin = format!("specs/{}.yaml", vendor.id);
            let parts = emit::Parts::new(vendor, &self.options);
            let source = format::format_parts(parts.len(), |index| parts.part(index), &origin)
                .map_err(|error| internal(&vendor.source, error))?;
            let text = std::fs::read(&vendor.source).map_err(|error| {
                Diagnostics(vec![Diagnostic::file(
                    &vendor.source,
                    format!("cannot read: {error}"),
                )])
            })?;
            digests.push(spec_digest(&text));
            files.push((format!("{}.rs", vendor.id), with_digest(source, &text)));
        }
        let index = if self.options.in_runtime {
            emit::vendors(&vendors, &digests)
        } else {
            emit::modules(&vendors)
        };
        let index = format::format(index, "specs/*.yaml")
            .map_err(|error| internal(&self.specs_dir, error))?;
        files.push(("vendors.rs".to_owned(), index));
        Ok(Output {
            vendors,
            files,
            warnings,
        })
    }
}

impl Output {
    /// Writes every file into `dir`, leaving files whose contents are unchanged untouched.
    /// Returns the names of the files it wrote.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> io::Result<Vec<String>> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)?;
        let mut written = Vec::new();
        for (name, contents) in &self.files {
            if write_if_changed(&dir.join(name), contents)? {
                written.push(name.clone());
            }
        }
        Ok(written)
    }
}

/// Loads and validates one spec file (its warnings are dropped: see [`check_file`]).
pub fn load_file(file: &Path) -> Result<Vendor, Vec<Diagnostic>> {
    check_file(file).map(|(vendor, _warnings)| vendor)
}

/// Loads and validates spec text as if read from `file` (whose stem must be the vendor id);
/// its warnings are dropped: see [`check_str`].
pub fn load_str(file: &Path, text: &str) -> Result<Vendor, Vec<Diagnostic>> {
    check_str(file, text).map(|(vendor, _warnings)| vendor)
}

/// Loads and validates one spec file: the vendor and its warnings, or every problem.
pub fn check_file(file: &Path) -> Result<(Vendor, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| vec![Diagnostic::file(file, format!("cannot read: {error}"))])?;
    check_str(file, &text)
}

/// [`check_file`] on spec text as if read from `file`, reporting every problem: those of
/// loading (unknown and duplicate keys) and, as far as the YAML parses, those of validation
/// (example checks run only on a spec without other errors).
pub fn check_str(file: &Path, text: &str) -> Result<(Vendor, Vec<Diagnostic>), Vec<Diagnostic>> {
    let load::Loaded { spec, mut problems } = load::load(file, text);
    let Some(raw) = spec else {
        return Err(problems);
    };
    match validate::check(file, &raw) {
        Ok(checked) if problems.is_empty() => Ok(checked),
        Ok(_) => Err(problems),
        Err(mut found) => {
            problems.append(&mut found);
            Err(problems)
        }
    }
}

/// Writes `contents` to `path` unless it already holds exactly that. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    match std::fs::read(path) {
        Ok(existing) if existing == contents.as_bytes() => Ok(false),
        _ => std::fs::write(path, contents).map(|()| true),
    }
}

/// `source` with the digest of the spec `text` as its second line (after the `@generated`
/// line), for the build script's content-based staleness check.
fn with_digest(source: String, text: &[u8]) -> String {
    let digest = spec_digest(text);
    match source.split_once('\n') {
        Some((first, rest)) => format!("{first}\n{}{digest}\n{rest}", digest::HEADER),
        None => format!("{source}\n{}{digest}\n", digest::HEADER),
    }
}

/// The emitted tokens did not parse back: a generator bug, reported against the spec.
fn internal(file: &Path, error: syn::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::file(
        file,
        format!("internal generator error, please report: {error}"),
    )])
}
