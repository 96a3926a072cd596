#!/usr/bin/env bash
# Runs every test against a real PostgreSQL: a throwaway cluster started here, or TEST_DATABASE_URL.
#
#   test.sh [swift test arguments…]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_packages python3-cryptography python3-aiosmtpd

cd "$CAMPUS_ROOT"
say "building tests"
mkdir -p "$CAMPUS_LOCAL"
if ! swift build --build-tests -Xswiftc -warnings-as-errors >"$CAMPUS_LOCAL/test-build.log" 2>&1; then
    grep -E 'error|warning' -A4 "$CAMPUS_LOCAL/test-build.log" | head -n 80 >&2 || tail -n 40 "$CAMPUS_LOCAL/test-build.log" >&2
    die "the build failed (warnings count as errors); full log: $CAMPUS_LOCAL/test-build.log"
fi

if [ -z "${TEST_DATABASE_URL:-}" ]; then
    port="${CAMPUS_TEST_PG_PORT:-55439}"
    dir="$(cluster_dir_for "$CAMPUS_LOCAL/test-pg")"
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$dir" "$port" 2>/dev/null || true
    rm -rf "$dir/data"
    say "starting a throwaway PostgreSQL cluster in $dir on port $port"
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" init "$dir" "$port"
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" start "$dir" "$port"
    trap '"$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$dir" "$port"; rm -rf "$dir/data"' EXIT
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
fi
say "running tests against $TEST_DATABASE_URL"
swift test --skip-build "$@"
