//! Errors found in specs, each pointing at `file:line:col`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::Location;

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
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
            file: file.to_path_buf(),
            line: location.line(),
            column: location.column(),
            message: message.into(),
        }
    }

    pub(crate) fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: error: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: error: {}",
                self.file.display(),
                self.line,
                self.column,
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
