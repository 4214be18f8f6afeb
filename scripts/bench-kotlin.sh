#!/usr/bin/env bash
# The Kotlin/JVM figures of issue 14 (benches/kotlin/JvmFigures.kt): a round-trip call
# and a page of 10,000 readings, through the generated bindings and JNA against the
# release library. Prints the tab-separated ROW lines that scripts/bench.sh puts in its
# table. Builds what it needs (scripts/setup-kotlin.sh, the release library and its
# bindings); compiled jars are kept in $CARGO_TARGET_DIR/kotlin-bench.
#
#   scripts/bench-kotlin.sh

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=release
source "$PHR_ROOT/scripts/lib-kotlin.sh"

LOG=bench-kotlin
BUILD="$PHR_TARGET_DIR/kotlin-bench"
mkdir -p "$BUILD"
take_lock "kotlin-bench-$(printf '%s' "$BUILD" | cksum | cut -d' ' -f1)"

compile_bindings "$LOG" "$BUILD"
mapfile -t BENCH_SOURCES < <(find "$PHR_ROOT/benches/kotlin" -name '*.kt' -type f | LC_ALL=C sort)
[[ ${#BENCH_SOURCES[@]} -gt 0 ]] || die "no .kt files under benches/kotlin"
compile "$LOG" "benches/kotlin" "$BUILD/bench.jar" "$(fingerprint "${BENCH_SOURCES[@]}")-$BINDINGS_STAMP" \
    -Werror -classpath "$BUILD/bindings.jar:$LIB_CP" "${BENCH_SOURCES[@]}"

note "timing the Kotlin calls against $LIB_DIR/libphr_ffi.so"
java -cp "$BUILD/bench.jar:$BUILD/bindings.jar:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$LIB_CP" \
    -Djna.library.path="$LIB_DIR" \
    phr.bench.JvmFiguresKt
