//! The relay suite on PostgreSQL (`PHR_TEST_POSTGRES_URL`; `scripts/test-relay.sh` starts
//! a server and sets it). Without it every case prints that it was skipped.

mod common;
#[macro_use]
mod suite;

relay_suite!(common::Backend::postgres());

/// Two relay instances started at once on one database (both run the schema step),
/// then 50 wrong guesses split between them: the lockout count is shared exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_one_database_and_one_exact_lockout() {
    let Some(backend) = common::Backend::postgres().await else {
        return;
    };
    let (one, two) = tokio::join!(backend.start(), backend.start());
    let link = one
        .create_link(serde_json::json!({
            "files": [common::fhir_file(200)], "passcode": "right", "maxAttempts": 5,
        }))
        .await;
    let (remaining, not_found) =
        suite::lockout::guess_in_parallel(&[&one, &two], &link.url, 50).await;
    assert_eq!(remaining, [0, 1, 2, 3, 4]);
    assert_eq!(not_found, 45);
    let status = two.status(&link).await;
    assert_eq!(status.json["status"], "locked");
    assert_eq!(one.log(&link).await.len(), 50);
    one.stop().await;
    two.stop().await;
    backend.finish().await;
}
