package dev.superadmin.monitor.testing;

/**
 * Arranges the admin app's tables so that each seed check counts exactly what a test asks for, with rows around
 * them that must not be counted (expired or inactive sessions, old or other events, images with a product).
 */
public final class AdminData {

    private final TestDatabase database;

    public AdminData(TestDatabase database) {
        this.database = database;
    }

    /** Every check OK: one active admin and nothing else. */
    public AdminData reset() {
        database.execute("TRUNCATE admin_security_events, admin_sessions, admin_users, product_images, products RESTART IDENTITY");
        return activeAdmins(1);
    }

    public AdminData activeAdmins(int count) {
        database.execute(
                "DELETE FROM admin_users",
                "INSERT INTO admin_users (email, is_active) SELECT 'admin' || i || '@example.test', true FROM generate_series(1, " + count + ") i",
                "INSERT INTO admin_users (email, is_active) VALUES ('former@example.test', false)");
        return this;
    }

    public AdminData activeSessions(int count) {
        database.execute(
                "DELETE FROM admin_sessions",
                sessions(count, "true", "now() + interval '1 hour'"),
                sessions(2, "true", "now() - interval '1 minute'"),
                sessions(2, "false", "now() + interval '1 hour'"));
        return this;
    }

    public AdminData failedLogins(int count) {
        database.execute(
                "DELETE FROM admin_security_events",
                events(count, "login_failed", "now() - interval '50 minutes' + i * interval '1 second'"),
                events(3, "login_failed", "now() - interval '61 minutes'"),
                events(3, "login_success", "now() - interval '5 minutes'"));
        return this;
    }

    public AdminData orphanedImages(int count) {
        database.execute(
                "DELETE FROM product_images",
                "DELETE FROM products",
                "INSERT INTO products (name) VALUES ('Mug'), ('Poster')",
                "INSERT INTO product_images (product_id, image_url) SELECT id, 'https://cdn.example.test/' || id || '.webp' FROM products",
                "INSERT INTO product_images (product_id, r2_url) SELECT gen_random_uuid(), 'https://r2.example.test/' || i || '.jpg' FROM generate_series(1, " + count + ") i");
        return this;
    }

    private static String sessions(int count, String active, String expiresAt) {
        return "INSERT INTO admin_sessions (user_id, session_token, is_active, expires_at) "
                + "SELECT (SELECT id FROM admin_users ORDER BY email LIMIT 1), md5(random()::text || i), " + active + ", " + expiresAt
                + " FROM generate_series(1, " + count + ") i";
    }

    private static String events(int count, String type, String createdAt) {
        return "INSERT INTO admin_security_events (event_type, created_at, details) SELECT '" + type + "', " + createdAt
                + ", '{\"ip\": \"192.0.2.1\"}' FROM generate_series(1, " + count + ") i";
    }
}
