package org.pouw.vm;

import java.util.Objects;

/**
 * What a run of the {@link Interpreter} produced: how it ended and the full trace.
 *
 * @param outcome how the run ended
 * @param trace   every state from the start state to the last one; {@code trace.steps()} is the gas used (§7)
 */
public record ExecutionResult(Outcome outcome, Trace trace) {
    public ExecutionResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(trace, "trace");
    }

    /** Instructions executed, which is the gas charged (§7: gas = steps). */
    public int steps() {
        return trace.steps();
    }

    public VmState finalState() {
        return trace.finalState();
    }

    public boolean halted() {
        return outcome == Outcome.HALTED;
    }

    /**
     * The registers r0…r7 at {@code halt} (§7: the output).
     *
     * @throws IllegalStateException if the run did not halt; check {@link #outcome()} first
     */
    public long[] output() {
        if (!halted()) {
            throw new IllegalStateException("no output: the run ended with " + outcome);
        }
        return trace.finalState().registers();
    }
}
