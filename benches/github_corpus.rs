//! Parsing GitHub's real deliveries (the shared corpus, octokit/webhooks' payload examples):
//! `github::parse_request` (typed, lossless dispatch on `X-GitHub-Event`) next to
//! `serde_json::Value` and `IgnoredAny` (the cost of scanning the JSON at all), over the same
//! bytes in one run.
//!
//! `cargo bench --bench github_corpus --features github`. Without `../shared/corpora` there is
//! nothing to measure and the bench says so.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hookspec::github;
use serde::de::IgnoredAny;
use serde_json::Value;

/// Every delivery: (`X-GitHub-Event`, body).
fn corpus() -> Vec<(String, Vec<u8>)> {
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
                deliveries.push((name.clone(), body));
            }
        }
    }
    deliveries.sort();
    deliveries
}

fn bench(c: &mut Criterion) {
    let deliveries = corpus();
    if deliveries.is_empty() {
        return;
    }
    let bytes: usize = deliveries.iter().map(|(_, body)| body.len()).sum();
    let mut group = c.benchmark_group(format!("github corpus ({} deliveries)", deliveries.len()));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_request", |b| {
        b.iter(|| {
            for (name, body) in &deliveries {
                let event = github::parse_request([("X-GitHub-Event", name.as_bytes())], body)
                    .expect("every corpus delivery parses");
                std::hint::black_box(event);
            }
        });
    });
    group.bench_function("serde_json::Value", |b| {
        b.iter(|| {
            for (_, body) in &deliveries {
                let value: Value = serde_json::from_slice(body).expect("JSON");
                std::hint::black_box(value);
            }
        });
    });
    group.bench_function("IgnoredAny", |b| {
        b.iter(|| {
            for (_, body) in &deliveries {
                let value: IgnoredAny = serde_json::from_slice(body).expect("JSON");
                std::hint::black_box(value);
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
