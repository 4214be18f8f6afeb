// Smoke test of the Swift bindings: the library links and answers a call.
import XCTest
import PhrCore

final class CoreVersionTest: XCTestCase {
    func testCoreVersionIsTheWorkspaceVersion() throws {
        let version = coreVersion()
        XCTAssertFalse(version.isEmpty, "coreVersion() returned an empty string")
        XCTAssertEqual(version, try PhrTestEnv.expectedVersion())
    }
}
