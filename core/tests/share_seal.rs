//! Sealed messages between a person and a practice: they round-trip, prove their
//! sender, refuse every change, refuse the wrong recipient, and never panic on input.

use phr_core::share::{
    MessageKeyPair, MessagePublicKey, MessageSecretKey, SEAL_VERSION, ShareError, open, seal,
};
use proptest::prelude::*;

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce, Tag};
use hkdf::Hkdf;
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};

const AD: &[u8] = b"relay:conversation-17/message-3";
const HEADER: usize = 1 + 32 + 32 + 12;

fn hex32(text: &str) -> [u8; 32] {
    let bytes: Vec<u8> = (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect();
    bytes.try_into().expect("32 bytes")
}

struct Parties {
    person: MessageKeyPair,
    practice: MessageKeyPair,
}

fn parties() -> Parties {
    Parties {
        person: MessageKeyPair::generate(),
        practice: MessageKeyPair::generate(),
    }
}

#[test]
fn a_message_opens_for_its_recipient_and_names_its_sender() {
    let Parties { person, practice } = parties();
    let message = "My sugars have been above 15 since Tuesday".as_bytes();
    let sealed = seal(person.secret(), &practice.public(), message, AD).expect("seals");
    assert_eq!(sealed.len(), HEADER + message.len() + 16);
    assert_eq!(sealed[0], SEAL_VERSION);
    assert_eq!(&sealed[1..33], person.public().as_bytes());

    let opened = open(practice.secret(), &sealed, AD).expect("opens");
    assert_eq!(opened.plaintext, message);
    assert_eq!(opened.sender_public, person.public());

    // And back again.
    let reply = seal(practice.secret(), &person.public(), b"Please call us", AD).expect("seals");
    let opened = open(person.secret(), &reply, AD).expect("opens");
    assert_eq!(opened.sender_public, practice.public());
}

#[test]
fn the_same_message_seals_differently_every_time() {
    let Parties { person, practice } = parties();
    let a = seal(person.secret(), &practice.public(), b"same", AD).expect("seals");
    let b = seal(person.secret(), &practice.public(), b"same", AD).expect("seals");
    assert_ne!(a[33..65], b[33..65], "a fresh ephemeral key");
    assert_ne!(a, b);
}

#[test]
fn every_changed_byte_is_refused() {
    let Parties { person, practice } = parties();
    let sealed = seal(person.secret(), &practice.public(), b"a short message", AD).expect("seals");
    for at in 0..sealed.len() {
        for bit in [0x01, 0x80] {
            let mut changed = sealed.clone();
            changed[at] ^= bit;
            let error = open(practice.secret(), &changed, AD).expect_err("changed");
            let expected = if at == 0 {
                matches!(error, ShareError::InvalidSealedMessage { .. })
            } else {
                matches!(error, ShareError::OpenFailed)
            };
            assert!(expected, "byte {at}, bit {bit:#x}: {error:?}");
        }
    }
}

#[test]
fn every_truncation_and_extension_is_refused() {
    let Parties { person, practice } = parties();
    let sealed = seal(person.secret(), &practice.public(), b"a short message", AD).expect("seals");
    for length in 0..sealed.len() {
        assert!(
            open(practice.secret(), &sealed[..length], AD).is_err(),
            "{length}"
        );
    }
    let mut longer = sealed.clone();
    longer.push(0);
    assert!(matches!(
        open(practice.secret(), &longer, AD),
        Err(ShareError::OpenFailed)
    ));
}

#[test]
fn other_associated_data_is_refused() {
    let Parties { person, practice } = parties();
    let sealed = seal(person.secret(), &practice.public(), b"hello", AD).expect("seals");
    for other in [
        &b""[..],
        b"relay:conversation-17/message-4",
        &AD[..AD.len() - 1],
    ] {
        assert!(matches!(
            open(practice.secret(), &sealed, other),
            Err(ShareError::OpenFailed)
        ));
    }
}

#[test]
fn only_the_recipient_can_open() {
    let Parties { person, practice } = parties();
    let sealed = seal(person.secret(), &practice.public(), b"hello", AD).expect("seals");
    let stranger = MessageKeyPair::generate();
    for wrong in [stranger.secret(), person.secret()] {
        assert!(matches!(
            open(wrong, &sealed, AD),
            Err(ShareError::OpenFailed)
        ));
    }
}

#[test]
fn a_message_cannot_claim_a_sender_who_did_not_seal_it() {
    let Parties { person, practice } = parties();
    let impostor = MessageKeyPair::generate();
    let mut sealed = seal(
        impostor.secret(),
        &practice.public(),
        b"Stop your insulin",
        AD,
    )
    .expect("seals");
    // The impostor writes the person's public key where the sender's goes.
    sealed[1..33].copy_from_slice(person.public().as_bytes());
    assert!(matches!(
        open(practice.secret(), &sealed, AD),
        Err(ShareError::OpenFailed)
    ));
}

#[test]
fn low_order_keys_are_refused() {
    // RFC 7748 §6.1: a shared secret of all zeros means a low-order point. Two such
    // points: zero, and the point of order 8 whose u-coordinate starts e0eb7a7c.
    let low_order = [
        [0u8; 32],
        hex32("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
    ];
    let Parties { person, practice } = parties();
    for point in low_order {
        let error = seal(
            person.secret(),
            &MessagePublicKey::from_bytes(point),
            b"x",
            AD,
        )
        .expect_err("low order");
        assert!(
            matches!(error, ShareError::InvalidMessageKey { .. }),
            "{error:?}"
        );
        // A message whose ephemeral key is a low-order point does not open.
        let mut sealed = seal(person.secret(), &practice.public(), b"x", AD).expect("seals");
        sealed[33..65].copy_from_slice(&point);
        assert!(matches!(
            open(practice.secret(), &sealed, AD),
            Err(ShareError::OpenFailed)
        ));
    }
}

/// The construction of `docs/sharing.md`, "Message encryption", written out here with
/// the primitives themselves: k = HKDF-SHA256(salt = e_pub || R_pub || S_pub,
/// ikm = DH(e, R) || DH(S, R), info = "phr message v1"); AES-256-GCM with the 77-byte
/// header followed by the associated data as AAD.
fn documented_key(
    e_pub: &[u8; 32],
    r_pub: &[u8; 32],
    s_pub: &[u8; 32],
    dh_e_r: &[u8; 32],
    dh_s_r: &[u8; 32],
) -> [u8; 32] {
    let salt = [&e_pub[..], r_pub, s_pub].concat();
    let ikm = [&dh_e_r[..], dh_s_r].concat();
    let mut key = [0u8; 32];
    Hkdf::<Sha256>::new(Some(&salt), &ikm)
        .expand(b"phr message v1", &mut key)
        .expect("32 bytes");
    key
}

#[test]
fn sealed_messages_follow_the_documented_construction() {
    let person = [3u8; 32];
    let practice = [4u8; 32];
    let (person_secret, practice_secret) =
        (StaticSecret::from(person), StaticSecret::from(practice));
    let (s_pub, r_pub) = (
        PublicKey::from(&person_secret),
        PublicKey::from(&practice_secret),
    );

    // Ours seals; the recipient's side is computed by hand.
    let sealed = seal(
        &MessageSecretKey::from_bytes(person),
        &MessagePublicKey::from_bytes(r_pub.to_bytes()),
        b"by the book",
        AD,
    )
    .expect("seals");
    let e_pub: [u8; 32] = sealed[33..65].try_into().expect("e_pub");
    let key = documented_key(
        &e_pub,
        r_pub.as_bytes(),
        s_pub.as_bytes(),
        practice_secret
            .diffie_hellman(&PublicKey::from(e_pub))
            .as_bytes(),
        practice_secret.diffie_hellman(&s_pub).as_bytes(),
    );
    let (header, body) = sealed.split_at(HEADER);
    let (ciphertext, tag) = body.split_at(body.len() - 16);
    let mut buffer = ciphertext.to_vec();
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key))
        .decrypt_in_place_detached(
            Nonce::from_slice(&header[65..]),
            &[header, AD].concat(),
            &mut buffer,
            Tag::from_slice(tag),
        )
        .expect("the documented key opens it");
    assert_eq!(buffer, b"by the book");

    // A message sealed by hand opens with ours.
    let ephemeral = StaticSecret::from([6u8; 32]);
    let e_pub = PublicKey::from(&ephemeral);
    let key = documented_key(
        e_pub.as_bytes(),
        r_pub.as_bytes(),
        s_pub.as_bytes(),
        ephemeral.diffie_hellman(&r_pub).as_bytes(),
        person_secret.diffie_hellman(&r_pub).as_bytes(),
    );
    let mut header = vec![SEAL_VERSION];
    header.extend_from_slice(s_pub.as_bytes());
    header.extend_from_slice(e_pub.as_bytes());
    header.extend_from_slice(&[8u8; 12]);
    let mut buffer = b"by hand".to_vec();
    let tag = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key))
        .encrypt_in_place_detached(
            Nonce::from_slice(&[8u8; 12]),
            &[&header[..], AD].concat(),
            &mut buffer,
        )
        .expect("encrypts");
    let sealed = [header, buffer, tag.to_vec()].concat();
    let opened = open(&MessageSecretKey::from_bytes(practice), &sealed, AD).expect("opens");
    assert_eq!(opened.plaintext, b"by hand");
    assert_eq!(opened.sender_public.as_bytes(), s_pub.as_bytes());
}

#[test]
fn public_keys_follow_rfc_7748() {
    // RFC 7748 §6.1, Alice's key pair.
    let secret = MessageSecretKey::from_bytes(hex32(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    ));
    assert_eq!(
        secret.public_key().as_bytes(),
        &hex32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    );
}

#[test]
fn keys_survive_being_kept_as_bytes_and_text() {
    let pair = MessageKeyPair::generate();
    let kept = MessageKeyPair::from_secret(MessageSecretKey::from_bytes(*pair.secret().to_bytes()));
    assert_eq!(kept.public(), pair.public());

    let text = pair.public().to_base64url();
    assert_eq!(text.len(), 43);
    assert_eq!(
        MessagePublicKey::from_base64url(&text).expect("reads"),
        pair.public()
    );
    assert_eq!(pair.public().to_string(), text);
    for bad in ["", "AAAA", &text[..42], &format!("{text}A"), "!!!"] {
        assert!(
            matches!(
                MessagePublicKey::from_base64url(bad),
                Err(ShareError::InvalidMessageKey { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn debug_output_never_shows_a_secret() {
    let secret = MessageSecretKey::from_bytes([0xab; 32]);
    assert_eq!(format!("{secret:?}"), "MessageSecretKey(<secret>)");
    let pair = MessageKeyPair::from_secret(secret);
    let debug = format!("{pair:?}");
    assert!(debug.contains(&pair.public().to_base64url()), "{debug}");
    assert!(!debug.contains("171") && !debug.contains("q6ur"), "{debug}");
}

proptest! {
    #[test]
    fn any_bytes_are_opened_without_panicking(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        version_one in any::<bool>(),
    ) {
        let practice = MessageKeyPair::from_secret(MessageSecretKey::from_bytes([5; 32]));
        let mut bytes = bytes;
        if version_one && !bytes.is_empty() {
            bytes[0] = SEAL_VERSION;
        }
        prop_assert!(open(practice.secret(), &bytes, AD).is_err());
    }

    #[test]
    fn any_message_round_trips(
        message in proptest::collection::vec(any::<u8>(), 0..500),
        ad in proptest::collection::vec(any::<u8>(), 0..50),
    ) {
        let person = MessageKeyPair::from_secret(MessageSecretKey::from_bytes([1; 32]));
        let practice = MessageKeyPair::from_secret(MessageSecretKey::from_bytes([2; 32]));
        let sealed = seal(person.secret(), &practice.public(), &message, &ad).expect("seals");
        let opened = open(practice.secret(), &sealed, &ad).expect("opens");
        prop_assert_eq!(opened.plaintext, message);
        prop_assert_eq!(opened.sender_public, person.public());
    }
}
