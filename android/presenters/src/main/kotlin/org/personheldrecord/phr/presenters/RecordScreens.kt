// Every screen of an unlocked record, made once the record opens and stopped when it
// locks: the app's navigation holds one of these and hands each screen its presenter.
package org.personheldrecord.phr.presenters

import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import org.personheldrecord.phr.EntryId
import org.personheldrecord.phr.ReadingKind

/** The phone's services the screens use. */
class PhoneServices(
    /** Bluetooth, for device syncs. */
    val bluetooth: BluetoothStack,
    /** Notifications and wake-ups. */
    val notifications: NotificationScheduler,
    /** Health Connect or Apple Health. */
    val healthStore: HealthStore,
    /** Small settings outside the record. */
    val preferences: PreferenceStore,
)

/** The presenters of an unlocked record. */
class RecordScreens(
    /** The unlocked record. */
    val session: RecordSession,
    services: PhoneServices,
) {
    /** The first screen. */
    val overview = OverviewPresenter(session)

    /** About me. */
    val aboutMe = AboutMePresenter(session)

    /** About my health. */
    val health = HealthPresenter(session)

    /** Appointments. */
    val appointments = AppointmentsPresenter(session)

    /** The alerts inbox. */
    val alerts = AlertsPresenter(session)

    /** Devices and syncs. */
    val devices = DevicePresenter(session, services.bluetooth)

    /** Plans and questionnaires. */
    val modules = ModulesPresenter(session)

    /** The health store bridge. */
    val healthBridge = HealthBridgePresenter(session, services.healthStore, services.preferences)

    /** The phone's notifications from the core. */
    val reminders = ReminderService(session, services.notifications)

    private var following: Job? = null

    /** Starts every list screen and the notifications. */
    fun start() {
        listOf(overview, aboutMe, health, appointments, alerts, devices, modules, healthBridge).forEach { it.start() }
        if (following == null) following = session.scope.launch { reminders.follow() }
    }

    /** The readings of one kind. */
    fun readings(kind: ReadingKind) = ReadingsPresenter(session, kind)

    /** The privacy of one entry. */
    fun privacy(entry: EntryId) = PrivacyPresenter(session, entry)

    /** The questions for one appointment. */
    fun questions(appointment: EntryId) = QuestionsPresenter(session, appointment)
}
