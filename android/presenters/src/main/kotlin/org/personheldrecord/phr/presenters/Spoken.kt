// What a screen reader says. Every screen state carries the sentence TalkBack or
// VoiceOver reads for the screen as a whole and the label of each control on it, so the
// Compose and SwiftUI screens set them from the state and a test can check that none is
// missing or in jargon (SpokenLabelsTest).
package org.personheldrecord.phr.presenters

/** A screen state as a screen reader speaks it. */
interface Spoken {
    /** What the screen says as a whole, in plain words. */
    val spokenLabel: String

    /** The controls on the screen in this state, each with its spoken label. */
    val controls: List<Control>
}

/** A button, switch or field on a screen: what it does, in words a person uses. */
data class Control(
    /** Stable name of the control, for the screen's code (never spoken). */
    val id: String,
    /** What TalkBack or VoiceOver says for it. */
    val label: String,
    /** Whether it can be used now. */
    val enabled: Boolean = true,
)
