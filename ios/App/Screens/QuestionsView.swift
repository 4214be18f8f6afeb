// One appointment's questions: each can be marked asked or removed, and a new one
// typed. Renders QuestionsPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrPresenters
import SwiftUI

struct QuestionsView: View {
    @StateObject private var observed: Presented<QuestionsPresenter, QuestionsState>

    /// The screen; `make` is called once, when SwiftUI first shows it.
    init(make: @escaping () -> QuestionsPresenter) {
        _observed = StateObject(wrappedValue: Presented(make()))
    }

    private var presenter: QuestionsPresenter { observed.presenter }

    var body: some View {
        let state = observed.state
        List {
            Text(state.spokenLabel)
            ProblemText(problem: state.problem)
            ForEach(state.questions, id: \.id) { question in
                Button { Task { await presenter.markAsked(question.id, asked: !question.asked) } } label: {
                    Label(question.text, systemImage: question.asked ? "checkmark.circle.fill" : "circle")
                }
                .accessibilityLabel(state.label("asked-\(question.id)"))
                .swipeActions {
                    Button("Remove", role: .destructive) { Task { await presenter.remove(question.id) } }
                        .accessibilityLabel(state.label("remove-\(question.id)"))
                }
            }
            TextField(state.label("typed"), text: Binding(get: { state.typed }, set: { presenter.type($0) }), axis: .vertical)
            Button(state.label("add")) { Task { await presenter.add() } }.disabled(!state.isEnabled("add"))
        }
        .navigationTitle("Questions to ask")
        .task { presenter.start() }
        .onDisappear { presenter.stop() }
    }
}
#endif
