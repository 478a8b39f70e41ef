package dev.superadmin.monitor.probe;

/** What a probe learned about the database itself, whatever became of the check. */
public enum DatabaseContact {
    /** The database answered (a value, or an error of its own). */
    ANSWERED,
    /** No connection could be made, or the connection gave no answer at all. */
    UNREACHABLE,
    /** Nothing learned: the probe never got a connection from the pool in time (the pool was busy). */
    UNKNOWN
}
