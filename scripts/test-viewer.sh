#!/usr/bin/env bash
# The professionals' viewer in headless Chromium against a real relay
# (relay/tests/viewer/viewer.test.mjs). Installs Debian's chromium and the pinned
# playwright-core when missing, builds `phr` (whose `relay serve` runs the relay and
# whose `share create` makes a link from a demo record), runs the test. PHR_BIN names a
# `phr` already built (scripts/test.sh passes the one `cargo test --workspace` built, so
# no second build with other features is made).
# Ends with one line "N passed, N failed".
#
#   scripts/test-viewer.sh
#   PHR_VIEWER_SCREENSHOT=/tmp/viewer.png scripts/test-viewer.sh   # also keep screenshots
#
# The test reads third-party bundles from the shared fixtures (PHR_FIXTURES_DIR, or
# ../shared/fixtures beside the repository).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

eval "$(scripts/setup-browser.sh)"
eval "$(scripts/setup-checkers.sh)"
if [[ -z "${PHR_BIN:-}" ]]; then
    note "building phr (log: $PHR_LOG_DIR/test-viewer.log)"
    run_logged test-viewer "cargo build -p phr-cli" cargo build -p phr-cli
    PHR_BIN="$PHR_TARGET_DIR/debug/phr"
fi
[[ -x "$PHR_BIN" ]] || die "no phr program at $PHR_BIN"
PHR_BIN="$PHR_BIN" \
    PHR_CHECKERS_NODE_MODULES="$PHR_CHECKERS_NODE_MODULES" \
    PHR_CHROMIUM="$PHR_CHROMIUM" \
    node relay/tests/viewer/viewer.test.mjs
