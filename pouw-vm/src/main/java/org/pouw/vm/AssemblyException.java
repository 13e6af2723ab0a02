package org.pouw.vm;

/**
 * Assembly source that does not form a program, with the 1-based line where the problem is (ARCHITECTURE.md §7:
 * errors are reported with line numbers). The message reads {@code "line 7: unknown mnemonic 'ad'"}; {@link #problem()}
 * is the part after the line number.
 */
public final class AssemblyException extends IllegalArgumentException {
    private final int line;
    private final String problem;

    public AssemblyException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
        this.problem = problem;
    }

    /** The 1-based source line. */
    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
