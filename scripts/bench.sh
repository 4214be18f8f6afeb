#!/usr/bin/env bash
# The figures of issue 14 in one table: builds in release, runs the figures benchmark
# (core/benches/figures: every cost of the readings path at 10k, 100k and 1M readings,
# each against its baseline in the same run, interleaved, medians of several rounds),
# then the peak memory of `phr demo` and of a 1,000,000-reading sync, the size of the
# stripped release library, the relay's manifest fetches with 100 clients on SQLite and
# PostgreSQL (relay/benches/manifests.rs) and the Kotlin/JVM calls
# (scripts/bench-kotlin.sh). Prints one Markdown table (the one in BENCHMARKS.md).
#
#   scripts/bench.sh            every size: 10k, 100k and 1M readings (about 25 minutes cold)
#   scripts/bench.sh --quick    10k and 100k only, a 100k sync (the table says so)
#
# Environment: PHR_BENCH_SIZES (comma-separated record sizes, overrides --quick),
# PHR_BENCH_ROUNDS (ingest rounds at 1M, default 3), PHR_BENCH_SYNC (readings in the
# peak-memory sync, default 1000000), PHR_BENCH_OUT (also write the table there).
# Never part of scripts/test.sh: no test asserts a time.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=0
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        -h | --help)
            sed -n '2,16p' "$0"
            exit 0
            ;;
        *) die "unknown argument: $arg" ;;
    esac
done
if [[ $quick == 1 ]]; then
    export PHR_BENCH_SIZES="${PHR_BENCH_SIZES:-10000,100000}"
    sync_n="${PHR_BENCH_SYNC:-100000}"
else
    export PHR_BENCH_SIZES="${PHR_BENCH_SIZES:-10000,100000,1000000}"
    sync_n="${PHR_BENCH_SYNC:-1000000}"
fi

command -v cargo >/dev/null 2>&1 || scripts/setup-rust.sh
[[ -x /usr/bin/time ]] || apt_install_missing bench time

note "building in release (phr, the library, the figures benchmark)"
run_logged bench "cargo build --release -p phr-cli" cargo build --release -p phr-cli
run_logged bench "cargo build --release -p phr-ffi --lib" cargo build --release -p phr-ffi --lib
json="$PHR_LOG_DIR/bench-build.json"
cargo bench -p phr-core --bench figures --no-run --message-format=json >"$json" 2>>"$PHR_LOG_DIR/bench.log" ||
    die "building the figures benchmark failed (see $PHR_LOG_DIR/bench.log)"
figures="$(grep -o '"executable":"[^"]*figures[^"]*"' "$json" | tail -n 1 | sed 's/^"executable":"//; s/"$//')"
[[ -x "$figures" ]] || die "no figures benchmark executable found"

work="$(mktemp -d "${TMPDIR:-/tmp}/phr-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rows="$work/rows.tsv"

note "figures at ${PHR_BENCH_SIZES} readings (this takes a while)"
"$figures" --bench >"$work/figures.out" 2>>"$PHR_LOG_DIR/bench.log" ||
    die "the figures benchmark failed (see $PHR_LOG_DIR/bench.log)"
grep '^ROW' "$work/figures.out" | cut -f2- >"$rows"

# Peak resident memory (KiB, from GNU time) of a command.
peak_kib() {
    /usr/bin/time -v "$@" 2>"$work/time.txt" >/dev/null || {
        cat "$work/time.txt" >>"$PHR_LOG_DIR/bench.log"
        return 1
    }
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
size_text() { awk -v n="$1" 'BEGIN { if (n >= 1000000) printf "%gM", n / 1e6; else printf "%gk", n / 1e3 }'; }

note "peak memory of phr demo"
demo_kib="$(PHR_PASSPHRASE="bench passphrase, not for real records" \
    peak_kib "$PHR_TARGET_DIR/release/phr" --record "$work/demo.db" demo)" || die "phr demo failed"
printf 'peak memory of `phr demo` (release)\t-\t%s\t-\t-\treported\t-\n' "$(mib "$demo_kib")" >>"$rows"

note "peak memory of a sync of $sync_n readings"
sync_kib="$(peak_kib "$figures" peak-sync "$sync_n")" || die "the peak-sync run failed"
printf 'peak memory of a sync through the API, batches of 500\t%s\t%s\t-\t-\treported\t-\n' \
    "$(size_text "$sync_n")" "$(mib "$sync_kib")" >>"$rows"

lib="$PHR_TARGET_DIR/release/libphr_ffi.so"
if [[ -f "$lib" ]]; then
    cp "$lib" "$work/lib.so"
    strip "$work/lib.so"
    bytes="$(stat -c %s "$work/lib.so")"
    verdict="$(awk -v b="$bytes" 'BEGIN { print (b < 6000000 ? "met" : "MISSED") }')"
    printf 'stripped release library (libphr_ffi.so, FHIR and sharing in)\t-\t%s\t-\t-\t< 6 MB\t%s\n' \
        "$(awk -v b="$bytes" 'BEGIN { printf "%.2f MB", b / 1e6 }')" "$verdict" >>"$rows"
fi

# The relay under 100 steady clients, on SQLite and on a private PostgreSQL (started
# here and stopped on the way out; the lock keeps scripts/test.sh from stopping it).
note "relay manifest fetches with 100 clients (SQLite, PostgreSQL)"
run_logged bench "cargo bench -p phr-relay --bench manifests --no-run" \
    cargo bench -p phr-relay --bench manifests --no-run
take_lock relay-tests
pg_line="$(scripts/setup-postgres.sh start 2>>"$PHR_LOG_DIR/bench.log" | tail -n 1)" || pg_line=""
if [[ "$pg_line" == PHR_TEST_POSTGRES_URL=* ]]; then
    export PHR_TEST_POSTGRES_URL="${pg_line#PHR_TEST_POSTGRES_URL=}"
    trap 'scripts/setup-postgres.sh stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
else
    unset PHR_TEST_POSTGRES_URL
    note "PostgreSQL could not be set up (see $PHR_LOG_DIR/bench.log): its row says so"
fi
cargo bench -p phr-relay --bench manifests 2>>"$PHR_LOG_DIR/bench.log" | grep '^ROW' | cut -f2- >>"$rows" ||
    die "the relay benchmark failed (see $PHR_LOG_DIR/bench.log)"

# Through the Kotlin bindings on the JVM.
note "Kotlin/JVM figures (scripts/bench-kotlin.sh)"
scripts/bench-kotlin.sh 2>>"$PHR_LOG_DIR/bench.log" | grep '^ROW' | cut -f2- >>"$rows" ||
    die "the Kotlin figures failed (see $PHR_LOG_DIR/bench.log)"

table() {
    printf '| figure | readings | value | baseline (same run) | ratio | target | verdict |\n'
    printf '|---|---|---|---|---|---|---|\n'
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$rows"
    printf '\nSizes measured: %s readings' "$PHR_BENCH_SIZES"
    [[ $quick == 1 ]] && printf ' (quick run: no 1M figures)'
    printf '; %s cores; %s.\n' "$(nproc)" "$(date -u '+%F %H:%M UTC')"
}
table | tee "$work/table.md"
if [[ -n "${PHR_BENCH_OUT:-}" ]]; then
    cp "$work/table.md" "$PHR_BENCH_OUT"
fi
