//! The relay suite, run unchanged on SQLite (`tests/sqlite.rs`) and on PostgreSQL
//! (`tests/postgres.rs`). Each case takes a [`Backend`](crate::common::Backend).

pub mod auth;
pub mod limits;
pub mod links;
pub mod lockout;
pub mod mailboxes;
pub mod shl;

/// Expands to one `#[tokio::test]` per case, each on a fresh backend from `$make`
/// (an async expression giving `Option<Backend>`; `None` skips).
macro_rules! relay_suite {
    ($make:expr) => {
        relay_suite!(@cases $make;
            auth::owner_calls_need_the_links_own_token,
            auth::mailbox_calls_need_the_right_token,
            links::creates_refreshes_and_revokes_a_link_at_the_same_url,
            links::bad_uploads_are_refused_in_plain_words,
            links::ids_and_tokens_are_43_characters_of_base64url,
            links::health_and_viewer_are_served,
            shl::revocation_kills_the_manifest_and_every_location_at_once,
            shl::an_expired_link_answers_404_and_reports_expired,
            shl::a_location_lives_at_most_one_hour,
            shl::files_are_embedded_only_within_embedded_length_max,
            shl::a_direct_link_serves_its_single_file_by_get,
            shl::a_manifest_request_must_say_who_is_asking,
            shl::the_access_log_names_who_looked_and_how_it_ended,
            lockout::passcode_lockout_is_exact_under_parallel_guesses,
            lockout::a_correct_passcode_does_not_reset_the_count,
            limits::manifest_requests_are_limited_per_link_with_retry_after,
            limits::manifest_requests_are_limited_per_address,
            limits::link_creation_is_limited_per_address,
            limits::messages_are_limited_per_sender_and_per_recipient,
            mailboxes::a_message_round_trip_gives_delivered_then_read_receipts,
            mailboxes::messages_page_by_seq_and_unknown_recipients_are_404,
        );
    };
    (@cases $make:expr; $($module:ident :: $name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(backend) = $make.await else { return };
                suite::$module::$name(&backend).await;
                backend.finish().await;
            }
        )*
    };
}
