//! Reading GitHub's real deliveries (the shared corpus, octokit/webhooks' payload examples), over
//! the same bytes in one run:
//!
//! - `parse`: `github::parse_request` with the `X-GitHub-Event` header (typed, lossless
//!   dispatch on the header and the `action` member);
//! - `known`: `serde_json::from_slice` into the event's own type, the name known in advance
//!   (per event: that type; for the corpus batches: the generated dispatch given the header
//!   and the `action` member up front, so that nothing is looked for in the body);
//! - `serde_tag` (per event): hand-written octocrab-style structs dispatched by a `match` on the
//!   header (`benches/models/github.rs`): what users write instead;
//! - `value`: `serde_json::Value`;
//! - `ignored`: `serde::de::IgnoredAny`, the cost of scanning the JSON at all;
//! - `floor`: the floor of any owned typed parse (`benches/models/floor.rs`): the JSON walked, every
//!   string value owned, nothing built.
//!
//! Groups: `github/<event>` for three modelled events (every corpus delivery of that event and
//! action), and `github/corpus` (every delivery) with size buckets `github/corpus-under-1KB`,
//! `github/corpus-1-10KB` and `github/corpus-over-10KB` (no `serde_tag`: the model covers only
//! the modelled events).
//! Each function's parameter is the number of deliveries read per iteration, so a report divides
//! by it to get a time per delivery. Throughput is in bytes.
//!
//! `cargo bench --bench github_corpus --features github`. Without `../shared/corpora` there is
//! nothing to measure and the bench says so.

use std::borrow::Cow;
use std::error::Error;
use std::hint::black_box;
use std::path::Path;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use hookspec::__private::{Dispatch, Source};
use hookspec::{ParseError, github};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;

#[path = "models/floor.rs"]
mod floor;
#[path = "models/github.rs"]
mod github_model;

/// One corpus delivery.
struct Delivery {
    /// The `X-GitHub-Event` header (the corpus folder).
    event: String,
    /// The file name, e.g. `opened.with-organization.payload.json`.
    file: String,
    /// The body's `action` member, when a string (read before any timing).
    action: Option<String>,
    body: Vec<u8>,
}

/// Every delivery, by event and file name.
fn corpus() -> Vec<Delivery> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/octokit-webhooks/payload-examples/api.github.com");
    let Ok(events) = std::fs::read_dir(&dir) else {
        eprintln!("no GitHub corpus at {}: nothing to measure", dir.display());
        return Vec::new();
    };
    let mut deliveries = Vec::new();
    for event in events.flatten() {
        let name = event.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(event.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(body) = std::fs::read(file.path()) {
                let action = serde_json::from_slice::<Value>(&body)
                    .ok()
                    .and_then(|json| Some(json.get("action")?.as_str()?.to_owned()));
                deliveries.push(Delivery {
                    event: name.clone(),
                    file: file.file_name().to_string_lossy().into_owned(),
                    action,
                    body,
                });
            }
        }
    }
    deliveries.sort_by(|a, b| (&a.event, &a.file).cmp(&(&b.event, &b.file)));
    deliveries
}

/// Reads one delivery, dropping what it built inside the timed loop.
type Reader = fn(&Delivery) -> Result<(), Box<dyn Error>>;

/// `parse`: `github::parse_request` with the delivery's `X-GitHub-Event` header.
fn parsed(delivery: &Delivery) -> Result<github::Event, ParseError> {
    github::parse_request(
        [("X-GitHub-Event", delivery.event.as_bytes())],
        &delivery.body,
    )
}

/// `known` for any delivery: the event's own type with the name known in advance, GitHub's
/// dispatch given the header and the `action` member ([`KnownNames`]), reading the body with
/// `serde_json::from_slice` as the per-event `known` does.
fn known_event(delivery: &Delivery) -> Result<github::Event, ParseError> {
    let names = KnownNames {
        sub: delivery.action.as_deref(),
        body: &delivery.body,
    };
    github::Event::from_source(&delivery.event, &names)
}

fn parse(delivery: &Delivery) -> Result<(), Box<dyn Error>> {
    black_box(parsed(delivery)?);
    Ok(())
}

fn known(delivery: &Delivery) -> Result<(), Box<dyn Error>> {
    black_box(known_event(delivery)?);
    Ok(())
}

/// A delivery whose names are known in advance: [`Source::names`] gives the `action` member (the
/// only body member GitHub's dispatch reads) without looking at the body.
struct KnownNames<'a> {
    sub: Option<&'a str>,
    body: &'a [u8],
}

impl Source for KnownNames<'_> {
    fn names<const N: usize>(
        &self,
        _: [&'static [&'static str]; N],
        _: usize,
    ) -> Result<[Option<Cow<'_, str>>; N], ParseError> {
        Ok(std::array::from_fn(|_| self.sub.map(Cow::Borrowed)))
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, ParseError> {
        serde_json::from_slice(self.body).or_else(|_| {
            // Only for the error's path (the bench checks every delivery before timing).
            let mut deserializer = serde_json::Deserializer::from_slice(self.body);
            serde_path_to_error::deserialize(&mut deserializer).map_err(ParseError::from)
        })
    }
}

fn serde_tag(delivery: &Delivery) -> Result<(), Box<dyn Error>> {
    black_box(github_model::parse(&delivery.event, &delivery.body)?);
    Ok(())
}

fn value(delivery: &Delivery) -> Result<(), Box<dyn Error>> {
    black_box(serde_json::from_slice::<Value>(&delivery.body)?);
    Ok(())
}

fn ignored(delivery: &Delivery) -> Result<(), Box<dyn Error>> {
    black_box(serde_json::from_slice::<IgnoredAny>(&delivery.body)?);
    Ok(())
}

fn floor(delivery: &Delivery) -> Result<(), Box<dyn Error>> {
    black_box(serde_json::from_slice::<floor::Owned>(&delivery.body)?);
    Ok(())
}

macro_rules! read_as {
    ($ty:ty) => {
        |delivery: &Delivery| -> Result<(), Box<dyn Error>> {
            black_box(serde_json::from_slice::<$ty>(&delivery.body)?);
            Ok(())
        }
    };
}

/// A modelled event: its full name, the header, the corpus files of it, its known type.
struct Modelled {
    name: &'static str,
    header: &'static str,
    file_prefix: &'static str,
    known: Reader,
}

const MODELLED: &[Modelled] = &[
    Modelled {
        name: "issues.opened",
        header: "issues",
        file_prefix: "opened.",
        known: read_as!(github::IssuesOpened),
    },
    Modelled {
        name: "push",
        header: "push",
        file_prefix: "",
        known: read_as!(github::Push),
    },
    Modelled {
        name: "pull_request.opened",
        header: "pull_request",
        file_prefix: "opened.",
        known: read_as!(github::PullRequestOpened),
    },
];

/// Benches `readers` over `deliveries` in group `group`, one parameter: their number.
fn bench_group(
    c: &mut Criterion,
    group: &str,
    deliveries: &[&Delivery],
    readers: &[(&str, Reader)],
) {
    let bytes: usize = deliveries.iter().map(|delivery| delivery.body.len()).sum();
    let mut group = c.benchmark_group(group);
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    if bytes > 200_000 {
        // Milliseconds per iteration: criterion's linear sampling would overrun its time.
        group.sampling_mode(SamplingMode::Flat);
    }
    for (function, read) in readers {
        group.bench_function(BenchmarkId::new(*function, deliveries.len()), |b| {
            b.iter(|| {
                for delivery in deliveries {
                    black_box(read(black_box(delivery))).expect("checked before timing");
                }
            })
        });
    }
    group.finish();
}

fn bench(c: &mut Criterion) {
    let deliveries = corpus();
    if deliveries.is_empty() {
        return;
    }
    // Everything parses before anything is timed.
    let mut problems = Vec::new();
    for delivery in &deliveries {
        let at = format!("{}/{}", delivery.event, delivery.file);
        match (parsed(delivery), known_event(delivery)) {
            (Ok(parsed), Ok(known)) if parsed == known => {}
            (Ok(parsed), Ok(known)) => problems.push(format!(
                "{at}: `known` read `{}`, `parse` `{}`",
                known.name(),
                parsed.name()
            )),
            (Err(error), _) => problems.push(format!("{at}: `parse` failed: {error}")),
            (_, Err(error)) => problems.push(format!("{at}: `known` failed: {error}")),
        }
    }

    let mut per_event = Vec::new();
    for modelled in MODELLED {
        let of_event: Vec<&Delivery> = deliveries
            .iter()
            .filter(|delivery| {
                delivery.event == modelled.header && delivery.file.starts_with(modelled.file_prefix)
            })
            .collect();
        if of_event.is_empty() {
            problems.push(format!("no corpus delivery of `{}`", modelled.name));
        }
        for delivery in &of_event {
            let at = format!("{}/{}", delivery.event, delivery.file);
            match parsed(delivery) {
                Ok(event) if event.name() == modelled.name && event.is_known() => {}
                Ok(event) => problems.push(format!("{at}: `parse` read `{}`", event.name())),
                Err(_) => {} // reported above
            }
            for (what, read) in [
                ("known", modelled.known),
                ("serde_tag", serde_tag as Reader),
            ] {
                if let Err(error) = read(delivery) {
                    problems.push(format!("{at}: `{what}` failed: {error}"));
                }
            }
        }
        per_event.push((modelled, of_event));
    }
    assert!(
        problems.is_empty(),
        "the GitHub corpus bench does not fit the corpus:\n  {}",
        problems.join("\n  ")
    );

    for (modelled, of_event) in &per_event {
        bench_group(
            c,
            &format!("github/{}", modelled.name),
            of_event,
            &[
                ("parse", parse),
                ("known", modelled.known),
                ("serde_tag", serde_tag),
                ("value", value),
                ("ignored", ignored),
                ("floor", floor),
            ],
        );
    }

    let readers: &[(&str, Reader)] = &[
        ("parse", parse),
        ("known", known),
        ("value", value),
        ("ignored", ignored),
        ("floor", floor),
    ];
    let all: Vec<&Delivery> = deliveries.iter().collect();
    bench_group(c, "github/corpus", &all, readers);
    // (name, smallest, largest size in bytes)
    let buckets = [
        ("under-1KB", 0, 1023),
        ("1-10KB", 1024, 10 * 1024),
        ("over-10KB", 10 * 1024 + 1, usize::MAX),
    ];
    for (bucket, min, max) in buckets {
        let of_size: Vec<&Delivery> = deliveries
            .iter()
            .filter(|delivery| (min..=max).contains(&delivery.body.len()))
            .collect();
        if of_size.is_empty() {
            let smallest = deliveries.iter().map(|d| d.body.len()).min().unwrap_or(0);
            eprintln!(
                "github/corpus-{bucket}: no corpus delivery of that size (the smallest has {smallest} bytes); skipped"
            );
            continue;
        }
        bench_group(c, &format!("github/corpus-{bucket}"), &of_size, readers);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
