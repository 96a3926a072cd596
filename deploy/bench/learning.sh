#!/usr/bin/env bash
# Learning's player and lesson completions on their own PostgreSQL cluster: bootstraps the roles and schemas,
# builds learning (release), migrates, loads sql/bench/learning_enrollments.sql (100 courses, 10,000 enrolled
# students; again on every run, so completions of an earlier run do not pile up), mints the students' access
# tokens with a key of its own (a JWKS served on loopback stands in for identity), starts `learning serve` with
# the settings of `make up`, then at each connection count runs, one after the other:
#   wrk  GET /v1/learn/{courseId}                          a random student reading their course
#   wrk  GET /courses/:id of BENCH_ANCHOR_URL              when set: the anchor's single-row read
#   wrk  POST /v1/learn/{courseId}/lessons/{id}/complete   a random lesson of that student's course
#   pgbench -M prepared sql/bench/learning_complete.pgbench   the SQL of one completion, as the database ceiling
# and prints req/s, p50/p99, CPU µs per request of the server and of PostgreSQL, and the ratios.
#
# Environment: BENCH_LEARNING_PG_PORT [55485], BENCH_LEARNING_PORT [8185], BENCH_LEARNING_JWKS_PORT [8186],
# BENCH_SECONDS [15], BENCH_WARMUP [3], BENCH_CONNECTIONS ["16 64"], BENCH_ANCHOR_URL (e.g. http://127.0.0.1:8080),
# LEARNING_LOG_LEVEL [info, as make up].
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
source "$CAMPUS_ROOT/deploy/bench/cpu.sh"
pg_port="${BENCH_LEARNING_PG_PORT:-55485}"
port="${BENCH_LEARNING_PORT:-8185}"
jwks_port="${BENCH_LEARNING_JWKS_PORT:-8186}"
seconds="${BENCH_SECONDS:-15}"
warmup="${BENCH_WARMUP:-3}"
connections="${BENCH_CONNECTIONS:-16 64}"
anchor="${BENCH_ANCHOR_URL:-}"
ensure_packages wrk python3-cryptography

dir="$(cluster_dir_for "$CAMPUS_LOCAL/bench-learning-pg")"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" init "$dir" "$pg_port"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" start "$dir" "$pg_port"
server_pid=""
jwks_pid=""
# The JWKS server ends with the status of SIGTERM: waiting for it must not end the script before the cluster stops.
stop() {
    for pid in "$server_pid" "$jwks_pid"; do
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && { wait "$pid" 2>/dev/null || true; }
    done
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$dir" "$pg_port"
}
trap stop EXIT
superuser="postgres://postgres@127.0.0.1:$pg_port"
"$CAMPUS_ROOT/deploy/dev/bootstrap.sh" "$superuser/postgres" campus
postmaster_pid="$(head -n 1 "$dir/data/postmaster.pid")"

cd "$CAMPUS_ROOT"
say "building learning (release)"
swift build -c release --product learning >/dev/null
learning="$(swift build -c release --show-bin-path)/learning"
work="$CAMPUS_LOCAL/run/bench-learning"
mkdir -p "$work"
learning_url="postgres://learning:${CAMPUS_LEARNING_PASSWORD:-learning-dev-password}@127.0.0.1:$pg_port/campus"
export LEARNING_DATABASE_URL="$learning_url"
export LEARNING_MIGRATIONS_DIR="$CAMPUS_ROOT/sql/learning"
export LEARNING_PORT="$port"
export LEARNING_JWKS_URL="http://127.0.0.1:$jwks_port/jwks.json"
# Never asked: every course of the run has its snapshot. Nothing listens there.
export LEARNING_CATALOG_URL="http://127.0.0.1:9"
export LEARNING_LOG_LEVEL="${LEARNING_LOG_LEVEL:-info}"
unset LEARNING_EVENT_SUBSCRIBERS
# The key that signs certificates. Identity does not run: enrollments the run completes keep their certificate
# request, as they would while identity is down.
[ -f "$work/certificate-key.pem" ] || openssl genpkey -algorithm ed25519 -out "$work/certificate-key.pem" 2>/dev/null
export LEARNING_SIGNING_KEY_FILE="$work/certificate-key.pem"
"$learning" migrate up >/dev/null

say "loading 100 courses and 10,000 enrolled students"
start=$(date +%s)
psql "$superuser/campus" -qX -v ON_ERROR_STOP=1 -f sql/bench/learning_enrollments.sql >/dev/null
say "loaded in $(($(date +%s) - start)) s"
psql "$superuser/campus" -qAtX -F ' ' -c "SELECT user_id, course_id FROM learning.enrollments ORDER BY id" \
    >"$work/enrollments.txt"
psql "$superuser/campus" -qAtX -F ' ' \
    -c "SELECT course_id, array_to_string(lesson_ids, ' ') FROM learning.course_snapshots" >"$work/courses.txt"

[ -f "$work/signing-key.pem" ] || openssl genpkey -algorithm ed25519 -out "$work/signing-key.pem" 2>/dev/null
say "minting the students' access tokens: $(python3 deploy/bench/learning_tokens.py "$work/signing-key.pem" \
    bench-learning-1 "${CAMPUS_JWT_ISSUER:-campus-identity}" "${CAMPUS_JWT_AUDIENCE:-campus}" \
    "$work/enrollments.txt" "$work")"
python3 -m http.server "$jwks_port" --bind 127.0.0.1 --directory "$work" >"$work/jwks-server.log" 2>&1 &
jwks_pid=$!

log="$work/learning.log"
"$learning" serve >"$log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$jwks_port/jwks.json" >/dev/null 2>&1 && break; sleep 0.1; done
read -r token course <<<"$(head -n 1 "$work/tokens.txt")"
lesson="$(awk -v c="$course" '$1 == c { print $2 }' "$work/courses.txt")"
curl -fsS -H "Authorization: Bearer $token" "$base/v1/learn/$course" | grep -q '"accessLevel":"full"' \
    || { tail -n 20 "$log" >&2; die "learning does not show an enrolled student their course"; }
curl -fsS -X POST -H "Authorization: Bearer $token" "$base/v1/learn/$course/lessons/$lesson/complete" >/dev/null \
    || { tail -n 20 "$log" >&2; die "learning does not take a lesson completion"; }
anchor_pid=""
if [ -n "$anchor" ]; then
    curl -fsS "$anchor/courses/1" >/dev/null || die "the anchor at $anchor does not answer /courses/1"
    anchor_pid="$(ss -ltnpH "sport = :${anchor##*:}" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)"
fi

# Runs wrk once: $1 base URL, $2 mode (player, complete, anchor), $3 connections, $4 seconds, $5 the server's pid.
# Prints "req/s p50 p99 requests errors server-µs/request postgres-µs/request".
measure() {
    local server_before db_before result
    server_before="$(cpu_ticks "$5")"
    db_before="$(cpu_ticks_tree "$postmaster_pid")"
    result="$(wrk -t2 -c"$3" -d"$4s" -s "$CAMPUS_ROOT/deploy/bench/learning.lua" "$1" -- "$2" \
        "$work/tokens.txt" "$work/courses.txt" 2>/dev/null | awk '$1 == "RESULT" { print $2, $3, $4, $5, $6 }')"
    local requests
    requests="$(echo "$result" | cut -d' ' -f4)"
    echo "$result $(cpu_us_per "$server_before" "$(cpu_ticks "$5")" "$requests")" \
        "$(if [ "$2" = anchor ]; then echo "–"; else cpu_us_per "$db_before" "$(cpu_ticks_tree "$postmaster_pid")" "$requests"; fi)"
}

# pgbench -M prepared on the SQL of one completion: $1 clients, $2 seconds. Prints "tps transactions postgres-µs/tx".
pgbench_completion() {
    local db_before output transactions children
    children="$(child_count "$postmaster_pid")"
    db_before="$(cpu_ticks_tree "$postmaster_pid")"
    output="$("$(pg_bindir)/pgbench" -n -M prepared -c "$1" -j 2 -T "$2" \
        -f "$CAMPUS_ROOT/sql/bench/learning_complete.pgbench" "$learning_url" 2>&1)" \
        || { echo "$output" >&2; die "pgbench failed"; }
    wait_for_children "$postmaster_pid" "$children"
    transactions="$(echo "$output" | awk '/^number of transactions actually processed/ { print $NF; exit }')"
    echo "$(echo "$output" | awk '/^tps/ { print int($3); exit }') $transactions" \
        "$(cpu_us_per "$db_before" "$(cpu_ticks_tree "$postmaster_pid")" "$transactions")"
}

row() { echo "| $1 | $2 | $3 | $4 ms | $5 ms | $6 | $7 | $8 | $9 |"; }
table="| test | conns | req/s | p50 | p99 | requests | errors | server CPU µs/req | PostgreSQL CPU µs/req |
|---|---|---|---|---|---|---|---|---|"
ratios="| conns | player ÷ anchor /courses/:id (target ≥ 1.5×) | completion ÷ pgbench tps (target ≥ 0.50) |
|---|---|---|"
for conns in $connections; do
    say "GET /v1/learn/{courseId}, $conns connections: ${warmup} s warm-up, then ${seconds} s"
    measure "$base" player "$conns" "$warmup" "$server_pid" >/dev/null
    read -r p_rps p_p50 p_p99 p_n p_err p_cpu p_db <<<"$(measure "$base" player "$conns" "$seconds" "$server_pid")"
    table="$table
$(row "GET /v1/learn/{courseId}" "$conns" "$p_rps" "$p_p50" "$p_p99" "$p_n" "$p_err" "$p_cpu" "$p_db")"
    player_ratio="–"
    if [ -n "$anchor" ]; then
        say "anchor GET /courses/:id, $conns connections"
        measure "$anchor" anchor "$conns" "$warmup" "$anchor_pid" >/dev/null
        read -r a_rps a_p50 a_p99 a_n a_err a_cpu a_db <<<"$(measure "$anchor" anchor "$conns" "$seconds" "$anchor_pid")"
        table="$table
$(row "anchor GET /courses/:id" "$conns" "$a_rps" "$a_p50" "$a_p99" "$a_n" "$a_err" "$a_cpu" "$a_db")"
        player_ratio="$(awk -v a="$p_rps" -v b="$a_rps" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }')"
    fi
    say "POST /v1/learn/{courseId}/lessons/{lessonId}/complete, $conns connections"
    measure "$base" complete "$conns" "$warmup" "$server_pid" >/dev/null
    read -r c_rps c_p50 c_p99 c_n c_err c_cpu c_db <<<"$(measure "$base" complete "$conns" "$seconds" "$server_pid")"
    table="$table
$(row "POST …/lessons/{lessonId}/complete" "$conns" "$c_rps" "$c_p50" "$c_p99" "$c_n" "$c_err" "$c_cpu" "$c_db")"
    say "pgbench -M prepared, one completion's SQL, $conns clients"
    read -r g_tps g_n g_db <<<"$(pgbench_completion "$conns" "$seconds")"
    table="$table
| pgbench -M prepared, a completion's transaction | $conns | $g_tps | | | $g_n | | | $g_db |"
    completion_ratio="$(awk -v a="$c_rps" -v b="$g_tps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }')"
    ratios="$ratios
| $conns | $player_ratio | $completion_ratio |"
done

rss="$(awk '/VmRSS/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "?")"
mkdir -p "$CAMPUS_ROOT/.bench-results"
out="$CAMPUS_ROOT/.bench-results/learning-$(date -u +%Y%m%dT%H%M%SZ).md"
{
    echo "Learning: the player and lesson completions, 10,000 enrolled students in 100 courses of 30 to 50 lessons"
    echo "(sql/bench/learning_enrollments.sql); every request is a random student on their own course (deploy/bench/learning.lua)."
    echo
    echo "$table"
    echo
    echo "$ratios"
    echo
    echo "A completion is one call of mark_lesson, one round trip (the enrollment locked, the insert, the resume point,"
    echo "the recount); a lesson already done is the same work (the insert does nothing). pgbench runs that same call"
    echo "(sql/bench/learning_complete.pgbench). The player is one query (course row, enrollment, completions; the"
    echo "outline itself only when learning's cache does not hold the row's version). Each of the 10,000 tokens is"
    echo "verified (Ed25519) the first time learning sees it, then answered from its token cache."
    echo "learning: log level $LEARNING_LOG_LEVEL (make up's), pool ${LEARNING_DATABASE_POOL_SIZE:-10} connections, RSS $rss after the run."
    echo "CPU µs/req: utime+stime from /proc over the measured run ÷ requests (PostgreSQL: the whole cluster of learning;"
    echo "the anchor's database is not measured). wrk -t2, ${warmup} s warm-up then ${seconds} s per row;"
    echo "wrk, the servers and PostgreSQL share $(nproc) cores."
} | tee "$out"
say "written to $out"
