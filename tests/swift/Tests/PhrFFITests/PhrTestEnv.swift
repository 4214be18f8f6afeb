// Settings that scripts/test-swift.sh hands to the tests.
import Foundation

struct PhrTestEnvError: Error, CustomStringConvertible {
    let description: String
}

enum PhrTestEnv {
    /// The workspace version from Cargo.toml, which `coreVersion()` must
    /// return. Throws (the test fails) when the script did not set it.
    static func expectedVersion() throws -> String {
        guard let version = ProcessInfo.processInfo.environment["PHR_EXPECTED_VERSION"], !version.isEmpty else {
            throw PhrTestEnvError(
                description: "PHR_EXPECTED_VERSION is not set: run the tests with scripts/test-swift.sh")
        }
        return version
    }
}
