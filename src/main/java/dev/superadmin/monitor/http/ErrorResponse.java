package dev.superadmin.monitor.http;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON body of every error response. */
@RegisterForReflection
public record ErrorResponse(int status, String error, String message) {
}
