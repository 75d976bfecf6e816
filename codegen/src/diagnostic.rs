//! Problems found in specs (errors, and warnings that do not stop generation), each pointing
//! at `file:line:col`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::Location;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be generated from.
    Error,
    /// Worth fixing, but the spec still generates (such as an example with a member the spec
    /// does not list, which the parser keeps in `extra`).
    Warning,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops generation.
    pub severity: Severity,
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: u64,
    /// 1-based column (0 when the problem concerns the whole file).
    pub column: u64,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn at(file: &Path, location: &Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: location.line(),
            column: location.column(),
            message: message.into(),
        }
    }

    pub(crate) fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// A warning at `line:column` of `file`.
    pub(crate) fn warning(file: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(
                f,
                "{}: {}: {}",
                self.file.display(),
                self.severity,
                self.message
            )
        } else {
            write!(
                f,
                "{}:{}:{}: {}: {}",
                self.file.display(),
                self.line,
                self.column,
                self.severity,
                self.message
            )
        }
    }
}

/// Every problem found in a set of specs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}
