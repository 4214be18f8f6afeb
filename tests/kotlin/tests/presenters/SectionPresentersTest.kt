// About my health and appointments: a medicine added and stopped ("I have stopped
// taking this"), an NHS number the core refuses, an appointment with its questions.
package phr.tests.presenters

import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.personheldrecord.phr.*
import org.personheldrecord.phr.presenters.*

class SectionPresentersTest {
    @get:Rule
    val folder = TemporaryFolder()

    @Test
    fun aMedicineIsAddedAndStoppedAndAWrongNhsNumberIsRefusedOnItsField() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val health = HealthPresenter(f.session)
            health.refresh()
            assertFalse("results come from laboratories", health.state.value.groups.first { it.kind == EntryKind.TEST_RESULT }.editable)
            health.add(EntryKind.MEDICATION)
            health.change("name", "Metformin 500 mg tablets")
            health.change("reason", "Type 2 diabetes")
            assertTrue(health.save())
            val medicine = health.state.value.groups.first { it.kind == EntryKind.MEDICATION }.entries.single()
            assertEquals("Added by you", medicine.source)
            health.stopTaking(medicine.id, "made me feel sick")
            val entry = f.session.call { it.entry(medicine.id, Viewer.PERSON) }
            val status = (entry.body as EntryBody.Medication).v1.status as MedicationStatus.StoppedByMe
            assertEquals(f.clock.today(), status.on)
            assertEquals("made me feel sick", status.reason)

            health.add(EntryKind.IDENTITY)
            health.change("name", "Alex Morgan")
            health.change("nhs_number", "943 476 5918")
            assertFalse(health.save())
            val refused = health.state.value
            assertTrue(refused.problem!!, refused.problem!!.isNotBlank())
            assertTrue(refused.form != null)
            health.change("nhs_number", "943 476 5919")
            assertTrue(health.save())
        }
    }

    @Test
    fun anAppointmentIsAddedAndItsQuestionsAskedAndRemoved() = runBlocking {
        ScreenFixture(folder.root).use { f ->
            val appointments = AppointmentsPresenter(f.session)
            appointments.refresh()
            appointments.add(EntryKind.APPOINTMENT)
            appointments.change("title", "Diabetes review")
            appointments.change("start", "2026-03-20T09:30:00+00:00")
            appointments.change("reminder_minutes_before[0]", "1440")
            assertTrue(appointments.save())
            val line = appointments.state.value.groups.single().entries.single()
            val questions = QuestionsPresenter(f.session, line.id)
            questions.refresh()
            questions.type("Can I reduce my metformin?")
            questions.add()
            questions.type("Should I see the foot clinic?")
            questions.add()
            var s = questions.state.value
            assertEquals(2, s.questions.size)
            assertTrue(s.spokenLabel, s.spokenLabel.contains("2 questions to ask"))
            questions.markAsked(s.questions[0].id, true)
            questions.remove(s.questions[1].id)
            s = questions.state.value
            assertEquals(listOf(true), s.questions.map { it.asked })
            assertTrue(s.spokenLabel, s.spokenLabel.contains("Every question has been asked"))
        }
    }
}
