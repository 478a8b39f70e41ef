package dev.superadmin.monitor.probe;

/** One row of a rows check (the app's own health functions): its name, its value if numeric, and its status text. */
public record StatusRow(String name, Double value, String status) {
}
