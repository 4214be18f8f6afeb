#!/usr/bin/env bash
# Starts a private PostgreSQL 15 server for the relay's tests, idempotently, and prints
# its connection URL as the last line:
#
#   scripts/setup-postgres.sh          # install if missing, initdb once, start; prints
#                                      #   PHR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/setup-postgres.sh stop     # stops it
#
# The cluster lives in $PHR_CACHE_DIR/postgres/data, listens on 127.0.0.1 only (port
# $PHR_POSTGRES_PORT, default 55432) with its socket in the data folder, and trusts
# local connections (a test server holding nothing but test data). As root it installs
# Debian's postgresql when missing and runs the server as the `postgres` user, never as
# root; as another user it runs the server as that user and cannot install anything.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_BIN="${PHR_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR="$PHR_CACHE_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_PORT="${PHR_POSTGRES_PORT:-55432}"
LOG=setup-postgres

action="${1:-start}"
case "$action" in
    start | stop) ;;
    -h | --help)
        sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown argument: $action (use start or stop)" ;;
esac

# as_server_user CMD...: runs CMD as the user that owns the cluster.
if [[ $(id -u) -eq 0 ]]; then
    SERVER_USER=postgres
    as_server_user() { runuser -u postgres -- "$@"; }
else
    SERVER_USER="$(id -un)"
    as_server_user() { "$@"; }
fi

# without_inherited_fds CMD...: runs CMD with no file descriptor above 2 open, so the
# server it starts does not inherit (and hold for its whole life) the lock files of
# this script and of the scripts that called it.
without_inherited_fds() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd="${fd##*/}"
            [[ "$fd" =~ ^[0-9]+$ && "$fd" -gt 2 ]] && eval "exec $fd>&-" 2>/dev/null
        done
        "$@"
    )
}

running() {
    [[ -f "$PG_DATA/postmaster.pid" ]] && as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

if [[ "$action" == stop ]]; then
    if running; then
        note "stopping PostgreSQL ($PG_DATA)"
        as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    fi
    exit 0
fi

take_lock postgres

if [[ ! -x "$PG_BIN/initdb" ]]; then
    [[ $(id -u) -eq 0 ]] || die "PostgreSQL 15 is not installed and installing it needs root (apt-get install postgresql)"
    apt_install_missing "$LOG" postgresql
    [[ -x "$PG_BIN/initdb" ]] || die "postgresql installed but $PG_BIN/initdb is missing"
fi

mkdir -p "$PG_DIR"
if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$PG_DIR"
    chmod 700 "$PG_DIR"
    # The cache usually sits in root's home, which other users cannot enter. Give the
    # postgres user the right to pass through (not to list or read) each folder above
    # the cluster that stops it.
    ancestors=()
    d="$PG_DIR"
    while d="$(dirname "$d")" && [[ "$d" != / ]]; do
        ancestors=("$d" "${ancestors[@]}")
    done
    for d in "${ancestors[@]}"; do # outermost first: an inner folder may only look shut
        if ! runuser -u postgres -- test -x "$d"; then
            command -v setfacl >/dev/null || apt_install_missing "$LOG" acl
            note "letting the postgres user pass through $d (setfacl u:postgres:x)"
            setfacl -m u:postgres:x "$d" || die "cannot let the postgres user reach $PG_DIR"
        fi
    done
fi

if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    note "creating a PostgreSQL cluster in $PG_DATA (log: $PHR_LOG_DIR/$LOG.log)"
    rm -rf "$PG_DATA"
    run_logged "$LOG" "initdb" as_server_user "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres
fi

if ! running; then
    note "starting PostgreSQL on 127.0.0.1:$PG_PORT as $SERVER_USER"
    run_logged "$LOG" "pg_ctl start" without_inherited_fds as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" \
        -l "$PG_DIR/server.log" \
        -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" -w start ||
        die "PostgreSQL did not start (see $PG_DIR/server.log)"
fi

"$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q || die "PostgreSQL is not answering on 127.0.0.1:$PG_PORT"
printf 'PHR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:%s/postgres\n' "$PG_PORT"
