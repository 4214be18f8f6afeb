// The alerts inbox: each alert with how much it matters, what happened and the core's
// advice, with "I have dealt with this" and the snooze choices. Renders
// AlertsPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrCore
import PhrPresenters
import SwiftUI

struct AlertsView: View {
    let presenter: AlertsPresenter
    @StateObject private var observed: Observed<AlertsState>

    init(presenter: AlertsPresenter) {
        self.presenter = presenter
        _observed = StateObject(wrappedValue: Observed(presenter))
    }

    var body: some View {
        let state = observed.state
        List {
            ProblemText(problem: state.problem)
            if state.alerts.isEmpty { Text(state.spokenLabel) }
            ForEach(state.alerts, id: \.id) { alert in
                VStack(alignment: .leading, spacing: 8) {
                    Label(alert.severity, systemImage: symbol(alert.level)).foregroundStyle(colour(alert.level))
                    Text(alert.title).font(.headline)
                    Text(alert.detail)
                    Text(alert.advice).bold()
                    Button(state.label("ack-\(alert.id)")) { Task { await presenter.acknowledge(alert.id) } }
                        .buttonStyle(.borderedProminent)
                    Menu("Remind me later") {
                        ForEach(SnoozeChoice.allCases, id: \.self) { choice in
                            Button(choice.label) { Task { await presenter.snooze(alert.id, choice) } }
                        }
                    }
                }
                .accessibilityElement(children: .contain)
                .accessibilityLabel(alert.spokenLabel)
            }
        }
        .navigationTitle("Alerts")
    }

    private func symbol(_ level: AlertSeverity) -> String {
        switch level {
        case .info: return "info.circle"
        case .warning: return "exclamationmark.triangle"
        case .urgent, .emergency: return "exclamationmark.octagon"
        }
    }

    private func colour(_ level: AlertSeverity) -> Color {
        switch level {
        case .info: return .blue
        case .warning: return .orange
        case .urgent, .emergency: return .red
        }
    }
}
#endif
