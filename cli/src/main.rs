//! `hookspec`: parse webhook deliveries against the bundled specs, and check spec files.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use hookspec_codegen::Generator;
use lexopt::ValueExt;
use serde_json::json;

const USAGE: &str = "\
usage:
  hookspec parse <vendor> [FILE|-]   parse one delivery body (stdin for - or no FILE)
  hookspec check [SPECS_DIR]         validate specs (default: specs/) and summarize them

vendors: moim, gately, memberstack, duda (those compiled in)
exit status: 0 ok, 1 the input or a spec is invalid, 2 usage error";

/// A failure and the exit status it maps to.
enum Failure {
    /// Bad command line: exit 2.
    Usage(String),
    /// The input does not fit (or a spec is invalid): exit 1.
    Invalid(String),
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("hookspec: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Invalid(message)) => {
            eprintln!("hookspec: {message}");
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_env();
    let mut positional = Vec::new();
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            lexopt::Arg::Long("help") | lexopt::Arg::Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            lexopt::Arg::Value(value) => positional.push(value.string().map_err(usage)?),
            other => return Err(Failure::Usage(other.unexpected().to_string())),
        }
    }
    let mut args = positional.into_iter();
    match args.next().as_deref() {
        Some("parse") => {
            let vendor = args.next().ok_or_else(|| Failure::Usage("parse needs a vendor".into()))?;
            let input = args.next();
            no_more(args)?;
            parse(&vendor, input.as_deref())
        }
        Some("check") => {
            let dir = args.next().unwrap_or_else(|| "specs".to_owned());
            no_more(args)?;
            check(PathBuf::from(dir))
        }
        Some(other) => Err(Failure::Usage(format!("unknown command `{other}`"))),
        None => Err(Failure::Usage("missing command".into())),
    }
}

fn usage(error: lexopt::Error) -> Failure {
    Failure::Usage(error.to_string())
}

fn no_more(mut args: impl Iterator<Item = String>) -> Result<(), Failure> {
    match args.next() {
        Some(extra) => Err(Failure::Usage(format!("unexpected argument `{extra}`"))),
        None => Ok(()),
    }
}

fn vendor(id: &str) -> Result<&'static hookspec::Vendor, Failure> {
    hookspec::vendor(id).ok_or_else(|| {
        let known: Vec<&str> = hookspec::VENDORS.iter().map(|vendor| vendor.id).collect();
        Failure::Usage(format!("unknown vendor `{id}` (known: {})", known.join(", ")))
    })
}

fn read_input(input: Option<&str>) -> Result<Vec<u8>, Failure> {
    match input {
        None | Some("-") => {
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|error| Failure::Invalid(format!("cannot read stdin: {error}")))?;
            Ok(body)
        }
        Some(path) => std::fs::read(path).map_err(|error| Failure::Invalid(format!("cannot read {path}: {error}"))),
    }
}

/// `hookspec parse`: one line of JSON describing the parsed delivery.
fn parse(vendor_id: &str, input: Option<&str>) -> Result<(), Failure> {
    let vendor = vendor(vendor_id)?;
    let body = read_input(input)?;
    let event = vendor.parse(&body).map_err(|error| Failure::Invalid(error.to_string()))?;
    let rust_type = match event.info() {
        Some(info) => info.rust_type,
        None => "hookspec::UnknownEvent",
    };
    // Written by hand to keep the keys in the documented order.
    let line = format!(
        "{{\"vendor\":{},\"event\":{},\"known\":{},\"rust_type\":{},\"value\":{}}}",
        json!(vendor.id),
        json!(event.name()),
        event.is_known(),
        json!(rust_type),
        serde_json::to_string(&event).map_err(|error| Failure::Invalid(error.to_string()))?
    );
    println!("{line}");
    Ok(())
}

/// `hookspec check`: validates every spec and prints one summary line per vendor.
fn check(dir: PathBuf) -> Result<(), Failure> {
    let generator = Generator::new(&dir);
    let vendors = generator.load().map_err(|diagnostics| Failure::Invalid(format!("invalid specs:\n{diagnostics}")))?;
    if vendors.is_empty() {
        return Err(Failure::Invalid(format!("no specs (*.yaml) in {}", dir.display())));
    }
    for vendor in &vendors {
        let examples: usize = vendor.events.iter().map(|event| event.examples.len()).sum();
        let corrected = vendor
            .events
            .iter()
            .flat_map(|event| &event.examples)
            .filter(|example| example.corrected.is_some())
            .count();
        let fields = vendor.structs.iter().map(|def| def.fields.len()).sum::<usize>();
        let signing = match &vendor.signing {
            hookspec_codegen::model::Signing::Unsigned { .. } => "unsigned".to_owned(),
            hookspec_codegen::model::Signing::Hmac(scheme) => format!("hmac-sha256 ({})", scheme.signature_header),
        };
        println!(
            "{}: ok - {} events, {} examples ({} corrected), {} structs ({} fields), {} enums, {}",
            vendor.id,
            vendor.events.len(),
            examples,
            corrected,
            vendor.structs.len(),
            fields,
            vendor.enums.len(),
            signing
        );
    }
    Ok(())
}
