// What every presenter shares: its state as a StateFlow, a refresh whenever the record
// changes in the areas the screen shows, and the core's own sentence for a failure.
package org.personheldrecord.phr.presenters

import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.launch
import org.personheldrecord.phr.ChangeArea
import org.personheldrecord.phr.RecordException

/** A screen's presenter: plain state, updated from the core. */
abstract class Presenter<S : Spoken>(
    /** The unlocked record. */
    protected val session: RecordSession,
    initial: S,
    private vararg val watched: ChangeArea,
) {
    private val mutable = MutableStateFlow(initial)
    private var watching: Job? = null

    /** What the screen shows now. */
    val state: StateFlow<S> = mutable.asStateFlow()

    /** The state now. */
    protected val current: S get() = mutable.value

    /** Replaces the state. */
    protected fun show(state: S) {
        mutable.value = state
    }

    /** Reads what the screen shows from the record. */
    protected abstract suspend fun load(): S

    /** The state with `problem` shown (the core's sentence for a failure). */
    protected abstract fun withProblem(state: S, problem: String?): S

    /** Loads the screen, then reloads it whenever the record changes in its areas. */
    fun start() {
        if (watching != null) return
        watching = session.scope.launch {
            // Loaded once the changes are followed, so none made meanwhile is missed;
            // changes that came while loading need one reload, not one each.
            session.changesIn(*watched, first = { refresh() }).conflate().collect { refresh() }
        }
    }

    /** Stops following the record's changes. */
    fun stop() {
        watching?.cancel()
        watching = null
    }

    /** Loads the screen from the record now. */
    suspend fun refresh() {
        attempt { show(load()) }
    }

    /** Runs `block`; a failure from the core shows its sentence and returns false. */
    protected suspend fun attempt(block: suspend () -> Unit): Boolean = try {
        block()
        true
    } catch (e: RecordException) {
        show(withProblem(current, e.sentence()))
        false
    }
}

/**
 * The core's sentence for the person (`message()`), as a screen shows it: capitalised,
 * with its full stop. For a value the core refused, the reason alone: the screen shows
 * it beside the field, whose path is no word for a person.
 */
fun RecordException.sentence(): String = sentence(if (this is RecordException.Invalid) reason else message())

/** `text` with a capital letter and a full stop. */
fun sentence(text: String): String {
    val t = text.trim().replaceFirstChar { it.uppercase() }
    return if (t.isEmpty() || t.last() in ".?!") t else "$t."
}
