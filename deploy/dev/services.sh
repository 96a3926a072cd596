# The services' settings for `make up`, `make seed` and the tests' private `make up`; sourced, not run.
# Every value can be overridden from the environment. Dev secrets are made once in the git-ignored data folder.
mkdir -p "$CAMPUS_LOCAL/keys" "$CAMPUS_LOCAL/mail"
[ -f "$CAMPUS_LOCAL/keys/identity-ed25519.pem" ] \
    || openssl genpkey -algorithm ed25519 -out "$CAMPUS_LOCAL/keys/identity-ed25519.pem" 2>/dev/null
[ -f "$CAMPUS_LOCAL/keys/learning-ed25519.pem" ] \
    || openssl genpkey -algorithm ed25519 -out "$CAMPUS_LOCAL/keys/learning-ed25519.pem" 2>/dev/null
[ -f "$CAMPUS_LOCAL/keys/identity-pepper" ] || openssl rand -hex 32 >"$CAMPUS_LOCAL/keys/identity-pepper"
[ -f "$CAMPUS_LOCAL/keys/service-secret" ] || openssl rand -hex 32 >"$CAMPUS_LOCAL/keys/service-secret"
chmod 600 "$CAMPUS_LOCAL/keys/"*

export CAMPUS_SERVICE_SECRET="${CAMPUS_SERVICE_SECRET:-$(cat "$CAMPUS_LOCAL/keys/service-secret")}"
export IDENTITY_PORT="${IDENTITY_PORT:-8101}"
export CATALOG_PORT="${CATALOG_PORT:-8102}"
export LEARNING_PORT="${LEARNING_PORT:-8103}"
export BILLING_PORT="${BILLING_PORT:-8104}"

export IDENTITY_DATABASE_URL="${IDENTITY_DATABASE_URL:-postgres://identity:${CAMPUS_IDENTITY_PASSWORD:-identity-dev-password}@127.0.0.1:$CAMPUS_PG_PORT/$CAMPUS_DB}"
export IDENTITY_SIGNING_KEY_FILE="${IDENTITY_SIGNING_KEY_FILE:-$CAMPUS_LOCAL/keys/identity-ed25519.pem}"
export IDENTITY_TOKEN_PEPPER="${IDENTITY_TOKEN_PEPPER:-$(cat "$CAMPUS_LOCAL/keys/identity-pepper")}"
export IDENTITY_MAIL_DIR="${IDENTITY_MAIL_DIR:-$CAMPUS_LOCAL/mail}"
export IDENTITY_MIGRATIONS_DIR="${IDENTITY_MIGRATIONS_DIR:-$CAMPUS_ROOT/sql/identity}"
export IDENTITY_EVENT_SUBSCRIBERS="${IDENTITY_EVENT_SUBSCRIBERS:-catalog http://127.0.0.1:$CATALOG_PORT user.changed,user.deleted; learning http://127.0.0.1:$LEARNING_PORT user.changed,user.deleted}"
export IDENTITY_LEARNING_URL="${IDENTITY_LEARNING_URL:-http://127.0.0.1:$LEARNING_PORT}"

export CATALOG_DATABASE_URL="${CATALOG_DATABASE_URL:-postgres://catalog:${CAMPUS_CATALOG_PASSWORD:-catalog-dev-password}@127.0.0.1:$CAMPUS_PG_PORT/$CAMPUS_DB}"
export CATALOG_MIGRATIONS_DIR="${CATALOG_MIGRATIONS_DIR:-$CAMPUS_ROOT/sql/catalog}"
export CATALOG_JWKS_URL="${CATALOG_JWKS_URL:-http://127.0.0.1:$IDENTITY_PORT/.well-known/jwks.json}"
export CATALOG_IDENTITY_URL="${CATALOG_IDENTITY_URL:-http://127.0.0.1:$IDENTITY_PORT}"
export CATALOG_EVENT_SUBSCRIBERS="${CATALOG_EVENT_SUBSCRIBERS:-learning http://127.0.0.1:$LEARNING_PORT course.changed}"

export LEARNING_DATABASE_URL="${LEARNING_DATABASE_URL:-postgres://learning:${CAMPUS_LEARNING_PASSWORD:-learning-dev-password}@127.0.0.1:$CAMPUS_PG_PORT/$CAMPUS_DB}"
export LEARNING_MIGRATIONS_DIR="${LEARNING_MIGRATIONS_DIR:-$CAMPUS_ROOT/sql/learning}"
export LEARNING_JWKS_URL="${LEARNING_JWKS_URL:-http://127.0.0.1:$IDENTITY_PORT/.well-known/jwks.json}"
export LEARNING_CATALOG_URL="${LEARNING_CATALOG_URL:-http://127.0.0.1:$CATALOG_PORT}"
export LEARNING_SIGNING_KEY_FILE="${LEARNING_SIGNING_KEY_FILE:-$CAMPUS_LOCAL/keys/learning-ed25519.pem}"
export LEARNING_IDENTITY_URL="${LEARNING_IDENTITY_URL:-http://127.0.0.1:$IDENTITY_PORT}"
export LEARNING_EVENT_SUBSCRIBERS="${LEARNING_EVENT_SUBSCRIBERS:-catalog http://127.0.0.1:$CATALOG_PORT course.stats}"

export BILLING_DATABASE_URL="${BILLING_DATABASE_URL:-postgres://billing:${CAMPUS_BILLING_PASSWORD:-billing-dev-password}@127.0.0.1:$CAMPUS_PG_PORT/$CAMPUS_DB}"
export BILLING_MIGRATIONS_DIR="${BILLING_MIGRATIONS_DIR:-$CAMPUS_ROOT/sql/billing}"
export BILLING_JWKS_URL="${BILLING_JWKS_URL:-http://127.0.0.1:$IDENTITY_PORT/.well-known/jwks.json}"
export BILLING_CATALOG_URL="${BILLING_CATALOG_URL:-http://127.0.0.1:$CATALOG_PORT}"
export BILLING_LEARNING_URL="${BILLING_LEARNING_URL:-http://127.0.0.1:$LEARNING_PORT}"
export BILLING_PUBLIC_URL="${BILLING_PUBLIC_URL:-http://127.0.0.1:${GATEWAY_PORT:-8000}}"
export BILLING_EVENT_SUBSCRIBERS="${BILLING_EVENT_SUBSCRIBERS:-learning http://127.0.0.1:$LEARNING_PORT payment.pending,payment.completed,payment.failed,payment.cancelled,payment.refunded}"
