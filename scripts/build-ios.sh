#!/usr/bin/env bash
# Builds the phr-ffi library for iOS as an XCFramework and puts it, with its Swift
# bindings, into the Swift package ios/PHRKit:
#
#   ios/PHRKit/phr_ffiFFI.xcframework      static libraries: device (arm64) and
#                                          simulator (arm64 + x86_64), C header, module map
#   ios/PHRKit/Sources/PHRKit/phr_ffi.swift uniffi's Swift bindings
#   ios/PHRKit/Package.swift               written only when there is none
#
#   scripts/build-ios.sh [--debug]
#
# Needs macOS with Xcode (xcodebuild, lipo) and the Rust targets aarch64-apple-ios,
# aarch64-apple-ios-sim and x86_64-apple-ios (`rustup target add ...`). SQLCipher uses
# CommonCrypto on Apple platforms (rusqlite's bundled SQLCipher picks it), so no
# OpenSSL is built; the package links Security.framework for it.
#
# The static libraries are built here, for the Apple targets only, with
# `cargo rustc --crate-type staticlib`: bindings/Cargo.toml declares lib and cdylib
# but not staticlib, because a debug staticlib for Linux would be about 300 MB.
#
# Written from the documentation of cargo (`cargo rustc --crate-type`), Apple
# (`lipo -create`, `xcodebuild -create-xcframework -library ... -headers ...`), SwiftPM
# (binary targets) and uniffi (Swift bindings in library mode). This machine has no
# Xcode, so the script has not been run here; it stops with a clear message when a tool
# is missing, before building anything.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=release
for arg in "$@"; do
    case "$arg" in
        --debug) PROFILE=debug ;;
        --release) PROFILE=release ;;
        -h | --help)
            sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $arg (use --debug)" ;;
    esac
done

DEVICE_TARGET=aarch64-apple-ios
SIM_TARGETS=(aarch64-apple-ios-sim x86_64-apple-ios)
PACKAGE="$PHR_ROOT/ios/PHRKit"
XCFRAMEWORK="$PACKAGE/phr_ffiFFI.xcframework"
SWIFT_OUT="$PACKAGE/Sources/PHRKit"
# Oldest iOS the package supports; the C code (SQLCipher) is compiled for it too.
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-15.0}"
LOG=build-ios

# --- the tools, checked before anything is built ---------------------------

[[ "$(uname -s)" == Darwin ]] || die "iOS libraries are built on macOS with Xcode (this is $(uname -s))"
command -v xcodebuild >/dev/null 2>&1 || die "xcodebuild is not installed: install Xcode, then xcode-select --install"
xcodebuild -version >/dev/null 2>&1 || die "xcodebuild does not run: select Xcode with sudo xcode-select -s /Applications/Xcode.app"
command -v lipo >/dev/null 2>&1 || die "lipo is not installed (it comes with Xcode's command-line tools)"
command -v cargo >/dev/null 2>&1 || die "cargo is not installed (run scripts/setup-rust.sh)"
if command -v rustup >/dev/null 2>&1; then
    installed="$(rustup target list --installed)"
    missing=()
    for t in "$DEVICE_TARGET" "${SIM_TARGETS[@]}"; do
        grep -qx "$t" <<<"$installed" || missing+=("$t")
    done
    [[ ${#missing[@]} -eq 0 ]] || die "Rust targets missing: rustup target add ${missing[*]}"
fi

CARGO_PROFILE_ARGS=()
[[ $PROFILE == release ]] && CARGO_PROFILE_ARGS=(--release)

# --- the static libraries ---------------------------------------------------

# staticlib <target>: builds libphr_ffi.a for one Apple target.
staticlib() {
    note "cargo rustc --crate-type staticlib --target $1 ($PROFILE; log: $PHR_LOG_DIR/$LOG.log)"
    run_logged "$LOG" "cargo rustc $1" \
        cargo rustc -p phr-ffi --lib --target "$1" "${CARGO_PROFILE_ARGS[@]}" --crate-type staticlib
    [[ -f "$PHR_TARGET_DIR/$1/$PROFILE/libphr_ffi.a" ]] || die "cargo did not produce $PHR_TARGET_DIR/$1/$PROFILE/libphr_ffi.a"
}

staticlib "$DEVICE_TARGET"
SIM_LIBS=()
for t in "${SIM_TARGETS[@]}"; do
    staticlib "$t"
    SIM_LIBS+=("$PHR_TARGET_DIR/$t/$PROFILE/libphr_ffi.a")
done

# One simulator library for both simulator architectures (an XCFramework takes one
# library per platform).
SIM_DIR="$PHR_TARGET_DIR/ios-simulator/$PROFILE"
mkdir -p "$SIM_DIR"
run_logged "$LOG" "lipo simulator libraries" \
    lipo -create "${SIM_LIBS[@]}" -output "$SIM_DIR/libphr_ffi.a"

# --- the Swift bindings and the C headers ------------------------------------

note "generating the Swift bindings"
run_logged "$LOG" "cargo build -p phr-ffi (host)" \
    cargo build -p phr-ffi --lib --bins "${CARGO_PROFILE_ARGS[@]}"
TMP_OUT="$(mktemp -d "$PHR_TARGET_DIR/phr-ios-bindings.XXXXXX")"
trap 'rm -rf "$TMP_OUT"' EXIT
run_logged "$LOG" "uniffi-bindgen generate swift" \
    "$PHR_TARGET_DIR/$PROFILE/uniffi-bindgen" generate --language swift --no-format \
    --out-dir "$TMP_OUT" "$PHR_TARGET_DIR/$PROFILE/libphr_ffi.dylib"
for f in phr_ffi.swift phr_ffiFFI.h phr_ffiFFI.modulemap; do
    [[ -f "$TMP_OUT/$f" ]] || die "uniffi-bindgen did not write $f"
done
HEADERS="$TMP_OUT/headers"
mkdir -p "$HEADERS"
cp "$TMP_OUT/phr_ffiFFI.h" "$HEADERS/"
# Inside an XCFramework's headers the module map must be called module.modulemap.
cp "$TMP_OUT/phr_ffiFFI.modulemap" "$HEADERS/module.modulemap"

# --- the XCFramework and the package -----------------------------------------

mkdir -p "$PACKAGE" "$SWIFT_OUT"
rm -rf "$XCFRAMEWORK"
run_logged "$LOG" "xcodebuild -create-xcframework" \
    xcodebuild -create-xcframework \
    -library "$PHR_TARGET_DIR/$DEVICE_TARGET/$PROFILE/libphr_ffi.a" -headers "$HEADERS" \
    -library "$SIM_DIR/libphr_ffi.a" -headers "$HEADERS" \
    -output "$XCFRAMEWORK"
cp "$TMP_OUT/phr_ffi.swift" "$SWIFT_OUT/phr_ffi.swift"

if [[ ! -f "$PACKAGE/Package.swift" ]]; then
    note "writing ${PACKAGE#"$PHR_ROOT"/}/Package.swift"
    cat >"$PACKAGE/Package.swift" <<'SWIFT'
// swift-tools-version:5.9
// PHRKit: the Person Held Record core for iOS apps. Written by scripts/build-ios.sh
// (kept when it exists): the XCFramework phr_ffiFFI (static libraries, C header and
// module map) and uniffi's Swift bindings, as module PHRKit (`import PHRKit`).
import PackageDescription

let package = Package(
    name: "PHRKit",
    platforms: [.iOS(.v15)],
    products: [
        .library(name: "PHRKit", targets: ["PHRKit"]),
    ],
    targets: [
        .binaryTarget(name: "phr_ffiFFI", path: "phr_ffiFFI.xcframework"),
        .target(
            name: "PHRKit",
            dependencies: ["phr_ffiFFI"],
            path: "Sources/PHRKit",
            // SQLCipher's CommonCrypto provider uses the Security framework.
            linkerSettings: [.linkedFramework("Security")]
        ),
    ]
)
SWIFT
fi

note "done: ${XCFRAMEWORK#"$PHR_ROOT"/} and ${SWIFT_OUT#"$PHR_ROOT"/}/phr_ffi.swift"
