// The phone's notifications from the core's alerts and reminders, through
// UNUserNotificationCenter, and the next wake-up from the core's `nextDueTime`: a
// notification request with a calendar trigger at that time (shown even if the app is
// not running; opening it runs ReminderService.check) and a background app refresh
// request for the same time. Written from Apple's UserNotifications and
// BackgroundTasks documentation; not compiled on the project's CI (no iOS SDK there).
#if canImport(UserNotifications)
import Foundation
import PhrCore
import PhrPresenters
import UserNotifications
#if canImport(BackgroundTasks)
import BackgroundTasks
#endif

/// UNUserNotificationCenter for the core's notifications.
final class NotificationCenterScheduler: NotificationScheduler, @unchecked Sendable {
    /// The identifier of the background refresh task (listed in Info.plist under BGTaskSchedulerPermittedIdentifiers).
    static let refreshTask = "org.personheldrecord.phr.check-alerts"
    private static let wakeRequest = "org.personheldrecord.phr.next-due"
    private let center = UNUserNotificationCenter.current()

    /// Asks the person once to allow notifications (alerts, sounds, badges).
    func requestPermission() async -> Bool {
        (try? await center.requestAuthorization(options: [.alert, .sound, .badge])) ?? false
    }

    func show(_ notifications: [PhoneNotification]) {
        for n in notifications {
            let content = UNMutableNotificationContent()
            content.title = n.title
            content.body = n.text
            content.userInfo = ["notification-id": n.id]
            switch n.severity {
            case .emergency, .urgent:
                // Time-sensitive breaks through Focus (needs the Time Sensitive capability).
                content.interruptionLevel = .timeSensitive
                content.sound = .default
            case .warning:
                content.interruptionLevel = .active
                content.sound = .default
            case .info:
                content.interruptionLevel = .passive
            }
            // The core's id, so the same alert is never shown twice.
            center.add(UNNotificationRequest(identifier: "phr-\(n.id)", content: content, trigger: nil))
        }
    }

    func wake(at time: Date?) {
        center.removePendingNotificationRequests(withIdentifiers: [Self.wakeRequest])
        #if canImport(BackgroundTasks)
        BGTaskScheduler.shared.cancel(taskRequestWithIdentifier: Self.refreshTask)
        #endif
        guard let time else { return }
        // A silent check at the time: the app refreshes in the background when iOS lets it.
        #if canImport(BackgroundTasks)
        let request = BGAppRefreshTaskRequest(identifier: Self.refreshTask)
        request.earliestBeginDate = time
        try? BGTaskScheduler.shared.submit(request)
        #endif
        // And a notification at that time, in case iOS does not wake the app: it says
        // only that something is due; opening the app shows the core's words.
        let content = UNMutableNotificationContent()
        content.title = "Your health record"
        content.body = "A reminder is due. Open the app to see it."
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: time)
        let trigger = UNCalendarNotificationTrigger(dateMatching: parts, repeats: false)
        center.add(UNNotificationRequest(identifier: Self.wakeRequest, content: content, trigger: trigger))
    }
}
#endif
