package org.pouw.chain.mining;

/**
 * The outcome of replaying an audited window (docs/chain.md §5.2): accepted, or the window position of the first
 * step that did not stand up to its replay and why.
 */
public record WindowVerdict(int failedStep, StepRefusal refusal) {
    public static final WindowVerdict ACCEPTED = new WindowVerdict(-1, null);

    public boolean accepted() {
        return refusal == null;
    }
}
