//! The figures of issue 14 in one run: every cost of the readings path at 10k, 100k and
//! 1M readings against its baseline (same schema, same batches, same build, plain
//! SQLite), interleaved, medians of several rounds; and the figures beside it. Prints
//! one `ROW` line per figure (tab-separated), which `scripts/bench.sh` turns into the
//! table in BENCHMARKS.md.
//!
//! Environment: `PHR_BENCH_SIZES` (default `10000,100000,1000000`), `PHR_BENCH_ROUNDS`
//! (rounds for the ingest at 1M, default 3; smaller sizes and reads get more).
//! `figures peak-sync N` measures the peak memory of a sync of N readings alone.

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

mod baseline;
mod data;
#[path = "../../tests/fhir_support/mod.rs"]
mod fhir_support;
mod ingest;
mod measure;
mod other;
mod reads;

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "peak-sync") {
        let n = args
            .get(i + 1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(1_000_000);
        other::peak_sync(n);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "profile") {
        let what = args.get(i + 1).cloned().unwrap_or_default();
        let n = args
            .get(i + 2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(100_000);
        reads::profile(&what, n);
        return;
    }
    // `cargo bench -- --list` and friends: nothing to list.
    if args.iter().any(|a| a == "--list") {
        return;
    }
    // The record's page cryptography (store/open.rs registers it on the first open), for
    // the naive SQLCipher loop too, whichever runs first.
    phr_sqlcipher_provider::register().expect("the SQLCipher provider registers");
    let sizes = env_list("PHR_BENCH_SIZES", "10000,100000,1000000");
    let rounds_1m = env_list("PHR_BENCH_ROUNDS", "3")
        .first()
        .copied()
        .unwrap_or(3)
        .max(1);
    other::decode(3);
    other::ips(None, "-", 5);
    for n in sizes {
        let size = measure::size_text(n);
        let ingest_rounds = if n >= 1_000_000 {
            rounds_1m
        } else {
            rounds_1m + 2
        };
        let readings = data::cgm(n);
        let stored = ingest::run(&readings, ingest_rounds);
        drop(readings);
        reads::run(&stored, n, &size, 21);
        other::fhir(Some(&stored), &size, 3);
    }
}
