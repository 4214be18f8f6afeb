// Small settings outside the record (the Apple Health switch and anchors) in
// UserDefaults. Nothing health-related is kept here: only switches and sync positions.
#if canImport(SwiftUI)
import Foundation
import PhrPresenters

/// UserDefaults as the presenters' PreferenceStore.
final class UserDefaultsPreferences: PreferenceStore, @unchecked Sendable {
    private let defaults = UserDefaults.standard

    func get(_ key: String) -> String? { defaults.string(forKey: key) }

    func put(_ key: String, _ value: String?) {
        if let value { defaults.set(value, forKey: key) } else { defaults.removeObject(forKey: key) }
    }
}
#endif
