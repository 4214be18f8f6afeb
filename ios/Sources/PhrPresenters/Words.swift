// The names a person sees for the core's kinds and settings. These are labels only:
// what a reading means, whether it is high and what to do about it comes from the core.
// The same words as the Android app's (Words.kt).
import PhrCore

/// Plain names for what the record holds.
public enum Words {
    /// The title of a section of the record.
    public static func section(_ section: RecordSection) -> String {
        switch section {
        case .health: return "About my health"
        case .aboutMe: return "About me"
        case .appointments: return "Appointments"
        case .modules: return "Plans and questionnaires"
        }
    }

    /// What one kind of entry is called, in the singular.
    public static func entryKind(_ kind: EntryKind) -> String {
        switch kind {
        case .identity: return "My name and NHS number"
        case .condition: return "Condition or operation"
        case .allergy: return "Allergy"
        case .vaccination: return "Vaccination"
        case .medication: return "Medicine"
        case .socialPrescription: return "Social prescription"
        case .testResult: return "Test result"
        case .thingsToKnow: return "Three things to know about me"
        case .myHistory: return "My history"
        case .goal: return "Goal"
        case .personInMyLife: return "Person in my life"
        case .myContactDetails: return "My contact details"
        case .contact: return "Contact"
        case .organDonation: return "Organ donation wishes"
        case .otherTreatment: return "Other treatment or service"
        case .appointment: return "Appointment"
        case .module: return "Plan or questionnaire"
        }
    }

    /// What a kind of reading is called.
    public static func readingKind(_ kind: ReadingKind) -> String {
        switch kind {
        case .bloodGlucose: return "Blood sugar"
        case .bloodPressure: return "Blood pressure"
        case .heartRate: return "Heart rate"
        case .weight: return "Weight"
        case .steps: return "Steps"
        case .sleep: return "Sleep"
        case .mood: return "Mood"
        case .alcohol: return "Alcohol"
        case .stress: return "Stress"
        case .menstrualCycle: return "Periods"
        case .sideEffect: return "Side effects of medicines"
        case .diet: return "Food and drink"
        case .physicalActivity: return "Exercise"
        }
    }

    /// An example of what to type for a reading, for the entry field's hint.
    public static func readingHint(_ kind: ReadingKind) -> String {
        switch kind {
        case .bloodGlucose: return "for example 5.4, or 97 mg/dL"
        case .bloodPressure: return "for example 135/85"
        case .heartRate: return "beats a minute, for example 72"
        case .weight: return "kilograms, for example 70.5"
        case .steps: return "for example 8000"
        case .sleep: return "minutes, for example 420"
        case .mood, .stress: return "a number from 1 to 10"
        case .alcohol: return "units, for example 2"
        case .menstrualCycle: return "spotting, light, medium or heavy"
        case .sideEffect: return "what happened"
        case .diet: return "calories, for example 600"
        case .physicalActivity: return "minutes, for example 30"
        }
    }

    /// Who may see an entry, as the privacy choice reads.
    public static func visibility(_ visibility: Visibility) -> String {
        switch visibility {
        case .private: return "Only me"
        case .shared: return "Me and the people I share my record with"
        case .emergency: return "Also anyone treating me in an emergency"
        }
    }

    /// How much an alert matters.
    public static func severity(_ severity: AlertSeverity) -> String {
        switch severity {
        case .info: return "For your information"
        case .warning: return "Needs your attention"
        case .urgent: return "Urgent"
        case .emergency: return "Emergency"
        }
    }

    /// What a device is.
    public static func deviceKind(_ kind: DeviceKind) -> String {
        switch kind {
        case .glucoseMeter: return "Blood sugar meter"
        case .bloodPressureCuff: return "Blood pressure monitor"
        }
    }

    /// Where a sync is, as its progress line starts.
    public static func syncPhase(_ phase: SyncPhase) -> String {
        switch phase {
        case .connecting: return "Connecting"
        case .preparing: return "Getting ready"
        case .counting: return "Counting readings"
        case .checking: return "Checking the device"
        case .transferring: return "Copying readings"
        case .finishing: return "Finishing"
        case .done: return "Done"
        }
    }

    /// A choice word of the core's field schema ("cares_for_me") as a label.
    public static func choice(_ word: String) -> String {
        switch word {
        case "gp": return "GP"
        case "i_care_for": return "I care for them"
        case "cares_for_me": return "Cares for me"
        case "in_person": return "In person"
        default: return capitalised(word.replacingOccurrences(of: "_", with: " "))
        }
    }

    /// `text` with its first letter in capitals.
    static func capitalised(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

/// The visibilities in the order screens offer them.
let allVisibilities: [Visibility] = [.private, .shared, .emergency]

/// A lower-case name of a visibility for control ids.
func controlName(_ visibility: Visibility) -> String {
    switch visibility {
    case .private: return "private"
    case .shared: return "shared"
    case .emergency: return "emergency"
    }
}
