//! The generator on large synthetic specs (`tests/support/synthetic.rs`): 1,000, 2,000 and
//! 5,000 events of 20 fields each, through `Generator::generate` (load the YAML, validate,
//! emit, format), as a build script runs it. The time per event (criterion's throughput, in
//! elements) should stay about the same from one size to the next. A second group splits the
//! 1,000-event run into its stages (`format` there is `format::format` on one thread).
//!
//! `cargo bench -p hookspec-codegen --bench generate`

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hookspec_codegen::{Generator, emit, format, load, validate};

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

/// A specs directory holding only the synthetic spec of `events` events.
fn specs_dir(events: usize) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("hookspec-bench-{}-{events}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let text = synthetic::spec(events);
    std::fs::write(dir.join(format!("{}.yaml", synthetic::VENDOR)), &text).expect("writable");
    (dir, text)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(15));
    for events in [1000, 2000, 5000] {
        let (dir, text) = specs_dir(events);
        let generator = Generator::new(&dir);
        let output = generator.generate().expect("the synthetic spec generates");
        let fields = output.vendors[0].field_count();
        assert_eq!(
            fields,
            events * synthetic::FIELDS + synthetic::SHARED_FIELDS
        );
        let lines = output.files[0].1.lines().count();
        eprintln!(
            "{events} events: {} KiB of YAML, {fields} fields, {lines} lines generated ({:.1} per field)",
            text.len() / 1024,
            lines as f64 / fields as f64
        );
        group.throughput(Throughput::Elements(events as u64));
        group.bench_function(BenchmarkId::new("events", events), |b| {
            b.iter(|| generator.generate().expect("generates"))
        });
        let _ = std::fs::remove_dir_all(&dir);
    }
    group.finish();

    let file = Path::new("specs").join(format!("{}.yaml", synthetic::VENDOR));
    let text = synthetic::spec(1000);
    let raw = load::parse(&file, &text).expect("loads");
    let vendor = validate::validate(&file, &raw).expect("validates");
    let options = emit::Options::default();
    let tokens = emit::vendor(&vendor, &options);
    let mut stages = c.benchmark_group("stages (1000 events)");
    stages.sample_size(10);
    stages.warm_up_time(Duration::from_secs(1));
    stages.bench_function("load", |b| {
        b.iter(|| load::parse(&file, &text).expect("loads"))
    });
    stages.bench_function("validate", |b| {
        b.iter(|| validate::validate(&file, &raw).expect("validates"))
    });
    stages.bench_function("emit", |b| b.iter(|| emit::vendor(&vendor, &options)));
    stages.bench_function("format", |b| {
        b.iter(|| format::format(tokens.clone(), "specs/synthetic.yaml").expect("parses"))
    });
    stages.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
