package dev.superadmin.monitor.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class StateTest {

    @ParameterizedTest
    @CsvSource({ "OK, OK", "ok, OK", "' Healthy ', OK", "PASS, OK", "WARNING, WARNING", "warn, WARNING",
            "CRITICAL, CRITICAL", "Error, CRITICAL", "FAILED, CRITICAL", "not ready, CRITICAL", "unclear, UNKNOWN",
            "'', UNKNOWN", "OKAY-ish, UNKNOWN" })
    void aStatusTextMapsToAState(String status, State state) {
        assertThat(State.ofStatus(status)).isEqualTo(state);
    }

    @ParameterizedTest
    @NullSource
    void noStatusIsUnknown(String status) {
        assertThat(State.ofStatus(status)).isEqualTo(State.UNKNOWN);
    }
}
