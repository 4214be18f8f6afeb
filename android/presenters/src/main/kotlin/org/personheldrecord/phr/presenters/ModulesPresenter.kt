// Optional modules: plans and questionnaires the person switches on (a care plan,
// advance wishes, a hospital passport, PHQ-9, GAD-7 ...), fills in a question at a
// time, and sees how far they are, the score once complete and, the moment an answer
// needs it, the core's attention advice (PHQ-9 item 9 shows it on a half-filled form).
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.AnswerValue
import org.personheldrecord.phr.Author
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.EntryBody
import org.personheldrecord.phr.EntryFilter
import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.FieldKind
import org.personheldrecord.phr.ModuleInstance
import org.personheldrecord.phr.ModuleTemplate
import org.personheldrecord.phr.NewEntryOptions
import org.personheldrecord.phr.PersonHeldRecord
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.Provenance
import org.personheldrecord.phr.Viewer
import java.time.LocalDate
import org.personheldrecord.phr.Visibility

/** A module that can be switched on. */
data class ModuleOffer(
    /** The template's id. */
    val templateId: String,
    /** Its title. */
    val title: String,
    /** What it is for. */
    val description: String,
)

/** One question of an open module, with the answer so far. */
data class ModuleQuestion(
    /** The question's id. */
    val id: String,
    /** What it asks. */
    val label: String,
    /** The template's help, if any. */
    val help: String?,
    /** What it takes. */
    val kind: FieldKind,
    /** The answer given, as text: a choice's value, yes or no, a number, a date, words. */
    val answer: String?,
    /** The answer as the person reads it (a choice's label). */
    val answerLabel: String?,
) {
    /** What a screen reader says for it. */
    val spokenLabel: String get() = "$label${help?.let { ". $it" }.orEmpty()}. ${answerLabel?.let { "Answer: $it" } ?: "Not answered yet"}"
}

/** A module the person switched on. */
data class ModuleLine(
    /** Its entry. */
    val id: EntryId,
    /** Its title. */
    val title: String,
    /** How far it is filled in, in words. */
    val progress: String,
    /** The score and its band, once every scored question is answered. */
    val score: String?,
    /** The core's attention advice, shown first whenever present. */
    val attention: String?,
) {
    /** What a screen reader says for it: the advice first. */
    val spokenLabel: String get() = listOfNotNull(attention, title, progress, score).joinToString(". ")
}

/** What the modules screen shows. */
data class ModulesState(
    /** Modules switched on. */
    val modules: List<ModuleLine> = emptyList(),
    /** Modules that can be switched on. */
    val offers: List<ModuleOffer> = emptyList(),
    /** The module open for filling in. */
    val open: ModuleLine? = null,
    /** Its questions. */
    val questions: List<ModuleQuestion> = emptyList(),
    /** The core's sentence for what went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            open?.spokenLabel ?: "Plans and questionnaires. ${modules.size} switched on.",
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = if (open != null) {
            questions.map { Control("question-${it.id}", it.spokenLabel) } + Control("finish", "I have finished") + Control("close", "Close")
        } else {
            modules.map { Control("open-${it.id}", "Open ${it.spokenLabel}") } +
                offers.map { Control("switch-on-${it.templateId}", "Switch on ${it.title}: ${it.description}") }
        }
}

/** The modules screen's presenter. */
class ModulesPresenter(session: RecordSession) : Presenter<ModulesState>(session, ModulesState(), ChangeArea.ENTRIES) {
    private var templates: List<ModuleTemplate> = emptyList()
    private var openId: EntryId? = null

    override suspend fun load(): ModulesState = session.call { r ->
        templates = r.moduleTemplates()
        val views = r.entryViews(EntryFilter(kind = EntryKind.MODULE), Viewer.PERSON)
        val lines = views.mapNotNull { v ->
            val m = v.module ?: return@mapNotNull null
            ModuleLine(
                v.entry.meta.id, m.title,
                "${m.answered} of ${m.questions} questions answered",
                m.score?.let { "Score ${it.total}: ${it.band}" },
                m.attention ?: m.score?.attention,
            )
        }
        val instances = views.associate { it.entry.meta.id to (it.entry.body as? EntryBody.Module)?.v1 }
        val on = instances.values.mapNotNull { it?.templateId }.toSet()
        val open = lines.firstOrNull { it.id == openId }
        val instance = openId?.let { instances[it] }
        current.copy(
            modules = lines,
            offers = templates.filter { it.id !in on }.map { ModuleOffer(it.id, it.title, it.description) },
            open = open,
            questions = instance?.let(::questionsOf).orEmpty(),
        )
    }

    private fun template(instance: ModuleInstance): ModuleTemplate? =
        templates.firstOrNull { it.id == instance.templateId && it.version == instance.templateVersion }

    private fun questionsOf(instance: ModuleInstance): List<ModuleQuestion> {
        val template = template(instance) ?: return emptyList()
        return template.fields.map { f ->
            val answer = instance.answers[f.id]
            val text = when (answer) {
                null -> null
                is AnswerValue.Text -> answer.v1
                is AnswerValue.YesNo -> if (answer.v1) "yes" else "no"
                is AnswerValue.Number -> Times.number(answer.v1)
                is AnswerValue.Date -> answer.v1.toString()
            }
            val label = when (val k = f.kind) {
                is FieldKind.Choice -> k.options.firstOrNull { it.value == text }?.label ?: text
                is FieldKind.YesNo -> text?.replaceFirstChar { it.uppercase() }
                else -> text
            }
            ModuleQuestion(f.id, f.label, f.help, f.kind, text, label)
        }
    }

    override fun withProblem(state: ModulesState, problem: String?) = state.copy(problem = problem)

    /** Switches a module on (private until the person shares it) and opens it. */
    suspend fun switchOn(templateId: String) {
        val template = templates.firstOrNull { it.id == templateId } ?: return
        attempt {
            val entry = session.call {
                it.addEntry(
                    EntryBody.Module(ModuleInstance(template.id, template.version, emptyMap(), null)),
                    NewEntryOptions(Visibility.PRIVATE, Provenance.SelfEntered, Author.Person),
                )
            }
            openId = entry.meta.id
            refresh()
        }
    }

    /** Opens a module switched on before. */
    suspend fun open(id: EntryId) {
        openId = id
        refresh()
    }

    /** Closes the open module. */
    suspend fun close() {
        openId = null
        show(current.copy(open = null, questions = emptyList()))
    }

    /** Answers a question of the open module (a choice's value, "yes"/"no", a number, a date, words); empty clears it. */
    suspend fun answer(questionId: String, text: String) {
        val id = openId ?: return
        val question = current.questions.firstOrNull { it.id == questionId } ?: return
        val value = text.trim()
        val answer = if (value.isEmpty()) null else answerOf(question.kind, value)
        if (value.isNotEmpty() && answer == null) {
            show(current.copy(problem = if (question.kind is FieldKind.Date) "Choose a date." else "Type a number."))
            return
        }
        attempt {
            session.call { r ->
                val instance = moduleOf(r, id)
                val answers = instance.answers.toMutableMap()
                if (answer == null) answers.remove(questionId) else answers[questionId] = answer
                r.updateEntry(id, EntryBody.Module(instance.copy(answers = answers)), Author.Person)
            }
            refresh()
        }
    }

    /** The person says the open module is complete today. */
    suspend fun finish() {
        val id = openId ?: return
        attempt {
            session.call { r ->
                val instance = moduleOf(r, id)
                r.updateEntry(id, EntryBody.Module(instance.copy(completedOn = session.clock.today())), Author.Person)
            }
            refresh()
        }
    }

    /** The module instance of entry `id`; an entry that is no module (it was replaced meanwhile) is an error the screen shows. */
    private fun moduleOf(record: PersonHeldRecord, id: EntryId): ModuleInstance =
        (record.entry(id, Viewer.PERSON).body as? EntryBody.Module)?.v1
            ?: throw RecordException.NotFound("this plan or questionnaire")

    /** The answer for a field of `kind`, or null when the text is no number or date; the core checks it against the template when saved. */
    private fun answerOf(kind: FieldKind, text: String): AnswerValue? = when (kind) {
        is FieldKind.YesNo -> AnswerValue.YesNo(text.equals("yes", ignoreCase = true))
        is FieldKind.Number -> text.toDoubleOrNull()?.takeIf { it.isFinite() }?.let { AnswerValue.Number(it) }
        is FieldKind.Date -> try {
            AnswerValue.Date(LocalDate.parse(text))
        } catch (e: java.time.format.DateTimeParseException) {
            null
        }
        else -> AnswerValue.Text(text)
    }
}
