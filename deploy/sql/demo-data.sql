-- Demo data for the admin app schema (deploy/sql/schema.sql), sized so that the
-- superadmin-monitor probes return known values (see the end of this file).
-- Idempotent: wipes and reloads the five tables.
--   psql -v ON_ERROR_STOP=1 -d <appdb> -f deploy/sql/demo-data.sql
-- Timestamps are relative to now(); counted values use generate_series and
-- fixed arithmetic (no random()); user, product and image ids are md5-derived so they and the
-- image URLs are stable across reloads.
-- IPs only from the documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24.

BEGIN;

TRUNCATE public.admin_security_events, public.admin_sessions, public.product_images,
         public.products, public.admin_users
    RESTART IDENTITY CASCADE;

-- Admin users: 2 active + 1 deactivated former admin -> active admin users = 2.
INSERT INTO public.admin_users (id, email, full_name, is_active, created_at, last_login_at) VALUES
    (md5('admin-owner')::uuid,  'owner@superadmin.example',  'Olivia Owner',   true,  now() - interval '400 days', now() - interval '15 minutes'),
    (md5('admin-ops')::uuid,    'ops@superadmin.example',    'Oscar Ops',      true,  now() - interval '180 days', now() - interval '30 minutes'),
    (md5('admin-former')::uuid, 'former@superadmin.example', 'Fiona Formerly', false, now() - interval '300 days', now() - interval '551 hours');

-- Admin sessions: 40 in total, 12-hour lifetime.
--   n = 1..3   active and unexpired (started within the last hour)   -> probe value 3
--   n = 4..15  still flagged active but expired (never logged out)
--   n = 16..40 logged out (is_active = false); n = 16..17 are from today and
--              not yet expired, to show that is_active matters, not just expires_at
INSERT INTO public.admin_sessions
       (user_id, session_token, is_active, created_at, last_activity, expires_at, ip_address, user_agent)
SELECT CASE WHEN s.n >= 36 THEN md5('admin-former')::uuid      -- old sessions of the former admin
            WHEN s.n % 2 = 1 THEN md5('admin-owner')::uuid
            ELSE md5('admin-ops')::uuid END,
       md5('demo-session-' || s.n),
       s.n <= 15,
       t.created_at,
       t.created_at + t.used,
       t.created_at + interval '12 hours',
       (CASE s.n % 3 WHEN 0 THEN '192.0.2.' WHEN 1 THEN '198.51.100.' ELSE '203.0.113.' END
           || (10 + s.n % 7))::inet,
       (ARRAY['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
              'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
              'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
              'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148'])[1 + s.n % 4]
FROM generate_series(1, 40) AS s(n)
CROSS JOIN LATERAL (
    SELECT CASE
               WHEN s.n <= 3  THEN now() - s.n * interval '15 minutes'                    -- 15..45 min ago
               WHEN s.n <= 15 THEN now() - (s.n - 3) * interval '2 days' - interval '3 hours'  -- ~2..24 days ago
               WHEN s.n <= 17 THEN now() - (s.n - 14) * interval '1 hour'                 -- 2..3 h ago
               ELSE                now() - (s.n - 17) * interval '29 hours'               -- ~1..28 days ago
           END AS created_at,
           CASE
               WHEN s.n <= 3  THEN s.n * interval '12 minutes'   -- still clicking around
               ELSE (1 + s.n % 5) * interval '37 minutes'        -- well inside the 12 h lifetime
           END AS used
) AS t;

-- Security events: a few hundred rows over the last 30 days.
-- (a) Burst of 14 failed logins within the last hour, 2..~49 minutes ago, so the
--     probe keeps reading 14 for ~10 minutes after loading -> WARNING (>10).
INSERT INTO public.admin_security_events (user_id, event_type, created_at, ip_address, details)
SELECT CASE WHEN s.n % 3 = 0 THEN NULL ELSE md5('admin-owner')::uuid END,
       'login_failed',
       now() - make_interval(secs => 120 + (s.n - 1) * 216),
       '203.0.113.7',
       jsonb_build_object(
           'ip', '203.0.113.7',
           'email', CASE WHEN s.n % 3 = 0 THEN 'admin@superadmin.example' ELSE 'owner@superadmin.example' END,
           'reason', CASE WHEN s.n % 3 = 0 THEN 'unknown_user' ELSE 'bad_password' END)
FROM generate_series(1, 14) AS s(n);

-- (b) Background history, all at least 2 hours old so it never enters the
--     failed-logins window: n spread evenly between 2 h and 30 days ago.
INSERT INTO public.admin_security_events (user_id, event_type, created_at, ip_address, details)
SELECT CASE WHEN e.event_type = 'login_failed' AND s.n % 4 = 0 THEN NULL
            WHEN s.n % 5 = 0 THEN md5('admin-ops')::uuid
            ELSE md5('admin-owner')::uuid END,
       e.event_type,
       now() - interval '2 hours' - (s.n - 1) * ((interval '30 days' - interval '2 hours') / 300),
       ip.addr::inet,
       CASE e.event_type
           WHEN 'login_failed'     THEN jsonb_build_object('ip', ip.addr,
                                            'reason', CASE WHEN s.n % 4 = 0 THEN 'unknown_user' ELSE 'bad_password' END)
           WHEN 'login_success'    THEN jsonb_build_object('ip', ip.addr, 'method', 'password')
           WHEN 'logout'           THEN jsonb_build_object('ip', ip.addr, 'reason', 'user_logout')
           WHEN 'session_expired'  THEN jsonb_build_object('ip', ip.addr, 'reason', 'timeout')
           ELSE                         jsonb_build_object('ip', ip.addr, 'changed_by', 'self')
       END
FROM generate_series(1, 300) AS s(n)
CROSS JOIN LATERAL (
    SELECT CASE
               WHEN s.n % 75 = 0 THEN 'password_changed'   --   4 rows
               WHEN s.n % 5 = 0  THEN 'login_failed'       --  56 rows
               WHEN s.n % 5 = 1  THEN 'login_success'      --  60 rows
               WHEN s.n % 5 = 2  THEN 'logout'             --  60 rows
               WHEN s.n % 5 = 3  THEN 'login_success'      --  60 rows
               ELSE                   'session_expired'    --  60 rows
           END AS event_type
) AS e
CROSS JOIN LATERAL (
    SELECT CASE s.n % 3 WHEN 0 THEN '192.0.2.'    WHEN 1 THEN '198.51.100.' ELSE '203.0.113.' END
           || (20 + s.n % 11)::text AS addr
) AS ip;

-- Products: 25, a few retired (is_active = false).
INSERT INTO public.products (id, name, description, price_cents, is_active, created_at)
SELECT md5('demo-product-' || s.n)::uuid,
       p.name,
       'Demo product: ' || lower(p.name) || '.',
       900 + s.n * 350,
       s.n % 9 <> 0,                                  -- products 9 and 18 retired
       now() - (60 - s.n * 2) * interval '1 day'
FROM unnest(ARRAY[
        'Aurora Desk Lamp', 'Basalt Coffee Mug', 'Cedar Cutting Board', 'Denim Tote Bag',
        'Ember Scented Candle', 'Fjord Wool Blanket', 'Granite Bookends', 'Harbor Rain Jacket',
        'Indigo Notebook', 'Juniper Plant Pot', 'Kestrel Water Bottle', 'Linen Table Runner',
        'Maple Serving Tray', 'Nimbus Pillow', 'Onyx Wall Clock', 'Pebble Coasters (Set of 4)',
        'Quartz Desk Organizer', 'Rattan Storage Basket', 'Sable Leather Wallet', 'Tidal Beach Towel',
        'Umber Ceramic Vase', 'Velvet Throw Pillow', 'Willow Picnic Basket', 'Xenon Reading Light',
        'Yarrow Tea Set']) WITH ORDINALITY AS p(name, n)
CROSS JOIN LATERAL (SELECT p.n::int AS n) AS s;

-- Product images: 2 per product (50). Every third product still has only its
-- legacy R2 location; the rest are on Supabase storage (and product 1..5 keep
-- the old R2 URL alongside, as a half-finished migration would).
INSERT INTO public.product_images (id, product_id, image_url, r2_url, sort_order, created_at)
SELECT i.id,
       md5('demo-product-' || p.n)::uuid,
       CASE WHEN p.n % 3 = 0 THEN NULL
            ELSE 'https://demo.supabase.co/storage/v1/object/public/products/' || i.id || '.webp' END,
       CASE WHEN p.n % 3 = 0 OR p.n <= 5
            THEN 'https://images.example-r2.dev/products/' || p.n || '/' || k.k || '.jpg' END,
       k.k - 1,
       now() - (60 - p.n * 2) * interval '1 day' + k.k * interval '5 minutes'
FROM generate_series(1, 25) AS p(n)
CROSS JOIN generate_series(1, 2) AS k(k)
CROSS JOIN LATERAL (SELECT md5('demo-image-' || p.n || '-' || k.k)::uuid AS id) AS i;

-- Exactly 3 orphaned images: their products were deleted (no FK to stop it).
INSERT INTO public.product_images (id, product_id, image_url, r2_url, sort_order, created_at)
SELECT md5('demo-orphan-image-' || s.n)::uuid,
       md5('deleted-product-' || s.n)::uuid,        -- matches no product
       CASE WHEN s.n = 1 THEN NULL
            ELSE 'https://demo.supabase.co/storage/v1/object/public/products/'
                 || md5('demo-orphan-image-' || s.n)::uuid || '.webp' END,
       CASE WHEN s.n = 1 THEN 'https://images.example-r2.dev/products/deleted-' || s.n || '/1.jpg' END,
       0,
       now() - (70 - s.n) * interval '1 day'
FROM generate_series(1, 3) AS s(n);

COMMIT;

-- Fresh statistics, so the probe plans look like they will in a settled database.
-- ANALYZE rather than VACUUM: it also runs inside a transaction, so the file loads
-- in one piece over JDBC (the demo launcher) or in Supabase's SQL editor.
ANALYZE public.admin_users, public.admin_sessions, public.admin_security_events,
                 public.products, public.product_images;

-- Expected probe values right after loading (failed logins holds ~10 minutes):
--   active sessions         = 3    OK       (WARNING > 5, CRITICAL > 10)
--   failed logins (1 hour)  = 14   WARNING  (WARNING > 10, CRITICAL > 25)
--   orphaned images         = 3    WARNING  (WARNING > 0)
--   active admin users      = 2    OK       (CRITICAL < 1)
-- Row counts: admin_users 3, admin_sessions 40, admin_security_events 314,
--             products 25, product_images 53.
