// swift-tools-version:5.9
// The Swift tests of the phr-ffi bindings. scripts/test-swift.sh copies the
// bindings that uniffi generated into Generated/ (git-ignored) and runs
// `swift test` in the Debian trixie root made by scripts/setup-swift.sh.
//
// Targets:
//   phr_ffiFFI   the C side: uniffi's header phr_ffiFFI.h and a module map
//                that links libphr_ffi (the directory where the library is
//                is given to the linker by scripts/test-swift.sh)
//   phr_ffi      uniffi's Swift code (phr_ffi.swift), as module phr_ffi
//   PhrFFITests  the XCTest tests: every .swift file in Tests/PhrFFITests,
//                compiled with warnings as errors
import PackageDescription

let package = Package(
    name: "PhrFFITests",
    targets: [
        .systemLibrary(name: "phr_ffiFFI", path: "Generated/phr_ffiFFI"),
        .target(name: "phr_ffi", dependencies: ["phr_ffiFFI"], path: "Generated/phr_ffi"),
        // Warnings are errors in the tests (not in uniffi's generated code).
        .testTarget(
            name: "PhrFFITests", dependencies: ["phr_ffi"], path: "Tests/PhrFFITests",
            swiftSettings: [.unsafeFlags(["-warnings-as-errors"])]
        ),
    ]
)
