package dev.superadmin.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.superadmin.monitor.runbook.Runbooks;
import dev.superadmin.monitor.testing.MappedConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;

/**
 * {@link ConfigCheck#faults} on the shipped configuration (the packs of {@code src/main/resources/checks/}: the seed
 * checks and those off by default) with one bad setting each: the exact lines start-up would stop with. Plain JUnit,
 * the configuration mapped by SmallRye Config as Quarkus maps it; StartupValidationIT launches the packaged jar for
 * what only a real start shows.
 */
class ConfigCheckTest {

    private static final Optional<String> DATABASE_URL = Optional.of("postgresql://127.0.0.1:5432/postgres");
    private static final Optional<String> NO_HOSTNAME = Optional.empty();
    /** A password in a bad URL: no fault may show it. */
    private static final String URL_SECRET = "url-password-31337";
    private static final String UNPARSEABLE = " cannot be parsed; expected postgresql://[user[:password]@]host[:port]"
            + "/database[?sslmode=...] (the value is not shown: it may hold a password)";

    private static final Map<String, String> SHIPPED = shippedSettings();
    private static final Runbooks RUNBOOKS = Runbooks.shipped();

    /** One configuration: settings over the shipped ones, the datasource URL, and every fault it must give, in order. */
    record Case(String name, Map<String, String> settings, Optional<String> url, List<String> faults) {

        static Case of(String name, Map<String, String> settings, String... faults) {
            return new Case(name, settings, DATABASE_URL, List.of(faults));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badConfigurations() {
        return Stream.of(
                Case.of("warning above critical", Map.of("superadmin.checks.failed_logins.warning", "30"),
                        "superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0 (direction above)"),
                Case.of("warning below critical, direction below", Map.of("superadmin.checks.admin_users.warning", "0"),
                        "superadmin.checks.admin_users warning=0.0 must not be below critical=1.0 (direction below)"),
                Case.of("first round of no probe at a time", Map.of("superadmin.first-round-concurrency", "0"),
                        "superadmin.first-round-concurrency must be greater than 0 and at most 10000"),
                Case.of("zero interval", Map.of("superadmin.checks.admin_users.interval", "0s"),
                        "superadmin.checks.admin_users.interval must be at least 1s (the scheduler ticks once a second)"),
                Case.of("negative interval", Map.of("superadmin.checks.admin_users.interval", "-5s"),
                        "superadmin.checks.admin_users.interval must be at least 1s (the scheduler ticks once a second)"),
                Case.of("interval under the scheduler's tick", Map.of("superadmin.checks.admin_users.interval", "500ms"),
                        "superadmin.checks.admin_users.interval must be at least 1s (the scheduler ticks once a second)"),
                Case.of("a history of one change", Map.of("superadmin.history.changes", "1"),
                        "superadmin.history.changes must be at least 2 and at most 10000"),
                Case.of("a history of too many changes", Map.of("superadmin.history.changes", "10001"),
                        "superadmin.history.changes must be at least 2 and at most 10000"),
                Case.of("negative stagger", Map.of("superadmin.stagger", "-1s"), "superadmin.stagger must not be negative"),
                Case.of("no shard", Map.of("superadmin.shards.count", "0"),
                        "superadmin.shards.count must be greater than 0 and at most 1000"),
                Case.of("too many shards", Map.of("superadmin.shards.count", "1001"),
                        "superadmin.shards.count must be greater than 0 and at most 1000"),
                Case.of("a negative shard", Map.of("superadmin.shards.count", "3", "superadmin.shards.index", "-1"),
                        "superadmin.shards.index must not be negative"),
                Case.of("shards, and no way to know which one this is", Map.of("superadmin.shards.count", "3"),
                        "superadmin.shards.index is not set, and the host name (unknown) does not end in a StatefulSet"
                                + " ordinal (-0, -1, ...): with superadmin.shards.count=3, each instance must know its shard"),
                Case.of("negative metrics maximum age", Map.of("superadmin.metrics-max-age", "-1s"),
                        "superadmin.metrics-max-age must not be negative"),
                Case.of("negative read idle timeout", Map.of("superadmin.http.read-idle-timeout", "-1s"),
                        "superadmin.http.read-idle-timeout must not be negative"),
                Case.of("zero timeout", Map.of("superadmin.checks.admin_users.timeout", "0s"),
                        "superadmin.checks.admin_users.timeout must be positive"),
                Case.of("negative timeout", Map.of("superadmin.checks.admin_users.timeout", "-1s"),
                        "superadmin.checks.admin_users.timeout must be positive"),
                Case.of("zero staleness", Map.of("superadmin.checks.admin_users.staleness", "0s"),
                        "superadmin.checks.admin_users.staleness must be positive"),
                Case.of("blank SQL", Map.of("superadmin.checks.failed_logins.sql", " "),
                        "superadmin.checks.failed_logins.sql must not be blank"),
                Case.of("invalid metric name", Map.of("superadmin.checks.admin_users.metric", "9bad"),
                        "superadmin.checks.admin_users.metric must be a valid Prometheus metric name"),
                Case.of("invalid target", Map.of("superadmin.target", "a b"),
                        "superadmin.target must be 1 to 64 letters, digits or _.:-"),
                Case.of("zero staleness intervals", Map.of("superadmin.staleness-intervals", "0"),
                        "superadmin.staleness-intervals must be greater than 0 and at most 1000"),
                Case.of("too many staleness intervals", Map.of("superadmin.staleness-intervals", "1001"),
                        "superadmin.staleness-intervals must be greater than 0 and at most 1000"),
                Case.of("a table name that is not one", Map.of("superadmin.checks.admin_users.tables", "public.admin_users;drop"),
                        "superadmin.checks.admin_users.tables[0] must be a table name, optionally schema-qualified"),
                Case.of("the second table name is not one",
                        Map.of("superadmin.checks.orphaned_images.tables", "public.product_images,a.b.c"),
                        "superadmin.checks.orphaned_images.tables[1] must be a table name, optionally schema-qualified"),
                new Case("no database at all", Map.of(), Optional.empty(), List.of(
                        "quarkus.datasource.reactive.url is not set, and no superadmin.targets.<name>.url either: there is"
                                + " no database to watch. Set QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://host:5432/db"
                                + " (and _USERNAME, _PASSWORD), or try the service on demo data: ./mvnw -Pdemo package"
                                + " exec:java")),
                Case.of("a user name without a password", Map.of("superadmin.auth.username", "prometheus"),
                        "superadmin.auth.username and superadmin.auth.password must be set together"),
                Case.of("a password without a user name", Map.of("superadmin.auth.password", "secret"),
                        "superadmin.auth.username and superadmin.auth.password must be set together"),
                new Case("database URL that cannot be parsed", Map.of(),
                        Optional.of("postgresql://monitor:" + URL_SECRET + "@db:port/app"),
                        List.of("quarkus.datasource.reactive.url" + UNPARSEABLE)),
                Case.of("a check loosening what every probe sets",
                        Map.of("superadmin.checks.admin_users.settings.statement_timeout", "0"),
                        "superadmin.checks.admin_users settings.statement_timeout is set by every probe itself (read-only,"
                                + " and the check's timeout); it cannot be changed per check"),
                Case.of("a check loosening read-only",
                        Map.of("superadmin.checks.admin_users.settings.default_transaction_read_only", "off"),
                        "superadmin.checks.admin_users settings.default_transaction_read_only is set by every probe itself"
                                + " (read-only, and the check's timeout); it cannot be changed per check"),
                Case.of("a setting name that is not one", Map.of("superadmin.checks.admin_users.settings.\"work_mem;\"", "1"),
                        "superadmin.checks.admin_users.settings.\"work_mem;\" must be a PostgreSQL setting name"),
                Case.of("a target running a check that is not configured", Map.of(
                        "superadmin.targets.blog.url", "postgresql://127.0.0.1:5432/blog",
                        "superadmin.targets.blog.checks", "admin_users,nope"),
                        "superadmin.targets.blog.checks names no configured check: nope; configured: "
                                + String.join(", ", shippedChecks())),
                Case.of("a target with the datasource target's name",
                        Map.of("superadmin.targets.default.url", "postgresql://127.0.0.1/x"),
                        "superadmin.targets.default has the name of the Quarkus datasource's target"
                                + " (superadmin.target=default); give one of them another name"),
                Case.of("a target name that is not one", Map.of("superadmin.targets.\"a b\".url", "postgresql://127.0.0.1/x"),
                        "superadmin.targets.a b: a target name must be 1 to 64 letters, digits or _.:-"),
                Case.of("a target URL that cannot be parsed",
                        Map.of("superadmin.targets.blog.url", "postgresql://monitor:" + URL_SECRET + "@db:port/app"),
                        "superadmin.targets.blog.url" + UNPARSEABLE),
                Case.of("a target's CA file that is not there", Map.of(
                        "superadmin.targets.blog.url", "postgresql://127.0.0.1:5432/blog?sslmode=verify-full",
                        "superadmin.targets.blog.tls-ca", "/nonexistent/ca.crt"),
                        "superadmin.targets.blog.tls-ca: no readable file of at most 64 KiB at /nonexistent/ca.crt"),
                Case.of("a password and a password file", Map.of(
                        "superadmin.targets.blog.url", "postgresql://127.0.0.1:5432/blog",
                        "superadmin.targets.blog.password", "x",
                        "superadmin.targets.blog.password-file", "/etc/hostname"),
                        "superadmin.targets.blog.password and superadmin.targets.blog.password-file are both set; keep one"),
                Case.of("a password file that is a device", Map.of(
                        "superadmin.targets.blog.url", "postgresql://127.0.0.1:5432/blog",
                        "superadmin.targets.blog.password-file", "/dev/zero"),
                        "superadmin.targets.blog.password-file: no readable file of at most 64 KiB at /dev/zero"),
                Case.of("a rows check with a threshold", Map.of(
                        "superadmin.checks.app_database_health.enabled", "true",
                        "superadmin.checks.app_database_health.warning", "1"),
                        "superadmin.checks.app_database_health is a rows check: each row's status gives its state;"
                                + " remove warning and critical"),
                Case.of("new check without threshold", Map.of("superadmin.checks.extra.sql", "SELECT 1"),
                        "superadmin.checks.extra needs a threshold: set warning, critical or both"),
                Case.of("a runbook the service does not have", Map.of("superadmin.checks.admin_users.runbook", "Nope"),
                        "superadmin.checks.admin_users.runbook names no runbook: Nope; the runbooks: "
                                + String.join(", ", RUNBOOKS.names())),
                Case.of("a check's alert without a runbook of its name", Map.of(
                        "superadmin.checks.extra.sql", "SELECT 1",
                        "superadmin.checks.extra.warning", "1",
                        "superadmin.checks.extra.alert.name", "ExtraAlert",
                        "superadmin.checks.extra.alert.summary", "s",
                        "superadmin.checks.extra.alert.description", "d",
                        "superadmin.checks.extra.alert.impact", "i"),
                        "superadmin.checks.extra.runbook names no runbook: ExtraAlert (the alert's name, as runbook is not"
                                + " set); the runbooks: " + String.join(", ", RUNBOOKS.names())),
                Case.of("a runbook URL without a host", Map.of("superadmin.checks.admin_users.runbook", "https:///wiki/admins"),
                        "superadmin.checks.admin_users.runbook must be a runbook's name or an absolute http(s) URL"),
                Case.of("a runbook path instead of a name", Map.of("superadmin.checks.admin_users.runbook", "../../etc/passwd"),
                        "superadmin.checks.admin_users.runbook names no runbook: ../../etc/passwd; the runbooks: "
                                + String.join(", ", RUNBOOKS.names())),
                Case.of("every fault of one configuration, in the order of the keys", Map.of(
                        "superadmin.stagger", "-1s",
                        "superadmin.checks.failed_logins.warning", "30"),
                        "superadmin.stagger must not be negative",
                        "superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0 (direction above)"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badConfigurations")
    void namesEveryFaultByItsKey(Case bad) {
        List<String> faults = ConfigCheck.faults(config(bad.settings()), bad.url(), RUNBOOKS, NO_HOSTNAME);

        assertThat(faults).containsExactlyElementsOf(bad.faults());
        assertThat(faults).allSatisfy(fault -> assertThat(fault).doesNotContain(URL_SECRET));
    }

    @Test
    void theShippedConfigurationHasNoFault() {
        assertThat(ConfigCheck.faults(config(Map.of()), DATABASE_URL, RUNBOOKS, NO_HOSTNAME)).isEmpty();
    }

    @Test
    void targetsAloneAreEnoughWithoutTheDatasource(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not read here, only looked for");
        MonitorConfig config = config(Map.of(
                "superadmin.targets.default.url", "postgresql://127.0.0.1:5432/shop?sslmode=verify-full",
                "superadmin.targets.default.tls-ca", ca.toString(),
                "superadmin.targets.default.checks", "admin_users,failed_logins"));

        // with no datasource, a target may take the datasource's name
        assertThat(ConfigCheck.faults(config, Optional.empty(), RUNBOOKS, NO_HOSTNAME)).isEmpty();
    }

    @Test
    void aCheckNamesARunbookOfTheOperatorsDirectoryOrAUrl(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ExpiredSessions.md"), "# ExpiredSessions\n");
        MonitorConfig config = config(Map.of(
                "superadmin.checks.expired_sessions.sql", "SELECT 1",
                "superadmin.checks.expired_sessions.warning", "1",
                "superadmin.checks.expired_sessions.runbook", "ExpiredSessions",
                "superadmin.checks.admin_users.runbook", "https://wiki.example.com/admins#locked-out"));

        assertThat(ConfigCheck.faults(config, DATABASE_URL, Runbooks.withDirectory(dir), NO_HOSTNAME)).isEmpty();
        assertThat(ConfigCheck.faults(config, DATABASE_URL, RUNBOOKS, NO_HOSTNAME)).containsExactly(
                "superadmin.checks.expired_sessions.runbook names no runbook: ExpiredSessions; the runbooks: "
                        + String.join(", ", RUNBOOKS.names()));
    }

    @Test
    void theOperatorsRunbooksAreCheckedByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("SuperadminCheck.md"), "# mine\n");
        Files.writeString(dir.resolve("two words.md"), "# mine\n");
        Files.write(dir.resolve("Huge.md"), new byte[300 * 1024]);
        Files.writeString(dir.resolve("notes.txt"), "not a runbook, left alone");

        assertThat(ConfigCheck.faults(config(Map.of()), DATABASE_URL, Runbooks.withDirectory(dir), NO_HOSTNAME)).containsExactly(
                "superadmin.runbooks.directory: Huge.md is larger than 256 KiB",
                "superadmin.runbooks.directory: SuperadminCheck.md has the name of a shipped runbook; give it another",
                "superadmin.runbooks.directory: two words.md is no runbook name (1 to 64 letters, digits, - or _, then .md)");
        assertThat(ConfigCheck.faults(config(Map.of()), DATABASE_URL, Runbooks.withDirectory(dir.resolve("none")), NO_HOSTNAME))
                .containsExactly("superadmin.runbooks.directory: no readable directory at " + dir.resolve("none"));
    }

    @Test
    void aShardFromItsIndexOrElseTheStatefulSetOrdinal() {
        MonitorConfig three = config(Map.of("superadmin.shards.count", "3"));

        assertThat(ConfigCheck.faults(three, DATABASE_URL, RUNBOOKS, Optional.of("superadmin-monitor-4"))).isEmpty();
        assertThat(Shard.configured(three.shards(), Optional.of("superadmin-monitor-4"))).contains(new Shard(1, 3));
        assertThat(Shard.configured(three.shards(), Optional.of("superadmin-monitor-2"))).contains(new Shard(2, 3));
        assertThat(ConfigCheck.faults(three, DATABASE_URL, RUNBOOKS, Optional.of("db-host"))).containsExactly(
                "superadmin.shards.index is not set, and the host name (db-host) does not end in a StatefulSet ordinal"
                        + " (-0, -1, ...): with superadmin.shards.count=3, each instance must know its shard");
        // the index wins over the host name, modulo the count like an ordinal
        MonitorConfig indexed = config(Map.of("superadmin.shards.count", "3", "superadmin.shards.index", "5"));
        assertThat(ConfigCheck.faults(indexed, DATABASE_URL, RUNBOOKS, Optional.of("db-host"))).isEmpty();
        assertThat(Shard.configured(indexed.shards(), Optional.of("superadmin-monitor-0"))).contains(new Shard(2, 3));
        // one shard needs neither
        assertThat(Shard.configured(config(Map.of()).shards(), NO_HOSTNAME)).contains(Shard.ALL);
    }

    @Test
    void atLeastOneCheck() {
        MonitorConfig config = map(Map.of());

        assertThat(config.checks()).isEmpty();
        assertThat(ConfigCheck.faults(config, DATABASE_URL, RUNBOOKS, NO_HOSTNAME)).containsExactly("superadmin.checks must hold at least one check");
    }

    /** Values SmallRye Config itself refuses, before ConfigCheck runs: its message names the key and the value. */
    static Stream<Case> unmappable() {
        return Stream.of(
                Case.of("unknown direction", Map.of("superadmin.checks.admin_users.direction", "sideways"),
                        "superadmin.checks.admin_users.direction", "sideways"),
                Case.of("threshold not a number", Map.of("superadmin.checks.admin_users.critical", "abc"),
                        "superadmin.checks.admin_users.critical", "abc"),
                Case.of("interval not a duration", Map.of("superadmin.checks.admin_users.interval", "often"),
                        "superadmin.checks.admin_users.interval", "often"),
                Case.of("a target without URL", Map.of("superadmin.targets.blog.checks", "admin_users"),
                        "superadmin.targets.blog.url", "required"),
                Case.of("new check without SQL", Map.of("superadmin.checks.extra.warning", "1"),
                        "superadmin.checks.extra.sql", "required"),
                Case.of("new check with unknown direction", Map.of(
                        "superadmin.checks.extra.sql", "SELECT 1",
                        "superadmin.checks.extra.warning", "1",
                        "superadmin.checks.extra.direction", "sideways"),
                        "superadmin.checks.extra.direction", "sideways"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unmappable")
    void unmappableValuesAreRefusedNamingTheKey(Case bad) {
        assertThatThrownBy(() -> config(bad.settings()))
                .hasMessageContainingAll(bad.faults().toArray(String[]::new));
    }

    /** A mistyped name stops start-up, named, with the nearest valid name: in the environment and in a file alike. */
    @Nested
    class UnknownNames {

        @Test
        void theShippedConfigurationAndValidNamesOfEveryKindPass() {
            assertThat(unknown(Map.of(
                    "superadmin.checks.failed_logins.settings.work_mem", "1MB",
                    "superadmin.checks.extra.sql", "SELECT count(*) FROM public.orders",
                    "superadmin.checks.extra.warning", "1",
                    "superadmin.checks.extra.tables[0]", "public.orders",
                    "%dev.superadmin.checks.active_sessions.warning", "3",
                    "superadmin.targets.replica.url", "postgresql://127.0.0.1:5432/test",
                    "quarkus.http.port", "9999", "postgres-pack.anything", "x"), Map.of(
                    "SUPERADMIN_CHECKS_ACTIVE_SESSIONS_WARNING", "3",
                    "SUPERADMIN_STALENESS_INTERVALS", "4",
                    "SUPERADMIN_AUTH_TOKEN", "t",
                    "SUPERADMIN_HTTP_READ_IDLE_TIMEOUT", "5s",
                    "SUPERADMIN_CHECKS_FAILED_LOGINS_SETTINGS_WORK_MEM", "2MB",
                    "SUPERADMIN_CHECKS_EXTRA_TABLES", "public.orders,public.items",
                    "SUPERADMIN_TARGETS_REPLICA_PASSWORD", "p",
                    "SUPERADMIN_CHECKS_MYCHECK_SQL", "SELECT 1",
                    "SUPERADMIN_CHECKS_MYCHECK_WARNING", "1",
                    "PATH", "/usr/bin"))).isEmpty();
        }

        @Test
        void aVariableOneLetterShortNamesTheOneMeant() {
            assertThat(unknown(Map.of(), Map.of("SUPERADMIN_CHECKS_ACTIVE_SESSION_WARNING", "3", "SUPERADMIN_STALENESS_INTERVAL", "3")))
                    .containsExactly(
                            "SUPERADMIN_CHECKS_ACTIVE_SESSION_WARNING (an environment variable) is no setting;"
                                    + " did you mean SUPERADMIN_CHECKS_ACTIVE_SESSIONS_WARNING?",
                            "SUPERADMIN_STALENESS_INTERVAL (an environment variable) is no setting;"
                                    + " did you mean SUPERADMIN_STALENESS_INTERVALS?");
        }

        @Test
        void aMistypedKeyInAFileNamesTheOneMeant() {
            assertThat(unknown(Map.of("superadmin.checks.active_sessions.warnin", "3", "%prod.superadmin.stager", "2s"), Map.of()))
                    .containsExactly("superadmin.checks.active_sessions.warnin is no setting;"
                                    + " did you mean superadmin.checks.active_sessions.warning?",
                            "superadmin.stager is no setting; did you mean superadmin.stagger?");
        }

        @Test
        void aNameFarFromEverySettingIsRefusedWithoutAGuess() {
            assertThat(unknown(Map.of("superadmin.colour", "blue"), Map.of("SUPERADMIN_COLOUR", "blue")))
                    .containsExactly("SUPERADMIN_COLOUR (an environment variable) is no setting",
                            "superadmin.colour is no setting");
        }

        @Test
        void aNewCheckNamedWithAnUnderscoreByVariablesAloneIsRefusedWithTheWayOut() {
            // SmallRye cannot tell my_check from my.check in SUPERADMIN_CHECKS_MY_CHECK_SQL, so it would ignore it
            assertThat(unknown(Map.of(), Map.of("SUPERADMIN_CHECKS_MY_CHECK_SQL", "SELECT 1")))
                    .containsExactly("SUPERADMIN_CHECKS_MY_CHECK_SQL (an environment variable) is no setting; a check or"
                            + " target that only variables name must have a name without _ (SUPERADMIN_CHECKS_MYCHECK_SQL),"
                            + " or be named in a file (superadmin.checks.my_check.sql)");
        }

        @Test
        void aVariableForACheckNamedInAFileWithAnUnderscoreIsKnown() {
            assertThat(unknown(Map.of("superadmin.checks.my_check.sql", "SELECT 1", "superadmin.checks.my_check.warning", "1"),
                    Map.of("SUPERADMIN_CHECKS_MY_CHECK_WARNING", "2"))).isEmpty();
        }

        /** The faults of the shipped settings with {@code keys} over them (a file) and {@code variables} (the environment). */
        private static List<String> unknown(Map<String, String> keys, Map<String, String> variables) {
            Map<String, String> all = new HashMap<>(SHIPPED);
            all.putAll(keys);
            SmallRyeConfig config = MappedConfig.config(new PropertiesConfigSource(all, "test", 500),
                    new EnvConfigSource(variables, 600));
            return UnknownSettings.faults(config.getConfigSources(), config.getConfigMapping(MonitorConfig.class));
        }
    }

    /** The shipped settings with {@code settings} over them, mapped as Quarkus maps them. */
    private static MonitorConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(SHIPPED);
        all.putAll(settings);
        return map(all);
    }

    private static MonitorConfig map(Map<String, String> settings) {
        return MappedConfig.of(new PropertiesConfigSource(settings, "test", 500));
    }

    /** The shipped checks: every pack's settings, as CheckPacks gives them to Quarkus. */
    private static Map<String, String> shippedSettings() {
        Map<String, String> settings = new HashMap<>();
        for (String pack : CheckPacks.PACKS) {
            settings.putAll(CheckPacks.source(ConfigCheckTest.class.getClassLoader(), pack).getProperties());
        }
        assertThat(settings).as("the seed checks").containsKeys("superadmin.checks.admin_users.sql",
                "superadmin.checks.failed_logins.critical");
        return settings;
    }

    /** The names of the shipped checks, sorted, read from the properties rather than from the mapping under test. */
    private static TreeSet<String> shippedChecks() {
        TreeSet<String> checks = new TreeSet<>();
        SHIPPED.keySet().stream().filter(key -> key.startsWith("superadmin.checks.") && key.endsWith(".sql"))
                .forEach(key -> checks.add(key.substring("superadmin.checks.".length(), key.length() - ".sql".length())));
        return checks;
    }
}
