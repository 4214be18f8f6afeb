// What VoiceOver would say that a person should never hear: an empty label, or words
// from the code rather than from people (nil, error, snake_case, braces, a UUID, a raw
// Swift value).
import Foundation
@testable import PhrPresenters

/// Checks spoken labels for plain words.
enum PlainWords {
    private static let jargon: [NSRegularExpression] = [
        #"\b(nil|null)\b"#,
        #"\b(true|false|NaN|Optional)\b"#,
        #"(?i)exception|stack ?trace|uniffi|swift|\bffi\b|\bgatt\b|\bsql|\bjson\b|\benum\b|RecordError|KeyError"#,
        #"\w_\w"#,
        #"[{}\[\]<>]|::|=>|\$|\\"#,
        #"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-"#,
        #"\w+\(\w*:|0x[0-9a-f]{4,}"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    /// What is wrong with `text` as something spoken (empty when nothing is).
    static func problems(_ text: String, _ place: String) -> [String] {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return ["\(place): nothing to say"] }
        let range = NSRange(text.startIndex..., in: text)
        return jargon.compactMap { re in
            guard let match = re.firstMatch(in: text, range: range), let found = Range(match.range, in: text) else { return nil }
            return "\(place): \"\(text[found])\" in \"\(text)\""
        }
    }

    /// Everything wrong with a screen state's spoken label and its controls' labels.
    static func problems(_ state: Spoken) -> [String] {
        let name = String(describing: type(of: state))
        return problems(state.spokenLabel, name) + state.controls.flatMap { problems($0.label, "\(name) control \($0.id)") }
    }
}
