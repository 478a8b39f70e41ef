package dev.superadmin.monitor.http;

import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON body of every error response. */
@RegisterForReflection
@Schema(description = "The body of every error response")
public record ErrorResponse(
        @Schema(required = true, description = "The HTTP status") int status,
        @Schema(required = true, description = "The status in snake_case, e.g. not_found") String error,
        @Schema(required = true, description = "What went wrong, for people") String message) {

    /** With the status' reason phrase in snake_case as {@code error}: Not Found is not_found. */
    static ErrorResponse of(int status, String reasonPhrase, String message) {
        return new ErrorResponse(status, reasonPhrase.toLowerCase(Locale.ROOT).replace(' ', '_'), message);
    }
}
