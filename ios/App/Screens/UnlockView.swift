// The unlock screen: first run (create the record with a recovery passphrase), locked,
// working, and recovery after a new face or fingerprint. It renders UnlockPresenter's
// state and calls it; the words are the presenter's.
#if canImport(SwiftUI) && canImport(UIKit)
import PhrPresenters
import SwiftUI

struct UnlockView: View {
    let presenter: UnlockPresenter
    @StateObject private var observed: Observed<UnlockState>
    @State private var passphrase = ""

    init(presenter: UnlockPresenter) {
        self.presenter = presenter
        _observed = StateObject(wrappedValue: Observed(presenter))
    }

    var body: some View {
        let state = observed.state
        VStack(spacing: 24) {
            Image(systemName: "heart.text.square").font(.largeTitle).accessibilityHidden(true)
            Text(state.spokenLabel).multilineTextAlignment(.center)
            switch state {
            case .checking, .working:
                ProgressView().accessibilityLabel(state.spokenLabel)
            case .welcome:
                SecureField(state.label("recovery-passphrase"), text: $passphrase)
                    .textContentType(.newPassword)
                    .accessibilityLabel(state.label("recovery-passphrase"))
                Button(state.label("create")) { Task { await presenter.create(passphrase: passphrase); passphrase = "" } }
                    .buttonStyle(.borderedProminent)
            case .locked:
                Button(state.label("unlock")) { Task { await presenter.unlock() } }
                    .buttonStyle(.borderedProminent)
            case let .needsRecovery(_, canRecover):
                if canRecover {
                    SecureField(state.label("recovery-passphrase"), text: $passphrase)
                        .textContentType(.password)
                        .accessibilityLabel(state.label("recovery-passphrase"))
                    Button(state.label("recover")) { Task { await presenter.recover(passphrase: passphrase); passphrase = "" } }
                        .buttonStyle(.borderedProminent)
                }
            case .unlocked:
                EmptyView()
            }
        }
        .textFieldStyle(.roundedBorder)
        .padding()
        .accessibilityElement(children: .contain)
    }
}
#endif
