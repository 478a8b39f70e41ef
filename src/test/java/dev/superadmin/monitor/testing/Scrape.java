package dev.superadmin.monitor.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of /q/metrics in the Prometheus text format, parsed into samples. */
public final class Scrape {

    public static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    /** A label value as runs of plain characters between escapes: no recursion per character, so long values parse. */
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples = new ArrayList<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
    }

    public static Scrape now() {
        return of(given().accept(TEXT_FORMAT).get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** A scrape's text, fetched by other means (from a service the test started itself). */
    public static Scrape of(String text) {
        return new Scrape(text);
    }

    public String text() {
        return text;
    }

    /** What {@code promtool check metrics} reports about this scrape: empty when it finds nothing to say. */
    public String promtoolReport() {
        try {
            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!promtool.waitFor(30, TimeUnit.SECONDS) || promtool.exitValue() != 0) {
                return report.isEmpty() ? "promtool check metrics failed" : report;
            }
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run promtool (Debian's prometheus package; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The value of the one sample called {@code name} that has the given label pairs (name, value, name, value...). */
    public double value(String name, String... labelPairs) {
        List<Sample> matches = find(name, labelPairs);
        if (matches.size() != 1) {
            throw new AssertionError(matches.size() + " samples of " + name + " " + List.of(labelPairs) + " in:\n" + text);
        }
        return matches.get(0).value();
    }

    /** The sum of the samples called {@code name} with the given label pairs: 0 when there is none. */
    public double sum(String name, String... labelPairs) {
        return find(name, labelPairs).stream().mapToDouble(Sample::value).sum();
    }

    public List<Sample> find(String name, String... labelPairs) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> {
                    for (int i = 0; i < labelPairs.length; i += 2) {
                        if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }
}
