// Readings: manual entry with the unit question as a question, a trend series from the
// core's day summaries, and paging newest first.
package phr.tests.presenters

import java.time.Duration
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*
import org.personheldrecord.phr.presenters.*

class ReadingsPresenterTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun aGlucoseThatCouldBeEitherUnitIsAskedAboutAndTheAnswerIsStored() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val readings = ReadingsPresenter(f.session, ReadingKind.BLOOD_GLUCOSE)
            readings.refresh()
            readings.type("54")
            readings.add()
            val asked = readings.state.value
            val question = asked.question!!
            assertTrue(question.question, question.question.contains("did you mean 5.4 mmol/L, or 54 mg/dL?"))
            assertEquals("5.4 mmol/L", question.asMmolPerL)
            assertEquals("54 mg/dL", question.asMgPerDl)
            assertTrue(asked.controls.any { it.label == "I meant 5.4 mmol/L" })
            assertEquals(0uL, f.session.call { it.readingCount(null, Viewer.PERSON) })
            readings.answer(meantMmolPerL = true)
            val added = readings.state.value
            assertNull(added.question)
            assertEquals("5.4 mmol/L", added.added)
            assertEquals(listOf("5.4 mmol/L"), added.readings.map { it.text })
            assertEquals(1, added.series.size)
            assertEquals(5.4, added.series[0].value, 1e-9)
            assertTrue(added.week, added.week.isNotEmpty())
        }
    }

    @Test
    fun aReadingTheCoreRefusesShowsItsReasonAndAddsNothing() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val readings = ReadingsPresenter(f.session, ReadingKind.BLOOD_PRESSURE)
            readings.type("hello")
            readings.add()
            val refused = readings.state.value
            val problem = refused.problem
            assertNotNull(problem)
            // The core's own sentence, with its full stop, and what to type instead.
            assertEquals("'hello' is not a blood pressure: write it as 135/85.", problem)
            assertTrue(refused.spokenLabel, refused.spokenLabel.endsWith(problem!!))
            assertEquals(0uL, f.session.call { it.readingCount(null, Viewer.PERSON) })
        }
    }

    @Test
    fun readingsArePagedNewestFirst() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val start = f.clock.instant
            for (i in 0 until 7) {
                f.clock.instant = start.plus(Duration.ofMinutes(i.toLong()))
                f.session.call { it.addTypedReading(TypedReading(ReadingKind.HEART_RATE, "${60 + i}", TypedExtras(), null, null, ReadingContext(), null, Visibility.PRIVATE)) }
            }
            val readings = ReadingsPresenter(f.session, ReadingKind.HEART_RATE, pageSize = 3u)
            readings.refresh()
            assertEquals(3, readings.state.value.readings.size)
            assertTrue(readings.state.value.hasMore)
            readings.loadMore()
            readings.loadMore()
            val all = readings.state.value
            assertFalse(all.hasMore)
            assertEquals((66 downTo 60).map { it }, all.readings.map { it.text.takeWhile(Char::isDigit).toInt() })
        }
    }
}
