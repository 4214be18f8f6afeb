#!/usr/bin/env bash
# Builds the phr-ffi library for Android and puts it, with its Kotlin bindings, into
# the Android library module android/phr:
#
#   android/phr/src/main/jniLibs/{arm64-v8a,armeabi-v7a,x86_64}/libphr_ffi.so
#   android/phr/src/main/java/org/personheldrecord/phr/phr_ffi.kt
#
# (both git-ignored by android/.gitignore); then open android/ in Android Studio, or
# run ./gradlew :app:assembleDebug there (android/README.md).
#
#   scripts/build-android.sh [--debug] [--platform API_LEVEL]
#
# Needs: the Android NDK (found by cargo-ndk in Android Studio's default place, or
# given with ANDROID_NDK_HOME), cargo-ndk (`cargo install cargo-ndk`), the Rust targets
# aarch64-linux-android, armv7-linux-androideabi and x86_64-linux-android
# (`rustup target add ...`), and perl and make: SQLCipher's crypto on Android is a
# vendored OpenSSL (feature phr-core/vendored-openssl) built for each ABI.
# android/phr/build.gradle.kts brings JNA as an AAR, the bindings' only runtime
# dependency ("net.java.dev.jna:jna:5.17.0@aar").
#
# Written from the documentation of cargo-ndk (README: `cargo ndk -t <abi> -o <jniLibs>
# build`), uniffi (library mode, `--config` with `[defaults.bindings.kotlin]
# android = true`) and Android ("Support 16 KB page sizes"). This machine has no
# Android NDK, so the script has not been run here; it stops with a clear message when
# a tool is missing, before building anything.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=release
PLATFORM=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --debug) PROFILE=debug ;;
        --release) PROFILE=release ;;
        --platform)
            [[ $# -ge 2 ]] || die "--platform needs an API level, e.g. --platform 26"
            PLATFORM="$2"
            shift
            ;;
        -h | --help)
            sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $1 (use --debug or --platform API_LEVEL)" ;;
    esac
    shift
done

MODULE="$PHR_ROOT/android/phr"
JNI_LIBS="$MODULE/src/main/jniLibs"
KOTLIN_OUT="$MODULE/src/main/java"
ABIS=(arm64-v8a armeabi-v7a x86_64)
RUST_TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android)
LOG=build-android

# --- the tools, checked before anything is built ---------------------------

command -v cargo >/dev/null 2>&1 || die "cargo is not installed (run scripts/setup-rust.sh)"
if ! cargo ndk --version >/dev/null 2>&1; then
    die "cargo-ndk is not installed: cargo install cargo-ndk (https://github.com/bbqsrc/cargo-ndk)"
fi
ndk_found=0
for candidate in "${ANDROID_NDK_HOME:-}" "${ANDROID_NDK_ROOT:-}"; do
    [[ -n "$candidate" && -d "$candidate" ]] && ndk_found=1
done
for sdk in "${ANDROID_HOME:-}" "${ANDROID_SDK_ROOT:-}" "$HOME/Android/Sdk" "$HOME/Library/Android/sdk"; do
    [[ -n "$sdk" && -d "$sdk/ndk" ]] && ndk_found=1
done
[[ $ndk_found == 1 ]] || die "no Android NDK found: install it with Android Studio's SDK Manager (SDK Tools > NDK) or set ANDROID_NDK_HOME to its directory"
if command -v rustup >/dev/null 2>&1; then
    installed="$(rustup target list --installed)"
    missing=()
    for t in "${RUST_TARGETS[@]}"; do
        grep -qx "$t" <<<"$installed" || missing+=("$t")
    done
    [[ ${#missing[@]} -eq 0 ]] || die "Rust targets missing: rustup target add ${missing[*]}"
fi
for tool in perl make; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is needed to build the vendored OpenSSL for Android"
done

# --- the libraries ----------------------------------------------------------

CARGO_PROFILE_ARGS=()
[[ $PROFILE == release ]] && CARGO_PROFILE_ARGS=(--release)
NDK_ARGS=()
for abi in "${ABIS[@]}"; do
    NDK_ARGS+=(-t "$abi")
done
[[ -n "$PLATFORM" ]] && NDK_ARGS+=(--platform "$PLATFORM")

# Android 15 devices may use 16 KB memory pages, and Google Play requires 64-bit
# libraries that load there: align the ELF segments to 16 KB (Android developers,
# "Support 16 KB page sizes"). 32-bit ARM keeps 4 KB pages.
export CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS="${CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384"
export CARGO_TARGET_X86_64_LINUX_ANDROID_RUSTFLAGS="${CARGO_TARGET_X86_64_LINUX_ANDROID_RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384"

mkdir -p "$JNI_LIBS"
note "cargo ndk ${ABIS[*]} ($PROFILE; log: $PHR_LOG_DIR/$LOG.log)"
# phr-ffi builds phr-core without default features: no OS keyring, no btleplug. The
# shells bring the key (KeyStore) and the Bluetooth bytes (the feed API).
run_logged "$LOG" "cargo ndk build -p phr-ffi" \
    cargo ndk "${NDK_ARGS[@]}" -o "$JNI_LIBS" \
    build -p phr-ffi --lib "${CARGO_PROFILE_ARGS[@]}" --features phr-core/vendored-openssl

for abi in "${ABIS[@]}"; do
    [[ -f "$JNI_LIBS/$abi/libphr_ffi.so" ]] || die "cargo ndk did not produce $JNI_LIBS/$abi/libphr_ffi.so"
done

# --- the Kotlin bindings ----------------------------------------------------

# Generated from the host build of the same sources (the FFI does not depend on the
# target), with uniffi's Android settings.
note "generating the Kotlin bindings for Android"
run_logged "$LOG" "cargo build -p phr-ffi (host)" \
    cargo build -p phr-ffi --lib --bins "${CARGO_PROFILE_ARGS[@]}"
case "$(uname -s)" in
    Darwin) HOST_LIB="$PHR_TARGET_DIR/$PROFILE/libphr_ffi.dylib" ;;
    *) HOST_LIB="$PHR_TARGET_DIR/$PROFILE/libphr_ffi.so" ;;
esac
TMP_OUT="$(mktemp -d "$PHR_TARGET_DIR/phr-android-bindings.XXXXXX")"
trap 'rm -rf "$TMP_OUT"' EXIT
run_logged "$LOG" "uniffi-bindgen generate kotlin (android)" \
    "$PHR_TARGET_DIR/$PROFILE/uniffi-bindgen" generate --language kotlin --no-format \
    --config "$PHR_ROOT/bindings/uniffi-android.toml" --out-dir "$TMP_OUT" "$HOST_LIB"
# The package is bindings/uniffi.toml's (org.personheldrecord.phr), merged with the
# Android settings of bindings/uniffi-android.toml.
PACKAGE_PATH=org/personheldrecord/phr
GENERATED="$TMP_OUT/$PACKAGE_PATH/phr_ffi.kt"
[[ -f "$GENERATED" ]] || die "uniffi-bindgen did not write $PACKAGE_PATH/phr_ffi.kt"
# Bindings of an older layout (package uniffi.phr_ffi) would clash with these.
rm -rf "$KOTLIN_OUT/uniffi"
mkdir -p "$KOTLIN_OUT/$PACKAGE_PATH"
cp "$GENERATED" "$KOTLIN_OUT/$PACKAGE_PATH/phr_ffi.kt"

note "done: ${JNI_LIBS#"$PHR_ROOT"/}/{$(IFS=,; echo "${ABIS[*]}")}/libphr_ffi.so and ${KOTLIN_OUT#"$PHR_ROOT"/}/$PACKAGE_PATH/phr_ffi.kt"
