//! The command line: every command, option and help text, parsed with clap. What each command
//! does is in `commands/`.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::builder::styling::Styles;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum, ValueHint};
use hookspec::Vendor;
use ureq::http::Uri;

/// `hookspec`: the whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "hookspec",
    version,
    propagate_version = true,
    about = "Parse, verify, send, replay and audit webhook deliveries with the bundled specs; check, import, diff and export specs as JSON Schema",
    subcommand_required = true,
    arg_required_else_help = true,
    after_help = top_level_after_help(),
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// The largest delivery body read from a file or stdin, in bytes; a larger one is an
    /// error, not read to the end.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: u64,
}

/// 64 MiB: far above any vendor's delivery (GitHub caps payloads at 25 MB).
pub const DEFAULT_MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// One `hookspec` command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse one delivery body and print it as one line of JSON
    #[command(
        long_about = "Parse one delivery body and print it as one line of JSON: \
            {\"vendor\", \"event\", \"known\", \"rust_type\", \"value\"}, and \"drift\" \
            ([{\"path\", \"kind\"}]) when a `presence: tolerant` spec's delivery lacks a \
            required member, holds null where it says non-null, or a text that breaks its \
            format (the members it names hold placeholders).\n\n\
            An event the spec does not know still parses (\"known\": false). Exit status 1 \
            when the body does not fit, with a one-line error naming its JSON path.",
        after_help = examples(&[
            ("hookspec parse gately delivery.json", ""),
            ("hookspec parse gately - < delivery.json", "the body from stdin"),
            (
                "hookspec parse github --header 'X-GitHub-Event: issues' delivery.json",
                "GitHub names events in a header",
            ),
        ]),
    )]
    Parse(ParseArgs),

    /// Validate spec files and print one summary line per vendor
    #[command(
        long_about = "Validate spec files and print one summary line per vendor: events, \
            examples, types and signing scheme.\n\n\
            Every problem is reported at once, each as `FILE:line:col: error: ...`; exit \
            status 1 when any spec is invalid.",
        after_help = examples(&[
            ("hookspec check", "the specs in ./specs"),
            ("hookspec check path/to/specs", ""),
        ]),
    )]
    Check(CheckArgs),

    /// Check a delivery's signature against its headers; prints `valid`
    #[command(
        long_about = "Check a delivery's signature against its headers, given as received \
            with --header; prints `valid` (exit status 0) or the reason it is not (exit \
            status 1).\n\n\
            Vendors that do not sign (moim) have nothing to verify: exit status 1.",
        after_help = examples(&[
            (
                "hookspec verify gately --secret S --header 'X-Gately-Signature: sha256=...' body.json",
                "",
            ),
            (
                "hookspec verify gately --secret OLD --secret NEW \\\n      \
                 --header 'X-Gately-Signature: sha256=...' body.json",
                "valid when either secret signed it (while rotating secrets)",
            ),
            (
                "hookspec verify memberstack --secret whsec_... --header 'svix-id: msg_...' \\\n      \
                 --header 'svix-timestamp: 1614265330' --header 'svix-signature: v1,...' \\\n      \
                 --now 1614265330 body.json",
                "a delivery signed in the past, checked at its own time",
            ),
        ]),
    )]
    Verify(VerifyArgs),

    /// POST signed test deliveries to a local receiver
    #[command(
        long_about = "POST signed test deliveries to a local receiver: an event's documented \
            example, every event's (--all), or a captured body with its headers (--body), \
            each signed exactly as the vendor signs it. Prints `<event> -> <status>` for \
            each delivery; exit status 1 when one is not answered with 2xx.\n\n\
            Plain http:// only (no TLS, no proxy, no redirects followed): meant for local \
            receivers. Vendors that do not sign (moim) need no --secret.",
        override_usage = "hookspec send [OPTIONS] <VENDOR> <EVENT> --to <URL>\n       \
            hookspec send [OPTIONS] <VENDOR> --all --to <URL>\n       \
            hookspec send [OPTIONS] <VENDOR> --body <FILE> [--header <NAME: VALUE>]... --to <URL>",
        after_help = examples(&[
            (
                "hookspec send gately member.created --to http://localhost:3000/webhooks --secret S",
                "",
            ),
            (
                "hookspec send memberstack --all --to http://localhost:3000/webhooks --secret whsec_...",
                "every documented example",
            ),
            (
                "hookspec send gately --body captured.json --header 'X-Replayed: yes' \\\n      \
                 --to http://localhost:3000/webhooks --secret S",
                "any body, with extra headers",
            ),
        ]),
    )]
    Send(SendArgs),

    /// Send the deliveries a receiver's spool kept again, signed anew; or check which now parse
    #[command(
        long_about = "Send the deliveries a receiver's spool kept (`hookspec::spool::FsSpool`: \
            `<stem>.json`, `<stem>.headers`, `<stem>.meta`) again, signed anew as the vendor \
            would sign them, with the headers that were kept (and the kept signing id, so that \
            a Svix `svix-id` stays the idempotency key). Prints `<stem> -> <status>` for each \
            delivery, in arrival order; --archive DIR moves each one answered 2xx out of the \
            spool. A spool directory is read as a whole (not recursively); a file names one \
            delivery (any of its three files, or its stem).\n\n\
            --dry-run sends nothing: it parses each delivery with the specs compiled in and \
            prints `<stem> -> parses (<event>)` or `<stem> -> still fails: <error>`, e.g. after \
            a spec fix or a re-import.\n\n\
            --to may contain `{vendor}`, replaced by each delivery's vendor id. --secret is \
            `VENDOR=SECRET` for one vendor or a bare secret for every signing vendor; a signing \
            vendor without one is a usage error before anything is sent. A delivery whose \
            `.meta` is missing (the receiver stopped while keeping it: it was never answered \
            2xx) is reported on stderr and skipped.\n\n\
            Exit status 1 when a delivery was not answered 2xx, cannot be read, or (--dry-run) \
            still fails to parse.",
        after_help = examples(&[
            ("hookspec replay --dry-run /tmp/hookspec-spool", "which kept deliveries parse now"),
            (
                "hookspec replay /tmp/hookspec-spool --to 'http://127.0.0.1:3000/webhooks/{vendor}' \\\n      \
                 --secret gately=S --secret memberstack=whsec_... --archive /tmp/replayed",
                "",
            ),
        ]),
    )]
    Replay(ReplayArgs),

    /// Check captured deliveries against a spec: what parsed, what drifted, what the spec lacks
    #[command(
        long_about = "Check captured deliveries against a vendor's spec and report, per event, \
            how many parsed strictly, parsed with drift (a required member absent, null where \
            the spec says non-null, a text that breaks its format) or failed, and why (with \
            the JSON path); then members the spec lacks (with the JSON kinds seen), required \
            members absent, nulls, enum values and union branches it does not list; and \
            coverage: events never seen, members never observed.\n\n\
            Deliveries are `<stem>.json` bodies, each with the headers in `<stem>.headers` \
            (`Name: value` lines) when there is one, as the example receiver keeps deliveries \
            that do not fit; directories are read recursively. --header gives headers for \
            bodies without them (the event-name header: GitHub's `X-GitHub-Event`). Parsing \
            uses the compiled-in vendor; the analysis, the spec in --specs (the one this \
            hookspec was built from). --overlay-out writes the corrections the deliveries \
            support as an overlay for `hookspec import --overlay`.\n\n\
            Exit status 0 when every delivery parsed (strictly or with drift), 1 when one \
            failed.",
        after_help = examples(&[
            ("hookspec audit gately /tmp/hookspec-spool", "deliveries the receiver kept"),
            (
                "hookspec audit github --header 'X-GitHub-Event: issues' issues/",
                "bodies without .headers files",
            ),
            (
                "hookspec audit github captured/ --overlay-out github.overlay.yaml",
                "corrections, to re-import with --overlay github.overlay.yaml",
            ),
            ("hookspec audit gately captured/ --format json | jq .findings", ""),
        ]),
    )]
    Audit(AuditArgs),

    /// Print or write the JSON Schema of each event's delivery, generated from a spec
    #[command(
        long_about = "Print or write the JSON Schema (draft 2020-12) of each event's delivery, \
            generated from the validated spec: for validating deliveries in other languages, \
            documenting them, or feeding API tools. The schemas accept what the parser \
            accepts: the members that name the event are `const`, open enums take any other \
            string, unions are `oneOf` selected as the parser selects a variant, undocumented \
            members are allowed (the parser keeps them), and under `presence: tolerant` the \
            drift the parser accepts (a required member absent or null, a text that breaks \
            its format) is accepted too, each such member's description saying what the spec \
            expects. Where the event name travels in a header (GitHub), a schema covers the \
            body.\n\n\
            --event prints one event's schema to stdout; --out writes every event's to \
            DIR/<event>.schema.json (`issues.opened.schema.json`; a `/` in a name makes a \
            folder). The spec is a vendor's `<VENDOR>.yaml` in --specs (default `specs`), or \
            a spec file given by its path.",
        group(ArgGroup::new("what").required(true).multiple(true).args(["event", "out"])),
        after_help = examples(&[
            ("hookspec schema gately --event member.created", "one event, to stdout"),
            ("hookspec schema github --out schemas/github", "every event: issues.opened.schema.json..."),
            (
                "hookspec schema path/to/acme.yaml --event order.paid > order.paid.schema.json",
                "a spec file not compiled in",
            ),
        ]),
    )]
    Schema(SchemaArgs),
    /// Compare two versions of a spec and say what the generated crate's next version must be
    #[command(
        long_about = "Compare two versions of a vendor's spec (as validated models, not as \
            text) and list what changed, grouped by event and type: events, members, types, \
            required ↔ optional, nullable, enum values, union branches, presence policy, \
            signing. Each change is classified by what it does to the generated Rust API \
            under Rust's semver rules: `major` (code that uses the API may stop compiling, or \
            deliveries that parsed may not), `minor` (additions: generated types are \
            #[non_exhaustive], so a new event, member, enum value or branch is minor) or \
            `patch` (documentation, examples); then the verdict, the largest of them. Only \
            formatting, comments or key order changed: `patch`, no changes.\n\n\
            OLD and NEW are spec files, or `git:REV:PATH` for a file as a git revision has it \
            (read with `git show REV:PATH`, PATH from the repository's root).\n\n\
            Exit status 0 with the verdict printed; 1 when a spec cannot be read or is \
            invalid; 3 when --fail-on is given and the verdict reaches it.",
        after_help = examples(&[
            (
                "hookspec diff git:HEAD:specs/github.yaml specs/github.yaml",
                "in review: what the working copy changes",
            ),
            (
                "hookspec diff specs/github.yaml new/github.yaml --fail-on major",
                "in CI after a re-import: exit status 3 when a major version is needed",
            ),
            (
                "hookspec diff old.yaml new.yaml --format json | jq -r .verdict",
                "",
            ),
        ]),
    )]
    Diff(DiffArgs),

    /// Draft a spec from a vendor's JSON Schemas or OpenAPI document
    #[command(
        long_about = "Draft a spec from a vendor's JSON Schemas (one per event) or an OpenAPI \
            3.0/3.1 document's webhooks, in JSON or YAML. Prints the YAML on stdout, and on \
            stderr what was mapped, and what was not (by file and JSON pointer) with how many \
            members ended up untyped (`json`).",
        // A usage error without a format, rather than the help.
        subcommand_required = true,
        arg_required_else_help = false,
        after_help = examples(&[
            (
                "hookspec import json-schema schemas/ --vendor github --layout folders --shared common \\\n      \
                 --base specs/import/github.base.yaml --examples payload-examples/ > specs/github.yaml",
                "",
            ),
            (
                "hookspec import json-schema schemas/2026-04 --vendor shopify --layout files \\\n      \
                 --base specs/import/shopify.base.yaml --examples metadatas/2026-04 \\\n      \
                 --example-pointer /response --event-doc-pointer /description > specs/shopify.yaml",
                "example files that wrap the body and describe the event",
            ),
            (
                "hookspec import openapi openapi.json --vendor hub --base hub.base.yaml > specs/hub.yaml",
                "",
            ),
        ]),
    )]
    #[command(subcommand)]
    Import(Import),

    /// Print a shell completion script to stdout
    #[command(after_help = examples(&[
        (
            "hookspec completions bash > ~/.local/share/bash-completion/completions/hookspec",
            "",
        ),
        ("hookspec completions zsh > ~/.zfunc/_hookspec", "with ~/.zfunc in $fpath"),
        ("hookspec completions fish > ~/.config/fish/completions/hookspec.fish", ""),
        ("hookspec completions powershell >> $PROFILE", ""),
    ]))]
    Completions(CompletionsArgs),
}

/// `hookspec parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The vendor that sent the delivery
    #[arg(value_parser = vendor())]
    pub vendor: &'static Vendor,

    /// The delivery's body; `-` or none reads stdin
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// A request header as received, as curl takes it (repeatable). Vendors that name events
    /// in a header need it (GitHub: `X-GitHub-Event`); the others ignore it
    #[arg(long, value_name = "NAME: VALUE", value_parser = header)]
    pub header: Vec<Header>,
}

/// `hookspec check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The folder of spec files (`*.yaml`)
    #[arg(value_name = "SPECS_DIR", default_value = "specs")]
    pub dir: PathBuf,
}

/// `hookspec audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The vendor that sent the deliveries
    #[arg(value_parser = vendor())]
    pub vendor: &'static Vendor,

    /// Delivery bodies (`*.json`, with `<stem>.headers` beside them when there is one), or
    /// directories of them (read recursively)
    #[arg(value_name = "DIR|FILE", required = true)]
    pub inputs: Vec<PathBuf>,

    /// A request header for every body without it in its `.headers` file, as curl takes it
    /// (repeatable): the event-name header for vendors that name events in one
    #[arg(long, value_name = "NAME: VALUE", value_parser = header)]
    pub header: Vec<Header>,

    /// Write the corrections the deliveries support to FILE, as an overlay for `hookspec
    /// import --overlay`
    #[arg(long, value_name = "FILE")]
    pub overlay_out: Option<PathBuf>,

    /// How to print the report
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// The folder of spec files the analysis reads `<VENDOR>.yaml` from
    #[arg(long, value_name = "SPECS_DIR", default_value = "specs")]
    pub specs: PathBuf,
}

/// `hookspec diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: a spec file, or `git:REV:PATH`
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The new version: a spec file, or `git:REV:PATH`
    #[arg(value_name = "NEW")]
    pub new: String,

    /// How to print the changes: `json` prints one object with "verdict" and "changes"
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Exit with status 3 when the verdict is this or larger (after printing it)
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_on: Option<FailOn>,
}

/// `hookspec diff --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail when the changes need a major version
    Major,
    /// Fail when they need a minor version or a major one
    Minor,
}

/// `hookspec audit --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table for people
    Table,
    /// One JSON object
    Json,
}

/// `hookspec verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The vendor that sent the delivery
    #[arg(value_parser = vendor())]
    pub vendor: &'static Vendor,

    /// The delivery's body; `-` or none reads stdin
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// The signing secret, as the vendor shows it. Repeat it to accept any of several (while
    /// rotating secrets): the delivery is valid when one of them signed it
    #[arg(long, value_name = "SECRET")]
    pub secret: Vec<String>,

    /// A signing header as received, as curl takes it (repeatable)
    #[arg(long, value_name = "NAME: VALUE", value_parser = header)]
    pub header: Vec<Header>,

    /// The time to check the replay window against, in seconds since the Unix epoch (default:
    /// the clock), to verify a delivery captured earlier
    #[arg(long, value_name = "EPOCH_SECONDS", value_parser = epoch_seconds)]
    pub now: Option<SystemTime>,
}

/// `hookspec send`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("deliveries").required(true).args(["event", "all", "body"])))]
pub struct SendArgs {
    /// The vendor whose deliveries to send
    #[arg(value_parser = vendor())]
    pub vendor: &'static Vendor,

    /// The event whose documented example to send (e.g. `member.created`)
    pub event: Option<String>,

    /// Send every event's documented example
    #[arg(long)]
    pub all: bool,

    /// Send this file's bytes as the body instead (a captured delivery)
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,

    /// A header to send with --body, as curl takes it (repeatable). Vendors that name events
    /// in a header need it (GitHub: `X-GitHub-Event`)
    #[arg(
        long,
        value_name = "NAME: VALUE",
        value_parser = header,
        conflicts_with_all = ["event", "all"]
    )]
    pub header: Vec<Header>,

    /// The receiver's URL: http://host[:port]/path
    #[arg(long, value_name = "URL", value_parser = http_url)]
    pub to: Uri,

    /// The signing secret, as the vendor shows it (not needed for vendors that do not sign)
    #[arg(long, value_name = "SECRET")]
    pub secret: Option<String>,
}

/// `hookspec schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// A vendor's id (its `<VENDOR>.yaml` in --specs), or the path of a spec file
    #[arg(value_name = "VENDOR|SPEC", value_hint = ValueHint::FilePath)]
    pub source: String,

    /// Print only this event's schema: its full name as `hookspec parse` prints it
    /// (`issues.opened`), or an alias
    #[arg(long, value_name = "NAME")]
    pub event: Option<String>,

    /// Write each schema to DIR/<event>.schema.json (created if needed) instead of stdout
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub out: Option<PathBuf>,

    /// The folder of spec files a vendor's `<VENDOR>.yaml` is read from
    #[arg(long, value_name = "SPECS_DIR", default_value = "specs", value_hint = ValueHint::DirPath)]
    pub specs: PathBuf,
}

/// `hookspec replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Spool directories, or kept deliveries (any of their files, or their stem)
    #[arg(value_name = "DIR|FILE", required = true)]
    pub paths: Vec<PathBuf>,

    /// The receiver's URL: http://host[:port]/path, where `{vendor}` is each delivery's vendor
    #[arg(
        long,
        value_name = "URL",
        value_parser = url_template,
        required_unless_present = "dry_run"
    )]
    pub to: Option<String>,

    /// `VENDOR=SECRET`, or a bare secret for every signing vendor (repeatable)
    #[arg(long, value_name = "[VENDOR=]SECRET")]
    pub secret: Vec<String>,

    /// Move each delivery answered 2xx into this directory (same filesystem as the spool)
    #[arg(long, value_name = "DIR", conflicts_with = "dry_run")]
    pub archive: Option<PathBuf>,

    /// Send nothing: report which deliveries parse with the specs compiled in
    #[arg(long, conflicts_with = "to")]
    pub dry_run: bool,
}

/// `hookspec import`'s formats.
#[derive(Debug, Subcommand)]
pub enum Import {
    /// Draft a spec from a directory of JSON Schemas, one per event
    #[command(after_help = examples(&[(
        "hookspec import json-schema schemas/ --vendor shop --layout files --shared common \\\n      \
         --base shop.base.yaml",
        "",
    )]))]
    JsonSchema(JsonSchemaArgs),

    /// Draft a spec from an OpenAPI 3.0/3.1 document's webhooks (JSON or YAML)
    #[command(after_help = examples(&[(
        "hookspec import openapi openapi.yaml --vendor hub --base hub.base.yaml",
        "",
    )]))]
    Openapi(OpenapiArgs),
}

/// `hookspec import json-schema`.
#[derive(Debug, Args)]
pub struct JsonSchemaArgs {
    /// The directory of event schemas
    #[arg(value_name = "DIR")]
    pub input: PathBuf,

    /// How event schemas are laid out
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub layout: Option<Layout>,

    /// A folder of shared definitions reached by `$ref`, not events (repeatable)
    #[arg(long, value_name = "DIR")]
    pub shared: Vec<String>,

    #[command(flatten)]
    pub draft: DraftArgs,
}

/// `hookspec import openapi`.
#[derive(Debug, Args)]
pub struct OpenapiArgs {
    /// The OpenAPI 3.0 or 3.1 document, JSON or YAML: its `webhooks`, its `x-webhooks`, or the
    /// schemas carrying the vendor extension the base names under `import:`
    #[arg(value_name = "FILE")]
    pub input: PathBuf,

    #[command(flatten)]
    pub draft: DraftArgs,
}

/// The options both import formats take.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The new vendor's id: the spec's file name, module and cargo feature (snake_case)
    #[arg(long, value_name = "ID", required = true)]
    pub vendor: String,

    /// The hand-written part of the spec: vendor name, docs, identity, signing...
    #[arg(long, value_name = "FILE")]
    pub base: Option<PathBuf>,

    /// Corrections to the imported types, each with a note; they survive re-importing
    #[arg(long, value_name = "FILE")]
    pub overlay: Option<PathBuf>,

    /// A directory of example deliveries, every `*.json` one body: `<event>/<any name>.json`
    /// (`--layout folders`) or `<event path>.json` (`--layout files`, and for OpenAPI); the
    /// body's sub-name member picks `<event>.<sub>`
    #[arg(long, value_name = "DIR")]
    pub examples: Option<PathBuf>,

    /// Where the body is in each `--examples` file, as a JSON pointer (RFC 6901), for files
    /// that wrap the delivery: `/response`; a file where it finds nothing is reported
    #[arg(long, value_name = "POINTER", requires = "examples")]
    pub example_pointer: Option<String>,

    /// A JSON pointer to a text in each `--examples` file that documents its event where the
    /// schema has no title or description: `/description`
    #[arg(long, value_name = "POINTER", requires = "examples")]
    pub event_doc_pointer: Option<String>,

    /// Build one example per event without any from the schema's property-level examples
    /// (marked as not documented by the vendor)
    #[arg(long)]
    pub synthesize_examples: bool,
}

/// How a directory of JSON Schemas is laid out (`--layout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    /// One folder per event, one file per sub-name: `<name>/<sub>.schema.json`
    /// (`event.schema.json`: no sub-name)
    Folders,
    /// One file per event: `<name>.json`; a name may contain `/` (`orders/create.json`)
    Files,
}

/// `hookspec completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// One `--header 'Name: value'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The header's name, trimmed.
    pub name: String,
    /// The header's value, trimmed.
    pub value: String,
}

/// The `<vendor>` argument: one of the vendors compiled in, listed from the registry (in help
/// with their names, and in the error for any other).
fn vendor() -> impl TypedValueParser<Value = &'static Vendor> {
    PossibleValuesParser::new(
        hookspec::VENDORS
            .iter()
            .map(|vendor| PossibleValue::new(vendor.id).help(vendor.name)),
    )
    // Never fails: the possible values are the registry's ids.
    .try_map(|id: String| hookspec::vendor(&id).ok_or("not a compiled-in vendor"))
}

/// `Name: value` (as curl takes it) into its name and trimmed value.
fn header(text: &str) -> Result<Header, String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| "expected `Name: value`, as curl takes it".to_owned())?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err("no valid header name before the `:`".to_owned());
    }
    Ok(Header {
        name: name.to_owned(),
        value: value.trim().to_owned(),
    })
}

/// `--now`: whole seconds since the Unix epoch.
fn epoch_seconds(text: &str) -> Result<SystemTime, String> {
    let seconds: u64 = text
        .parse()
        .map_err(|_| "expected whole seconds since the Unix epoch".to_owned())?;
    Ok(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// `--to`: a plain-HTTP URL with a host.
fn http_url(text: &str) -> Result<Uri, String> {
    let uri: Uri = text
        .parse()
        .map_err(|error| format!("not a URL: {error}"))?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        return Err("expected an http://host[:port]/path URL (no TLS)".to_owned());
    }
    Ok(uri)
}

/// `replay --to`: a plain-HTTP URL with a host once `{vendor}` is replaced.
fn url_template(text: &str) -> Result<String, String> {
    http_url(&text.replace("{vendor}", "vendor"))?;
    Ok(text.to_owned())
}

/// The top-level help's end: the vendors compiled in (from the registry), exit statuses and
/// examples.
fn top_level_after_help() -> String {
    let ids: Vec<&str> = hookspec::VENDORS.iter().map(|vendor| vendor.id).collect();
    let header = Styles::default().get_header().to_owned();
    format!(
        "{header}Vendors:{header:#} {} (those compiled in)\n\n\
         {header}Exit status:{header:#}\n  \
         0  ok\n  \
         1  an invalid body or spec, a signature that does not verify, a delivery not answered 2xx\n  \
         2  a usage error\n  \
         3  `diff --fail-on`: the verdict reached the level given\n\n{}",
        ids.join(", "),
        examples(&[
            ("hookspec parse gately delivery.json", ""),
            ("hookspec check specs", ""),
            (
                "hookspec verify gately --secret S --header 'X-Gately-Signature: sha256=...' body.json",
                "",
            ),
            (
                "hookspec send gately --all --to http://localhost:3000/webhooks --secret S",
                "",
            ),
            (
                "hookspec diff git:HEAD:specs/github.yaml specs/github.yaml",
                ""
            ),
            ("hookspec help send", "a command's options and examples"),
        ])
    )
}

/// An `Examples:` section: each invocation, after a comment saying what it shows when that
/// needs saying.
fn examples(invocations: &[(&str, &str)]) -> String {
    let header = Styles::default().get_header().to_owned();
    let mut text = format!("{header}Examples:{header:#}");
    for (invocation, comment) in invocations {
        if !comment.is_empty() {
            text.push_str("\n  # ");
            text.push_str(comment);
        }
        text.push_str("\n  ");
        text.push_str(invocation);
    }
    text
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Help is wrapped at 100 columns when not on a terminal: an example longer than that
    /// would be cut in two where it cannot be copied.
    #[test]
    fn examples_fit_in_100_columns() {
        fn walk(command: &clap::Command) {
            if let Some(text) = command.get_after_help() {
                for line in text.to_string().lines() {
                    assert!(line.len() <= 100, "{}: {line}", command.get_name());
                }
            }
            command.get_subcommands().for_each(walk);
        }
        walk(&Cli::command());
    }

    #[test]
    fn headers_split_as_curl_takes_them() {
        assert_eq!(
            header(" X-Gately-Signature :  sha256=ab: cd "),
            Ok(Header {
                name: "X-Gately-Signature".to_owned(),
                value: "sha256=ab: cd".to_owned()
            })
        );
        assert_eq!(
            header("svix-id:msg_1").map(|header| header.value),
            Ok("msg_1".to_owned())
        );
        assert!(header("no colon").is_err());
        assert!(header(": v").is_err());
        assert!(header("two words: v").is_err());
    }

    #[test]
    fn to_takes_plain_http_urls_with_a_host() {
        assert!(http_url("http://127.0.0.1:3000/hooks").is_ok());
        assert!(http_url("https://example.com/").is_err());
        assert!(http_url("/hooks").is_err());
        assert!(http_url("not a url").is_err());
    }
}
