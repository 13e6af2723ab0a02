package org.pouw.store.contract;

import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.store.support.SampleJobs;

/**
 * Writes what the market writes, through the store's own views, for the read-only gate adapters to find: a job's
 * reward entry as {@code Settlement} posts it, and a job's lease as a claim sets it and a release clears it.
 */
public final class MarketGateViewsFixture {
    private MarketGateViewsFixture() {
    }

    /** Funds the reserved pool and pays {@code reward:<job>}: reserved → prover (90) and the node's margin (10). */
    public static void payReward(Storage storage, String jobId, String did, long atMs) {
        storage.write(tx -> {
            tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:reserve:" + jobId,
                    List.of(new Posting(Accounts.GENESIS, -100), new Posting(Accounts.POOL_RESERVED, 100)),
                    List.of(), "fixture"), atMs - 1);
            return tx.ledger().append(new EntryDraft(EntryKind.REWARD, EntryDraft.rewardKey(JobId.of(jobId)),
                    List.of(new Posting(Accounts.POOL_RESERVED, -100), new Posting(did, 90),
                            new Posting(Accounts.POOL_EARNED, 10)), List.of(JobId.of(jobId)), "reward"), atMs);
        });
    }

    /** Inserts {@code jobId} if absent and leases it to {@code did} for a minute on {@code clock}. */
    public static void lease(Storage storage, Clock clock, String jobId, String did) {
        storage.write(tx -> {
            Job job = tx.jobs().find(JobId.of(jobId)).orElseGet(() -> {
                Job fresh = Job.pending(JobId.of(jobId), "reexec", Tier.MACRO, SampleJobs.INTENT_ID,
                        SampleJobs.hash32("trace"), "blob", "{}", SampleJobs.REQUESTER, 100, 90, 1_000, 1,
                        clock.millis() + 3_600_000, 3);
                tx.jobs().insert(fresh);
                return fresh;
            });
            tx.jobs().update(job.leased(did, "lease-token", clock.millis() + 60_000));
            return null;
        });
    }

    public static void endLease(Storage storage, String jobId) {
        storage.write(tx -> {
            Job job = tx.jobs().find(JobId.of(jobId)).orElseThrow();
            tx.jobs().update(job.released(JobStatus.PENDING, "lease ended"));
            return null;
        });
    }
}
