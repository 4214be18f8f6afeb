// The shell's KeyStore (Android Keystore behind biometrics in the app; a map here),
// implemented in Kotlin and called by the core's one key lifecycle.
package phr.tests

import java.io.File
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class KeyStoreTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun aRecordIsCreatedAndOpenedWithTheKeyTheShellKeeps() {
        val path = File(folder.root, "r.phr").path
        val keys = MemoryKeyStore()
        PersonHeldRecord.createWithKeyStore(path, "me", keys).closeRecord()
        val key = keys.stored("me")!!
        PersonHeldRecord.openWithKeyStore(path, "me", keys).closeRecord()
        assertTrue(keys.loads >= 2)
        // The key opens the record directly too: it is the record's key.
        PersonHeldRecord.open(path, key).closeRecord()
    }

    @Test
    fun aLockedStoreIsKeyUnavailableAndAnEmptyOneNoKey() {
        val path = File(folder.root, "r.phr").path
        val keys = MemoryKeyStore()
        PersonHeldRecord.createWithKeyStore(path, "me", keys).closeRecord()
        keys.locked = true
        val e = assertThrows(RecordException.KeyUnavailable::class.java) {
            PersonHeldRecord.openWithKeyStore(path, "me", keys)
        }
        assertTrue(e.message(), e.message().contains("cancelled the biometric prompt"))
        assertThrows(RecordException.NoKey::class.java) {
            PersonHeldRecord.openWithKeyStore(path, "someone-else", MemoryKeyStore())
        }
    }

    @Test
    fun aStoredKeyIsNeverReplacedAndAFailedCreationForgetsItsNewKey() {
        val keys = MemoryKeyStore()
        val first = File(folder.root, "a.phr").path
        PersonHeldRecord.createWithKeyStore(first, "me", keys).closeRecord()
        val key = keys.stored("me")!!
        // A second creation under the same id keeps the stored key (it may open a record).
        PersonHeldRecord.createWithKeyStore(File(folder.root, "b.phr").path, "me", keys).closeRecord()
        assertArrayEquals(key, keys.stored("me"))
        PersonHeldRecord.open(first, key).closeRecord()
        // A record that cannot be made (one is there) leaves no new key behind.
        assertThrows(RecordException.AlreadyExists::class.java) {
            PersonHeldRecord.createWithKeyStore(first, "other", keys)
        }
        assertNull(keys.stored("other"))
    }

    @Test
    fun aKeyFileWrapsTheKeyWithAPassphrase() {
        val path = File(folder.root, "record.key").path
        val key = generateDatabaseKey()
        createKeyFile(path, "a long enough passphrase", key)
        assertArrayEquals(key, unlockKeyFile(path, "a long enough passphrase"))
        assertThrows(RecordException.WrongPassphrase::class.java) { unlockKeyFile(path, "not the passphrase") }
        val short = assertThrows(RecordException.PassphraseTooShort::class.java) {
            createKeyFile(File(folder.root, "other.key").path, "short", key)
        }
        assertEquals(8u, short.minChars)
    }
}
