// The first screen once unlocked: the sections, the readings with their week, and the
// alerts, each row leading to its screen. Renders OverviewPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrCore
import PhrPresenters
import SwiftUI

struct OverviewView: View {
    let screens: RecordScreens
    @StateObject private var observed: Observed<OverviewState>
    let lock: () -> Void

    init(screens: RecordScreens, lock: @escaping () -> Void) {
        self.screens = screens
        self.lock = lock
        _observed = StateObject(wrappedValue: Observed(screens.overview))
    }

    var body: some View {
        let state = observed.state
        List {
            ProblemText(problem: state.problem)
            Section {
                Text(state.spokenLabel)
                NavigationLink {
                    AlertsView(presenter: screens.alerts)
                } label: {
                    Label(state.label("alerts"), systemImage: state.openAlerts == 0 ? "bell" : "bell.badge")
                }
                .accessibilityLabel(state.label("alerts"))
            }
            Section("My record") {
                ForEach(state.sections, id: \.title) { summary in
                    NavigationLink { destination(summary.section) } label: {
                        VStack(alignment: .leading) {
                            Text(summary.title).font(.headline)
                            ForEach(summary.lines, id: \.self) { Text($0).font(.subheadline).foregroundStyle(.secondary) }
                        }
                    }
                    .accessibilityLabel(summary.spokenLabel)
                }
            }
            if !state.readings.isEmpty {
                Section("Readings") {
                    ForEach(state.readings, id: \.title) { reading in
                        NavigationLink {
                            ReadingsView { screens.readings(reading.kind) }
                        } label: {
                            VStack(alignment: .leading) {
                                Text(reading.title).font(.headline)
                                if let latest = reading.latest { Text(latest) }
                                Text(reading.week).font(.subheadline).foregroundStyle(.secondary)
                            }
                        }
                        .accessibilityLabel(reading.spokenLabel)
                    }
                }
            }
            Section("On this phone") {
                NavigationLink("Devices") { DevicesView(presenter: screens.devices) }
                NavigationLink("Apple Health") { HealthBridgeView(presenter: screens.healthBridge) }
                ForEach(readingKindsToType, id: \.self) { kind in
                    NavigationLink("Type in: \(Words.readingKind(kind))") {
                        ReadingsView { screens.readings(kind) }
                    }
                }
            }
        }
        .navigationTitle("My health record")
        .toolbar { Button("Lock", action: lock).accessibilityLabel("Lock my record") }
    }

    private var readingKindsToType: [ReadingKind] { [.bloodGlucose, .bloodPressure, .weight, .mood] }

    @ViewBuilder
    private func destination(_ section: RecordSection) -> some View {
        switch section {
        case .aboutMe: SectionView(presenter: screens.aboutMe, screens: screens)
        case .health: SectionView(presenter: screens.health, screens: screens)
        case .appointments: SectionView(presenter: screens.appointments, screens: screens)
        case .modules: ModulesView(presenter: screens.modules)
        }
    }
}
#endif
