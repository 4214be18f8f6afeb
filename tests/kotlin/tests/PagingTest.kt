// Paging: 10,000 readings read a page at a time, newest first, none twice or missed,
// while new ones arrive; entries page the same way.
package phr.tests

import java.io.File
import java.time.OffsetDateTime
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class PagingTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun tenThousandReadingsPageNewestFirstWithNoneTwiceOrMissed() {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        val start = OffsetDateTime.parse("2025-01-01T00:00:00Z")
        // A phone's step counter, one reading every five minutes, written by another app.
        val readings = (0 until 10_000).map { i ->
            NewReading(
                value = ReadingValue.HeartRate(60.0 + i % 40),
                takenAt = start.plusMinutes(5L * i),
                source = ReadingSource.App("com.example.watch"),
                clientRecordId = "hr-$i",
                clientRecordVersion = 1,
                context = ReadingContext(),
                visibility = Visibility.SHARED,
            )
        }
        assertEquals(10_000u, record.addReadings(readings).added)
        assertEquals("a re-sync adds nothing", 0u, record.addReadings(readings.take(100)).added)

        val seen = mutableListOf<Reading>()
        var cursor: ReadingsCursor? = null
        var pages = 0
        do {
            val page = record.readingsPage(
                ReadingsPageRequest(kind = ReadingKind.HEART_RATE, limit = 1_000u, cursor = cursor),
                Viewer.SHARED,
            )
            seen += page.readings
            cursor = page.next
            pages++
            if (pages == 3) {
                // A reading arriving mid-way is newer than the cursor: it does not shift pages.
                record.addTypedReading(typed(ReadingKind.HEART_RATE, "72"))
            }
        } while (cursor != null)
        assertEquals(10, pages)
        assertEquals(10_000, seen.size)
        assertEquals(10_000, seen.map { it.id }.toSet().size)
        val times = seen.map { it.reading.takenAt.toInstant() }
        assertEquals(times.sortedDescending(), times)
        assertTrue(seen.all { it.reading.source == ReadingSource.App("com.example.watch") })
        record.closeRecord()
    }

    @Test
    fun entriesPageInTheOrderTheyWereWritten() {
        val record = PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())
        val names = (1..25).map { "Friend $it" }
        record.addEntries(
            names.map { NewEntry(EntryBody.PersonInMyLife(PersonInMyLife(it, Relationship.FRIEND)), typedIn(Visibility.PRIVATE)) },
        )
        val seen = mutableListOf<String>()
        var cursor: EntriesCursor? = null
        do {
            val page = record.entriesPage(EntryFilter(), Viewer.PERSON, 10u, cursor)
            seen += page.entries.map { (it.body as EntryBody.PersonInMyLife).v1.name }
            cursor = page.next
        } while (cursor != null)
        assertEquals(names, seen)
        record.closeRecord()
    }
}
