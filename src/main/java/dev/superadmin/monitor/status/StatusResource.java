package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.superadmin.monitor.check.CheckCatalog;
import dev.superadmin.monitor.check.CheckDefinition;

/** {@code GET /status} and {@code GET /status/{check}}: read from memory, never from the database. */
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

    @GET
    @Path("/{check}")
    public CheckResult one(@PathParam("check") String name) {
        return catalog.find(name)
                .map(check -> store.result(check, Instant.now()))
                .orElseThrow(() -> new NotFoundException("unknown check '" + name + "'; known checks: "
                        + catalog.all().stream().map(CheckDefinition::name).collect(Collectors.joining(", "))));
    }
}
