// The emergency summary and messages through the bindings: off until switched on (a
// suspend call), then exactly the Emergency entries as facts, lock-screen text and an
// IPS, with no network; a contact card that is not one is refused in words; a sync with
// nothing to do does nothing.
package phr.tests

import java.io.File
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class EmergencyTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun theSummaryIsOffUntilSwitchedOnAndHoldsOnlyTheEmergencyEntries() = runBlocking<Unit> {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        record.addEntry(EntryBody.Allergy(Allergy("Penicillin", reaction = "Anaphylaxis")), typedIn(Visibility.EMERGENCY))
        record.addEntry(EntryBody.Allergy(Allergy("Latex")), typedIn(Visibility.SHARED))
        record.addEntry(EntryBody.MyHistory(MyHistory("Nobody else may read this.")), typedIn(Visibility.PRIVATE))

        val off = runCatching { record.emergencySummary() }.exceptionOrNull()
        assertTrue(off.toString(), off is RecordException.Conflict)
        assertFalse(record.emergencySummaryEnabled())
        record.setEmergencySummary(true)
        assertTrue(record.emergencySummaryEnabled())

        val summary = record.emergencySummary()
        val allergies = summary.parts.single { it.heading == "Allergies" }
        assertEquals(listOf("Penicillin: Anaphylaxis"), allergies.lines)
        assertTrue(summary.notGiven.contains("Medications"))
        val lock = record.emergencyLockScreenText()
        assertTrue(lock, lock.length <= 600 && lock.contains("Penicillin"))
        val fhir = record.emergencySummaryFhir()
        assertTrue(fhir.contains("Penicillin"))
        assertFalse(fhir.contains("Latex"))
        assertFalse(fhir.contains("Nobody else may read this."))

        val bad = runCatching { record.addMessageContact("phr-contact:bm90IGEgY2FyZA") }.exceptionOrNull()
        assertTrue(bad.toString(), bad is RecordException.Invalid && bad.reason.contains("card"))
        val sync = record.syncMessages()
        assertEquals(MessageSync(0u, 0u, 0u, 0u, 0u, listOf()), sync)
        record.closeRecord()
    }
}
