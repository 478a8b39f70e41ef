package dev.superadmin.monitor.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Before each Quarkus test, and each integration test (the pom turns callbacks on for those): REST Assured asks for
 * {@code Connection: close}, so that the service closes each connection once it has answered. By default REST Assured
 * opens one per request and leaves it open until garbage collection, and the service refuses connections past
 * quarkus.http.limits.max-connections (64) and keeps a silent one for superadmin.http.read-idle-timeout (20 s): a test
 * sending a hundred requests in a row would find the cap reached, as would any client that leaks as much.
 */
public class ClosedRestAssuredConnections implements QuarkusTestBeforeEachCallback {

    private static final Filter CONNECTION_CLOSE = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Connection")) {
            request.header("Connection", "close");
        }
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(CONNECTION_CLOSE)) {
            RestAssured.filters(CONNECTION_CLOSE);
        }
    }
}
