// Readings of one kind: the 30-day trend as a chart (Swift Charts), the core's week
// and month sentences, typing a reading in (with the glucose unit question), and the
// readings newest first with "show older". Renders ReadingsPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrPresenters
import SwiftUI
#if canImport(Charts)
import Charts
#endif

struct ReadingsView: View {
    @StateObject private var observed: Presented<ReadingsPresenter, ReadingsState>

    /// The screen; `make` is called once, when SwiftUI first shows it.
    init(make: @escaping () -> ReadingsPresenter) {
        _observed = StateObject(wrappedValue: Presented(make()))
    }

    private var presenter: ReadingsPresenter { observed.presenter }

    var body: some View {
        let state = observed.state
        List {
            Section("Trend") {
                Text("Last 7 days: \(state.week)")
                Text("Last 30 days: \(state.month)")
                #if canImport(Charts)
                Chart(state.series, id: \.date) { point in
                    if let day = Calendar.current.date(from: point.date) {
                        LineMark(x: .value("Day", day), y: .value(state.title, point.value))
                        PointMark(x: .value("Day", day), y: .value(state.title, point.value))
                    }
                }
                .frame(minHeight: 180)
                .accessibilityLabel(state.label("trend"))
                #endif
            }
            Section("Add a reading") {
                TextField(state.label("typed"), text: Binding(get: { state.typed }, set: { presenter.type($0) }))
                    .keyboardType(.numbersAndPunctuation)
                    .accessibilityLabel(state.label("typed"))
                if let question = state.question {
                    Text(question.question)
                    Button(state.label("as-mmol")) { Task { await presenter.answer(meantMmolPerL: true) } }
                    Button(state.label("as-mg")) { Task { await presenter.answer(meantMmolPerL: false) } }
                } else {
                    Button(state.label("add")) { Task { await presenter.add() } }
                        .disabled(!state.isEnabled("add"))
                }
                if let added = state.added { Text("Added \(added).") }
                ProblemText(problem: state.problem)
            }
            Section("Readings") {
                ForEach(state.readings, id: \.id) { line in
                    VStack(alignment: .leading) {
                        Text(line.text).font(.headline)
                        Text(line.takenAt).font(.subheadline)
                        if let note = line.timeNote { Text(note).font(.caption).foregroundStyle(.orange) }
                    }
                    .accessibilityElement(children: .combine)
                    .accessibilityLabel(line.spokenLabel)
                }
                if state.hasMore {
                    Button(state.label("more")) { Task { await presenter.loadMore() } }
                }
            }
        }
        .navigationTitle(state.title)
        .task { presenter.start() }
        .onDisappear { presenter.stop() }
    }
}
#endif
