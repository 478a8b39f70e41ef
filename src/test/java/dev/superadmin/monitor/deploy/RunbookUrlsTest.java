package dev.superadmin.monitor.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.superadmin.monitor.testing.ManualProbesProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every alert's {@code runbook_url}, in every rules file and in the PrometheusRule, is the monitor's own runbook page
 * at the address Prometheus' external label gives: put the running service's address in the label's place, and the
 * service answers with that runbook's page.
 */
@QuarkusTest
@TestProfile(ManualProbesProfile.class)
class RunbookUrlsTest {

    private static final Path RULES = Path.of("deploy/prometheus/rules");
    private static final Path PROMETHEUS_RULE = Path.of("deploy/k8s/prometheusrule.yaml");
    private static final Pattern ALERT = Pattern.compile("^\\s*- alert: (\\w+)$", Pattern.MULTILINE);
    private static final Pattern RUNBOOK_URL = Pattern.compile("^\\s*runbook_url: '([^']*)'$", Pattern.MULTILINE);

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyAlertsRunbookUrlIsAPageTheServiceServes() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> rules = Files.list(RULES)) {
            rules.filter(file -> file.toString().endsWith(".yml")).sorted().forEach(files::add);
        }
        files.add(PROMETHEUS_RULE);
        String monitor = "http://127.0.0.1:" + root.getPort();
        int pages = 0;
        for (Path file : files) {
            String rules = Files.readString(file);
            List<String> urls = all(RUNBOOK_URL, rules);
            assertThat(urls).as("a runbook_url per alert in %s", file).hasSameSizeAs(all(ALERT, rules)).isNotEmpty();
            for (String url : urls) {
                assertThat(url).as("in %s", file).startsWith(CheckAlertRules.RUNBOOKS);
                String page = url.replace("{{ $externalLabels.superadmin_monitor_url }}", monitor);
                given().get(page).then().statusCode(200)
                        .contentType(startsWith("text/html"))
                        .body(containsString("<h1 id=\"" + page.substring(page.lastIndexOf('/') + 1).toLowerCase() + "\">"));
                pages++;
            }
        }
        assertThat(pages).as("alerts in the rules file and the PrometheusRule").isEqualTo(2 * 33);
    }

    private static List<String> all(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.results().map(result -> result.group(1)).toList();
    }
}
