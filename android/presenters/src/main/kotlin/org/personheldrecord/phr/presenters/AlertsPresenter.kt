// The alerts inbox: what the core's rules raised, in the core's order (open first,
// then the most severe, then the newest), each with its advice; the person
// acknowledges it or puts it off for a while. What fires, when, and what it says are
// the core's.
package org.personheldrecord.phr.presenters

import java.time.Duration
import java.time.Instant
import kotlinx.coroutines.flow.conflate
import org.personheldrecord.phr.AlertSeverity
import org.personheldrecord.phr.Category
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.HealthNotification
import org.personheldrecord.phr.NotificationState

/** One alert in the inbox. */
data class AlertLine(
    /** The core's notification id. */
    val id: Long,
    /** How much it matters, in words. */
    val severity: String,
    /** How much it matters, for the colour and icon. */
    val level: AlertSeverity,
    /** An alert, a reminder or a message. */
    val category: Category,
    /** Its title. */
    val title: String,
    /** What happened. */
    val detail: String,
    /** What to do: the core's advice. */
    val advice: String,
    /** Whether it still waits for the person. */
    val open: Boolean,
) {
    /** What a screen reader says for the alert. */
    val spokenLabel: String get() = "$severity. $title. $detail $advice"
}

/** How long an alert can be put off. */
enum class SnoozeChoice(
    /** How long. */
    val duration: Duration,
    /** What the button says. */
    val label: String,
) {
    /** An hour. */
    HOUR(Duration.ofHours(1), "Remind me in 1 hour"),

    /** Four hours. */
    FOUR_HOURS(Duration.ofHours(4), "Remind me in 4 hours"),

    /** A day. */
    DAY(Duration.ofDays(1), "Remind me tomorrow"),
}

/** What the alerts screen shows. */
data class AlertsState(
    /** The inbox, in the core's order. */
    val alerts: List<AlertLine> = emptyList(),
    /** The core's sentence for what went wrong. */
    val problem: String? = null,
) : Spoken {
    override val spokenLabel: String
        get() = listOfNotNull(
            when (alerts.size) {
                0 -> "Alerts: nothing needs your attention."
                1 -> "Alerts: 1 needs your attention."
                else -> "Alerts: ${alerts.size} need your attention."
            },
            problem,
        ).joinToString(" ")

    override val controls: List<Control>
        get() = alerts.flatMap { a ->
            listOf(Control("alert-${a.id}", a.spokenLabel), Control("ack-${a.id}", "I have dealt with this: ${a.title}")) +
                SnoozeChoice.entries.map { Control("snooze-${a.id}-${it.name.lowercase()}", "${it.label}: ${a.title}") }
        }
}

/** The alert line of a notification. */
internal fun alertLine(n: HealthNotification) = AlertLine(
    n.id, Words.severity(n.severity), n.severity, n.category, n.title, n.detail, n.advice,
    n.state == NotificationState.New || n.state == NotificationState.Shown,
)

/** The alerts screen's presenter. */
class AlertsPresenter(session: RecordSession) : Presenter<AlertsState>(session, AlertsState(), ChangeArea.ALERTS, ChangeArea.READINGS) {
    override suspend fun load(): AlertsState {
        val now = session.clock.now()
        val inbox = session.call { r ->
            val open = session.inbox(now, false)
            // They are on screen now: the phone need not notify of them again.
            val fresh = open.filter { it.state == NotificationState.New }.map { it.id }
            if (fresh.isNotEmpty()) r.markShown(fresh)
            open
        }
        return AlertsState(inbox.map(::alertLine))
    }

    override fun withProblem(state: AlertsState, problem: String?) = state.copy(problem = problem)

    /** The person has seen and dealt with it. */
    suspend fun acknowledge(id: Long) {
        if (attempt { session.call { it.acknowledge(id) } }) refresh()
    }

    /** Puts it off. */
    suspend fun snooze(id: Long, choice: SnoozeChoice) {
        val until: Instant = session.clock.now().plus(choice.duration)
        if (attempt { session.call { it.snooze(id, until) } }) refresh()
    }
}

/**
 * The phone's notifications from the core: shows what is due, tells the core they
 * were shown, and asks the phone to wake the app when the next one falls due (the
 * core's `nextDueTime`). Run when the app starts, after every change to alerts, and
 * when the phone wakes the app.
 */
class ReminderService(
    private val session: RecordSession,
    private val scheduler: NotificationScheduler,
) {
    /** Shows what is due now and schedules the next wake-up. Returns how many were shown. */
    suspend fun check(): Int {
        val now = session.clock.now()
        val (due, next) = session.call { r ->
            val due = session.dueNotifications(now)
            if (due.isNotEmpty()) r.markShown(due.map { it.id })
            due to r.nextDueTime(now)
        }
        if (due.isNotEmpty()) {
            scheduler.show(due.map { PhoneNotification(it.id, it.title, it.advice, it.severity) })
        }
        scheduler.wakeAt(next)
        return due.size
    }

    /** Checks now and after every change to alerts or readings, while the record is open. */
    suspend fun follow() {
        session.changesIn(ChangeArea.ALERTS, ChangeArea.READINGS, ChangeArea.ENTRIES, first = { check() })
            .conflate()
            .collect { check() }
    }
}
