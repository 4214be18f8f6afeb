// Pieces every screen is drawn with. Each screen is a column whose spoken label
// (TalkBack) is its state's `spokenLabel`, and each button, switch and field speaks its
// control's label from the presenter's state, so what TalkBack says is what the
// presenter tests check. Text follows the phone's font size (sp, never fixed heights).
// Not compiled or run on the project's machine (android/README.md).
package org.personheldrecord.phr.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ColumnScope
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.text.input.VisualTransformation
import androidx.compose.ui.unit.dp
import org.personheldrecord.phr.presenters.Control
import org.personheldrecord.phr.presenters.Spoken

/** A scrolling screen titled `title` whose spoken summary is `state.spokenLabel`. */
@Composable
fun ScreenColumn(title: String, state: Spoken, content: @Composable ColumnScope.() -> Unit) {
    Column(
        Modifier.fillMaxWidth().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(title, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        // Read out again whenever it changes (a sync's progress, a problem).
        Text(
            state.spokenLabel,
            style = MaterialTheme.typography.bodyLarge,
            modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
        )
        content()
    }
}

/** The control `id` of `state`, if the state has it now. */
fun Spoken.control(id: String): Control? = controls.firstOrNull { it.id == id }

/** A button for `control`, showing `text` (short) and speaking the control's label. */
@Composable
fun ControlButton(control: Control?, text: String, primary: Boolean = false, onClick: () -> Unit) {
    control ?: return
    val modifier = Modifier.fillMaxWidth().semantics { contentDescription = control.label }
    if (primary) {
        Button(onClick, modifier, enabled = control.enabled) { Text(text) }
    } else {
        OutlinedButton(onClick, modifier, enabled = control.enabled) { Text(text) }
    }
}

/** A text field for `control`; `supporting` is shown and spoken under it (characters left, the core's complaint); `secret` hides what is typed. */
@Composable
fun ControlField(
    control: Control?,
    label: String,
    value: String,
    supporting: String? = null,
    isError: Boolean = false,
    secret: Boolean = false,
    onChange: (String) -> Unit,
) {
    control ?: return
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        visualTransformation = if (secret) PasswordVisualTransformation() else VisualTransformation.None,
        keyboardOptions = if (secret) KeyboardOptions(keyboardType = KeyboardType.Password) else KeyboardOptions.Default,
        supportingText = supporting?.let { { Text(it) } },
        isError = isError,
        modifier = Modifier.fillMaxWidth().semantics { contentDescription = control.label },
    )
}

/** The core's sentence for what went wrong, in the error colour. */
@Composable
fun Problem(text: String?) {
    text ?: return
    Text(text, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodyLarge)
}
