package org.pouw.worker;

import java.util.List;

/**
 * Something the worker did, for a {@link WorkerDisplay}. {@link #name()} is the {@code event} field of the
 * {@code --json} output, so it must not change once released.
 */
public sealed interface WorkerEvent {
    String name();

    /** Signed in and about to claim. */
    record Started(String did, String node, List<String> kinds, List<String> tiers, int concurrency)
            implements WorkerEvent {
        public String name() {
            return "started";
        }
    }

    record Claimed(String jobId, String kind, String tier, long rewardBudget, int attempt) implements WorkerEvent {
        public String name() {
            return "claimed";
        }
    }

    /** The prover's own report; {@code fraction} in [0, 1] of {@code phase}. Throttled to whole percents. */
    record Progress(String jobId, String kind, String phase, double fraction) implements WorkerEvent {
        public String name() {
            return "progress";
        }
    }

    /** The node verified the proof and paid {@code reward}. */
    record Submitted(String jobId, String kind, long reward, long ledgerSeq) implements WorkerEvent {
        public String name() {
            return "submitted";
        }
    }

    /** The node's verifier rejected the proof. */
    record Rejected(String jobId, String kind, String reason, String detail) implements WorkerEvent {
        public String name() {
            return "rejected";
        }
    }

    /** The job could not be done (or submitted); it was reported through {@code /fail} when the node allowed. */
    record Failed(String jobId, String kind, String reason) implements WorkerEvent {
        public String name() {
            return "failed";
        }
    }

    /** The lease moved on; the work was abandoned and nothing was submitted. */
    record LeaseLost(String jobId, String kind, String reason) implements WorkerEvent {
        public String name() {
            return "lease_lost";
        }
    }

    /** Handed back unfinished at shutdown, so it returns to the queue at once. */
    record Released(String jobId, String kind, String reason) implements WorkerEvent {
        public String name() {
            return "released";
        }
    }

    /** Waiting before the next claim: no job, node unreachable, or rate limited. */
    record Backoff(Cause cause, long delayMs, String detail) implements WorkerEvent {
        public String name() {
            return "backoff";
        }
    }

    /** The worker stopped; {@code error} is empty after an ordinary stop. */
    record Stopped(String error) implements WorkerEvent {
        public String name() {
            return "stopped";
        }
    }

    enum Cause {
        NO_JOBS("no_jobs"),
        NODE_UNREACHABLE("node_unreachable"),
        RATE_LIMITED("rate_limited"),
        NODE_ERROR("node_error");

        private final String wire;

        Cause(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
