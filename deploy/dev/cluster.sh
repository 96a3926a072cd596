#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder: init, start, stop, restart, status, url.
#
#   cluster.sh init|start|stop|restart|status|url DIR PORT
#
# Listens on 127.0.0.1:PORT and on a unix socket in DIR. The superuser `postgres` is trusted on the
# socket and on 127.0.0.1 (a dev or throwaway cluster, never production); every other role needs its
# password (scram-sha-256). CAMPUS_PG_MAX_CONNECTIONS [200] sets max_connections at init.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

action="${1:?usage: cluster.sh init|start|stop|restart|status|url DIR PORT}"
dir="${2:?cluster folder}"
port="${3:?port}"
bin="$(pg_bindir)" || die "PostgreSQL server binaries not found"
data="$dir/data"

case "$action" in
init)
    if [ -f "$data/PG_VERSION" ]; then exit 0; fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_cluster_owner "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    as_cluster_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = ${CAMPUS_PG_MAX_CONNECTIONS:-200}
shared_buffers = 256MB
fsync = on
log_min_duration_statement = 1000
CONF
    as_cluster_owner sed -i '/^host/d' "$data/pg_hba.conf"
    as_cluster_owner tee -a "$data/pg_hba.conf" >/dev/null <<HBA
host    all    postgres    127.0.0.1/32    trust
host    all    all         127.0.0.1/32    scram-sha-256
HBA
    ;;
start)
    if as_cluster_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then exit 0; fi
    as_cluster_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
    ;;
stop)
    if as_cluster_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_cluster_owner "$bin/pg_ctl" -D "$data" -w -t 60 -m fast stop >/dev/null
    fi
    ;;
restart)
    as_cluster_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 -m fast restart >/dev/null
    ;;
status)
    as_cluster_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
    ;;
url)
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
*)
    die "unknown action $action"
    ;;
esac
