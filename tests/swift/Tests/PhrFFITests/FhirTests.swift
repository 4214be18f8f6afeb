// The twin of tests/kotlin/tests/FhirTest.kt: FHIR through the bindings as async calls.
import Foundation
import XCTest
import PhrCore

final class FhirTests: XCTestCase {
    private let gpRecord = Data("""
        {"resourceType": "Bundle", "type": "collection", "entry": [
          {"resource": {"resourceType": "AllergyIntolerance", "id": "a1",
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "764146007", "display": "Penicillin"}]},
            "patient": {"reference": "Patient/p1"}}},
          {"resource": {"resourceType": "Encounter", "id": "e1", "status": "finished",
            "class": {"code": "AMB"}}}
        ]}
        """.utf8)

    func testAGpRecordImportsOnceAndTheSharedSummaryHoldsNothingPrivate() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try PersonHeldRecord.create(path: folder.appendingPathComponent("r.phr").path, key: generateDatabaseKey())
        let options = ImportOptions(defaultVisibility: .shared, dryRun: false, fileName: "gp-record.json")
        let report = try await record.importFhir(bytes: gpRecord, options: options)
        XCTAssertEqual(report.items.map(\.outcome), [.added, .notMapped])
        let again = try await record.importFhir(bytes: gpRecord, options: options)
        XCTAssertTrue(again.items.allSatisfy { $0.outcome != .added && $0.outcome != .updated })

        _ = try record.addEntry(body: .myHistory(MyHistory(text: "Nobody else may read this.")), options: typedIn(.private))
        let summary = try await record.exportIps(viewer: .shared, scope: exportEverything())
        XCTAssertTrue(summary.contains("Penicillin"))
        XCTAssertFalse(summary.contains("Nobody else may read this."))
        _ = try record.closeRecord()
    }
}
