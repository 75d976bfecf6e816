//! `hookspec diff`: what changed between two versions of a spec, and the semver verdict.

use std::io::IsTerminal;

use hookspec_codegen::diff::{self, Impact, SpecSource};

use super::{Failure, say};
use crate::args::{DiffArgs, FailOn, ReportFormat};

/// `hookspec diff OLD NEW`: loads both versions (files or `git:REV:PATH`), prints the changes
/// and the verdict (text, or one JSON object); with `--fail-on`, a verdict at or above it is
/// [`Failure::Verdict`] (exit 3) once printed.
pub fn diff(args: &DiffArgs) -> Result<(), Failure> {
    let styled = std::io::stderr().is_terminal();
    let load = |text: &str| {
        SpecSource::parse(text)
            .load()
            .map_err(|error| Failure::Invalid(error.render(styled)))
    };
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let diff = diff::diff(&old, &new);
    match args.format {
        ReportFormat::Table => {
            let text = diff.render_text();
            say(format_args!("{}", text.trim_end()))?;
        }
        ReportFormat::Json => say(format_args!("{}", diff.to_json()))?,
    }
    let threshold = args.fail_on.map(|level| match level {
        FailOn::Major => Impact::Major,
        FailOn::Minor => Impact::Minor,
    });
    match threshold {
        Some(threshold) if diff.verdict() >= threshold => Err(Failure::Verdict(format!(
            "the changes need a {} version (--fail-on {})",
            diff.verdict(),
            threshold
        ))),
        _ => Ok(()),
    }
}
