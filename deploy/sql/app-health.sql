-- Reference definitions of the admin app's own health functions and views, as its operations summary
-- uses them ("SELECT * FROM public.database_health_check();" every morning, session_monitoring,
-- performance_monitoring, backup_readiness_check() every month). Each yields rows of
-- (metric_name text, metric_value numeric, status text) with status OK, WARNING or CRITICAL, which is
-- what superadmin-monitor reads when app health is on for a target (superadmin.app-health=true).
--
-- Run as the owner of the app's tables, AFTER schema.sql and monitor-role.sql:
--   psql -v ON_ERROR_STOP=1 -d <appdb> -f deploy/sql/app-health.sql
-- Re-runnable. Everything is read-only (STABLE functions, plain views). The thresholds are those of the
-- operations summary, the same as the service's own five checks.

BEGIN;

CREATE OR REPLACE FUNCTION public.database_health_check()
RETURNS TABLE (metric_name text, metric_value numeric, status text)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, public
AS $$
    WITH m AS (
        SELECT 'active_admin_users' AS name, (SELECT count(*) FROM public.admin_users WHERE is_active)::numeric AS value,
               0 AS warning_below, 1 AS critical_below, NULL::numeric AS warning_above, NULL::numeric AS critical_above
        UNION ALL
        SELECT 'active_sessions', (SELECT count(*) FROM public.admin_sessions WHERE is_active AND expires_at > now()),
               NULL, NULL, 5, 10
        UNION ALL
        SELECT 'failed_logins_last_hour', (SELECT count(*) FROM public.admin_security_events
                                           WHERE event_type = 'login_failed' AND created_at > now() - interval '1 hour'),
               NULL, NULL, 10, 25
        UNION ALL
        SELECT 'database_size_mb', round(pg_database_size(current_database()) / 1048576.0, 1), NULL, NULL, 1024, 5120
        UNION ALL
        SELECT 'orphaned_images', (SELECT count(*) FROM public.product_images i
                                   WHERE NOT EXISTS (SELECT 1 FROM public.products p WHERE p.id = i.product_id)),
               NULL, NULL, 0, NULL
    )
    SELECT name, value,
           CASE WHEN value < critical_below OR value > critical_above THEN 'CRITICAL'
                WHEN value < warning_below OR value > warning_above THEN 'WARNING'
                ELSE 'OK' END
    FROM m
$$;

CREATE OR REPLACE VIEW public.session_monitoring AS
    SELECT 'active_sessions'::text AS metric_name, count(*)::numeric AS metric_value,
           CASE WHEN count(*) > 10 THEN 'CRITICAL' WHEN count(*) > 5 THEN 'WARNING' ELSE 'OK' END AS status
    FROM public.admin_sessions WHERE is_active AND expires_at > now()
    UNION ALL
    -- sessions the app forgot to close: harmless until many pile up
    SELECT 'expired_sessions_still_active', count(*),
           CASE WHEN count(*) > 100 THEN 'WARNING' ELSE 'OK' END
    FROM public.admin_sessions WHERE is_active AND expires_at <= now()
    UNION ALL
    SELECT 'sessions_last_24h', count(*), 'OK'
    FROM public.admin_sessions WHERE created_at > now() - interval '24 hours';

CREATE OR REPLACE VIEW public.performance_monitoring AS
    SELECT 'cache_hit_ratio'::text AS metric_name,
           round(coalesce(blks_hit::numeric / nullif(blks_hit + blks_read, 0), 1), 4) AS metric_value,
           CASE WHEN coalesce(blks_hit::numeric / nullif(blks_hit + blks_read, 0), 1) < 0.90 THEN 'CRITICAL'
                WHEN coalesce(blks_hit::numeric / nullif(blks_hit + blks_read, 0), 1) < 0.95 THEN 'WARNING'
                ELSE 'OK' END AS status
    FROM pg_catalog.pg_stat_database WHERE datname = current_database()
    UNION ALL
    SELECT 'database_size_mb', round(pg_database_size(current_database()) / 1048576.0, 1),
           CASE WHEN pg_database_size(current_database()) > 5368709120 THEN 'CRITICAL'
                WHEN pg_database_size(current_database()) > 1073741824 THEN 'WARNING' ELSE 'OK' END
    UNION ALL
    SELECT 'security_events_last_24h', count(*), 'OK'
    FROM public.admin_security_events WHERE created_at > now() - interval '24 hours';

CREATE OR REPLACE FUNCTION public.backup_readiness_check()
RETURNS TABLE (metric_name text, metric_value numeric, status text)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, public
AS $$
    -- an export must bring back a usable admin: at least one active admin user
    SELECT 'active_admin_users', count(*)::numeric, CASE WHEN count(*) = 0 THEN 'CRITICAL' ELSE 'OK' END
    FROM public.admin_users WHERE is_active
    UNION ALL
    -- images whose product is gone would be exported dangling
    SELECT 'orphaned_images', count(*), CASE WHEN count(*) > 0 THEN 'WARNING' ELSE 'OK' END
    FROM public.product_images i WHERE NOT EXISTS (SELECT 1 FROM public.products p WHERE p.id = i.product_id)
    UNION ALL
    -- images still only on the legacy R2 storage are not in the Supabase backup
    SELECT 'images_only_on_r2', count(*), CASE WHEN count(*) > 0 THEN 'WARNING' ELSE 'OK' END
    FROM public.product_images WHERE image_url IS NULL AND r2_url IS NOT NULL
$$;

-- The monitoring role reads the views (their owner reads the tables) and calls the functions (they
-- run as the caller, with the SELECT grants of monitor-role.sql).
GRANT SELECT ON public.session_monitoring, public.performance_monitoring TO superadmin_monitor;
GRANT EXECUTE ON FUNCTION public.database_health_check(), public.backup_readiness_check() TO superadmin_monitor;

COMMIT;
