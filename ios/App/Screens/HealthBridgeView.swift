// Apple Health: off until the person switches it on; what the last sync did. Renders
// HealthBridgePresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrPresenters
import SwiftUI

struct HealthBridgeView: View {
    let presenter: HealthBridgePresenter
    @StateObject private var observed: Observed<HealthBridgeState>

    init(presenter: HealthBridgePresenter) {
        self.presenter = presenter
        _observed = StateObject(wrappedValue: Observed(presenter))
    }

    var body: some View {
        let state = observed.state
        List {
            Text(state.spokenLabel)
            Toggle(isOn: Binding(get: { state.enabled }, set: { on in
                if on { Task { await presenter.switchOn() } } else { presenter.switchOff() }
            })) { Text("Use \(state.storeName)") }
                .disabled(!state.isEnabled("switch"))
                .accessibilityLabel(state.label("switch"))
            Button(state.label("sync")) { Task { await presenter.sync() } }.disabled(!state.isEnabled("sync"))
            if let result = state.result { Text(result) }
            ProblemText(problem: state.problem)
        }
        .navigationTitle(state.storeName)
    }
}
#endif
