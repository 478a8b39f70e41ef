package dev.superadmin.monitor.health;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.superadmin.monitor.status.StatusFilter;
import dev.superadmin.monitor.status.StatusReport;
import dev.superadmin.monitor.status.StatusStore;
import dev.superadmin.monitor.status.TargetReport;

/**
 * Ready once every check has been probed, whatever the outcome. A down database never makes the service unready:
 * it must stay reachable to report exactly that, so the database's state is data here, not the status: each
 * target's, or with more than {@link #LISTED} targets how many are up and down and the first that are down.
 */
@Readiness
@ApplicationScoped
public class ProbesReadinessCheck implements HealthCheck {

    /** Up to this many targets, each is named in the data; past it, Kubernetes' every probe would log a page. */
    static final int LISTED = 20;

    private final StatusStore store;

    ProbesReadinessCheck(StatusStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        StatusReport report = store.report(Instant.now(), StatusFilter.SUMMARY);
        HealthCheckResponseBuilder response = HealthCheckResponse.named("superadmin-probes")
                .status(store.firstRoundComplete())
                .withData("state", report.state().name());
        List<TargetReport> targets = report.targets();
        if (targets.size() <= LISTED) {
            for (TargetReport target : targets) {
                response.withData("database." + target.target(), target.database().up() ? "up" : "down");
            }
        } else {
            // a fleet: counts, and the first of the databases that are down by name, instead of a line per target
            List<String> down = targets.stream().filter(target -> !target.database().up()).map(TargetReport::target).toList();
            response.withData("databases.up", targets.size() - down.size()).withData("databases.down", down.size());
            if (!down.isEmpty()) {
                response.withData("databases.down.first", String.join(", ", down.subList(0, Math.min(LISTED, down.size()))));
            }
        }
        return response.build();
    }
}
