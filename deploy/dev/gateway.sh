#!/usr/bin/env bash
# Starts the nginx gateway on 127.0.0.1:GATEWAY_PORT [8000] in front of the services, unless it runs.
# Its files (rendered config, pid, logs) live in .local/gateway; `down.sh` stops it by pid.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_packages nginx
nginx="$(command -v nginx || echo /usr/sbin/nginx)"
prefix="$CAMPUS_LOCAL/gateway"
port="${GATEWAY_PORT:-8000}"
mkdir -p "$prefix/tmp" "$CAMPUS_LOCAL/run"
sed -e "s#@PREFIX@#$prefix#g" -e "s#@PORT@#$port#g" -e "s#@IDENTITY@#127.0.0.1:${IDENTITY_PORT:-8101}#g" \
    -e "s#@CATALOG@#127.0.0.1:${CATALOG_PORT:-8102}#g" -e "s#@LEARNING@#127.0.0.1:${LEARNING_PORT:-8103}#g" -e "s#@BILLING@#127.0.0.1:${BILLING_PORT:-8104}#g" \
    "$CAMPUS_ROOT/deploy/gateway/nginx.conf.template" >"$prefix/nginx.conf"
"$nginx" -t -q -p "$prefix" -c "$prefix/nginx.conf" 2>&1 | grep -v "\"user\" directive" >&2 || true
if [ -f "$prefix/gateway.pid" ] && kill -0 "$(cat "$prefix/gateway.pid")" 2>/dev/null; then
    kill -HUP "$(cat "$prefix/gateway.pid")"
else
    say "starting the gateway on 127.0.0.1:$port"
    "$nginx" -p "$prefix" -c "$prefix/nginx.conf" 2>&1 | grep -v "\"user\" directive" >&2 || true
fi
for _ in $(seq 1 50); do
    [ -f "$prefix/gateway.pid" ] && cp "$prefix/gateway.pid" "$CAMPUS_LOCAL/run/gateway.pid" && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/.well-known/jwks.json" >/dev/null || die "the gateway does not reach identity"
curl -fsS "http://127.0.0.1:$port/v1/categories" >/dev/null || die "the gateway does not reach catalog"
