#!/usr/bin/env bash
# Makes a throw-away certificate authority and a server certificate it signed for 127.0.0.1, ::1 and localhost,
# so the provider fakes serve HTTPS that our TLS client verifies against a CA file (never against nothing).
# Usage: deploy/fakes/test-ca.sh DIR  → DIR/ca.pem, DIR/ca.key, DIR/server.pem, DIR/server.key
# Does nothing when DIR already holds a server certificate valid for at least another day.
set -euo pipefail
dir=${1:?usage: test-ca.sh DIR}
mkdir -p "$dir"
if [[ -f $dir/server.pem && -f $dir/ca.pem ]] && openssl x509 -checkend 86400 -noout -in "$dir/server.pem" >/dev/null 2>&1 \
    && openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" >/dev/null 2>&1; then
    exit 0
fi
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=Campus test CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf '%s\n' "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" "basicConstraints=CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 825 \
    -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
chmod 644 "$dir/ca.pem" "$dir/server.pem"
