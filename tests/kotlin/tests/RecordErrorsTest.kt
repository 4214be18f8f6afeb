// The errors a screen acts on, as Kotlin sees them: typed, naming the field, with the
// sentence for the person in message(), and never a raw SQLite message.
package phr.tests

import java.io.File
import java.time.OffsetDateTime
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class RecordErrorsTest {
    @get:Rule
    val folder = TemporaryFolder()

    private val private = typedIn(Visibility.PRIVATE)

    @Test
    fun aWrongKeyIsWrongKeyAndLeavesTheFileByteIdentical() {
        val path = File(folder.root, "record.phr")
        PersonHeldRecord.create(path.path, generateDatabaseKey()).closeRecord()
        val bytes = path.readBytes()
        val e = assertThrows(RecordException.WrongKey::class.java) {
            PersonHeldRecord.open(path.path, generateDatabaseKey())
        }
        assertEquals("this key does not open the record (nothing was changed)", e.message())
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
        val nhs = assertThrows(RecordException.Invalid::class.java) { parseNhsNumber("943 476 5918") }
        assertTrue(nhs.reason, nhs.reason.contains("check digit"))

        val batch = assertThrows(RecordException.Invalid::class.java) {
            record.addEntries(
                listOf(
                    NewEntry(EntryBody.Identity(Identity("Ann")), private),
                    NewEntry(EntryBody.ThingsToKnow(ThingsToKnow(listOf("fine", " "))), private),
                ),
            )
        }
        assertEquals("entries[1].items[1]", batch.field)
        assertEquals(0, record.entries(EntryFilter(), Viewer.PERSON).size)

        fun glucose(mmol: Double, at: String) = NewReading(
            value = ReadingValue.BloodGlucose(mmol),
            takenAt = OffsetDateTime.parse(at),
            source = ReadingSource.Manual,
            context = ReadingContext(),
            visibility = Visibility.PRIVATE,
        )
        val reading = assertThrows(RecordException.Invalid::class.java) {
            record.addReadings(listOf(glucose(5.4, "2026-03-08T08:00:00Z"), glucose(540.0, "2026-03-08T09:00:00Z")))
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
        assertThrows(RecordException.NotFound::class.java) { record.reading(42, Viewer.PERSON) }
        record.closeRecord()
        record.closeRecord()
        assertTrue(record.isClosed())
        val closed = assertThrows(RecordException.Closed::class.java) { record.entries(EntryFilter(), Viewer.PERSON) }
        assertTrue(closed.message(), closed.message().contains("closed"))
    }
}
