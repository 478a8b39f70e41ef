package dev.superadmin.monitor.runbook;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /runbooks/{name}}: a runbook's page with its Content-Security-Policy. An unknown name is the JSON 404 of
 * every other unknown path. The pages hold no data, so the access filter leaves exactly these paths open, like the
 * status page that links to them. On a worker thread: the first request for a page renders it.
 */
@Path("/runbooks")
public class RunbookResource {

    private final Runbooks runbooks;

    RunbookResource(Runbooks runbooks) {
        this.runbooks = runbooks;
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    @Operation(hidden = true)
    public Response page(@PathParam("name") String name) {
        Runbook runbook = runbooks.page(name).orElseThrow(() -> new NotFoundException("no runbook '" + name
                + "'; every runbook is listed at " + Runbooks.PATH + Runbooks.INDEX));
        return Response.ok(runbook.html())
                .header("Content-Security-Policy", RunbookPage.POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
