package dev.superadmin.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploy/alertmanager/alertmanager.yml as amtool reads it: valid, and routing each alert where it belongs. */
class AlertmanagerConfigTest {

    private static final String CONFIG = "deploy/alertmanager/alertmanager.yml";

    @Test
    void amtoolAcceptsTheConfiguration() {
        String output = amtool("check-config", CONFIG);
        assertThat(output).contains("SUCCESS").contains("2 inhibit rules").contains("2 receivers");
    }

    @ParameterizedTest(name = "{0} {1} ({2}) -> {3}")
    @CsvSource({
            "SuperadminNoActiveAdmin,  critical, admin_users,     pager",
            "SuperadminActiveSessions, critical, active_sessions, pager",
            "SuperadminActiveSessions, warning,  active_sessions, ticket",
            "SuperadminFailedLogins,   critical, failed_logins,   pager",
            "SuperadminFailedLogins,   warning,  failed_logins,   ticket",
            "SuperadminDatabaseSize,   warning,  database_size,   ticket",
            "SuperadminOrphanedImages, warning,  orphaned_images, ticket",
            "SuperadminCheckUnknown,   critical, admin_users,     pager",
            "SuperadminCheckUnknown,   warning,  failed_logins,   ticket",
            "SuperadminDatabaseDown,   critical, '',              pager",
            "SuperadminMonitorDown,    critical, '',              pager",
            "SuperadminProbesFailing,  warning,  database_size,   ticket",
            "SuperadminTransactionIdWraparound, critical, pg_xid_age, pager",
            "SuperadminDeadTuples,     warning,  pg_dead_tuples,  ticket",
            "SomethingElse,            '',       '',              ticket",
    })
    void criticalPagesAndWarningOpensATicket(String alertname, String severity, String check, String receiver) {
        List<String> labels = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + CONFIG,
                "alertname=" + alertname, "target=default"));
        if (!severity.isEmpty()) {
            labels.add("severity=" + severity);
        }
        if (!check.isEmpty()) {
            labels.add("check=" + check);
        }
        assertThat(amtool(labels.toArray(String[]::new)).strip()).isEqualTo(receiver);
    }

    @Test
    void routingTreeSendsCriticalToThePagerAndTheRestToTickets() {
        String tree = amtool("config", "routes", "show", "--config.file=" + CONFIG);
        assertThat(tree).contains("default-route  receiver: ticket")
                .contains("{severity=\"critical\"}  receiver: pager")
                .contains("{severity=\"warning\"}  receiver: ticket");
    }

    private static String amtool(String... arguments) {
        List<String> command = new ArrayList<>(List.of("amtool"));
        command.addAll(List.of(arguments));
        try {
            // stdout only: amtool warns on stderr that --config.file overrides --alertmanager.url
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("amtool finished").isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + " said:\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run amtool (Debian's prometheus-alertmanager; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
