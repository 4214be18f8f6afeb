#!/usr/bin/env bash
# Runs every test of the project, installing what the tests need first (idempotently):
# formatting and lints; the Rust tests of every crate (the relay's suite on SQLite and
# on a private PostgreSQL, started and stopped here; the independent FHIR, JOSE, SHL and
# QR checkers); the full-disk tests on a small tmpfs; the dependency check (cargo-deny);
# the professionals' viewer in headless Chromium; then the Kotlin (JVM) and Swift
# (Linux) tests of the generated bindings. Ends with one line "N passed, N failed".
# PHR_FUZZ_SECONDS=N also runs every fuzz target for N seconds (needs nightly).
#
#   scripts/test.sh              # everything
#   scripts/test.sh --rust-only  # skip the Kotlin and Swift tests
#
# Needs root on a fresh machine (apt-get, and debootstrap + chroot for Swift).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUST_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --rust-only) RUST_ONLY=1 ;;
        -h | --help)
            sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) die "unknown option: $arg" ;;
    esac
done

passed=0
failed=0
status=0
results="$PHR_LOG_DIR/test-results"
: >"$results"

# count_cargo LOG: adds up cargo's "test result:" lines.
count_cargo() {
    local counts
    counts=$(awk '/^test result:/ {
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^passed/) p += $(i - 1)
            if ($i ~ /^failed/) f += $(i - 1)
        }
    } END { print p + 0, f + 0 }' "$1")
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
}

# count_plain LOG: the "N passed, N failed" line a binding test run ends with.
count_plain() {
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 || true)
    [[ -n "$line" ]] || return 0
    passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")))
}

# count_xctest LOG: XCTest's "Executed N tests, with M failures" summary.
count_xctest() {
    local line n m
    line=$(grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$1" | tail -n 1 || true)
    [[ -n "$line" ]] || return 0
    n=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$line")
    m=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$line")
    passed=$((passed + n - m))
    failed=$((failed + m))
}

step() {
    printf '\n=== %s\n' "$*"
}

step "setup"
scripts/setup-rust.sh
# The independent checkers (FHIR.js, the R4 JSON schema, fhir.resources, the IPS
# package, fhirpathpy ...): the tests that use them run for real, never skipped, here.
if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    apt_install_missing setup-checkers python3 python3-venv
    # A Node.js from elsewhere (NodeSource) brings its own npm, and conflicts with Debian's.
    command -v npm >/dev/null || apt_install_missing setup-checkers npm
fi
checkers_env="$(scripts/setup-checkers.sh)"
eval "$checkers_env"

# PostgreSQL for the relay suite and the sharing tests; stopped on every way out.
take_lock relay-tests
pg_err="$PHR_LOG_DIR/test-postgres-setup.err"
if pg_line="$(scripts/setup-postgres.sh start 2>"$pg_err" | tail -n 1)" && [[ "$pg_line" == PHR_TEST_POSTGRES_URL=* ]]; then
    export PHR_TEST_POSTGRES_URL="${pg_line#PHR_TEST_POSTGRES_URL=}"
    trap 'scripts/setup-postgres.sh stop >/dev/null 2>&1 || true' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    note "PostgreSQL is up: the relay suite and the sharing tests run on it too"
else
    unset PHR_TEST_POSTGRES_URL
    note "PostgreSQL could not be set up, so its cases are skipped: $(tail -n 1 "$pg_err")"
fi

step "cargo fmt --check"
cargo fmt --all -- --check || status=1

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings || status=1

step "Rust tests"
rust_log="$PHR_LOG_DIR/test-rust.log"
# A session keyring of its own lets the kernel-keyring tests run for real.
runner=()
if command -v keyctl >/dev/null 2>&1 && keyctl session - true >/dev/null 2>&1; then
    runner=(keyctl session -)
fi
if ! "${runner[@]}" cargo test --workspace 2>&1 | tee "$rust_log"; then
    status=1
fi
count_cargo "$rust_log"

step "full-disk tests (a small tmpfs; needs root)"
fd_log="$PHR_LOG_DIR/test-full-disk.log"
scripts/test-full-disk.sh 2>&1 | tee "$fd_log" || status=1
count_cargo "$fd_log"

step "dependencies (cargo deny)"
scripts/check-deps.sh || status=1

step "the viewer in headless Chromium"
viewer_log="$PHR_LOG_DIR/test-viewer-run.log"
# The `phr` the Rust tests built: the same features, so nothing is built again.
PHR_BIN="$PHR_TARGET_DIR/debug/phr" scripts/test-viewer.sh 2>&1 | tee "$viewer_log" || status=1
count_plain "$viewer_log"

if [[ -n "${PHR_FUZZ_SECONDS:-}" ]]; then
    step "fuzzing (${PHR_FUZZ_SECONDS}s a target)"
    scripts/fuzz.sh "$PHR_FUZZ_SECONDS" || status=1
fi

if [[ $RUST_ONLY == 0 ]]; then
    step "Kotlin tests"
    kotlin_log="$PHR_LOG_DIR/test-kotlin-run.log"
    scripts/test-kotlin.sh 2>&1 | tee "$kotlin_log" || status=1
    count_plain "$kotlin_log"

    step "Swift tests"
    swift_log="$PHR_LOG_DIR/test-swift-run.log"
    scripts/test-swift.sh 2>&1 | tee "$swift_log" || status=1
    count_xctest "$swift_log"
fi

if [[ $status -ne 0 && $failed -eq 0 ]]; then
    # A step failed without a failing test (fmt, clippy, a build): count it.
    failed=1
fi
printf '\n%d passed, %d failed\n' "$passed" "$failed"
exit $status
