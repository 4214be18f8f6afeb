#!/usr/bin/env bash
# Runs the Swift tests against the phr-ffi library, with Debian trixie's
# Swift 6 in the chroot made by scripts/setup-swift.sh (the host's C library
# is too old for it): the bindings' tests (the SwiftPM package tests/swift/)
# and the iPhone app's presenter tests (the package ios/, its PhrPresenters
# target; the app itself needs Xcode and is not built here).
#
#   scripts/test-swift.sh [--release] [FILTER]
#
# Steps: scripts/setup-swift.sh, scripts/gen-bindings.sh; copies the
# generated bindings into tests/swift/Generated/ and ios/Generated/
# (git-ignored); bind-mounts the work tree at /work-tree and the cargo
# target directory at /phr-target inside the root; for each package builds
# it (quietly, log in the cache) and runs `swift test --disable-swift-testing`
# (XCTest) in the chroot; parses the app's sources (ios/App/, syntax only:
# there is no iOS SDK here). The output ends with a total over both packages
# in XCTest's words ("swift, 2 packages: Executed N tests, with M failures")
# and the script exits non-zero when a build, a test or the parse failed.
# FILTER is passed to `swift test --filter` in both packages (e.g.
# CoreVersionTest, WalkthroughTests).
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
            sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
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

GEN_IN="$PHR_ROOT/bindings/generated"
# The packages, each with its Generated/ folder of the same layout.
PACKAGES=(tests/swift ios)

# Copies only what changed, so that SwiftPM's incremental build stays valid.
copy_if_changed() {
    mkdir -p "$(dirname "$2")"
    cmp -s "$1" "$2" || cp "$1" "$2"
}

# SwiftPM wants the module map of a system library target named
# module.modulemap. uniffi's is for Apple platforms: drop its `use
# "Darwin"`, and link libphr_ffi.
MODULEMAP_TMP="$(mktemp)"
sed -e '/use "Darwin"/d' \
    -e 's/^\([[:space:]]*\)header "PhrCoreFFI.h"/&\n\1link "phr_ffi"/' \
    "$GEN_IN/PhrCoreFFI.modulemap" >"$MODULEMAP_TMP"
grep -q 'link "phr_ffi"' "$MODULEMAP_TMP" || die "unexpected module map from uniffi: $GEN_IN/PhrCoreFFI.modulemap"

for pkg in "${PACKAGES[@]}"; do
    GEN_OUT="$PHR_ROOT/$pkg/Generated"
    copy_if_changed "$GEN_IN/PhrCoreFFI.h" "$GEN_OUT/PhrCoreFFI/PhrCoreFFI.h"
    copy_if_changed "$GEN_IN/PhrCore.swift" "$GEN_OUT/PhrCore/PhrCore.swift"
    # The conversions uniffi.toml names for dates and times, in the same module.
    copy_if_changed "$PHR_ROOT/bindings/swift/PhrCoreConversions.swift" "$GEN_OUT/PhrCore/PhrCoreConversions.swift"
    copy_if_changed "$MODULEMAP_TMP" "$GEN_OUT/PhrCoreFFI/module.modulemap"
done
rm -f "$MODULEMAP_TMP"

# --- run in the root -----------------------------------------------------

mount_in_root "$SWIFT_ROOT"
bind_in_root "$PHR_ROOT" "$SWIFT_ROOT/work-tree"
bind_in_root "$PHR_TARGET_DIR" "$SWIFT_ROOT/phr-target"

IN_LIB_DIR="/phr-target/$PROFILE"
# One SwiftPM build directory per work tree and package.
SCRATCH_BASE="/var/cache/phr-swift-build/$(printf '%s' "$PHR_ROOT" | cksum | cut -d' ' -f1)"

in_root() {
    chroot "$SWIFT_ROOT" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
        LD_LIBRARY_PATH="$IN_LIB_DIR" \
        PHR_EXPECTED_VERSION="$EXPECTED_VERSION" \
        "$@"
}

OUT_DIR="$(mktemp -d)"
trap 'umount_all; rm -rf "$OUT_DIR"' EXIT
total_tests=0
total_failures=0
failed=()

# test_package DIR: builds and tests the package DIR (relative to the work
# tree); adds its counts to the totals, its name to `failed` on failure.
test_package() {
    local pkg="$1" name rc=0 out summary tests failures
    name="$(printf '%s' "$pkg" | tr '/' '-')"
    local args=(--package-path "/work-tree/$pkg" --scratch-path "$SCRATCH_BASE/$name"
        -Xlinker "-L$IN_LIB_DIR" -Xlinker -lphr_ffi)
    note "building $pkg in $SWIFT_ROOT (log: $PHR_LOG_DIR/$LOG.log)"
    if ! run_logged "$LOG" "swift build --build-tests ($pkg)" \
        in_root swift build --build-tests "${args[@]}"; then
        failed+=("$pkg (build)")
        return 0
    fi
    note "running swift test in $pkg against $PHR_TARGET_DIR/$PROFILE/libphr_ffi.so"
    out="$OUT_DIR/$name.out"
    in_root swift test --skip-build --disable-swift-testing "${args[@]}" \
        ${FILTER:+--filter "$FILTER"} 2>&1 | tee "$out" || rc=$?
    # XCTest's last summary line: "Executed N tests, with M failures (...)".
    summary="$(grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$out" | tail -n 1 || true)"
    tests="$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")"
    failures="$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")"
    total_tests=$((total_tests + ${tests:-0}))
    total_failures=$((total_failures + ${failures:-0}))
    if [[ $rc -ne 0 || -z "$summary" || ${failures:-1} -ne 0 ]]; then
        failed+=("$pkg")
    fi
}

for pkg in "${PACKAGES[@]}"; do
    test_package "$pkg"
done

# The app's own sources (ios/App/: SwiftUI and Apple's frameworks) cannot be compiled
# without an iOS SDK; they are parsed, so that a syntax error shows here at least.
SWIFT_LIBEXEC=/usr/libexec/swift
note "parsing ios/App/ (syntax only: no iOS SDK here)"
mapfile -t app_sources < <(cd "$PHR_ROOT" && find ios/App -name '*.swift' | sort | sed 's#^#/work-tree/#')
if ! run_logged "$LOG" "swift-frontend -parse ios/App" \
    in_root env LD_LIBRARY_PATH="$SWIFT_LIBEXEC/lib/swift/linux:$SWIFT_LIBEXEC/lib/swift/host" \
    "$SWIFT_LIBEXEC/bin/swift-frontend" -parse "${app_sources[@]}"; then
    failed+=("ios/App (syntax)")
fi

# In XCTest's own words, so that a reader of the last summary line (scripts/test.sh)
# counts both packages.
note "swift, ${#PACKAGES[@]} packages: Executed $total_tests tests, with $total_failures failures"
if [[ ${#failed[@]} -gt 0 ]]; then
    note "FAILED: ${failed[*]}"
    exit 1
fi
