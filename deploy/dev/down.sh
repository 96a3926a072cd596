#!/usr/bin/env bash
# Stops what up.sh started, by pid; data stays.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for pidfile in "$CAMPUS_LOCAL"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        say "stopping $(basename "$pidfile" .pid) (pid $pid)"
        kill -TERM "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    rm -f "$pidfile"
done
if [ -f "$CAMPUS_LOCAL/pg.dir" ]; then
    dir="$(cat "$CAMPUS_LOCAL/pg.dir")"
    say "stopping PostgreSQL in $dir"
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" stop "$dir" "$CAMPUS_PG_PORT"
fi
