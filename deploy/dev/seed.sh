#!/usr/bin/env bash
# Loads the demo data into what `make up` runs: identity's demo accounts, then catalog's demo courses
# (owned by the demo instructor, whom catalog looks up in identity), then learning's demo enrollments (the demo
# student in the free demo courses). Safe to run again.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$CAMPUS_ROOT/deploy/dev/services.sh"
cd "$CAMPUS_ROOT"
binaries="$(swift build --show-bin-path)"
mkdir -p "$CAMPUS_LOCAL/log"
say "loading the demo data (identity, catalog, then learning)"
"$binaries/identity" seed >>"$CAMPUS_LOCAL/log/identity.log" 2>&1 \
    || { tail -n 5 "$CAMPUS_LOCAL/log/identity.log" >&2; die "identity seed failed"; }
"$binaries/catalog" seed >>"$CAMPUS_LOCAL/log/catalog.log" 2>&1 \
    || { tail -n 5 "$CAMPUS_LOCAL/log/catalog.log" >&2; die "catalog seed failed"; }
"$binaries/learning" seed >>"$CAMPUS_LOCAL/log/learning.log" 2>&1 \
    || { tail -n 5 "$CAMPUS_LOCAL/log/learning.log" >&2; die "learning seed failed"; }
