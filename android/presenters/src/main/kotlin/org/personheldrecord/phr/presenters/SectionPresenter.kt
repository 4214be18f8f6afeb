// A section of entries the person writes (About me, About my health): listed by kind,
// edited in forms built from the core's field schema, with each field's character limit
// counted as the person types. The core checks every entry when it is saved; its
// complaint is shown on the field it names.
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.Author
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.EntryBody
import org.personheldrecord.phr.EntryFilter
import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.EntryView
import org.personheldrecord.phr.NewEntryOptions
import org.personheldrecord.phr.Provenance
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.RecordSection
import org.personheldrecord.phr.Viewer
import org.personheldrecord.phr.Visibility

/** Turns entries of some kinds into form values and back. */
interface EntryCodec {
    /** The kinds it can turn a form into. */
    val editableKinds: Set<EntryKind>

    /** The form values of an entry's body. */
    fun values(body: EntryBody): Map<String, String>

    /** The body the form describes; `FormIncomplete` when a choice is missing or a date mistyped. */
    fun body(form: EntryForm): EntryBody
}

/** One entry in a list, as the core summarises it. */
data class EntryLine(
    /** Its id. */
    val id: EntryId,
    /** Its kind. */
    val kind: EntryKind,
    /** The core's one-line summary. */
    val summary: String,
    /** Who may see it, in words. */
    val visibility: String,
    /** Where it came from, in words. */
    val source: String,
) {
    /** What a screen reader says for the row. */
    val spokenLabel: String get() = "$summary. $source. Seen by: $visibility"
}

/** The entry lines of views, in the order written. */
internal fun lines(views: List<EntryView>): List<EntryLine> = views.map {
    val source = when (val p = it.entry.meta.provenance) {
        is Provenance.SelfEntered -> "Added by you"
        is Provenance.Imported -> "From ${p.system}"
        is Provenance.Device -> "From your device"
    }
    EntryLine(it.entry.meta.id, it.kind, it.summary, Words.visibility(it.entry.meta.visibility), source)
}

/** One kind of entry with the entries written. */
data class KindGroup(
    /** Which kind. */
    val kind: EntryKind,
    /** Its name. */
    val title: String,
    /** The entries of that kind. */
    val entries: List<EntryLine>,
    /** Whether the person can add and change entries of this kind here. */
    val editable: Boolean,
)

/** What a section screen shows. */
data class SectionState(
    /** The section's title. */
    val title: String,
    /** What the section is for, in one sentence. */
    val purpose: String,
    /** Each kind of the section, with its entries. */
    val groups: List<KindGroup> = emptyList(),
    /** The form being filled in, if any. */
    val form: EntryForm? = null,
    /** The core's sentence for what went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            if (form == null) "$title: $purpose" else "${if (form.editing == null) "Adding" else "Changing"}: ${Words.entryKind(form.kind)}",
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = form?.let { f ->
            f.fields.map { Control("field-${it.path}", it.spokenLabel) } +
                Visibility.entries.map { Control("visibility-${it.name.lowercase()}", "Who can see it: ${Words.visibility(it)}${if (it == f.visibility) ", chosen" else ""}", f.editing == null) } +
                listOf(Control("save", "Save"), Control("cancel", "Cancel without saving"))
        } ?: groups.flatMap { g ->
            g.entries.flatMap { e ->
                listOfNotNull(
                    Control("edit-${e.id}", "Change ${g.title}: ${e.spokenLabel}", g.editable),
                    Control("privacy-${e.id}", "Who can see ${e.summary}: ${e.visibility}"),
                    if (g.kind == EntryKind.APPOINTMENT) Control("questions-${e.id}", "Questions to ask at ${e.summary}") else null,
                )
            } + Control("add-${g.kind.name.lowercase()}", "Add: ${g.title}", g.editable)
        }
}

/** A section screen's presenter. */
open class SectionPresenter(
    session: RecordSession,
    private val section: RecordSection,
    private val kinds: List<EntryKind>,
    private val codec: EntryCodec,
    purpose: String,
) : Presenter<SectionState>(session, SectionState(Words.section(section), purpose), ChangeArea.ENTRIES) {
    override suspend fun load(): SectionState {
        val views = session.call { it.entryViews(EntryFilter(section = section), Viewer.PERSON) }
        val byKind = lines(views).groupBy { it.kind }
        val groups = kinds.map { KindGroup(it, Words.entryKind(it), byKind[it].orEmpty(), it in codec.editableKinds) }
        // A form being filled in stays as it is.
        return current.copy(groups = groups)
    }

    override fun withProblem(state: SectionState, problem: String?) = state.copy(problem = problem)

    /** Opens an empty form for a new entry of `kind`. */
    fun add(kind: EntryKind) {
        require(kind in codec.editableKinds) { "$kind is not written on this screen" }
        show(current.copy(form = EntryForm(kind, null, FormBuilder.fields(kind, emptyMap())), problem = null))
    }

    /** Opens the form for the entry `id` with what it says now. */
    suspend fun edit(id: EntryId) {
        attempt {
            val entry = session.call { it.entry(id, Viewer.PERSON) }
            val view = session.call { it.entryView(entry) }
            val values = codec.values(entry.body)
            show(
                current.copy(
                    form = EntryForm(view.kind, id, FormBuilder.fields(view.kind, values), entry.meta.visibility),
                    problem = null,
                ),
            )
        }
    }

    /** The person typed or chose `value` for the field at `path`. */
    fun change(path: String, value: String) {
        val form = current.form ?: return
        show(current.copy(form = form.with(path, value)))
    }

    /** Who may see the new entry. */
    fun choose(visibility: Visibility) {
        val form = current.form ?: return
        show(current.copy(form = form.copy(visibility = visibility)))
    }

    /** Closes the form without saving. */
    fun cancel() {
        show(current.copy(form = null, problem = null))
    }

    /** Saves the form; returns true when the core took it, else the form shows why not. */
    suspend fun save(): Boolean {
        val form = current.form ?: return false
        return try {
            val body = codec.body(form)
            session.call { record ->
                if (form.editing == null) {
                    record.addEntry(body, NewEntryOptions(form.visibility, Provenance.SelfEntered, Author.Person))
                } else {
                    record.updateEntry(form.editing, body, Author.Person)
                }
            }
            show(current.copy(form = null, problem = null))
            refresh()
            true
        } catch (e: FormIncomplete) {
            show(current.copy(form = form.withError(e.path, e.reason) ?: form, problem = sentence("${e.label(form)}: ${e.reason}")))
            false
        } catch (e: RecordException.Invalid) {
            val marked = form.withError(e.field, e.reason)
            val label = marked?.fields?.firstOrNull { it.error != null }?.label
            show(current.copy(form = marked ?: form, problem = sentence(listOfNotNull(label, e.reason).joinToString(": "))))
            false
        } catch (e: RecordException) {
            show(current.copy(problem = e.sentence()))
            false
        }
    }

    private fun FormIncomplete.label(form: EntryForm): String =
        form.fields.firstOrNull { it.path == path }?.label ?: path
}

/** About me: the person's own words. */
class AboutMePresenter(session: RecordSession) : SectionPresenter(
    session, RecordSection.ABOUT_ME, aboutMeKinds, AboutMeCodec,
    "what you want the people who help you to know about you.",
)
