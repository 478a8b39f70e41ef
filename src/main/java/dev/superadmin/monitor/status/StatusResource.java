package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.http.ErrorResponse;
import io.smallrye.common.annotation.NonBlocking;

/**
 * {@code GET /status} and {@code GET /status/{check}}: read from memory, never from a database, so they run on the
 * event loop ({@code @NonBlocking}) and a thousand clients need no worker thread each.
 */
@Path("/status")
@NonBlocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status", description = "What the last probes found, read from memory: a request never reaches a database")
@APIResponse(responseCode = "401", description = "A credential is configured (superadmin.auth) and the request has none that matches",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
public class StatusResource {

    private final StatusStore store;
    private final CheckCatalog catalog;

    StatusResource(StatusStore store, CheckCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Every target and check", description = "The overall state is the worst of the targets';"
            + " a target's is its worst check's, or CRITICAL when its database cannot be reached.")
    @APIResponse(responseCode = "200", description = "Every target and check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusReport.class)))
    public StatusReport all() {
        return store.report(Instant.now());
    }

    /** One check of one target; without {@code target}, of the only target, or else of the Quarkus datasource's. */
    @GET
    @Path("/{check}")
    @Operation(summary = "One check of one target")
    @APIResponse(responseCode = "200", description = "The check",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckResult.class)))
    @APIResponse(responseCode = "404", description = "No such target, or no such check on it; the message lists what exists",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    public CheckResult one(@Parameter(description = "The check's name, as in superadmin.checks.<name>") @PathParam("check") String name,
            @Parameter(description = "The target's name; when absent, the only target, or else the Quarkus datasource's") @QueryParam("target") String target) {
        String on = target != null ? target : catalog.defaultTarget().orElseThrow(() -> new NotFoundException(
                "several targets: name one with ?target=; known targets: " + String.join(", ", catalog.targets())));
        if (!catalog.targets().contains(on)) {
            throw new NotFoundException("unknown target '" + on + "'; known targets: " + String.join(", ", catalog.targets()));
        }
        return catalog.find(on, name)
                .map(check -> store.result(on, check, Instant.now()))
                .orElseThrow(() -> new NotFoundException("unknown check '" + name + "' on target '" + on + "'; its checks: "
                        + catalog.checks(on).stream().map(CheckDefinition::name).collect(Collectors.joining(", "))));
    }
}
