package dev.superadmin.monitor.status;

import dev.superadmin.monitor.probe.ProbeResult;

/** What the store keeps of one check: its latest probe and its latest successful one (either may be null). */
record CheckHistory(ProbeResult lastAttempt, ProbeResult lastSuccess) {

    static final CheckHistory NONE = new CheckHistory(null, null);

    CheckHistory with(ProbeResult result) {
        return new CheckHistory(result, result.succeeded() ? result : lastSuccess);
    }
}
