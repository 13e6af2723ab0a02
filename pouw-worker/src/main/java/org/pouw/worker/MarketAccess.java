package org.pouw.worker;

import java.util.List;
import org.pouw.client.NodeException;
import org.pouw.client.jobs.Lease;
import org.pouw.core.job.WorkerCapacity;

/**
 * The job market as the worker loop sees it (ARCHITECTURE.md §3, §6): claim under a lease, renew it, commit, submit
 * or hand the job back, and fetch the blobs a job names, all as one identity. Two adapters: {@link HttpMarket} for
 * {@code pouw worker} talking to a node over the API, and the node's in-process one for its own workers, so the loop
 * with its lease renewal, retries and shutdown hand-back is written once.
 *
 * <p>Outcomes the loop acts on are the same whichever adapter answers: a {@link NodeException} whose
 * {@link NodeException#isLeaseLost()} means the lease moved on, whose {@link NodeException#isTransient()} means try
 * again later (with {@link NodeException#retryAfter()} when the market asked for a pause), a 404 for a missing job
 * or blob, and anything else a refusal that asking again will not change. A rejected proof is a value, not an
 * exception. Calls are blocking and may come from many (virtual) threads at once.
 */
public interface MarketAccess extends AutoCloseable {
    /** Who claims: the did:key the market records as the prover and pays. */
    String did();

    /** Where the market is, for people reading the worker's output: a URL, or a note that it is in this process. */
    String location();

    /**
     * Up to {@code maxJobs} jobs of the given kinds and tiers (empty: any tier) paying a reward of at least
     * {@code minReward} (0: any) and fitting what the worker declares it can run, each under a fresh lease.
     */
    List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs, long minReward,
                           WorkerCapacity capacity);

    /** {@link #claim(List, List, int, long, long, WorkerCapacity)} declaring no capacity. */
    default List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs,
                                   long minReward) {
        return claim(kinds, tiers, maxJobs, leaseMs, minReward, WorkerCapacity.UNDECLARED);
    }

    /** {@link #claim(List, List, int, long, long, WorkerCapacity)} taking any reward, declaring no capacity. */
    default List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs) {
        return claim(kinds, tiers, maxJobs, leaseMs, 0);
    }

    /** Extends the lease to {@code extendMs} from now; the lease to use from here on. */
    Lease renew(String jobId, String leaseToken, long extendMs);

    /**
     * Reports a training step and its mini-batch loss on an ml-train lease, for the task's live curve (display
     * only); how long until the market hears the lease's next report (ms). Refused with 429 when sooner than that.
     */
    long reportProgress(String jobId, String leaseToken, long step, double loss);

    /** Sends a commit → challenge → open prover's commitment; the challenge drawn for it (the same when repeated). */
    byte[] commit(String jobId, String leaseToken, byte[] commitment);

    /** Submits a proof; the market verifies it before it answers. */
    SubmitResult submit(String jobId, String leaseToken, byte[] proof);

    /**
     * How the market settled attempt {@code attemptNo} of the job, when it did: accepted (with the reward paid) or
     * rejected; empty while it is still open or when it ended otherwise. A prover can always read its own attempts,
     * so a submission whose answer was lost is settled by asking (issue 18, defect 11).
     */
    java.util.Optional<SubmitResult> settled(String jobId, int attemptNo);

    /** Gives the job back with a reason, so it returns to the queue now rather than when its lease runs out. */
    void fail(String jobId, String leaseToken, String reason);

    /**
     * Hands the lease back on a graceful stop: the job returns to the queue now and the attempt spends none of its
     * retries (the market bounds how often, {@code market.release_budget}; past it a release counts as a failure).
     */
    void release(String jobId, String leaseToken);

    /**
     * The bytes stored under a content hash, read through the job whose lease the worker holds (the node lets a
     * prover read only the inputs of jobs it holds live leases on); the loop checks them against the key itself.
     */
    byte[] blob(String jobId, String key);

    /** Lets go of connections; calls still in flight may fail. */
    @Override
    void close();
}
