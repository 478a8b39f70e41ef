package dev.superadmin.monitor.health;

import java.time.Instant;

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
 * it must stay reachable to report exactly that, so the database's state is data here, not the status.
 */
@Readiness
@ApplicationScoped
public class ProbesReadinessCheck implements HealthCheck {

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
        for (TargetReport target : report.targets()) {
            response.withData("database." + target.target(), target.database().up() ? "up" : "down");
        }
        return response.build();
    }
}
