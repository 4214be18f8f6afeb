#!/usr/bin/env bash
# Runs the Kotlin tests of the bindings and of the Android app's presenters
# (tests/kotlin/) against the phr-ffi library, on the host's JDK, through JNA.
#
#   scripts/test-kotlin.sh [--release] [CLASS_REGEX]
#
# Steps: scripts/setup-kotlin.sh, scripts/gen-bindings.sh; compiles the
# generated bindings (bindings/generated/org/personheldrecord/phr/phr_ffi.kt) into one
# jar, the app's platform-free presenters (android/presenters/src/main/kotlin/, with
# warnings as errors) into a second, then every .kt file under tests/kotlin/
# (harness and tests, with warnings as errors) into a third; runs the JUnit 4 test classes with
# tests/kotlin/harness/PhrTestRunner.kt, which closes with the line
# "N passed, N failed". Exits non-zero when a test failed or none ran.
# CLASS_REGEX selects test classes by their fully qualified name.
#
# Compiled jars are kept in $CARGO_TARGET_DIR/kotlin-tests (default
# ./target/kotlin-tests) and reused while their sources are unchanged.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=debug
FILTER=""
for arg in "$@"; do
    case "$arg" in
        --release) PROFILE=release ;;
        --debug) PROFILE=debug ;;
        -h | --help)
            sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*) die "unknown option: $arg" ;;
        *) FILTER="$arg" ;;
    esac
done

source "$PHR_ROOT/scripts/lib-kotlin.sh"

LOG=test-kotlin
BUILD="$PHR_TARGET_DIR/kotlin-tests"
EXPECTED_VERSION="$(workspace_version)"
[[ -n "$EXPECTED_VERSION" ]] || die "no version in [workspace.package] of Cargo.toml"

mkdir -p "$BUILD"
take_lock "kotlin-tests-$(printf '%s' "$BUILD" | cksum | cut -d' ' -f1)"

compile_bindings "$LOG" "$BUILD"

# The Android app's presenters: platform-free Kotlin, warnings as errors.
mapfile -t PRESENTER_SOURCES < <(find "$PHR_ROOT/android/presenters/src/main/kotlin" -name '*.kt' -type f | LC_ALL=C sort)
[[ ${#PRESENTER_SOURCES[@]} -gt 0 ]] || die "no .kt files under android/presenters/src/main/kotlin"
PRESENTERS_STAMP="$(fingerprint "${PRESENTER_SOURCES[@]}")-$BINDINGS_STAMP"
compile "$LOG" "android/presenters" "$BUILD/presenters.jar" "$PRESENTERS_STAMP" \
    -Werror -classpath "$BUILD/bindings.jar:$LIB_CP" "${PRESENTER_SOURCES[@]}"

# The harness and the tests, warnings as errors.
mapfile -t TEST_SOURCES < <(find "$PHR_ROOT/tests/kotlin" -name '*.kt' -type f | LC_ALL=C sort)
[[ ${#TEST_SOURCES[@]} -gt 0 ]] || die "no .kt files under tests/kotlin"
TESTS_STAMP="$(fingerprint "${TEST_SOURCES[@]}")-$PRESENTERS_STAMP"
compile "$LOG" "tests/kotlin" "$BUILD/tests.jar" "$TESTS_STAMP" \
    -Werror -classpath "$BUILD/presenters.jar:$BUILD/bindings.jar:$LIB_CP" "${TEST_SOURCES[@]}"

RUN_CP="$BUILD/tests.jar:$BUILD/presenters.jar:$BUILD/bindings.jar:$KOTLIN_HOME/lib/kotlin-stdlib.jar:$LIB_CP"
note "running the tests against $LIB_DIR/libphr_ffi.so"
rc=0
java -cp "$RUN_CP" \
    -Djna.library.path="$LIB_DIR" \
    -Dphr.expectedVersion="$EXPECTED_VERSION" \
    phr.harness.PhrTestRunnerKt "$BUILD/tests.jar" ${FILTER:+"$FILTER"} || rc=$?
exit $rc
