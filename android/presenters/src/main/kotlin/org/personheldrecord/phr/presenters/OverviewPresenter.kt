// The first screen once unlocked: the record by section, what the latest readings and
// their trends are, and how many alerts are open. Every figure and sentence is the
// core's (entry summaries, `overview`, `inbox`); this only groups them.
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.EntryFilter
import org.personheldrecord.phr.ReadingKind
import org.personheldrecord.phr.RecordSection
import org.personheldrecord.phr.Viewer

/** One section of the record as the overview lists it. */
data class SectionSummary(
    /** Which section. */
    val section: RecordSection,
    /** Its title. */
    val title: String,
    /** How many entries it holds. */
    val count: Int,
    /** The core's one-line summaries of its first entries. */
    val lines: List<String>,
) {
    /** What a screen reader says for the section's row. */
    val spokenLabel: String
        get() = when (count) {
            0 -> "$title: nothing added yet"
            1 -> "$title: 1 entry. ${lines.joinToString(". ")}"
            else -> "$title: $count entries. ${lines.joinToString(". ")}"
        }
}

/** One kind of reading as the overview shows it. */
data class ReadingSummary(
    /** Which kind. */
    val kind: ReadingKind,
    /** Its name. */
    val title: String,
    /** The latest reading as the core words it; null when none can be trusted. */
    val latest: String?,
    /** The core's sentence for the last seven days. */
    val week: String,
) {
    /** What a screen reader says for the row. */
    val spokenLabel: String
        get() = listOfNotNull(title, latest?.let { "latest $it" }, "last 7 days: $week").joinToString(", ")
}

/** What the overview shows. */
data class OverviewState(
    /** The four sections, in the record's order. */
    val sections: List<SectionSummary> = emptyList(),
    /** Each kind of reading that has readings. */
    val readings: List<ReadingSummary> = emptyList(),
    /** How many alerts wait in the inbox. */
    val openAlerts: Int = 0,
    /** The core's sentence for what went wrong, if anything did. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            "Your record.",
            when (openAlerts) {
                0 -> "No alerts."
                1 -> "1 alert needs your attention."
                else -> "$openAlerts alerts need your attention."
            },
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = sections.map { Control("section-${it.section.name.lowercase()}", it.spokenLabel) } +
            readings.map { Control("readings-${it.kind.name.lowercase()}", it.spokenLabel) } +
            Control("alerts", if (openAlerts == 0) "Alerts, none" else "Alerts, $openAlerts waiting") +
            Control("devices", "Copy readings from a meter or blood pressure monitor") +
            Control("health-store", "Share readings with your phone's health app") +
            Control("lock", "Lock my record")
}

/** The overview's presenter. */
class OverviewPresenter(session: RecordSession) : Presenter<OverviewState>(
    session,
    OverviewState(),
    ChangeArea.ENTRIES,
    ChangeArea.READINGS,
    ChangeArea.ALERTS,
) {
    override suspend fun load(): OverviewState = session.call { record ->
        val views = record.entryViews(EntryFilter(), Viewer.PERSON)
        val sections = RecordSection.entries.map { section ->
            val inSection = views.filter { it.section == section }
            SectionSummary(section, Words.section(section), inSection.size, inSection.take(3).map { it.summary })
        }
        val readings = record.overview(session.clock.today(), Viewer.PERSON).map {
            ReadingSummary(it.kind, Words.readingKind(it.kind), it.latest?.text, it.week.text)
        }
        val open = session.inbox(session.clock.now(), false).size
        OverviewState(sections, readings, open)
    }

    override fun withProblem(state: OverviewState, problem: String?) = state.copy(problem = problem)
}
