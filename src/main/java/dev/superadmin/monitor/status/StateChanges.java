package dev.superadmin.monitor.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.superadmin.monitor.check.State;

/**
 * The state changes of one check (or one row of a rows check, or one target), oldest first, at most {@code capacity}
 * of them: past that the oldest goes, so a check that flips all day costs the same memory as one that flipped
 * {@code capacity} times. Immutable: {@link #append} returns a new log, so a reader never sees one half written.
 * Kept as parallel arrays of exactly its length (21 bytes a change, plus an error message when it differs from the
 * ones already kept) rather than an object per change (about 80 bytes).
 */
public final class StateChanges {

    /**
     * Longer error messages are cut here: a log holds up to {@code capacity} of them. Cut with "...", not an
     * ellipsis character, which would double the size of the string (one byte a character only while all are Latin-1).
     */
    static final int ERROR_LENGTH = 300;

    private static final State[] STATES = State.values();

    /** Epoch nanoseconds of each change. */
    private final long[] at;
    private final byte[] states;
    /** The value that made the state, NaN when none. */
    private final double[] values;
    /** The error that made the state, null when none. */
    private final String[] errors;
    /** True once an older change has been dropped to stay within the capacity. */
    private final boolean truncated;
    private final int capacity;

    private StateChanges(long[] at, byte[] states, double[] values, String[] errors, boolean truncated, int capacity) {
        this.at = at;
        this.states = states;
        this.values = values;
        this.errors = errors;
        this.truncated = truncated;
        this.capacity = capacity;
    }

    /** A log of at most {@code capacity} changes (at least 2), whose first is {@code state} from {@code start} on. */
    public static StateChanges startingAt(Instant start, State state, int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a log keeps at least 2 changes, not " + capacity);
        }
        return new StateChanges(new long[] { nanos(start) }, new byte[] { (byte) state.ordinal() }, new double[] { Double.NaN },
                new String[1], false, capacity);
    }

    /**
     * This log with one more change, or this log itself when {@code state} is its current one. A change dated
     * before the last one (two writers of one target a moment apart) is dated at the last one: the log stays in order.
     */
    public StateChanges append(Instant when, State state, Double value, String error) {
        int size = at.length;
        if (states[size - 1] == state.ordinal()) {
            return this;
        }
        int drop = Math.max(0, size + 1 - capacity);
        int length = size - drop + 1;
        long[] newAt = Arrays.copyOfRange(at, drop, drop + length);
        byte[] newStates = Arrays.copyOfRange(states, drop, drop + length);
        double[] newValues = Arrays.copyOfRange(values, drop, drop + length);
        String[] newErrors = Arrays.copyOfRange(errors, drop, drop + length);
        newAt[length - 1] = Math.max(nanos(when), at[size - 1]);
        newStates[length - 1] = (byte) state.ordinal();
        newValues[length - 1] = value == null ? Double.NaN : value;
        newErrors[length - 1] = kept(error);
        return new StateChanges(newAt, newStates, newValues, newErrors, truncated || drop > 0, capacity);
    }

    /** The error as kept: cut to {@link #ERROR_LENGTH}, and the instance already kept when an equal one is. */
    private String kept(String error) {
        if (error == null) {
            return null;
        }
        String cut = error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH - 3) + "...";
        for (String existing : errors) {
            if (cut.equals(existing)) {
                return existing;
            }
        }
        return cut;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return at.length;
    }

    /** The current state and when it began. */
    public Change last() {
        return get(at.length - 1);
    }

    /** The change before the current state, or null when the log holds no other. */
    public Change previous() {
        return at.length < 2 ? null : get(at.length - 2);
    }

    /**
     * From when this log knows the states: its first entry's time. That is when it began (the service's start, or
     * when a row first appeared) unless older changes have been dropped.
     */
    public Instant start() {
        return instant(at[0]);
    }

    /** Whether older changes have been dropped to stay within the capacity. */
    public boolean truncated() {
        return truncated;
    }

    /** Every change, oldest first. */
    public List<Change> list() {
        List<Change> list = new ArrayList<>(at.length);
        for (int i = 0; i < at.length; i++) {
            list.add(get(i));
        }
        return list;
    }

    private Change get(int i) {
        return new Change(instant(at[i]), STATES[states[i]], Double.isNaN(values[i]) ? null : values[i], errors[i]);
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** One change: from {@code at} on, {@code state}, because of {@code value} or {@code error} (either may be null). */
    public record Change(Instant at, State state, Double value, String error) {
    }
}
