// Who may see one entry: three choices, the current one marked. Renders PrivacyPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrCore
import PhrPresenters
import SwiftUI

struct PrivacyView: View {
    let presenter: PrivacyPresenter
    @StateObject private var observed: Observed<PrivacyState>

    init(presenter: PrivacyPresenter) {
        self.presenter = presenter
        _observed = StateObject(wrappedValue: Observed(presenter))
    }

    var body: some View {
        let state = observed.state
        List {
            Text(state.spokenLabel)
            ProblemText(problem: state.problem)
            ForEach([Visibility.private, .shared, .emergency], id: \.self) { choice in
                Button { Task { await presenter.choose(choice) } } label: {
                    HStack {
                        Text(Words.visibility(choice))
                        Spacer()
                        if choice == state.visibility { Image(systemName: "checkmark").accessibilityHidden(true) }
                    }
                }
                .accessibilityLabel(state.controls.first { $0.id.hasSuffix(String(describing: choice)) }?.label ?? Words.visibility(choice))
            }
        }
        .navigationTitle("Who can see it")
        .task { presenter.start() }
        .onDisappear { presenter.stop() }
    }
}
#endif
