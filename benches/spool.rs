//! What keeping a delivery and checking its idempotency key cost.
//!
//! - `spool/keep`: `FsSpool::keep` of a verified delivery that does not fit the spec (the
//!   largest documented example of a compiled-in vendor, cut short): three files written,
//!   each `fsync`ed, linked, and the directory `fsync`ed, as a receiver does before answering
//!   2xx. One iteration is one delivery kept: 1 / time is the spool's writes per second on
//!   this machine's disk (run `cargo bench --features spool --bench spool` where the spool
//!   will live: `TMPDIR=/var/spool/... cargo bench ...`).
//! - `spool_8_writers/keep`: eight deliveries kept at once from eight threads (a receiver
//!   under load keeps each on its own blocking thread); throughput counts deliveries;
//! - `once/new_key`: `OncePerKey::claim` of a new key then `Claim::done` (a first delivery),
//!   in a `MemoryKeys` already holding 100 000 keys;
//! - `once/seen_key`: `claim` of a key that is done (a retry, answered 200 without the
//!   handler).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hookspec::once::{MemoryKeys, OncePerKey};
use hookspec::spool::{FsSpool, Spool as _};
use hookspec::verify::Verified;

fn spool(c: &mut Criterion) {
    let (vendor, example) = hookspec::VENDORS
        .iter()
        .flat_map(|vendor| {
            vendor
                .events
                .iter()
                .filter_map(move |info| Some((vendor, info.example?)))
        })
        .max_by_key(|(_, example)| example.len())
        .expect("a compiled-in vendor with a documented example");
    // Cut short: verified, but not JSON any more.
    let body = &example.as_bytes()[..example.len() - 1];
    let Err(unparsed) = vendor.parse_or_keep(Verified::dangerously_skip_verification(body)) else {
        panic!("a cut example parsed");
    };
    let dir = std::env::temp_dir().join(format!("hookspec-bench-spool-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let spool = FsSpool::open(&dir).expect("a spool in the temp directory");

    let mut group = c.benchmark_group("spool");
    group.throughput(Throughput::Elements(1));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function(format!("keep/{}-{}B", vendor.id, body.len()), |b| {
        b.iter(|| black_box(spool.keep(&unparsed).expect("kept")));
    });
    group.finish();

    // Eight deliveries kept at once, as a receiver under load does (each on a blocking
    // thread): the filesystem commits their `fsync`s together.
    let mut group = c.benchmark_group("spool_8_writers");
    group.throughput(Throughput::Elements(8));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function(format!("keep/{}-{}B", vendor.id, body.len()), |b| {
        b.iter(|| {
            std::thread::scope(|scope| {
                for _ in 0..8 {
                    scope.spawn(|| black_box(spool.keep(&unparsed).expect("kept")));
                }
            });
        });
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn once(c: &mut Criterion) {
    let once = OncePerKey::new(MemoryKeys::default());
    for n in 0..100_000 {
        once.claim("gately", &format!("evt_{n:08}"))
            .expect("a new key")
            .done();
    }
    let mut group = c.benchmark_group("once");
    group.throughput(Throughput::Elements(1));
    let mut next = 100_000u64;
    group.bench_function("new_key", |b| {
        b.iter(|| {
            next += 1;
            let key = format!("evt_{next:08}");
            once.claim("gately", black_box(&key))
                .expect("a new key")
                .done();
        });
    });
    group.bench_function("seen_key", |b| {
        b.iter(|| {
            black_box(once.claim("gately", black_box("evt_00000042")).is_err());
        });
    });
    group.finish();
}

criterion_group!(benches, spool, once);
criterion_main!(benches);
