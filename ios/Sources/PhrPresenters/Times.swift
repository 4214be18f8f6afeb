// Times and numbers as the screens write them: in the phone's zone, in words a person
// reads aloud; numbers without a trailing ".0".
import Foundation

/// How screens write times and the numbers the core hands them.
public enum Times {
    /// "Sunday 8 March 2026 at 18:00", in `zone`.
    public static func spoken(_ time: Date, in zone: TimeZone) -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_GB")
        format.timeZone = zone
        format.dateFormat = "EEEE d MMMM yyyy 'at' HH:mm"
        return format.string(from: time)
    }

    /// 54.0 as "54", 5.4 as "5.4".
    public static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }

    /// The calendar date of `time` in `zone`, as the core's dates cross (year, month, day).
    public static func day(of time: Date, in zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: time)
        return DateComponents(year: parts.year, month: parts.month, day: parts.day)
    }

    /// `days` days before the date `day` (a date of year, month and day).
    public static func day(_ day: DateComponents, minus days: Int) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: day),
              let earlier = calendar.date(byAdding: .day, value: -days, to: date) else { return day }
        let parts = calendar.dateComponents([.year, .month, .day], from: earlier)
        return DateComponents(year: parts.year, month: parts.month, day: parts.day)
    }

    /// A date as YYYY-MM-DD, as forms hold it.
    public static func text(of day: DateComponents) -> String {
        String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
    }

    /// A YYYY-MM-DD date typed in a form; nil when it is not one.
    public static func date(from text: String) -> DateComponents? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: year, month: month, day: day)
        // 31 February is no date.
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return components
    }

    /// A day and time typed in a form (RFC 3339, "2026-03-20T09:30:00Z"); nil when it is not one.
    public static func dateTime(from text: String) -> Date? {
        let format = ISO8601DateFormatter()
        if let date = format.date(from: text) { return date }
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return format.date(from: text)
    }

    /// A day and time as a form holds it (RFC 3339 in UTC).
    public static func text(of time: Date) -> String {
        ISO8601DateFormatter().string(from: time)
    }
}
