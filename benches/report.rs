//! Writes `docs/benchmarks.md` from criterion's results (`target/criterion`) of the `vendors`
//! and `github_corpus` benches: per vendor, a table with the median time per delivery of
//! `parse`, `known`, `serde_tag`, `value`, `ignored` and `floor`, `parse`'s throughput, the
//! ratios, and whether the issue's targets are met (and, for a missed one, whether the floor of
//! any owned parse misses it too, or the event's own type does, and how close `parse` then is to
//! that typed floor); the crate's compile time per vendor feature when
//! `scripts/bench` measured it (`target/compile-times.tsv`); then the machine and the command
//! that reproduces it.
//!
//! A bench target only so that it needs nothing but cargo (no Python on a fresh machine).
//! `scripts/bench` runs it as `cargo bench --bench report -- --out docs/benchmarks.md`; without
//! `--out` (as under a plain `cargo bench`) it does nothing.
//!
//! Naming it reads (what the two benches write): group `<vendor>/<body>`, function one of the
//! six above, and an optional numeric parameter, the number of deliveries per iteration.
//! `HOOKSPEC_BENCH_SINCE` (Unix seconds) skips results older than the run; `HOOKSPEC_BENCH_ARGS`,
//! `HOOKSPEC_BENCH_COMMAND`, `HOOKSPEC_BENCH_COMMIT`, `HOOKSPEC_BENCH_PARSE_COMMIT` (set when the
//! parse tables are an earlier run's), `HOOKSPEC_BENCH_PASSES` and
//! `HOOKSPEC_BENCH_LOAD_BEFORE`/`_AFTER` are recorded as given.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use serde_json::Value;

const FUNCTIONS: [&str; 6] = ["parse", "known", "serde_tag", "value", "ignored", "floor"];

/// `parse` within this factor of the typed floor, for a check the known type misses too.
const TYPED_MARGIN: f64 = 1.1;

/// Dispatch within this factor of reading the known type (the name first, or in a header) ...
const DISPATCH_FIRST: f64 = 1.1;
/// ... and within this one when the name comes last.
const DISPATCH_LAST: f64 = 1.3;
/// `Value` at least this many times slower than `parse` on bodies under 1 KB ...
const VALUE_SMALL: f64 = 1.5;
/// ... and on bodies over 10 KB.
const VALUE_LARGE: f64 = 2.0;

/// The issue's compile-time targets, in seconds on 2 cores (the crate's own build, dependencies
/// built): debug ...
const COMPILE_DEBUG: f64 = 20.0;
/// ... and release.
const COMPILE_RELEASE: f64 = 60.0;
/// A downstream crate's clean debug build with one vendor feature (every dependency compiled).
const COMPILE_DOWNSTREAM: f64 = 30.0;

/// One line of `target/compile-times.tsv` (written by `scripts/bench`): a vendor feature's
/// crate-only build time in one profile.
struct CompileTime {
    vendor: String,
    lines: u64,
    profile: String,
    seconds: f64,
}

/// The compile times `scripts/bench` measured, if it did (malformed lines are skipped).
fn compile_times(path: &Path) -> Vec<CompileTime> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut cells = line.split('\t');
            Some(CompileTime {
                vendor: cells.next()?.to_owned(),
                lines: cells.next()?.parse().ok()?,
                profile: cells.next()?.to_owned(),
                seconds: cells.next()?.parse().ok()?,
            })
        })
        .collect()
}

/// The "Compile time" section: per vendor feature, generated lines and debug/release seconds.
fn compile_section(times: &[CompileTime]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Compile time
"
    );
    if times.is_empty() {
        let _ = writeln!(
            out,
            "Not measured in this run (`scripts/bench` with no filter, or `scripts/bench --compile-only`, measures it).\n"
        );
        return out;
    }
    let _ = writeln!(
        out,
        "The crate's own build with one vendor feature (`cargo build -p hookspec \
         --no-default-features --features <vendor>`, dependencies already built, after `touch \
         src/lib.rs`, with `CARGO_INCREMENTAL=0`: no incremental cache, the build a user's \
         dependency gets), wall-clock seconds, the lowest of `HOOKSPEC_BENCH_COMPILE_RUNS` builds (2 \
         by default); and a user's first build: a new crate depending on \
         this one with that vendor alone, built in debug from nothing (every dependency compiled; \
         the workspace's `Cargo.lock`; also the lowest of those runs). Targets from the issue: the crate under {COMPILE_DEBUG} s \
         in debug and {COMPILE_RELEASE} s in release on 2 cores, for any vendor of up to 250 \
         events; the downstream build under {COMPILE_DOWNSTREAM} s (the issue names GitHub's).\n"
    );
    let _ = writeln!(
        out,
        "| Vendor | Generated lines | debug (s) | release (s) | downstream clean debug (s) | Targets |\n|---|--:|--:|--:|--:|---|"
    );
    let mut vendors: Vec<&str> = Vec::new();
    for time in times {
        if !vendors.contains(&time.vendor.as_str()) {
            vendors.push(&time.vendor);
        }
    }
    for vendor in vendors {
        let of = |profile: &str| {
            times
                .iter()
                .find(|time| time.vendor == vendor && time.profile == profile)
        };
        let (debug, release, downstream) = (of("dev"), of("release"), of("downstream"));
        let lines = debug
            .or(release)
            .or(downstream)
            .map_or(0, |time| time.lines);
        let cell = |time: Option<&CompileTime>| {
            time.map_or_else(|| "–".to_owned(), |time| format!("{:.1}", time.seconds))
        };
        let mark = |time: Option<&CompileTime>, limit: f64| match time {
            Some(time) if time.seconds < limit => "✓",
            Some(_) => "✗",
            None => "–",
        };
        let _ = writeln!(
            out,
            "| {vendor} | {lines} | {} | {} | {} | {} {} {} |",
            cell(debug),
            cell(release),
            cell(downstream),
            mark(debug, COMPILE_DEBUG),
            mark(release, COMPILE_RELEASE),
            mark(downstream, COMPILE_DOWNSTREAM),
        );
    }
    let _ = writeln!(out);
    out
}

/// One criterion result.
struct Measurement {
    /// Median per iteration, in nanoseconds.
    median_ns: f64,
    /// Bytes per iteration.
    bytes: u64,
    /// Deliveries per iteration.
    count: u64,
}

/// One group: a body (or a batch of bodies) of a vendor.
#[derive(Default)]
struct Row {
    vendor: String,
    body: String,
    results: BTreeMap<&'static str, Measurement>,
}

impl Row {
    fn ns(&self, function: &str) -> Option<f64> {
        let measurement = self.results.get(function)?;
        Some(measurement.median_ns / measurement.count.max(1) as f64)
    }

    fn count(&self) -> u64 {
        self.results.values().map(|m| m.count).max().unwrap_or(1)
    }

    /// Bytes per delivery (the mean, for a batch).
    fn bytes(&self) -> Option<f64> {
        let measurement = self.results.values().next()?;
        Some(measurement.bytes as f64 / measurement.count.max(1) as f64)
    }

    /// Throughput in 10^6 bytes per second.
    fn mb_per_s(&self, function: &str) -> Option<f64> {
        Some(self.bytes()? / self.ns(function)? * 1000.0)
    }

    fn ratio(&self, a: &str, b: &str) -> Option<f64> {
        Some(self.ns(a)? / self.ns(b)?)
    }

    /// A batch of mixed bodies (`<vendor>/all`, the whole corpus): no size or position applies.
    fn is_mixed(&self) -> bool {
        self.body == "all" || self.body == "corpus"
    }

    fn is_batch(&self) -> bool {
        self.count() > 1
    }

    /// Where the row goes in its table: examples, then batches of one event, then `all` and
    /// the whole corpus, then the corpus by size.
    fn rank(&self) -> u8 {
        if self.is_mixed() {
            2
        } else if self.body.starts_with("corpus-") {
            3
        } else if self.is_batch() {
            1
        } else {
            0
        }
    }

    /// The size class of the issue's `Value` target: `Some(true)` under 1 KB, `Some(false)`
    /// over 10 KB.
    fn size_class(&self) -> Option<bool> {
        match self.body.as_str() {
            "corpus-under-1KB" => return Some(true),
            "corpus-over-10KB" => return Some(false),
            _ if self.is_mixed() => return None,
            _ => {}
        }
        let bytes = self.bytes()?;
        if bytes < 1024.0 {
            Some(true)
        } else if bytes > 10.0 * 1024.0 {
            Some(false)
        } else {
            None
        }
    }
}

/// Where the event name travels for one body.
enum NameAt {
    Header(&'static str),
    /// Top-level member `index` (from 0) of `members`, starting `offset` bytes into `len`.
    Member {
        key: &'static str,
        index: usize,
        members: usize,
        offset: usize,
        len: usize,
    },
    Unknown,
}

impl NameAt {
    /// Whether the name comes last: past the middle of the body.
    fn is_last(&self) -> bool {
        matches!(self, NameAt::Member { offset, len, .. } if *offset * 2 > *len)
    }

    fn describe(&self) -> String {
        match self {
            NameAt::Header(header) => format!("header `{header}`"),
            NameAt::Member {
                key,
                index,
                members,
                offset,
                len,
            } => format!(
                "`{key}`: {} of {members} (byte {offset}, {}%)",
                index + 1,
                offset * 100 / (*len).max(1)
            ),
            NameAt::Unknown => "—".to_owned(),
        }
    }
}

/// The top-level keys of a JSON object with the byte offset of each (its opening quote).
fn top_level_keys(json: &str) -> Vec<(String, usize)> {
    let bytes = json.as_bytes();
    let mut keys = Vec::new();
    let (mut depth, mut at) = (0usize, 0usize);
    while at < bytes.len() {
        match bytes[at] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = at;
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                let end = at.min(bytes.len());
                let mut next = end + 1;
                while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                    next += 1;
                }
                if depth == 1 && bytes.get(next) == Some(&b':') {
                    keys.push((json[start + 1..end].to_owned(), start));
                }
            }
            _ => {}
        }
        at += 1;
    }
    keys
}

fn name_at(vendor: &str, body: &str) -> NameAt {
    let Some(registry) = hookspec::vendor(vendor) else {
        return NameAt::Unknown;
    };
    match registry.identity.name {
        hookspec::NameSource::Header(header) => NameAt::Header(header),
        hookspec::NameSource::Member(path) => {
            let Some(example) = registry.event(body).and_then(|info| info.example) else {
                return NameAt::Unknown;
            };
            let keys = top_level_keys(example);
            match keys.iter().position(|(key, _)| key == path[0]) {
                Some(index) => NameAt::Member {
                    key: path[0],
                    index,
                    members: keys.len(),
                    offset: keys[index].1,
                    len: example.len(),
                },
                None => NameAt::Unknown,
            }
        }
    }
}

/// Every `new/benchmark.json` under `dir`.
fn benchmark_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            benchmark_files(&path, found);
        } else if path
            .file_name()
            .is_some_and(|name| name == "benchmark.json")
            && path
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|name| name == "new")
        {
            found.push(path);
        }
    }
}

/// The lowest of `median_ns` and the medians saved under `function`'s `pass<N>` baselines
/// (written since `since`).
fn lowest_pass(function: &Path, since: Option<SystemTime>, median_ns: f64) -> f64 {
    let Ok(entries) = std::fs::read_dir(function) else {
        return median_ns;
    };
    entries
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("pass"))
        .map(|entry| entry.path().join("estimates.json"))
        .filter(|path| {
            since.is_none_or(|since| {
                std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .is_ok_and(|modified| modified >= since)
            })
        })
        .filter_map(|path| read_json(&path)?["median"]["point_estimate"].as_f64())
        .fold(median_ns, f64::min)
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// The rows, by vendor (in the registry's order, others after) and body.
fn rows(criterion: &Path, since: Option<SystemTime>) -> Vec<Row> {
    let mut files = Vec::new();
    benchmark_files(criterion, &mut files);
    let mut rows: BTreeMap<(String, String), Row> = BTreeMap::new();
    for file in files {
        let estimates_path = file.with_file_name("estimates.json");
        if let Some(since) = since {
            let modified = std::fs::metadata(&estimates_path).and_then(|m| m.modified());
            if modified.map_or(true, |modified| modified < since) {
                continue;
            }
        }
        let (Some(benchmark), Some(estimates)) = (read_json(&file), read_json(&estimates_path))
        else {
            continue;
        };
        let Some((vendor, body)) = benchmark["group_id"]
            .as_str()
            .and_then(|id| id.split_once('/'))
        else {
            continue;
        };
        let Some(function) = FUNCTIONS
            .iter()
            .find(|function| benchmark["function_id"].as_str() == Some(**function))
        else {
            continue;
        };
        let count = match &benchmark["value_str"] {
            Value::String(count) => match count.parse() {
                Ok(count) => count,
                Err(_) => continue,
            },
            _ => 1,
        };
        let throughput = &benchmark["throughput"];
        let bytes = throughput["BytesDecimal"]
            .as_u64()
            .or_else(|| throughput["Bytes"].as_u64())
            .unwrap_or(0);
        let Some(median_ns) = estimates["median"]["point_estimate"].as_f64() else {
            continue;
        };
        // The lowest median of the run's passes (`scripts/bench` saves each as baseline
        // `pass<N>`; `new` is the last of them).
        let median_ns = file
            .parent()
            .and_then(Path::parent)
            .map_or(median_ns, |function| {
                lowest_pass(function, since, median_ns)
            });
        let row = rows
            .entry((vendor.to_owned(), body.to_owned()))
            .or_insert_with(|| Row {
                vendor: vendor.to_owned(),
                body: body.to_owned(),
                ..Row::default()
            });
        row.results.insert(
            function,
            Measurement {
                median_ns,
                bytes,
                count,
            },
        );
    }
    let vendor_rank = |vendor: &str| {
        hookspec::VENDORS
            .iter()
            .position(|known| known.id == vendor)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<Row> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        let key = |row: &Row| {
            (
                vendor_rank(&row.vendor),
                row.vendor.clone(),
                row.rank(),
                row.bytes().unwrap_or(0.0) as u64,
                row.body.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    rows
}

fn format_ns(ns: Option<f64>) -> String {
    let Some(ns) = ns else {
        return "—".to_owned();
    };
    if ns < 100.0 {
        return format!("{ns:.1}");
    }
    let digits = format!("{:.0}", ns);
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn format_ratio(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "—".to_owned(), |ratio| format!("{ratio:.2}"))
}

/// One target's verdict for a row (only the targets that apply to it and have data).
struct Check {
    what: String,
    met: bool,
    /// Why no owned parse can meet it: the floor (`benches/models/floor.rs`) misses it too.
    out_of_reach: Option<String>,
    /// When the known type misses it too: what `parse` then has to match, the typed floor
    /// (see [`typed_floor`]), and how close it is.
    typed: Option<Typed>,
}

/// A check the event's own type misses too: `parse` reads into that type, so the check is out
/// of its reach, and what is left to ask is that `parse` be within [`TYPED_MARGIN`] of the
/// typed floor.
struct Typed {
    /// The known type's own ratio for the check, e.g. `value/known 1.31`.
    known: String,
    /// parse / typed floor.
    ratio: f64,
}

impl Typed {
    fn within(&self) -> bool {
        self.ratio <= TYPED_MARGIN
    }
}

impl Check {
    fn mark(&self) -> &'static str {
        match (self.met, &self.out_of_reach, &self.typed) {
            (true, ..) => "✓",
            (false, Some(_), _) => "✗*",
            (false, None, Some(typed)) if typed.within() => "✗†",
            (false, None, _) => "✗",
        }
    }
}

/// The typed floor of a row's `parse`: the event's own type read with the name known
/// (`known`), plus, when the name comes last, a scan of the body (`ignored`) to find it. A
/// `parse` that hands out that type cannot be faster than reading that type, and with the
/// name last it has to find the name before it knows the type.
///
/// For `<vendor>/all` (every documented example in turn), the scan counts for the examples
/// whose name comes last, by their share of the bytes (a scan's cost goes with the bytes).
fn typed_floor(row: &Row, name_at: &NameAt) -> Option<f64> {
    let known = row.ns("known")?;
    let last = if row.body == "all" {
        name_last_share(&row.vendor)
    } else if name_at.is_last() {
        1.0
    } else {
        0.0
    };
    let scan = if last > 0.0 {
        last * row.ns("ignored")?
    } else {
        0.0
    };
    Some(known + scan)
}

/// The share of the bytes of `vendor`'s documented examples (one per event, as the vendors
/// bench reads them) that come from examples whose name comes last.
fn name_last_share(vendor: &str) -> f64 {
    let Some(registry) = hookspec::vendor(vendor) else {
        return 0.0;
    };
    let (mut last, mut total) = (0, 0);
    for info in registry.events {
        let Some(example) = info.example else {
            continue;
        };
        total += example.len();
        if name_at(vendor, info.name).is_last() {
            last += example.len();
        }
    }
    if total == 0 {
        0.0
    } else {
        last as f64 / total as f64
    }
}

/// `parse` against the typed floor, when the known type itself misses a check (`known_misses`,
/// described by `known`).
fn typed(row: &Row, name_at: &NameAt, known_misses: Option<String>) -> Option<Typed> {
    let known = known_misses?;
    let ratio = row.ns("parse")? / typed_floor(row, name_at)?;
    Some(Typed { known, ratio })
}

fn checks(row: &Row, name_at: &NameAt) -> Vec<Check> {
    let mut checks = Vec::new();
    if !row.is_mixed()
        && let Some(ratio) = row.ratio("parse", "known")
    {
        let bound = if name_at.is_last() {
            DISPATCH_LAST
        } else {
            DISPATCH_FIRST
        };
        let place = if name_at.is_last() {
            "name last"
        } else {
            "name first or in a header"
        };
        checks.push(Check {
            what: format!("parse/known {ratio:.2} ≤ {bound} ({place})"),
            met: ratio <= bound,
            out_of_reach: None,
            typed: None,
        });
    }
    if let Some(ratio) = row.ratio("parse", "serde_tag") {
        let floor = row.ratio("floor", "serde_tag");
        checks.push(Check {
            what: format!("parse/serde_tag {ratio:.2} < 1"),
            met: ratio < 1.0,
            out_of_reach: floor
                .filter(|floor| *floor >= 1.0)
                .map(|floor| format!("floor/serde_tag {floor:.2}")),
            typed: typed(
                row,
                name_at,
                row.ratio("known", "serde_tag")
                    .filter(|known| *known >= 1.0)
                    .map(|known| format!("known/serde_tag {known:.2}")),
            ),
        });
    }
    if let (Some(small), Some(ratio)) = (row.size_class(), row.ratio("value", "parse")) {
        let (bound, size) = if small {
            (VALUE_SMALL, "under 1 KB")
        } else {
            (VALUE_LARGE, "over 10 KB")
        };
        let floor = row.ratio("value", "floor");
        checks.push(Check {
            what: format!("value/parse {ratio:.2} ≥ {bound} ({size})"),
            met: ratio >= bound,
            out_of_reach: floor
                .filter(|floor| *floor < bound)
                .map(|floor| format!("value/floor {floor:.2}")),
            typed: typed(
                row,
                name_at,
                row.ratio("value", "known")
                    .filter(|known| *known < bound)
                    .map(|known| format!("value/known {known:.2}")),
            ),
        });
    }
    checks
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `HEAD`, and whether the tree has changes.
fn git_commit() -> Option<String> {
    let commit = command_output("git", &["rev-parse", "--short", "HEAD"])?;
    let dirty = command_output("git", &["status", "--porcelain"]).is_some_and(|s| !s.is_empty());
    Some(if dirty {
        format!("{commit} (with uncommitted changes)")
    } else {
        commit
    })
}

fn machine() -> Vec<(&'static str, String)> {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .or_else(|| command_output("sysctl", &["-n", "machdep.cpu.brand_string"]))
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let os = command_output("uname", &["-srm"]).unwrap_or_else(|| std::env::consts::OS.to_owned());
    let rustc = command_output(
        &std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()),
        &["-V"],
    )
    .unwrap_or_else(|| "unknown".to_owned());
    let now = hookspec::jiff::Timestamp::now();
    let date = hookspec::jiff::Timestamp::from_second(now.as_second())
        .map_or_else(|_| now.to_string(), |t| t.to_string());
    let commit = std::env::var("HOOKSPEC_BENCH_COMMIT")
        .ok()
        .or_else(git_commit);
    let load_after = std::env::var("HOOKSPEC_BENCH_LOAD_AFTER").ok().or_else(|| {
        let load = std::fs::read_to_string("/proc/loadavg").ok()?;
        Some(
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" "),
        )
    });
    let mut machine = vec![
        ("CPU", cpu),
        ("Logical CPUs", cores.to_string()),
        ("OS", os),
        ("rustc", rustc),
        ("Date", date),
    ];
    if let Some(commit) = commit {
        // `scripts/bench --compile-only` keeps the parse tables of an earlier run.
        let commit = match std::env::var("HOOKSPEC_BENCH_PARSE_COMMIT") {
            Ok(parse) => format!(
                "{commit} (compile times; the parse tables and the options and load below are \
                 from an earlier run, at {parse})"
            ),
            Err(_) => commit,
        };
        machine.push(("Commit", commit));
    }
    let load_before = std::env::var("HOOKSPEC_BENCH_LOAD_BEFORE").ok();
    if load_before.is_some() || load_after.is_some() {
        let load = format!(
            "{} before, {} after (1, 5, 15 min)",
            load_before.as_deref().unwrap_or("?"),
            load_after.as_deref().unwrap_or("?")
        );
        machine.push(("Load average", load));
    }
    if let Ok(args) = std::env::var("HOOKSPEC_BENCH_ARGS") {
        let passes = std::env::var("HOOKSPEC_BENCH_PASSES").unwrap_or_else(|_| "1".to_owned());
        machine.push((
            "Criterion options",
            format!("`{args}`, the lowest median of {passes} pass(es)"),
        ));
    }
    machine
}

fn report(rows: &[Row], compile: &[CompileTime]) -> String {
    let mut out = String::new();
    let command =
        std::env::var("HOOKSPEC_BENCH_COMMAND").unwrap_or_else(|_| "scripts/bench".to_owned());
    let _ = writeln!(out, "# Benchmarks\n");
    let _ = writeln!(
        out,
        "Generated by `{command}` (`benches/vendors.rs`, `benches/github_corpus.rs`, this table by \
         `benches/report.rs`); do not edit by hand, rerun it.\n"
    );
    let _ = writeln!(
        out,
        "Median time per delivery (the lowest over the run's passes), in nanoseconds, of six ways to read the same bytes:\n\n\
         - **parse**: the vendor module's `parse` (GitHub: `parse_request` with `X-GitHub-Event`), typed and lossless;\n\
         - **known**: `serde_json::from_slice` into the event's own generated type, the name being known in advance \
         (GitHub's corpus batches: its dispatch given the header and the `action` member up front, reading each body that way);\n\
         - **serde_tag**: a hand-written serde derive model (`benches/models/<vendor>.rs`): a `#[serde(tag = ...)]` \
         enum of lossy structs with owned strings (GitHub: structs picked by a `match` on the header), what users write instead;\n\
         - **value**: `serde_json::Value`;\n\
         - **ignored**: `serde::de::IgnoredAny`, the cost of scanning the JSON at all;\n\
         - **floor**: the floor of any owned typed parse (`benches/models/floor.rs`): the JSON \
         walked and every string value owned as a `String`, nothing built (no struct, `Option`, \
         `Vec` or map; keys matched, not kept). No parse that hands out owned strings is faster \
         on the same bytes; parse/floor is what the typed structure itself costs.\n\n\
         Rows are documented examples (per vendor the smallest, the largest and a few chosen ones), \
         `all` (every documented example of the vendor in turn, the time divided by their number) \
         and, for GitHub, real deliveries of octokit/webhooks' corpus (a row per modelled event: every \
         corpus delivery of it; `corpus`: all of them; then by size). MB/s is parse's throughput \
         (10^6 bytes per second); \"name at\" is where the event name is, which `parse` has to find \
         before it can read the body into its type.\n"
    );

    // Targets first: what the numbers are for.
    let mut met = 0;
    let mut missed = Vec::new();
    let mut out_of_reach = 0;
    let (mut typed_misses, mut typed_within) = (0, 0);
    for row in rows {
        for check in checks(row, &name_at(&row.vendor, &row.body)) {
            if check.met {
                met += 1;
            } else {
                let why = match (&check.out_of_reach, &check.typed) {
                    (Some(why), _) => format!(" — out of reach of any owned parse: {why}"),
                    (None, Some(typed)) => {
                        typed_misses += 1;
                        typed_within += usize::from(typed.within());
                        format!(
                            " — the known type misses it too ({}); parse/typed floor {:.2} {} {TYPED_MARGIN}",
                            typed.known,
                            typed.ratio,
                            if typed.within() { "≤" } else { ">" }
                        )
                    }
                    (None, None) => String::new(),
                };
                out_of_reach += usize::from(check.out_of_reach.is_some());
                missed.push(format!(
                    "`{}/{}`: {}{why}",
                    row.vendor, row.body, check.what
                ));
            }
        }
    }
    let _ = writeln!(out, "## Targets\n");
    let _ = writeln!(
        out,
        "From the issue: `parse` within {DISPATCH_FIRST}× of `known` when the name comes first or \
         from a header, within {DISPATCH_LAST}× when it comes last (past the middle of the body); \
         faster than `serde_tag` for every vendor; `value` at least {VALUE_SMALL}× slower than `parse` \
         on bodies under 1 KB and {VALUE_LARGE}× on bodies over 10 KB. `all` and the mixed corpus \
         rows are checked against `serde_tag` only.\n"
    );
    let _ = writeln!(
        out,
        "**{met} of {} checks met.** Of the {} missed, {out_of_reach} are out of reach of any \
         owned parse: the floor itself misses them (marked ✗* in the tables). {typed_misses} are \
         missed by the event's own generated type too (`known`), which `parse` reads into: for \
         those the issue asks `parse` to be within 10% of a measured floor, here the typed floor \
         (`known`, plus `ignored` when the name comes last: the body scanned for it; for `all`, \
         `ignored` by the share of the bytes whose name comes last), and \
         {typed_within} of them are (marked ✗† in the tables; ✗ where not).",
        met + missed.len(),
        missed.len()
    );
    if !missed.is_empty() {
        let _ = writeln!(out, "\nMissed:\n");
        for miss in &missed {
            let _ = writeln!(out, "- {miss}");
        }
    }
    let slower: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let ratio = row.ratio("value", "parse")?;
            (ratio < 1.0).then(|| {
                format!(
                    "`{}/{}` ({:.0}% slower)",
                    row.vendor,
                    row.body,
                    (1.0 / ratio - 1.0) * 100.0
                )
            })
        })
        .collect();
    if !slower.is_empty() {
        let _ = writeln!(
            out,
            "\n`parse` is slower than `serde_json::Value` on: {}.",
            slower.join(", ")
        );
    }
    let _ = writeln!(out);

    let mut vendor = None;
    for (index, row) in rows.iter().enumerate() {
        if vendor != Some(&row.vendor) {
            vendor = Some(&row.vendor);
            let title = hookspec::vendor(&row.vendor).map_or(row.vendor.as_str(), |v| v.name);
            let _ = writeln!(out, "## {title}\n");
            let _ = writeln!(
                out,
                "| Body | Bytes | Name at | parse | known | serde_tag | value | ignored | floor | parse MB/s | parse/known | parse/serde_tag | value/parse | parse/floor | Targets |"
            );
            let _ = writeln!(
                out,
                "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|"
            );
        }
        let name_at = name_at(&row.vendor, &row.body);
        let body = if row.is_batch() {
            format!("`{}` ({} deliveries)", row.body, row.count())
        } else {
            format!("`{}`", row.body)
        };
        let bytes = row.bytes().map_or_else(
            || "—".to_owned(),
            |bytes| {
                if row.is_batch() {
                    format!("{bytes:.0} avg")
                } else {
                    format!("{bytes:.0}")
                }
            },
        );
        let mbps = row
            .mb_per_s("parse")
            .map_or_else(|| "—".to_owned(), |mbps| format!("{mbps:.0}"));
        let checks = checks(row, &name_at);
        let verdict = if checks.is_empty() {
            "—".to_owned()
        } else {
            checks.iter().map(Check::mark).collect::<Vec<_>>().join(" ")
        };
        let _ = writeln!(
            out,
            "| {body} | {bytes} | {} | {} | {} | {} | {} | {} | {} | {mbps} | {} | {} | {} | {} | {verdict} |",
            name_at.describe(),
            format_ns(row.ns("parse")),
            format_ns(row.ns("known")),
            format_ns(row.ns("serde_tag")),
            format_ns(row.ns("value")),
            format_ns(row.ns("ignored")),
            format_ns(row.ns("floor")),
            format_ratio(row.ratio("parse", "known")),
            format_ratio(row.ratio("parse", "serde_tag")),
            format_ratio(row.ratio("value", "parse")),
            format_ratio(row.ratio("parse", "floor")),
        );
        if rows
            .get(index + 1)
            .is_none_or(|next| next.vendor != row.vendor)
        {
            let _ = writeln!(out);
        }
    }
    if rows.is_empty() {
        let _ = writeln!(out, "No results found: run the benches first.\n");
    }
    let _ = writeln!(
        out,
        "Targets column: one mark per applicable check, in the order parse/known, parse/serde_tag, \
         value/parse; ✗* is a check the floor misses too (no owned parse can meet it); ✗† one \
         the known type misses too, `parse` being within 10% of the typed floor.\n"
    );

    out.push_str(&compile_section(compile));
    let _ = writeln!(out, "## Machine\n");
    for (what, value) in machine() {
        let _ = writeln!(out, "- {what}: {value}");
    }
    let _ = writeln!(
        out,
        "\nEach time is the lowest of criterion's medians over the run's passes (`scripts/bench` runs \
         the parse benchmarks `HOOKSPEC_BENCH_PASSES` times, 2 by default, each a full sweep), so a \
         slow spell has to hit a function in every pass to move its row. On a shared or busy \
         machine times still move from one run to the next: compare ratios within one run rather \
         than times across runs.\n"
    );
    let _ = writeln!(out, "## Rerun\n");
    let _ = writeln!(
        out,
        "```sh\n{command}\n```\n\n\
         It runs `cargo bench --features github --bench vendors --bench github_corpus` and then this \
         report. GitHub rows need the corpus at `../shared/corpora/octokit-webhooks` (skipped with a \
         message without it)."
    );
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut out, mut criterion) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--criterion" => criterion = args.next().map(PathBuf::from),
            _ => {} // cargo's `--bench` and the like
        }
    }
    let Some(out) = out else {
        eprintln!(
            "report: nothing to do without `--out FILE` (scripts/bench writes docs/benchmarks.md)"
        );
        return;
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let criterion = criterion.unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("target"));
        manifest.join(target).join("criterion")
    });
    let since = std::env::var("HOOKSPEC_BENCH_SINCE")
        .ok()
        .and_then(|since| since.parse().ok())
        .map(|since| SystemTime::UNIX_EPOCH + Duration::from_secs(since));
    let rows = rows(&criterion, since);
    let compile = compile_times(&criterion.with_file_name("compile-times.tsv"));
    let out = manifest.join(out);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).expect("create the report's directory");
    }
    std::fs::write(&out, report(&rows, &compile))
        .unwrap_or_else(|error| panic!("write {}: {error}", out.display()));
    eprintln!(
        "report: {} rows from {} written to {}",
        rows.len(),
        criterion.display(),
        out.display()
    );
}
