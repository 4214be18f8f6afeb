// The conversions bindings/uniffi.toml names for the custom types: a time with its UTC
// offset (which crosses as its instant and offset) becomes a `Date`, written back with
// the phone's current offset; a calendar date and a time of day cross as ISO 8601 text
// and become `DateComponents`. Compiled into the PhrCore module beside the generated
// PhrCore.swift (scripts/test-swift.sh, scripts/build-ios.sh). The text always comes
// from the core, which writes it well formed; a value that does not parse is a bug, and
// stops with its text.
import Foundation

/// A time with its UTC offset, from the core: its instant (a `Date` has no offset).
func phrLocalTime(_ time: TimeWithOffset) -> Date {
    time.instant
}

/// A `Date` with the phone's current UTC offset at that instant (the offset decides the
/// local day a reading counts in).
func phrTimeWithOffset(_ date: Date) -> TimeWithOffset {
    TimeWithOffset(instant: date, offsetSeconds: Int32(TimeZone.current.secondsFromGMT(for: date)))
}

private func numbers(_ text: String, separator: Character) -> [Int] {
    text.split(separator: separator).compactMap { Int($0) }
}

/// A calendar date from `YYYY-MM-DD`.
func phrParseDate(_ text: String) -> DateComponents {
    let parts = numbers(text, separator: "-")
    precondition(parts.count == 3, "the core sent a date that is not YYYY-MM-DD: \(text)")
    return DateComponents(year: parts[0], month: parts[1], day: parts[2])
}

/// `DateComponents` with a year, month and day as `YYYY-MM-DD`.
func phrFormatDate(_ date: DateComponents) -> String {
    String(format: "%04d-%02d-%02d", date.year ?? 0, date.month ?? 0, date.day ?? 0)
}

/// A time of day from `HH:MM`.
func phrParseTimeOfDay(_ text: String) -> DateComponents {
    let parts = numbers(text, separator: ":")
    precondition(parts.count >= 2, "the core sent a time of day that is not HH:MM: \(text)")
    return DateComponents(hour: parts[0], minute: parts[1])
}

/// `DateComponents` with an hour and minute as `HH:MM`.
func phrFormatTimeOfDay(_ time: DateComponents) -> String {
    String(format: "%02d:%02d", time.hour ?? 0, time.minute ?? 0)
}
