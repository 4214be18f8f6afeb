// swift-tools-version:5.9
// The Swift tests of the bindings. scripts/test-swift.sh copies the bindings that
// uniffi generated (with bindings/swift/PhrCoreConversions.swift) into Generated/
// (git-ignored) and runs `swift test` in the Debian trixie root made by
// scripts/setup-swift.sh.
//
// Targets:
//   PhrCoreFFI   the C side: uniffi's header PhrCoreFFI.h and a module map that
//                links libphr_ffi (its directory is given to the linker by the script)
//   PhrCore      uniffi's Swift code (PhrCore.swift) and the date conversions
//   PhrFFITests  the XCTest tests: every .swift file in Tests/PhrFFITests, compiled
//                with warnings as errors
import PackageDescription

let package = Package(
    name: "PhrFFITests",
    targets: [
        .systemLibrary(name: "PhrCoreFFI", path: "Generated/PhrCoreFFI"),
        .target(name: "PhrCore", dependencies: ["PhrCoreFFI"], path: "Generated/PhrCore"),
        // Warnings are errors in the tests (not in uniffi's generated code).
        .testTarget(
            name: "PhrFFITests", dependencies: ["PhrCore"], path: "Tests/PhrFFITests",
            swiftSettings: [.unsafeFlags(["-warnings-as-errors"])]
        ),
    ]
)
