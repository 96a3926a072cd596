# Shared settings and helpers of the dev and test scripts; sourced, not run.
set -euo pipefail

CAMPUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CAMPUS_LOCAL="${CAMPUS_LOCAL:-$CAMPUS_ROOT/.local}"
CAMPUS_PG_PORT="${CAMPUS_PG_PORT:-55432}"
CAMPUS_DB="${CAMPUS_DB:-campus}"
CAMPUS_SERVICES=(identity catalog learning billing)

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# Whether process $1 runs: it exists and is not a zombie (a killed process stays one until its parent reaps it,
# and `kill -0` still succeeds on it).
is_running() {
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
    local state
    state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
    [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# Installs the system packages the project needs when any is missing (as root with apt), or says how.
ensure_packages() {
    local missing=()
    command -v swift >/dev/null || die "swift is not on PATH (Swift 6 toolchain needed: https://www.swift.org/install)"
    command -v pkg-config >/dev/null || missing+=(pkg-config)
    pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
    pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev)
    [ -n "$(pg_bindir 2>/dev/null)" ] || missing+=(postgresql postgresql-contrib)
    command -v psql >/dev/null || missing+=(postgresql-client)
    command -v curl >/dev/null || missing+=(curl)
    command -v openssl >/dev/null || missing+=(openssl)
    for extra in "$@"; do
        case "$extra" in
            wrk) command -v wrk >/dev/null || missing+=(wrk) ;;
            nginx) command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx) ;;
            python3-cryptography)
                command -v python3 >/dev/null || missing+=(python3)
                # The python3 on PATH may not be Debian's (pyenv, venv): try its own pip first.
                python3 -c 'import cryptography' 2>/dev/null \
                    || python3 -m pip install -q cryptography >/dev/null 2>&1 \
                    || missing+=(python3-cryptography)
                ;;
            python3-aiosmtpd)
                python3 -c 'import aiosmtpd' 2>/dev/null \
                    || python3 -m pip install -q aiosmtpd >/dev/null 2>&1 \
                    || missing+=(python3-aiosmtpd)
                ;;
        esac
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        die "missing packages; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    fi
}

# Makes (once) a private Python environment DIR under the data folder with the pinned requirements of FILE
# (re-installed when FILE changes), and prints DIR. Debian's python3 needs python3-venv; it is installed when missing.
ensure_venv() {
    local venv="$CAMPUS_LOCAL/$1" requirements="$2"
    local stamp="$venv/.requirements"
    if ! [ -x "$venv/bin/python3" ] || ! cmp -s "$requirements" "$stamp"; then
        if ! python3 -m venv "$venv" >/dev/null 2>&1; then
            rm -rf "$venv"
            [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || die "python3 -m venv failed; install python3-venv"
            say "installing python3-venv" >&2
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
            python3 -m venv "$venv" >/dev/null
        fi
        say "installing $(basename "$requirements") into $venv" >&2
        "$venv/bin/pip" install -q -r "$requirements" >/dev/null
        cp "$requirements" "$stamp"
    fi
    echo "$venv"
}

# The path of a pinned `schemathesis` in the test tools' environment.
ensure_schemathesis() {
    echo "$(ensure_venv tools-venv "$CAMPUS_ROOT/deploy/dev/tools.requirements.txt")/bin/schemathesis"
}

# The directory of the newest installed PostgreSQL server binaries.
pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir" && return 0
    command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

# Runs a command as the cluster's owner: PostgreSQL refuses to run as root, so root uses `postgres`.
as_cluster_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Creates a folder the cluster owner can use, even when the project lives where `postgres` cannot go.
cluster_dir_for() {
    local wanted="$1"
    mkdir -p "$wanted"
    if [ "$(id -u)" -eq 0 ]; then
        if runuser -u postgres -- test -w "$(dirname "$wanted")" 2>/dev/null \
            || { chown postgres: "$wanted" && runuser -u postgres -- test -w "$wanted"; }; then
            echo "$wanted"
            return
        fi
        # The project folder is not reachable by `postgres` (e.g. under /root): keep the cluster beside it.
        local fallback="/var/tmp/campus-$(echo "$wanted" | md5sum | cut -c1-12)"
        mkdir -p "$fallback" && chown postgres: "$fallback"
        echo "$fallback"
    else
        echo "$wanted"
    fi
}
