// Who may see one entry: only the person, the people they share their record with, or
// also anyone treating them in an emergency. The core applies the choice everywhere
// (shared views, emergency summaries, exports).
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.Author
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.Viewer
import org.personheldrecord.phr.Visibility

/** What the privacy screen shows for an entry. */
data class PrivacyState(
    /** The core's summary of the entry. */
    val summary: String = "",
    /** Who may see it now. */
    val visibility: Visibility? = null,
    /** The core's sentence for what went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            "Who can see $summary.",
            visibility?.let { "Now: ${Words.visibility(it)}." },
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = Visibility.entries.map {
            Control("visibility-${it.name.lowercase()}", "${Words.visibility(it)}${if (it == visibility) ", chosen" else ""}")
        }
}

/** The privacy screen's presenter for one entry. */
class PrivacyPresenter(
    session: RecordSession,
    private val entry: EntryId,
) : Presenter<PrivacyState>(session, PrivacyState(), ChangeArea.ENTRIES) {
    override suspend fun load(): PrivacyState = session.call { r ->
        val e = r.entry(entry, Viewer.PERSON)
        PrivacyState(r.entryView(e).summary, e.meta.visibility)
    }

    override fun withProblem(state: PrivacyState, problem: String?) = state.copy(problem = problem)

    /** Changes who may see the entry. */
    suspend fun choose(visibility: Visibility) {
        if (visibility == current.visibility) return
        if (attempt { session.call { it.setVisibility(entry, visibility, Author.Person) } }) refresh()
    }
}
