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

# Starts one service detached (pid file under .local/run, log under .local/log) unless it already runs.
start_service() {
    local service="$1" port="$2" binary pidfile
    binary="$(swift build --show-bin-path)/$service"
    pidfile="$CAMPUS_LOCAL/run/$service.pid"
    mkdir -p "$CAMPUS_LOCAL/run" "$CAMPUS_LOCAL/log"
    "$binary" migrate up >>"$CAMPUS_LOCAL/log/$service.log" 2>&1 || { tail -n 20 "$CAMPUS_LOCAL/log/$service.log" >&2; die "$service: migrations failed"; }
    if [ -f "$pidfile" ] && is_running "$(cat "$pidfile")"; then
        return 0
    fi
    say "starting $service on 127.0.0.1:$port"
    nohup "$binary" serve >>"$CAMPUS_LOCAL/log/$service.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        is_running "$(cat "$pidfile")" || break
        sleep 0.1
    done
    tail -n 20 "$CAMPUS_LOCAL/log/$service.log" >&2
    die "$service did not become healthy"
}

source "$CAMPUS_ROOT/deploy/dev/services.sh"
start_service identity "$IDENTITY_PORT"
start_service catalog "$CATALOG_PORT"
start_service learning "$LEARNING_PORT"
start_service billing "$BILLING_PORT"

[ -n "${CAMPUS_NO_SEED:-}" ] || "$CAMPUS_ROOT/deploy/dev/seed.sh"
"$CAMPUS_ROOT/deploy/dev/gateway.sh"

cat <<INFO

  gateway      http://127.0.0.1:${GATEWAY_PORT:-8000}   (nginx: every service's public routes; /internal is refused)
  identity     http://127.0.0.1:$IDENTITY_PORT   (log: $CAMPUS_LOCAL/log/identity.log)
  catalog      http://127.0.0.1:$CATALOG_PORT   (log: $CAMPUS_LOCAL/log/catalog.log)
  learning     http://127.0.0.1:$LEARNING_PORT   (log: $CAMPUS_LOCAL/log/learning.log)
  billing      http://127.0.0.1:$BILLING_PORT   (log: $CAMPUS_LOCAL/log/billing.log)
  demo users   admin@campus.localhost, instructor@campus.localhost, student@campus.localhost
               (password: campus-demo-password)
  dev e-mail   $IDENTITY_MAIL_DIR   (one .eml file per message)
  PostgreSQL   $superuser/$CAMPUS_DB   (superuser; data in $dir)
  psql         make psql                    (or: make psql SQL='\\dn')
  stop         make down                    (data stays; make reset wipes it)
INFO
