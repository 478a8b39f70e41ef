package dev.superadmin.monitor.deploy;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.superadmin.monitor.check.CheckDefinition;
import dev.superadmin.monitor.config.Direction;

/**
 * The Grafana dashboard's per-check panels, generated from the shipped checks: the panels written by hand (state,
 * database, probes: every panel before the first row) stay as they are, and each pack gets a row after them with a
 * graph per check (its value and the thresholds it has, in its unit), collapsed when the pack is opt-in.
 */
final class CheckDashboard {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 8;
    private static final int HEIGHT = 8;

    private CheckDashboard() {
    }

    /** The dashboard {@code committed} with its generated rows made anew from {@code packs}. */
    static String render(String committed, List<ShippedChecks> packs) throws JsonProcessingException {
        ObjectNode dashboard = (ObjectNode) JSON.readTree(committed);
        ArrayNode panels = JSON.createArrayNode();
        int y = 0;
        int id = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                break;
            }
            panels.add(panel);
            y = Math.max(y, panel.path("gridPos").path("y").asInt() + panel.path("gridPos").path("h").asInt());
            id = Math.max(id, panel.path("id").asInt());
        }
        for (ShippedChecks pack : packs) {
            ObjectNode row = panels.addObject();
            row.put("id", ++id);
            row.put("type", "row");
            row.put("title", pack.title());
            row.put("collapsed", pack.optIn());
            gridPos(row, 0, y, 24, 1);
            ArrayNode inRow = pack.optIn() ? row.putArray("panels") : panels;
            List<ObjectNode> graphs = new ArrayList<>();
            pack.checks().stream().filter(check -> !check.definition().rows())
                    .forEach(check -> graphs.add(checkPanel(check.definition(), pack.optIn())));
            List<CheckDefinition> rowsChecks = pack.checks().stream().map(ShippedChecks.Check::definition)
                    .filter(CheckDefinition::rows).toList();
            if (!rowsChecks.isEmpty()) {
                graphs.add(rowsPanel(pack.title(), rowsChecks));
            }
            y++;
            for (int i = 0; i < graphs.size(); i++) {
                ObjectNode graph = graphs.get(i);
                graph.put("id", ++id);
                gridPos(graph, (i % 3) * WIDTH, y + (i / 3) * HEIGHT, WIDTH, HEIGHT);
                inRow.add(graph);
            }
            int lines = (graphs.size() + 2) / 3;
            // a collapsed row takes one line until it is opened
            y += pack.optIn() ? 0 : lines * HEIGHT;
        }
        dashboard.set("panels", panels);
        return writer().writeValueAsString(dashboard) + "\n";
    }

    /** A check's value over time, with a dashed line for each threshold it has. */
    private static ObjectNode checkPanel(CheckDefinition check, boolean optIn) {
        ObjectNode panel = panel("timeseries", check.description(), describe(check, optIn));
        ObjectNode defaults = (ObjectNode) panel.path("fieldConfig").path("defaults");
        String unit = switch (check.unit()) {
            case "bytes" -> "bytes";
            case "ratio" -> "percentunit";
            case "seconds" -> "s";
            default -> "short";
        };
        defaults.put("unit", unit);
        ObjectNode custom = lines(defaults, "stepAfter");
        if (unit.equals("percentunit")) {
            custom.put("axisSoftMax", 1);
        }
        if (unit.equals("short")) {
            defaults.put("decimals", 0);
        }
        ArrayNode overrides = (ArrayNode) panel.path("fieldConfig").path("overrides");
        ObjectNode value = overrides.addObject();
        value.putObject("matcher").put("id", "byFrameRefID").put("options", "A");
        ArrayNode valueLook = value.putArray("properties");
        valueLook.addObject().put("id", "color").putObject("value").put("mode", "fixed").put("fixedColor", "blue");
        valueLook.addObject().put("id", "custom.fillOpacity").put("value", 10);
        legend(panel, "lastNotNull");
        ArrayNode targets = panel.putArray("targets");
        target(targets, "A", check.metric() + "{target=\"$target\"}", "{{check}}");
        if (check.warning().isPresent()) {
            threshold(targets, overrides, check, "B", "warning", "yellow");
        }
        if (check.critical().isPresent()) {
            threshold(targets, overrides, check, "C", "critical", "red");
        }
        return panel;
    }

    /** The values of a pack's rows checks, as the app reports them (each row's state is in the rows timeline). */
    private static ObjectNode rowsPanel(String title, List<CheckDefinition> checks) {
        ObjectNode panel = panel("timeseries", title + ": values", "The value of every row of "
                + String.join(", ", checks.stream().map(CheckDefinition::name).toList())
                + ", as the app reports it (units vary by row). Empty unless the checks are turned on.");
        ObjectNode defaults = (ObjectNode) panel.path("fieldConfig").path("defaults");
        defaults.put("unit", "short");
        lines(defaults, "linear");
        legend(panel, "lastNotNull", "max");
        ArrayNode targets = panel.putArray("targets");
        char refId = 'A';
        for (CheckDefinition check : checks) {
            target(targets, String.valueOf(refId++), check.metric() + "{target=\"$target\"}", "{{check}} {{row}}");
        }
        return panel;
    }

    private static String describe(CheckDefinition check, boolean optIn) {
        String side = check.direction() == Direction.ABOVE ? "above" : "below";
        List<String> levels = new ArrayList<>();
        check.warning().ifPresent(threshold -> levels.add("WARNING " + side + " the yellow line"));
        check.critical().ifPresent(threshold -> levels.add("CRITICAL " + side + " the red one"));
        return check.name() + ": " + check.description() + ". " + (check.direction() == Direction.BELOW ? "Low is bad: " : "")
                + String.join(", ", levels) + ". "
                + (optIn ? "Empty unless the check is turned on; NaN (a gap) while it is UNKNOWN."
                        : "The value is NaN (a gap) while the check is UNKNOWN.");
    }

    private static ObjectNode panel(String type, String title, String description) {
        ObjectNode panel = JSON.createObjectNode();
        panel.put("id", 0);
        panel.put("type", type);
        panel.put("title", title);
        panel.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
        panel.put("description", description);
        panel.putObject("gridPos");
        ObjectNode fieldConfig = panel.putObject("fieldConfig");
        fieldConfig.putObject("defaults");
        fieldConfig.putArray("overrides");
        return panel;
    }

    private static ObjectNode lines(ObjectNode defaults, String interpolation) {
        defaults.putObject("color").put("mode", "palette-classic");
        ObjectNode custom = defaults.putObject("custom");
        custom.put("drawStyle", "line");
        custom.put("lineInterpolation", interpolation);
        custom.put("lineWidth", 2);
        custom.put("fillOpacity", 0);
        custom.put("showPoints", "never");
        custom.put("spanNulls", false);
        custom.put("axisSoftMin", 0);
        custom.putObject("stacking").put("mode", "none").put("group", "A");
        custom.putObject("thresholdsStyle").put("mode", "off");
        custom.putObject("lineStyle").put("fill", "solid");
        ObjectNode thresholds = defaults.putObject("thresholds");
        thresholds.put("mode", "absolute");
        thresholds.putArray("steps").addObject().put("color", "green").putNull("value");
        return custom;
    }

    private static void legend(ObjectNode panel, String... calcs) {
        ObjectNode options = panel.putObject("options");
        ObjectNode legend = options.putObject("legend");
        legend.put("displayMode", "table");
        legend.put("placement", "bottom");
        legend.put("showLegend", true);
        ArrayNode shown = legend.putArray("calcs");
        for (String calc : calcs) {
            shown.add(calc);
        }
        options.putObject("tooltip").put("mode", "multi").put("sort", "none");
    }

    private static void threshold(ArrayNode targets, ArrayNode overrides, CheckDefinition check, String refId,
            String level, String color) {
        target(targets, refId, "superadmin_check_threshold{target=\"$target\",check=\"" + check.name() + "\",level=\""
                + level + "\"}", level + " threshold");
        ObjectNode override = overrides.addObject();
        override.putObject("matcher").put("id", "byFrameRefID").put("options", refId);
        ArrayNode look = override.putArray("properties");
        look.addObject().put("id", "color").putObject("value").put("mode", "fixed").put("fixedColor", color);
        ObjectNode dashed = look.addObject().put("id", "custom.lineStyle").putObject("value").put("fill", "dash");
        dashed.putArray("dash").add(10).add(10);
        look.addObject().put("id", "custom.lineWidth").put("value", 1);
        look.addObject().put("id", "custom.lineInterpolation").put("value", "linear");
    }

    private static void target(ArrayNode targets, String refId, String expr, String legend) {
        ObjectNode target = targets.addObject();
        target.putObject("datasource").put("type", "prometheus").put("uid", "${datasource}");
        target.put("editorMode", "code");
        target.put("expr", expr);
        target.put("legendFormat", legend);
        target.put("range", true);
        target.put("instant", false);
        target.put("refId", refId);
    }

    private static void gridPos(ObjectNode panel, int x, int y, int w, int h) {
        panel.putObject("gridPos").put("h", h).put("w", w).put("x", x).put("y", y);
    }

    /** Two spaces, one value per line: the layout Grafana exports, so that a diff shows what changed. */
    private static com.fasterxml.jackson.databind.ObjectWriter writer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return JSON.writer(printer);
    }
}
