#!/usr/bin/env bash
# Checks the workspace's dependencies with cargo-deny (deny.toml): licences, advisories,
# bans (duplicate versions are warnings), sources.
#
#   scripts/check-deps.sh
#
# Installs cargo-deny once (cargo install --locked, several minutes on 2 cores) under
# $PHR_CACHE_DIR/cargo-deny and reuses it. The RustSec advisory database is fetched into
# ~/.cache/phr/advisory-dbs when it can be reached; otherwise the copy fetched last time
# is used, and without any copy the advisories check is skipped with a note (licences,
# bans and sources are still checked).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

deny_root="$PHR_CACHE_DIR/cargo-deny"
if [[ ! -x "$deny_root/bin/cargo-deny" ]]; then
    note "installing cargo-deny into $deny_root (once; several minutes)"
    run_logged deny-install "cargo install cargo-deny" \
        cargo install --locked cargo-deny --version 0.20.2 --root "$deny_root"
fi
export PATH="$deny_root/bin:$PATH"

# deny.toml names this folder (cargo-deny expands `~`, not our variables).
db="$HOME/.cache/phr/advisory-dbs"
mkdir -p "$db"
checks=(licenses bans sources)
if cargo deny --log-level error fetch db >/dev/null 2>&1; then
    checks+=(advisories)
elif compgen -G "$db/advisory-db-*/.git" >/dev/null; then
    note "the advisory database could not be fetched; using the copy from the last fetch"
    checks+=(advisories)
else
    note "the advisory database cannot be reached and no copy is cached: advisories not checked"
fi
note "cargo deny check ${checks[*]}"
cargo deny --offline --all-features check "${checks[@]}"
