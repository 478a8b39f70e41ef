package dev.superadmin.monitor.runbook;

/** A runbook as it is served: its name (the last segment of its path), the title of its page, and the page. */
public record Runbook(String name, String title, String html) {
}
