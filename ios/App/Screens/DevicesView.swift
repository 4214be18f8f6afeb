// Devices: Bluetooth's state in words, looking for a meter or monitor, copying its
// readings with progress and a stop button, who may see new readings, and the devices
// read from before. Renders DevicePresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrCore
import PhrPresenters
import SwiftUI
import UIKit

struct DevicesView: View {
    let presenter: DevicePresenter
    @StateObject private var observed: Observed<DeviceState>
    @Environment(\.openURL) private var openURL

    init(presenter: DevicePresenter) {
        self.presenter = presenter
        _observed = StateObject(wrappedValue: Observed(presenter))
    }

    var body: some View {
        let state = observed.state
        List {
            Text(state.spokenLabel)
            ProblemText(problem: state.problem)
            if state.bluetooth == .needsPermission, let settings = URL(string: UIApplication.openSettingsURLString) {
                Button(state.label("permission")) { openURL(settings) }
            }
            switch state.phase {
            case .scanning:
                ForEach(state.found, id: \.peripheralId) { device in
                    Button(state.label("sync-\(device.peripheralId)")) { presenter.sync(device) }
                }
                ProgressView()
                Button(state.label("stop-scan")) { presenter.stopScan() }
            case .syncing:
                if let expected = state.expected, expected > 0 {
                    ProgressView(value: Double(state.received), total: Double(expected))
                        .accessibilityLabel(state.label("progress"))
                } else {
                    ProgressView().accessibilityLabel(state.label("progress"))
                }
                Text(state.progress ?? "")
                Button(state.label("cancel"), role: .destructive) { presenter.cancel() }
            default:
                Button(state.label("scan")) { presenter.scan() }.disabled(!state.isEnabled("scan"))
            }
            Picker("Who can see new readings", selection: Binding(get: { state.visibility }, set: { presenter.choose($0) })) {
                Text(Words.visibility(.private)).tag(Visibility.private)
                Text(Words.visibility(.shared)).tag(Visibility.shared)
                Text(Words.visibility(.emergency)).tag(Visibility.emergency)
            }
            .disabled(state.phase == .syncing)
            if !state.known.isEmpty {
                Section("Read from before") { ForEach(state.known, id: \.self) { Text($0) } }
            }
        }
        .navigationTitle("Devices")
        .onAppear { presenter.checkBluetooth() }
    }
}
#endif
