// swift-tools-version:5.9
// PhrKit: the Person Held Record core for the iPhone app, and the app's screen logic.
//
// Products and targets:
//   PhrCoreFFI     the C side of the core. On Apple platforms the XCFramework that
//                  scripts/build-ios.sh makes (static libraries for device and
//                  simulator, uniffi's header and a module map in a folder of its own,
//                  Headers/PhrCoreFFI/, so that another uniffi library's module map can
//                  sit beside it in the same app). On Linux a system library whose
//                  module map links libphr_ffi, as tests/swift does (scripts/test-swift.sh
//                  writes it and gives the linker the library's folder).
//   PhrCore        uniffi's Swift bindings and the date conversions
//                  (bindings/swift/PhrCoreConversions.swift), copied into Generated/
//                  by scripts/build-ios.sh or scripts/test-swift.sh (git-ignored).
//   PhrPresenters  the screens' logic: plain state, async/await, no UIKit or SwiftUI,
//                  so it builds and is tested on Linux against the real library.
//   PhrPresentersTests  XCTest tests of the presenters, warnings as errors.
//
// The SwiftUI app (App/, project.yml) depends on the PhrPresenters product.
import PackageDescription

#if os(Linux)
let coreFFI: Target = .systemLibrary(name: "PhrCoreFFI", path: "Generated/PhrCoreFFI")
#else
let coreFFI: Target = .binaryTarget(name: "PhrCoreFFI", path: "PhrCoreFFI.xcframework")
#endif

// SQLCipher's CommonCrypto provider on Apple platforms uses the Security framework.
let coreLinker: [LinkerSetting] = [.linkedFramework("Security", .when(platforms: [.iOS])), .linkedFramework("CoreFoundation", .when(platforms: [.iOS]))]

let package = Package(
    name: "PhrKit",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "PhrCore", targets: ["PhrCore"]),
        .library(name: "PhrPresenters", targets: ["PhrPresenters"]),
    ],
    targets: [
        coreFFI,
        .target(name: "PhrCore", dependencies: ["PhrCoreFFI"], path: "Generated/PhrCore", linkerSettings: coreLinker),
        .target(name: "PhrPresenters", dependencies: ["PhrCore"], path: "Sources/PhrPresenters"),
        .testTarget(
            name: "PhrPresentersTests", dependencies: ["PhrPresenters", "PhrCore"], path: "Tests/PhrPresentersTests",
            swiftSettings: [.unsafeFlags(["-warnings-as-errors"])]
        ),
    ]
)
