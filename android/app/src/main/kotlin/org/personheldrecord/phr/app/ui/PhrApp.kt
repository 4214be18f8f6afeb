// The app's screens: the unlock screen while the record is locked, then the overview
// and the screen chosen from it. Screens only draw presenter state and pass the
// person's taps and typing back to the presenter. Not compiled or run on the project's
// machine (android/README.md).
package org.personheldrecord.phr.app.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import kotlinx.coroutines.launch
import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.ReadingKind
import org.personheldrecord.phr.app.PhrApplication
import org.personheldrecord.phr.presenters.RecordScreens
import org.personheldrecord.phr.presenters.UnlockPresenter
import org.personheldrecord.phr.presenters.UnlockState

/** Where the person is in the app. */
sealed interface Place {
    /** The first screen. */
    data object Overview : Place

    /** About me. */
    data object AboutMe : Place

    /** About my health. */
    data object Health : Place

    /** Appointments. */
    data object Appointments : Place

    /** One appointment's questions. */
    data class Questions(val appointment: EntryId) : Place

    /** The alerts inbox. */
    data object Alerts : Place

    /** Readings of one kind. */
    data class Readings(val kind: ReadingKind) : Place

    /** Devices and syncs. */
    data object Devices : Place

    /** Who can see one entry. */
    data class Privacy(val entry: EntryId) : Place

    /** Plans and questionnaires. */
    data object Modules : Place

    /** The Health Connect bridge. */
    data object HealthConnect : Place
}

/** The whole app: high-contrast Material colours, light or dark as the phone is. */
@Composable
fun PhrApp(app: PhrApplication, askBluetooth: () -> Unit) {
    MaterialTheme(colorScheme = if (isSystemInDarkTheme()) darkColorScheme() else lightColorScheme()) {
        Surface {
            val screens by app.screens.collectAsStateWithLifecycle()
            val open = screens
            if (open == null) {
                UnlockScreen(app.unlock)
            } else {
                RecordApp(open, app.unlock, askBluetooth)
            }
        }
    }
}

@Composable
private fun RecordApp(screens: RecordScreens, unlock: UnlockPresenter, askBluetooth: () -> Unit) {
    var place by remember { mutableStateOf<Place>(Place.Overview) }
    val scope = rememberCoroutineScope()
    BackHandler(enabled = place != Place.Overview) { place = Place.Overview }
    val go: (Place) -> Unit = { place = it }
    when (val p = place) {
        Place.Overview -> OverviewScreen(screens.overview, go, lock = { scope.launch { unlock.lock() } })
        Place.AboutMe -> SectionScreen(screens.aboutMe, go)
        Place.Health -> SectionScreen(screens.health, go)
        Place.Appointments -> SectionScreen(screens.appointments, go)
        is Place.Questions -> QuestionsScreen(remember(p) { screens.questions(p.appointment) })
        Place.Alerts -> AlertsScreen(screens.alerts)
        is Place.Readings -> ReadingsScreen(remember(p) { screens.readings(p.kind) })
        Place.Devices -> DevicesScreen(screens.devices, askBluetooth)
        is Place.Privacy -> PrivacyScreen(remember(p) { screens.privacy(p.entry) })
        Place.Modules -> ModulesScreen(screens.modules)
        Place.HealthConnect -> HealthBridgeScreen(screens.healthBridge)
    }
}

@Composable
private fun UnlockScreen(unlock: UnlockPresenter) {
    val state by unlock.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    // Not saved with the activity's state: a passphrase never goes into a Bundle.
    var passphrase by remember { mutableStateOf("") }
    ScreenColumn("My health record", state) {
        when (val s = state) {
            is UnlockState.Welcome -> {
                ControlField(s.control("recovery-passphrase"), "Recovery passphrase", passphrase, secret = true) { passphrase = it }
                ControlButton(s.control("create"), "Create my record", primary = true) {
                    scope.launch { unlock.create(passphrase) }
                }
            }
            is UnlockState.Locked -> ControlButton(s.control("unlock"), "Unlock", primary = true) { scope.launch { unlock.unlock() } }
            is UnlockState.NeedsRecovery -> {
                ControlField(s.control("recovery-passphrase"), "Recovery passphrase", passphrase, secret = true) { passphrase = it }
                ControlButton(s.control("recover"), "Open with my passphrase", primary = true) {
                    scope.launch { unlock.recover(passphrase) }
                }
            }
            UnlockState.Checking, is UnlockState.Working, is UnlockState.Unlocked -> Unit
        }
    }
}
