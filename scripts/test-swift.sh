#!/usr/bin/env bash
# Runs the Swift tests of the bindings (the SwiftPM package tests/swift/)
# against the phr-ffi library, with Debian trixie's Swift 6 in the chroot
# made by scripts/setup-swift.sh (the host's C library is too old for it).
#
#   scripts/test-swift.sh [--release] [FILTER]
#
# Steps: scripts/setup-swift.sh, scripts/gen-bindings.sh; copies the
# generated bindings into tests/swift/Generated/ (git-ignored); bind-mounts
# the work tree at /work-tree and the cargo target directory at /phr-target
# inside the root; builds the package (quietly, log in the cache) and runs
# `swift test --disable-swift-testing` (XCTest) in the chroot. Its output
# ends with XCTest's summary ("Executed N tests, with N failures ...") and
# the script exits with swift test's exit code. FILTER is passed to
# `swift test --filter` (e.g. CoreVersionTest).
#
# SwiftPM's build directory is kept inside the root, in
# /var/cache/phr-swift-build/, and reused. Needs root (mount, chroot).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=debug
FILTER=""
for arg in "$@"; do
    case "$arg" in
        --release) PROFILE=release ;;
        --debug) PROFILE=debug ;;
        -h | --help)
            sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*) die "unknown option: $arg" ;;
        *) FILTER="$arg" ;;
    esac
done

[[ $(id -u) -eq 0 ]] || die "needs root (mount and chroot)"

SWIFT_ROOT="${PHR_SWIFT_ROOT:-$PHR_CACHE_DIR/swift-root}"
export PHR_SWIFT_ROOT="$SWIFT_ROOT"
LOG=test-swift

# The root is used by one run at a time (its mounts, its build cache); the
# lock is inherited by setup-swift.sh below. Then everything runs in a
# private mount namespace, so no mount outlives the script.
take_lock swift-root
umount_stale "$SWIFT_ROOT"
enter_mount_namespace "$@"
trap_umount_all

"$PHR_ROOT/scripts/setup-swift.sh" >/dev/null
"$PHR_ROOT/scripts/gen-bindings.sh" "--$PROFILE"

EXPECTED_VERSION="$(workspace_version)"
[[ -n "$EXPECTED_VERSION" ]] || die "no version in [workspace.package] of Cargo.toml"

# --- the generated bindings into the package -----------------------------

PKG="$PHR_ROOT/tests/swift"
GEN_IN="$PHR_ROOT/bindings/generated"
GEN_OUT="$PKG/Generated"

# Copies only what changed, so that SwiftPM's incremental build stays valid.
copy_if_changed() {
    mkdir -p "$(dirname "$2")"
    cmp -s "$1" "$2" || cp "$1" "$2"
}

copy_if_changed "$GEN_IN/PhrCoreFFI.h" "$GEN_OUT/PhrCoreFFI/PhrCoreFFI.h"
copy_if_changed "$GEN_IN/PhrCore.swift" "$GEN_OUT/PhrCore/PhrCore.swift"
# The conversions uniffi.toml names for dates and times, in the same module.
copy_if_changed "$PHR_ROOT/bindings/swift/PhrCoreConversions.swift" "$GEN_OUT/PhrCore/PhrCoreConversions.swift"
# SwiftPM wants the module map of a system library target named
# module.modulemap. uniffi's is for Apple platforms: drop its `use
# "Darwin"`, and link libphr_ffi.
MODULEMAP_TMP="$(mktemp)"
sed -e '/use "Darwin"/d' \
    -e 's/^\([[:space:]]*\)header "PhrCoreFFI.h"/&\n\1link "phr_ffi"/' \
    "$GEN_IN/PhrCoreFFI.modulemap" >"$MODULEMAP_TMP"
grep -q 'link "phr_ffi"' "$MODULEMAP_TMP" || die "unexpected module map from uniffi: $GEN_IN/PhrCoreFFI.modulemap"
copy_if_changed "$MODULEMAP_TMP" "$GEN_OUT/PhrCoreFFI/module.modulemap"
rm -f "$MODULEMAP_TMP"

# --- run in the root -----------------------------------------------------

mount_in_root "$SWIFT_ROOT"
bind_in_root "$PHR_ROOT" "$SWIFT_ROOT/work-tree"
bind_in_root "$PHR_TARGET_DIR" "$SWIFT_ROOT/phr-target"

IN_PKG=/work-tree/tests/swift
IN_LIB_DIR="/phr-target/$PROFILE"
# One SwiftPM build directory per work tree.
SCRATCH="/var/cache/phr-swift-build/$(printf '%s' "$PHR_ROOT" | cksum | cut -d' ' -f1)"
SWIFT_ARGS=(--package-path "$IN_PKG" --scratch-path "$SCRATCH"
    -Xlinker "-L$IN_LIB_DIR" -Xlinker -lphr_ffi)

in_root() {
    chroot "$SWIFT_ROOT" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
        LD_LIBRARY_PATH="$IN_LIB_DIR" \
        PHR_EXPECTED_VERSION="$EXPECTED_VERSION" \
        "$@"
}

note "building tests/swift in $SWIFT_ROOT (log: $PHR_LOG_DIR/$LOG.log)"
run_logged "$LOG" "swift build --build-tests" \
    in_root swift build --build-tests "${SWIFT_ARGS[@]}"

note "running swift test against $PHR_TARGET_DIR/$PROFILE/libphr_ffi.so"
rc=0
in_root swift test --skip-build --disable-swift-testing "${SWIFT_ARGS[@]}" \
    ${FILTER:+--filter "$FILTER"} 2>&1 || rc=$?
exit $rc
