// The shell's KeyStore (Android Keystore behind biometrics in the app; a map here),
// implemented in Kotlin and called by the core.
package phr.tests

import java.io.File
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import uniffi.phr_ffi.KeyException
import uniffi.phr_ffi.PersonHeldRecord
import uniffi.phr_ffi.RecordException
import uniffi.phr_ffi.createKeyFile
import uniffi.phr_ffi.generateDatabaseKey
import uniffi.phr_ffi.unlockKeyFile

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
        assertTrue(e.reason.contains("cancelled the biometric prompt"))
        assertThrows(RecordException.NoKey::class.java) {
            PersonHeldRecord.openWithKeyStore(path, "someone-else", MemoryKeyStore())
        }
    }

    @Test
    fun aStoredKeyIsNeverReplaced() {
        val keys = MemoryKeyStore()
        PersonHeldRecord.createWithKeyStore(File(folder.root, "a.phr").path, "me", keys).closeRecord()
        val first = keys.stored("me")!!
        assertThrows(RecordException.AlreadyExists::class.java) {
            PersonHeldRecord.createWithKeyStore(File(folder.root, "b.phr").path, "me", keys)
        }
        assertArrayEquals(first, keys.stored("me"))
        assertTrue(!File(folder.root, "b.phr").exists())
    }

    @Test
    fun aKeyFileWrapsTheKeyWithAPassphrase() {
        val path = File(folder.root, "record.key").path
        val key = generateDatabaseKey()
        createKeyFile(path, "a long enough passphrase", key)
        assertArrayEquals(key, unlockKeyFile(path, "a long enough passphrase"))
        assertThrows(KeyException.WrongPassphrase::class.java) { unlockKeyFile(path, "not the passphrase") }
        val short = assertThrows(KeyException.PassphraseTooShort::class.java) {
            createKeyFile(File(folder.root, "other.key").path, "short", key)
        }
        assertEquals(8u, short.minChars)
    }
}
