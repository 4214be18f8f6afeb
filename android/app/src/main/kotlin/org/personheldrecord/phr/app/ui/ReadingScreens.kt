// The readings, alerts, devices, plans and Health Connect screens. They draw the
// presenters' state only: trends, advice, progress and scores are the core's. Not
// compiled or run on the project's machine (android/README.md).
package org.personheldrecord.phr.app.ui

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import kotlinx.coroutines.launch
import org.personheldrecord.phr.presenters.AlertsPresenter
import org.personheldrecord.phr.presenters.DevicePhase
import org.personheldrecord.phr.presenters.DevicePresenter
import org.personheldrecord.phr.presenters.HealthBridgePresenter
import org.personheldrecord.phr.presenters.ModulesPresenter
import org.personheldrecord.phr.presenters.ReadingsPresenter
import org.personheldrecord.phr.presenters.SnoozeChoice
import org.personheldrecord.phr.presenters.TrendPoint

/** Readings of one kind: the trend, manual entry with the unit question, the list a page at a time. */
@Composable
fun ReadingsScreen(presenter: ReadingsPresenter) {
    DisposableEffect(presenter) {
        presenter.start()
        onDispose { presenter.stop() }
    }
    val state by presenter.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    ScreenColumn(state.title, state) {
        Trend(state.series, state.control("trend")?.label.orEmpty())
        ControlField(state.control("typed"), "New reading", state.typed) { presenter.type(it) }
        ControlButton(state.control("add"), "Add", primary = true) { scope.launch { presenter.add() } }
        state.question?.let { q ->
            ControlButton(state.control("as-mmol"), q.asMmolPerL) { scope.launch { presenter.answer(meantMmolPerL = true) } }
            ControlButton(state.control("as-mg"), q.asMgPerDl) { scope.launch { presenter.answer(meantMmolPerL = false) } }
        }
        Problem(state.problem)
        for (r in state.readings) {
            Text(
                listOfNotNull(r.text, r.takenAt, r.timeNote).joinToString(" · "),
                modifier = Modifier.semantics { contentDescription = r.spokenLabel },
            )
        }
        ControlButton(state.control("more"), "Show older readings") { scope.launch { presenter.loadMore() } }
    }
}

/** One point a day, oldest on the left; TalkBack reads `spoken` (the core's trend sentences are on screen above). */
@Composable
private fun Trend(series: List<TrendPoint>, spoken: String) {
    if (series.size < 2) return
    val colour = MaterialTheme.colorScheme.primary
    Canvas(Modifier.fillMaxWidth().height(160.dp).semantics { contentDescription = spoken }) {
        val low = series.minOf { it.low ?: it.value }
        val high = series.maxOf { it.high ?: it.value }
        val span = (high - low).takeIf { it > 0 } ?: 1.0
        fun at(i: Int, v: Double) = Offset(size.width * i / (series.size - 1), (size.height * (1 - (v - low) / span)).toFloat())
        for (i in 1 until series.size) {
            drawLine(colour, at(i - 1, series[i - 1].value), at(i, series[i].value), strokeWidth = 3.dp.toPx())
        }
    }
}

/** The alerts inbox, each alert with the core's advice, to acknowledge or put off. */
@Composable
fun AlertsScreen(presenter: AlertsPresenter) {
    val state by presenter.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    ScreenColumn("Alerts", state) {
        for (a in state.alerts) {
            Text("${a.severity}: ${a.title}", style = MaterialTheme.typography.titleMedium, modifier = Modifier.semantics { contentDescription = a.spokenLabel })
            Text(a.detail)
            Text(a.advice, style = MaterialTheme.typography.bodyLarge)
            ControlButton(state.control("ack-${a.id}"), "I have dealt with this", primary = true) { scope.launch { presenter.acknowledge(a.id) } }
            for (choice in SnoozeChoice.entries) {
                ControlButton(state.control("snooze-${a.id}-${choice.name.lowercase()}"), choice.label) { scope.launch { presenter.snooze(a.id, choice) } }
            }
        }
        Problem(state.problem)
    }
}

/** Finding a meter or cuff and copying its readings, with progress and a way to stop. */
@Composable
fun DevicesScreen(presenter: DevicePresenter, askBluetooth: () -> Unit) {
    val state by presenter.state.collectAsStateWithLifecycle()
    ScreenColumn("Devices", state) {
        ControlButton(state.control("permission"), "Allow", primary = true, onClick = askBluetooth)
        when (state.phase) {
            DevicePhase.SCANNING -> {
                for (d in state.found) ControlButton(state.control("sync-${d.peripheralId}"), d.spokenLabel, primary = true) { presenter.sync(d) }
                ControlButton(state.control("stop-scan"), "Stop looking") { presenter.stopScan() }
            }
            DevicePhase.SYNCING -> {
                val expected = state.expected
                if (expected != null && expected > 0) {
                    LinearProgressIndicator(progress = { state.received.toFloat() / expected }, modifier = Modifier.fillMaxWidth())
                } else {
                    LinearProgressIndicator(Modifier.fillMaxWidth())
                }
                ControlButton(state.control("cancel"), "Stop copying") { presenter.cancel() }
            }
            else -> ControlButton(state.control("scan"), "Look for devices", primary = true) { presenter.scan() }
        }
        if (state.phase != DevicePhase.SYNCING) VisibilityChoice(state.visibility) { presenter.choose(it) }
        for (k in state.known) Text(k)
        Problem(state.problem)
    }
}

/** Plans and questionnaires: switch one on, fill it in, see its score and the core's attention advice. */
@Composable
fun ModulesScreen(presenter: ModulesPresenter) {
    val state by presenter.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    val open = state.open
    ScreenColumn(open?.title ?: "Plans and questionnaires", state) {
        if (open == null) {
            for (m in state.modules) ControlButton(state.control("open-${m.id}"), listOfNotNull(m.title, m.score).joinToString(": ")) { scope.launch { presenter.open(m.id) } }
            for (o in state.offers) ControlButton(state.control("switch-on-${o.templateId}"), "Switch on: ${o.title}") { scope.launch { presenter.switchOn(o.templateId) } }
        } else {
            // The advice comes first, in the error colour, whenever the core gives it.
            Problem(open.attention)
            Text(open.progress)
            open.score?.let { Text(it, style = MaterialTheme.typography.titleMedium) }
            for (q in state.questions) {
                var typed by remember(q.id, q.answer) { mutableStateOf(q.answer.orEmpty()) }
                ControlField(state.control("question-${q.id}"), q.label, typed, q.help) { typed = it }
                ControlButton(state.control("question-${q.id}"), "Save this answer") { scope.launch { presenter.answer(q.id, typed) } }
            }
            ControlButton(state.control("finish"), "I have finished", primary = true) { scope.launch { presenter.finish() } }
            ControlButton(state.control("close"), "Close") { scope.launch { presenter.close() } }
        }
        Problem(state.problem)
    }
}

/** The Health Connect bridge, off until the person switches it on. */
@Composable
fun HealthBridgeScreen(presenter: HealthBridgePresenter) {
    val state by presenter.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    ScreenColumn(state.storeName, state) {
        state.control("switch")?.let { control ->
            Switch(
                checked = state.enabled,
                enabled = control.enabled,
                onCheckedChange = { on -> scope.launch { if (on) presenter.switchOn() else presenter.switchOff() } },
                modifier = Modifier.semantics { contentDescription = control.label },
            )
        }
        ControlButton(state.control("sync"), "Copy now", primary = true) { scope.launch { presenter.sync() } }
    }
}
