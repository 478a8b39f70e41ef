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
 * {@code GET /status}, {@code GET /status/{check}} and {@code GET /status/{check}/history}: read from memory, never from a database, so they run on the
 * event loop ({@code @NonBlocking}) and a thousand clients need no worker thread each.
 */
@Path("/status")
@NonBlocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status", description = "What the last probes found, read from memory: a request never reaches a database")
@APIResponse(responseCode = "401", description = "A credential is configured (superadmin.auth) and the request has none that matches",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
public class StatusResource {

    private static final String TARGET = "The target's name; when absent, the only target, or else the Quarkus datasource's";

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
            @Parameter(description = TARGET) @QueryParam("target") String target) {
        String on = target(target);
        return store.result(on, check(on, name), Instant.now());
    }

    /** The state changes of one check of one target, kept in memory since the service started (bounded). */
    @GET
    @Path("/{check}/history")
    @Operation(summary = "The state changes of one check of one target",
            description = "Kept in memory since the service started, at most superadmin.history.changes per check (the"
                    + " oldest go first); the current state is the last change.")
    @APIResponse(responseCode = "200", description = "The check's state changes, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryReport.class)))
    @APIResponse(responseCode = "404", description = "No such target, or no such check on it; the message lists what exists",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    public HistoryReport history(@Parameter(description = "The check's name, as in superadmin.checks.<name>") @PathParam("check") String name,
            @Parameter(description = TARGET) @QueryParam("target") String target) {
        String on = target(target);
        return store.history(on, check(on, name), Instant.now());
    }

    private String target(String target) {
        String on = target != null ? target : catalog.defaultTarget().orElseThrow(() -> new NotFoundException(
                "several targets: name one with ?target=; known targets: " + String.join(", ", catalog.targets())));
        if (!catalog.targets().contains(on)) {
            throw new NotFoundException("unknown target '" + on + "'; known targets: " + String.join(", ", catalog.targets()));
        }
        return on;
    }

    private CheckDefinition check(String target, String name) {
        return catalog.find(target, name)
                .orElseThrow(() -> new NotFoundException("unknown check '" + name + "' on target '" + target + "'; its checks: "
                        + catalog.checks(target).stream().map(CheckDefinition::name).collect(Collectors.joining(", "))));
    }
}
