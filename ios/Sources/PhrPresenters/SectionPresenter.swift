// A section of entries the person writes (About me, About my health, Appointments):
// listed by kind, edited in forms built from the core's field schema, with each
// field's character limit counted as the person types. The core checks every entry
// when it is saved; its complaint is shown on the field it names.
import Foundation
import PhrCore

/// Turns entries of some kinds into form values and back.
protocol EntryCodec: Sendable {
    /// The kinds it can turn a form into.
    var editableKinds: Set<EntryKind> { get }
    /// The form values of an entry's body.
    func values(_ body: EntryBody) -> [String: String]
    /// The body the form describes; `FormIncomplete` when a choice is missing or a date mistyped.
    func body(_ form: EntryForm) throws -> EntryBody
}

/// One entry in a list, as the core summarises it.
public struct EntryLine: Equatable, Sendable {
    /// Its id.
    public let id: EntryId
    /// Its kind.
    public let kind: EntryKind
    /// The core's one-line summary.
    public let summary: String
    /// Who may see it, in words.
    public let visibility: String
    /// Where it came from, in words.
    public let source: String

    /// What VoiceOver says for the row.
    public var spokenLabel: String { "\(summary). \(source). Seen by: \(visibility)" }
}

/// The entry lines of views, in the order written.
func lines(_ views: [EntryView]) -> [EntryLine] {
    views.map { view in
        let source: String
        switch view.entry.meta.provenance {
        case .selfEntered: source = "Added by you"
        case let .imported(system, _, _, _, _): source = "From \(system)"
        case .device: source = "From your device"
        }
        return EntryLine(id: view.entry.meta.id, kind: view.kind, summary: view.summary,
                         visibility: Words.visibility(view.entry.meta.visibility), source: source)
    }
}

/// One kind of entry with the entries written.
public struct KindGroup: Equatable, Sendable {
    /// Which kind.
    public let kind: EntryKind
    /// Its name.
    public let title: String
    /// The entries of that kind.
    public let entries: [EntryLine]
    /// Whether the person can add and change entries of this kind here.
    public let editable: Bool
}

/// What a section screen shows.
public struct SectionState: Spoken, Equatable {
    /// The section's title.
    public let title: String
    /// What the section is for, in one sentence.
    public let purpose: String
    /// Each kind of the section, with its entries.
    public var groups: [KindGroup] = []
    /// The form being filled in, if any.
    public var form: EntryForm?
    /// The core's sentence for what went wrong.
    public var problem: String?

    /// What VoiceOver says for the screen.
    public var spokenLabel: String {
        let heading = form.map { "\($0.editing == nil ? "Adding" : "Changing"): \(Words.entryKind($0.kind))" }
            ?? "\(title): \(purpose)"
        return joined([heading, problem])
    }

    /// The form's fields and buttons, or each entry and each kind's add button.
    public var controls: [Control] {
        if let form {
            return form.fields.map { Control("field-\($0.path)", $0.spokenLabel) }
                + allVisibilities.map { v in
                    Control("visibility-\(controlName(v))",
                            "Who can see it: \(Words.visibility(v))\(v == form.visibility ? ", chosen" : "")",
                            enabled: form.editing == nil)
                }
                + [Control("save", "Save"), Control("cancel", "Cancel without saving")]
        }
        return groups.flatMap { group in
            group.entries.map { Control("edit-\($0.id)", "Change \(group.title): \($0.spokenLabel)", enabled: group.editable) }
                + [Control("add-\(group.kind)", "Add: \(group.title)", enabled: group.editable)]
        }
    }
}

/// A section screen's presenter.
public class SectionPresenter: Presenter<SectionState>, @unchecked Sendable {
    private let section: RecordSection
    private let kinds: [EntryKind]
    private let codec: EntryCodec

    init(session: RecordSession, section: RecordSection, kinds: [EntryKind], codec: EntryCodec, purpose: String) {
        self.section = section
        self.kinds = kinds
        self.codec = codec
        super.init(session: session, initial: SectionState(title: Words.section(section), purpose: purpose),
                   watching: [.entries])
    }

    override func load() async throws -> SectionState {
        let section = self.section
        let views = try await session.call { try $0.entryViews(filter: EntryFilter(section: section), viewer: .person) }
        let byKind = Dictionary(grouping: lines(views), by: \.kind)
        let groups = kinds.map {
            KindGroup(kind: $0, title: Words.entryKind($0), entries: byKind[$0] ?? [], editable: codec.editableKinds.contains($0))
        }
        // A form being filled in stays as it is.
        var now = state
        now.groups = groups
        return now
    }

    override func withProblem(_ state: SectionState, _ problem: String?) -> SectionState {
        var state = state
        state.problem = problem
        return state
    }

    /// Opens an empty form for a new entry of `kind` (a kind not written here opens nothing).
    public func add(_ kind: EntryKind) {
        guard codec.editableKinds.contains(kind) else { return }
        update {
            $0.form = EntryForm(kind: kind, editing: nil, fields: FormBuilder.fields(kind, [:]))
            $0.problem = nil
        }
    }

    /// Opens the form for the entry `id` with what it says now.
    public func edit(_ id: EntryId) async {
        await attempt {
            let (entry, view) = try await session.call { record in
                let entry = try record.entry(id: id, viewer: .person)
                return (entry, try record.entryView(entry: entry))
            }
            let values = codec.values(entry.body)
            update {
                $0.form = EntryForm(kind: view.kind, editing: id, fields: FormBuilder.fields(view.kind, values),
                                    visibility: entry.meta.visibility)
                $0.problem = nil
            }
        }
    }

    /// The person typed or chose `value` for the field at `path`.
    public func change(_ path: String, _ value: String) {
        update { $0.form = $0.form?.with(path, value) }
    }

    /// Who may see the new entry.
    public func choose(_ visibility: Visibility) {
        update { $0.form?.visibility = visibility }
    }

    /// Closes the form without saving.
    public func cancel() {
        update {
            $0.form = nil
            $0.problem = nil
        }
    }

    /// Saves the form; returns true when the core took it, else the form shows why not.
    @discardableResult
    public func save() async -> Bool {
        guard let form = state.form else { return false }
        do {
            let body = try codec.body(form)
            let options = NewEntryOptions(visibility: form.visibility, provenance: .selfEntered, author: .person)
            _ = try await session.call { record in
                if let id = form.editing {
                    return try record.updateEntry(id: id, body: body, author: .person)
                }
                return try record.addEntry(body: body, options: options)
            }
            update {
                $0.form = nil
                $0.problem = nil
            }
            await refresh()
            return true
        } catch let incomplete as FormIncomplete {
            let label = form.fields.first { $0.path == incomplete.path }?.label ?? incomplete.path
            update {
                $0.form = form.withError(incomplete.path, incomplete.reason) ?? form
                $0.problem = sentence("\(label): \(incomplete.reason)")
            }
        } catch let RecordError.Invalid(field, reason) {
            let marked = form.withError(field, reason)
            let label = marked?.fields.first { $0.error != nil }?.label
            update {
                $0.form = marked ?? form
                $0.problem = sentence(joined([label, reason], ": "))
            }
        } catch {
            let problem = sentence(for: error)
            update { $0.problem = problem }
        }
        return false
    }
}

/// The core's word for a case of one of its enums ("next_of_kin" for `.nextOfKin`).
func coreWord<E>(_ value: E) -> String {
    var word = ""
    for character in String(describing: value) {
        if character.isUppercase {
            word += "_" + character.lowercased()
        } else {
            word.append(character)
        }
    }
    return word
}

/// The case of `cases` whose core word is `word`; `FormIncomplete` on `path` when none is.
func parseWord<E>(_ word: String, _ cases: [E], path: String) throws -> E {
    guard let match = cases.first(where: { coreWord($0) == word }) else {
        throw FormIncomplete(path: path, reason: "choose one")
    }
    return match
}
