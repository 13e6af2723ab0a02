package org.pouw.chain.mining;

/**
 * The outcome of replaying a claimed step: accepted, or the first reason it is refused (docs/chain.md §3). The replay
 * is there whenever the step got as far as being replayed, so a refusal can say what the honest step would have been.
 */
public record StepVerdict(StepRefusal refusal, TipKeyedStep replay) {
    public static StepVerdict accept(TipKeyedStep replay) {
        return new StepVerdict(null, replay);
    }

    public static StepVerdict refuse(StepRefusal refusal, TipKeyedStep replay) {
        if (refusal == null) {
            throw new IllegalArgumentException("a refusal needs its reason");
        }
        return new StepVerdict(refusal, replay);
    }

    public boolean accepted() {
        return refusal == null;
    }
}
