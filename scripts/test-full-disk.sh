#!/usr/bin/env bash
# Runs the full-disk tests (core/tests/full_disk.rs, ignored in the default run) on a
# small tmpfs, so that the disk really fills: no call may say "not saved" for a change
# that was saved, and a refused change leaves the record unchanged.
#
#   scripts/test-full-disk.sh        # needs root (mount); skips with the reason otherwise
#
# Ends with cargo's "test result:" line; exits 0 when skipped.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ $(id -u) -ne 0 ]]; then
    note "skipped: mounting a size-limited tmpfs needs root (run as root, or in CI)"
    exit 0
fi

mnt="$(mktemp -d "${TMPDIR:-/tmp}/phr-full-disk.XXXXXX")"
cleanup() {
    umount "$mnt" 2>/dev/null || true
    rmdir "$mnt" 2>/dev/null || true
}
trap cleanup EXIT

if ! mount -t tmpfs -o size=8m,mode=0700 phr-full-disk "$mnt"; then
    note "skipped: this machine does not allow mounting a tmpfs (a container without CAP_SYS_ADMIN?)"
    exit 0
fi

note "running the full-disk tests on an 8 MiB tmpfs"
PHR_FULL_DISK_DIR="$mnt" cargo test --workspace --test full_disk -- --ignored --test-threads=1
