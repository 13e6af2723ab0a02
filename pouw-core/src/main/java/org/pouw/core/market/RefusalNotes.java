package org.pouw.core.market;

import java.util.function.Supplier;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Did;

/**
 * Runs a lease holder's call and, when the node fails it for its own reasons (busy, database trouble: anything but
 * an answer about the caller's request), notes the refusal in {@link LeaseGrace}, so a lease that runs out meanwhile
 * is excused (issue 18, defect 1).
 */
final class RefusalNotes {
    private final LeaseGrace grace;
    private final Clock clock;

    RefusalNotes(LeaseGrace grace, Clock clock) {
        this.grace = grace;
        this.clock = clock;
    }

    <T> T run(Did prover, Supplier<T> call) {
        try {
            return call.get();
        } catch (PouwException e) {
            if (e.problem() == Problem.UNAVAILABLE) {
                grace.refused(prover.text(), clock.millis());
            }
            throw e;
        } catch (RuntimeException e) {
            grace.refused(prover.text(), clock.millis());
            throw e;
        }
    }
}
