//! Manifest fetches under a steady load (issue 14): 100 clients over loopback, each
//! sending its next manifest request as soon as the last one was answered, for a few
//! seconds, against one relay on SQLite and then on PostgreSQL (when
//! `PHR_TEST_POSTGRES_URL` names a server; `scripts/bench.sh` starts one). Prints one
//! tab-separated `ROW` line per database for `scripts/bench.sh`'s table: fetches per
//! second, and the p50 and p99 latency of one fetch.
//!
//! Not a Criterion harness and not a test: nothing here asserts a time. It does count
//! every reply that is not a manifest with its file, and reports them in the row.
//!
//! ```sh
//! cargo bench -p phr-relay --bench manifests
//! ```
//!
//! Environment: `PHR_BENCH_CLIENTS` (default 100), `PHR_BENCH_SECONDS` (default 5).

#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use common::{Backend, CreatedLink, RECIPIENT, TestRelay, fhir_file};

/// Open links the clients spread their fetches over, each with one file.
const LINKS: usize = 10;
/// The encrypted file each link holds (a 20 KB JWE, a small IPS export).
const FILE_BYTES: usize = 20_000;
/// Load before the measured seconds: connections opened, statements prepared.
const WARM_UP: Duration = Duration::from_secs(1);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// What the clients saw in the measured seconds.
struct Load {
    fetches: usize,
    failures: usize,
    seconds: f64,
    /// Latency of every answered fetch, sorted.
    latencies: Vec<Duration>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `clients` tasks fetching manifests in a loop until `measure` has passed after the
/// warm-up; only the fetches that started and ended inside the measured window count.
async fn steady_load(
    relay: Arc<TestRelay>,
    links: Arc<Vec<CreatedLink>>,
    clients: usize,
    measure: Duration,
) -> Load {
    let start = Instant::now() + WARM_UP;
    let stop = start + measure;
    let mut tasks = Vec::with_capacity(clients);
    for client in 0..clients {
        let relay = relay.clone();
        let links = links.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            let mut n = client;
            loop {
                let began = Instant::now();
                if began >= stop {
                    break;
                }
                let link = &links[n % links.len()];
                n += clients;
                let body = json!({ "recipient": RECIPIENT, "embeddedLengthMax": 1_000_000 });
                let reply = relay.manifest(link, body).await;
                let ended = Instant::now();
                if began < start || ended > stop {
                    continue;
                }
                if reply.status == StatusCode::OK && reply.json["files"][0]["embedded"].is_string()
                {
                    latencies.push(ended - began);
                } else {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (mine, failed) = task.await.expect("a client task");
        latencies.extend(mine);
        failures += failed;
    }
    latencies.sort_unstable();
    Load {
        fetches: latencies.len(),
        failures,
        seconds: measure.as_secs_f64(),
        latencies,
    }
}

async fn measure(name: &str, backend: Backend, clients: usize, seconds: u64) {
    let relay = Arc::new(backend.start().await);
    let mut links = Vec::with_capacity(LINKS);
    for _ in 0..LINKS {
        links.push(
            relay
                .create_link(json!({ "files": [fhir_file(FILE_BYTES)] }))
                .await,
        );
    }
    let load = steady_load(
        relay.clone(),
        Arc::new(links),
        clients,
        Duration::from_secs(seconds),
    )
    .await;
    let per_second = load.fetches as f64 / load.seconds;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let failures = if load.failures == 0 {
        "every reply a manifest with its file".to_owned()
    } else {
        format!(
            "{} replies were not a manifest with its file",
            load.failures
        )
    };
    println!(
        "ROW\trelay manifest fetches/s and p99, {clients} clients, {name}\t-\t{per_second:.0} fetches/s; p50 {:.1} ms, p99 {:.1} ms\t-\t-\treported\t{}",
        ms(percentile(&load.latencies, 50.0)),
        ms(percentile(&load.latencies, 99.0)),
        failures,
    );
    if let Ok(relay) = Arc::try_unwrap(relay) {
        relay.stop().await;
    }
    backend.finish().await;
}

fn main() {
    // `cargo bench -- --list` and friends: nothing to list.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let clients = env_number("PHR_BENCH_CLIENTS", 100) as usize;
    let seconds = env_number("PHR_BENCH_SECONDS", 5);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        measure("SQLite", Backend::sqlite(), clients, seconds).await;
        match Backend::postgres().await {
            Some(backend) => measure("PostgreSQL", backend, clients, seconds).await,
            None => println!(
                "ROW\trelay manifest fetches/s and p99, {clients} clients, PostgreSQL\t-\tnot measured\t-\t-\treported\twaiting: PHR_TEST_POSTGRES_URL was not set (scripts/bench.sh starts a server)"
            ),
        }
    });
}
