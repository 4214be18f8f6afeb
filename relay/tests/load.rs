//! The load test (not part of the default run): 1,000 concurrent manifest requests
//! spread over two relay instances sharing one PostgreSQL database. Checks that nothing
//! is lost (every request answered and logged once) and that passcode lockouts stay
//! exact, and prints p50/p99 latency. Run it with a server from
//! `scripts/setup-postgres.sh`:
//!
//! ```sh
//! PHR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:55432/postgres \
//!     cargo test -p phr-relay --release --test load -- --ignored --nocapture
//! ```

mod common;

use std::time::{Duration, Instant};

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use common::{Backend, CreatedLink, RECIPIENT, TestRelay, fhir_file};

const REQUESTS: usize = 1000;
const OPEN_LINKS: usize = 10;
const PASSCODE_LINKS: usize = 10;
/// Of the requests, this many are wrong guesses at the passcode links.
const GUESSES: usize = 200;
const MAX_ATTEMPTS: i64 = 5;

enum Kind {
    Open(usize),
    Guess(usize),
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a load test: run it on purpose (see the file's header)"]
async fn a_thousand_concurrent_manifest_fetches_over_two_instances() {
    let backend = Backend::postgres()
        .await
        .expect("the load test needs PHR_TEST_POSTGRES_URL (scripts/setup-postgres.sh)");
    let (one, two) = tokio::join!(backend.start(), backend.start());
    let relays: [&TestRelay; 2] = [&one, &two];

    let mut open: Vec<CreatedLink> = Vec::new();
    for _ in 0..OPEN_LINKS {
        open.push(
            one.create_link(json!({ "files": [fhir_file(20_000)] }))
                .await,
        );
    }
    let mut locked: Vec<CreatedLink> = Vec::new();
    for _ in 0..PASSCODE_LINKS {
        let body = json!({ "files": [fhir_file(20_000)], "passcode": "right", "maxAttempts": MAX_ATTEMPTS });
        locked.push(two.create_link(body).await);
    }

    // Interleave the guesses among the fetches, and alternate the instances.
    let kinds: Vec<Kind> = (0..REQUESTS)
        .map(|i| {
            if i % (REQUESTS / GUESSES) == 0 {
                Kind::Guess((i / (REQUESTS / GUESSES)) % PASSCODE_LINKS)
            } else {
                Kind::Open(i % OPEN_LINKS)
            }
        })
        .collect();
    let started = Instant::now();
    let requests = kinds.iter().enumerate().map(|(i, kind)| {
        let relay = relays[i % 2];
        let (link, body) = match kind {
            Kind::Open(n) => (
                &open[*n],
                json!({ "recipient": RECIPIENT, "embeddedLengthMax": 1_000_000 }),
            ),
            Kind::Guess(n) => (
                &locked[*n],
                json!({ "recipient": RECIPIENT, "passcode": format!("guess-{i}") }),
            ),
        };
        let url = link
            .url
            .replacen(&one.base, &relay.base, 1)
            .replacen(&two.base, &relay.base, 1);
        async move {
            let t = Instant::now();
            let r = relay.post(&url, body, None).await;
            (r, t.elapsed())
        }
    });
    let replies = join_all(requests).await;
    let wall = started.elapsed();

    let mut latencies: Vec<Duration> = replies.iter().map(|(_, d)| *d).collect();
    latencies.sort_unstable();
    let mut ok = 0;
    let mut wrong = [0usize; PASSCODE_LINKS];
    let mut refused = [0usize; PASSCODE_LINKS];
    for ((r, _), kind) in replies.iter().zip(&kinds) {
        match kind {
            Kind::Open(_) => {
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                assert!(
                    r.json["files"][0]["embedded"].is_string(),
                    "the file came back"
                );
                ok += 1;
            }
            Kind::Guess(n) => match r.status {
                StatusCode::UNAUTHORIZED => wrong[*n] += 1,
                StatusCode::NOT_FOUND => refused[*n] += 1,
                other => panic!("unexpected {other}: {}", r.text),
            },
        }
    }
    let per_link = GUESSES / PASSCODE_LINKS;
    assert_eq!(ok, REQUESTS - GUESSES, "every fetch answered");
    for n in 0..PASSCODE_LINKS {
        assert_eq!(
            wrong[n] as i64, MAX_ATTEMPTS,
            "link {n}: exactly maxAttempts 401s"
        );
        assert_eq!(refused[n], per_link - MAX_ATTEMPTS as usize);
        assert_eq!(two.status(&locked[n]).await.json["status"], "locked");
    }
    // Nothing lost: every request is in its link's log exactly once.
    let mut logged = 0;
    for link in open.iter().chain(&locked) {
        logged += one.log(link).await.len();
    }
    assert_eq!(logged, REQUESTS);

    println!(
        "load: {REQUESTS} concurrent manifest requests over 2 instances in {:.2} s \
         ({:.0} requests/s); latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        wall.as_secs_f64(),
        REQUESTS as f64 / wall.as_secs_f64(),
        percentile(&latencies, 50.0).as_secs_f64() * 1000.0,
        percentile(&latencies, 99.0).as_secs_f64() * 1000.0,
        latencies[latencies.len() - 1].as_secs_f64() * 1000.0,
    );
    one.stop().await;
    two.stop().await;
    backend.finish().await;
}
