// Readings of one kind: the trend over days first (home devices are not calibrated, so
// the direction matters more than one value), then the readings newest first, a page at
// a time, and manual entry of what the person typed. A glucose that could be either
// unit is asked about as a question with two answers, never guessed.
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.DailySummary
import org.personheldrecord.phr.ReadingContext
import org.personheldrecord.phr.ReadingKind
import org.personheldrecord.phr.ReadingView
import org.personheldrecord.phr.ReadingsCursor
import org.personheldrecord.phr.ReadingsPage
import org.personheldrecord.phr.ReadingsPageRequest
import org.personheldrecord.phr.RecordException
import org.personheldrecord.phr.TrendWindow
import org.personheldrecord.phr.TypedExtras
import org.personheldrecord.phr.TypedReading
import org.personheldrecord.phr.Viewer
import org.personheldrecord.phr.Visibility

/** One day of the trend series. */
data class TrendPoint(
    /** The day, YYYY-MM-DD. */
    val date: String,
    /** The day's mean (or total, for steps and other counted kinds), in the kind's unit. */
    val value: Double,
    /** The lowest and highest of the day, when the kind has them. */
    val low: Double?,
    /** The highest of the day. */
    val high: Double?,
    /** How many readings the day had. */
    val count: Int,
)

/** One reading in the list. */
data class ReadingLine(
    /** The reading's id. */
    val id: Long,
    /** The core's words for its value ("5.4 mmol/L", "LO (below the meter's range)"). */
    val text: String,
    /** When it was taken, as the phone shows times. */
    val takenAt: String,
    /** The core's note when its time cannot be trusted. */
    val timeNote: String?,
) {
    /** What a screen reader says for the row. */
    val spokenLabel: String get() = listOfNotNull(text, "taken $takenAt", timeNote).joinToString(", ")
}

/** A glucose typed without a unit that could be either: which did the person mean? */
data class UnitQuestion(
    /** The core's question. */
    val question: String,
    /** What to store if the decimal point slipped ("5.4 mmol/L"). */
    val asMmolPerL: String,
    /** What to store if it was mg/dL ("54 mg/dL"). */
    val asMgPerDl: String,
)

/** What the readings screen shows. */
data class ReadingsState(
    /** Which kind. */
    val kind: ReadingKind,
    /** Its name. */
    val title: String = Words.readingKind(kind),
    /** The core's sentence for the last 7 days. */
    val week: String = "",
    /** The core's sentence for the last 30 days. */
    val month: String = "",
    /** One point a day over the last 30 days, oldest first. */
    val series: List<TrendPoint> = emptyList(),
    /** Readings newest first, as far as loaded. */
    val readings: List<ReadingLine> = emptyList(),
    /** Whether older readings can be loaded. */
    val hasMore: Boolean = false,
    /** What the person is typing. */
    val typed: String = "",
    /** The question about a typed glucose, while it waits for an answer. */
    val question: UnitQuestion? = null,
    /** The core's words for the reading just added. */
    val added: String? = null,
    /** The core's sentence for what went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            "$title.",
            week.takeIf { it.isNotEmpty() }?.let { "Last 7 days: $it." },
            month.takeIf { it.isNotEmpty() }?.let { "Last 30 days: $it." },
            added?.let { "Added $it." },
            question?.question,
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = buildList {
            add(Control("trend", "Trend over 30 days: ${series.size} days with readings"))
            add(Control("typed", "New reading, ${Words.readingHint(kind)}"))
            add(Control("add", "Add this reading", typed.isNotBlank() && question == null))
            question?.let {
                add(Control("as-mmol", "I meant ${it.asMmolPerL}"))
                add(Control("as-mg", "I meant ${it.asMgPerDl}"))
            }
            readings.forEach { add(Control("reading-${it.id}", it.spokenLabel)) }
            if (hasMore) add(Control("more", "Show older readings"))
        }
}

/** The readings screen's presenter for one kind. */
class ReadingsPresenter(
    session: RecordSession,
    private val kind: ReadingKind,
    private val pageSize: UInt = 50u,
) : Presenter<ReadingsState>(session, ReadingsState(kind), ChangeArea.READINGS) {
    private var next: ReadingsCursor? = null

    private class Loaded(
        val week: TrendWindow,
        val month: TrendWindow,
        val days: List<DailySummary>,
        val page: ReadingsPage,
        val views: List<ReadingView>,
    )

    override suspend fun load(): ReadingsState {
        val today = session.clock.today()
        val loaded = session.call { r ->
            val page = r.readingsPage(ReadingsPageRequest(kind = kind, limit = pageSize), Viewer.PERSON)
            Loaded(
                r.trendWindow(kind, 7u, today, Viewer.PERSON),
                r.trendWindow(kind, 30u, today, Viewer.PERSON),
                r.dailySummaries(kind, today.minusDays(29), today, Viewer.PERSON),
                page,
                r.readingViews(page.readings),
            )
        }
        next = loaded.page.next
        return current.copy(
            week = loaded.week.text,
            month = loaded.month.text,
            series = loaded.days.mapNotNull { d ->
                (d.total ?: d.mean)?.let { TrendPoint(d.date.toString(), it, d.min, d.max, d.count.toInt()) }
            },
            readings = lineOf(loaded.views),
            hasMore = loaded.page.next != null,
        )
    }

    private fun lineOf(views: List<ReadingView>): List<ReadingLine> = views.map {
        val at = it.reading.reading.takenAt.atZoneSameInstant(session.clock.zone())
        ReadingLine(it.reading.id, it.text, Times.spoken(at), it.timeNote)
    }

    override fun withProblem(state: ReadingsState, problem: String?) = state.copy(problem = problem)

    /** Loads the next page of older readings. */
    suspend fun loadMore() {
        val cursor = next ?: return
        attempt {
            val page = session.call { it.readingsPage(ReadingsPageRequest(kind = kind, limit = pageSize, cursor = cursor), Viewer.PERSON) }
            next = page.next
            val more = lineOf(session.call { it.readingViews(page.readings) })
            show(current.copy(readings = current.readings + more, hasMore = page.next != null))
        }
    }

    /** The person is typing a reading. */
    fun type(text: String) {
        show(current.copy(typed = text, question = null, added = null, problem = null))
    }

    /** Adds what the person typed; a glucose that could be either unit becomes a question. */
    suspend fun add() = addText(current.typed)

    /** The answer to the unit question: the decimal point slipped (true) or it was mg/dL (false). */
    suspend fun answer(meantMmolPerL: Boolean) {
        val question = current.question ?: return
        addText(if (meantMmolPerL) question.asMmolPerL else question.asMgPerDl)
    }

    private suspend fun addText(text: String) {
        if (text.isBlank()) return
        val typed = TypedReading(kind, text.trim(), TypedExtras(), null, null, ReadingContext(), null, Visibility.PRIVATE)
        try {
            val view = session.call { it.addTypedReading(typed) }
            show(current.copy(typed = "", question = null, added = view.text, problem = null))
            refresh()
        } catch (e: RecordException.GlucoseUnitQuestion) {
            show(
                current.copy(
                    question = UnitQuestion(e.sentence(), "${Times.number(e.ifMmolPerL)} mmol/L", "${Times.number(e.typed)} mg/dL"),
                    problem = null,
                ),
            )
        } catch (e: RecordException) {
            show(current.copy(question = null, problem = e.sentence()))
        }
    }
}
