#!/usr/bin/env bash
# Stops everything and deletes the local database cluster.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$CAMPUS_ROOT/deploy/dev/down.sh"
if [ -f "$CAMPUS_LOCAL/pg.dir" ]; then
    dir="$(cat "$CAMPUS_LOCAL/pg.dir")"
    say "deleting $dir"
    rm -rf "$dir"
    rm -f "$CAMPUS_LOCAL/pg.dir"
fi
