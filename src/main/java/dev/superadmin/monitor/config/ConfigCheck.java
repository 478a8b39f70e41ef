package dev.superadmin.monitor.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.superadmin.monitor.runbook.Runbooks;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Stops start-up on configuration that parses but makes no sense, with one line per fault that starts with its
 * key, such as {@code superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0 (direction
 * above)}. It runs before anything reaches the database: an unparseable datasource URL would otherwise be echoed
 * by the client, password included. (Written out rather than with Hibernate Validator: the rules are few, and the
 * validator cost 0.3 s of start-up and 8 MB of memory.)
 */
@Singleton
public class ConfigCheck {

    public static final String URL_KEY = "quarkus.datasource.reactive.url";

    /** The host name, from the environment's HOSTNAME (a Kubernetes pod's name): its ordinal can give the shard. */
    public static final String HOSTNAME_KEY = "hostname";

    private static final String UNPARSEABLE = " cannot be parsed; expected postgresql://[user[:password]@]host[:port]"
            + "/database[?sslmode=...] (the value is not shown: it may hold a password)";

    /** What every probe sets itself: a check must not loosen it. */
    static final Set<String> RESERVED_SETTINGS = Set.of("transaction_read_only", "default_transaction_read_only",
            "statement_timeout");

    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final Pattern SETTING = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    private final MonitorConfig config;
    private final Optional<String> url;
    private final Config sources;
    private final Runbooks runbooks;
    private final Optional<String> hostname;

    ConfigCheck(MonitorConfig config, @ConfigProperty(name = URL_KEY) Optional<String> url, Config sources,
            Runbooks runbooks, @ConfigProperty(name = HOSTNAME_KEY) Optional<String> hostname) {
        this.config = config;
        this.url = url;
        this.sources = sources;
        this.runbooks = runbooks;
        this.hostname = hostname;
    }

    void check(@Observes @Priority(1) StartupEvent event) {
        List<String> faults = faults(sources, config);
        if (!faults.isEmpty()) {
            throw new ConfigurationException(String.join(System.lineSeparator(), faults));
        }
    }

    /**
     * What is wrong with a configuration, one line per fault starting with its key: at start-up, and for a reload
     * before anything of it is applied (with the datasource's URL and the host name of the start, which cannot change).
     */
    public List<String> faults(Config sources, MonitorConfig config) {
        List<String> faults = new ArrayList<>(UnknownSettings.faults(sources.getConfigSources(), config));
        faults.addAll(faults(config, url, runbooks, hostname));
        return faults;
    }

    static List<String> faults(MonitorConfig config, Optional<String> url, Runbooks runbooks, Optional<String> hostname) {
        List<String> faults = new ArrayList<>();
        url.filter(ConfigCheck::unparseable).ifPresent(bad -> faults.add(URL_KEY + UNPARSEABLE));
        if (url.isEmpty() && config.targets().isEmpty()) {
            faults.add(URL_KEY + " is not set, and no superadmin.targets.<name>.url either: there is no database to"
                    + " watch. Set QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://host:5432/db (and _USERNAME, _PASSWORD),"
                    + " or try the service on demo data: ./mvnw -Pdemo package exec:java");
        }
        if (!TARGET.matcher(config.target()).matches()) {
            faults.add("superadmin.target must be 1 to 64 letters, digits or _.:-");
        }
        config.targets().forEach((name, target) -> targetFaults(faults, name, target, config, url.isPresent()));
        if (config.stalenessIntervals() < 1 || config.stalenessIntervals() > 1000) {
            faults.add("superadmin.staleness-intervals must be greater than 0 and at most 1000");
        }
        if (config.history().changes() < 2 || config.history().changes() > 10_000) {
            faults.add("superadmin.history.changes must be at least 2 and at most 10000");
        }
        if (config.auth().username().isPresent() != config.auth().password().isPresent()) {
            faults.add("superadmin.auth.username and superadmin.auth.password must be set together");
        }
        shardFaults(faults, config.shards(), hostname);
        notNegative(faults, "superadmin.stagger", config.stagger());
        if (config.firstRoundConcurrency() < 1 || config.firstRoundConcurrency() > 10_000) {
            faults.add("superadmin.first-round-concurrency must be greater than 0 and at most 10000");
        }
        notNegative(faults, "superadmin.metrics-max-age", config.metricsMaxAge());
        notNegative(faults, "superadmin.http.read-idle-timeout", config.http().readIdleTimeout());
        notNegative(faults, "superadmin.reload.poll-interval", config.reload().pollInterval());
        faults.addAll(runbooks.faults());
        if (config.checks().isEmpty()) {
            faults.add("superadmin.checks must hold at least one check");
        }
        config.checks().forEach((name, check) -> checkFaults(faults, "superadmin.checks." + name, check, runbooks));
        return faults;
    }

    private static void shardFaults(List<String> faults, MonitorConfig.Shards shards, Optional<String> hostname) {
        if (shards.count() < 1 || shards.count() > Shard.MAX_COUNT) {
            faults.add("superadmin.shards.count must be greater than 0 and at most " + Shard.MAX_COUNT);
        } else if (shards.index().filter(index -> index < 0).isPresent()) {
            faults.add("superadmin.shards.index must not be negative");
        } else if (Shard.configured(shards, hostname).isEmpty()) {
            faults.add("superadmin.shards.index is not set, and the host name (" + hostname.orElse("unknown")
                    + ") does not end in a StatefulSet ordinal (-0, -1, ...): with superadmin.shards.count="
                    + shards.count() + ", each instance must know its shard");
        }
    }

    private static void targetFaults(List<String> faults, String name, TargetConfig target, MonitorConfig config,
            boolean datasource) {
        String key = "superadmin.targets." + name;
        if (!TARGET.matcher(name).matches()) {
            faults.add(key + ": a target name must be 1 to 64 letters, digits or _.:-");
        }
        if (datasource && name.equals(config.target())) {
            faults.add(key + " has the name of the Quarkus datasource's target (superadmin.target=" + name
                    + "); give one of them another name");
        }
        if (unparseable(target.url())) {
            faults.add(key + ".url" + UNPARSEABLE);
        }
        target.tlsCa().filter(path -> !TargetConnection.readableFile(path))
                .ifPresent(path -> faults.add(key + ".tls-ca: no readable file of at most 64 KiB at " + path));
        if (target.password().isPresent() && target.passwordFile().isPresent()) {
            faults.add(key + ".password and " + key + ".password-file are both set; keep one");
        }
        target.passwordFile().filter(path -> !TargetConnection.readableFile(path))
                .ifPresent(path -> faults.add(key + ".password-file: no readable file of at most 64 KiB at " + path));
        List<String> unknown = target.checks().orElse(List.of()).stream()
                .filter(check -> !config.checks().containsKey(check)).toList();
        if (!unknown.isEmpty()) {
            faults.add(key + ".checks names no configured check: " + String.join(", ", unknown) + "; configured: "
                    + String.join(", ", new TreeSet<>(config.checks().keySet())));
        }
    }

    private static void checkFaults(List<String> faults, String key, CheckConfig check, Runbooks runbooks) {
        if (check.sql().isBlank()) {
            faults.add(key + ".sql must not be blank");
        }
        check.metric().filter(metric -> !METRIC.matcher(metric).matches())
                .ifPresent(metric -> faults.add(key + ".metric must be a valid Prometheus metric name"));
        List<String> tables = check.tables().orElse(List.of());
        for (int i = 0; i < tables.size(); i++) {
            if (!TABLE.matcher(tables.get(i)).matches()) {
                faults.add(key + ".tables[" + i + "] must be a table name, optionally schema-qualified");
            }
        }
        for (String setting : check.settings().keySet()) {
            if (!SETTING.matcher(setting).matches()) {
                faults.add(key + ".settings.\"" + setting + "\" must be a PostgreSQL setting name");
            } else if (RESERVED_SETTINGS.contains(setting)) {
                faults.add(key + " settings." + setting + " is set by every probe itself (read-only, and the check's"
                        + " timeout); it cannot be changed per check");
            }
        }
        if (check.interval().compareTo(Duration.ofSeconds(1)) < 0) {
            faults.add(key + ".interval must be at least 1s (the scheduler ticks once a second)");
        }
        positive(faults, key + ".timeout", check.timeout());
        check.staleness().ifPresent(staleness -> positive(faults, key + ".staleness", staleness));
        thresholdFaults(faults, key, check);
        runbookFaults(faults, key, check, runbooks);
    }

    private static void runbookFaults(List<String> faults, String key, CheckConfig check, Runbooks runbooks) {
        String runbook = CheckConfig.runbookOf(check);
        if (CheckConfig.isUrl(runbook)) {
            if (!absoluteUrl(runbook)) {
                faults.add(key + ".runbook must be a runbook's name or an absolute http(s) URL");
            }
        } else if (!runbooks.contains(runbook)) {
            faults.add(key + ".runbook names no runbook: " + runbook
                    + (check.runbook().isEmpty() ? " (the alert's name, as runbook is not set)" : "")
                    + "; the runbooks: " + String.join(", ", runbooks.names()));
        }
    }

    private static boolean absoluteUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void thresholdFaults(List<String> faults, String key, CheckConfig check) {
        if (check.rows()) {
            if (check.warning().isPresent() || check.critical().isPresent()) {
                faults.add(key + " is a rows check: each row's status gives its state; remove warning and critical");
            }
            return;
        }
        if (check.warning().isEmpty() && check.critical().isEmpty()) {
            faults.add(key + " needs a threshold: set warning, critical or both");
            return;
        }
        if (check.warning().isEmpty() || check.critical().isEmpty()) {
            return;
        }
        double warning = check.warning().getAsDouble();
        double critical = check.critical().getAsDouble();
        if (check.direction() == Direction.ABOVE && warning > critical) {
            faults.add(key + " warning=" + warning + " must not be above critical=" + critical + " (direction above)");
        }
        if (check.direction() == Direction.BELOW && warning < critical) {
            faults.add(key + " warning=" + warning + " must not be below critical=" + critical + " (direction below)");
        }
    }

    private static void notNegative(List<String> faults, String key, Duration value) {
        if (value.isNegative()) {
            faults.add(key + " must not be negative");
        }
    }

    private static void positive(List<String> faults, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            faults.add(key + " must be positive");
        }
    }

    private static boolean unparseable(String url) {
        try {
            PgConnectOptions.fromUri(url);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
