package org.pouw.cli;

/** What {@code pouw} exits with. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    public static final int CONFIG = 4;
    public static final int CHECK_FAILED = 5;

    private ExitCodes() {
    }
}
