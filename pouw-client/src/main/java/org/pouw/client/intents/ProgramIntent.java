package org.pouw.client.intents;

import java.util.List;
import java.util.Objects;

/**
 * A program to run verifiably (§5, §7): its assembly, its inputs as decimal field elements (r0 first), the step
 * bound, the tier of its proof jobs ({@code macro} or {@code micro}) and the fee in base units.
 */
public record ProgramIntent(String program, List<String> inputs, long maxSteps, String tier, long fee)
        implements IntentToPost {
    public ProgramIntent {
        Objects.requireNonNull(program, "program");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(tier, "tier");
    }
}
