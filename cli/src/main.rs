//! `hookspec`: parse webhook deliveries against the bundled specs, check spec files, verify
//! signatures and send signed test deliveries.
//!
//! `args` is the command line (clap); `commands/` holds what each command does.

mod args;
mod commands;

use std::process::ExitCode;
use std::time::SystemTime;

use clap::error::ErrorKind;
use clap::{CommandFactory as _, FromArgMatches as _};

use args::{Cli, Command, Import};
use commands::send::Deliveries;
use commands::{Failure, import};

fn main() -> ExitCode {
    // Help and --version exit 0; usage errors exit 2 with clap's message.
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.format(&mut Cli::command()).exit(),
    };
    let name = matches.subcommand_name().unwrap_or_default();
    match run(cli.command, cli.max_body_bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            // Said as clap says its own usage errors, with the command's usage line.
            let mut cli = Cli::command();
            cli.build();
            let error = match cli.find_subcommand_mut(name) {
                Some(command) => command.error(ErrorKind::ValueValidation, message),
                None => cli.error(ErrorKind::ValueValidation, message),
            };
            // Nothing more to say if stderr is closed.
            let _ = error.print();
            ExitCode::from(2)
        }
        Err(Failure::Invalid(message)) => {
            eprintln!("hookspec: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Verdict(message)) => {
            eprintln!("hookspec: {message}");
            ExitCode::from(3)
        }
    }
}

/// Runs the command parsed; bodies read from files or stdin are at most `max_body_bytes`.
fn run(command: Command, max_body_bytes: u64) -> Result<(), Failure> {
    match command {
        Command::Parse(args) => commands::parse::parse(
            args.vendor,
            args.input.as_deref(),
            &args.header,
            max_body_bytes,
        ),
        Command::Check(args) => commands::check::check(args.dir),
        Command::Verify(args) => commands::verify::verify(
            args.vendor,
            args.input.as_deref(),
            &args.secret,
            &args.header,
            args.now.unwrap_or_else(SystemTime::now),
            max_body_bytes,
        ),
        Command::Send(args) => {
            // clap lets exactly one of them through (the `deliveries` group).
            let deliveries = match (&args.event, args.all, &args.body) {
                (None, false, Some(path)) => Deliveries::Body {
                    path,
                    headers: &args.header,
                    max_body_bytes,
                },
                (None, true, None) => Deliveries::All,
                (Some(event), false, None) => Deliveries::Event(event),
                _ => {
                    return Err(Failure::Usage(
                        "give one of an event name, --all or --body".into(),
                    ));
                }
            };
            commands::send::send(args.vendor, deliveries, &args.to, args.secret.as_deref())
        }
        Command::Diff(args) => commands::diff::diff(&args),
        Command::Replay(args) => commands::replay::replay(&args, max_body_bytes),
        Command::Audit(args) => commands::audit::audit(&args, max_body_bytes),
        Command::Import(Import::JsonSchema(args)) => import::import(
            import::Format::JsonSchema {
                layout: args.layout,
                shared: &args.shared,
            },
            &args.input,
            draft(&args.draft),
        ),
        Command::Import(Import::Openapi(args)) => {
            import::import(import::Format::Openapi, &args.input, draft(&args.draft))
        }
        Command::Schema(args) => commands::schema::schema(&args),
        Command::Completions(args) => commands::completions::completions(args.shell),
    }
}

/// The import options both formats take.
fn draft(args: &args::DraftArgs) -> import::Draft<'_> {
    import::Draft {
        vendor: &args.vendor,
        base: args.base.as_deref(),
        overlay: args.overlay.as_deref(),
        examples: args.examples.as_deref(),
        example_pointer: args.example_pointer.as_deref(),
        event_doc_pointer: args.event_doc_pointer.as_deref(),
        synthesize_examples: args.synthesize_examples,
    }
}
