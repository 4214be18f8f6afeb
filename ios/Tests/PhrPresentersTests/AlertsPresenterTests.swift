// The alerts inbox over time: a snoozed alert comes back when its time is up, an
// acknowledged one does not, and what the inbox shows is marked shown (the phone does
// not notify of it again).
import Foundation
import XCTest
import PhrCore
@testable import PhrPresenters

final class AlertsPresenterTests: XCTestCase {
    func testASnoozedAlertComesBackWhenItsTimeIsUpAndAnAcknowledgedOneDoesNot() async throws {
        try await ScreenFixture.with { f in
            let alerts = AlertsPresenter(session: f.session)
            // Two lows a day apart: two alerts.
            for text in ["3.5", "3.6"] {
                let low = f.typed(.bloodGlucose, text)
                _ = try await f.session.call { try $0.addTypedReading(reading: low) }
                f.clock.advance(24 * 3600)
            }
            await alerts.refresh()
            let lows = alerts.state.alerts
            guard lows.count == 2 else { return XCTFail("expected two alerts: \(alerts.state.spokenLabel)") }
            XCTAssertTrue(lows.allSatisfy(\.open))
            // On screen now: nothing for the phone to notify of.
            let now = f.clock.now()
            let due = try await f.session.call { try $0.dueNotifications(now: now) }
            XCTAssertEqual(due.count, 0)

            await alerts.acknowledge(lows[0].id)
            await alerts.snooze(lows[1].id, .hour)
            XCTAssertEqual(alerts.state.alerts.count, 0)
            XCTAssertTrue(alerts.state.spokenLabel.contains("nothing needs your attention"), alerts.state.spokenLabel)

            f.clock.advance(2 * 3600)
            await alerts.refresh()
            XCTAssertEqual(alerts.state.alerts.map(\.id), [lows[1].id])
        }
    }
}
