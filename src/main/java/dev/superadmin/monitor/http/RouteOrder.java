package dev.superadmin.monitor.http;

/**
 * Where the service's own route handlers sit in Vert.x' router: before Quarkus' routes (which start at
 * {@code Integer.MIN_VALUE + 1} at the earliest), one after the other in the order below. A refusal that needs less of
 * the request comes first, so that none says more than the one before it would: the size of a request is known before
 * its method matters, the method before its credential, and only a request with the credential learns that its path
 * is malformed.
 */
public final class RouteOrder {

    /** {@link RequestLimits}: 414 and 431. */
    static final int REQUEST_LIMITS = Integer.MIN_VALUE;
    /** {@link AllowedMethods}: 405 and 501. */
    static final int METHODS = REQUEST_LIMITS + 1;
    /** {@link AccessFilter}: 401. */
    static final int ACCESS = METHODS + 1;
    /** {@link MalformedRequests}: 400 for path parameters. */
    static final int PATH_PARAMETERS = ACCESS + 1;
    /** {@code MetricsEndpoint}: /q/metrics from its cached rendering, in place of Quarkus' own route. */
    public static final int METRICS = PATH_PARAMETERS + 1;
    /** {@code OpenApiEndpoint}: /q/openapi, the document generated at build time. */
    public static final int OPENAPI = METRICS + 1;
    /** {@code ReloadEndpoint}: POST /-/reload. */
    public static final int RELOAD = OPENAPI + 1;
    /** {@link MalformedRequests}: the router's own 4xx failures as JSON, before Quarkus' failure handler (last). */
    static final int FAILURES = Integer.MIN_VALUE;

    private RouteOrder() {
    }
}
