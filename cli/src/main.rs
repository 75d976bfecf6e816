//! `hookspec`: parse webhook deliveries against the bundled specs, check spec files, verify
//! signatures and send signed test deliveries.

use std::io::{Read, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hookspec::EventInfo;
use hookspec::verify::{Signing, TimestampUnit, Unverified};
use hookspec_codegen::Generator;
use lexopt::ValueExt;
use serde_json::json;

const USAGE: &str = "\
usage:
  hookspec parse <vendor> [--header 'Name: value']... [FILE|-]
                                     parse one delivery body (stdin for - or no FILE); vendors
                                     that name events in a header (github) take it with --header
  hookspec check [SPECS_DIR]         validate specs (default: specs/) and summarize them
  hookspec verify <vendor> --secret S [--header 'Name: value']... [--now EPOCH_SECONDS] [FILE|-]
                                     check a delivery's signature against its headers (give
                                     each signing header with --header); prints `valid`
  hookspec send <vendor> <event> --to URL --secret S
  hookspec send <vendor> --all --to URL --secret S
  hookspec send <vendor> --body FILE [--header 'Name: value']... --to URL --secret S
                                     POST the event's documented example (--all: every event's;
                                     --body: any captured body, with the given headers), signed
                                     as the vendor signs it; prints `<event> -> <status>`.
                                     Plain http:// only (no TLS, no proxy, no redirects):
                                     meant for local receivers.
                                     Vendors that do not sign (moim) need no --secret.

  hookspec import json-schema <DIR> --vendor ID [--layout folders|files] [--shared DIR]...
                              [--base FILE] [--overlay FILE]
  hookspec import openapi <FILE> --vendor ID [--base FILE] [--overlay FILE]
                                     draft a spec from a vendor's JSON Schemas (one per event)
                                     or an OpenAPI 3.1 document's `webhooks`; prints the YAML,
                                     and what was mapped and not mapped on stderr

exit status: 0 ok, 1 the input or a spec is invalid, the signature does not verify, or a
delivery was not answered with 2xx; 2 usage error";

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
            eprintln!("hookspec: {message}\n\n{USAGE}{}", vendors_line());
            ExitCode::from(2)
        }
        Err(Failure::Invalid(message)) => {
            eprintln!("hookspec: {message}");
            ExitCode::from(1)
        }
    }
}

/// The options of `verify` and `send`; each command rejects those it does not take.
#[derive(Default)]
struct Options {
    secret: Option<String>,
    headers: Vec<String>,
    now: Option<String>,
    to: Option<String>,
    body: Option<String>,
    vendor: Option<String>,
    layout: Option<String>,
    shared: Vec<String>,
    base: Option<String>,
    overlay: Option<String>,
    all: bool,
    /// The options given, in order, for "not an option of this command" errors.
    given: Vec<&'static str>,
}

impl Options {
    /// Fails on the first option given that `command` does not take.
    fn only(&self, command: &str, allowed: &[&str]) -> Result<(), Failure> {
        match self.given.iter().find(|option| !allowed.contains(option)) {
            Some(option) => Err(Failure::Usage(format!(
                "`{command}` does not take --{option}"
            ))),
            None => Ok(()),
        }
    }
}

/// Stores a single-valued option, refusing a second occurrence.
fn once(slot: &mut Option<String>, name: &str, value: String) -> Result<(), Failure> {
    if slot.replace(value).is_some() {
        return Err(Failure::Usage(format!("--{name} given more than once")));
    }
    Ok(())
}

fn run() -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_env();
    let mut positional = Vec::new();
    let mut options = Options::default();
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            lexopt::Arg::Long("help") | lexopt::Arg::Short('h') => {
                return say(format_args!("{USAGE}{}", vendors_line()));
            }
            lexopt::Arg::Long("secret") => {
                options.given.push("secret");
                once(&mut options.secret, "secret", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("header") => {
                options.given.push("header");
                options.headers.push(value(&mut parser)?);
            }
            lexopt::Arg::Long("now") => {
                options.given.push("now");
                once(&mut options.now, "now", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("to") => {
                options.given.push("to");
                once(&mut options.to, "to", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("body") => {
                options.given.push("body");
                once(&mut options.body, "body", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("vendor") => {
                options.given.push("vendor");
                once(&mut options.vendor, "vendor", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("layout") => {
                options.given.push("layout");
                once(&mut options.layout, "layout", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("shared") => {
                options.given.push("shared");
                options.shared.push(value(&mut parser)?);
            }
            lexopt::Arg::Long("base") => {
                options.given.push("base");
                once(&mut options.base, "base", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("overlay") => {
                options.given.push("overlay");
                once(&mut options.overlay, "overlay", value(&mut parser)?)?;
            }
            lexopt::Arg::Long("all") => {
                options.given.push("all");
                options.all = true;
            }
            lexopt::Arg::Value(value) => positional.push(value.string().map_err(usage)?),
            other => return Err(Failure::Usage(other.unexpected().to_string())),
        }
    }
    let mut args = positional.into_iter();
    match args.next().as_deref() {
        Some("parse") => {
            options.only("parse", &["header"])?;
            let vendor = needs_vendor(&mut args, "parse")?;
            let input = args.next();
            no_more(args)?;
            parse(&vendor, input.as_deref(), &options.headers)
        }
        Some("check") => {
            options.only("check", &[])?;
            let dir = args.next().unwrap_or_else(|| "specs".to_owned());
            no_more(args)?;
            check(PathBuf::from(dir))
        }
        Some("verify") => {
            options.only("verify", &["secret", "header", "now"])?;
            let vendor = needs_vendor(&mut args, "verify")?;
            let input = args.next();
            no_more(args)?;
            verify(&vendor, input.as_deref(), options)
        }
        Some("send") => {
            options.only("send", &["secret", "to", "all", "body", "header"])?;
            let vendor = needs_vendor(&mut args, "send")?;
            let event = args.next();
            no_more(args)?;
            send(&vendor, event.as_deref(), options)
        }
        Some("import") => {
            let format = args.next().ok_or_else(|| {
                Failure::Usage("import needs a format: json-schema or openapi".into())
            })?;
            let allowed: &[&str] = match format.as_str() {
                "json-schema" => &["vendor", "layout", "shared", "base", "overlay"],
                "openapi" => &["vendor", "base", "overlay"],
                other => {
                    return Err(Failure::Usage(format!(
                        "unknown import format `{other}` (json-schema or openapi)"
                    )));
                }
            };
            options.only("import", allowed)?;
            let input = args
                .next()
                .ok_or_else(|| Failure::Usage(format!("import {format} needs its input")))?;
            no_more(args)?;
            import(&format, &input, options)
        }
        Some(other) => Err(Failure::Usage(format!("unknown command `{other}`"))),
        None => Err(Failure::Usage("missing command".into())),
    }
}

/// Prints one line to stdout. A closed stdout (`| head`) ends the command with exit 1
/// instead of a panic.
fn say(line: std::fmt::Arguments<'_>) -> Result<(), Failure> {
    writeln!(std::io::stdout().lock(), "{line}")
        .map_err(|error| Failure::Invalid(format!("cannot write to stdout: {error}")))
}

/// The value of the option just read (`--secret S`).
fn value(parser: &mut lexopt::Parser) -> Result<String, Failure> {
    parser.value().map_err(usage)?.string().map_err(usage)
}

/// The command's first argument, the vendor id.
fn needs_vendor(args: &mut impl Iterator<Item = String>, command: &str) -> Result<String, Failure> {
    args.next()
        .ok_or_else(|| Failure::Usage(format!("{command} needs a vendor")))
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
        Failure::Usage(format!(
            "unknown vendor `{id}` (known: {})",
            known.join(", ")
        ))
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
        Some(path) => std::fs::read(path)
            .map_err(|error| Failure::Invalid(format!("cannot read {path}: {error}"))),
    }
}

/// `hookspec parse`: one line of JSON describing the parsed delivery.
fn parse(vendor_id: &str, input: Option<&str>, headers: &[String]) -> Result<(), Failure> {
    let vendor = vendor(vendor_id)?;
    let headers = headers
        .iter()
        .map(|header| split_header(header).map(|(name, value)| (name, value.as_bytes())))
        .collect::<Result<Vec<_>, _>>()?;
    let body = read_input(input)?;
    let event = vendor
        .parse_request(&headers, &body)
        .map_err(|error| Failure::Invalid(error.to_string()))?;
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
    say(format_args!("{line}"))?;
    Ok(())
}

/// `hookspec check`: validates every spec and prints one summary line per vendor, and each
/// warning (on stderr); warnings alone do not fail it.
fn check(dir: PathBuf) -> Result<(), Failure> {
    let generator = Generator::new(&dir);
    let hookspec_codegen::Checked { vendors, warnings } = generator
        .check()
        .map_err(|diagnostics| Failure::Invalid(format!("invalid specs:\n{diagnostics}")))?;
    for warning in &warnings {
        eprintln!("{warning}");
    }
    if vendors.is_empty() {
        return Err(Failure::Invalid(format!(
            "no specs (*.yaml) in {}",
            dir.display()
        )));
    }
    for vendor in &vendors {
        let examples: usize = vendor.events.iter().map(|event| event.examples.len()).sum();
        let corrected = vendor
            .events
            .iter()
            .flat_map(|event| &event.examples)
            .filter(|example| example.corrected.is_some())
            .count();
        let fields = vendor.field_count();
        let undocumented = match vendor.undocumented_fields() {
            0 => String::new(),
            count => format!(", {count} without doc"),
        };
        let warned = match warnings
            .iter()
            .filter(|warning| warning.file == vendor.source)
            .count()
        {
            0 => String::new(),
            1 => ", 1 warning".to_owned(),
            count => format!(", {count} warnings"),
        };
        let signing = match &vendor.signing {
            hookspec_codegen::model::Signing::Unsigned { .. } => "unsigned".to_owned(),
            hookspec_codegen::model::Signing::Hmac(scheme) => {
                format!("hmac-sha256 ({})", scheme.signature_header)
            }
        };
        say(format_args!(
            "{}: ok - {} events, {} examples ({} corrected{}), {} structs ({} fields{}), {} enums, {} unions, {}",
            vendor.id,
            vendor.events.len(),
            examples,
            corrected,
            warned,
            vendor.structs.len(),
            fields,
            undocumented,
            vendor.enums.len(),
            vendor.unions.len(),
            signing
        ))?;
    }
    Ok(())
}

/// The usage's last line: the vendors this binary was built with, from the registry.
fn vendors_line() -> String {
    let ids: Vec<&str> = hookspec::VENDORS.iter().map(|vendor| vendor.id).collect();
    format!("\n\nvendors: {} (those compiled in)", ids.join(", "))
}

/// `hookspec import`: drafts a spec; the YAML on stdout, the report on stderr.
fn import(format: &str, input: &str, options: Options) -> Result<(), Failure> {
    use hookspec_codegen::import;
    let vendor = options
        .vendor
        .clone()
        .ok_or_else(|| Failure::Usage("import needs --vendor ID".into()))?;
    let layout = match options.layout.as_deref() {
        None | Some("folders") => import::Layout::Folders,
        Some("files") => import::Layout::Files,
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--layout takes `folders` or `files`, not `{other}`"
            )));
        }
    };
    let read = |path: &Option<String>| -> Result<Option<String>, Failure> {
        path.as_ref()
            .map(|path| {
                std::fs::read_to_string(path)
                    .map_err(|error| Failure::Invalid(format!("cannot read {path}: {error}")))
            })
            .transpose()
    };
    // The command as given, so the spec says how to import it again.
    let mut command = format!("hookspec import {format} {input} --vendor {vendor}");
    if let Some(layout) = &options.layout {
        command.push_str(&format!(" --layout {layout}"));
    }
    for shared in &options.shared {
        command.push_str(&format!(" --shared {shared}"));
    }
    if let Some(base) = &options.base {
        command.push_str(&format!(" --base {base}"));
    }
    if let Some(overlay) = &options.overlay {
        command.push_str(&format!(" --overlay {overlay}"));
    }
    let import_options = import::Options {
        vendor,
        layout,
        shared: options.shared.clone(),
        base: read(&options.base)?,
        overlay: read(&options.overlay)?,
        command,
    };
    let imported = match format {
        "openapi" => import::openapi(std::path::Path::new(input), &import_options),
        _ => import::json_schema(std::path::Path::new(input), &import_options),
    }
    .map_err(|problems| {
        Failure::Invalid(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    for problem in &imported.report.problems {
        eprintln!("hookspec: not mapped: {problem}");
    }
    eprintln!("{}", imported.report);
    write!(std::io::stdout().lock(), "{}", imported.yaml)
        .map_err(|error| Failure::Invalid(format!("cannot write to stdout: {error}")))
}

/// `hookspec verify`: checks the delivery's signature; prints `valid` or fails with the reason.
fn verify(vendor_id: &str, input: Option<&str>, options: Options) -> Result<(), Failure> {
    let vendor = vendor(vendor_id)?;
    if let Signing::Unsigned { advice } = vendor.signing {
        return Err(Failure::Invalid(format!(
            "{} does not sign its webhooks, so there is nothing to verify. Vendor advice: {advice}",
            vendor.id
        )));
    }
    let secret = options
        .secret
        .ok_or_else(|| Failure::Usage(format!("verify {} needs --secret", vendor.id)))?;
    let headers = options
        .headers
        .iter()
        .map(|header| split_header(header))
        .collect::<Result<Vec<_>, _>>()?;
    let now = match options.now {
        Some(seconds) => {
            let seconds: u64 = seconds.parse().map_err(|_| {
                Failure::Usage(format!(
                    "--now takes whole seconds since the Unix epoch, not `{seconds}`"
                ))
            })?;
            UNIX_EPOCH + Duration::from_secs(seconds)
        }
        None => SystemTime::now(),
    };
    let body = read_input(input)?;
    Unverified::new(
        &body,
        headers
            .iter()
            .map(|(name, value)| (*name, value.as_bytes())),
    )
    .verify(vendor.signing, &secret, now)
    .map_err(|error| Failure::Invalid(format!("not valid: {error}")))?;
    say(format_args!("valid"))?;
    Ok(())
}

/// `Name: value` (as curl takes it) into its name and trimmed value.
fn split_header(header: &str) -> Result<(&str, &str), Failure> {
    let (name, value) = header
        .split_once(':')
        .ok_or_else(|| Failure::Usage(format!("--header takes `Name: value`, not `{header}`")))?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(Failure::Usage(format!(
            "--header has no valid name in `{header}`"
        )));
    }
    Ok((name, value.trim()))
}

/// One delivery ready to send.
struct Delivery {
    /// What `send` prints for it: the event name, or the body's file.
    label: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

/// `hookspec send`: POSTs documented examples, signed as the vendor signs them.
fn send(vendor_id: &str, event: Option<&str>, options: Options) -> Result<(), Failure> {
    let vendor = vendor(vendor_id)?;
    let to = options
        .to
        .clone()
        .ok_or_else(|| Failure::Usage("send needs --to URL".into()))?;
    let uri: ureq::http::Uri = to
        .parse()
        .map_err(|error| Failure::Usage(format!("--to `{to}` is not a URL: {error}")))?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        return Err(Failure::Usage(format!(
            "--to takes an http://host[:port]/path URL (no TLS), not `{to}`"
        )));
    }
    let secret = match vendor.signing {
        Signing::Unsigned { .. } => {
            if options.secret.is_some() {
                eprintln!(
                    "hookspec: {} does not sign its webhooks; sending unsigned",
                    vendor.id
                );
            }
            None
        }
        Signing::Hmac(_) => Some(
            options
                .secret
                .clone()
                .ok_or_else(|| Failure::Usage(format!("send {} needs --secret", vendor.id)))?,
        ),
    };
    // Sign everything first, so a bad secret sends nothing.
    let deliveries = match &options.body {
        Some(path) => vec![captured(vendor, event, path, &options, secret.as_deref())?],
        None => documented(vendor, event, &options, secret.as_deref())?,
    };

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        // Report the receiver's own answer: no redirects followed, no proxy from the environment.
        .max_redirects(0)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent();
    let mut refused = 0;
    for delivery in &deliveries {
        let mut request = agent
            .post(&uri)
            .header("content-type", "application/json")
            .header(
                "user-agent",
                concat!("hookspec/", env!("CARGO_PKG_VERSION")),
            );
        for (name, value) in &delivery.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let response = request.send(&delivery.body[..]).map_err(|error| {
            Failure::Invalid(format!("cannot send {} to {to}: {error}", delivery.label))
        })?;
        let status = response.status();
        say(format_args!(
            "{} -> {} {}",
            delivery.label,
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        ))?;
        if !status.is_success() {
            refused += 1;
        }
    }
    if refused > 0 {
        return Err(Failure::Invalid(format!(
            "{refused} of {} deliveries were not accepted (non-2xx status)",
            deliveries.len()
        )));
    }
    Ok(())
}

/// The documented examples to send: one event's, or (`--all`) every event's. Where the vendor
/// names events in a header, each delivery carries it.
fn documented(
    vendor: &'static hookspec::Vendor,
    event: Option<&str>,
    options: &Options,
    secret: Option<&str>,
) -> Result<Vec<Delivery>, Failure> {
    if !options.headers.is_empty() {
        return Err(Failure::Usage(
            "--header goes with --body (documented examples carry their own headers)".into(),
        ));
    }
    let events: Vec<&'static EventInfo> = match (event, options.all) {
        (Some(_), true) => return Err(Failure::Usage("give an event or --all, not both".into())),
        (None, false) => {
            return Err(Failure::Usage(
                "send needs an event name, --all or --body".into(),
            ));
        }
        (None, true) => vendor.events.iter().collect(),
        (Some(name), false) => vec![vendor.event(name).ok_or_else(|| {
            let known: Vec<&str> = vendor.events.iter().map(|info| info.name).collect();
            Failure::Usage(format!(
                "unknown {} event `{name}` (known: {})",
                vendor.id,
                known.join(", ")
            ))
        })?],
    };
    let mut deliveries = Vec::with_capacity(events.len());
    for info in events {
        let Some(body) = info.example else {
            if options.all {
                say(format_args!(
                    "{} -> skipped (no documented example)",
                    info.name
                ))?;
                continue;
            }
            return Err(Failure::Invalid(format!(
                "{} {} has no documented example",
                vendor.id, info.name
            )));
        };
        let mut headers: Vec<(String, String)> = vendor
            .name_header()
            .map(|header| (header.to_owned(), info.base_name.to_owned()))
            .into_iter()
            .collect();
        if let Some(secret) = secret {
            headers.extend(sign_now(vendor.signing, secret, body.as_bytes())?);
        }
        deliveries.push(Delivery {
            label: info.name.to_owned(),
            body: body.as_bytes().to_vec(),
            headers,
        });
    }
    Ok(deliveries)
}

/// A captured body (`--body FILE`) with the given headers, signed now.
fn captured(
    vendor: &'static hookspec::Vendor,
    event: Option<&str>,
    path: &str,
    options: &Options,
    secret: Option<&str>,
) -> Result<Delivery, Failure> {
    if event.is_some() || options.all {
        return Err(Failure::Usage(
            "give an event name, --all or --body, not several".into(),
        ));
    }
    let mut headers = Vec::with_capacity(options.headers.len() + 3);
    for header in &options.headers {
        let (name, value) = split_header(header)?;
        headers.push((name.to_owned(), value.to_owned()));
    }
    if let Some(name_header) = vendor.name_header()
        && !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(name_header))
    {
        return Err(Failure::Usage(format!(
            "{} names events in a header: add --header '{name_header}: <event>'",
            vendor.id
        )));
    }
    let body = read_input(Some(path))?;
    if let Some(secret) = secret {
        headers.extend(sign_now(vendor.signing, secret, &body)?);
    }
    Ok(Delivery {
        label: path.to_owned(),
        body,
        headers,
    })
}

/// The signing headers for `body` at the current time, with a fresh delivery id if the
/// scheme has one.
fn sign_now(
    signing: &Signing,
    secret: &str,
    body: &[u8],
) -> Result<Vec<(String, String)>, Failure> {
    let Signing::Hmac(scheme) = signing else {
        return Ok(Vec::new());
    };
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let id = scheme.id_header.map(|_| delivery_id(since_epoch));
    let timestamp = (scheme.timestamp_header.is_some() || scheme.timestamp_entry.is_some()).then(
        || match scheme.timestamp_unit {
            TimestampUnit::Seconds => since_epoch.as_secs().to_string(),
            TimestampUnit::Milliseconds => since_epoch.as_millis().to_string(),
        },
    );
    let headers =
        hookspec::verify::sign(signing, secret, body, id.as_deref(), timestamp.as_deref())
            .map_err(|error| Failure::Invalid(format!("cannot sign: {error}")))?;
    Ok(headers
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect())
}

/// A delivery id in Svix's style, unique per process run and call: `msg_` + time, process and
/// sequence number.
fn delivery_id(since_epoch: Duration) -> String {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!(
        "msg_{:x}{:x}{sequence:x}",
        since_epoch.as_nanos(),
        std::process::id()
    )
}
