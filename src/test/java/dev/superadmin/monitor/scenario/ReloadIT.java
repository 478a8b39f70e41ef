package dev.superadmin.monitor.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.superadmin.monitor.testing.MountedVolume;
import dev.superadmin.monitor.testing.PackagedService;
import dev.superadmin.monitor.testing.PrivatePostgres;
import dev.superadmin.monitor.testing.PrivateSql;
import dev.superadmin.monitor.testing.Scrape;
import dev.superadmin.monitor.testing.TestDatabase;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Hot reload of the configuration in the packaged service, one process for all but the last case: a threshold
 * lowered in {@code config/application.properties}, broken files, targets and checks added and removed, a file
 * mounted as Kubernetes mounts a ConfigMap and swapped as the kubelet does, a password file rotated against a cluster
 * that checks passwords, and a storm of writes; then, in a second process with file polling off, SIGHUP and
 * {@code POST /-/reload}. Each case prints what it measured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadIT {

    private static final Path LOGS = Path.of("target", "reload-it");
    /** Never checked (the shared server trusts 127.0.0.1), never to be logged. */
    private static final String ALPHA_PASSWORD = "alpha-secret-pw-5150";
    private static final String URL_PASSWORD = "url-secret-pw-8086";
    private static final String ROTATOR = "reload_rotator";
    private static final String OLD_PASSWORD = "rotator-secret-pw-one-4821";
    private static final String NEW_PASSWORD = "rotator-secret-pw-two-9134";
    private static final String BASIC_PASSWORD = "basic-secret-pw-6502";
    private static final String TOKEN = "bearer-secret-token-6809";
    private static final List<String> SECRETS = List.of(ALPHA_PASSWORD, URL_PASSWORD, OLD_PASSWORD, NEW_PASSWORD,
            BASIC_PASSWORD, TOKEN);
    private static final String MOUNTED_FILE = "application.properties";
    /** Polled as the issue asks: every 100 ms. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** Three polls of the files (500 ms): long enough for a reload that was going to happen to have happened. */
    private static final Duration QUIET = Duration.ofMillis(1500);

    @TempDir
    static Path work;

    static TestDatabase database;
    static TestDatabase stormDatabase;
    static PrivatePostgres passwordCluster;
    static Path passwordFile;
    static MountedVolume mount;
    /** What config/application.properties of the service holds, key → value. */
    static final Map<String, String> settings = new TreeMap<>();
    static PackagedService service;

    @BeforeAll
    static void startTheService() throws IOException {
        Files.createDirectories(LOGS);
        database = TestDatabase.createMonitored("superadmin_reload_");
        // the storm's target alone in a database, so that its pools' connections can be counted
        stormDatabase = TestDatabase.create("superadmin_reload_storm_" + UUID.randomUUID().toString().substring(0, 8));
        passwordCluster = PrivatePostgres.create().requirePassword(ROTATOR).start();
        new PrivateSql(passwordCluster.port(), "postgres").execute("CREATE ROLE " + ROTATOR + " LOGIN PASSWORD '" + OLD_PASSWORD + "'");
        passwordFile = Files.writeString(work.resolve("rotator-password"), OLD_PASSWORD + "\n");

        check(settings, "flip", "SELECT 5 AS value", "1h", "10", "20");
        check(settings, "steady", "SELECT 1 AS value", "2s", "10", null);
        check(settings, "gone", "SELECT 2 AS value", "2s", "10", null);
        target(settings, "alpha", database.reactiveUrl(), "flip,steady,gone");
        settings.put("superadmin.targets.alpha.password", ALPHA_PASSWORD);
        target(settings, "beta", database.reactiveUrl(), "steady");
        settings.put("superadmin.targets.rotating.url", passwordCluster.reactiveUrl("postgres"));
        settings.put("superadmin.targets.rotating.username", ROTATOR);
        settings.put("superadmin.targets.rotating.password-file", passwordFile.toString());
        settings.put("superadmin.targets.rotating.checks", "steady");
        Path serviceDir = Files.createDirectories(work.resolve("service"));
        write(serviceDir, settings);
        mount = MountedVolume.create(work.resolve("mounted"), Map.of(MOUNTED_FILE, mountedConfig("10")));

        service = PackagedService.start("service", serviceDir,
                Map.of("QUARKUS_CONFIG_LOCATIONS", mount.file(MOUNTED_FILE).toAbsolutePath().toString()), LOGS, null);
    }

    @AfterAll
    static void stopEverything() {
        if (service != null) {
            service.close();
        }
        if (passwordCluster != null) {
            passwordCluster.close();
        }
        for (TestDatabase db : new TestDatabase[] { database, stormDatabase }) {
            if (db != null) {
                db.drop();
            }
        }
    }

    @Test
    @Order(1)
    void aLoweredThresholdFlipsTheStateWithinTwoSecondsWithoutAProbe() {
        JsonPath before = service.status();
        assertThat(field(before, "alpha", "flip", "state")).as("flip (5, warning 10, critical 20) before").isEqualTo("OK");
        String measuredAt = field(before, "alpha", "flip", "measuredAt");
        assertThat(measuredAt).as("flip measured in the first round").isNotNull();
        double lastSuccess = lastSuccess("alpha", "flip");

        settings.put("superadmin.checks.flip.warning", "2");
        settings.put("superadmin.checks.flip.critical", "4");
        Instant beforeWrite = Instant.now();
        long written = write(work.resolve("service"), settings);
        List<String> seen = new ArrayList<>();
        JsonPath flipped = awaitStatus(Duration.ofSeconds(15), "flip CRITICAL on alpha", status -> {
            seen.add(field(status, "alpha", "flip", "state"));
            return "CRITICAL".equals(field(status, "alpha", "flip", "state"));
        });
        long seenMillis = millisSince(written);
        // The flip's time is the service's own `since` (same clock): what polling adds is the test's, and on a loaded
        // machine a fresh service's /status took up to 600 ms a request.
        Instant since = Instant.parse(field(flipped, "alpha", "flip", "since"));
        long flipMillis = Duration.between(beforeWrite, since).toMillis();
        System.out.printf("ReloadIT threshold: CRITICAL %d ms after the write (its since), seen %d ms after, states polled: %s%n",
                flipMillis, seenMillis, seen);

        assertThat(flipMillis).as("from the write to the flip (since), in ms").isBetween(0L, 2000L);
        assertThat(seen).as("flip's states, polled every 100 ms from the write to the flip").doesNotContain("UNKNOWN");
        assertThat(service.alive()).as("the same process").isTrue();
        assertThat(flipped.getString("startedAt")).as("startedAt: no restart").isEqualTo(before.getString("startedAt"));
        assertThat(field(flipped, "alpha", "flip", "measuredAt")).as("the value measured before the write, re-evaluated")
                .isEqualTo(measuredAt);
        assertThat(field(flipped, "alpha", "flip", "previousState")).as("flip's history goes on").isEqualTo("OK");
        assertThat(lastSuccess("alpha", "flip")).as("superadmin_probe_last_success_timestamp_seconds: no new probe")
                .isEqualTo(lastSuccess);
        assertThat(configVersion(flipped)).as("configVersion after an applied change").isNotEqualTo(configVersion(before));
        watch(QUIET, () -> assertThat(field(service.status(), "alpha", "flip", "state")).as("flip after the flip")
                .isEqualTo("CRITICAL"));
    }

    @Test
    @Order(2)
    void aBrokenFileChangesNothingNamesTheKeyAndTheNextGoodOneApplies() {
        Path serviceDir = work.resolve("service");
        record Broken(String name, Map<String, String> changes, String key) {
        }
        List<Broken> variants = List.of(
                new Broken("warning above critical", Map.of("superadmin.checks.flip.warning", "30"),
                        "superadmin.checks.flip"),
                new Broken("a target naming an unknown check", Map.of("superadmin.targets.alpha.checks", "flip,steady,gone,no_such_check"),
                        "superadmin.targets.alpha.checks"),
                new Broken("an unparseable URL", Map.of(
                        "superadmin.targets.broken.url", "postgresql://superadmin_monitor:" + URL_PASSWORD + "@127.0.0.1:port/x",
                        "superadmin.targets.broken.checks", "steady"),
                        "superadmin.targets.broken.url"));
        for (Broken broken : variants) {
            JsonPath before = service.status();
            double failed = reloads(service.scrape(), "failed");
            int logFrom = service.log().length();
            Map<String, String> file = new TreeMap<>(settings);
            file.putAll(broken.changes());
            long written = write(serviceDir, file);

            Scrape after = awaitScrape(Duration.ofSeconds(5), broken.name() + ": a failed reload",
                    scrape -> reloads(scrape, "failed") == failed + 1);
            long failMillis = millisSince(written);
            assertThat(after.value("superadmin_config_last_reload_successful")).as("%s: last reload successful", broken.name())
                    .isZero();
            JsonPath status = service.status();
            assertThat(configVersion(status)).as("%s: configVersion", broken.name()).isEqualTo(configVersion(before));
            assertThat(field(status, "alpha", "flip", "state")).as("%s: flip's state", broken.name()).isEqualTo("CRITICAL");
            assertThat(field(status, "alpha", "flip", "critical")).as("%s: flip's critical", broken.name()).isEqualTo("4");
            assertThat(status.getList("targets.target", String.class)).as("%s: targets", broken.name())
                    .isEqualTo(before.getList("targets.target", String.class));
            String log = awaitLog(logFrom, broken.name() + ": an ERROR naming " + broken.key(),
                    text -> text.contains("ERROR") && text.lines().anyMatch(line -> line.startsWith(broken.key())));
            System.out.printf("ReloadIT broken file (%s): failed reload counted %d ms after the write; logged:%n%s%n",
                    broken.name(), failMillis, log.strip());
        }

        settings.put("superadmin.checks.flip.critical", "6");
        JsonPath before = service.status();
        long writtenAt = System.currentTimeMillis();
        long written = write(serviceDir, settings);
        Scrape good = awaitScrape(Duration.ofSeconds(5), "the good file applied",
                scrape -> scrape.value("superadmin_config_last_reload_successful") == 1);
        System.out.printf("ReloadIT broken file: the next good file applied %d ms after its write%n", millisSince(written));
        assertThat(good.value("superadmin_config_last_reload_success_timestamp_seconds") * 1000)
                .as("the last successful reload, after the good file's write began (epoch ms)").isGreaterThanOrEqualTo(writtenAt);
        JsonPath status = service.status();
        assertThat(field(status, "alpha", "flip", "state")).as("flip (5, warning 2, critical 6)").isEqualTo("WARNING");
        assertThat(configVersion(status)).as("configVersion after the good file").isNotEqualTo(configVersion(before));
        assertThat(service.log()).as("the service's log").doesNotContain(SECRETS);
    }

    @Test
    @Order(3)
    void targetsAndChecksAddedAndRemovedBringAndTakeTheirSeries() {
        Scrape before = service.scrape();
        assertThat(before.find("superadmin_check_status", "target", "beta", "check", "steady")).as("beta's series before").hasSize(1);
        assertThat(before.find("superadmin_check_status", "target", "alpha", "check", "gone")).as("gone's series before").hasSize(1);
        assertThat(before.find("superadmin_gone")).as("gone's value before").isNotEmpty();
        JsonPath statusBefore = service.status();

        for (String key : List.copyOf(settings.keySet())) {
            if (key.startsWith("superadmin.targets.beta.") || key.startsWith("superadmin.checks.gone.")) {
                settings.remove(key);
            }
        }
        check(settings, "fresh", "SELECT 7 AS value", "1h", "10", null);
        settings.put("superadmin.targets.alpha.checks", "flip,fresh");
        target(settings, "gamma", database.reactiveUrl(), "steady");
        long written = write(work.resolve("service"), settings);

        Scrape after = awaitScrape(Duration.ofSeconds(5), "gamma's and fresh's series in, beta's and gone's out",
                scrape -> scrape.find("superadmin_check_status", "target", "gamma", "check", "steady").size() == 1
                        && scrape.find("superadmin_check_status", "target", "alpha", "check", "fresh").size() == 1
                        && scrape.find("superadmin_check_status", "target", "beta").isEmpty()
                        && scrape.find("superadmin_check_status", "check", "gone").isEmpty());
        long seriesMillis = millisSince(written);
        JsonPath status = awaitStatus(Duration.ofSeconds(4), "fresh (1h interval) and gamma probed at once",
                s -> "OK".equals(field(s, "alpha", "fresh", "state")) && "OK".equals(field(s, "gamma", "steady", "state")));
        long probedMillis = millisSince(written);
        System.out.printf("ReloadIT added and removed: series changed %d ms, new check and target probed %d ms after the write%n",
                seriesMillis, probedMillis);

        assertThat(after.find("superadmin_gone")).as("the removed check's value gauge").isEmpty();
        assertThat(after.find("superadmin_database_up", "target", "beta")).as("the removed target's database_up").isEmpty();
        assertThat(after.find("superadmin_probe_failures_total", "target", "beta")).as("the removed target's failures").isEmpty();
        assertThat(status.getList("targets.target", String.class)).as("targets in /status")
                .contains("alpha", "gamma").doesNotContain("beta");
        assertThat(status.getList("targets.find { it.target == 'alpha' }.checks.name", String.class)).as("alpha's checks")
                .containsExactly("flip", "fresh");
        assertThat(field(status, "alpha", "fresh", "value")).as("fresh's value").isEqualTo("7");
        assertThat(service.scrape().value("superadmin_fresh", "target", "alpha")).as("fresh's gauge").isEqualTo(7);
        for (String kept : List.of("measuredAt", "since", "state")) {
            assertThat(field(status, "alpha", "flip", kept)).as("unchanged check flip keeps its %s", kept)
                    .isEqualTo(field(statusBefore, "alpha", "flip", kept));
        }
    }

    @Test
    @Order(4)
    void aMountSwappedAsTheKubeletDoesIsOneReload() {
        JsonPath before = service.status();
        assertThat(field(before, "mounted", "mounted", "state")).as("mounted (5, warning 10) before").isEqualTo("OK");
        Scrape scrape = service.scrape();
        double applied = reloads(scrape, "applied");
        double all = reloads(scrape, null);

        long swapped = System.nanoTime();
        mount.update(Map.of(MOUNTED_FILE, mountedConfig("4")));
        awaitStatus(Duration.ofSeconds(5), "mounted WARNING", s -> "WARNING".equals(field(s, "mounted", "mounted", "state")));
        long flipMillis = millisSince(swapped);
        watch(QUIET, () -> assertThat(field(service.status(), "mounted", "mounted", "state")).as("mounted after the swap")
                .isEqualTo("WARNING"));
        Scrape after = service.scrape();
        System.out.printf("ReloadIT mounted volume: WARNING %d ms after the swap; reloads: %.0f applied, %.0f in all%n",
                flipMillis, reloads(after, "applied") - applied, reloads(after, null) - all);

        assertThat(reloads(after, "applied") - applied).as("applied reloads from one swap of ..data").isEqualTo(1);
        assertThat(reloads(after, null) - all).as("reloads of any outcome from one swap of ..data").isEqualTo(1);
        assertThat(field(service.status(), "mounted", "mounted", "measuredAt")).as("mounted re-evaluated, not probed")
                .isEqualTo(field(before, "mounted", "mounted", "measuredAt"));
    }

    @Test
    @Order(5)
    void aRotatedPasswordFileGivesTheTargetANewPoolWithoutAFailureBeyondOneRound() {
        PrivateSql cluster = new PrivateSql(passwordCluster.port(), "postgres");
        JsonPath before = service.status();
        assertThat(field(before, "rotating", "steady", "state")).as("rotating's check with the first password").isEqualTo("OK");
        double failures = service.scrape().sum("superadmin_probe_failures_total", "target", "rotating");

        // the operator's rotation: the role's new password, then the Secret. Ending the role's sessions makes the old
        // password matter at once, as the pool's next connection would.
        cluster.execute("ALTER ROLE " + ROTATOR + " PASSWORD '" + NEW_PASSWORD + "'",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROTATOR + "'");
        assertThatThrownBy(() -> connect(passwordCluster.port(), ROTATOR, OLD_PASSWORD))
                .as("the old password, refused by the cluster").hasMessageContaining("password authentication failed");
        Instant rotated = Instant.now();
        long written = write(passwordFile, NEW_PASSWORD + "\n");

        JsonPath status = awaitStatus(Duration.ofSeconds(8), "a probe of rotating that succeeded after the rotation",
                s -> "OK".equals(field(s, "rotating", "steady", "state")) && field(s, "rotating", "steady", "measuredAt") != null
                        && Instant.parse(field(s, "rotating", "steady", "measuredAt")).isAfter(rotated));
        long okMillis = millisSince(written);
        // two more rounds (its interval is 2s): a probe failing again would show
        Instant firstOk = Instant.parse(field(status, "rotating", "steady", "measuredAt"));
        JsonPath third = awaitStatus(Duration.ofSeconds(8), "two more probes of rotating", s -> Instant
                .parse(field(s, "rotating", "steady", "measuredAt")).isAfter(firstOk.plusMillis(3500)));
        double failed = service.scrape().sum("superadmin_probe_failures_total", "target", "rotating") - failures;
        System.out.printf("ReloadIT password rotation: probe succeeded with the new password %d ms after the file's write;"
                + " %.0f probe failures%n", okMillis, failed);

        assertThat(failed).as("probe failures on rotating (one check) across the rotation").isLessThanOrEqualTo(1);
        assertThat(field(third, "rotating", "steady", "state")).as("rotating after the rotation").isEqualTo("OK");
        assertThat(cluster.queryLong(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + ROTATOR + "'"))
                .as("sessions of the rotated role: one pool's").isBetween(1L, 2L);
        assertThat(service.log()).as("the service's log").doesNotContain(SECRETS);
    }

    @Test
    @Order(6)
    void aStormOfWritesEndsInTheLastFileWithOneConsistentConfigurationAndNoLeakedPool() {
        Path serviceDir = work.resolve("service");
        JsonPath before = service.status();
        Scrape scrape = service.scrape();
        double all = reloads(scrape, null);
        double applied = reloads(scrape, "applied");
        double failed = reloads(scrape, "failed");

        // 100 writes in 10 s: five bursts of twenty writes 10 ms apart, one burst every 2 s. Each write changes the storm
        // check's thresholds; a burst's writes add the storm target (bursts 0, 2, 4) or leave it out (1, 3); the last
        // write sets thresholds no other write has, with the target. The quiet after each burst is over three polls
        // (500 ms), so each burst is applied, and once: the storm target's pool is made three times and closed twice.
        long start = System.nanoTime();
        for (int i = 0; i < 99; i++) {
            write(serviceDir, stormFile(i % 2 == 0 ? "6" : "2", i % 2 == 0 ? "8" : "3", i / 20 % 2 == 0));
            long next = i % 20 == 19 ? (i / 20 + 1) * 2000L : (i / 20) * 2000L + (i % 20 + 1) * 10L;
            sleepUntil(start + Duration.ofMillis(next).toNanos());
        }
        Map<String, String> last = stormFile("4", "8", true);
        long lastWriteAt = System.currentTimeMillis();
        long lastWrite = write(serviceDir, last);
        settings.clear();
        settings.putAll(last);
        long stormMillis = (lastWrite - start) / 1_000_000;

        JsonPath status = awaitStatus(Duration.ofSeconds(5), "the storm's last file in force",
                s -> "WARNING".equals(field(s, "storm", "storm_check", "state")));
        long settledMillis = millisSince(lastWrite);
        watch(QUIET, () -> assertThat(field(service.status(), "storm", "storm_check", "state")).as("storm_check after the storm")
                .isEqualTo("WARNING"));
        Scrape after = service.scrape();
        long sessions = awaitSessions(stormDatabase, Duration.ofSeconds(10));
        System.out.printf("ReloadIT storm: 100 writes in %d ms; last file in force %d ms after its write; %.0f reloads"
                + " (%.0f applied, %.0f failed); %d sessions on the storm target's database after it%n", stormMillis,
                settledMillis, reloads(after, null) - all, reloads(after, "applied") - applied, reloads(after, "failed") - failed,
                sessions);

        assertThat(reloads(after, "applied") - applied).as("applied reloads: each of the five bursts").isGreaterThanOrEqualTo(5);
        assertThat(reloads(after, null) - all).as("reloads for 100 writes in five bursts").isLessThanOrEqualTo(10);
        assertThat(reloads(after, "failed") - failed).as("failed reloads: every file written was valid").isZero();
        assertThat(after.value("superadmin_config_last_reload_successful")).as("last reload successful").isEqualTo(1);
        assertThat(after.value("superadmin_config_last_reload_success_timestamp_seconds") * 1000)
                .as("the last successful reload, after the last write began (epoch ms)").isGreaterThanOrEqualTo(lastWriteAt);
        JsonPath settled = service.status();
        assertThat(configVersion(settled)).as("configVersion after the storm").isEqualTo(configVersion(status))
                .isNotEqualTo(configVersion(before));
        assertThat(field(settled, "storm", "storm_check", "warning")).as("storm_check's warning").isEqualTo("4");
        assertThat(field(settled, "storm", "storm_check", "critical")).as("storm_check's critical").isEqualTo("8");
        assertThat(settled.getList("targets.target", String.class)).as("targets after the storm")
                .containsExactly("alpha", "gamma", "mounted", "rotating", "storm");
        assertThat(sessions).as("sessions of the monitoring role on the storm target's database: one pool of at most 2")
                .isBetween(1L, 2L);
        assertThat(database.monitorSessions()).as("sessions on the database of alpha, gamma and mounted: at most 2 each")
                .isLessThanOrEqualTo(6);
    }

    @Test
    @Order(7)
    void withPollingOffSighupAndThePostEndpointReload() throws IOException {
        assertThat(service.post("/-/reload").statusCode()).as("POST /-/reload without superadmin.auth configured").isEqualTo(403);

        Path dir = Files.createDirectories(work.resolve("hup"));
        Map<String, String> file = new TreeMap<>();
        check(file, "hup", "SELECT 5 AS value", "1h", "10", "20");
        target(file, "hup", database.reactiveUrl(), "hup");
        write(dir, file);
        String bearer = "Bearer " + TOKEN;
        String basic = "Basic " + Base64.getEncoder().encodeToString(("reloader:" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (PackagedService quiet = PackagedService.start("service-polling-off", dir, Map.of(
                "SUPERADMIN_RELOAD_POLL_INTERVAL", "0",
                "SUPERADMIN_AUTH_USERNAME", "reloader",
                "SUPERADMIN_AUTH_PASSWORD", BASIC_PASSWORD,
                "SUPERADMIN_AUTH_TOKEN", TOKEN), LOGS, bearer)) {
            assertThat(quiet.post("/-/reload", null).statusCode()).as("POST /-/reload without credentials").isEqualTo(401);
            assertThat(quiet.post("/-/reload", "Bearer wrong-token").statusCode()).as("POST /-/reload, wrong token").isEqualTo(401);
            JsonPath unchanged = reload(quiet, bearer, 200);
            String version = configVersion(quiet.status());
            assertThat(unchanged.getString("outcome")).as("POST /-/reload, nothing changed").isEqualTo("unchanged");
            assertThat(unchanged.getString("version")).as("its version, /status's configVersion").isEqualTo(version);

            file.put("superadmin.checks.hup.warning", "4");
            write(dir, file);
            double all = reloads(quiet.scrape(), null);
            double applied = reloads(quiet.scrape(), "applied");
            watch(QUIET, () -> assertThat(field(quiet.status(), "hup", "hup", "state")).as("hup, changed in the file, with polling off")
                    .isEqualTo("OK"));
            assertThat(reloads(quiet.scrape(), null)).as("reloads with polling off").isEqualTo(all);

            long hungUp = System.nanoTime();
            quiet.hangUp();
            JsonPath afterHup = awaitStatus(quiet, Duration.ofSeconds(5), "hup WARNING after SIGHUP",
                    s -> "WARNING".equals(field(s, "hup", "hup", "state")));
            long hupMillis = millisSince(hungUp);
            assertThat(quiet.alive()).as("the service after SIGHUP").isTrue();
            assertThat(configVersion(afterHup)).as("configVersion after SIGHUP").isNotEqualTo(version);
            assertThat(reloads(quiet.scrape(), "applied") - applied).as("applied reloads from SIGHUP").isEqualTo(1);

            file.put("superadmin.checks.hup.critical", "4.5");
            write(dir, file);
            JsonPath posted = reload(quiet, basic, 200);
            JsonPath afterPost = quiet.status();
            assertThat(posted.getString("outcome")).as("POST /-/reload after a change").isEqualTo("applied");
            assertThat(posted.getString("version")).as("its version").matches("[0-9a-f]{12}")
                    .isNotEqualTo(configVersion(afterHup)).isEqualTo(configVersion(afterPost));
            assertThat(field(afterPost, "hup", "hup", "state")).as("hup once the POST answered").isEqualTo("CRITICAL");

            file.put("superadmin.checks.hup.warning", "30");
            write(dir, file);
            JsonPath refused = reload(quiet, bearer, 422);
            assertThat(refused.getInt("status")).as("422 body's status").isEqualTo(422);
            assertThat(refused.getString("error")).as("422 body's error").isEqualTo("unprocessable_entity");
            assertThat(refused.getString("message")).as("422 body's message").contains("superadmin.checks.hup");
            assertThat(quiet.scrape().value("superadmin_config_last_reload_successful")).as("after the 422").isZero();
            assertThat(field(quiet.status(), "hup", "hup", "state")).as("hup after the refused file").isEqualTo("CRITICAL");
            assertThat(quiet.log()).as("the second service's log").doesNotContain(SECRETS);
            System.out.printf("ReloadIT polling off: SIGHUP applied in %d ms; POST answers 403 (no auth), 401, 200"
                    + " unchanged, 200 applied, 422%n", hupMillis);
        }
    }

    // ---- the configuration files

    private static void check(Map<String, String> file, String name, String sql, String interval, String warning, String critical) {
        String key = "superadmin.checks." + name + ".";
        file.put(key + "sql", sql);
        file.put(key + "interval", interval);
        file.put(key + "warning", warning);
        if (critical != null) {
            file.put(key + "critical", critical);
        }
    }

    private static void target(Map<String, String> file, String name, String url, String checks) {
        String key = "superadmin.targets." + name + ".";
        file.put(key + "url", url);
        file.put(key + "username", TestDatabase.MONITOR_ROLE);
        file.put(key + "checks", checks);
    }

    /** The service's file with the storm's check at these thresholds (5 is OK below 6, WARNING above 4, CRITICAL above 3). */
    private static Map<String, String> stormFile(String warning, String critical, boolean withTarget) {
        Map<String, String> file = new TreeMap<>(settings);
        check(file, "storm_check", "SELECT 5 AS value", "2s", warning, critical);
        // a pool closes once its probes have had their time: the longest timeout and a second
        file.put("superadmin.checks.storm_check.timeout", "2s");
        if (withTarget) {
            target(file, "storm", stormDatabase.reactiveUrl(), "storm_check");
        }
        return file;
    }

    /** The mounted file: a target of its own and its check, at the given warning threshold. */
    private static String mountedConfig(String warning) {
        Map<String, String> file = new TreeMap<>();
        check(file, "mounted", "SELECT 5 AS value", "1h", warning, null);
        target(file, "mounted", database.reactiveUrl(), "mounted");
        return properties(file);
    }

    private static String properties(Map<String, String> file) {
        StringBuilder text = new StringBuilder();
        file.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /** Writes {@code <dir>/config/application.properties} in place, as an editor would; the time of the write's end. */
    private static long write(Path dir, Map<String, String> file) {
        try {
            Files.createDirectories(dir.resolve("config"));
            return write(dir.resolve("config").resolve("application.properties"), properties(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long write(Path file, String content) {
        try {
            Files.writeString(file, content);
            return System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what the service shows

    /** A field of a check of a target in /status, as text; null when either is not there. */
    private static String field(JsonPath status, String target, String check, String field) {
        return status.getString("targets.find { it.target == '%s' }.checks.find { it.name == '%s' }.%s"
                .formatted(target, check, field));
    }

    private static String configVersion(JsonPath status) {
        String version = status.getString("configVersion");
        assertThat(version).as("/status configVersion").matches("[0-9a-f]{12}");
        return version;
    }

    private static double lastSuccess(String target, String check) {
        return service.scrape().value("superadmin_probe_last_success_timestamp_seconds", "target", target, "check", check);
    }

    /** superadmin_config_reloads_total of an outcome, or of all outcomes when null. */
    private static double reloads(Scrape scrape, String outcome) {
        return outcome == null ? scrape.sum("superadmin_config_reloads_total")
                : scrape.sum("superadmin_config_reloads_total", "outcome", outcome);
    }

    private static JsonPath reload(PackagedService target, String authorization, int expectedStatus) {
        Response response = target.post("/-/reload", authorization);
        assertThat(response.statusCode()).as("POST /-/reload: %s", response.asString()).isEqualTo(expectedStatus);
        return new JsonPath(response.asString());
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    // ---- waiting, every 100 ms, with a deadline

    private static JsonPath awaitStatus(Duration timeout, String what, Predicate<JsonPath> done) {
        return awaitStatus(service, timeout, what, done);
    }

    /** Polls /status until {@code done} holds for it, failing after {@code timeout}. */
    private static JsonPath awaitStatus(PackagedService target, Duration timeout, String what, Predicate<JsonPath> done) {
        JsonPath status = poll(timeout, target::status, done);
        if (!done.test(status)) {
            throw new AssertionError("no " + what + " within " + timeout + "; last /status: " + status.prettify());
        }
        return status;
    }

    /** Reads every 100 ms until {@code done} holds for what was read or {@code timeout} passes; the last read either way. */
    private static <T> T poll(Duration timeout, Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value;
        do {
            value = read.get();
            if (done.test(value)) {
                return value;
            }
            sleepUntil(Math.min(deadline, System.nanoTime() + POLL.toNanos()));
        } while (System.nanoTime() < deadline);
        return value;
    }

    /** Runs {@code assertion} every 100 ms for {@code duration}: what must hold throughout. */
    private static void watch(Duration duration, Runnable assertion) {
        long end = System.nanoTime() + duration.toNanos();
        do {
            assertion.run();
            sleepUntil(Math.min(end, System.nanoTime() + POLL.toNanos()));
        } while (System.nanoTime() < end);
        assertion.run();
    }

    private static Scrape awaitScrape(Duration timeout, String what, Predicate<Scrape> done) {
        Scrape scrape = poll(timeout, service::scrape, done);
        if (!done.test(scrape)) {
            throw new AssertionError("no " + what + " within " + timeout + "; last scrape:\n" + scrape.text());
        }
        return scrape;
    }

    /** The service's log from {@code from} on, once {@code done} holds for it. */
    private static String awaitLog(int from, String what, Predicate<String> done) {
        String log = poll(Duration.ofSeconds(3), () -> service.log().substring(from), done);
        if (!done.test(log)) {
            throw new AssertionError("no " + what + " in the service's log; it logged:\n" + log);
        }
        return log;
    }

    /** The monitoring role's sessions on {@code db} once they are at most 2 (one pool), or as many as remain. */
    private static long awaitSessions(TestDatabase db, Duration timeout) {
        return poll(timeout, db::monitorSessions, sessions -> sessions <= 2);
    }

    private static void connect(int port, String role, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", password);
        new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties).close();
    }

    private static void sleepUntil(long nanoTime) {
        long millis = (nanoTime - System.nanoTime()) / 1_000_000;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
