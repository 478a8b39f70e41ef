package dev.superadmin.monitor.testing;

/**
 * The service watching one target, {@code require}: the Quarkus datasource with {@code ssl-mode=require} and
 * {@code trust-all=true}, on a TLS-only server of its own ({@link TlsPostgresResource}). trust-all can only be set on
 * the datasource, which in {@link TlsProfile} is {@code verify-full}, so this case needs a start of its own.
 */
public class TlsTrustAllProfile extends TlsProfile {

    @Override
    protected String datasource() {
        return "require";
    }
}
