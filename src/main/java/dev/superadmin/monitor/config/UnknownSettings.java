package dev.superadmin.monitor.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;

/**
 * Names under {@code superadmin} that map to no setting. Left alone, a mistyped variable
 * ({@code SUPERADMIN_CHECKS_ACTIVE_SESSION_WARNING}) is ignored without a word and the default stays in force while
 * the operator believes it changed; so every one stops start-up, with the nearest valid name when there is one.
 * Files and system properties are held to the same rule here (rather than by SmallRye's own check, which cannot
 * suggest a name), so that both kinds of mistake read alike.
 */
final class UnknownSettings {

    /** Every setting of {@link MonitorConfig}, as SmallRye names them: {@code superadmin.checks.*.warning}, ... */
    private static final Set<String> SETTINGS = ConfigMappings.getProperties(
            new ConfigMappings.ConfigClass(MonitorConfig.class, "superadmin")).keySet();

    /** A key of a profile, {@code %dev.superadmin...}: checked as the key it sets. */
    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");

    private UnknownSettings() {
    }

    /**
     * One line per name, sorted: a variable in the environment (or a {@code .env} file) is checked against the names
     * of the configured checks and targets, a key against the settings' patterns.
     */
    static List<String> faults(Iterable<ConfigSource> sources, MonitorConfig config) {
        Names names = new Names(config.checks().keySet(), config.targets().keySet());
        Set<String> faults = new TreeSet<>(); // one line per name, even when several sources hold it
        for (ConfigSource source : sources) {
            boolean environment = source instanceof EnvConfigSource;
            for (String name : source.getPropertyNames()) {
                (environment ? names.variableFault(name) : names.keyFault(PROFILE.matcher(name).replaceFirst("")))
                        .ifPresent(faults::add);
            }
        }
        return List.copyOf(faults);
    }

    /** The valid names, once the checks and targets are known. */
    private static final class Names {

        private final List<Pattern> keys;
        private final List<Pattern> variables;
        /** Concrete names to suggest, as keys and as variables. */
        private final List<String> knownKeys = new ArrayList<>();
        private final List<String> knownVariables = new ArrayList<>();

        Names(Collection<String> checks, Collection<String> targets) {
            keys = SETTINGS.stream().map(Names::keyPattern).toList();
            variables = SETTINGS.stream().map(setting -> variablePattern(setting, checks, targets)).toList();
            for (String setting : SETTINGS) {
                for (String key : expand(setting, checks, targets)) {
                    if (!key.contains("*")) {
                        knownKeys.add(key);
                        knownVariables.add(variable(key));
                    }
                }
            }
        }

        Optional<String> keyFault(String key) {
            if (!key.startsWith("superadmin.") || keys.stream().anyMatch(pattern -> pattern.matcher(key).matches())) {
                return Optional.empty();
            }
            return Optional.of(key + " is no setting" + suggestion(key, knownKeys));
        }

        Optional<String> variableFault(String name) {
            if (!name.startsWith("SUPERADMIN_") || variables.stream().anyMatch(pattern -> pattern.matcher(name).matches())) {
                return Optional.empty();
            }
            String fault = name + " (an environment variable) is no setting" + suggestion(name, knownVariables);
            if (fault.endsWith("no setting") && (name.startsWith("SUPERADMIN_CHECKS_") || name.startsWith("SUPERADMIN_TARGETS_"))) {
                fault += "; a check or target that only variables name must have a name without _ (SUPERADMIN_CHECKS_MYCHECK_SQL),"
                        + " or be named in a file (superadmin.checks.my_check.sql)";
            }
            return Optional.of(fault);
        }

        /** {@code superadmin.checks.*.warning} holds any check's key; {@code tables[*]} any index. */
        private static Pattern keyPattern(String setting) {
            return Pattern.compile(Pattern.quote(setting)
                    .replace("[*]", "\\E\\[[0-9]+\\]\\Q")
                    .replace("*", "\\E(?:[^.\"]+|\"[^\"]+\")\\Q"));
        }

        /**
         * A check's or target's variables name a configured one (SmallRye gives a variable to a check or target only
         * when it can tell its name: named in a file, or a name without {@code _}); any other {@code *} (a map of
         * values such as a check's {@code settings}) holds anything.
         */
        private static Pattern variablePattern(String setting, Collection<String> checks, Collection<String> targets) {
            StringBuilder regex = new StringBuilder();
            String[] parts = setting.split("\\*", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i].replace("[", "").replace("]", "");
                regex.append(Pattern.quote(variable(part)));
                if (i < parts.length - 1) {
                    Collection<String> named = i == 0 && setting.startsWith("superadmin.checks.*") ? checks
                            : i == 0 && setting.startsWith("superadmin.targets.*") ? targets : null;
                    regex.append(named == null ? "[A-Z0-9_]+"
                            : named.stream().map(name -> Pattern.quote(variable(name))).collect(Collectors.joining("|", "(?:", ")")));
                }
            }
            return Pattern.compile(regex.toString());
        }

        /** The setting for each configured check or target, a list's first element for a list; others as they are. */
        private static List<String> expand(String setting, Collection<String> checks, Collection<String> targets) {
            String first = setting.replace("[*]", "[0]");
            if (first.startsWith("superadmin.checks.*.")) {
                return checks.stream().map(check -> first.replaceFirst("\\*", quoted(check))).toList();
            }
            if (first.startsWith("superadmin.targets.*.")) {
                return targets.stream().map(target -> first.replaceFirst("\\*", quoted(target))).toList();
            }
            return List.of(first);
        }

        private static String quoted(String name) {
            return name.contains(".") ? "\"" + name + "\"" : name;
        }

        /** The environment's name of a key, as MicroProfile Config maps it: upper case, every other character {@code _}. */
        private static String variable(String key) {
            return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        }

        /** The nearest known name, when it is near enough to be what was meant. */
        private static String suggestion(String name, List<String> known) {
            return known.stream()
                    .min(Comparator.comparingInt((String candidate) -> distance(name, candidate)).thenComparing(candidate -> candidate))
                    .filter(nearest -> distance(name, nearest) <= Math.max(2, name.length() / 6))
                    .map(nearest -> "; did you mean " + nearest + "?")
                    .orElse("");
        }

        /** Levenshtein distance. */
        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
