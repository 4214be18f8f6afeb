// Who may see one entry: three choices, the current one marked. Renders PrivacyPresenter's state.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrCore
import PhrPresenters
import SwiftUI

struct PrivacyView: View {
    @StateObject private var observed: Presented<PrivacyPresenter, PrivacyState>

    /// The screen; `make` is called once, when SwiftUI first shows it.
    init(make: @escaping () -> PrivacyPresenter) {
        _observed = StateObject(wrappedValue: Presented(make()))
    }

    private var presenter: PrivacyPresenter { observed.presenter }

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
