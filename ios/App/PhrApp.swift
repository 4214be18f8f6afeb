// The iPhone app: the unlock screen, then the record's screens, each rendering its
// presenter's state (PhrPresenters). The phone's services are the platform code in
// Platform/: the Keychain behind Face ID / Touch ID, CoreBluetooth, notifications and
// Apple Health. The record locks when the app goes to the background.
// Not compiled on the project's CI (no iOS SDK there): see ios/README.md.
#if canImport(SwiftUI) && canImport(UIKit)
import BackgroundTasks
import PhrCore
import PhrPresenters
import SwiftUI

@main
struct PhrApp: App {
    @StateObject private var model = AppModel()
    @Environment(\.scenePhase) private var phase

    init() {
        // The system wakes the app when the core's next reminder falls due.
        BGTaskScheduler.shared.register(forTaskWithIdentifier: NotificationCenterScheduler.refreshTask, using: nil) { task in
            AppModel.checkInBackground(task)
        }
    }

    var body: some Scene {
        WindowGroup {
            NavigationStack {
                if let screens = model.screens {
                    OverviewView(screens: screens) { model.lock() }
                } else {
                    UnlockView(presenter: model.unlock)
                }
            }
            .task { await model.start() }
        }
        .onChange(of: phase) { newPhase in
            if newPhase == .background { model.lock() }
        }
    }
}

/// What the app holds: the unlock presenter, and the screens while the record is open.
@MainActor
final class AppModel: ObservableObject {
    /// The screens of the open record; nil while locked.
    @Published private(set) var screens: RecordScreens?
    /// The unlock screen.
    let unlock: UnlockPresenter
    private let services: PhoneServices
    private let notifications = NotificationCenterScheduler()
    private var following: Task<Void, Never>?
    /// The open screens, for the background refresh handler.
    private static var current: RecordScreens?

    init() {
        let folder = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask).first
            ?? FileManager.default.temporaryDirectory
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The record's folder: protected until first unlock, excluded from iCloud backup
        // (the app's own encrypted backup is the way to keep a copy).
        var url = folder
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? url.setResourceValues(values)
        unlock = UnlockPresenter(files: FolderFiles(folder: folder), vault: KeychainKeyVault(), clock: SystemClock())
        services = PhoneServices(bluetooth: CoreBluetoothStack(), notifications: notifications,
                                 healthStore: HealthKitStore(), preferences: UserDefaultsPreferences())
    }

    /// Looks for the record and follows the unlock screen's state.
    func start() async {
        guard following == nil else { return }
        let updates = unlock.updates()
        following = Task { [weak self] in
            for await state in updates { self?.show(state) }
        }
        await unlock.start()
        _ = await notifications.requestPermission()
    }

    private func show(_ state: UnlockState) {
        switch state {
        case let .unlocked(session, _):
            guard screens?.session !== session else { return }
            let opened = RecordScreens(session: session, services: services)
            opened.start()
            screens = opened
            Self.current = opened
        default:
            screens = nil
            Self.current = nil
        }
    }

    /// Locks the record (the screens stop).
    func lock() {
        Task { await unlock.lock() }
    }

    /// The background refresh: shows what is due when the record is open. A locked
    /// record cannot be read without the person (its key is behind Face ID), so then
    /// the notification scheduled for that time is what the person sees.
    nonisolated static func checkInBackground(_ task: BGTask) {
        let work = Task { @MainActor in
            if let screens = AppModel.current { _ = try? await screens.reminders.check() }
            task.setTaskCompleted(success: true)
        }
        task.expirationHandler = { work.cancel() }
    }
}
#endif
