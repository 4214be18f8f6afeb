// The key store a new record is created with: the vault behind biometrics, plus a
// recovery copy of the key wrapped with the person's passphrase by the core
// (`createKeyFile`: Argon2id and AES-256-GCM), so a new fingerprint or face, which
// invalidates the vault's key, never locks the person out of their own record.
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.KeyException
import org.personheldrecord.phr.KeyStore
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.createKeyFile

/**
 * `vault` with a recovery copy: the copy is written first, so a passphrase the core
 * refuses (too short) stops the creation before the vault keeps anything;
 * `recoveryProblem` then holds the core's error, whose sentence the screen shows.
 */
class RecoveringKeyStore(
    private val vault: KeyStore,
    private val files: RecordFiles,
    private val passphrase: String,
) : KeyStore {
    /** Why the recovery copy could not be made, when it could not. */
    @Volatile
    var recoveryProblem: RecordException? = null
        private set

    /** A key the vault kept from a creation that did not finish is used again (the core's rule): it gets its recovery copy now. */
    override fun load(recordId: String): ByteArray? {
        val key = vault.load(recordId) ?: return null
        if (!files.recoveryKeyExists()) writeRecoveryCopy(key)
        return key
    }

    override fun save(recordId: String, key: ByteArray) {
        writeRecoveryCopy(key)
        try {
            vault.save(recordId, key)
        } catch (e: KeyException) {
            files.removeRecoveryKey()
            throw e
        }
    }

    private fun writeRecoveryCopy(key: ByteArray) {
        try {
            createKeyFile(files.recoveryKeyPath, passphrase, key.copyOf())
        } catch (e: RecordException) {
            recoveryProblem = e
            throw KeyException.Failed(e.sentence())
        }
    }

    override fun delete(recordId: String) {
        files.removeRecoveryKey()
        vault.delete(recordId)
    }
}
