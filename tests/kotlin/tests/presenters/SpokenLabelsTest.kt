// Every state a screen can be in has something for TalkBack and VoiceOver to say, and
// every control a label, in plain words: each sealed case and each phase, with and
// without a problem, checked by PlainWords. (The walk-through checks the states the
// real library produced.)
package phr.tests.presenters

import org.junit.Assert.assertTrue
import org.junit.Test
import org.personheldrecord.phr.*
import org.personheldrecord.phr.presenters.*

class SpokenLabelsTest {
    private val problem = "The passphrase is wrong (nothing was changed)."

    private fun check(states: List<Spoken>) {
        val problems = states.flatMap { PlainWords.problems(it) }
        assertTrue(problems.joinToString("\n"), problems.isEmpty())
        for (s in states) {
            assertTrue("${s::class.simpleName} has controls with no label", s.controls.all { it.label.isNotBlank() })
        }
    }

    @Test
    fun everyUnlockStateIsSpoken() = check(
        listOf(
            UnlockState.Checking, UnlockState.Welcome(), UnlockState.Welcome(problem), UnlockState.Locked(),
            UnlockState.Locked("Unlocking was cancelled."), UnlockState.Working("Unlocking your record"),
            UnlockState.NeedsRecovery(), UnlockState.NeedsRecovery(problem), UnlockState.NeedsRecovery(canRecover = false),
        ),
    )

    @Test
    fun everyDeviceStateIsSpoken() {
        val meter = FoundDevice("AA:BB", "Meter 1", DeviceKind.GLUCOSE_METER)
        check(
            DevicePhase.entries.flatMap { phase ->
                BluetoothAvailability.entries.map { bt ->
                    DeviceState(
                        phase = phase, bluetooth = bt, found = listOf(meter), syncing = meter,
                        progress = "Copying readings: 3 of 20 readings", result = "No new readings.",
                        problem = if (phase == DevicePhase.FAILED) problem else null,
                    )
                }
            } + DeviceState(phase = DevicePhase.SCANNING),
        )
    }

    @Test
    fun everyListScreenIsSpokenEmptyAndFull() {
        val line = EntryLine("e1", EntryKind.ALLERGY, "Penicillin (severe): hives", "Only me", "Added by you")
        val alert = AlertLine(1, "Needs your attention", AlertSeverity.WARNING, Category.ALERT, "Low blood sugar", "2.9 mmol/L at 08:00.", "Eat or drink something sugary.", true)
        val form = EntryForm(EntryKind.THINGS_TO_KNOW, null, FormBuilder.fields(EntryKind.THINGS_TO_KNOW, mapOf("items[0]" to "I am deaf in my left ear")))
        check(
            listOf(
                OverviewState(), OverviewState(
                    listOf(SectionSummary(RecordSection.HEALTH, "About my health", 1, listOf(line.summary))),
                    listOf(ReadingSummary(ReadingKind.BLOOD_GLUCOSE, "Blood sugar", "5.4 mmol/L", "mean 5.6 mmol/L over 7 days")),
                    3, problem,
                ),
                SectionState("About me", "what you want people to know."),
                SectionState("About me", "what you want people to know.", listOf(KindGroup(EntryKind.ALLERGY, "Allergy", listOf(line), true))),
                SectionState("About me", "what you want people to know.", form = form, problem = problem),
                AlertsState(), AlertsState(listOf(alert, alert.copy(id = 2))), AlertsState(listOf(alert), problem),
                ReadingsState(ReadingKind.BLOOD_GLUCOSE),
                ReadingsState(
                    ReadingKind.BLOOD_GLUCOSE, week = "mean 5.6 mmol/L", month = "mean 5.8 mmol/L",
                    readings = listOf(ReadingLine(4, "5.4 mmol/L", "Sunday 8 March 2026 at 18:00", null)), hasMore = true,
                    typed = "54", question = UnitQuestion("54 is higher than any meter reads in mmol/L: did you mean 5.4 mmol/L, or 54 mg/dL?", "5.4 mmol/L", "54 mg/dL"),
                ),
                QuestionsState(), QuestionsState("Diabetes review, 20 March", listOf(QuestionLine(1, "Can I stop a tablet?", false)), "More", problem),
                PrivacyState("Penicillin (severe)", Visibility.SHARED),
                ModulesState(), ModulesState(
                    listOf(ModuleLine("m1", "PHQ-9 (mood)", "2 of 9 questions answered", null, "If you have thoughts of harming yourself, call Samaritans on 116 123.")),
                    listOf(ModuleOffer("gad-7", "GAD-7 (anxiety)", "Seven questions about anxiety.")),
                ),
                HealthBridgeState("Health Connect"),
                HealthBridgeState("Health Connect", HealthStoreAvailability.NEEDS_INSTALL),
                HealthBridgeState("Health Connect", HealthStoreAvailability.UNSUPPORTED, problem = problem),
                HealthBridgeState("Health Connect", enabled = true, result = "2 readings written to Health Connect; 1 new from other apps."),
            ),
        )
    }

    @Test
    fun everyFormFieldOfEveryKindIsSpokenWithItsLimit() {
        val forms = EntryKind.entries.filter { it != EntryKind.MODULE }.map { EntryForm(it, null, FormBuilder.fields(it, emptyMap())) }
        for (form in forms) {
            assertTrue("${form.kind} has no fields", form.fields.isNotEmpty())
            for (field in form.fields.filter { it.maxChars != null }) {
                assertTrue(field.spokenLabel, field.spokenLabel.contains("characters left"))
            }
        }
        check(forms.map { SectionState("A section", "what it is for.", form = it) })
    }
}
