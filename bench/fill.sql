-- Fills deploy/sql/schema.sql with a realistic mix at a given scale:
--   psql -v ON_ERROR_STOP=1 -v scale=1 -f bench/fill.sql
-- SCALE=1: 1e5 admin_sessions, 1e6 admin_security_events, 1e4 products, 5e4 product_images.
--
-- The numbers the five checks count are fixed by construction and kept away from the edges of their
-- time windows, so they stay the same for the whole run (about 40 minutes) and every tool can be
-- compared with psql: 4 active admin users, 3 active sessions, 14 failed logins in the last hour
-- (WARNING), 7 orphaned images. Everything else is spread over the last 30 days.
-- The secondary indexes are dropped while loading and rebuilt afterwards from their own definitions
-- (five times faster at SCALE=10 than maintaining them row by row).

\set ON_ERROR_STOP 1
SELECT setseed(0.42);

CREATE TEMP TABLE saved_indexes AS
    SELECT i.indexrelid::regclass AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
SELECT format('DROP INDEX %s', name) FROM saved_indexes \gexec

-- Five admins, one of them deactivated.
INSERT INTO public.admin_users (email, full_name, is_active, created_at, last_login_at)
SELECT 'admin' || g || '@example.com', 'Admin ' || g, g <> 5,
       now() - interval '400 days' + g * interval '30 days', now() - g * interval '3 hours'
FROM generate_series(1, 5) g;

-- Sessions of the last 30 days, all expired a day ago at the latest; every 20th still flagged active
-- (the app forgot to close it), so the partial index has work to skip.
WITH admins AS (SELECT array_agg(id ORDER BY email) AS ids FROM public.admin_users),
     sessions AS (SELECT g, now() - interval '1 day' - random() * interval '29 days' AS created
                  FROM generate_series(1, :scale * 100000 - 5) g)
INSERT INTO public.admin_sessions (user_id, session_token, is_active, created_at, last_activity, expires_at,
                                   ip_address, user_agent)
SELECT ids[1 + g % 5], md5('session-' || g), g % 20 = 0, created, created + random() * interval '2 hours',
       created + interval '8 hours', ('10.0.' || g % 250 || '.' || 1 + g % 200)::inet,
       'Mozilla/5.0 (X11; Linux x86_64) Firefox/' || 100 + g % 30
FROM admins, sessions;

-- Five sessions opened in the last hour: three active, two logged out.
WITH admins AS (SELECT array_agg(id ORDER BY email) AS ids FROM public.admin_users)
INSERT INTO public.admin_sessions (user_id, session_token, is_active, created_at, last_activity, expires_at,
                                   ip_address, user_agent)
SELECT ids[g], md5('recent-session-' || g), g <= 3, now() - g * interval '10 minutes', now(),
       now() + interval '8 hours' - g * interval '10 minutes', ('192.0.2.' || g)::inet, 'Mozilla/5.0 Firefox/128'
FROM admins, generate_series(1, 5) g;

-- Security events of the last 30 days, older than two hours: 2 % failed logins (outside the window),
-- the rest successful logins, logouts and expiries.
WITH admins AS (SELECT array_agg(id ORDER BY email) AS ids FROM public.admin_users),
     events AS (SELECT g, CASE WHEN g % 100 < 2 THEN 'login_failed'
                               WHEN g % 100 < 60 THEN 'login_success'
                               WHEN g % 100 < 90 THEN 'logout'
                               ELSE 'session_expired' END AS kind
                FROM generate_series(1, :scale * 1000000 - 200) g)
INSERT INTO public.admin_security_events (user_id, event_type, created_at, ip_address, details)
SELECT CASE WHEN kind = 'login_failed' THEN NULL ELSE ids[1 + g % 5] END, kind,
       now() - interval '2 hours' - random() * interval '30 days',
       ('10.1.' || g % 250 || '.' || 1 + g % 200)::inet,
       CASE WHEN kind = 'login_failed' THEN '{"reason": "bad_password"}'::jsonb ELSE '{}'::jsonb END
FROM admins, events;

-- The last 20 minutes: 200 events, 14 of them failed logins (WARNING above 10).
WITH admins AS (SELECT array_agg(id ORDER BY email) AS ids FROM public.admin_users)
INSERT INTO public.admin_security_events (user_id, event_type, created_at, ip_address, details)
SELECT CASE WHEN g <= 14 THEN NULL ELSE ids[1 + g % 4] END,
       CASE WHEN g <= 14 THEN 'login_failed' WHEN g % 2 = 0 THEN 'login_success' ELSE 'logout' END,
       now() - g * interval '6 seconds', ('198.51.100.' || 1 + g % 200)::inet,
       CASE WHEN g <= 14 THEN '{"reason": "bad_password"}'::jsonb ELSE '{}'::jsonb END
FROM admins, generate_series(1, 200) g;

-- Products with five images each; seven images point at products that are gone.
INSERT INTO public.products (name, description, price_cents, is_active, created_at)
SELECT 'Product ' || g, 'Description of product ' || g, 100 + g % 10000, g % 10 <> 0,
       now() - random() * interval '365 days'
FROM generate_series(1, :scale * 10000) g;

INSERT INTO public.product_images (product_id, image_url, r2_url, sort_order, created_at)
SELECT p.id, 'https://project.supabase.co/storage/v1/object/public/products/' || p.id || '/' || k || '.webp',
       CASE WHEN p.created_at < now() - interval '180 days'
            THEN 'https://r2.example.com/products/' || p.id || '/' || k || '.jpg' END,
       k, p.created_at
FROM public.products p, generate_series(0, 4) k;

INSERT INTO public.product_images (product_id, image_url, sort_order)
SELECT gen_random_uuid(), 'https://project.supabase.co/storage/v1/object/public/products/gone/' || g || '.webp', 0
FROM generate_series(1, 7) g;

SELECT definition FROM saved_indexes \gexec
