//! [`OsKeyringStore`]: the desktop [`KeyStore`], on keyring-core with the platform's
//! credential store. One entry per record: service [`SERVICE`], user = the record id,
//! secret = the 32 key bytes.
//!
//! | platform | store | lasts |
//! |---|---|---|
//! | Linux | kernel keyutils (default) | until reboot, or a few idle days after logout |
//! | Linux | Secret Service (GNOME Keyring, KWallet) | until deleted |
//! | macOS | login Keychain | until deleted |
//! | Android, iOS | none here: the shells keep the key in the Keystore / Keychain behind biometrics and implement [`KeyStore`] through the bindings | |
//!
//! The kernel keyring lives in memory: treat it as a cache and keep a durable copy of
//! the key elsewhere (a [`PassphraseKeyFile`](super::PassphraseKeyFile), or the Secret
//! Service). [`OsKeyringStore::survives_reboot`] says which kind a store is. On Android
//! and iOS keyring's default mode does nothing useful, which is why the shells supply
//! the key themselves there.

use super::{DatabaseKey, KeyError, KeyStore};
use keyring_core::api::CredentialPersistence;
use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use rand::RngCore;
use std::fmt;
use std::sync::Arc;
use zeroize::Zeroizing;

/// The keyring service name under which every record's key is stored.
pub const SERVICE: &str = "person-held-record";

/// Which operating-system credential store to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OsKeyringKind {
    /// The Linux kernel key retention service (keyutils): always present on Linux, even
    /// headless, but kept in memory only.
    KernelKeyutils,
    /// The freedesktop Secret Service over D-Bus (GNOME Keyring, KWallet): on disk, but
    /// needs a desktop session.
    SecretService,
    /// The macOS login Keychain.
    AppleKeychain,
}

impl OsKeyringKind {
    /// The store this platform uses unless told otherwise: the kernel keyring on Linux,
    /// the Keychain on macOS, none elsewhere.
    pub fn platform_default() -> Option<Self> {
        if cfg!(target_os = "linux") {
            Some(Self::KernelKeyutils)
        } else if cfg!(target_os = "macos") {
            Some(Self::AppleKeychain)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::KernelKeyutils => "the kernel keyring",
            Self::SecretService => "the Secret Service",
            Self::AppleKeychain => "the macOS Keychain",
        }
    }
}

impl fmt::Display for OsKeyringKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A [`KeyStore`] backed by the operating system's keyring.
pub struct OsKeyringStore {
    store: Arc<CredentialStore>,
    service: String,
    name: String,
}

impl OsKeyringStore {
    /// The platform's default keyring, checked by storing, reading back and deleting a
    /// throw-away secret. [`KeyError::Unavailable`] says why when it cannot be used.
    pub fn probe() -> Result<Self, KeyError> {
        let kind = OsKeyringKind::platform_default().ok_or_else(|| KeyError::Unavailable {
            reason: "this platform has no keyring this app can use".into(),
        })?;
        Self::probe_kind(kind)
    }

    /// A given keyring, checked as in [`Self::probe`].
    pub fn probe_kind(kind: OsKeyringKind) -> Result<Self, KeyError> {
        let store = Self::open(kind)?;
        store.check()?;
        Ok(store)
    }

    /// A given keyring, without checking that it works.
    pub fn open(kind: OsKeyringKind) -> Result<Self, KeyError> {
        let store = platform_store(kind)?;
        Ok(Self {
            store,
            service: SERVICE.to_owned(),
            name: kind.name().to_owned(),
        })
    }

    /// Any keyring-core store, such as `keyring_core::mock::Store` in tests.
    pub fn with_store(store: Arc<CredentialStore>) -> Self {
        Self {
            store,
            service: SERVICE.to_owned(),
            name: "the keyring".to_owned(),
        }
    }

    /// The same keyring under another service name (tests keep clear of real keys).
    pub fn with_service(mut self, service: &str) -> Self {
        self.service = service.to_owned();
        self
    }

    /// Stores, reads back and deletes a random throw-away secret. Any failure is
    /// [`KeyError::Unavailable`] with the keyring's reason.
    pub fn check(&self) -> Result<(), KeyError> {
        let mut id = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut id);
        let probe_user = format!("probe-{:016x}", u64::from_le_bytes(id));
        let probe_key = DatabaseKey::generate();
        let result = self.save(&probe_user, &probe_key).and_then(|()| {
            let back = self.load(&probe_user);
            let deleted = self.delete(&probe_user);
            match back? {
                Some(k) if k == probe_key => deleted,
                _ => Err(KeyError::Platform {
                    reason: "a test secret did not read back as stored".into(),
                }),
            }
        });
        result.map_err(|e| match e {
            KeyError::Unavailable { .. } => e,
            other => KeyError::Unavailable {
                reason: one_line(&format!("{} does not work here ({other})", self.name)),
            },
        })
    }

    /// Whether keys stored here are still there after a reboot. `false` for the kernel
    /// keyring: keep a durable copy, such as a passphrase key file, as well.
    pub fn survives_reboot(&self) -> bool {
        matches!(self.store.persistence(), CredentialPersistence::UntilDelete)
    }

    /// Who provides the underlying store (keyring-core's vendor string).
    pub fn vendor(&self) -> String {
        self.store.vendor()
    }

    fn entry(&self, record_id: &str) -> Result<Entry, KeyError> {
        Entry::new_in_store(&self.store, &self.service, record_id).map_err(|e| self.error(e))
    }

    fn error(&self, e: KeyringError) -> KeyError {
        let name = &self.name;
        match e {
            KeyringError::NoStorageAccess(inner) => KeyError::Unavailable {
                reason: one_line(&format!("{name} refused access ({inner})")),
            },
            KeyringError::NoDefaultStore => KeyError::Unavailable {
                reason: "no keyring has been set up".into(),
            },
            KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => KeyError::Corrupt {
                reason: format!("the entry in {name} is not a database key"),
            },
            KeyringError::Ambiguous(entries) => KeyError::Platform {
                reason: format!(
                    "{name} holds {} entries for this record; remove the extra ones",
                    entries.len()
                ),
            },
            other => KeyError::Platform {
                reason: one_line(&format!("{name}: {other}")),
            },
        }
    }
}

impl KeyStore for OsKeyringStore {
    fn load(&self, record_id: &str) -> Result<Option<DatabaseKey>, KeyError> {
        match self.entry(record_id)?.get_secret() {
            Ok(secret) => {
                let secret = Zeroizing::new(secret);
                DatabaseKey::from_bytes(&secret)
                    .map(Some)
                    .ok_or_else(|| KeyError::Corrupt {
                        reason: format!(
                            "the entry in {} is {} bytes, not a 32-byte database key",
                            self.name,
                            secret.len()
                        ),
                    })
            }
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    fn save(&self, record_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        self.entry(record_id)?
            .set_secret(key.as_bytes())
            .map_err(|e| self.error(e))
    }

    fn delete(&self, record_id: &str) -> Result<(), KeyError> {
        match self.entry(record_id)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(self.error(e)),
        }
    }
}

impl fmt::Debug for OsKeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OsKeyringStore")
            .field("keyring", &self.name)
            .field("service", &self.service)
            .finish()
    }
}

/// Platform messages can span lines; ours are one line each.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unavailable_here(kind: OsKeyringKind) -> KeyError {
    KeyError::Unavailable {
        reason: format!("{kind} is not available on this platform"),
    }
}

fn platform_store(kind: OsKeyringKind) -> Result<Arc<CredentialStore>, KeyError> {
    let failed = |e: KeyringError| KeyError::Unavailable {
        reason: one_line(&format!("{kind} cannot be reached ({e})")),
    };
    match kind {
        #[cfg(target_os = "linux")]
        OsKeyringKind::KernelKeyutils => {
            let store: Arc<CredentialStore> =
                linux_keyutils_keyring_store::Store::new().map_err(failed)?;
            Ok(store)
        }
        #[cfg(target_os = "linux")]
        OsKeyringKind::SecretService => {
            let store: Arc<CredentialStore> = dbus_secret_service_keyring_store::Store::new()
                .map_err(|e| KeyError::Unavailable {
                    reason: one_line(&format!(
                        "the Secret Service cannot be reached; is a desktop keyring such as \
                         GNOME Keyring running? ({e})"
                    )),
                })?;
            Ok(store)
        }
        #[cfg(target_os = "macos")]
        OsKeyringKind::AppleKeychain => {
            let store: Arc<CredentialStore> =
                apple_native_keyring_store::keychain::Store::new().map_err(failed)?;
            Ok(store)
        }
        other => {
            let _ = failed;
            Err(unavailable_here(other))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyring_core::mock;

    fn mock_store() -> (Arc<CredentialStore>, OsKeyringStore) {
        let store: Arc<CredentialStore> = mock::Store::new().expect("mock store");
        (store.clone(), OsKeyringStore::with_store(store))
    }

    fn fail_next_call(store: &Arc<CredentialStore>, record_id: &str, error: KeyringError) {
        let entry = Entry::new_in_store(store, SERVICE, record_id).expect("entry");
        entry
            .as_any()
            .downcast_ref::<mock::Cred>()
            .expect("a mock credential")
            .set_error(error);
    }

    #[test]
    fn keys_round_trip_through_the_keyring() {
        let (_, keyring) = mock_store();
        assert!(keyring.load("record-1").expect("load").is_none());
        let key = DatabaseKey::generate();
        keyring.save("record-1", &key).expect("save");
        assert_eq!(keyring.load("record-1").expect("load"), Some(key.clone()));
        assert!(keyring.load("record-2").expect("load").is_none());
        keyring.delete("record-1").expect("delete");
        assert!(keyring.load("record-1").expect("load").is_none());
        keyring.delete("record-1").expect("deleting twice is fine");
    }

    #[test]
    fn the_key_is_stored_as_32_raw_bytes_under_our_service() {
        let (store, keyring) = mock_store();
        let key = DatabaseKey::generate();
        keyring.save("r", &key).expect("save");
        let raw = Entry::new_in_store(&store, SERVICE, "r")
            .expect("entry")
            .get_secret()
            .expect("secret");
        assert_eq!(raw.as_slice(), key.as_bytes());
    }

    #[test]
    fn an_entry_that_is_not_a_key_is_corrupt() {
        let (store, keyring) = mock_store();
        Entry::new_in_store(&store, SERVICE, "r")
            .expect("entry")
            .set_secret(b"hunter2")
            .expect("set");
        let err = keyring.load("r").expect_err("not a key");
        assert!(matches!(err, KeyError::Corrupt { .. }), "{err}");
        assert!(err.to_string().contains("7 bytes"), "{err}");
    }

    #[test]
    fn refused_access_is_unavailable_and_other_failures_are_platform_errors() {
        let (store, keyring) = mock_store();
        fail_next_call(
            &store,
            "r",
            KeyringError::NoStorageAccess("the keyring is locked\nby policy".into()),
        );
        let err = keyring.load("r").expect_err("locked");
        assert!(matches!(err, KeyError::Unavailable { .. }), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");

        fail_next_call(&store, "r", KeyringError::PlatformFailure("boom".into()));
        let err = keyring
            .save("r", &DatabaseKey::generate())
            .expect_err("fails");
        assert!(matches!(err, KeyError::Platform { .. }), "{err}");

        fail_next_call(&store, "r", KeyringError::BadDataFormat(vec![], "x".into()));
        assert!(matches!(keyring.delete("r"), Err(KeyError::Corrupt { .. })));
    }

    #[test]
    fn check_passes_on_a_working_keyring_and_leaves_nothing_behind() {
        let (store, keyring) = mock_store();
        keyring.check().expect("mock keyring works");
        let left = Entry::search_in_store(&store, &Default::default()).expect("search");
        for entry in left {
            assert!(matches!(entry.get_secret(), Err(KeyringError::NoEntry)));
        }
    }

    #[test]
    fn service_name_can_be_changed_for_tests() {
        let (store, keyring) = mock_store();
        let keyring = keyring.with_service("phr-test");
        keyring.save("r", &DatabaseKey::generate()).expect("save");
        let ours = Entry::new_in_store(&store, SERVICE, "r").expect("entry");
        assert!(matches!(ours.get_secret(), Err(KeyringError::NoEntry)));
    }

    #[test]
    fn a_mock_keyring_does_not_survive_a_reboot() {
        let (_, keyring) = mock_store();
        assert!(!keyring.survives_reboot());
        assert!(keyring.vendor().contains("Mock"));
    }

    #[test]
    fn debug_shows_no_secrets() {
        let (_, keyring) = mock_store();
        assert_eq!(
            format!("{keyring:?}"),
            "OsKeyringStore { keyring: \"the keyring\", service: \"person-held-record\" }"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn secret_service_either_opens_or_says_why_not() {
        // Most CI machines have no D-Bus session; either outcome is fine, a panic or an
        // unclear error is not.
        match OsKeyringStore::open(OsKeyringKind::SecretService) {
            Ok(store) => assert!(store.survives_reboot()),
            Err(e) => {
                assert!(matches!(e, KeyError::Unavailable { .. }), "{e}");
                assert!(e.to_string().contains("Secret Service"), "{e}");
                assert!(!e.to_string().contains('\n'), "{e}");
                eprintln!("{e}");
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_kernel_keyring_is_the_linux_default_and_does_not_survive_a_reboot() {
        assert_eq!(
            OsKeyringKind::platform_default(),
            Some(OsKeyringKind::KernelKeyutils)
        );
        let store = OsKeyringStore::open(OsKeyringKind::KernelKeyutils).expect("open");
        assert!(!store.survives_reboot());
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn the_keychain_is_unavailable_off_macos() {
        let err = OsKeyringStore::open(OsKeyringKind::AppleKeychain).expect_err("no keychain");
        assert_eq!(
            err.to_string(),
            "no system keyring is available: the macOS Keychain is not available on this platform"
        );
    }
}
