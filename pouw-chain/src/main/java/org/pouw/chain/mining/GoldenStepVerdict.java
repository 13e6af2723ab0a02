package org.pouw.chain.mining;

import java.util.List;

/**
 * The outcome of {@link GoldenSteps#check}: passed when every golden step replayed to its published values. A node
 * whose check did not pass must not validate blocks; {@link #reason()} says which case, step and field differed.
 */
public record GoldenStepVerdict(List<String> differences) {
    public GoldenStepVerdict {
        differences = List.copyOf(differences);
    }

    public boolean passed() {
        return differences.isEmpty();
    }

    /** Why this JVM may not validate, or "" when it may. */
    public String reason() {
        return passed() ? "" : "golden training steps differ on this JVM, refusing to validate: "
                + String.join("; ", differences);
    }
}
