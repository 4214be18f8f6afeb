// The record's entry screens: the overview by section, a section's entries with the
// form to add or change one (characters left as the person types, the core's complaint
// on its field), an appointment's questions, and who can see an entry. They draw the
// presenters' state only. Not compiled or run on the project's machine (README.md).
package org.personheldrecord.phr.app.ui

import androidx.compose.foundation.layout.Row
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import kotlinx.coroutines.launch
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.RecordSection
import org.personheldrecord.phr.Visibility
import org.personheldrecord.phr.presenters.OverviewPresenter
import org.personheldrecord.phr.presenters.PrivacyPresenter
import org.personheldrecord.phr.presenters.QuestionsPresenter
import org.personheldrecord.phr.presenters.SectionPresenter
import org.personheldrecord.phr.presenters.Words

/** The first screen: each section with its entries, the latest readings, and the alerts waiting. */
@Composable
fun OverviewScreen(presenter: OverviewPresenter, go: (Place) -> Unit, lock: () -> Unit) {
    val state by presenter.state.collectAsStateWithLifecycle()
    ScreenColumn("Your record", state) {
        ControlButton(state.control("alerts"), if (state.openAlerts == 0) "Alerts" else "Alerts (${state.openAlerts})", primary = state.openAlerts > 0) { go(Place.Alerts) }
        for (section in state.sections) {
            val target = when (section.section) {
                RecordSection.ABOUT_ME -> Place.AboutMe
                RecordSection.HEALTH -> Place.Health
                RecordSection.APPOINTMENTS -> Place.Appointments
                RecordSection.MODULES -> Place.Modules
            }
            ControlButton(state.control("section-${section.section.name.lowercase()}"), "${section.title} (${section.count})") { go(target) }
        }
        for (reading in state.readings) {
            ControlButton(state.control("readings-${reading.kind.name.lowercase()}"), listOfNotNull(reading.title, reading.latest).joinToString(": ")) {
                go(Place.Readings(reading.kind))
            }
        }
        ControlButton(state.control("devices"), "Copy readings from a device") { go(Place.Devices) }
        ControlButton(state.control("health-store"), "Health Connect") { go(Place.HealthConnect) }
        ControlButton(state.control("lock"), "Lock my record", onClick = lock)
        Problem(state.problem)
    }
}

/** A section: its kinds with their entries, or the form being filled in. */
@Composable
fun SectionScreen(presenter: SectionPresenter, go: (Place) -> Unit) {
    val state by presenter.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    ScreenColumn(state.title, state) {
        val form = state.form
        if (form == null) {
            for (group in state.groups) {
                Text(group.title, style = MaterialTheme.typography.titleMedium)
                for (entry in group.entries) {
                    ControlButton(state.control("edit-${entry.id}"), entry.summary) { scope.launch { presenter.edit(entry.id) } }
                    ControlButton(state.control("privacy-${entry.id}"), "Who can see it: ${entry.visibility}") { go(Place.Privacy(entry.id)) }
                    if (group.kind == EntryKind.APPOINTMENT) {
                        ControlButton(state.control("questions-${entry.id}"), "Questions to ask") { go(Place.Questions(entry.id)) }
                    }
                }
                ControlButton(state.control("add-${group.kind.name.lowercase()}"), "Add") { presenter.add(group.kind) }
            }
        } else {
            for (field in form.fields) {
                val choices = field.choices
                if (choices == null) {
                    val left = field.charactersLeft?.let { if (it < 0) "${-it} too many" else "$it left" }
                    ControlField(state.control("field-${field.path}"), field.label, field.value, listOfNotNull(field.error, left).joinToString(". ").ifEmpty { null }, field.error != null) {
                        presenter.change(field.path, it)
                    }
                } else {
                    Text(field.label, modifier = Modifier.semantics { contentDescription = field.spokenLabel })
                    Row {
                        for (choice in choices) {
                            FilterChip(selected = choice.word == field.value, onClick = { presenter.change(field.path, choice.word) }, label = { Text(choice.label) })
                        }
                    }
                    Problem(field.error)
                }
            }
            if (form.editing == null) VisibilityChoice(form.visibility) { presenter.choose(it) }
            ControlButton(state.control("save"), "Save", primary = true) { scope.launch { presenter.save() } }
            ControlButton(state.control("cancel"), "Cancel") { presenter.cancel() }
        }
        Problem(state.problem)
    }
}

/** The three choices of who can see something, the chosen one marked. */
@Composable
fun VisibilityChoice(chosen: Visibility?, choose: (Visibility) -> Unit) {
    for (v in Visibility.entries) {
        FilterChip(
            selected = v == chosen,
            onClick = { choose(v) },
            label = { Text(Words.visibility(v)) },
            modifier = Modifier.semantics { contentDescription = "Who can see it: ${Words.visibility(v)}${if (v == chosen) ", chosen" else ""}" },
        )
    }
}

/** One appointment's questions. */
@Composable
fun QuestionsScreen(presenter: QuestionsPresenter) {
    DisposableEffect(presenter) {
        presenter.start()
        onDispose { presenter.stop() }
    }
    val state by presenter.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    ScreenColumn("Questions to ask", state) {
        for (q in state.questions) {
            ControlButton(state.control("asked-${q.id}"), if (q.asked) "✓ ${q.text}" else q.text) { scope.launch { presenter.markAsked(q.id, !q.asked) } }
            ControlButton(state.control("remove-${q.id}"), "Remove") { scope.launch { presenter.remove(q.id) } }
        }
        ControlField(state.control("typed"), "New question", state.typed) { presenter.type(it) }
        ControlButton(state.control("add"), "Add this question", primary = true) { scope.launch { presenter.add() } }
        Problem(state.problem)
    }
}

/** Who can see one entry. */
@Composable
fun PrivacyScreen(presenter: PrivacyPresenter) {
    DisposableEffect(presenter) {
        presenter.start()
        onDispose { presenter.stop() }
    }
    val state by presenter.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    ScreenColumn("Who can see this", state) {
        VisibilityChoice(state.visibility) { scope.launch { presenter.choose(it) } }
        Problem(state.problem)
    }
}
