#!/usr/bin/env bash
# Makes a Debian trixie root with Swift 6 (Debian's swiftlang) in the cache,
# for running the Swift binding tests in a chroot: the host's C library is
# too old for Swift 6. Idempotent: a complete root is kept and reused, a
# half-made one (an interrupted run) is thrown away and made again.
#
#   scripts/setup-swift.sh          # prints the root's path
#
# Environment: PHR_CACHE_DIR (default ~/.cache/phr), PHR_SWIFT_ROOT (default
# $PHR_CACHE_DIR/swift-root), PHR_DEBIAN_MIRROR (default: the mirror of this
# host's apt sources), PHR_VERBOSE=1 to show the commands' output.
# Needs root (debootstrap, mount, chroot).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUITE=trixie
# Packages inside the root. libdbus-1-3 and libssl3t64: the run-time
# libraries libphr_ffi links when it has the core (libdbus for the Secret
# Service keyring, libcrypto for SQLCipher).
ROOT_PACKAGES=(swiftlang libc6-dev libstdc++-14-dev libdbus-1-3 libssl3t64 ca-certificates)
SWIFT_ROOT="${PHR_SWIFT_ROOT:-$PHR_CACHE_DIR/swift-root}"
MARKER="$SWIFT_ROOT/.phr-swift-root-complete"
# What the marker records: a root made for another recipe gets its
# packages installed again (not rebuilt).
RECIPE="suite=$SUITE packages=${ROOT_PACKAGES[*]}"
LOG=setup-swift

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, mount and chroot)"

# Complete for this recipe? (/usr/bin/swift is an absolute symlink into
# the root's /usr/libexec: test the link, not its target.)
root_complete() {
    [[ -f "$MARKER" && "$(cat "$MARKER")" == "$RECIPE" && -L "$SWIFT_ROOT/usr/bin/swift" ]]
}

# Fast path: nothing to do.
if root_complete; then
    printf '%s\n' "$SWIFT_ROOT"
    exit 0
fi

take_lock swift-root
umount_stale "$SWIFT_ROOT"
enter_mount_namespace "$@"
trap_umount_all

# Another run may have finished the root while we waited for the lock.
if root_complete; then
    printf '%s\n' "$SWIFT_ROOT"
    exit 0
fi

apt_install_missing "$LOG" debootstrap

if [[ ! -f "$MARKER" ]]; then
    if [[ -e "$SWIFT_ROOT" ]]; then
        note "removing the half-made root $SWIFT_ROOT"
        [[ -z "$(mounts_under "$SWIFT_ROOT")" ]] || die "something is still mounted under $SWIFT_ROOT"
        rm -rf --one-file-system "$SWIFT_ROOT"
    fi
    mirror="$(debian_mirror)"
    note "debootstrap $SUITE from $mirror into $SWIFT_ROOT (a few minutes; log: $PHR_LOG_DIR/$LOG.log)"
    mkdir -p "$SWIFT_ROOT"
    run_logged "$LOG" "debootstrap $SUITE" \
        debootstrap --variant=minbase "$SUITE" "$SWIFT_ROOT" "$mirror"
else
    note "root incomplete or made for another package list; installing packages again"
    rm -f "$MARKER"
fi

# DNS inside the root, for apt.
cp -L /etc/resolv.conf "$SWIFT_ROOT/etc/resolv.conf" 2>/dev/null || true

mount_in_root "$SWIFT_ROOT"

in_root() {
    chroot "$SWIFT_ROOT" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

note "installing ${ROOT_PACKAGES[*]} inside the root (log: $PHR_LOG_DIR/$LOG.log)"
run_logged "$LOG" "apt-get update (root)" in_root apt-get update
run_logged "$LOG" "apt-get install (root)" \
    in_root apt-get install -y --no-install-recommends "${ROOT_PACKAGES[@]}"
run_logged "$LOG" "apt-get clean (root)" in_root apt-get clean
run_logged "$LOG" "swift --version (root)" in_root swift --version
version="$(in_root swift --version 2>&1 | head -n 1)"

umount_all
printf '%s\n' "$RECIPE" >"$MARKER"
note "swift root ready: $version"
printf '%s\n' "$SWIFT_ROOT"
