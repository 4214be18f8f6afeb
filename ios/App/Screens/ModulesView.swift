// Plans and questionnaires: those switched on (attention advice first), those that can
// be, and the open one a question at a time. Renders ModulesPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrCore
import PhrPresenters
import SwiftUI

struct ModulesView: View {
    let presenter: ModulesPresenter
    @StateObject private var observed: Observed<ModulesState>

    init(presenter: ModulesPresenter) {
        self.presenter = presenter
        _observed = StateObject(wrappedValue: Observed(presenter))
    }

    var body: some View {
        let state = observed.state
        List {
            ProblemText(problem: state.problem)
            if let open = state.open {
                if let attention = open.attention { Text(attention).bold().foregroundStyle(.red) }
                Text(open.progress)
                if let score = open.score { Text(score) }
                ForEach(state.questions, id: \.id) { question in
                    QuestionRow(question: question) { answer in Task { await presenter.answer(question.id, answer) } }
                }
                Button(state.label("finish")) { Task { await presenter.finish() } }
                Button(state.label("close")) { presenter.close() }
            } else {
                ForEach(state.modules, id: \.id) { module in
                    Button { Task { await presenter.open(module.id) } } label: {
                        VStack(alignment: .leading) {
                            if let attention = module.attention { Text(attention).bold().foregroundStyle(.red) }
                            Text(module.title).font(.headline)
                            Text(module.progress)
                            if let score = module.score { Text(score) }
                        }
                    }
                    .accessibilityLabel(state.label("open-\(module.id)"))
                }
                Section("Switch on") {
                    ForEach(state.offers, id: \.templateId) { offer in
                        Button { Task { await presenter.switchOn(offer.templateId) } } label: {
                            VStack(alignment: .leading) {
                                Text(offer.title).font(.headline)
                                Text(offer.description).font(.subheadline)
                            }
                        }
                        .accessibilityLabel(state.label("switch-on-\(offer.templateId)"))
                    }
                }
            }
        }
        .navigationTitle(state.open?.title ?? "Plans and questionnaires")
    }
}

/// One question: a choice, yes or no, or typed words, a number or a date.
struct QuestionRow: View {
    let question: ModuleQuestion
    let answer: (String) -> Void
    @State private var typed = ""

    var body: some View {
        VStack(alignment: .leading) {
            Text(question.label).font(.headline)
            if let help = question.help { Text(help).font(.subheadline) }
            switch question.kind {
            case let .choice(options):
                Picker("Answer", selection: Binding(get: { question.answer ?? "" }, set: answer)) {
                    Text("Not answered").tag("")
                    ForEach(options, id: \.value) { Text($0.label).tag($0.value) }
                }
            case .yesNo:
                Picker("Answer", selection: Binding(get: { question.answer ?? "" }, set: answer)) {
                    Text("Not answered").tag("")
                    Text("Yes").tag("yes")
                    Text("No").tag("no")
                }
                .pickerStyle(.segmented)
            default:
                TextField("Answer", text: $typed, axis: .vertical)
                    .onAppear { typed = question.answer ?? "" }
                    .onSubmit { answer(typed) }
            }
        }
        .accessibilityElement(children: .contain)
        .accessibilityLabel(question.spokenLabel)
    }
}
#endif
