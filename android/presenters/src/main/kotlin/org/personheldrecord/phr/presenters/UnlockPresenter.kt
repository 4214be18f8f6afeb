// The unlock screen. The first run creates the record, with its key kept by the key
// vault behind biometrics and a recovery copy wrapped with a passphrase the person
// chooses; later runs unlock it. A cancelled prompt, a face or fingerprint not
// recognised, and a key invalidated by a new enrolment are each said plainly; after an
// invalidation the recovery passphrase opens the record and the key is kept again.
package org.personheldrecord.phr.presenters

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.withContext
import org.personheldrecord.phr.PersonHeldRecord
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.saveWarningMessage
import org.personheldrecord.phr.unlockKeyFile

/** What the unlock screen shows. */
sealed interface UnlockState : Spoken {
    /** Looking for the record. */
    data object Checking : UnlockState {
        override val spokenLabel = "Looking for your record"
        override val controls = emptyList<Control>()
    }

    /** No record yet: the first run. */
    data class Welcome(val problem: String? = null) : UnlockState {
        override val spokenLabel = listOfNotNull(
            "Welcome. Your health record is kept on this phone and locked with your fingerprint, face or screen lock.",
            "Choose a recovery passphrase you will remember: you need it if the fingerprints or faces on this phone change.",
            problem,
        ).joinToString(" ")
        override val controls = listOf(
            Control("recovery-passphrase", "Recovery passphrase"),
            Control("create", "Create my record"),
        )
    }

    /** A record is here, locked. */
    data class Locked(val note: String? = null) : UnlockState {
        override val spokenLabel = listOfNotNull("Your record is locked.", note).joinToString(" ")
        override val controls = listOf(Control("unlock", "Unlock my record"))
    }

    /** Creating or unlocking. */
    data class Working(val what: String) : UnlockState {
        override val spokenLabel = what
        override val controls = emptyList<Control>()
    }

    /** The key was invalidated: the recovery passphrase opens the record. */
    data class NeedsRecovery(val problem: String? = null, val canRecover: Boolean = true) : UnlockState {
        override val spokenLabel = listOfNotNull(
            "A fingerprint or face was added to or removed from this phone, so for your safety the old unlock no longer opens your record. Your record is safe.",
            if (canRecover) "Type your recovery passphrase to open it." else "This phone has no recovery passphrase for it: restore it from a backup.",
            problem,
        ).joinToString(" ")
        override val controls = if (canRecover) {
            listOf(Control("recovery-passphrase", "Recovery passphrase"), Control("recover", "Open with my passphrase"))
        } else {
            emptyList()
        }
    }

    /** Open. */
    data class Unlocked(val session: RecordSession, val warning: String? = null) : UnlockState {
        override val spokenLabel = listOfNotNull("Your record is open.", warning).joinToString(" ")
        override val controls = listOf(Control("lock", "Lock my record"))
    }
}

/** The unlock screen's presenter; `openSession` makes the screens' session for an open record. */
class UnlockPresenter(
    private val files: RecordFiles,
    private val vault: KeyVault,
    private val io: CoroutineDispatcher,
    private val openSession: (PersonHeldRecord) -> RecordSession,
) {
    private val mutable = MutableStateFlow<UnlockState>(UnlockState.Checking)

    /** What the screen shows now. */
    val state: StateFlow<UnlockState> = mutable.asStateFlow()

    /** Looks for the record: the first run welcomes, later runs show it locked. */
    suspend fun start() {
        mutable.value = withContext(io) {
            if (files.recordExists()) UnlockState.Locked() else UnlockState.Welcome()
        }
    }

    /** First run: makes the record, its key in the vault and a recovery copy under `passphrase`. */
    suspend fun create(passphrase: String) {
        mutable.value = UnlockState.Working("Creating your record")
        val refused = explain(vault.authorise(files.recordId, KeyPurpose.CREATE))
        if (refused != null) {
            mutable.value = UnlockState.Welcome(refused)
            return
        }
        // A recovery copy without a record is left by a creation that did not finish.
        withContext(io) { if (!files.recordExists() && files.recoveryKeyExists()) files.removeRecoveryKey() }
        val keys = RecoveringKeyStore(vault.keyStore, files, passphrase)
        mutable.value = try {
            val record = withContext(io) {
                PersonHeldRecord.createWithKeyStore(files.recordPath, files.recordId, keys)
            }
            UnlockState.Unlocked(openSession(record))
        } catch (e: RecordException) {
            UnlockState.Welcome(keys.recoveryProblem?.sentence() ?: e.sentence())
        }
    }

    /** Later runs: asks for fingerprint, face or screen lock, then opens the record. */
    suspend fun unlock() {
        mutable.value = UnlockState.Working("Unlocking your record")
        val outcome = vault.authorise(files.recordId, KeyPurpose.OPEN)
        if (outcome == Authorisation.KeyInvalidated) {
            mutable.value = UnlockState.NeedsRecovery(canRecover = withContext(io) { files.recoveryKeyExists() })
            return
        }
        val refused = explain(outcome)
        if (refused != null) {
            mutable.value = UnlockState.Locked(refused)
            return
        }
        mutable.value = try {
            val record = withContext(io) {
                PersonHeldRecord.openWithKeyStore(files.recordPath, files.recordId, vault.keyStore)
            }
            UnlockState.Unlocked(openSession(record))
        } catch (e: RecordException.NoKey) {
            UnlockState.NeedsRecovery(canRecover = withContext(io) { files.recoveryKeyExists() })
        } catch (e: RecordException) {
            UnlockState.Locked(e.sentence())
        }
    }

    /** After an invalidated key: opens the record with the recovery passphrase and keeps its key in the vault again. */
    suspend fun recover(passphrase: String) {
        mutable.value = UnlockState.Working("Opening your record with your passphrase")
        var key: ByteArray? = null
        try {
            val record = try {
                withContext(io) {
                    val unwrapped = unlockKeyFile(files.recoveryKeyPath, passphrase)
                    key = unwrapped
                    PersonHeldRecord.open(files.recordPath, unwrapped.copyOf())
                }
            } catch (e: RecordException) {
                mutable.value = UnlockState.NeedsRecovery(e.sentence())
                return
            }
            // The record is open; keep its key behind the phone's new fingerprints or faces.
            val refused = explain(vault.authorise(files.recordId, KeyPurpose.CREATE))
            val note = when {
                refused != null -> "$refused You will need your passphrase next time."
                else -> try {
                    withContext(io) { vault.keyStore.save(files.recordId, checkNotNull(key).copyOf()) }
                    null
                } catch (e: Exception) {
                    "Unlocking with your fingerprint or face could not be set up again: you will need your passphrase next time."
                }
            }
            mutable.value = UnlockState.Unlocked(openSession(record), note)
        } finally {
            key?.fill(0)
        }
    }

    /** Locks the record: closes it, and the screens stop. */
    suspend fun lock() {
        val open = mutable.value as? UnlockState.Unlocked ?: return
        val warning = try {
            open.session.close().warning?.let(::saveWarningMessage)
        } catch (e: RecordException) {
            e.sentence()
        }
        mutable.value = UnlockState.Locked(warning)
    }

    /** The sentence for an authorisation that did not go through; null when granted. */
    private fun explain(outcome: Authorisation): String? = when (outcome) {
        Authorisation.Granted -> null
        Authorisation.Cancelled -> "Unlocking was cancelled. Your record stays locked until you try again."
        Authorisation.NotRecognised -> "Your fingerprint or face was not recognised. Try again, or use your screen lock."
        Authorisation.LockedOut -> "There were too many tries. Use your screen lock, or wait a little and try again."
        Authorisation.KeyInvalidated -> "A fingerprint or face was added to or removed from this phone, so the old unlock no longer works."
        Authorisation.NotSetUp -> "This phone has no screen lock. Set up a PIN, pattern, fingerprint or face in the phone's settings first: your record is locked with it."
        is Authorisation.Unavailable -> "The phone could not check it is you: ${outcome.reason}."
    }
}
