//! A carer who follows several people: each person shares with the same carer through
//! the same relay, each grant has its own link, label, expiry and access log, and a
//! property test checks that no entry of one person ever appears behind the other's
//! link (nor a private entry behind either), and that each person's log shows only the
//! carer's views of their own link.

mod common;

use common::relay::Relay;
use phr_core::api::{ExportScope, NewEntryOptions, NewShare, RecipientKind, Record};
use phr_core::keys::DatabaseKey;
use phr_core::model::{Allergy, EntryBody, Visibility};
use phr_core::relay_client::fetch_manifest_files;
use phr_core::share::{ShlPayload, decrypt};
use proptest::prelude::*;

const CARER: &str = "Jo Bloggs (carer)";

fn visibility() -> impl Strategy<Value = Visibility> {
    prop_oneof![
        Just(Visibility::Private),
        Just(Visibility::Shared),
        Just(Visibility::Emergency)
    ]
}

/// A person's record with one allergy per visibility given, each named by a token that
/// says whose it is and what it may be seen by.
fn person(
    dir: &std::path::Path,
    who: &str,
    entries: &[Visibility],
) -> (Record, Vec<(String, Visibility)>) {
    let mut record =
        Record::create(dir.join(format!("{who}.db")), &DatabaseKey::generate()).expect("record");
    let mut tokens = Vec::new();
    for (i, v) in entries.iter().enumerate() {
        let token = format!("{who}-token-{i}-{v:?}");
        record
            .add_entry(
                EntryBody::Allergy(Allergy {
                    substance: token.clone(),
                    reaction: None,
                    severity: None,
                    code: None,
                    notes: None,
                }),
                NewEntryOptions {
                    visibility: *v,
                    ..Default::default()
                },
            )
            .expect("entry");
        tokens.push((token, *v));
    }
    (record, tokens)
}

/// What the carer gets behind a link, decrypted, as text.
fn follow(link: &str) -> String {
    let payload = ShlPayload::from_link(link).expect("link");
    fetch_manifest_files(&payload.url, CARER, None, payload.flags.direct)
        .expect("fetch")
        .iter()
        .map(|f| {
            let d = decrypt(&payload.key, &f.jwe, 16 << 20).expect("decrypt");
            String::from_utf8(d.plaintext.to_vec()).expect("utf-8")
        })
        .collect()
}

fn share_with_carer(record: &mut Record, relay: &str, days: u32) -> phr_core::api::Share {
    record
        .create_share(NewShare {
            to: CARER.into(),
            kind: RecipientKind::Carer,
            scope: ExportScope::everything(),
            passcode: None,
            days: Some(days),
            long_term: false,
            relay_url: relay.into(),
            include_private: false,
        })
        .expect("share")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn a_carers_two_grants_never_leak_one_persons_entry_to_the_others_link(
        a_entries in proptest::collection::vec(visibility(), 1..6),
        b_entries in proptest::collection::vec(visibility(), 1..6),
        a_days in 1u32..365,
        b_days in 1u32..365,
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let relay = Relay::sqlite(dir.path());
        let (mut a, a_tokens) = person(dir.path(), "alex", &a_entries);
        let (mut b, b_tokens) = person(dir.path(), "bea", &b_entries);
        let a_share = share_with_carer(&mut a, &relay.url, a_days);
        let b_share = share_with_carer(&mut b, &relay.url, b_days);
        prop_assert_ne!(&a_share.link, &b_share.link);
        // Each grant keeps its own expiry.
        for (share, days) in [(&a_share, a_days), (&b_share, b_days)] {
            let until = share.expires_at.expect("an end date");
            prop_assert_eq!((until - share.created_at).num_days(), i64::from(days));
        }

        let seen_a = follow(&a_share.link);
        let seen_b = follow(&b_share.link);
        for (seen, own, other) in [(&seen_a, &a_tokens, &b_tokens), (&seen_b, &b_tokens, &a_tokens)] {
            for (token, v) in own {
                let there = seen.contains(token.as_str());
                prop_assert_eq!(there, *v != Visibility::Private, "{} behind its own link: {}", token, there);
            }
            for (token, _) in other {
                prop_assert!(!seen.contains(token.as_str()), "{} leaked to the other person's link", token);
            }
        }
        // Each person's log holds the carer's one view of their own link, nothing else.
        for (record, share) in [(&mut a, &a_share), (&mut b, &b_share)] {
            let views = record.share_views(None).expect("views");
            prop_assert_eq!(views.len(), 1);
            prop_assert_eq!(&views[0].share_id, &share.id);
            prop_assert_eq!(&views[0].recipient, CARER);
        }
    }
}
