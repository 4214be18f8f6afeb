// FHIR through the bindings, as suspend calls: a GP record imports once (a second
// import adds nothing), and the shared summary holds no private entry.
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

class FhirTest {
    @get:Rule
    val folder = TemporaryFolder()

    private val gpRecord = """
        {"resourceType": "Bundle", "type": "collection", "entry": [
          {"resource": {"resourceType": "AllergyIntolerance", "id": "a1",
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "764146007", "display": "Penicillin"}]},
            "patient": {"reference": "Patient/p1"}}},
          {"resource": {"resourceType": "Encounter", "id": "e1", "status": "finished",
            "class": {"code": "AMB"}}}
        ]}
    """.trimIndent().toByteArray()

    @Test
    fun aGpRecordImportsOnceAndTheSharedSummaryHoldsNothingPrivate() = runBlocking<Unit> {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        val options = ImportOptions(defaultVisibility = Visibility.SHARED, dryRun = false, fileName = "gp-record.json")
        val report = record.importFhir(gpRecord, options)
        assertEquals(listOf(ImportOutcome.ADDED, ImportOutcome.NOT_MAPPED), report.items.map { it.outcome })
        assertTrue(report.items[1].reason!!.isNotEmpty())
        val again = record.importFhir(gpRecord, options)
        assertTrue(again.items.none { it.outcome == ImportOutcome.ADDED || it.outcome == ImportOutcome.UPDATED })

        record.addEntry(EntryBody.MyHistory(MyHistory("Nobody else may read this.")), typedIn(Visibility.PRIVATE))
        val summary = record.exportIps(Viewer.SHARED, exportEverything())
        assertTrue(summary.contains("\"resourceType\":\"Bundle\""))
        assertTrue(summary.contains("Penicillin"))
        assertFalse(summary.contains("Nobody else may read this."))

        val bad = runCatching { record.importFhir("{\"resourceType\": 5}".toByteArray(), options) }
        val error = bad.exceptionOrNull() as RecordException.Invalid
        assertTrue(error.field, error.field.startsWith("gp-record.json"))
        record.closeRecord()
    }
}
