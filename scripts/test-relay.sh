#!/usr/bin/env bash
# Runs the relay's tests: the unit tests, the relay suite on SQLite and the same suite
# on PostgreSQL (a private server started by scripts/setup-postgres.sh and stopped again
# on every way out). Where PostgreSQL cannot be set up (for example without root on a
# machine that does not have it) the SQLite suite still runs and the script says
# plainly that the PostgreSQL suite was skipped and why. Ends with one line
# "N passed, N failed, N skipped" (skipped: the ignored load test, plus the PostgreSQL
# cases when PostgreSQL was not there).
#
#   scripts/test-relay.sh
#
# The load test is not run here: see relay/BENCHMARKS.md.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Two runs at once would stop each other's PostgreSQL.
take_lock relay-tests

skip_reason=""
pg_err="$PHR_LOG_DIR/test-relay-postgres-setup.err"
if pg_line="$(scripts/setup-postgres.sh start 2>"$pg_err" | tail -n 1)" && [[ "$pg_line" == PHR_TEST_POSTGRES_URL=* ]]; then
    export PHR_TEST_POSTGRES_URL="${pg_line#PHR_TEST_POSTGRES_URL=}"
    trap 'scripts/setup-postgres.sh stop >/dev/null 2>&1 || true' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    note "PostgreSQL is up; the relay suite runs on SQLite and on PostgreSQL"
else
    unset PHR_TEST_POSTGRES_URL
    skip_reason="$(grep -E 'error:' "$pg_err" | tail -n 1 | sed 's/^\[[^]]*\] error: //')"
    skip_reason="${skip_reason:-scripts/setup-postgres.sh failed (see $pg_err)}"
    scripts/setup-postgres.sh stop >/dev/null 2>&1 || true
    note "PostgreSQL could not be set up: $skip_reason"
fi

log="$PHR_LOG_DIR/test-relay.log"
status=0
cargo test -p phr-relay 2>&1 | tee "$log" || status=1

# Adds up cargo's "test result:" lines; when PostgreSQL was not there, the cases of
# tests/postgres.rs only printed a skip notice, so they count as skipped, not passed.
read -r passed failed skipped < <(awk -v pg_skipped="${skip_reason:+1}" '
    /Running tests\/postgres\.rs/ { in_pg = 1; next }
    /Running / { in_pg = 0 }
    /^test result:/ {
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^passed/) n = $(i - 1)
            if ($i ~ /^failed/) f += $(i - 1)
            if ($i ~ /^ignored/) s += $(i - 1)
        }
        if (in_pg && pg_skipped == 1) s += n; else p += n
    }
    END { print p + 0, f + 0, s + 0 }' "$log")

if [[ -n "${PHR_TEST_POSTGRES_URL:-}" ]]; then
    scripts/setup-postgres.sh stop || true # the EXIT trap stops it too, on every other way out
fi

echo
if [[ -n "$skip_reason" ]]; then
    echo "The PostgreSQL relay suite was SKIPPED: $skip_reason."
    echo "Only the SQLite suite ran. Run as root (or with PostgreSQL 15 installed) to run both."
fi
[[ $failed -eq 0 && $status -eq 0 ]] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
