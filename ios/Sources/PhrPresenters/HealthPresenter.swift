// About my health: identity, conditions, allergies, vaccinations, medicines, social
// prescriptions and test results, each saying where it came from (the GP record or the
// person). The person adds and corrects what they know, and says "I have stopped
// taking this" for a medicine; results and imported entries keep their provenance.
import Foundation
import PhrCore

/// The kinds of About my health, in the order the screen lists them.
let healthKinds: [EntryKind] = [.identity, .condition, .allergy, .medication, .vaccination, .socialPrescription, .testResult]

/// Turns the health entries a person writes into form values and back.
struct HealthCodec: EntryCodec {
    // Test results come from laboratories through imports: listed, not typed in.
    let editableKinds = Set(healthKinds).subtracting([.testResult])

    func values(_ body: EntryBody) -> [String: String] {
        var v = FormValues()
        switch body {
        case let .identity(i):
            v.put("name", i.name)
            v.put("preferred_name", i.preferredName)
            v.put("date_of_birth", i.dateOfBirth)
            v.put("nhs_number", i.nhsNumber)
            v.put("pronouns", i.pronouns)
        case let .condition(c):
            v.put("name", c.name)
            v.put("category", coreWord(c.category))
            v.put("since", c.since)
            v.put("status", coreWord(c.status))
            v.put("notes", c.notes)
        case let .allergy(a):
            v.put("substance", a.substance)
            v.put("reaction", a.reaction)
            v.put("severity", a.severity.map { coreWord($0) })
            v.put("notes", a.notes)
        case let .medication(m):
            v.put("name", m.name)
            v.put("dose", m.dose)
            v.put("reason", m.reason)
            v.put("origin", coreWord(m.origin))
            switch m.status {
            case .taking:
                v.put("status.state", "taking")
            case let .stoppedByMe(on, reason):
                v.put("status.state", "stopped_by_me")
                v.put("status.on", on)
                v.put("status.reason", reason)
            case let .stoppedByProfessional(on):
                v.put("status.state", "stopped_by_professional")
                v.put("status.on", on)
            case let .completed(on):
                v.put("status.state", "completed")
                v.put("status.on", on)
            }
        case let .vaccination(x):
            v.put("vaccine", x.vaccine)
            v.put("date", x.date)
            v.put("dose_number", x.doseNumber.map { String($0) })
            v.put("batch", x.batch)
            v.put("given_by", x.givenBy)
        case let .socialPrescription(s):
            v.put("activity", s.activity)
            v.put("organisation", s.organisation)
            v.put("referred_by", s.referredBy)
            v.put("start", s.start)
            v.put("notes", s.notes)
        default:
            break
        }
        return v.values
    }

    func body(_ form: EntryForm) throws -> EntryBody {
        let r = FormReader(form: form)
        switch form.kind {
        case .identity:
            // The core checks the ten digits and the check digit, and says what is wrong.
            return .identity(Identity(
                name: r.text("name"), preferredName: r.optional("preferred_name"), dateOfBirth: try r.date("date_of_birth"),
                nhsNumber: try r.optional("nhs_number").map { try parseNhsNumber(text: $0) }, pronouns: r.optional("pronouns")))
        case .condition:
            return .condition(Condition(
                name: r.text("name"),
                category: try r.optional("category").map { try parseWord($0, [ConditionKind.diagnosis, .significantSurgery], path: "category") } ?? .diagnosis,
                since: try r.date("since"),
                status: try r.optional("status").map { try parseWord($0, [ConditionStatus.active, .resolved], path: "status") } ?? .active,
                notes: r.optional("notes")))
        case .allergy:
            return .allergy(Allergy(
                substance: r.text("substance"), reaction: r.optional("reaction"),
                severity: try r.optional("severity").map { try parseWord($0, [Severity.mild, .moderate, .severe], path: "severity") },
                notes: r.optional("notes")))
        case .medication:
            return .medication(Medication(
                name: r.text("name"), dose: r.optional("dose"), reason: r.optional("reason"),
                origin: try r.optional("origin").map { try parseWord($0, [MedicationOrigin.prescribed, .overTheCounter], path: "origin") } ?? .prescribed,
                status: try medicationStatus(r)))
        case .vaccination:
            guard let date = try r.date("date") else { throw FormIncomplete(path: "date", reason: "choose a date") }
            return .vaccination(Vaccination(
                vaccine: r.text("vaccine"), date: date, doseNumber: try r.wholeNumber("dose_number"),
                batch: r.optional("batch"), givenBy: r.optional("given_by")))
        case .socialPrescription:
            return .socialPrescription(SocialPrescription(
                activity: r.text("activity"), organisation: r.optional("organisation"), referredBy: r.optional("referred_by"),
                start: try r.date("start"), notes: r.optional("notes")))
        default:
            throw FormIncomplete(path: "", reason: "this kind of entry is not typed in on this screen")
        }
    }

    private func medicationStatus(_ r: FormReader) throws -> MedicationStatus {
        func stoppedOn() throws -> DateComponents {
            guard let on = try r.date("status.on") else { throw FormIncomplete(path: "status.on", reason: "choose the date it stopped") }
            return on
        }
        switch r.optional("status.state") {
        case nil, "taking": return .taking
        case "stopped_by_me": return .stoppedByMe(on: try stoppedOn(), reason: r.optional("status.reason"))
        case "stopped_by_professional": return .stoppedByProfessional(on: try stoppedOn())
        default: return .completed(on: try stoppedOn())
        }
    }
}

/// About my health.
public final class HealthPresenter: SectionPresenter, @unchecked Sendable {
    /// The About my health screen of `session`'s record.
    public init(session: RecordSession) {
        super.init(session: session, section: .health, kinds: healthKinds, codec: HealthCodec(),
                   purpose: "your conditions, allergies, medicines, vaccinations and results.")
    }

    /// "I have stopped taking this": the medicine `id` stopped today, with the person's reason.
    public func stopTaking(_ id: EntryId, reason: String?) async {
        let today = session.clock.today()
        let why = nonEmpty(reason?.trimmingCharacters(in: .whitespacesAndNewlines))
        await attempt {
            _ = try await session.call { record in
                let entry = try record.entry(id: id, viewer: .person)
                guard case var .medication(medication) = entry.body else {
                    throw RecordError.NotFound(what: "medicine")
                }
                medication.status = .stoppedByMe(on: today, reason: why)
                return try record.updateEntry(id: id, body: .medication(medication), author: .person)
            }
            await refresh()
        }
    }
}
