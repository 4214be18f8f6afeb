// What a screen reader says. Every screen state carries the sentence VoiceOver reads
// for the screen as a whole and the label of each control on it, so the SwiftUI
// screens set their accessibility labels from the state and a test can check that none
// is missing or in jargon (SpokenLabelTests). The Kotlin presenters have the same shape.

/// A screen state as a screen reader speaks it.
public protocol Spoken: Sendable {
    /// What the screen says as a whole, in plain words.
    var spokenLabel: String { get }
    /// The controls on the screen in this state, each with its spoken label.
    var controls: [Control] { get }
}

/// A button, switch or field on a screen: what it does, in words a person uses.
public struct Control: Equatable, Sendable {
    /// Stable name of the control, for the screen's code (never spoken).
    public let id: String
    /// What VoiceOver says for it.
    public let label: String
    /// Whether it can be used now.
    public let enabled: Bool

    /// A control called `id` that VoiceOver reads as `label`.
    public init(_ id: String, _ label: String, enabled: Bool = true) {
        self.id = id
        self.label = label
        self.enabled = enabled
    }
}

/// The parts that are present, joined by `separator`.
func joined(_ parts: [String?], _ separator: String = " ") -> String {
    parts.compactMap { $0 }.joined(separator: separator)
}
