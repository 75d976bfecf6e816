//! `hookspec completions`: a shell completion script for the whole command line.

use std::io::Write as _;

use clap::CommandFactory as _;
use clap_complete::Shell;

use super::Failure;
use crate::args::Cli;

/// Prints `shell`'s completion script for `hookspec` to stdout.
pub fn completions(shell: Shell) -> Result<(), Failure> {
    // Generated into memory first: clap_complete panics on a failed write (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hookspec", &mut script);
    std::io::stdout()
        .lock()
        .write_all(&script)
        .map_err(|error| Failure::Invalid(format!("cannot write to stdout: {error}")))
}
