# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it, do not run it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# After sourcing, the caller is in the repository root and has:
#   PHR_ROOT        absolute path of the repository root
#   PHR_CACHE_DIR   cache outside the work tree (default ~/.cache/phr)
#   PHR_LOG_DIR     where quiet commands write their logs
#   PHR_TARGET_DIR  cargo's target directory (CARGO_TARGET_DIR or ./target)
#
# Set PHR_VERBOSE=1 to see the output of every command as it runs
# (it is still written to the log file).

set -euo pipefail

PHR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The calling script, as an absolute path (for re-running it).
PHR_SCRIPT_PATH="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$PHR_ROOT"

PHR_CACHE_DIR="${PHR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/phr}"
mkdir -p "$PHR_CACHE_DIR"
PHR_CACHE_DIR="$(cd "$PHR_CACHE_DIR" && pwd)"
PHR_LOG_DIR="$PHR_CACHE_DIR/logs"
mkdir -p "$PHR_LOG_DIR"

PHR_TARGET_DIR="${CARGO_TARGET_DIR:-$PHR_ROOT/target}"
case "$PHR_TARGET_DIR" in
    /*) ;;
    *) PHR_TARGET_DIR="$PHR_ROOT/$PHR_TARGET_DIR" ;;
esac
export PHR_ROOT PHR_CACHE_DIR PHR_LOG_DIR PHR_TARGET_DIR

# The name of the calling script, for messages.
PHR_SCRIPT="$(basename "$0" .sh)"

# Print a short progress line.
note() {
    printf '[%s] %s\n' "$PHR_SCRIPT" "$*" >&2
}

die() {
    printf '[%s] error: %s\n' "$PHR_SCRIPT" "$*" >&2
    exit 1
}

# run_logged LOGNAME DESCRIPTION CMD...
# Runs CMD with its output appended to $PHR_LOG_DIR/LOGNAME.log. On failure
# prints the last lines of that log and returns CMD's exit code.
run_logged() {
    local logname="$1" desc="$2"
    shift 2
    local log="$PHR_LOG_DIR/$logname.log"
    local rc=0
    printf '\n===== %s: %s\n$ %s\n' "$(date '+%F %T')" "$desc" "$*" >>"$log"
    if [[ "${PHR_VERBOSE:-0}" == 1 ]]; then
        "$@" 2>&1 | tee -a "$log" >&2 || rc=$?
    else
        "$@" >>"$log" 2>&1 </dev/null || rc=$?
    fi
    if [[ $rc -ne 0 ]]; then
        printf '[%s] FAILED (exit %d): %s\n' "$PHR_SCRIPT" "$rc" "$desc" >&2
        printf '[%s] last lines of %s:\n' "$PHR_SCRIPT" "$log" >&2
        tail -n "${PHR_LOG_TAIL:-40}" "$log" | sed 's/^/    /' >&2
    fi
    return $rc
}

# The workspace version, from [workspace.package] in Cargo.toml.
workspace_version() {
    awk '
        /^\[/ { in_section = ($0 ~ /^\[workspace\.package\][[:space:]]*$/) }
        in_section && /^[[:space:]]*version[[:space:]]*=/ {
            sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit
        }
    ' "$PHR_ROOT/Cargo.toml"
}

# Is a Debian package installed (on this host)?
deb_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# apt_install_missing LOGNAME PKG...
# Installs with apt-get the packages that are not installed yet. Runs
# `apt-get update` only when a package has no install candidate or the
# install fails (stale lists).
apt_install_missing() {
    local logname="$1"
    shift
    local missing=() p
    for p in "$@"; do
        deb_installed "$p" || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    note "installing Debian packages: ${missing[*]}"
    local need_update=0
    for p in "${missing[@]}"; do
        if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            need_update=1
        fi
    done
    export DEBIAN_FRONTEND=noninteractive
    if [[ $need_update == 1 ]]; then
        run_logged "$logname" "apt-get update" apt-get update
    fi
    if ! run_logged "$logname" "apt-get install ${missing[*]}" \
        apt-get install -y --no-install-recommends "${missing[@]}"; then
        [[ $need_update == 1 ]] && return 1
        note "retrying after apt-get update"
        run_logged "$logname" "apt-get update" apt-get update
        run_logged "$logname" "apt-get install ${missing[*]}" \
            apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}

# take_lock NAME
# Holds an exclusive lock ($PHR_CACHE_DIR/NAME.lock) until the script exits,
# so two runs do not work on the same cache at once. The lock file
# descriptor is inherited by children (and by `exec`), so a child script
# that was started with PHR_LOCK_<NAME>=held does not try to take it again.
take_lock() {
    local name="$1" var
    var="PHR_LOCK_$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_')"
    if [[ "${!var:-}" == held ]]; then
        return 0
    fi
    local fd
    exec {fd}>"$PHR_CACHE_DIR/$name.lock"
    if ! flock -n "$fd"; then
        note "waiting for another run to release $PHR_CACHE_DIR/$name.lock"
        flock "$fd"
    fi
    export "$var=held"
}

# --- mounts for a chroot ------------------------------------------------

# Mount points made by this script, in the order they were made.
PHR_MOUNTS=()

# mount_in_root ROOT: mounts proc, dev, dev/pts and sys into ROOT.
mount_in_root() {
    local root="$1"
    mkdir -p "$root/proc" "$root/dev" "$root/sys"
    mount -t proc proc "$root/proc"
    PHR_MOUNTS+=("$root/proc")
    mount --bind /dev "$root/dev"
    PHR_MOUNTS+=("$root/dev")
    mkdir -p "$root/dev/pts"
    mount --bind /dev/pts "$root/dev/pts"
    PHR_MOUNTS+=("$root/dev/pts")
    mount -t sysfs sysfs "$root/sys" 2>/dev/null || mount --bind /sys "$root/sys"
    PHR_MOUNTS+=("$root/sys")
}

# bind_in_root SRC DST: bind-mounts the host directory SRC at DST (a path
# on the host, inside the root).
bind_in_root() {
    mkdir -p "$2"
    mount --bind "$1" "$2"
    PHR_MOUNTS+=("$2")
}

# Unmounts everything mount_in_root and bind_in_root made, last first.
# Safe to call more than once (used from an EXIT trap).
umount_all() {
    local i m
    for ((i = ${#PHR_MOUNTS[@]} - 1; i >= 0; i--)); do
        m="${PHR_MOUNTS[i]}"
        if mountpoint -q "$m" 2>/dev/null; then
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
                printf '[%s] warning: could not unmount %s\n' "$PHR_SCRIPT" "$m" >&2
        fi
    done
    PHR_MOUNTS=()
}

# Unmount on every way out: normal exit, failure, Ctrl-C, kill (TERM, HUP).
# A signal makes the script exit, which runs the EXIT trap.
trap_umount_all() {
    trap umount_all EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
}

# mounts_under DIR: mount points at or below DIR, deepest first.
mounts_under() {
    local dir="$1"
    awk -v d="$dir" '{
        m = $5; gsub(/\\040/, " ", m)
        if (m == d || index(m, d "/") == 1) print m
    }' /proc/self/mountinfo | sort -r
}

# umount_stale DIR: unmounts whatever is still mounted below DIR (left by a
# run that was killed). Call only while holding the lock for DIR.
umount_stale() {
    local m
    while IFS= read -r m; do
        [[ -n "$m" ]] || continue
        note "unmounting stale mount $m"
        umount "$m" 2>/dev/null || umount -l "$m"
    done < <(mounts_under "$1")
}

# enter_mount_namespace "$@": re-runs the calling script in a private mount
# namespace (when unshare works), so that its mounts are invisible to the
# rest of the machine and vanish even if the script is killed. The EXIT
# traps still unmount them explicitly.
enter_mount_namespace() {
    if [[ -z "${PHR_IN_MOUNT_NS:-}" ]] && unshare --mount --propagation private true 2>/dev/null; then
        export PHR_IN_MOUNT_NS=1
        exec unshare --mount --propagation private "$BASH" "$PHR_SCRIPT_PATH" "$@"
    fi
}

# The Debian mirror this host's apt uses (its main archive, not security
# or third-party repositories), or deb.debian.org when none is found.
# PHR_DEBIAN_MIRROR overrides.
debian_mirror() {
    if [[ -n "${PHR_DEBIAN_MIRROR:-}" ]]; then
        printf '%s\n' "${PHR_DEBIAN_MIRROR%/}"
        return
    fi
    local codename=""
    if [[ -r /etc/os-release ]]; then
        codename="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")"
    fi
    local files=() f
    [[ -r /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -r "$f" ]] && files+=("$f")
    done
    local found=""
    if [[ ${#files[@]} -gt 0 ]]; then
        # One-line format: "deb [opts] URI SUITE COMPONENTS..."; deb822
        # format: stanzas with "URIs:" and "Suites:". Take the first URI
        # whose suites include the host's codename itself (not -security,
        # not a third party's "xyz-bookworm") and whose path is not a
        # security archive.
        found="$(awk -v cn="$codename" '
            function consider(uris, suites,   n, u, s, i, j, us, ss) {
                n = split(uris, us, /[[:space:]]+/)
                split(suites, ss, /[[:space:]]+/)
                for (j in ss) if (ss[j] == cn || (cn == "" && ss[j] != "")) {
                    for (i = 1; i <= n; i++) {
                        u = us[i]
                        if (u ~ /^https?:\/\// && u !~ /security/) { print u; exit }
                    }
                }
            }
            FNR == 1 { flush(); }
            function flush() {
                if (uris != "" && enabled) consider(uris, suites)
                uris = ""; suites = ""; enabled = 1; isdeb = 1
            }
            BEGIN { enabled = 1 }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            /^deb[[:space:]]/ {
                line = $0; sub(/\[[^]]*\]/, "", line)
                split(line, w, /[[:space:]]+/)
                consider(w[2], w[3]); next
            }
            /^URIs:/    { sub(/^URIs:[[:space:]]*/, ""); uris = $0; next }
            /^Suites:/  { sub(/^Suites:[[:space:]]*/, ""); suites = $0; next }
            /^Enabled:[[:space:]]*no/ { enabled = 0; next }
            /^Types:/   { if ($0 !~ /(^|[[:space:]])deb([[:space:]]|$)/) enabled = 0; next }
            END { flush() }
        ' "${files[@]}" | head -n 1)"
    fi
    printf '%s\n' "${found:-http://deb.debian.org/debian}" | sed 's:/*$::'
}
