// The unlock screen against the real library, for every way the phone's prompt can end:
// each refusal keeps the record locked and says why in its own plain sentence, and a
// key invalidated with no recovery copy on the phone says to restore from a backup.
package phr.tests.presenters

import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.presenters.*
import java.time.Instant

class UnlockPresenterTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun everyRefusedPromptKeepsTheRecordLockedAndSaysWhyPlainly() = runBlocking {
        val clock = TestClock(Instant.parse("2026-03-08T18:00:00Z"))
        val vault = ScriptedVault()
        val files = FolderFiles(folder.root)
        val unlock = UnlockPresenter(files, vault, Dispatchers.IO) { record ->
            RecordSession(record, clock, Dispatchers.IO, CoroutineScope(SupervisorJob() + Dispatchers.Default))
        }
        unlock.start()
        unlock.create("correct horse battery staple")
        assertTrue(unlock.state.value is UnlockState.Unlocked)
        unlock.lock()

        val refusals = listOf(
            Authorisation.Cancelled, Authorisation.NotRecognised, Authorisation.LockedOut,
            Authorisation.NotSetUp, Authorisation.Unavailable("the fingerprint sensor is busy"),
        )
        val notes = refusals.map { outcome ->
            vault.next(outcome)
            unlock.unlock()
            val locked = unlock.state.value
            assertTrue("$outcome: $locked", locked is UnlockState.Locked)
            val problems = PlainWords.problems(locked)
            assertTrue(problems.joinToString("\n"), problems.isEmpty())
            (locked as UnlockState.Locked).note.orEmpty()
        }
        assertEquals("each refusal says its own thing: $notes", refusals.size, notes.toSet().size)
        assertTrue(notes.all { it.endsWith(".") })

        // Granted: open again with the key kept behind the prompt.
        unlock.unlock()
        assertTrue(unlock.state.value is UnlockState.Unlocked)
        unlock.lock()

        // A new face enrolled and no recovery copy on this phone: only a backup helps.
        File(files.recoveryKeyPath).delete()
        vault.next(Authorisation.KeyInvalidated)
        unlock.unlock()
        val lost = unlock.state.value
        assertTrue("$lost", lost is UnlockState.NeedsRecovery)
        assertFalse((lost as UnlockState.NeedsRecovery).canRecover)
        assertTrue(lost.spokenLabel, lost.spokenLabel.contains("restore it from a backup"))
        assertTrue(lost.controls.isEmpty())
    }
}
