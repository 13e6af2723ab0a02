package org.pouw.node.intents;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.market.JobMarket;
import org.pouw.core.port.BlobStore;
import org.pouw.kinds.vmstark.VmBatchKind;
import org.pouw.kinds.vmstark.VmBatchParams;
import org.pouw.kinds.vmstark.VmStarkKind;
import org.pouw.kinds.vmstark.VmStarkParams;
import org.pouw.node.config.BatchSettings;
import org.pouw.stark.air.vm.BatchProgramTable;

/**
 * Gathers {@code full} intents into batches (issue 22 §3) on a {@code zk_mode = "stark"} node: the oldest waiting
 * jobs, in creation order, while their steps fit the step budget, their programs the batch's lookup table (at most
 * {@link BatchProgramTable#MAX_INSTRUCTIONS} instructions together: a larger batch could not be proven and would only
 * dissolve after a lease) and their count the cap; a batch forms when it is
 * full or its oldest member has waited the maximum wait. Its lead becomes a {@code vm-batch} job; if the batch
 * fails, each member falls back to a {@code vm-stark} job of its own (pouw-core's batch riders). Several nodes on one
 * database may run this at once: a member another node batched first makes the market refuse the whole batch, and
 * the next pass starts again from what is still waiting.
 */
public final class BatchFormer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(BatchFormer.class.getName());

    private final JobMarket market;
    private final ProgramSizes programSizes;
    private final BatchSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pouw-batcher").daemon(true).factory());

    public BatchFormer(JobMarket market, BlobStore blobs, BatchSettings settings, Clock clock) {
        this.market = market;
        this.programSizes = new ProgramSizes(blobs);
        this.settings = settings;
        this.clock = clock;
    }

    /** Looks for due batches a few times per maximum wait, so none waits much longer than that. */
    public void start() {
        long interval = Math.clamp(settings.maxWaitMs() / 4, 10, 500);
        scheduler.scheduleWithFixedDelay(this::pass, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void pass() {
        try {
            formDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "batch pass failed, will retry: " + e.getMessage());
        }
    }

    /** Forms every batch that is due now; the lead job of each, in the order formed. */
    public List<Job> formDue() {
        List<Job> leads = new ArrayList<>();
        while (true) {
            List<Job> waiting = market.waitingForBatch(settings.maxIntents());
            if (waiting.isEmpty()) {
                return leads;
            }
            List<VmBatchParams.Member> members = new ArrayList<>();
            long steps = 0;
            long instructions = 0;
            for (Job job : waiting) {
                VmStarkParams run = VmStarkParams.parse(job.params());
                int programSize = programSizes.of(run.programRef());
                if (steps + run.steps() > settings.stepBudget()
                        || instructions + programSize > BatchProgramTable.MAX_INSTRUCTIONS) {
                    break;
                }
                steps += run.steps();
                instructions += programSize;
                members.add(new VmBatchParams.Member(job.jobId().hex(), run));
            }
            boolean full = members.size() < waiting.size() || members.size() == settings.maxIntents();
            boolean waitedEnough = clock.millis() - waiting.getFirst().createdAtMs() >= settings.maxWaitMs();
            if (members.isEmpty() || !(full || waitedEnough)) {
                return leads;
            }
            try {
                leads.add(market.formBatch(members.stream().map(member -> JobId.of(member.jobId())).toList(),
                        VmBatchKind.NAME, new VmBatchParams(members).toJson(), VmStarkKind.NAME));
            } catch (PouwException e) {
                if (e.problem() != Problem.CONFLICT) {
                    throw e;
                }
                return leads; // another node batched some of them first; the next pass sees what is left
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
