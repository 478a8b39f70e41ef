-- Least-privilege, read-only login role for the superadmin-monitor service.
--
-- Run as the database owner / a superuser, in the app's database, AFTER schema.sql.
-- Plain SQL (no psql meta-commands), so it also runs in Supabase's SQL editor:
--   psql -v ON_ERROR_STOP=1 -d <appdb> -f deploy/sql/monitor-role.sql
-- No secret lives in the repo: set the password yourself afterwards, e.g. in psql
-- with \password superadmin_monitor (nothing echoed), or
--   ALTER ROLE superadmin_monitor PASSWORD '<from your secret store>';
-- Re-runnable: safe to run any number of times.

BEGIN;

-- Roles are cluster-wide; create only if missing. NOBYPASSRLS is deliberate:
-- the monitor sees what RLS lets it see; give it a read policy on RLS-enabled
-- tables (see docs/supabase.md), or it counts zero rows. INHERIT is left at its default:
-- this script grants no memberships; the optional monitor-role-stats.sql grants
-- pg_read_all_stats, whose privileges the role must inherit to use them.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'superadmin_monitor') THEN
        CREATE ROLE superadmin_monitor
            LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles
                  WHERE rolname = 'superadmin_monitor'
                    AND (rolsuper OR rolreplication OR rolbypassrls)) THEN
        -- Only touched when actually wrong: changing these attributes needs a
        -- superuser, which a managed "postgres" role (e.g. Supabase) is not.
        ALTER ROLE superadmin_monitor NOSUPERUSER NOREPLICATION NOBYPASSRLS;
    END IF;
END
$$;

-- Re-assert the attributes a CREATEROLE (non-superuser) owner may set, so a
-- pre-existing role is brought back in line on every run.
ALTER ROLE superadmin_monitor LOGIN NOCREATEDB NOCREATEROLE CONNECTION LIMIT 5;

-- Session defaults for every connection of the monitor. Read-only by default is
-- a safety net on top of the SELECT-only grants; the timeouts keep a probe from
-- hanging on locks or holding a transaction open.
ALTER ROLE superadmin_monitor SET default_transaction_read_only = on;
ALTER ROLE superadmin_monitor SET statement_timeout = '10s';
ALTER ROLE superadmin_monitor SET idle_in_transaction_session_timeout = '30s';
ALTER ROLE superadmin_monitor SET lock_timeout = '2s';

-- CONNECT is also all pg_database_size(current_database()) needs.
-- Dynamic SQL because the database name is only known at run time.
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO superadmin_monitor', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO superadmin_monitor;

-- Exactly the tables the probes read; deliberately no ALTER DEFAULT PRIVILEGES,
-- so tables added later stay invisible until granted explicitly.
GRANT SELECT ON
    public.admin_users,
    public.admin_sessions,
    public.admin_security_events,
    public.products,
    public.product_images
TO superadmin_monitor;

COMMIT;
