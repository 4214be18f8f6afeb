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
import phr.harness.PhrTestEnv
import uniffi.phr_ffi.EntryBody
import uniffi.phr_ffi.EntryFilter
import uniffi.phr_ffi.InternalException
import uniffi.phr_ffi.MyHistory
import uniffi.phr_ffi.NewEntryOptions
import uniffi.phr_ffi.PersonHeldRecord
import uniffi.phr_ffi.Viewer
import uniffi.phr_ffi.Visibility
import uniffi.phr_ffi.coreVersion
import uniffi.phr_ffi.generateDatabaseKey
import uniffi.phr_ffi.testSupportPanic

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
        record.addEntry(EntryBody.MyHistory(MyHistory("Still here.")), NewEntryOptions(Visibility.PRIVATE))
        assertEquals(1, record.entries(EntryFilter(), Viewer.PERSON).size)
        record.closeRecord()
    }
}
