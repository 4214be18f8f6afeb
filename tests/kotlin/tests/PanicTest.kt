// Panics never cross the FFI: uniffi catches them and Kotlin gets a catchable
// InternalException, after which the library, and the same record, still work.
package phr.tests

import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*
import phr.harness.PhrTestEnv

class PanicTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun aPanicIsACatchableErrorAndTheLibraryStillWorks() {
        val e = assertThrows(InternalException::class.java) { testSupportPanic("boom from Kotlin") }
        assertTrue(e.message.orEmpty().contains("boom from Kotlin"))
        assertEquals(PhrTestEnv.expectedVersion, coreVersion())
    }

    @Test
    fun aPanicWhileARecordIsLockedLeavesTheRecordUsable() {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        assertThrows(InternalException::class.java) { record.testSupportPanicWhileLocked("boom") }
        record.addEntry(EntryBody.MyHistory(MyHistory("Still here.")), typedIn(Visibility.PRIVATE))
        assertEquals(1, record.entries(EntryFilter(), Viewer.PERSON).size)
        record.closeRecord()
    }
}
