//! Where a version of a spec comes from: a file, or `git:REV:PATH` (read with `git show`).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::Diagnostic;
use crate::model::Vendor;

/// A spec to compare: a file, or a file as a git revision has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    /// A spec file on disk.
    File(PathBuf),
    /// `git:REV:PATH`: the file at `PATH` in revision `REV` of the git repository the
    /// current directory is in; `PATH` as `git show REV:PATH` takes it (from the repository's
    /// root, or `./` for the current directory).
    Git {
        /// The revision: a commit, branch, tag, `HEAD~1`, ...
        rev: String,
        /// The file's path.
        path: String,
    },
}

/// Why a spec could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file cannot be read.
    #[error("cannot read {path}: {error}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// `git` cannot be run.
    #[error("cannot run git to read {source_name}: {error}")]
    GitMissing {
        /// The source, as given.
        source_name: String,
        /// Why.
        error: std::io::Error,
    },
    /// `git show` failed: an unknown revision, a path the revision does not have, not a
    /// repository.
    #[error("git cannot show {rev}:{path}: {message}")]
    Git {
        /// The revision.
        rev: String,
        /// The path.
        path: String,
        /// What git said.
        message: String,
    },
    /// The file is not UTF-8.
    #[error("{source_name} is not UTF-8 text")]
    NotText {
        /// The source, as given.
        source_name: String,
    },
    /// The spec is invalid.
    #[error("{source_name} is not a valid spec ({} problems)", diagnostics.len())]
    Invalid {
        /// The source, as given.
        source_name: String,
        /// Its text, to render the problems with ([`Diagnostic::render`]).
        text: String,
        /// Every problem.
        diagnostics: Vec<Diagnostic>,
    },
}

impl SourceError {
    /// The message with every problem of an invalid spec rendered in full (`styled` adds
    /// terminal colours).
    pub fn render(&self, styled: bool) -> String {
        match self {
            SourceError::Invalid {
                text, diagnostics, ..
            } => {
                let mut out = format!("{self}:");
                for diagnostic in diagnostics {
                    out.push('\n');
                    out.push_str(&if styled {
                        diagnostic.render_styled(text)
                    } else {
                        diagnostic.render(text)
                    });
                }
                out
            }
            _ => self.to_string(),
        }
    }
}

impl SpecSource {
    /// `git:REV:PATH` as [`SpecSource::Git`] (`REV` is up to the next `:`), anything else as a
    /// file path.
    pub fn parse(text: &str) -> SpecSource {
        if let Some(rest) = text.strip_prefix("git:")
            && let Some((rev, path)) = rest.split_once(':')
            && !rev.is_empty()
            && !path.is_empty()
        {
            return SpecSource::Git {
                rev: rev.to_owned(),
                path: path.to_owned(),
            };
        }
        SpecSource::File(PathBuf::from(text))
    }

    /// The spec's text.
    pub fn read(&self) -> Result<String, SourceError> {
        match self {
            SpecSource::File(path) => {
                std::fs::read_to_string(path).map_err(|error| match error.kind() {
                    std::io::ErrorKind::InvalidData => SourceError::NotText {
                        source_name: self.to_string(),
                    },
                    _ => SourceError::Read {
                        path: path.clone(),
                        error,
                    },
                })
            }
            SpecSource::Git { rev, path } => {
                let output = Command::new("git")
                    .arg("show")
                    .arg(format!("{rev}:{path}"))
                    .output()
                    .map_err(|error| SourceError::GitMissing {
                        source_name: self.to_string(),
                        error,
                    })?;
                if !output.status.success() {
                    return Err(SourceError::Git {
                        rev: rev.clone(),
                        path: path.clone(),
                        message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
                    });
                }
                String::from_utf8(output.stdout).map_err(|_| SourceError::NotText {
                    source_name: self.to_string(),
                })
            }
        }
    }

    /// Reads the spec and validates it (warnings are dropped). The vendor id is the file
    /// name's stem, as for any spec.
    pub fn load(&self) -> Result<Vendor, SourceError> {
        let text = self.read()?;
        // Diagnostics name the source as given (`git:HEAD:specs/gately.yaml:3:5`); its file
        // name is the path's.
        let name = PathBuf::from(self.to_string());
        crate::load_str(&name, &text).map_err(|diagnostics| SourceError::Invalid {
            source_name: self.to_string(),
            text,
            diagnostics,
        })
    }

    /// The file's path (for git, the path inside the revision).
    pub fn path(&self) -> &Path {
        match self {
            SpecSource::File(path) => path,
            SpecSource::Git { path, .. } => Path::new(path),
        }
    }
}

impl fmt::Display for SpecSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecSource::File(path) => write!(f, "{}", path.display()),
            SpecSource::Git { rev, path } => write!(f, "git:{rev}:{path}"),
        }
    }
}
