#!/usr/bin/env bash
# Runs every test against a real PostgreSQL: a throwaway cluster started here, or TEST_DATABASE_URL.
# With no arguments it then runs the end-to-end script through the gateway, on a `make up` of its own
# (own folder, cluster and ports), then contract fuzzing of each service on that stack (deploy/dev/contract.py),
# and takes it down again.
#
#   test.sh [swift test arguments…]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_packages python3-cryptography python3-aiosmtpd nginx

cd "$CAMPUS_ROOT"
say "building tests"
mkdir -p "$CAMPUS_LOCAL"
if ! swift build --build-tests -Xswiftc -warnings-as-errors >"$CAMPUS_LOCAL/test-build.log" 2>&1; then
    grep -E 'error|warning' -A4 "$CAMPUS_LOCAL/test-build.log" | head -n 80 >&2 || tail -n 40 "$CAMPUS_LOCAL/test-build.log" >&2
    die "the build failed (warnings count as errors); full log: $CAMPUS_LOCAL/test-build.log"
fi

e2e=(env CAMPUS_LOCAL="$CAMPUS_LOCAL/e2e" CAMPUS_PG_PORT=55441 IDENTITY_PORT=8111 CATALOG_PORT=8112 LEARNING_PORT=8113 BILLING_PORT=8114 GATEWAY_PORT=8011)
cleanup() {
    if [ -n "${e2e_started:-}" ]; then "${e2e[@]}" bash "$CAMPUS_ROOT/deploy/dev/reset.sh" >/dev/null 2>&1; fi
    if [ -n "${test_cluster:-}" ]; then
        "$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$test_cluster" "$port"
        rm -rf "$test_cluster/data"
    fi
}
trap cleanup EXIT

if [ -z "${TEST_DATABASE_URL:-}" ]; then
    port="${CAMPUS_TEST_PG_PORT:-55439}"
    dir="$(cluster_dir_for "$CAMPUS_LOCAL/test-pg")"
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$dir" "$port" 2>/dev/null || true
    rm -rf "$dir/data"
    say "starting a throwaway PostgreSQL cluster in $dir on port $port"
    # The suites run in parallel, each test on its own pool: room for all of them at once.
    CAMPUS_PG_MAX_CONNECTIONS=600 "$CAMPUS_ROOT/deploy/dev/cluster.sh" init "$dir" "$port"
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" start "$dir" "$port"
    test_cluster="$dir"
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
fi
say "running tests against $TEST_DATABASE_URL"
swift test --skip-build "$@" 2>&1 | tee "$CAMPUS_LOCAL/test-run.log"
passed="$(grep -oE 'Test run with [0-9]+ tests? in [0-9]+ suites? passed' "$CAMPUS_LOCAL/test-run.log" | grep -oE '[0-9]+' | head -n 1)"

if [ $# -eq 0 ]; then
    say "end to end through the gateway"
    e2e_started=1
    "${e2e[@]}" bash "$CAMPUS_ROOT/deploy/dev/up.sh" >"$CAMPUS_LOCAL/e2e-up.log" 2>&1 \
        || { tail -n 30 "$CAMPUS_LOCAL/e2e-up.log" >&2; die "make up failed for the end-to-end run"; }
    E2E_DATABASE_URL="postgres://postgres@127.0.0.1:55441/campus" \
        E2E_CATALOG_PIDFILE="$CAMPUS_LOCAL/e2e/run/catalog.pid" \
        E2E_LEARNING_PIDFILE="$CAMPUS_LOCAL/e2e/run/learning.pid" \
        E2E_RESTART="${e2e[*]} bash $CAMPUS_ROOT/deploy/dev/up.sh" \
        python3 "$CAMPUS_ROOT/deploy/dev/e2e.py" http://127.0.0.1:8011 "$CAMPUS_LOCAL/e2e/mail"
    passed=$((${passed:-0} + 1))
    say "provider fakes against the providers' own client libraries"
    CAMPUS_STRIPE_VENV="$(ensure_venv stripe-venv "$CAMPUS_ROOT/deploy/fakes/stripe.requirements.txt")" \
        python3 "$CAMPUS_ROOT/deploy/fakes/check_stripe_fake.py" >"$CAMPUS_LOCAL/fake-checks.log" 2>&1 \
        || { tail -n 30 "$CAMPUS_LOCAL/fake-checks.log" >&2; die "the Stripe fake disagrees with stripe-python"; }
    CAMPUS_SSLCOMMERZ_VENV="$(ensure_venv sslcommerz-venv "$CAMPUS_ROOT/deploy/fakes/sslcommerz.requirements.txt")" \
        python3 "$CAMPUS_ROOT/deploy/fakes/check_sslcommerz_fake.py" >>"$CAMPUS_LOCAL/fake-checks.log" 2>&1 \
        || { tail -n 30 "$CAMPUS_LOCAL/fake-checks.log" >&2; die "the SSLCommerz fake disagrees with sslcommerz-lib"; }
    grep -E "passed, [0-9]+ failed" "$CAMPUS_LOCAL/fake-checks.log"
    passed=$((${passed:-0} + 2))
    say "contract fuzzing: schemathesis against each service, anonymously and as each role"
    SCHEMATHESIS="$(ensure_schemathesis)" CONTRACT_LOG_DIR="$CAMPUS_LOCAL" \
        python3 "$CAMPUS_ROOT/deploy/dev/contract.py" http://127.0.0.1:8111 http://127.0.0.1:8112 \
        "${CONTRACT_EXAMPLES:-20}" http://127.0.0.1:8113 http://127.0.0.1:8114
    passed=$((${passed:-0} + 1))
fi
echo "tests: ${passed:-0} passed, 0 failed"
