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

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;

/** {@code GET /status} and {@code GET /status/{check}}: read from memory, never from a database. */
@Path("/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final StatusStore store;
    private final CheckCatalog catalog;

    StatusResource(StatusStore store, CheckCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @GET
    public StatusReport all() {
        return store.report(Instant.now());
    }

    /** One check of one target; without {@code target}, of the Quarkus datasource's target. */
    @GET
    @Path("/{check}")
    public CheckResult one(@PathParam("check") String name, @QueryParam("target") String target) {
        String on = target == null ? catalog.targets().get(0) : target;
        if (!catalog.targets().contains(on)) {
            throw new NotFoundException("unknown target '" + on + "'; known targets: " + String.join(", ", catalog.targets()));
        }
        return catalog.find(on, name)
                .map(check -> store.result(on, check, Instant.now()))
                .orElseThrow(() -> new NotFoundException("unknown check '" + name + "' on target '" + on + "'; its checks: "
                        + catalog.checks(on).stream().map(CheckDefinition::name).collect(Collectors.joining(", "))));
    }
}
