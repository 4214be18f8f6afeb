#!/usr/bin/env bash
# Builds the phr-ffi cdylib and generates its Kotlin and Swift bindings
# with the workspace's own uniffi-bindgen (same uniffi version as the
# library) into bindings/generated/ (git-ignored):
#
#   bindings/generated/org/personheldrecord/phr/phr_ffi.kt   Kotlin
#   bindings/generated/PhrCore.swift                         Swift
#   bindings/generated/PhrCoreFFI.h                          C header for Swift
#   bindings/generated/PhrCoreFFI.modulemap                  Clang module map
#
# (package and module names are set in bindings/uniffi.toml)
#
#   scripts/gen-bindings.sh [--release]
#
# The library is at $CARGO_TARGET_DIR/{debug,release}/libphr_ffi.so
# (default target dir: ./target). Only the cdylib is built, never a
# staticlib.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=debug
for arg in "$@"; do
    case "$arg" in
        --release) PROFILE=release ;;
        --debug) PROFILE=debug ;;
        -h | --help)
            sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown argument: $arg (use --release)" ;;
    esac
done

CARGO_PROFILE_ARGS=()
[[ $PROFILE == release ]] && CARGO_PROFILE_ARGS=(--release)

case "$(uname -s)" in
    Darwin) LIB_NAME=libphr_ffi.dylib ;;
    *) LIB_NAME=libphr_ffi.so ;;
esac
LIB="$PHR_TARGET_DIR/$PROFILE/$LIB_NAME"
BINDGEN="$PHR_TARGET_DIR/$PROFILE/uniffi-bindgen"
OUT_DIR="$PHR_ROOT/bindings/generated"
LOG=gen-bindings

# One generation at a time per work tree (test-kotlin and test-swift may
# run side by side).
take_lock "gen-bindings-$(printf '%s' "$PHR_ROOT" | cksum | cut -d' ' -f1)"

note "cargo build -p phr-ffi ($PROFILE; log: $PHR_LOG_DIR/$LOG.log)"
# Builds the rlib, the cdylib and the uniffi-bindgen binary.
run_logged "$LOG" "cargo build -p phr-ffi $PROFILE" \
    cargo build -p phr-ffi --lib --bins "${CARGO_PROFILE_ARGS[@]}"

[[ -f "$LIB" ]] || die "cargo did not produce $LIB"
[[ -x "$BINDGEN" ]] || die "cargo did not produce $BINDGEN"

# Generate into a fresh directory, then swap it in, so files of a removed
# namespace never linger and a failed run leaves the old bindings intact.
# (The temporary directory is in cargo's target directory, git-ignored.)
TMP_OUT="$(mktemp -d "$PHR_TARGET_DIR/phr-bindings-generated.XXXXXX")"
trap 'rm -rf "$TMP_OUT"' EXIT
# uniffi 0.32 detects a library source by itself (--library is deprecated
# and only a flag); --no-format: no ktlint/swiftformat on this machine.
run_logged "$LOG" "uniffi-bindgen generate" \
    "$BINDGEN" generate --language kotlin --language swift \
    --no-format --out-dir "$TMP_OUT" "$LIB"

for f in org/personheldrecord/phr/phr_ffi.kt PhrCore.swift PhrCoreFFI.h PhrCoreFFI.modulemap; do
    [[ -f "$TMP_OUT/$f" ]] || die "uniffi-bindgen did not write $f"
done

rm -rf "$OUT_DIR"
mv "$TMP_OUT" "$OUT_DIR"
chmod 755 "$OUT_DIR"
note "bindings for $LIB written to ${OUT_DIR#"$PHR_ROOT"/}"
