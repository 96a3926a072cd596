#!/usr/bin/env bash
# Starts everything on this machine: system packages, build, a private PostgreSQL cluster, roles and
# schemas, migrations, then the services that exist. Safe to run again: what runs already is left alone.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_packages

cd "$CAMPUS_ROOT"
say "building"
mkdir -p "$CAMPUS_LOCAL"
swift build >"$CAMPUS_LOCAL/build.log" 2>&1 || { grep -E 'error' -A4 "$CAMPUS_LOCAL/build.log" >&2; die "the build failed"; }

dir="$(cluster_dir_for "$CAMPUS_LOCAL/pg")"
echo "$dir" >"$CAMPUS_LOCAL/pg.dir"
"$CAMPUS_ROOT/deploy/dev/cluster.sh" init "$dir" "$CAMPUS_PG_PORT"
if ! "$CAMPUS_ROOT/deploy/dev/cluster.sh" status "$dir" "$CAMPUS_PG_PORT"; then
    say "starting PostgreSQL in $dir on 127.0.0.1:$CAMPUS_PG_PORT"
    "$CAMPUS_ROOT/deploy/dev/cluster.sh" start "$dir" "$CAMPUS_PG_PORT"
fi
superuser="postgres://postgres@127.0.0.1:$CAMPUS_PG_PORT"
say "creating the $CAMPUS_DB database, its roles and schemas"
"$CAMPUS_ROOT/deploy/dev/bootstrap.sh" "$superuser/postgres" "$CAMPUS_DB"

started=()
for service in "${CAMPUS_SERVICES[@]}"; do
    binary="$(swift build --show-bin-path)/$service"
    [ -x "$binary" ] || continue
    started+=("$service")
done
if [ ${#started[@]} -eq 0 ]; then
    say "no service executables are built yet; the database is ready"
fi

cat <<INFO

  PostgreSQL   $superuser/$CAMPUS_DB   (superuser; data in $dir)
  psql         make psql                    (or: make psql SQL='\\dn')
  stop         make down                    (data stays; make reset wipes it)
INFO
