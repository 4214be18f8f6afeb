#!/usr/bin/env bash
# Builds the phr-ffi library for iOS as an XCFramework and puts it, with its Swift
# bindings, into the Swift package ios/ (see ios/README.md):
#
#   ios/PhrCoreFFI.xcframework      static libraries for the device (arm64) and the
#                                   simulator (arm64 + x86_64, one lipo'd library), each
#                                   with Headers/PhrCoreFFI/{PhrCoreFFI.h,module.modulemap}
#   ios/Generated/PhrCore/          uniffi's Swift bindings (PhrCore.swift) and
#                                   bindings/swift/PhrCoreConversions.swift
#
#   scripts/build-ios.sh [--debug]
#
# Then: cd ios && xcodegen generate && open PhrApp.xcodeproj.
#
# Needs macOS with Xcode (xcodebuild, lipo, the iOS SDKs) and rustup; the Rust targets
# aarch64-apple-ios, aarch64-apple-ios-sim and x86_64-apple-ios are added with rustup
# when missing. On any other system it says so and exits with status 1.
#
# The module map sits in a folder named after the module (Headers/PhrCoreFFI/), not
# at the top of Headers/: Xcode copies every XCFramework's headers into one include
# folder, where two top-level module.modulemap files (this library's and another
# uniffi library's) would overwrite each other.
#
# SQLCipher's cryptography: rusqlite's bundled SQLCipher (libsqlite3-sys) uses Apple's
# CommonCrypto when host and target are both Apple and no OpenSSL is named
# (OPENSSL_DIR, OPENSSL_LIB_DIR, OPENSSL_INCLUDE_DIR), and links Security and
# CoreFoundation; so this script unsets those variables and never turns on phr-core's
# `vendored-openssl` feature (that is Android's). No OpenSSL is built for iOS.
#
# The static libraries are built with `cargo rustc --crate-type staticlib`, for the
# Apple targets only: bindings/Cargo.toml declares lib and cdylib but not staticlib
# (a staticlib for every Linux build would be large and unused).
#
# Written from the documentation of cargo, rustup, Apple's lipo and
# `xcodebuild -create-xcframework`, SwiftPM binary targets and uniffi's Swift bindings.
# The project's CI has no macOS: this script is not run there (see ios/README.md).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=release
for arg in "$@"; do
    case "$arg" in
        --debug) PROFILE=debug ;;
        --release) PROFILE=release ;;
        -h | --help)
            sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $arg (use --debug)" ;;
    esac
done

# --- the tools, checked before anything is built -----------------------------

if [[ "$(uname -s)" != Darwin ]]; then
    die "the iOS library is built on macOS with Xcode; this is $(uname -s). The presenters are tested here with scripts/test-swift.sh."
fi
command -v xcodebuild >/dev/null 2>&1 || die "xcodebuild is not installed: install Xcode from the App Store, then run xcode-select --install"
xcodebuild -version >/dev/null 2>&1 || die "xcodebuild does not run: select Xcode with sudo xcode-select -s /Applications/Xcode.app"
command -v lipo >/dev/null 2>&1 || die "lipo is not installed (it comes with Xcode's command-line tools)"
command -v cargo >/dev/null 2>&1 || die "cargo is not installed (see https://rustup.rs)"
command -v rustup >/dev/null 2>&1 || die "rustup is not installed: the iOS targets are added with it (see https://rustup.rs)"

DEVICE_TARGET=aarch64-apple-ios
SIM_TARGETS=(aarch64-apple-ios-sim x86_64-apple-ios)
IOS_DIR="$PHR_ROOT/ios"
XCFRAMEWORK="$IOS_DIR/PhrCoreFFI.xcframework"
GEN_OUT="$IOS_DIR/Generated/PhrCore"
# The oldest iOS the package supports (ios/Package.swift); the C code is compiled for it too.
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-16.0}"
LOG=build-ios

installed="$(rustup target list --installed)"
missing=()
for t in "$DEVICE_TARGET" "${SIM_TARGETS[@]}"; do
    grep -qx "$t" <<<"$installed" || missing+=("$t")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    note "rustup target add ${missing[*]}"
    run_logged "$LOG" "rustup target add" rustup target add "${missing[@]}"
fi

# CommonCrypto for SQLCipher, not an OpenSSL found in the environment (see above).
for v in OPENSSL_DIR OPENSSL_LIB_DIR OPENSSL_INCLUDE_DIR; do
    if [[ -n "${!v:-}" ]]; then
        note "ignoring $v for the iOS build (SQLCipher uses CommonCrypto on iOS)"
        unset "$v"
    fi
done

CARGO_PROFILE_ARGS=()
[[ $PROFILE == release ]] && CARGO_PROFILE_ARGS=(--release)

# --- the static libraries ------------------------------------------------------

# staticlib TARGET: builds libphr_ffi.a for one Apple target.
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

# --- the Swift bindings and the C header -----------------------------------------

# The host's dylib and uniffi-bindgen (library mode reads the names from
# bindings/uniffi.toml: module PhrCore, C module PhrCoreFFI).
"$PHR_ROOT/scripts/gen-bindings.sh" "--$PROFILE"
GEN_IN="$PHR_ROOT/bindings/generated"
for f in PhrCore.swift PhrCoreFFI.h PhrCoreFFI.modulemap; do
    [[ -f "$GEN_IN/$f" ]] || die "scripts/gen-bindings.sh did not write bindings/generated/$f"
done

HEADERS="$(mktemp -d "$PHR_TARGET_DIR/phr-ios-headers.XXXXXX")"
trap 'rm -rf "$HEADERS"' EXIT
# Namespaced: Headers/PhrCoreFFI/, so another uniffi library's module map can live
# beside this one in the same app.
mkdir -p "$HEADERS/PhrCoreFFI"
cp "$GEN_IN/PhrCoreFFI.h" "$HEADERS/PhrCoreFFI/PhrCoreFFI.h"
cp "$GEN_IN/PhrCoreFFI.modulemap" "$HEADERS/PhrCoreFFI/module.modulemap"

# --- the XCFramework and the package's generated sources ---------------------------

rm -rf "$XCFRAMEWORK"
note "xcodebuild -create-xcframework -> ${XCFRAMEWORK#"$PHR_ROOT"/}"
run_logged "$LOG" "xcodebuild -create-xcframework" \
    xcodebuild -create-xcframework \
    -library "$PHR_TARGET_DIR/$DEVICE_TARGET/$PROFILE/libphr_ffi.a" -headers "$HEADERS" \
    -library "$SIM_DIR/libphr_ffi.a" -headers "$HEADERS" \
    -output "$XCFRAMEWORK"

mkdir -p "$GEN_OUT"
cp "$GEN_IN/PhrCore.swift" "$GEN_OUT/PhrCore.swift"
cp "$PHR_ROOT/bindings/swift/PhrCoreConversions.swift" "$GEN_OUT/PhrCoreConversions.swift"

note "done: ${XCFRAMEWORK#"$PHR_ROOT"/} and ${GEN_OUT#"$PHR_ROOT"/}/; next: cd ios && xcodegen generate"
