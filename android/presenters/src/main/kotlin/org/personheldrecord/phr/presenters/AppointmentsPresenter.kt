// Appointments: listed and added like any section, each with the questions the person
// wants to ask there. The reminders before each appointment are the core's rule; the
// app shows them through the alerts inbox and the phone's notifications.
package org.personheldrecord.phr.presenters

import java.time.OffsetDateTime
import java.time.format.DateTimeParseException
import org.personheldrecord.phr.Appointment
import org.personheldrecord.phr.AppointmentStatus
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.EntryBody
import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.Question
import org.personheldrecord.phr.RecordSection
import org.personheldrecord.phr.Viewer

/** Turns appointments into form values and back. */
object AppointmentCodec : EntryCodec {
    override val editableKinds = setOf(EntryKind.APPOINTMENT)

    override fun values(body: EntryBody): Map<String, String> = buildMap {
        val a = (body as? EntryBody.Appointment)?.v1 ?: return@buildMap
        put("title", a.title)
        put("start", a.start.toString())
        a.durationMinutes?.let { put("duration_minutes", it.toString()) }
        a.with?.let { put("with", it) }
        a.location?.let { put("location", it) }
        put("status", a.status.name.lowercase())
        a.reminderMinutesBefore.forEachIndexed { i, m -> put("reminder_minutes_before[$i]", m.toString()) }
        a.notes?.let { put("notes", it) }
    }

    override fun body(form: EntryForm): EntryBody {
        fun optional(path: String) = form.value(path).trim().ifEmpty { null }
        fun minutes(path: String, text: String): UInt = text.toUIntOrNull() ?: throw FormIncomplete(path, "type a number of minutes")
        val start = optional("start")?.let {
            try {
                OffsetDateTime.parse(it)
            } catch (e: DateTimeParseException) {
                throw FormIncomplete("start", "choose the day and time")
            }
        } ?: throw FormIncomplete("start", "choose the day and time")
        return EntryBody.Appointment(
            Appointment(
                title = form.value("title").trim(),
                start = start,
                durationMinutes = optional("duration_minutes")?.let { minutes("duration_minutes", it) },
                with = optional("with"),
                location = optional("location"),
                status = optional("status")?.let { AppointmentStatus.valueOf(it.uppercase()) } ?: AppointmentStatus.BOOKED,
                reminderMinutesBefore = form.items("reminder_minutes_before").map { minutes("reminder_minutes_before", it) },
                notes = optional("notes"),
            ),
        )
    }
}

/** The list of appointments, and the form to add or change one. */
class AppointmentsPresenter(session: RecordSession) : SectionPresenter(
    session, RecordSection.APPOINTMENTS, listOf(EntryKind.APPOINTMENT), AppointmentCodec,
    "appointments you have, with the questions you want to ask.",
)

/** One question for an appointment. */
data class QuestionLine(
    /** Its id. */
    val id: Long,
    /** The question. */
    val text: String,
    /** Whether it was asked. */
    val asked: Boolean,
)

/** What an appointment's screen shows. */
data class QuestionsState(
    /** The core's summary of the appointment. */
    val appointment: String = "",
    /** The questions, in the order written. */
    val questions: List<QuestionLine> = emptyList(),
    /** A question being typed. */
    val typed: String = "",
    /** The core's sentence for what went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            appointment,
            when (val open = questions.count { !it.asked }) {
                0 -> if (questions.isEmpty()) "No questions to ask yet." else "Every question has been asked."
                1 -> "1 question to ask."
                else -> "$open questions to ask."
            },
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = questions.flatMap {
            listOf(
                Control("asked-${it.id}", "${it.text}: ${if (it.asked) "asked" else "not asked yet"}. Mark as ${if (it.asked) "not asked" else "asked"}"),
                Control("remove-${it.id}", "Remove the question ${it.text}"),
            )
        } + listOf(Control("typed", "New question"), Control("add", "Add this question", typed.isNotBlank()))
}

/** One appointment's questions. */
class QuestionsPresenter(
    session: RecordSession,
    private val appointment: EntryId,
) : Presenter<QuestionsState>(session, QuestionsState(), ChangeArea.ENTRIES, ChangeArea.MESSAGES) {
    override suspend fun load(): QuestionsState = session.call { r ->
        val summary = r.entryView(r.entry(appointment, Viewer.PERSON)).summary
        current.copy(appointment = summary, questions = r.questions(appointment).map(::line))
    }

    private fun line(q: Question) = QuestionLine(q.id, q.text, q.askedAt != null)

    override fun withProblem(state: QuestionsState, problem: String?) = state.copy(problem = problem)

    /** The person is typing a question. */
    fun type(text: String) {
        show(current.copy(typed = text, problem = null))
    }

    /** Adds the typed question. */
    suspend fun add() {
        val text = current.typed.trim()
        if (text.isEmpty()) return
        if (attempt { session.call { it.addQuestion(appointment, text) } }) {
            show(current.copy(typed = ""))
            refresh()
        }
    }

    /** Marks a question asked, or not. */
    suspend fun markAsked(id: Long, asked: Boolean) {
        if (attempt { session.call { it.markQuestionAsked(id, asked) } }) refresh()
    }

    /** Removes a question. */
    suspend fun remove(id: Long) {
        if (attempt { session.call { it.removeQuestion(id) } }) refresh()
    }
}
