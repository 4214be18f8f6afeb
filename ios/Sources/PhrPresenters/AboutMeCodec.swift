// About me entries to and from a form's values, by the core's field paths. Nothing is
// checked here: the core checks every entry when it is saved (lengths, counts, one of
// each kind) and its error names the field, which the form then shows.
import Foundation
import PhrCore

/// The kinds of the About me section, in the order the screen lists them.
let aboutMeKinds: [EntryKind] = [
    .thingsToKnow, .myHistory, .goal, .personInMyLife, .myContactDetails, .contact, .organDonation, .otherTreatment,
]

/// A form's values, read as the codecs need them.
struct FormReader {
    let form: EntryForm

    func text(_ path: String) -> String { form.value(path).trimmingCharacters(in: .whitespacesAndNewlines) }

    func optional(_ path: String) -> String? {
        let value = text(path)
        return value.isEmpty ? nil : value
    }

    /// A choice that must be made.
    func word(_ path: String) throws -> String {
        guard let value = optional(path) else { throw FormIncomplete(path: path, reason: "choose one") }
        return value
    }

    func date(_ path: String) throws -> DateComponents? {
        guard let value = optional(path) else { return nil }
        guard let date = Times.date(from: value) else { throw FormIncomplete(path: path, reason: "choose a date") }
        return date
    }

    func wholeNumber(_ path: String) throws -> UInt32? {
        guard let value = optional(path) else { return nil }
        guard let number = UInt32(value) else { throw FormIncomplete(path: path, reason: "type a whole number") }
        return number
    }

    func points() -> ContactPoints {
        ContactPoints(phone: optional("phone"), email: optional("email"), address: optional("address"))
    }
}

/// Form values, written as the codecs make them.
struct FormValues {
    private(set) var values: [String: String] = [:]

    mutating func put(_ path: String, _ value: String?) {
        if let value { values[path] = value }
    }

    mutating func put(_ path: String, _ date: DateComponents?) {
        if let date { values[path] = Times.text(of: date) }
    }

    mutating func put(points: ContactPoints) {
        put("phone", points.phone)
        put("email", points.email)
        put("address", points.address)
    }
}

/// Turns About me entries into form values and back.
struct AboutMeCodec: EntryCodec {
    let editableKinds = Set(aboutMeKinds)

    func values(_ body: EntryBody) -> [String: String] {
        var v = FormValues()
        switch body {
        case let .thingsToKnow(t):
            for (i, item) in t.items.enumerated() { v.put("items[\(i)]", item) }
        case let .myHistory(h):
            v.put("text", h.text)
        case let .goal(g):
            v.put("goal", g.goal)
            for (i, b) in g.barriers.enumerated() {
                v.put("barriers[\(i)].barrier", b.barrier)
                v.put("barriers[\(i)].how_to_overcome", b.howToOvercome)
            }
            v.put("status", coreWord(g.status))
            v.put("target_date", g.targetDate)
            v.put("support", g.support)
        case let .personInMyLife(p):
            v.put("name", p.name)
            v.put("relationship", coreWord(p.relationship))
            v.put("role", p.role)
            v.put("contact", p.contact)
            v.put("notes", p.notes)
        case let .myContactDetails(d):
            v.put(points: d.points)
            v.put("preferred_method", d.preferredMethod.map { coreWord($0) })
        case let .contact(c):
            v.put("role", coreWord(c.role))
            v.put("name", c.name)
            v.put("relationship", c.relationship)
            v.put(points: c.points)
            v.put("ods_code", c.odsCode)
        case let .organDonation(o):
            v.put("decision", coreWord(o.decision))
            for (i, organ) in o.organs.enumerated() { v.put("organs[\(i)]", organ) }
            v.put("registered", o.registered ? "yes" : "no")
            v.put("notes", o.notes)
        case let .otherTreatment(t):
            v.put("name", t.name)
            v.put("category", coreWord(t.category))
            v.put("provider", t.provider)
            v.put("frequency", t.frequency)
            v.put("notes", t.notes)
        default:
            break
        }
        return v.values
    }

    func body(_ form: EntryForm) throws -> EntryBody {
        let r = FormReader(form: form)
        switch form.kind {
        case .thingsToKnow:
            return .thingsToKnow(ThingsToKnow(items: form.items("items")))
        case .myHistory:
            return .myHistory(MyHistory(text: r.text("text")))
        case .goal:
            return .goal(Goal(
                goal: r.text("goal"),
                barriers: form.groups("barriers").map { Barrier(barrier: $0["barrier"] ?? "", howToOvercome: nonEmpty($0["how_to_overcome"])) },
                status: try r.optional("status").map { try parseWord($0, [GoalStatus.active, .achieved, .paused], path: "status") } ?? .active,
                targetDate: try r.date("target_date"),
                support: r.optional("support")))
        case .personInMyLife:
            return .personInMyLife(PersonInMyLife(
                name: r.text("name"),
                relationship: try parseWord(try r.word("relationship"),
                                            [Relationship.caresForMe, .iCareFor, .family, .friend, .professional, .organisation, .volunteer, .animal],
                                            path: "relationship"),
                role: r.optional("role"), contact: r.optional("contact"), notes: r.optional("notes")))
        case .myContactDetails:
            return .myContactDetails(MyContactDetails(
                points: r.points(),
                preferredMethod: try r.optional("preferred_method").map {
                    try parseWord($0, [ContactMethod.phone, .text, .email, .letter, .inPerson], path: "preferred_method")
                }))
        case .contact:
            return .contact(Contact(
                role: try parseWord(try r.word("role"), [ContactRole.gp, .nextOfKin, .emergencyContact], path: "role"),
                name: r.text("name"), relationship: r.optional("relationship"), points: r.points(),
                odsCode: r.optional("ods_code")))
        case .organDonation:
            return .organDonation(OrganDonation(
                decision: try parseWord(try r.word("decision"),
                                        [OrganDonationDecision.donate, .doNotDonate, .nominatedRepresentative, .undecided],
                                        path: "decision"),
                organs: form.items("organs"), registered: r.text("registered") == "yes", notes: r.optional("notes")))
        case .otherTreatment:
            return .otherTreatment(OtherTreatment(
                name: r.text("name"),
                category: try parseWord(try r.word("category"),
                                        [TreatmentKind.physiotherapy, .counselling, .supportGroup, .complementary, .other],
                                        path: "category"),
                provider: r.optional("provider"), frequency: r.optional("frequency"), notes: r.optional("notes")))
        default:
            throw FormIncomplete(path: "", reason: "this kind of entry is not written on this screen")
        }
    }
}

/// nil for an empty or missing text.
func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
}

/// About me: the person's own words.
public final class AboutMePresenter: SectionPresenter, @unchecked Sendable {
    /// The About me screen of `session`'s record.
    public init(session: RecordSession) {
        super.init(session: session, section: .aboutMe, kinds: aboutMeKinds, codec: AboutMeCodec(),
                   purpose: "what you want the people who help you to know about you.")
    }
}
