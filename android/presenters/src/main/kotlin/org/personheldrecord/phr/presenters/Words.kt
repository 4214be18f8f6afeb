// The names a person sees for the core's kinds and settings. These are labels only:
// what a reading means, whether it is high and what to do about it comes from the core.
package org.personheldrecord.phr.presenters

import org.personheldrecord.phr.AlertSeverity
import org.personheldrecord.phr.DeviceKind
import org.personheldrecord.phr.EntryKind
import org.personheldrecord.phr.ReadingKind
import org.personheldrecord.phr.RecordSection
import org.personheldrecord.phr.SyncPhase
import org.personheldrecord.phr.Visibility

/** Plain names for what the record holds. */
object Words {
    /** The title of a section of the record. */
    fun section(section: RecordSection): String = when (section) {
        RecordSection.HEALTH -> "About my health"
        RecordSection.ABOUT_ME -> "About me"
        RecordSection.APPOINTMENTS -> "Appointments"
        RecordSection.MODULES -> "Plans and questionnaires"
    }

    /** What one kind of entry is called, in the singular. */
    fun entryKind(kind: EntryKind): String = when (kind) {
        EntryKind.IDENTITY -> "My name and NHS number"
        EntryKind.CONDITION -> "Condition or operation"
        EntryKind.ALLERGY -> "Allergy"
        EntryKind.VACCINATION -> "Vaccination"
        EntryKind.MEDICATION -> "Medicine"
        EntryKind.SOCIAL_PRESCRIPTION -> "Social prescription"
        EntryKind.TEST_RESULT -> "Test result"
        EntryKind.THINGS_TO_KNOW -> "Three things to know about me"
        EntryKind.MY_HISTORY -> "My history"
        EntryKind.GOAL -> "Goal"
        EntryKind.PERSON_IN_MY_LIFE -> "Person in my life"
        EntryKind.MY_CONTACT_DETAILS -> "My contact details"
        EntryKind.CONTACT -> "Contact"
        EntryKind.ORGAN_DONATION -> "Organ donation wishes"
        EntryKind.OTHER_TREATMENT -> "Other treatment or service"
        EntryKind.APPOINTMENT -> "Appointment"
        EntryKind.MODULE -> "Plan or questionnaire"
    }

    /** What a kind of reading is called. */
    fun readingKind(kind: ReadingKind): String = when (kind) {
        ReadingKind.BLOOD_GLUCOSE -> "Blood sugar"
        ReadingKind.BLOOD_PRESSURE -> "Blood pressure"
        ReadingKind.HEART_RATE -> "Heart rate"
        ReadingKind.WEIGHT -> "Weight"
        ReadingKind.STEPS -> "Steps"
        ReadingKind.SLEEP -> "Sleep"
        ReadingKind.MOOD -> "Mood"
        ReadingKind.ALCOHOL -> "Alcohol"
        ReadingKind.STRESS -> "Stress"
        ReadingKind.MENSTRUAL_CYCLE -> "Periods"
        ReadingKind.SIDE_EFFECT -> "Side effects of medicines"
        ReadingKind.DIET -> "Food and drink"
        ReadingKind.PHYSICAL_ACTIVITY -> "Exercise"
    }

    /** An example of what to type for a reading, for the entry field's hint. */
    fun readingHint(kind: ReadingKind): String = when (kind) {
        ReadingKind.BLOOD_GLUCOSE -> "for example 5.4, or 97 mg/dL"
        ReadingKind.BLOOD_PRESSURE -> "for example 135/85"
        ReadingKind.HEART_RATE -> "beats a minute, for example 72"
        ReadingKind.WEIGHT -> "kilograms, for example 70.5"
        ReadingKind.STEPS -> "for example 8000"
        ReadingKind.SLEEP -> "minutes, for example 420"
        ReadingKind.MOOD, ReadingKind.STRESS -> "a number from 1 to 10"
        ReadingKind.ALCOHOL -> "units, for example 2"
        ReadingKind.MENSTRUAL_CYCLE -> "spotting, light, medium or heavy"
        ReadingKind.SIDE_EFFECT -> "what happened"
        ReadingKind.DIET -> "calories, for example 600"
        ReadingKind.PHYSICAL_ACTIVITY -> "minutes, for example 30"
    }

    /** Who may see an entry, as the privacy choice reads. */
    fun visibility(visibility: Visibility): String = when (visibility) {
        Visibility.PRIVATE -> "Only me"
        Visibility.SHARED -> "Me and the people I share my record with"
        Visibility.EMERGENCY -> "Also anyone treating me in an emergency"
    }

    /** How much an alert matters. */
    fun severity(severity: AlertSeverity): String = when (severity) {
        AlertSeverity.INFO -> "For your information"
        AlertSeverity.WARNING -> "Needs your attention"
        AlertSeverity.URGENT -> "Urgent"
        AlertSeverity.EMERGENCY -> "Emergency"
    }

    /** What a device is. */
    fun deviceKind(kind: DeviceKind): String = when (kind) {
        DeviceKind.GLUCOSE_METER -> "Blood sugar meter"
        DeviceKind.BLOOD_PRESSURE_CUFF -> "Blood pressure monitor"
    }

    /** Where a sync is, as its progress line starts. */
    fun syncPhase(phase: SyncPhase): String = when (phase) {
        SyncPhase.CONNECTING -> "Connecting"
        SyncPhase.PREPARING -> "Getting ready"
        SyncPhase.COUNTING -> "Counting readings"
        SyncPhase.CHECKING -> "Checking the device"
        SyncPhase.TRANSFERRING -> "Copying readings"
        SyncPhase.FINISHING -> "Finishing"
        SyncPhase.DONE -> "Done"
    }

    /** A choice word of the core's field schema ("cares_for_me") as a label. */
    fun choice(word: String): String = when (word) {
        "gp" -> "GP"
        "i_care_for" -> "I care for them"
        "cares_for_me" -> "Cares for me"
        "in_person" -> "In person"
        else -> word.replace('_', ' ').replaceFirstChar { it.uppercase() }
    }
}
