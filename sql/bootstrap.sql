-- Creates the Campus database, one login role and schema per service, and the read-only reporting role.
-- Idempotent: run it again to converge (and to change passwords). Run as a superuser with psql:
--   psql -v dbname=campus -v identity_password=… -v catalog_password=… -v learning_password=… \
--        -v billing_password=… -v reporting_password=… -f sql/bootstrap.sql
-- Each service role owns its schema, has its search_path pinned to it, and has no grant on any other
-- schema. Views in `reporting` are created by the migrations in sql/reporting (run by a superuser) and
-- the `reporting` role may only SELECT them.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

SELECT format('CREATE DATABASE %I', :'dbname')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'dbname') \gexec

SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', r)
FROM unnest(ARRAY['identity', 'catalog', 'learning', 'billing', 'reporting']) AS r
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec

ALTER ROLE identity PASSWORD :'identity_password';
ALTER ROLE catalog PASSWORD :'catalog_password';
ALTER ROLE learning PASSWORD :'learning_password';
ALTER ROLE billing PASSWORD :'billing_password';
ALTER ROLE reporting PASSWORD :'reporting_password';

SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'dbname') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO identity, catalog, learning, billing, reporting', :'dbname') \gexec

\connect :dbname
SET client_min_messages = warning;

REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS identity AUTHORIZATION identity;
CREATE SCHEMA IF NOT EXISTS catalog AUTHORIZATION catalog;
CREATE SCHEMA IF NOT EXISTS learning AUTHORIZATION learning;
CREATE SCHEMA IF NOT EXISTS billing AUTHORIZATION billing;
CREATE SCHEMA IF NOT EXISTS reporting;

-- Extensions live in their own schema, usable by every service (catalog's search uses pg_trgm).
CREATE SCHEMA IF NOT EXISTS extensions;
REVOKE ALL ON SCHEMA extensions FROM PUBLIC;
GRANT USAGE ON SCHEMA extensions TO identity, catalog, learning, billing, reporting;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;

SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I, extensions', r, :'dbname', r)
FROM unnest(ARRAY['identity', 'catalog', 'learning', 'billing', 'reporting']) AS r \gexec
SELECT format('ALTER ROLE reporting IN DATABASE %I SET default_transaction_read_only = on', :'dbname') \gexec

REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
GRANT USAGE ON SCHEMA reporting TO reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO reporting;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO reporting;
