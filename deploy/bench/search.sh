#!/usr/bin/env bash
# Catalog search benchmark on its own PostgreSQL cluster: bootstraps the roles and schemas, builds catalog
# (release), migrates, loads 100,000 courses (once; the cluster keeps them), starts `catalog serve`, then runs
# wrk with a mix of search requests at each connection count and prints req/s and p50/p95/p99.
#
#   search.sh              the benchmark (writes .bench-results/search-*.md)
#   search.sh --explain    EXPLAIN (ANALYZE, BUFFERS) of every search query shape, as the store runs it;
#                          fails when a shape reads courses with a sequential scan
#
# Environment: BENCH_SEARCH_PG_PORT [55481], BENCH_SEARCH_PORT [8181], BENCH_SECONDS [15], BENCH_WARMUP [3],
# BENCH_CONNECTIONS ["16 64"], BENCH_SEARCH_FACET_TTL [30] (seconds facet counts are kept; 0 keeps none),
# BENCH_SEARCH_CACHE_TTL [5] (seconds whole answers are kept), BENCH_SEARCH_TAIL [30] (percent of long-tail
# searches in the last run).
#
# Three runs: answers kept as deployed; no answers kept (every request computed); answers kept with a long tail of
# searches no cache has seen, at 16 connections.
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
mode="${1:-run}"
case "$mode" in run | --explain) ;; *) die "usage: search.sh [--explain]" ;; esac
pg_port="${BENCH_SEARCH_PG_PORT:-55481}"
port="${BENCH_SEARCH_PORT:-8181}"
seconds="${BENCH_SECONDS:-15}"
warmup="${BENCH_WARMUP:-3}"
connections="${BENCH_CONNECTIONS:-16 64}"
cache_seconds="${BENCH_SEARCH_CACHE_TTL:-5}"
tail_percent="${BENCH_SEARCH_TAIL:-30}"
ensure_packages wrk
command -v python3 >/dev/null || die "python3 is needed to collect cursors for the request mix"

dir="$(cluster_dir_for "$CAMPUS_LOCAL/bench-search-pg")"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" init "$dir" "$pg_port"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" start "$dir" "$pg_port"
server_pid=""
stop() {
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$dir" "$pg_port"
}
trap stop EXIT
superuser="postgres://postgres@127.0.0.1:$pg_port"
"$CAMPUS_ROOT/deploy/dev/bootstrap.sh" "$superuser/postgres" campus

cd "$CAMPUS_ROOT"
say "building catalog (release)"
swift build -c release --product catalog >/dev/null
catalog="$(swift build -c release --show-bin-path)/catalog"
export CATALOG_DATABASE_URL="postgres://catalog:${CAMPUS_CATALOG_PASSWORD:-catalog-dev-password}@127.0.0.1:$pg_port/campus"
export CATALOG_MIGRATIONS_DIR="$CAMPUS_ROOT/sql/catalog"
export CATALOG_PORT="$port"
export CATALOG_LOG_LEVEL="${CATALOG_LOG_LEVEL:-warning}"
export CATALOG_SEARCH_FACET_TTL="${BENCH_SEARCH_FACET_TTL:-30}"
"$catalog" migrate up >/dev/null
if [ "$(psql "$superuser/campus" -tAXc "SELECT count(*) FROM catalog.courses")" != "103000" ]; then
    say "loading 100,000 published courses (and 3,000 that search must not show)"
    psql "$superuser/campus" -qX -v ON_ERROR_STOP=1 -c "TRUNCATE catalog.courses, catalog.categories, catalog.instructors CASCADE" >/dev/null
    start=$(date +%s)
    psql "$superuser/campus" -qX -v ON_ERROR_STOP=1 -f sql/bench/catalog_courses.sql >/dev/null
    say "loaded in $(($(date +%s) - start)) s"
fi

if [ "$mode" = "--explain" ]; then
    "$catalog" explain-search
    exit $?
fi

mkdir -p "$CAMPUS_LOCAL/run"
log="$CAMPUS_LOCAL/run/bench-search-catalog.log"
base="http://127.0.0.1:$port"
# Starts `catalog serve` keeping whole answers for $1 seconds (0: none); stops the one running first.
start_catalog() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; fi
    CATALOG_SEARCH_CACHE_TTL="$1" "$catalog" serve >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fsS "$base/v1/courses?q=python" >/dev/null || { tail -n 20 "$log" >&2; die "catalog does not answer searches"; }
}
start_catalog 0

paths="$CAMPUS_LOCAL/run/bench-search-paths.txt"
titles="$CAMPUS_LOCAL/run/bench-search-titles.txt"
say "request mix (collecting real cursors for deep pages, and titles for the long tail)"
python3 "$CAMPUS_ROOT/deploy/bench/search_mix.py" "$base" "$paths" "$titles"

# Runs wrk once ($1 connections, $2 seconds, $3 percent of long-tail searches); prints
# "req/s p50 p95 p99 requests errors".
measure() {
    wrk -t2 -c"$1" -d"$2s" -s "$CAMPUS_ROOT/deploy/bench/search.lua" "$base" -- "$paths" "$titles" "$3" 2>/dev/null \
        | awk '$1 == "RESULT" { print $2, $3, $4, $5, $6, $7 }'
}

table="| answers kept | long tail | connections | req/s | p50 | p95 | p99 | requests | errors |
|---|---|---|---|---|---|---|---|---|"
# Each configuration: seconds answers are kept, percent of long-tail searches, connection counts.
for configuration in "$cache_seconds 0 $connections" "0 0 $connections" "$cache_seconds $tail_percent 16"; do
    read -r keep tail counts <<<"$configuration"
    start_catalog "$keep"
    for conns in $counts; do
        say "answers kept ${keep} s, ${tail}% long tail, $conns connections: ${warmup} s warm-up, then ${seconds} s"
        measure "$conns" "$warmup" "$tail" >/dev/null
        read -r rps p50 p95 p99 requests errors <<<"$(measure "$conns" "$seconds" "$tail")"
        table="$table
| ${keep} s | ${tail}% | $conns | $rps | $p50 ms | $p95 ms | $p99 ms | $requests | $errors |"
    done
    rss="$(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")"
done

mkdir -p "$CAMPUS_ROOT/.bench-results"
out="$CAMPUS_ROOT/.bench-results/search-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "GET /v1/courses, /suggest and /popular: search mix over 100,000 courses (deploy/bench/search_mix.py)"
    echo
    echo "$table"
    echo
    echo "Answers kept: CATALOG_SEARCH_CACHE_TTL (0: every request computed). Long tail: that share of requests are"
    echo "two words of a random title in a random sort, searches no cache has seen (deploy/bench/search.lua)."
    echo "catalog RSS after the last run: $rss; facet counts kept ${CATALOG_SEARCH_FACET_TTL} s; log level $CATALOG_LOG_LEVEL."
    echo "wrk -t2, ${warmup} s warm-up then ${seconds} s per row; wrk, catalog and PostgreSQL share $(nproc) cores."
} | tee "$out"
say "written to $out"
