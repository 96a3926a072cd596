#!/usr/bin/env bash
# What request logging costs: catalog's GET /healthz (the fastest route, through the standard middleware with
# its request logging) at log level warning (no line per request) and at info (one JSON line per request), side by
# side in one run on catalog's own PostgreSQL cluster.
#
#   logging.sh
#
# Builds catalog (release), migrates, then per round starts `catalog serve` at each level (alternating, so that
# machine drift hits both), runs wrk (2 threads) for a warm-up and BENCH_SECONDS, and records req/s, p99, CPU µs per
# request and, at info, the request lines catalog wrote (standard output goes to a file, as under a supervisor)
# against the requests wrk counted. Prints one Markdown table with the info/warning ratio of every round and of the
# medians, and writes it to .bench-results/.
# Environment: BENCH_LOGGING_PG_PORT [55482], BENCH_LOGGING_PORT [8182], BENCH_SECONDS [10], BENCH_WARMUP [2],
# BENCH_CONNECTIONS [64], BENCH_ROUNDS [3].
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
source "$CAMPUS_ROOT/deploy/bench/cpu.sh"
pg_port="${BENCH_LOGGING_PG_PORT:-55482}"
port="${BENCH_LOGGING_PORT:-8182}"
seconds="${BENCH_SECONDS:-10}"
warmup="${BENCH_WARMUP:-2}"
conns="${BENCH_CONNECTIONS:-64}"
rounds="${BENCH_ROUNDS:-3}"
ensure_packages wrk

dir="$(cluster_dir_for "$CAMPUS_LOCAL/bench-logging-pg")"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" init "$dir" "$pg_port"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" start "$dir" "$pg_port"
server_pid=""
stop_catalog() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; fi
    server_pid=""
}
trap 'stop_catalog; "$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$dir" "$pg_port"' EXIT
"$CAMPUS_ROOT/deploy/dev/bootstrap.sh" "postgres://postgres@127.0.0.1:$pg_port/postgres" campus

cd "$CAMPUS_ROOT"
say "building catalog (release)"
swift build -c release --product catalog >/dev/null
catalog="$(swift build -c release --show-bin-path)/catalog"
export CATALOG_DATABASE_URL="postgres://catalog:${CAMPUS_CATALOG_PASSWORD:-catalog-dev-password}@127.0.0.1:$pg_port/campus"
export CATALOG_MIGRATIONS_DIR="$CAMPUS_ROOT/sql/catalog"
export CATALOG_PORT="$port"
"$catalog" migrate up >/dev/null

mkdir -p "$CAMPUS_LOCAL/run"
log="$CAMPUS_LOCAL/run/bench-logging-catalog.log"
url="http://127.0.0.1:$port/healthz"

# Runs wrk for $1 seconds; prints "req/s p99ms requests".
measure() {
    wrk -t2 -c"$conns" -d"${1}s" --latency "$url" 2>/dev/null | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^Requests\/sec/ { rps = $2 }
        / requests in / { requests = $1 }
        $1 == "99%" { p99 = ms($2) }
        END { printf "%d %.2f %d\n", rps, p99, requests }'
}

table="| round | level | req/s | p99 | CPU µs/req | request lines written / requests counted by wrk |
|---|---|---|---|---|---|"
ratios=""
warning_all=""
info_all=""
for round in $(seq 1 "$rounds"); do
    for level in warning info; do
        say "round $round, log level $level: ${warmup} s warm-up, then ${seconds} s at $conns connections"
        CATALOG_LOG_LEVEL="$level" "$catalog" serve >"$log" 2>&1 &
        server_pid=$!
        for _ in $(seq 1 100); do curl -fsS "$url" >/dev/null 2>&1 && break; sleep 0.1; done
        curl -fsS "$url" >/dev/null || { tail -n 20 "$log" >&2; die "catalog does not answer $url"; }
        measure "$warmup" >/dev/null
        before_lines="$(grep -c '"route":"/healthz"' "$log" || true)"
        before="$(cpu_ticks "$server_pid")"
        read -r rps p99 requests <<<"$(measure "$seconds")"
        cpu="$(cpu_us_per "$before" "$(cpu_ticks "$server_pid")" "$requests")"
        # SIGTERM, then count: the lines of the last requests are written on the way out.
        stop_catalog
        lines="$(($(grep -c '"route":"/healthz"' "$log" || true) - before_lines))"
        if [ "$level" = info ]; then
            written="$lines / $requests"
            info_all="$info_all $rps"
            ratios="$ratios $(awk -v a="$rps" -v b="$warning_rps" 'BEGIN { printf "%.2f", a / b }')"
        else
            written="–"
            warning_rps="$rps"
            warning_all="$warning_all $rps"
        fi
        table="$table
| $round | $level | $rps | ${p99} ms | $cpu | $written |"
    done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
warning_median="$(median "$warning_all")"
info_median="$(median "$info_all")"
mkdir -p "$CAMPUS_ROOT/.bench-results"
out="$CAMPUS_ROOT/.bench-results/logging-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "GET /healthz on catalog (release), log level warning against info (one JSON line per request)"
    echo
    echo "$table"
    echo
    echo "info/warning per round:$ratios; medians: warning $warning_median req/s, info $info_median req/s, ratio" \
        "$(awk -v a="$info_median" -v b="$warning_median" 'BEGIN { printf "%.2f", a / b }')."
    echo "Request lines are counted after SIGTERM; wrk counts only the responses it read before it stopped, so a few"
    echo "more lines than requests is expected, fewer would be lines lost."
    echo "wrk -t2 -c$conns, ${warmup} s warm-up then ${seconds} s per row; wrk, catalog and PostgreSQL share $(nproc) cores."
} | tee "$out"
say "written to $out"
