package dev.superadmin.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.testing.ImageFlags;

/**
 * The deployment files: the Kubernetes manifests pass the Kubernetes and prometheus-operator schemas
 * ({@code deploy/k8s/validate}, Node.js), the PrometheusRule carries exactly the alert rules of
 * {@code deploy/prometheus/rules}, and the Grafana dashboard queries only what the service exports, through its
 * two variables. No YAML parser is on the test classpath, so YAML is read through the validator's js-yaml.
 */
class DeployManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Path VALIDATE = K8S.resolve("validate");
    private static final Path RULES = ROOT.resolve("deploy/prometheus/rules/superadmin-monitor.rules.yml");
    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/superadmin-monitor.json");
    private static final Set<String> DASHBOARD_VARIABLES = Set.of("datasource", "target");
    private static final Set<String> ALLOWED_VARIABLES = Set.of("datasource", "target", "__rate_interval", "__interval",
            "__range");
    /** {@code $name}, {@code ${name}}, {@code ${name:format}} and the deprecated {@code [[name]]}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^]]*)?]]");

    record Result(int exitCode, String output) {
    }

    @BeforeAll
    static void installValidator() throws Exception {
        // npm ci writes node_modules/.package-lock.json last: without it the install is missing or unfinished.
        if (!Files.exists(VALIDATE.resolve("node_modules/.package-lock.json"))) {
            Result install = run(Duration.ofMinutes(5), "npm", "ci", "--prefix", ROOT.relativize(VALIDATE).toString(),
                    "--no-audit", "--no-fund");
            assertThat(install.exitCode()).as("npm ci --prefix deploy/k8s/validate:\n%s", install.output()).isZero();
        }
    }

    // ---- Kubernetes ----------------------------------------------------------------------------------------------

    @Test
    void manifestsPassTheKubernetesSchemas() throws Exception {
        Result result = node("deploy/k8s/validate/validate.mjs");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(
                "ok Namespace monitoring",
                "ok Deployment monitoring/superadmin-monitor",
                "ok Service monitoring/superadmin-monitor",
                "ok ServiceMonitor monitoring/superadmin-monitor",
                "ok PrometheusRule monitoring/superadmin-monitor",
                "ok Secret monitoring/superadmin-monitor-db",
                "ok Kustomization");
    }

    /**
     * The sharded layout: two StatefulSets that are the same but for their name (one replica of every shard each), as
     * many pods as shards, whose replicas of a shard keep off each other's node, under one disruption budget.
     */
    @Test
    void shardedManifestsPassTheSchemasAndTheirReplicasAreTwins() throws Exception {
        Result result = node("deploy/k8s/validate/validate.mjs", "deploy/k8s/sharded");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok StatefulSet monitoring/superadmin-monitor-a",
                "ok StatefulSet monitoring/superadmin-monitor-b", "ok PodDisruptionBudget monitoring/superadmin-monitor",
                "ok Kustomization");

        JsonNode a = yaml(K8S.resolve("sharded/statefulset-a.yaml")).get(0);
        JsonNode b = yaml(K8S.resolve("sharded/statefulset-b.yaml")).get(0);
        assertThat(JSON.writeValueAsString(b).replace("superadmin-monitor-b", "superadmin-monitor-a"))
                .as("statefulset-b.yaml is statefulset-a.yaml under another name").isEqualTo(JSON.writeValueAsString(a));
        JsonNode container = a.at("/spec/template/spec/containers/0");
        String shards = null;
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals("SUPERADMIN_SHARDS_COUNT")) {
                shards = variable.path("value").asText();
            }
        }
        assertThat(a.at("/spec/replicas").asText()).as("one pod per shard").isEqualTo(shards);
        assertThat(a.at("/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/matchLabelKeys/0")
                .asText()).isEqualTo("apps.kubernetes.io/pod-index");
        assertThat(container.at("/resources/requests/memory")).isEqualTo(container.at("/resources/limits/memory"));
    }

    /** The validator is no rubber stamp: a misspelled field, a wrong type and an unknown kind each fail it. */
    @Test
    void validatorRejectsBrokenManifests(@TempDir Path dir) throws Exception {
        assertRejected(dir, "deployment.yaml", "readinessProbe:", "readinesProbe:", "readinesProbe");
        assertRejected(dir, "deployment.yaml", "replicas: 1", "replicas: \"1\"", "/spec/replicas must be integer");
        assertRejected(dir, "servicemonitor.yaml", "interval: 15s", "interval: 15 seconds", "/spec/endpoints/0/interval");
        assertRejected(dir, "prometheusrule.yaml", "kind: PrometheusRule", "kind: PrometheusRules", "unknown kind");
    }

    private static void assertRejected(Path dir, String file, String from, String to, String message) throws Exception {
        try (Stream<Path> old = Files.list(dir)) {
            for (Path path : old.toList()) {
                Files.delete(path);
            }
        }
        try (Stream<Path> manifests = Files.list(K8S)) {
            for (Path path : manifests.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(path, dir.resolve(path.getFileName()));
            }
        }
        String original = Files.readString(dir.resolve(file));
        assertThat(original).contains(from);
        Files.writeString(dir.resolve(file), original.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));

        Result result = node("deploy/k8s/validate/validate.mjs", dir.toString());

        assertThat(result.exitCode()).as("%s: %s -> %s\n%s", file, from, to, result.output()).isNotZero();
        assertThat(result.output()).contains("FAIL").contains(message);
    }

    @Test
    void prometheusRuleHoldsExactlyTheRulesFileGroups() throws Exception {
        JsonNode rules = yaml(RULES);
        JsonNode prometheusRule = yaml(K8S.resolve("prometheusrule.yaml"));
        assertThat(rules).hasSize(1);
        assertThat(prometheusRule).hasSize(1);
        assertThat(prometheusRule.get(0).path("kind").asText()).isEqualTo("PrometheusRule");

        JsonNode expected = rules.get(0).get("groups");
        JsonNode actual = prometheusRule.get(0).path("spec").path("groups");
        String fix = "deploy/k8s/prometheusrule.yaml is out of date: run node deploy/k8s/validate/sync-prometheusrule.mjs; ";
        assertThat(expected.size()).as("groups in the rules file").isPositive();
        assertThat(names(actual, "name")).as(fix + "group names").isEqualTo(names(expected, "name"));
        for (int g = 0; g < expected.size(); g++) {
            JsonNode expectedRules = expected.get(g).get("rules");
            JsonNode actualRules = actual.get(g).get("rules");
            assertThat(actualRules.size()).as(fix + "rules in group %s", expected.get(g).get("name"))
                    .isEqualTo(expectedRules.size());
            for (int r = 0; r < expectedRules.size(); r++) {
                assertThat(actualRules.get(r)).as(fix + "group %s, rule %d", expected.get(g).get("name"), r)
                        .isEqualTo(expectedRules.get(r));
            }
        }
        assertThat(actual).as(fix).isEqualTo(expected);
    }

    // ---- Grafana -------------------------------------------------------------------------------------------------

    @Test
    void dashboardUsesOnlyItsVariablesAndTheDatasourceVariable() throws Exception {
        String text = Files.readString(DASHBOARD);
        JsonNode dashboard = JSON.readTree(text);

        assertThat(dashboard.path("uid").asText()).isEqualTo("superadmin-monitor");
        assertThat(dashboard.path("title").asText()).isEqualTo("superadmin-monitor");
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);

        JsonNode variables = dashboard.path("templating").path("list");
        assertThat(names(variables, "name")).containsExactlyInAnyOrderElementsOf(DASHBOARD_VARIABLES);
        for (JsonNode variable : variables) {
            if (variable.path("name").asText().equals("datasource")) {
                assertThat(variable.path("type").asText()).isEqualTo("datasource");
                assertThat(variable.path("query").asText()).isEqualTo("prometheus");
            } else {
                assertThat(variable.path("type").asText()).isEqualTo("query");
                assertThat(datasourceUid(variable.path("datasource"))).isEqualTo("${datasource}");
                assertThat(queryText(variable.path("query"))).isEqualTo("label_values(superadmin_check_status, target)");
            }
        }

        Set<String> used = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            used.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
        }
        assertThat(used).as("variables used in the dashboard").isSubsetOf(ALLOWED_VARIABLES);

        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).isNotEmpty();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(datasourceUid(panel.path("datasource"))).as("datasource of panel %s", title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("targets of panel %s", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as("expr of panel %s, query %s", title, target.path("refId")).isNotBlank()
                        .contains("target=\"$target\"");
                if (target.has("datasource")) {
                    assertThat(datasourceUid(target.path("datasource"))).as("datasource of %s", title).isEqualTo("${datasource}");
                }
            }
        }
    }

    /**
     * Each check of the default configuration has its value panel and exactly the thresholds it configures: a query
     * for a threshold that is not set would stay empty.
     */
    @Test
    void dashboardDrawsEveryShippedCheckWithItsConfiguredThresholds() throws Exception {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : panels(JSON.readTree(Files.readString(DASHBOARD)))) {
            panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
        }
        List<CheckDefinition> checks = ShippedChecks.packs().stream().flatMap(pack -> pack.checks().stream())
                .map(ShippedChecks.Check::definition).toList();
        assertThat(checks).extracting(CheckDefinition::name)
                .contains("active_sessions", "failed_logins", "database_size", "orphaned_images", "admin_users", "pg_xid_age");
        for (CheckDefinition check : checks) {
            assertThat(exprs).as("value of %s", check.name()).contains(check.metric() + "{target=\"$target\"}");
            for (String level : List.of("warning", "critical")) {
                String threshold = "superadmin_check_threshold{target=\"$target\",check=\"" + check.name() + "\",level=\""
                        + level + "\"}";
                boolean configured = (level.equals("warning") ? check.warning() : check.critical()).isPresent();
                if (configured) {
                    assertThat(exprs).as("%s threshold of %s", level, check.name()).contains(threshold);
                } else {
                    assertThat(exprs).as("%s has no %s threshold", check.name(), level).doesNotContain(threshold);
                }
            }
        }
    }

    /** Every query is valid PromQL once Grafana has filled in its variables: promtool checks them as recording rules. */
    @Test
    void dashboardQueriesAreValidPromql(@TempDir Path dir) throws Exception {
        ArrayNode rules = JSON.createArrayNode();
        for (JsonNode panel : panels(JSON.readTree(Files.readString(DASHBOARD)))) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText()
                        .replace("$target", "default")
                        .replace("$__rate_interval", "1m")
                        .replace("$__interval", "15s")
                        .replace("$__range", "5m");
                rules.addObject().put("record", "dashboard:query_" + rules.size()).put("expr", expr);
            }
        }
        ObjectNode file = JSON.createObjectNode();
        file.putArray("groups").addObject().put("name", "dashboard").set("rules", rules);
        Path rulesFile = dir.resolve("dashboard.rules.json");
        JSON.writeValue(rulesFile.toFile(), file);

        Result result = run(Duration.ofMinutes(1), "promtool", "check", "rules", rulesFile.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + rules.size() + " rules found");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add); // a collapsed row holds its panels
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    private static String datasourceUid(JsonNode datasource) {
        return datasource.isTextual() ? datasource.asText() : datasource.path("uid").asText();
    }

    private static String queryText(JsonNode query) {
        return query.isTextual() ? query.asText() : query.path("query").asText();
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.path(field).asText()));
        return names;
    }

    /** The documents of a YAML file, read by js-yaml (aliases resolved), as JSON. */
    private static JsonNode yaml(Path file) throws Exception {
        Result result = node("deploy/k8s/validate/yaml-to-json.mjs", file.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JSON.readTree(result.output());
    }

    // ---- Images ---------------------------------------------------------------------------------------------------

    private static final String LINTER = "deploy/k8s/validate/node_modules/dockerfilelint/bin/dockerfilelint";

    @Test
    void dockerfilesPassTheLinter() throws Exception {
        JsonNode report = lint("Dockerfile.native", "src/main/docker/Dockerfile.jvm");
        assertThat(report.path("files")).hasSize(2);
        assertThat(report.path("totalIssues").asInt()).as("dockerfilelint issues:\n%s", report.toPrettyString()).isZero();

        // the linter does find faults: an untagged base image, an apt-get that waits for input, a port out of range
        Path bad = Files.createTempFile("Dockerfile-bad-", "");
        try {
            Files.writeString(bad, "FROM ubuntu\nRUN apt-get install curl\nEXPOSE 80000\n");
            JsonNode faults = lint(bad.toString());
            List<String> titles = new ArrayList<>();
            faults.path("files").get(0).path("issues").forEach(issue -> titles.add(issue.path("title").asText()));
            assertThat(titles).contains("Base Image Missing Tag", "Missing parameter for `apt-get`", "Invalid Port Exposed");
        } finally {
            Files.delete(bad);
        }
    }

    @Test
    void theNativeImageIsTheStandardTwoStageBuild() throws Exception {
        List<String> lines = instructions(ROOT.resolve("Dockerfile.native"));
        List<String> froms = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).startsWith("FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:").endsWith(" AS build");
        assertThat(froms.get(1)).startsWith("FROM quay.io/quarkus/ubi9-quarkus-micro-image:");
        assertThat(lines).contains("RUN ./mvnw -B package -Dnative -DskipTests", "EXPOSE 8080", "USER 1001");
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("ENTRYPOINT [\"./application\", \"-XX:+ExitOnOutOfMemoryError\", \"-Dquarkus.http.host=0.0.0.0\"]");
        // the runtime stage runs as the non-root user it declares
        assertThat(lines.lastIndexOf("USER 1001")).isGreaterThan(lines.indexOf(froms.get(1)));
    }

    @Test
    void theJvmImageRunsTheFastJarAsNonRootWithTheDocumentedMemorySettings() throws Exception {
        List<String> lines = instructions(ROOT.resolve("src/main/docker/Dockerfile.jvm"));
        assertThat(lines.stream().filter(line -> line.startsWith("FROM ")).toList())
                .singleElement().asString().startsWith("FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:");
        assertThat(lines).contains("EXPOSE 8080", "USER 185", "ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
        String deployPage = Files.readString(ROOT.resolve("docs/deploy.md"));
        assertThat(ImageFlags.jvm()).contains("-XX:+ExitOnOutOfMemoryError").allSatisfy(flag ->
                assertThat(deployPage).as("docs/deploy.md documents %s", flag).contains(flag));
        // the Docker build context holds what the images copy, and not the rest of the tree
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("*", "!target/quarkus-app", "!src", "!pom.xml");
    }

    private static JsonNode lint(String... files) throws Exception {
        List<String> command = new ArrayList<>(List.of(LINTER, "-o", "json"));
        command.addAll(List.of(files));
        Result result = node(command.toArray(String[]::new));
        return JSON.readTree(result.output());
    }

    /** The Dockerfile's instructions, continuation lines joined, comments and blank lines left out. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                lines.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return lines;
    }

    private static Result node(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        return run(Duration.ofMinutes(1), command.toArray(String[]::new));
    }

    /** Runs a program in the project's folder; its output and errors, together, come back as text. */
    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("deploy-manifests-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
