// The app's long-lived parts: the phone's services, the unlock presenter, and the
// screens of the record while it is open. The record locks when the app has left the
// screen for a minute. Written from the Android documentation (Application, ProcessLifecycleOwner);
// not compiled or run on the project's machine (android/README.md).
package org.personheldrecord.phr.app

import android.app.Application
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import java.lang.ref.WeakReference
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.personheldrecord.phr.app.platform.AndroidBluetooth
import org.personheldrecord.phr.app.platform.AndroidReminders
import org.personheldrecord.phr.app.platform.HealthConnectStore
import org.personheldrecord.phr.app.platform.KeystoreVault
import org.personheldrecord.phr.app.platform.PhoneClock
import org.personheldrecord.phr.app.platform.PrivateRecordFiles
import org.personheldrecord.phr.app.platform.SharedPreferenceStore
import org.personheldrecord.phr.presenters.PhoneServices
import org.personheldrecord.phr.presenters.RecordScreens
import org.personheldrecord.phr.presenters.RecordSession
import org.personheldrecord.phr.presenters.UnlockPresenter
import org.personheldrecord.phr.presenters.UnlockState

/** The application: one unlock presenter, and the record's screens while it is open. */
class PhrApplication : Application() {
    /** Work that lives as long as the app's process. */
    val appScope = CoroutineScope(SupervisorJob() + Dispatchers.Main.immediate)

    private var host = WeakReference<MainActivity>(null)
    private val files by lazy { PrivateRecordFiles(this) }

    /** The phone's Bluetooth. */
    val bluetooth by lazy { AndroidBluetooth(this) }

    /** The phone's services the screens use. */
    val services by lazy {
        PhoneServices(
            bluetooth,
            AndroidReminders(this),
            HealthConnectStore(this) { wanted -> host.get()?.askHealthPermissions(wanted) ?: emptySet() },
            SharedPreferenceStore(this),
        )
    }

    /** The unlock screen's presenter. */
    val unlock by lazy {
        UnlockPresenter(files, KeystoreVault(this, { host.get() }, files.keyFolder), Dispatchers.IO) { record ->
            RecordSession(record, PhoneClock, Dispatchers.IO, CoroutineScope(SupervisorJob() + Dispatchers.Main.immediate))
        }
    }

    private val open = MutableStateFlow<RecordScreens?>(null)

    /** The screens of the open record, or null while it is locked. */
    val screens: StateFlow<RecordScreens?> = open.asStateFlow()

    override fun onCreate() {
        super.onCreate()
        appScope.launch { unlock.start() }
        appScope.launch {
            unlock.state.collect { state ->
                val session = (state as? UnlockState.Unlocked)?.session
                if (session == null) {
                    open.value = null
                } else if (open.value?.session !== session) {
                    open.value = RecordScreens(session, services).also { it.start() }
                }
            }
        }
        // Leaving the app locks the record (its key is out of memory until the next
        // prompt) after a short grace: Health Connect's permission screen and the screen
        // lock prompt are other apps' activities, and must not lock it half-way.
        ProcessLifecycleOwner.get().lifecycle.addObserver(
            object : DefaultLifecycleObserver {
                private var locking: Job? = null

                override fun onStart(owner: LifecycleOwner) {
                    locking?.cancel()
                }

                override fun onStop(owner: LifecycleOwner) {
                    locking = appScope.launch {
                        delay(LOCK_AFTER_MS)
                        unlock.lock()
                    }
                }
            },
        )
    }

    /** The activity on screen, for prompts and permission screens. */
    fun attach(activity: MainActivity?) {
        host = WeakReference(activity)
    }

    private companion object {
        /** How long the app may be out of sight before the record locks. */
        const val LOCK_AFTER_MS = 60_000L
    }

    /** Shows what is due, if the record is open (called by the reminder worker). */
    suspend fun checkReminders() {
        withContext(Dispatchers.Main) { open.value?.reminders?.check() }
    }
}
