package dev.superadmin.monitor.status;

import java.util.Collection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.superadmin.monitor.check.State;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** How many targets, or checks of a target, are in each state. */
@RegisterForReflection
@Schema(name = "StateCounts", description = "How many are in each state")
public record StateCounts(
        @Schema(required = true) int ok,
        @Schema(required = true) int warning,
        @Schema(required = true) int critical,
        @Schema(required = true) int unknown) {

    static StateCounts of(Collection<State> states) {
        int[] counts = new int[State.values().length];
        for (State state : states) {
            counts[state.ordinal()]++;
        }
        return new StateCounts(counts[State.OK.ordinal()], counts[State.WARNING.ordinal()],
                counts[State.CRITICAL.ordinal()], counts[State.UNKNOWN.ordinal()]);
    }

    int of(State state) {
        return switch (state) {
            case OK -> ok;
            case WARNING -> warning;
            case CRITICAL -> critical;
            case UNKNOWN -> unknown;
        };
    }
}
