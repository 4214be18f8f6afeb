#!/usr/bin/env bash
# Installs what the Rust build and tests need on a Debian machine, idempotently:
# the system libcrypto headers for SQLCipher (libssl-dev), libdbus for btleplug and the
# Secret Service keyring (libdbus-1-dev), pkg-config, and keyutils (the kernel keyring's
# `keyctl`, used to give the tests a session keyring). Also rustfmt and clippy.
#
#   scripts/setup-rust.sh

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    apt_install_missing setup-rust libssl-dev libdbus-1-dev pkg-config keyutils
elif ! pkg-config --exists openssl dbus-1 2>/dev/null; then
    die "install libssl-dev, libdbus-1-dev, pkg-config and keyutils (needs root)"
fi

if command -v rustup >/dev/null 2>&1; then
    for component in rustfmt clippy; do
        if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
            run_logged setup-rust "rustup component add $component" rustup component add "$component"
        fi
    done
fi
