#!/usr/bin/env bash
# The main job on a fresh machine: installs the build's system packages (idempotently),
# builds `phr`, creates a demo record in a new temporary folder (which prints every
# section), then lists the alerts it raised, with their advice.
#
#   scripts/demo.sh
#
# The demo record is protected by a passphrase-wrapped key; the passphrase is taken
# from PHR_PASSPHRASE, or a fixed demo passphrase when it is not set.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scripts/setup-rust.sh
note "building phr"
run_logged demo "cargo build -p phr-cli" cargo build -p phr-cli
phr="$PHR_TARGET_DIR/debug/phr"

export PHR_PASSPHRASE="${PHR_PASSPHRASE:-demo passphrase, not for real records}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/phr-demo.XXXXXX")"
record="$dir/record.db"
note "demo record: $record"
"$phr" --record "$record" demo
printf '\nAlerts\n======\n'
"$phr" --record "$record" alerts
note "explore it: $phr --record $record --help"
