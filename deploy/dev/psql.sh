#!/usr/bin/env bash
# psql on the local campus database as the superuser; arguments go to psql (e.g. -c '\dn').
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec psql "postgres://postgres@127.0.0.1:$CAMPUS_PG_PORT/$CAMPUS_DB" "$@"
