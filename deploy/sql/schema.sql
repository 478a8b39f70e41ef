-- Reference schema of the single-admin web app that superadmin-monitor watches.
-- Table/column/index names are the contract the monitoring probes rely on.
-- Plain PostgreSQL 13+ (gen_random_uuid() is built in); no Supabase-only roles.
-- Idempotent: psql -v ON_ERROR_STOP=1 -f deploy/sql/schema.sql

BEGIN;

CREATE TABLE IF NOT EXISTS public.admin_users (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text        NOT NULL UNIQUE,
    full_name     text,
    is_active     boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz
);

CREATE TABLE IF NOT EXISTS public.admin_sessions (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL REFERENCES public.admin_users (id) ON DELETE CASCADE,
    session_token text        NOT NULL UNIQUE,
    is_active     boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_activity timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ip_address    inet,
    user_agent    text
);

CREATE TABLE IF NOT EXISTS public.admin_security_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- SET NULL keeps the audit trail when an admin user is deleted.
    user_id    uuid        NULL REFERENCES public.admin_users (id) ON DELETE SET NULL,
    event_type text        NOT NULL,  -- e.g. 'login_failed', 'login_success', 'logout'
    created_at timestamptz NOT NULL DEFAULT now(),
    ip_address inet,
    details    jsonb       NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS public.products (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL,
    description text,
    price_cents integer,
    is_active   boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.product_images (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Deliberately no foreign key (as in the real app): orphaned images happen
    -- and are exactly what the orphaned-images probe reports.
    product_id uuid        NOT NULL,
    image_url  text,                  -- current Supabase storage URL
    r2_url     text,                  -- legacy Cloudflare R2 location
    sort_order integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Indexes from the app's original seed.
CREATE INDEX IF NOT EXISTS idx_admin_sessions_token
    ON public.admin_sessions (session_token);
CREATE INDEX IF NOT EXISTS idx_admin_sessions_user_id
    ON public.admin_sessions (user_id);
CREATE INDEX IF NOT EXISTS idx_admin_sessions_last_activity
    ON public.admin_sessions (last_activity);
CREATE INDEX IF NOT EXISTS idx_admin_security_events_type
    ON public.admin_security_events (event_type);

-- Indexes for the monitoring probes (each probe can be an index-only scan).

-- Active-sessions probe: count(*) WHERE is_active AND expires_at > now()
CREATE INDEX IF NOT EXISTS idx_admin_sessions_active_expires_at
    ON public.admin_sessions (expires_at) WHERE is_active;

-- Failed-logins probe: count(*) WHERE event_type = 'login_failed' AND created_at > now() - 1h
CREATE INDEX IF NOT EXISTS idx_admin_security_events_type_created_at
    ON public.admin_security_events (event_type, created_at);

-- Orphaned-images probe: NOT EXISTS anti-join product_images.product_id -> products.id (pk)
CREATE INDEX IF NOT EXISTS idx_product_images_product_id
    ON public.product_images (product_id);

-- Admin-users probe: count(*) WHERE is_active
CREATE INDEX IF NOT EXISTS idx_admin_users_active
    ON public.admin_users (id) WHERE is_active;

COMMIT;
