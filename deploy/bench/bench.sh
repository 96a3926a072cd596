#!/usr/bin/env bash
# Our bench server against an anchor server with the same endpoints, side by side in one run.
#
#   BENCH_ANCHOR_URL=http://127.0.0.1:8080 bench.sh
#
# Builds release, loads the bench data if missing, starts campus-bench-server, and for every endpoint and
# connection count runs wrk (2 threads, a warm-up, then BENCH_SECONDS) on ours and, when BENCH_ANCHOR_URL
# is set, on the anchor, alternating per cell so machine drift hits both. Then pgbench -M prepared on the
# single-row query as the database ceiling. Prints one Markdown table (with each server's CPU µs per request) and
# writes it to .bench-results/.
# Environment: BENCH_SECONDS [15], BENCH_WARMUP [3], BENCH_CONNECTIONS ["16 64 256"],
# BENCH_ENDPOINTS ["plaintext json course courses"], BENCH_PORT [8081].
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
source "$CAMPUS_ROOT/deploy/bench/cpu.sh"
seconds="${BENCH_SECONDS:-15}"
warmup="${BENCH_WARMUP:-3}"
connections="${BENCH_CONNECTIONS:-16 64 256}"
endpoints="${BENCH_ENDPOINTS:-plaintext json course courses}"
port="${BENCH_PORT:-8081}"
anchor="${BENCH_ANCHOR_URL:-}"
ours="http://127.0.0.1:$port"
lua="$CAMPUS_ROOT/deploy/bench/random_course.lua"

"$CAMPUS_ROOT/deploy/bench/data.sh"
cd "$CAMPUS_ROOT"
say "building campus-bench-server (release)"
swift build -c release --product campus-bench-server >/dev/null
server="$(swift build -c release --show-bin-path)/campus-bench-server"

mkdir -p "$CAMPUS_LOCAL/run"
BENCH_PORT="$port" BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:$CAMPUS_PG_PORT/bench" \
    "$server" >"$CAMPUS_LOCAL/run/bench-server.log" 2>&1 &
server_pid=$!
trap 'kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -fsS "$ours/plaintext" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$ours/courses/1" >/dev/null || die "the bench server does not answer /courses/1"
if [ -n "$anchor" ]; then
    curl -fsS "$anchor/courses/1" >/dev/null || die "the anchor at $anchor does not answer /courses/1"
    anchor_pid="$(ss -ltnpH "sport = :${anchor##*:}" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)"
fi

# Runs wrk on one endpoint of one server ($5: its pid); prints "req/s p50ms p99ms cpu-µs/request".
measure() {
    local base="$1" endpoint="$2" conns="$3" duration="$4" before rps p50 p99 requests args=()
    case "$endpoint" in
        plaintext) args=("$base/plaintext") ;;
        json) args=("$base/json") ;;
        course) args=(-s "$lua" "$base" -- /courses/) ;;
        courses) args=("$base/courses?limit=20") ;;
    esac
    before="$(cpu_ticks "$5")"
    read -r rps p50 p99 requests <<<"$(wrk -t2 -c"$conns" -d"${duration}s" --latency "${args[@]}" 2>/dev/null | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^Requests\/sec/ { rps = $2 }
        / requests in / { requests = $1 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        END { printf "%d %.2f %.2f %d\n", rps, p50, p99, requests }')"
    echo "$rps $p50 $p99 $(cpu_us_per "$before" "$(cpu_ticks "$5")" "$requests")"
}

rss() { awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

label() {
    case "$1" in
        plaintext) echo "GET /plaintext" ;; json) echo "GET /json" ;;
        course) echo "GET /courses/:id" ;; courses) echo "GET /courses?limit=20" ;;
    esac
}

table="| endpoint | conns | ours req/s | anchor req/s | ratio | p50 ours | p50 anchor | p99 ours | p99 anchor | CPU µs/req ours | CPU µs/req anchor |
|---|---|---|---|---|---|---|---|---|---|---|"
for endpoint in $endpoints; do
    for conns in $connections; do
        say "$(label "$endpoint"), $conns connections"
        measure "$ours" "$endpoint" "$conns" "$warmup" "$server_pid" >/dev/null
        read -r o_rps o_p50 o_p99 o_cpu <<<"$(measure "$ours" "$endpoint" "$conns" "$seconds" "$server_pid")"
        if [ -n "$anchor" ]; then
            measure "$anchor" "$endpoint" "$conns" "$warmup" "${anchor_pid:-}" >/dev/null
            read -r a_rps a_p50 a_p99 a_cpu <<<"$(measure "$anchor" "$endpoint" "$conns" "$seconds" "${anchor_pid:-}")"
            ratio="$(awk -v a="$o_rps" -v b="$a_rps" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }')"
        else
            a_rps="–"; a_p50="–"; a_p99="–"; a_cpu="–"; ratio="–"
        fi
        table="$table
| $(label "$endpoint") | $conns | $o_rps | $a_rps | $ratio | ${o_p50} ms | ${a_p50} ms | ${o_p99} ms | ${a_p99} ms | $o_cpu | $a_cpu |"
    done
done

pgbench="$(pg_bindir)/pgbench"
db="postgres://postgres@127.0.0.1:$CAMPUS_PG_PORT/bench"
ceiling="| pgbench -M prepared, select by id | clients | tps |
|---|---|---|"
for clients in 8 32 64; do
    say "pgbench, $clients clients"
    tps="$("$pgbench" -n -M prepared -c "$clients" -j 2 -T "$seconds" -f "$CAMPUS_ROOT/sql/bench/select_course.pgbench" "$db" \
        | awk '/^tps/ { print int($3); exit }')"
    ceiling="$ceiling
| | $clients | $tps |"
done

memory="Server RSS after the run: ours $(rss "$server_pid")"
[ -n "${anchor_pid:-}" ] && memory="$memory, anchor $(rss "$anchor_pid")"

mkdir -p "$CAMPUS_ROOT/.bench-results"
out="$CAMPUS_ROOT/.bench-results/bench-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "$table"
    echo
    echo "$ceiling"
    echo
    echo "$memory"
    echo
    echo "wrk -t2, ${warmup} s warm-up then ${seconds} s per cell; load generator, servers and PostgreSQL share $(nproc) cores."
} | tee "$out"
say "written to $out"
