package dev.superadmin.monitor.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import dev.superadmin.monitor.config.Direction;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The thresholds and the order of states, without Quarkus (staleness: {@code CheckStateTest}). */
class CheckEvaluatorTest {

    private static final Duration STALENESS = Duration.ofSeconds(45);

    /** A check as the catalog would build it; {@code null} leaves a threshold unset. */
    private static CheckDefinition check(Direction direction, Double warning, Double critical) {
        return new CheckDefinition("test_check", "A check under test", "SELECT 1", false, List.of(), Map.of(), direction,
                warning == null ? OptionalDouble.empty() : OptionalDouble.of(warning),
                critical == null ? OptionalDouble.empty() : OptionalDouble.of(critical),
                "things", "superadmin_test_check", Duration.ofSeconds(15), Duration.ofSeconds(5), STALENESS, "SuperadminCheck");
    }

    @Nested
    class DirectionAbove {

        /** Like failed_logins: warning=10, critical=25. */
        private final CheckDefinition failedLogins = check(Direction.ABOVE, 10.0, 25.0);

        @Test
        void valueUnderTheWarningIsOk() {
            assertThat(CheckEvaluator.evaluate(failedLogins, 0)).isEqualTo(State.OK);
            assertThat(CheckEvaluator.evaluate(failedLogins, 9)).isEqualTo(State.OK);
        }

        @Test
        void valueEqualToWarningIsStillOk() {
            assertThat(CheckEvaluator.evaluate(failedLogins, 10)).isEqualTo(State.OK);
        }

        @Test
        void valueJustOverWarningIsWarning() {
            assertThat(CheckEvaluator.evaluate(failedLogins, Math.nextUp(10.0))).isEqualTo(State.WARNING);
            assertThat(CheckEvaluator.evaluate(failedLogins, 11)).isEqualTo(State.WARNING);
        }

        @Test
        void valueEqualToCriticalIsStillWarning() {
            assertThat(CheckEvaluator.evaluate(failedLogins, 25)).isEqualTo(State.WARNING);
        }

        @Test
        void valueOverCriticalIsCritical() {
            assertThat(CheckEvaluator.evaluate(failedLogins, Math.nextUp(25.0))).isEqualTo(State.CRITICAL);
            assertThat(CheckEvaluator.evaluate(failedLogins, 1_000)).isEqualTo(State.CRITICAL);
        }

        @Test
        void fractionalValueJustOverAThresholdCrossesIt() {
            assertThat(CheckEvaluator.evaluate(check(Direction.ABOVE, 5.0, null), 5.0000001)).isEqualTo(State.WARNING);
            assertThat(CheckEvaluator.evaluate(check(Direction.ABOVE, null, 5.0), 5.0000001)).isEqualTo(State.CRITICAL);
            assertThat(CheckEvaluator.evaluate(check(Direction.ABOVE, 5.0, null), 4.9999999)).isEqualTo(State.OK);
        }
    }

    @Nested
    class DirectionBelow {

        /** Like admin_users: direction below, critical=1 only. */
        private final CheckDefinition adminUsers = check(Direction.BELOW, null, 1.0);

        @Test
        void belowDirectionIsCriticalUnderTheThreshold() {
            assertThat(CheckEvaluator.evaluate(adminUsers, 0)).isEqualTo(State.CRITICAL);
        }

        @Test
        void belowDirectionValueEqualToTheThresholdIsOk() {
            assertThat(CheckEvaluator.evaluate(adminUsers, 1)).isEqualTo(State.OK);
        }

        @Test
        void belowDirectionValueOverTheThresholdIsOk() {
            assertThat(CheckEvaluator.evaluate(adminUsers, 5)).isEqualTo(State.OK);
        }

        @Test
        void belowDirectionWithBothThresholdsWarnsBeforeItPages() {
            CheckDefinition check = check(Direction.BELOW, 3.0, 1.0);
            assertThat(CheckEvaluator.evaluate(check, 4)).isEqualTo(State.OK);
            assertThat(CheckEvaluator.evaluate(check, 3)).isEqualTo(State.OK);
            assertThat(CheckEvaluator.evaluate(check, 2)).isEqualTo(State.WARNING);
            assertThat(CheckEvaluator.evaluate(check, 1)).isEqualTo(State.WARNING);
            assertThat(CheckEvaluator.evaluate(check, 0.9999999)).isEqualTo(State.CRITICAL);
        }
    }

    @Nested
    class SingleThreshold {

        /** Like orphaned_images: warning=0 only. */
        private final CheckDefinition orphanedImages = check(Direction.ABOVE, 0.0, null);

        @Test
        void warningOnlyZeroIsOk() {
            assertThat(CheckEvaluator.evaluate(orphanedImages, 0)).isEqualTo(State.OK);
        }

        @Test
        void warningOnlyAnyValueOverItIsWarningAndNeverCritical() {
            assertThat(CheckEvaluator.evaluate(orphanedImages, 1)).isEqualTo(State.WARNING);
            assertThat(CheckEvaluator.evaluate(orphanedImages, 1e6)).isEqualTo(State.WARNING);
        }

        @Test
        void criticalOnlyValueEqualToItIsOk() {
            assertThat(CheckEvaluator.evaluate(check(Direction.ABOVE, null, 10.0), 10)).isEqualTo(State.OK);
        }

        @Test
        void criticalOnlyValueOverItIsCriticalWithNoWarningStep() {
            CheckDefinition check = check(Direction.ABOVE, null, 10.0);
            assertThat(CheckEvaluator.evaluate(check, 10.5)).isEqualTo(State.CRITICAL);
            assertThat(CheckEvaluator.evaluate(check, 9.5)).isEqualTo(State.OK);
        }
    }

    @Nested
    class NotANumber {

        @Test
        void nanIsUnknownWhateverTheThresholds() {
            assertThat(CheckEvaluator.evaluate(check(Direction.ABOVE, 10.0, 25.0), Double.NaN)).isEqualTo(State.UNKNOWN);
            assertThat(CheckEvaluator.evaluate(check(Direction.BELOW, null, 1.0), Double.NaN)).isEqualTo(State.UNKNOWN);
            assertThat(CheckEvaluator.evaluate(check(Direction.ABOVE, 0.0, null), Double.NaN)).isEqualTo(State.UNKNOWN);
        }
    }

    @Nested
    class States {

        /** From best to worst. */
        private final List<State> severityOrder = List.of(State.OK, State.WARNING, State.UNKNOWN, State.CRITICAL);

        @Test
        void codesAreTheValuesOfTheStatusGauge() {
            assertThat(State.OK.code()).isZero();
            assertThat(State.WARNING.code()).isEqualTo(1);
            assertThat(State.CRITICAL.code()).isEqualTo(2);
            assertThat(State.UNKNOWN.code()).isEqualTo(3);
        }

        @Test
        void criticalBeatsUnknown() {
            assertThat(State.CRITICAL.worst(State.UNKNOWN)).isEqualTo(State.CRITICAL);
            assertThat(State.UNKNOWN.worst(State.CRITICAL)).isEqualTo(State.CRITICAL);
        }

        @Test
        void unknownBeatsWarning() {
            assertThat(State.WARNING.worst(State.UNKNOWN)).isEqualTo(State.UNKNOWN);
            assertThat(State.UNKNOWN.worst(State.WARNING)).isEqualTo(State.UNKNOWN);
        }

        @Test
        void warningBeatsOk() {
            assertThat(State.OK.worst(State.WARNING)).isEqualTo(State.WARNING);
            assertThat(State.WARNING.worst(State.OK)).isEqualTo(State.WARNING);
        }

        @Test
        void worstFollowsOkWarningUnknownCriticalWhicheverSideItIsCalledOn() {
            for (int i = 0; i < severityOrder.size(); i++) {
                for (int j = 0; j < severityOrder.size(); j++) {
                    State a = severityOrder.get(i);
                    State b = severityOrder.get(j);
                    assertThat(a.worst(b)).as("%s.worst(%s)", a, b).isEqualTo(severityOrder.get(Math.max(i, j)));
                }
            }
        }

        @Test
        void worstOfAllStatesIsCritical() {
            assertThat(severityOrder.stream().reduce(State.OK, State::worst)).isEqualTo(State.CRITICAL);
            assertThat(List.of(State.OK, State.WARNING, State.UNKNOWN).stream().reduce(State.OK, State::worst))
                    .isEqualTo(State.UNKNOWN);
        }
    }
}
