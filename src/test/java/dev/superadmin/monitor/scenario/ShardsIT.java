package dev.superadmin.monitor.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.superadmin.monitor.testing.ChildProcess;
import dev.superadmin.monitor.testing.ImageFlags;
import dev.superadmin.monitor.testing.PackagedService;
import dev.superadmin.monitor.testing.TestDatabase;

/**
 * Three shards, the first of them with a second replica: four packaged services with the image's JVM options, started
 * as a StatefulSet's pods would be (the same configuration of 30 targets, {@code superadmin.shards.count=3}, the host
 * names {@code superadmin-monitor-0..3}: pod 3 is shard 0 again), scraped by a real Prometheus that computes each
 * series' shard on its own with its {@code hashmod} relabelling. One replica is enough to show what replicas do;
 * six services starting at once would take both cores from the integration test that runs beside this one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardsIT {

    static final int SHARDS = 3;
    static final int PODS = SHARDS + 1;
    static final List<String> TARGETS = IntStream.rangeClosed(1, 30).mapToObj(i -> "client-%02d".formatted(i)).toList();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path LOGS = Path.of("target", "shards-it");

    @TempDir
    static Path work;

    static TestDatabase database;
    static final List<ChildProcess> pods = new ArrayList<>();
    static final List<String> addresses = new ArrayList<>();
    static ChildProcess prometheus;
    static String prometheusUrl;

    @BeforeAll
    static void startTheShardsAndPrometheus() throws IOException {
        Files.createDirectories(LOGS);
        database = TestDatabase.createMonitored("superadmin_shards_");
        // 30 names over one database: which instance watches a target depends on its name alone
        StringBuilder targets = new StringBuilder();
        for (String target : TARGETS) {
            targets.append("superadmin.targets.").append(target).append(".url=").append(database.reactiveUrl()).append('\n')
                    .append("superadmin.targets.").append(target).append(".username=").append(TestDatabase.MONITOR_ROLE).append('\n')
                    .append("superadmin.targets.").append(target).append(".checks=admin_users\n");
        }
        Path config = Files.writeString(work.resolve("targets.properties"), targets);
        for (int pod = 0; pod < PODS; pod++) {
            int port = ChildProcess.freePort();
            addresses.add("127.0.0.1:" + port);
            Map<String, String> env = new HashMap<>(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_CONFIG_LOCATIONS", config.toString(),
                    "SUPERADMIN_SHARDS_COUNT", Integer.toString(SHARDS),
                    "HOSTNAME", "superadmin-monitor-" + pod));
            List<String> command = PackagedService.command(ImageFlags.jvm());
            // one after the other: their start-ups do not compete with each other for the cores
            pods.add(ChildProcess.start("pod-" + pod, command, env, LOGS)
                    .awaitHttpOk("http://" + addresses.get(pod) + "/q/health/ready", Duration.ofSeconds(90)));
        }

        int port = ChildProcess.freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        StringBuilder scrapeTargets = new StringBuilder();
        for (int pod = 0; pod < PODS; pod++) {
            scrapeTargets.append("""
                          - targets: ["%s"]
                            labels: {pod: "superadmin-monitor-%d", shard: "%d"}
                    """.formatted(addresses.get(pod), pod, pod % SHARDS));
        }
        Path promDir = Files.createDirectories(work.resolve("prometheus"));
        Files.writeString(promDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: superadmin-monitor
                    metrics_path: /q/metrics
                    static_configs:
                %s
                    metric_relabel_configs:
                      # Prometheus' own placement of each series' target, to compare with the instance that sent it
                      - source_labels: [target]
                        regex: (.+)
                        modulus: %d
                        target_label: hashed_shard
                        action: hashmod
                """.formatted(scrapeTargets, SHARDS));
        prometheus = ChildProcess.start("prometheus", List.of("prometheus", "--config.file=" + promDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + promDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port), Map.of(), LOGS)
                .awaitHttpOk(prometheusUrl + "/-/ready", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopEverything() {
        if (prometheus != null) {
            prometheus.close();
        }
        pods.forEach(ChildProcess::close);
        if (database != null) {
            database.drop();
        }
    }

    @Test
    @Order(1)
    void everyTargetIsWatchedByExactlyOneShardAndBothItsReplicas() {
        Map<Integer, Set<String>> byShard = new TreeMap<>();
        for (int pod = 0; pod < PODS; pod++) {
            Set<String> watched = watchedBy(pod);
            Set<String> previous = byShard.putIfAbsent(pod % SHARDS, watched);
            if (previous != null) {
                assertThat(watched).as("pod %d watches what the other replica of its shard watches", pod).isEqualTo(previous);
            }
        }
        List<String> all = byShard.values().stream().flatMap(Set::stream).sorted().toList();
        assertThat(all).as("the shards' targets: all 30, each once").isEqualTo(TARGETS);
        assertThat(byShard.values()).as("each shard has a share").allSatisfy(share -> assertThat(share).hasSizeBetween(4, 18));

        // a target asked of a shard that does not watch it: the answer says which one does
        String elsewhere = byShard.get(1).iterator().next();
        HttpResponse<String> refused = get("http://" + addresses.get(0) + "/status?target=" + elsewhere);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("target '" + elsewhere + "' is watched by shard 1 of 3; this instance is shard 0");
    }

    @Test
    @Order(2)
    void prometheusSeesEveryTargetOnceAcrossReplicasAndKeepsThemWhenAReplicaDies() {
        // once every pod has been scraped: each target from every replica of its shard, and from no other pod
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(vector("count by (target) (superadmin_check_status{shard=\"0\"})")).as("shard 0's, from its two replicas")
                    .isNotEmpty().allSatisfy((target, replicas) -> assertThat(replicas).as(target).isEqualTo(2));
            assertThat(vector("count by (target) (superadmin_check_status{shard!=\"0\"})")).as("the others', from one")
                    .isNotEmpty().allSatisfy((target, replicas) -> assertThat(replicas).as(target).isEqualTo(1));
            assertThat(vector("count by (target) (superadmin_check_status)")).as("all of them").hasSize(30);
        });
        assertThat(vector("count by (target) (max without (instance, pod, shard) (superadmin_check_status))")).as("one per target"
                + " once the replicas are aggregated, as in a rule or a panel").hasSize(30);
        // every series comes from an instance of the shard that Prometheus' hashmod gives its target
        Map<String, Double> pairs = vector("count by (shard, hashed_shard) (superadmin_check_status)");
        assertThat(pairs.keySet()).containsExactlyInAnyOrder("0/0", "1/1", "2/2");

        // pod 3 is shard 0's second replica
        pods.get(3).terminate(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(vector("up{pod=\"superadmin-monitor-3\"} == 0")).hasSize(1));
        assertThat(vector("count by (target) (superadmin_check_status{shard=\"0\"})")).as("shard 0's targets, from pod 0 alone")
                .isNotEmpty().allSatisfy((target, replicas) -> assertThat(replicas).isEqualTo(1));
        assertThat(vector("count by (target) (max without (instance, pod, shard) (superadmin_check_status))")).as("no target lost")
                .hasSize(30);

        // every shard still has an instance; once shard 2's only one is gone, SuperadminShardUnwatched's expression finds it
        String unwatched = "count(count by (index) (superadmin_shards)) < max(superadmin_shards)";
        assertThat(vector("count by (index) (superadmin_shards)")).containsOnlyKeys("0", "1", "2");
        assertThat(vector(unwatched)).isEmpty();
        pods.get(2).terminate(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(vector(unwatched)).hasSize(1));
    }

    private static Set<String> watchedBy(int pod) {
        JsonNode status = json(get("http://" + addresses.get(pod) + "/status?view=summary").body());
        Set<String> targets = new HashSet<>();
        status.get("targets").forEach(target -> targets.add(target.get("target").asText()));
        return targets;
    }

    /** An instant query's result as "label value" → value, the labels of a series joined with / (for one label, its value). */
    private static Map<String, Double> vector(String query) {
        JsonNode answer = json(get(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).body());
        assertThat(answer.path("status").asText()).as("query %s: %s", query, answer).isEqualTo("success");
        Map<String, Double> result = new TreeMap<>();
        for (JsonNode series : answer.path("data").path("result")) {
            List<String> values = new ArrayList<>();
            series.get("metric").fields().forEachRemaining(label -> values.add(label.getValue().asText()));
            result.put(values.stream().collect(Collectors.joining("/")), series.get("value").get(1).asDouble());
        }
        return result;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
