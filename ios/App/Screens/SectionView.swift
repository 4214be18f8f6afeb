// A section of entries (About me, About my health, Appointments): its kinds with their
// entries, and the form built from the core's schema with each field's characters
// left. Each entry leads to its privacy choice (and, for an appointment, its
// questions). Renders SectionPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrCore
import PhrPresenters
import SwiftUI

struct SectionView: View {
    let presenter: SectionPresenter
    @StateObject private var observed: Observed<SectionState>
    let screens: RecordScreens

    init(presenter: SectionPresenter, screens: RecordScreens) {
        self.presenter = presenter
        _observed = StateObject(wrappedValue: Observed(presenter))
        self.screens = screens
    }

    var body: some View {
        let state = observed.state
        Group {
            if let form = state.form {
                FormView(presenter: presenter, form: form, problem: state.problem)
            } else {
                List {
                    Text(state.purpose).foregroundStyle(.secondary)
                    ProblemText(problem: state.problem)
                    ForEach(state.groups, id: \.title) { group in
                        Section(group.title) {
                            ForEach(group.entries, id: \.id) { line in
                                NavigationLink { EntryActionsView(presenter: presenter, line: line, screens: screens) } label: {
                                    VStack(alignment: .leading) {
                                        Text(line.summary)
                                        Text("\(line.source). Seen by: \(line.visibility)").font(.caption).foregroundStyle(.secondary)
                                    }
                                }
                                .accessibilityLabel(line.spokenLabel)
                            }
                            if group.editable {
                                Button("Add") { presenter.add(group.kind) }
                                    .accessibilityLabel("Add: \(group.title)")
                            }
                        }
                    }
                }
            }
        }
        .navigationTitle(state.title)
    }
}

/// What can be done with one entry: change it, choose who sees it, and an appointment's questions.
struct EntryActionsView: View {
    let presenter: SectionPresenter
    let line: EntryLine
    let screens: RecordScreens
    @Environment(\.dismiss) private var dismiss

    var body: some View {
        List {
            Text(line.summary).accessibilityLabel(line.spokenLabel)
            Button("Change it") {
                Task {
                    await presenter.edit(line.id)
                    dismiss() // the section shows the form
                }
            }
            if line.kind == .medication, let health = presenter as? HealthPresenter {
                Button("I have stopped taking this") {
                    Task {
                        await health.stopTaking(line.id, reason: nil)
                        dismiss()
                    }
                }
            }
            NavigationLink("Who can see it") {
                PrivacyView { screens.privacy(line.id) }
            }
            if line.kind == .appointment {
                NavigationLink("Questions to ask") {
                    QuestionsView { screens.questions(line.id) }
                }
            }
        }
        .navigationTitle(Words.entryKind(line.kind))
    }
}

/// The form of one entry: every field from the core's schema, with its limit counted.
struct FormView: View {
    let presenter: SectionPresenter
    let form: EntryForm
    let problem: String?

    var body: some View {
        Form {
            ProblemText(problem: problem)
            ForEach(form.fields, id: \.path) { field in
                FieldRow(field: field) { presenter.change(field.path, $0) }
            }
            if form.editing == nil {
                Picker("Who can see it", selection: Binding(get: { form.visibility }, set: { presenter.choose($0) })) {
                    Text(Words.visibility(.private)).tag(Visibility.private)
                    Text(Words.visibility(.shared)).tag(Visibility.shared)
                    Text(Words.visibility(.emergency)).tag(Visibility.emergency)
                }
            }
            Button("Save") { Task { await presenter.save() } }
            Button("Cancel without saving", role: .cancel) { presenter.cancel() }
        }
        .navigationTitle(Words.entryKind(form.kind))
    }
}

/// One field: a choice, or text with its characters left.
struct FieldRow: View {
    let field: FormField
    let change: (String) -> Void

    var body: some View {
        VStack(alignment: .leading) {
            if let choices = field.choices {
                Picker(field.label, selection: Binding(get: { field.value }, set: change)) {
                    Text("Not chosen").tag("")
                    ForEach(choices, id: \.word) { Text($0.label).tag($0.word) }
                }
            } else {
                TextField(field.label, text: Binding(get: { field.value }, set: change), axis: .vertical)
            }
            if let left = field.charactersLeft {
                Text(left < 0 ? "\(-left) characters too many" : "\(left) characters left")
                    .font(.caption).foregroundStyle(left < 0 ? .red : .secondary)
                    .accessibilityHidden(true) // part of the field's spoken label
            }
            if let error = field.error {
                Text(error).font(.caption).foregroundStyle(.red).accessibilityHidden(true)
            }
        }
        .accessibilityElement(children: .combine)
        .accessibilityLabel(field.spokenLabel)
    }
}
#endif
