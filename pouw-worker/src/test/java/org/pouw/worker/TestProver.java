package org.pouw.worker;

import java.util.function.BiFunction;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkProver;

/** A prover whose work is whatever the test says. */
final class TestProver implements WorkProver {
    static final String KIND = "test";

    /** The whole of {@link WorkProver#prove}, as a lambda. */
    interface Work {
        byte[] apply(WorkItem item, ProgressListener progress, ChallengeChannel verifier);
    }

    private final String kind;
    private final Work work;

    private TestProver(String kind, Work work) {
        this.kind = kind;
        this.work = work;
    }

    /** A one-shot prover. */
    TestProver(String kind, BiFunction<WorkItem, ProgressListener, byte[]> work) {
        this(kind, (item, progress, verifier) -> work.apply(item, progress));
    }

    TestProver(BiFunction<WorkItem, ProgressListener, byte[]> work) {
        this(KIND, work);
    }

    /** A commit → challenge → open prover: the work gets the channel to the node's challenge. */
    static TestProver committing(String kind, BiFunction<WorkItem, ChallengeChannel, byte[]> work) {
        return new TestProver(kind, (Work) (item, progress, verifier) -> work.apply(item, verifier));
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        return work.apply(item, progress, verifier);
    }
}
