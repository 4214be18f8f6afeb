# shellcheck shell=bash
# What scripts/test-kotlin.sh and scripts/bench-kotlin.sh share: the Kotlin compiler,
# the class path of the bindings, and `compile`, which runs kotlinc only when its
# inputs changed. Source it after lib.sh, with PROFILE (debug or release) set; it
# generates the bindings for that profile.

KOTLINC="$("$PHR_ROOT/scripts/setup-kotlin.sh" | tail -n 1)"
KOTLIN_HOME="$(cd "$(dirname "$KOTLINC")/.." && pwd)"
"$PHR_ROOT/scripts/gen-bindings.sh" "--$PROFILE"

LIB_DIR="$PHR_TARGET_DIR/$PROFILE"
GENERATED="$PHR_ROOT/bindings/generated/org/personheldrecord/phr/phr_ffi.kt"
JAVA_LIBS=/usr/share/java
LIB_CP="$JAVA_LIBS/jna.jar:$JAVA_LIBS/junit4.jar:$JAVA_LIBS/hamcrest.jar:$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar"

# fingerprint FILE...: a hash of the files' names and contents, and of the
# compiler's version.
fingerprint() {
    {
        cat "$KOTLIN_HOME/build.txt"
        local f
        for f in "$@"; do
            printf '%s\n' "$f"
            cat "$f"
        done
    } | sha256sum | cut -d' ' -f1
}

# compile LOG NAME OUT_JAR STAMP_INPUT KOTLINC_ARGS...: runs kotlinc (its output in
# LOG) unless OUT_JAR was made from the same inputs.
compile() {
    local log="$1" name="$2" jar="$3" stamp="$4"
    shift 4
    if [[ -f "$jar" && "$(cat "$jar.stamp" 2>/dev/null)" == "$stamp" ]]; then
        return 0
    fi
    note "compiling $name (log: $PHR_LOG_DIR/$log.log)"
    rm -f "$jar" "$jar.stamp"
    JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" run_logged "$log" "kotlinc $name" \
        "$KOTLINC" -jvm-target 17 -d "$jar" "$@"
    printf '%s\n' "$stamp" >"$jar.stamp"
}

# compile_bindings LOG BUILD_DIR: the generated bindings into BUILD_DIR/bindings.jar
# (their warnings are uniffi's, not ours); sets BINDINGS_STAMP.
compile_bindings() {
    BINDINGS_STAMP="$(fingerprint "$GENERATED")"
    compile "$1" "generated bindings" "$2/bindings.jar" "$BINDINGS_STAMP" -classpath "$LIB_CP" "$GENERATED"
}
