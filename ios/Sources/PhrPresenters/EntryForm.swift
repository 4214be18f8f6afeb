// A form for one entry, built from the core's field schema (`entryKindFields`): each
// field's label, whether it is needed, its character limit and its choices are the
// core's. Lists (three things to know, a goal's barriers) show the items written so far
// and one empty item, up to the schema's most items.
import Foundation
import PhrCore

/// A choice of a choice field.
public struct Choice: Equatable, Sendable {
    /// The core's word for it.
    public let word: String
    /// What the person sees.
    public let label: String
}

/// Characters as the core counts them: Unicode scalar values, not grapheme clusters.
func personCharacters(_ text: String) -> Int { text.unicodeScalars.count }

/// One field of a form.
public struct FormField: Equatable, Sendable {
    /// The core's path (`name`, `items[1]`, `barriers[0].barrier`).
    public let path: String
    /// What it asks, from the core's schema.
    public var label: String
    /// What is typed or chosen (a choice's word; a date as YYYY-MM-DD).
    public var value: String = ""
    /// The core's character limit, for text.
    public var maxChars: Int?
    /// Whether the entry needs it.
    public var required = false
    /// The choices, for a choice field.
    public var choices: [Choice]?
    /// What is wrong with it, in the core's words.
    public var error: String?

    /// Characters left before the limit (negative: too many).
    public var charactersLeft: Int? { maxChars.map { $0 - personCharacters(value) } }

    /// What VoiceOver says for the field.
    public var spokenLabel: String {
        let shown: String? = choices.map { choices in choices.first { $0.word == value }?.label }
            ?? (value.isEmpty ? nil : value)
        let left: String? = charactersLeft.map { left in
            if left < 0 { return "\(-left) characters too many" }
            return left == 1 ? "1 character left" : "\(left) characters left"
        }
        return joined([label, required ? "needed" : nil, shown, left, error], ", ")
    }
}

/// A form for a new entry or a change to one.
public struct EntryForm: Equatable, Sendable {
    /// The kind of entry.
    public let kind: EntryKind
    /// The entry changed, or nil for a new one.
    public let editing: EntryId?
    /// Its fields in the core's order.
    public var fields: [FormField]
    /// Who may see a new entry (a change keeps the entry's own setting).
    public var visibility: Visibility = .private

    /// The value at `path`, or "" when empty.
    public func value(_ path: String) -> String { fields.first { $0.path == path }?.value ?? "" }

    /// The values of a list field's items (`items[0]`, `items[1]` ...) that are filled in.
    func items(_ prefix: String) -> [String] {
        fields.filter { $0.path.hasPrefix(prefix + "[") && !$0.path.contains("].") }
            .map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// The filled-in groups of a list of groups (`barriers[0].barrier` ...), in order.
    func groups(_ prefix: String) -> [[String: String]] {
        var byIndex: [Int: [String: String]] = [:]
        for field in fields where field.path.hasPrefix(prefix + "[") && field.path.contains("].") {
            let rest = field.path.dropFirst(prefix.count + 1)
            guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]) else { continue }
            let name = String(rest[rest.index(close, offsetBy: 2)...])
            byIndex[index, default: [:]][name] = field.value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return byIndex.keys.sorted().compactMap { byIndex[$0] }.filter { $0.values.contains { !$0.isEmpty } }
    }

    /// The form with `value` at `path`, and one more empty list item when the last was filled.
    func with(_ path: String, _ value: String) -> EntryForm {
        var changed = self
        changed.fields = fields.map { field in
            guard field.path == path else { return field }
            var field = field
            field.value = value
            field.error = nil
            return field
        }
        return FormBuilder.grow(changed)
    }

    /// The form with the core's complaint about `field` shown on it; nil when no field matched.
    func withError(_ field: String, _ reason: String) -> EntryForm? {
        guard let match = fields.firstIndex(where: { $0.path == field })
            ?? fields.firstIndex(where: { field.hasPrefix($0.path) || $0.path.hasPrefix(field) }) else { return nil }
        var marked = self
        for i in marked.fields.indices { marked.fields[i].error = i == match ? reason : nil }
        return marked
    }
}

/// Builds forms from the core's schema.
enum FormBuilder {
    /// The fields of `kind` with `values` (path to value) filled in.
    static func fields(_ kind: EntryKind, _ values: [String: String]) -> [FormField] {
        let specs = entryKindFields(kind: kind)
        var out: [FormField] = []
        for spec in specs where !spec.path.contains("[].") {
            switch spec.kind {
            case .group: continue // a heading only: its fields follow
            case let .listOf(item, maxItems): out += listItems(spec, item, Int(maxItems), specs, values)
            default: out.append(field(spec, spec.path, values[spec.path] ?? ""))
            }
        }
        return out
    }

    /// Adds an empty item to each list whose last item is filled, up to its most items.
    static func grow(_ form: EntryForm) -> EntryForm {
        let values = Dictionary(form.fields.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        let errors = Dictionary(form.fields.map { ($0.path, $0.error) }, uniquingKeysWith: { a, _ in a })
        var grown = form
        grown.fields = fields(form.kind, values).map { field in
            var field = field
            field.error = errors[field.path] ?? nil
            return field
        }
        return grown
    }

    private static func field(_ spec: FieldSpec, _ path: String, _ value: String, kind: FieldType? = nil) -> FormField {
        var field = FormField(path: path, label: Words.capitalised(spec.help), value: value, required: spec.required)
        switch kind ?? spec.kind {
        case let .text(maxChars): field.maxChars = Int(maxChars)
        case let .choice(values): field.choices = values.map { Choice(word: $0, label: Words.choice($0)) }
        case .yesNo: field.choices = [Choice(word: "yes", label: "Yes"), Choice(word: "no", label: "No")]
        default: break
        }
        return field
    }

    private static func listItems(_ spec: FieldSpec, _ item: FieldType, _ max: Int, _ specs: [FieldSpec],
                                  _ values: [String: String]) -> [FormField] {
        let itemSpecs = specs.filter { $0.path.hasPrefix(spec.path + "[].") }
        func sub(_ s: FieldSpec) -> String { String(s.path.dropFirst(spec.path.count + 3)) }
        func filled(_ i: Int) -> Bool {
            if itemSpecs.isEmpty { return !(values["\(spec.path)[\(i)]"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
            return itemSpecs.contains { !(values["\(spec.path)[\(i)].\(sub($0))"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        }
        var shown = 0
        while shown < max && filled(shown) { shown += 1 }
        // One empty item to type the next into, unless the list is full.
        let count = min(max, shown + 1)
        var out: [FormField] = []
        for i in 0..<count {
            if itemSpecs.isEmpty {
                let path = "\(spec.path)[\(i)]"
                var f = field(spec, path, values[path] ?? "", kind: item)
                f.required = spec.required && i == 0
                out.append(numbered(f, i, max))
            } else {
                for s in itemSpecs {
                    let path = "\(spec.path)[\(i)].\(sub(s))"
                    var f = field(s, path, values[path] ?? "")
                    f.required = s.required && filled(i)
                    out.append(numbered(f, i, max))
                }
            }
        }
        return out
    }

    private static func numbered(_ field: FormField, _ i: Int, _ max: Int) -> FormField {
        guard max > 1 else { return field }
        var field = field
        field.label = "\(field.label), \(i + 1) of \(max)"
        return field
    }
}
