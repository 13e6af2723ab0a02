package org.pouw.worker;

import java.util.function.BiFunction;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkProver;

/** A prover whose work is whatever the test says. */
final class TestProver implements WorkProver {
    static final String KIND = "test";

    private final String kind;
    private final BiFunction<WorkItem, ProgressListener, byte[]> work;

    TestProver(String kind, BiFunction<WorkItem, ProgressListener, byte[]> work) {
        this.kind = kind;
        this.work = work;
    }

    TestProver(BiFunction<WorkItem, ProgressListener, byte[]> work) {
        this(KIND, work);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        return work.apply(item, progress);
    }
}
