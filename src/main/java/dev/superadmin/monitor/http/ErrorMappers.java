package dev.superadmin.monitor.http;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vertx.core.http.HttpServerRequest;

/**
 * Every error of the REST layer as a JSON body with the right status: bad requests are the caller's business,
 * so nothing here logs an error. Methods other than GET and HEAD never reach it ({@link AllowedMethods}).
 */
public class ErrorMappers {

    private static final String ENDPOINTS = "/ (status page), /runbooks/README (runbooks), /status, /status/{check}?target={target}, /q/metrics, /q/health/live, /q/health/ready, /q/openapi";

    @ServerExceptionMapper
    RestResponse<ErrorResponse> notFound(NotFoundException exception, HttpServerRequest request) {
        // a resource's own message (an unknown check) says more than the path does
        String message = exception.getMessage() != null && !exception.getMessage().startsWith("HTTP 404")
                ? exception.getMessage()
                : "nothing at " + request.path() + "; endpoints: " + ENDPOINTS;
        return error(Response.Status.NOT_FOUND, message);
    }

    @ServerExceptionMapper
    RestResponse<ErrorResponse> notAcceptable(NotAcceptableException exception) {
        return error(Response.Status.NOT_ACCEPTABLE, "this endpoint answers in application/json only");
    }

    @ServerExceptionMapper
    RestResponse<ErrorResponse> other(WebApplicationException exception) {
        Response.StatusType status = exception.getResponse().getStatusInfo();
        return error(status, exception.getMessage());
    }

    private static RestResponse<ErrorResponse> error(Response.StatusType status, String message) {
        return RestResponse.ResponseBuilder.<ErrorResponse> create(status.getStatusCode())
                .entity(ErrorResponse.of(status.getStatusCode(), status.getReasonPhrase(), message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
