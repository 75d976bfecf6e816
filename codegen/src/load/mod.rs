//! Stage 1: YAML text → raw spec (`load/raw.rs`), a plain mirror of the file with a span on every
//! value that a later error may need to point at. No meaning is checked here beyond the shape.
//!
//! Loading takes two passes over the text. The first (`load/keys.rs`) checks every mapping's keys:
//! an unknown key (with the closest known one) and a duplicate key (with its first definition)
//! are reported, all of them, and neither stops loading. The second reads the raw types,
//! ignoring unknown keys and keeping a duplicate's first value, so that the validator still
//! reports its own problems for the same file. Only YAML that does not parse (bad indentation,
//! an unclosed quote) or a value of the wrong kind stops a file's loading, with that one
//! problem (`load/syntax.rs` words the parser's errors for spec authors).

use std::path::Path;

use serde_saphyr::DuplicateKeyPolicy;

use crate::diagnostic::Diagnostic;

mod keys;
mod raw;
mod syntax;

pub use raw::*;

/// The largest spec the generator reads, in bytes: about 200 times GitHub's, the largest
/// bundled spec, or some 20,000 events of 20 fields. Generating a module takes some 30 times
/// its spec's size in memory, so a larger spec is reported as too large rather than loaded.
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// A spec file as far as it loads.
#[derive(Debug)]
pub struct Loaded {
    /// The raw spec, unless the YAML does not parse into one.
    pub spec: Option<RawSpec>,
    /// Every problem found while loading (unknown and duplicate keys; or why the YAML does
    /// not parse). They do not stop the spec from being validated.
    pub problems: Vec<Diagnostic>,
}

/// Parses one spec file's text; any problem is an error.
pub fn parse(file: &Path, text: &str) -> Result<RawSpec, Vec<Diagnostic>> {
    match load(file, text) {
        Loaded {
            spec: Some(spec),
            problems,
        } if problems.is_empty() => Ok(spec),
        Loaded { problems, .. } => Err(problems),
    }
}

/// Loads one spec file's text as far as it goes, with every problem on the way.
pub fn load(file: &Path, text: &str) -> Loaded {
    if text.len() > MAX_SPEC_BYTES {
        let problem = Diagnostic::file(
            file,
            format!(
                "the spec is {} MiB, more than the {} MiB the generator reads from one spec",
                text.len().div_ceil(1024 * 1024),
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
        );
        return Loaded {
            spec: None,
            problems: vec![problem],
        };
    }
    let mut problems = match keys::check(file, text, options(text, DuplicateKeyPolicy::PassThrough))
    {
        Ok(problems) => problems,
        Err(error) => {
            return Loaded {
                spec: None,
                problems: vec![diagnostic(file, text, &error)],
            };
        }
    };
    // Duplicates are reported above; here the first value counts, as in the key check.
    let read =
        serde_saphyr::from_str_with_options(text, options(text, DuplicateKeyPolicy::FirstWins));
    let spec = match read {
        Ok(spec) => Some(spec),
        Err(error) => {
            problems.push(diagnostic(file, text, &error));
            None
        }
    };
    Loaded { spec, problems }
}

fn options(text: &str, duplicate_keys: DuplicateKeyPolicy) -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: Some(budget(text.len())),
        duplicate_keys: duplicate_keys,
    }
}

/// The loader's error as a diagnostic.
fn diagnostic(file: &Path, text: &str, error: &serde_saphyr::Error) -> Diagnostic {
    match breach(error) {
        Some(breach) => {
            let message = breach_message(breach, text.len());
            match error.location() {
                Some(location) => Diagnostic::at(file, &location, message),
                None => Diagnostic::file(file, message),
            }
        }
        None => syntax::explain(file, text, &error.to_string(), error.location()),
    }
}

/// The loader's limits for a text of `len` bytes. serde-saphyr's defaults (250,000 nodes,
/// 1,000,000 events, 64 MiB of scalars) suit configuration files and stop a spec of a few
/// thousand events. A spec's nodes, events and scalar bytes all grow with its text, so these
/// limits grow with it, with a floor at the defaults: twice as many nodes as bytes (a node takes
/// a byte or more, but for contrived flow syntax such as `[:]`), twice as many events as nodes
/// (a mapping or a sequence starts and ends), and twice as many scalar bytes as bytes of text (an
/// escape such as `\L` gives three bytes for two). The limits that bound work beyond the text
/// itself (aliases and anchors, nesting depth) stay as they are; [`MAX_SPEC_BYTES`] bounds the
/// text.
fn budget(len: usize) -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    let nodes = len.saturating_mul(2);
    budget.max_nodes = budget.max_nodes.max(nodes);
    budget.max_events = budget
        .max_events
        .max(nodes.saturating_mul(2).saturating_add(64));
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len.saturating_mul(2));
    budget
}

/// The budget breach behind a loader error, if that is what stopped it.
fn breach(error: &serde_saphyr::Error) -> Option<&serde_saphyr::budget::BudgetBreach> {
    let mut error = error;
    loop {
        match error {
            serde_saphyr::Error::Budget { breach, .. } => return Some(breach),
            serde_saphyr::Error::WithSnippet { error: inner, .. }
            | serde_saphyr::Error::AliasError { error: inner, .. } => error = inner,
            _ => return None,
        }
    }
}

/// What a budget breach means for a spec, in its terms.
fn breach_message(breach: &serde_saphyr::budget::BudgetBreach, len: usize) -> String {
    use serde_saphyr::budget::BudgetBreach;

    let limits = budget(len);
    match breach {
        BudgetBreach::Depth { .. } => format!(
            "the spec nests more than {} levels of YAML mappings and sequences, the loader's limit; flatten it with named types under `types`",
            limits.max_depth
        ),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. } => format!(
            "the spec's YAML aliases (`*name`) expand beyond the loader's limits (at most {} aliases and {} anchors); write the repeated parts out, or share them as named types",
            limits.max_aliases, limits.max_anchors
        ),
        other => format!(
            "the spec is too large for the YAML loader ({other:?}, with limits sized for its {len} bytes: {} nodes, {} events, {} bytes of scalars)",
            limits.max_nodes, limits.max_events, limits.max_total_scalar_bytes
        ),
    }
}
