//! What each command does, one module per command; `args` parses the command line.

pub mod audit;
pub mod check;
pub mod completions;
pub mod diff;
pub mod import;
pub mod parse;
pub mod replay;
pub mod schema;
pub mod send;
pub mod verify;

use std::io::{Read, Write as _};
use std::path::Path;

/// A failure and the exit status it maps to.
pub enum Failure {
    /// Bad command line that only the command can see (`send gately` without `--secret`):
    /// exit 2, with the command's usage.
    Usage(String),
    /// The input does not fit (or a spec is invalid): exit 1.
    Invalid(String),
    /// `diff --fail-on`: the verdict reached the level given (already printed): exit 3.
    Verdict(String),
}

/// Prints one line to stdout. A closed stdout (`| head`) ends the command with exit 1
/// instead of a panic.
pub fn say(line: std::fmt::Arguments<'_>) -> Result<(), Failure> {
    writeln!(std::io::stdout().lock(), "{line}")
        .map_err(|error| Failure::Invalid(format!("cannot write to stdout: {error}")))
}

/// Reads a body: from the file, or from stdin for `-` or no file; more than `limit` bytes
/// is an error (the rest is not read).
pub fn read_input(input: Option<&Path>, limit: u64) -> Result<Vec<u8>, Failure> {
    let (name, reader): (String, Box<dyn Read>) = match input {
        Some(path) if path != Path::new("-") => (
            path.display().to_string(),
            Box::new(std::fs::File::open(path).map_err(|error| {
                Failure::Invalid(format!("cannot read {}: {error}", path.display()))
            })?),
        ),
        _ => ("stdin".to_owned(), Box::new(std::io::stdin().lock())),
    };
    let mut body = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(|error| Failure::Invalid(format!("cannot read {name}: {error}")))?;
    if body.len() as u64 > limit {
        return Err(Failure::Invalid(format!(
            "{name} is larger than {limit} bytes (--max-body-bytes)"
        )));
    }
    Ok(body)
}

/// Reads and validates the spec file `file` (a missing file was ruled out by the caller).
/// When a vendor of the same id is compiled in from a different spec (by digest), warns that
/// `consequence` (what follows which spec) and suggests rebuilding.
pub fn read_spec(file: &Path, consequence: &str) -> Result<hookspec_codegen::Vendor, Failure> {
    use std::io::IsTerminal as _;
    let text = std::fs::read_to_string(file)
        .map_err(|error| Failure::Invalid(format!("cannot read {}: {error}", file.display())))?;
    let spec = hookspec_codegen::load_str(file, &text).map_err(|problems| {
        let styled = std::io::stderr().is_terminal();
        Failure::Invalid(format!(
            "invalid spec:\n{}",
            hookspec_codegen::Diagnostics(problems).render(styled)
        ))
    })?;
    if let Some(vendor) = hookspec::vendor(&spec.id)
        && hookspec_codegen::spec_digest(text.as_bytes()) != vendor.spec_digest
    {
        eprintln!(
            "hookspec: warning: {} is not the spec the compiled-in {} was generated from: \
             {consequence} (rebuild hookspec to align them)",
            file.display(),
            vendor.id
        );
    }
    Ok(spec)
}
