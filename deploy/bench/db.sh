#!/usr/bin/env bash
# Select-by-primary-key over 100,000 rows: our pool against pgbench -M prepared, same query and client
# counts, alternating, in one run. Prints a Markdown table and writes it to .bench-results/.
#
#   bench-db.sh   (BENCH_SECONDS [15], BENCH_CLIENTS ["8 32 64"], BENCH_LOOPS [2], as many event loops as pgbench gets threads (-j 2))
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
seconds="${BENCH_SECONDS:-15}"
clients="${BENCH_CLIENTS:-8 32 64}"
loops="${BENCH_LOOPS:-2}"

"$CAMPUS_ROOT/deploy/bench/data.sh"
cd "$CAMPUS_ROOT"
say "building campus-bench (release)"
swift build -c release --product campus-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/campus-bench"
url="postgres://postgres@127.0.0.1:$CAMPUS_PG_PORT/bench"
pgbench="$(pg_bindir)/pgbench"

table="| clients | ours (queries/s) | pgbench -M prepared (tps) | ratio |
|---|---|---|---|"
for n in $clients; do
    say "$n clients: ours"
    ours="$("$bench" db "$url" "$n" "$seconds" "$loops")"
    say "$n clients: pgbench"
    theirs="$("$pgbench" -n -M prepared -c "$n" -j 2 -T "$seconds" -f "$CAMPUS_ROOT/sql/bench/select_course.pgbench" "$url" \
        | awk '/^tps/ {print int($3); exit}')"
    ratio="$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')"
    table="$table
| $n | $ours | $theirs | $ratio× |"
done
mkdir -p "$CAMPUS_ROOT/.bench-results"
out="$CAMPUS_ROOT/.bench-results/db-$(date -u +%Y%m%dT%H%M%SZ).md"
printf '%s\n' "$table" | tee "$out"
say "written to $out"
