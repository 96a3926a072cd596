#!/usr/bin/env bash
# Makes sure the local cluster runs and holds the `bench` database with its 100,000 courses.
source "$(dirname "${BASH_SOURCE[0]}")/../dev/common.sh"
ensure_packages wrk
dir="$(cluster_dir_for "$CAMPUS_LOCAL/pg")"
echo "$dir" >"$CAMPUS_LOCAL/pg.dir"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" init "$dir" "$CAMPUS_PG_PORT"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" start "$dir" "$CAMPUS_PG_PORT"
admin="postgres://postgres@127.0.0.1:$CAMPUS_PG_PORT"
if [ -z "$(psql "$admin/postgres" -tAXc "SELECT 1 FROM pg_database WHERE datname = 'bench'")" ]; then
    psql "$admin/postgres" -qXc "CREATE DATABASE bench"
fi
if [ "$(psql "$admin/bench" -tAXc "SELECT count(*) FROM pg_tables WHERE tablename = 'courses'")" = "0" ] \
    || [ "$(psql "$admin/bench" -tAXc "SELECT count(*) FROM courses")" != "100000" ]; then
    say "loading 100,000 courses into the bench database"
    psql "$admin/bench" -qX -v ON_ERROR_STOP=1 -f "$CAMPUS_ROOT/sql/bench/courses.sql" >/dev/null
fi
