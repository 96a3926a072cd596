#!/usr/bin/env bash
# Applies sql/bootstrap.sql to a cluster with the dev passwords (or those in CAMPUS_*_PASSWORD).
#
#   bootstrap.sh SUPERUSER_URL [DBNAME]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
url="${1:?superuser URL}"
db="${2:-$CAMPUS_DB}"
args=(-v dbname="$db")
for role in identity catalog learning billing reporting; do
    var="CAMPUS_$(echo "$role" | tr a-z A-Z)_PASSWORD"
    args+=(-v "${role}_password=${!var:-$role-dev-password}")
done
psql "$url" -qX "${args[@]}" -f "$CAMPUS_ROOT/sql/bootstrap.sql" >/dev/null
