// The safety text and refusals of the core, as Kotlin sees them: PHQ-9 item 9 answered
// on a half-filled form shows its advice and notifies at once; a glucose that reads like
// the wrong unit is a question; a reading dated next year is refused; a meter whose
// clock is five years fast raises no glucose alert and one clock alert; a rule limit of
// 9999 is refused naming the allowed range, and turning a safety rule off needs
// confirming. tests/swift/Tests/PhrFFITests/SafetyTests.swift asserts the same.
package phr.tests

import java.io.File
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneOffset
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*

class SafetyTest {
    @get:Rule
    val folder = TemporaryFolder()

    private fun newRecord(): PersonHeldRecord =
        PersonHeldRecord.create(File(folder.root, "r.phr").path, generateDatabaseKey())

    private fun phq9(vararg answers: Pair<String, String>) = EntryBody.Module(
        ModuleInstance(
            templateId = "phq-9",
            templateVersion = 1u,
            answers = answers.associate { (q, a) -> q to AnswerValue.Text(a) },
        ),
    )

    @Test
    fun phq9ItemNineShowsItsAdviceOnAPartialFormAndNotifiesAtOnce() {
        val record = newRecord()
        val entry = record.addEntry(phq9("q1" to "several_days"), typedIn(Visibility.PRIVATE))
        val before = record.entryView(entry).module!!
        assertEquals(1u, before.answered)
        assertEquals(9u, before.questions)
        assertNull(before.attention)

        val answered = record.updateEntry(
            entry.meta.id,
            phq9("q1" to "several_days", "q9" to "several_days"),
            Author.Person,
        )
        val view = record.entryView(answered).module!!
        assertNull("no score on a half-filled form", view.score)
        assertTrue(view.attention!!, view.attention!!.contains("Samaritans on 116 123"))

        val due = record.dueNotifications(Instant.now().plusSeconds(1))
        assertEquals(1, due.size)
        assertEquals(Category.ALERT, due[0].category)
        assertTrue(due[0].advice.contains("116 123"))
        assertEquals(listOf(entry.meta.id), due[0].entries)
        record.closeRecord()
    }

    @Test
    fun aGlucoseThatReadsLikeMgPerDlIsAQuestionAndOneInTheFutureIsRefused() {
        val record = newRecord()
        val question = assertThrows(RecordException.GlucoseUnitQuestion::class.java) {
            record.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "54"))
        }
        assertEquals(5.4, question.ifMmolPerL, 1e-9)
        assertTrue(question.message(), question.message().contains("did you mean 5.4 mmol/L, or 54 mg/dL?"))
        val asMg = record.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "54 mg/dL"))
        assertEquals("3 mmol/L", asMg.text)

        val nextYear = OffsetDateTime.now(ZoneOffset.UTC).plusYears(1).toString()
        val future = assertThrows(RecordException.Invalid::class.java) {
            record.addTypedReading(typed(ReadingKind.BLOOD_GLUCOSE, "2.2", nextYear))
        }
        assertEquals("taken_at", future.field)
        assertTrue(future.message(), future.message().contains("is in the future"))
        assertEquals(1uL, record.readingCount(null, Viewer.PERSON))
        // 54 mg/dL (3 mmol/L) is low: its alert is the only one; the refused reading has none.
        val due = record.dueNotifications(Instant.now().plusSeconds(1))
        assertEquals(listOf(listOf(asMg.reading.id)), due.map { it.readings })
        record.closeRecord()
    }

    @Test
    fun aMeterWhoseClockIsFiveYearsFastRaisesNoGlucoseAlertAndOneClockAlert() = runBlocking<Unit> {
        val record = newRecord()
        val report = record.syncSimulated(
            SimulatedDevice.glucoseMeter(500u, listOf("wrong-clock", "lo-hi"), Instant.now()),
            SyncSettings(Visibility.PRIVATE, utcOffsetMinutes = 0),
            null,
        )
        assertEquals(500u, report.added)
        assertEquals(500u, report.timeUntrusted)
        val alerts = record.inbox(Instant.now().plusSeconds(1), false)
        assertEquals(listOf("device.clock"), alerts.map { it.ruleId })
        val offers = record.clockCorrections()
        assertEquals(1, offers.size)
        assertTrue(offers[0].text, offers[0].text.contains("4 years 364 days"))
        val latest = record.overview(java.time.LocalDate.now(), Viewer.PERSON).single()
        assertNull("an untrusted reading never counts as the latest", latest.latest)
        assertEquals(500uL, latest.timeUntrusted)
        record.closeRecord()
    }

    @Test
    fun aRuleLimitOutsideTheBodysRangeIsRefusedAndASafetyRuleNeedsConfirmingToTurnOff() {
        val record = newRecord()
        val range = assertThrows(RecordException.Invalid::class.java) {
            record.changeRule("glucose.low", listOf(RuleSetting("bands.0.when.0.value", "9999")), Author.Person, false)
        }
        assertTrue(range.reason, range.reason.contains("1 to 30 mmol/L"))
        assertThrows(RecordException.NeedsConfirmation::class.java) {
            record.changeRule("glucose.low", listOf(RuleSetting("enabled", "false")), Author.Person, false)
        }
        record.changeRule("glucose.low", listOf(RuleSetting("enabled", "false")), Author.Person, true)
        val view = record.ruleViews().single { it.stored.rule.id == "glucose.low" }
        assertTrue(view.safety)
        assertEquals(Author.Person, view.offBy)
        assertTrue(view.offSince != null)
        record.closeRecord()
    }
}
