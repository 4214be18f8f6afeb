// Every screen of an unlocked record, made once the record opens and stopped when it
// locks: the app's navigation holds one of these and hands each screen its presenter.
import Foundation
import PhrCore

/// The phone's services the screens use.
public struct PhoneServices: Sendable {
    /// Bluetooth, for device syncs.
    public let bluetooth: BluetoothStack
    /// Notifications and wake-ups.
    public let notifications: NotificationScheduler
    /// Apple Health.
    public let healthStore: HealthStore
    /// Small settings outside the record.
    public let preferences: PreferenceStore

    /// The services the screens use.
    public init(bluetooth: BluetoothStack, notifications: NotificationScheduler, healthStore: HealthStore, preferences: PreferenceStore) {
        self.bluetooth = bluetooth
        self.notifications = notifications
        self.healthStore = healthStore
        self.preferences = preferences
    }
}

/// The presenters of an unlocked record.
public final class RecordScreens: @unchecked Sendable {
    /// The unlocked record.
    public let session: RecordSession
    /// The first screen.
    public let overview: OverviewPresenter
    /// About me.
    public let aboutMe: AboutMePresenter
    /// About my health.
    public let health: HealthPresenter
    /// Appointments.
    public let appointments: AppointmentsPresenter
    /// The alerts inbox.
    public let alerts: AlertsPresenter
    /// Devices and syncs.
    public let devices: DevicePresenter
    /// Plans and questionnaires.
    public let modules: ModulesPresenter
    /// The Apple Health bridge.
    public let healthBridge: HealthBridgePresenter
    /// The phone's notifications from the core.
    public let reminders: ReminderService

    /// The screens of `session`'s record, using `services`.
    public init(session: RecordSession, services: PhoneServices) {
        self.session = session
        overview = OverviewPresenter(session: session)
        aboutMe = AboutMePresenter(session: session)
        health = HealthPresenter(session: session)
        appointments = AppointmentsPresenter(session: session)
        alerts = AlertsPresenter(session: session)
        devices = DevicePresenter(session: session, bluetooth: services.bluetooth)
        modules = ModulesPresenter(session: session)
        healthBridge = HealthBridgePresenter(session: session, store: services.healthStore, preferences: services.preferences)
        reminders = ReminderService(session: session, scheduler: services.notifications)
    }

    /// Starts every list screen and the notifications; all stop when the record closes.
    public func start() {
        overview.start()
        aboutMe.start()
        health.start()
        appointments.start()
        alerts.start()
        devices.start()
        modules.start()
        healthBridge.start()
        let reminders = self.reminders
        session.launch { await reminders.follow() }
    }

    /// The readings of one kind.
    public func readings(_ kind: ReadingKind) -> ReadingsPresenter { ReadingsPresenter(session: session, kind: kind) }

    /// The privacy of one entry.
    public func privacy(_ entry: EntryId) -> PrivacyPresenter { PrivacyPresenter(session: session, entry: entry) }

    /// The questions for one appointment.
    public func questions(_ appointment: EntryId) -> QuestionsPresenter { QuestionsPresenter(session: session, appointment: appointment) }
}
