// The errors a screen acts on, as Kotlin sees them: typed, naming the field, and never
// a raw SQLite message.
package phr.tests

import java.io.File
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import uniffi.phr_ffi.EntryBody
import uniffi.phr_ffi.EntryFilter
import uniffi.phr_ffi.Identity
import uniffi.phr_ffi.NewEntry
import uniffi.phr_ffi.NewEntryOptions
import uniffi.phr_ffi.NewReading
import uniffi.phr_ffi.PersonHeldRecord
import uniffi.phr_ffi.ReadingSource
import uniffi.phr_ffi.ReadingValue
import uniffi.phr_ffi.RecordException
import uniffi.phr_ffi.ThingsToKnow
import uniffi.phr_ffi.Viewer
import uniffi.phr_ffi.Visibility
import uniffi.phr_ffi.generateDatabaseKey

class RecordErrorsTest {
    @get:Rule
    val folder = TemporaryFolder()

    private val private = NewEntryOptions(Visibility.PRIVATE)

    @Test
    fun aWrongKeyIsWrongKeyAndLeavesTheFileByteIdentical() {
        val path = File(folder.root, "record.phr")
        PersonHeldRecord.create(path.path, generateDatabaseKey()).closeRecord()
        val bytes = path.readBytes()
        assertThrows(RecordException.WrongKey::class.java) {
            PersonHeldRecord.open(path.path, generateDatabaseKey())
        }
        assertArrayEquals(bytes, path.readBytes())
    }

    @Test
    fun aKeyThatIsNot32BytesNamesTheKey() {
        val e = assertThrows(RecordException.Invalid::class.java) {
            PersonHeldRecord.create(File(folder.root, "r.phr").path, ByteArray(16))
        }
        assertEquals("key", e.field)
    }

    @Test
    fun validationErrorsNameTheField() {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        val nhs = assertThrows(RecordException.Invalid::class.java) {
            record.addEntry(EntryBody.Identity(Identity(name = "Ann", nhsNumber = "943 476 5918")), private)
        }
        assertEquals("nhs_number", nhs.field)
        assertTrue(nhs.reason.contains("check digit"))

        val date = assertThrows(RecordException.Invalid::class.java) {
            record.addEntry(EntryBody.Identity(Identity(name = "Ann", dateOfBirth = "02/04/1968")), private)
        }
        assertEquals("date_of_birth", date.field)

        val batch = assertThrows(RecordException.Invalid::class.java) {
            record.addEntries(
                listOf(
                    NewEntry(EntryBody.Identity(Identity(name = "Ann")), private),
                    NewEntry(EntryBody.ThingsToKnow(ThingsToKnow(listOf("fine", " "))), private),
                ),
            )
        }
        assertEquals("entries[1].items[1]", batch.field)
        assertEquals(0, record.entries(EntryFilter(), Viewer.PERSON).size)

        val reading = assertThrows(RecordException.Invalid::class.java) {
            record.addReadings(
                listOf(
                    NewReading(ReadingValue.BloodGlucose(5.4), "2026-03-08T08:00:00Z", ReadingSource.Manual, Visibility.PRIVATE),
                    NewReading(ReadingValue.BloodGlucose(540.0), "2026-03-08T09:00:00Z", ReadingSource.Manual, Visibility.PRIVATE),
                ),
            )
        }
        assertEquals("readings[1].mmol_per_l", reading.field)
        record.closeRecord()
    }

    @Test
    fun anUnknownIdIsNotFoundAndAClosedRecordIsClosed() {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        assertThrows(RecordException.NotFound::class.java) {
            record.entry("6f1c1b9e-58a8-4d52-9a8a-0c2f3d1e2a10", Viewer.PERSON)
        }
        assertThrows(RecordException.NotFound::class.java) { record.reading(42) }
        record.closeRecord()
        record.closeRecord()
        assertTrue(record.isClosed())
        assertThrows(RecordException.Closed::class.java) { record.entries(EntryFilter(), Viewer.PERSON) }
    }
}
