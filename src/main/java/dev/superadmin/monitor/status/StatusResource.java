package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
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
import dev.superadmin.monitor.check.State;
import dev.superadmin.monitor.config.Shard;
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
    @Operation(summary = "Every target and check, or those asked for", description = "The overall state is the worst of"
            + " the targets'; a target's is its worst check's, or CRITICAL when its database cannot be reached. The"
            + " filters choose what is listed; the overall state and the counts are always of every target.")
    @APIResponse(responseCode = "200", description = "The targets and checks asked for",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusReport.class)))
    @APIResponse(responseCode = "400", description = "A state or view that does not exist",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "A target that does not exist",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    public StatusReport all(
            @Parameter(description = "Only these targets; repeat it or separate names with commas") @QueryParam("target") List<String> targets,
            @Parameter(description = "Only the checks in these states (OK, WARNING, CRITICAL, UNKNOWN), and the targets"
                    + " holding one; repeat it or separate with commas: ?state=WARNING,CRITICAL,UNKNOWN is what is not OK")
            @QueryParam("state") List<String> states,
            @Parameter(description = "full (the default), or summary: each target's state, database and counts, without"
                    + " its checks") @QueryParam("view") @DefaultValue("full") String view) {
        return store.report(Instant.now(), new StatusFilter(targets(targets), states(states), summary(view)));
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
                "several targets: name one with ?target=; " + knownTargets()));
        return watched(on);
    }

    /** The name, if this instance watches that target; else a 404 that says why (and, in a shard, which one does). */
    private String watched(String name) {
        if (catalog.elsewhere(name)) {
            Shard here = catalog.shard();
            throw new NotFoundException("target '" + name + "' is watched by " + here.owner(name) + "; this instance is shard "
                    + here.index());
        }
        if (!catalog.targets().contains(name)) {
            throw new NotFoundException("unknown target '" + name + "'; " + knownTargets());
        }
        return name;
    }

    private CheckDefinition check(String target, String name) {
        return catalog.find(target, name)
                .orElseThrow(() -> new NotFoundException("unknown check '" + name + "' on target '" + target + "'; its checks: "
                        + catalog.checks(target).stream().map(CheckDefinition::name).collect(Collectors.joining(", "))));
    }

    private Set<String> targets(List<String> params) {
        Set<String> names = new LinkedHashSet<>(split(params));
        names.forEach(this::watched);
        return names;
    }

    private static Set<State> states(List<String> params) {
        Set<State> states = EnumSet.noneOf(State.class);
        for (String name : split(params)) {
            try {
                states.add(State.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("unknown state '" + name + "'; states: OK, WARNING, CRITICAL, UNKNOWN");
            }
        }
        return states;
    }

    private static boolean summary(String view) {
        return switch (view) {
            case "full" -> false;
            case "summary" -> true;
            default -> throw new BadRequestException("unknown view '" + view + "'; views: full, summary");
        };
    }

    private static List<String> split(List<String> params) {
        return params.stream().flatMap(param -> Arrays.stream(param.split(","))).map(String::strip)
                .filter(name -> !name.isEmpty()).toList();
    }

    /** The known targets, or their number when a list would drown the message. */
    private String knownTargets() {
        List<String> targets = catalog.targets();
        return targets.size() <= 20 ? "known targets: " + String.join(", ", targets)
                : targets.size() + " targets are known (GET /status?view=summary lists them)";
    }
}
