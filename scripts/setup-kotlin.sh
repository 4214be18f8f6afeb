#!/usr/bin/env bash
# Installs what the Kotlin binding tests need, and prints the path of
# kotlinc (last line of stdout). Idempotent and fast when already done.
#
#   - Debian packages libjna-java, junit4, libhamcrest-java (jars in
#     /usr/share/java), with apt-get, when missing;
#   - the npm package kotlin-compiler (a full kotlinc distribution, with
#     lib/kotlin-stdlib.jar and lib/kotlinx-coroutines-core-jvm.jar) into
#     $PHR_CACHE_DIR/kotlin/<version> (default ~/.cache/phr/kotlin/...).
#
#   scripts/setup-kotlin.sh
#
# Environment: PHR_CACHE_DIR, PHR_KOTLIN_VERSION (default below),
# PHR_VERBOSE=1 to show the commands' output.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KOTLIN_VERSION="${PHR_KOTLIN_VERSION:-2.4.20}"
KOTLIN_PREFIX="$PHR_CACHE_DIR/kotlin/$KOTLIN_VERSION"
KOTLIN_HOME="$KOTLIN_PREFIX/node_modules/kotlin-compiler"
KOTLINC="$KOTLIN_HOME/bin/kotlinc"
LOG=setup-kotlin

kotlin_ready() {
    [[ -x "$KOTLINC" && -f "$KOTLIN_HOME/lib/kotlin-stdlib.jar" &&
        -f "$KOTLIN_HOME/lib/kotlinx-coroutines-core-jvm.jar" &&
        "$(cat "$KOTLIN_HOME/build.txt" 2>/dev/null)" == "$KOTLIN_VERSION" ]]
}

debs_ready() {
    local p
    for p in libjna-java junit4 libhamcrest-java; do
        deb_installed "$p" || return 1
    done
    command -v java >/dev/null
}

if ! debs_ready || ! kotlin_ready; then
    take_lock kotlin

    if ! debs_ready; then
        jdk=()
        command -v java >/dev/null || jdk=(openjdk-17-jdk-headless)
        apt_install_missing "$LOG" libjna-java junit4 libhamcrest-java "${jdk[@]}"
    fi

    if ! kotlin_ready; then
        command -v npm >/dev/null || apt_install_missing "$LOG" npm
        note "installing kotlin-compiler@$KOTLIN_VERSION from npm into $KOTLIN_PREFIX"
        rm -rf "$KOTLIN_PREFIX"
        mkdir -p "$KOTLIN_PREFIX"
        run_logged "$LOG" "npm install kotlin-compiler@$KOTLIN_VERSION" \
            npm install --prefix "$KOTLIN_PREFIX" --no-audit --no-fund \
            --no-save "kotlin-compiler@$KOTLIN_VERSION"
        # The npm tarball may not keep the scripts' executable bits.
        chmod +x "$KOTLIN_HOME"/bin/kotlin "$KOTLIN_HOME"/bin/kotlinc "$KOTLIN_HOME"/bin/kotlinc-jvm
        kotlin_ready || die "kotlin-compiler@$KOTLIN_VERSION is incomplete in $KOTLIN_HOME"
        note "kotlinc $KOTLIN_VERSION ready"
    fi
fi

printf '%s\n' "$KOTLINC"
