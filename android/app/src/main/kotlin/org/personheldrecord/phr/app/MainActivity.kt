// The one activity: hosts the biometric prompt (a FragmentActivity, as BiometricPrompt
// needs) and the permission screens, and draws the Compose screens. Written from the
// Android documentation (activity result APIs, Health Connect's permission contract);
// not compiled or run on the project's machine (android/README.md).
package org.personheldrecord.phr.app

import android.Manifest
import android.os.Build
import android.os.Bundle
import androidx.activity.compose.setContent
import androidx.activity.result.contract.ActivityResultContracts
import androidx.fragment.app.FragmentActivity
import androidx.health.connect.client.PermissionController
import kotlinx.coroutines.CompletableDeferred
import org.personheldrecord.phr.app.ui.PhrApp

/** The app's activity. */
class MainActivity : FragmentActivity() {
    private val app get() = application as PhrApplication
    private var healthAnswer: CompletableDeferred<Set<String>>? = null

    private val bluetoothPermissions = registerForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {
        app.screens.value?.devices?.checkBluetooth()
    }

    private val notificationPermission = registerForActivityResult(ActivityResultContracts.RequestPermission()) { }

    private val healthPermissions = registerForActivityResult(PermissionController.createRequestPermissionResultContract()) { granted ->
        healthAnswer?.complete(granted)
        healthAnswer = null
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        app.attach(this)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            notificationPermission.launch(Manifest.permission.POST_NOTIFICATIONS)
        }
        setContent {
            PhrApp(app, askBluetooth = { bluetoothPermissions.launch(app.bluetooth.permissions) })
        }
    }

    override fun onDestroy() {
        app.attach(null)
        healthAnswer?.complete(emptySet())
        super.onDestroy()
    }

    /** Shows Health Connect's permission screen and returns what the person allowed. */
    suspend fun askHealthPermissions(wanted: Set<String>): Set<String> {
        val answer = CompletableDeferred<Set<String>>()
        healthAnswer = answer
        healthPermissions.launch(wanted)
        return answer.await()
    }
}
