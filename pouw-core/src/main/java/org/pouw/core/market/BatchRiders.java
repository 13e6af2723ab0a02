package org.pouw.core.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.BatchMember;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.Tier;
import org.pouw.core.port.StoreTx;
import org.pouw.core.work.Verdict;

/**
 * The market's side of batches (the {@code full} tier, issue 22 §3), inside the caller's transaction. A batch is
 * formed from jobs waiting under {@link BatchMember#WAITING_KIND}; its lead is claimed and proven like any job, and
 * when the lead's proof is accepted every other member still pending is completed with it, for the same prover,
 * each paid its own reward keyed by its own job id (so never twice). Any other end of a lead's attempt (a rejected
 * proof, a failure, a lapsed lease, the deadline) dissolves the batch: every member falls back to its own kind and
 * params and is proven alone. So one failed batch holds its intents for at most one lease, and can never hold them
 * again: a member that fell back is no longer waiting, so it never joins another batch.
 */
final class BatchRiders {
    private final Settlement settlement;

    BatchRiders(Settlement settlement) {
        this.settlement = settlement;
    }

    /**
     * Forms a batch of {@code members} (oldest first; the first leads): the lead takes {@code batchKind} and
     * {@code batchParams}, every member records {@code fallbackKind} with its own params to fall back to. Each member
     * must be a pending job waiting for a batch and in none yet; otherwise {@code CONFLICT} naming the job, and
     * nothing is written.
     */
    Job form(StoreTx tx, DeferredWrites deferred, List<JobId> members, String batchKind, String batchParams,
             String fallbackKind) {
        if (members.isEmpty()) {
            throw PouwException.invalid("members", "a batch needs at least one job");
        }
        if (members.stream().distinct().count() != members.size()) {
            throw PouwException.invalid("members", "a job is named twice");
        }
        Map<JobId, Job> locked = tx.jobs().findAllForUpdate(members).stream()
                .collect(Collectors.toMap(Job::jobId, Function.identity()));
        JobId lead = members.getFirst();
        List<BatchMember> rows = new ArrayList<>(members.size());
        for (JobId id : members) {
            Job job = locked.get(id);
            if (job == null) {
                throw PouwException.notFound("job " + id);
            }
            if (job.status() != JobStatus.PENDING || !BatchMember.WAITING_KIND.equals(job.kind())
                    || job.tier() != Tier.FULL) {
                throw new PouwException(Problem.CONFLICT, "job " + id + " is a " + job.status().wire() + " "
                        + job.kind() + " job of tier " + job.tier().wire() + ", not a pending job waiting for a batch");
            }
            if (tx.jobs().batchMembership(id).isPresent()) {
                throw new PouwException(Problem.CONFLICT, "job " + id + " is already in a batch");
            }
            rows.add(new BatchMember(id, lead, fallbackKind, job.params()));
        }
        tx.jobs().insertBatchMembers(rows);
        tx.jobs().rebind(lead, batchKind, batchParams);
        Job leader = locked.get(lead);
        for (JobId id : members) {
            Job job = locked.get(id);
            deferred.event(new EventDraft("job.batched", id, job.intentId(), EventData.of()
                    .put("lead_job_id", lead.hex()).put("members", members.size()).toString()));
        }
        return new Job(leader.jobId(), batchKind, leader.tier(), leader.status(), leader.intentId(),
                leader.traceHash(), leader.traceRef(), batchParams, leader.requester(), leader.feeBudget(),
                leader.rewardBudget(), leader.createdAtMs(), leader.createdSeq(), leader.leaseHolder(),
                leader.leaseToken(), leader.leaseExpiresAtMs(), leader.deadlineMs(), leader.maxRetries(),
                leader.attempts(), leader.completedAtMs(), leader.resultRef(), leader.lastError(),
                leader.commitment(), leader.challenge(), leader.resultInfo(), leader.price(), leader.collateral(),
                leader.forfeitsHeld());
    }

    /**
     * The lead's proof was accepted: completes every other member that still waits in its batch (a member whose
     * deadline passed meanwhile was refunded and is not paid), with the lead's prover, proof and verdict.
     */
    List<Settlement.Settled> settle(StoreTx tx, DeferredWrites deferred, Job lead, Did prover, String proofRef,
                                    Verdict verdict, long now) {
        if (lead.tier() != Tier.FULL) {
            return List.of(); // only full-tier jobs lead batches: no lookup for every other job
        }
        List<JobId> riders = tx.jobs().batchOf(lead.jobId()).stream().filter(member -> !member.isLead())
                .map(BatchMember::jobId).toList();
        List<Settlement.Settled> settled = new ArrayList<>(riders.size());
        for (Job rider : tx.jobs().findAllForUpdate(riders)) {
            if (rider.status() == JobStatus.PENDING && BatchMember.WAITING_KIND.equals(rider.kind())) {
                settled.add(settlement.complete(deferred, rider, prover, proofRef, verdict,
                        Settlement.NOT_VERIFIED_ALONE, now));
            }
        }
        return settled;
    }

    /** The lead's attempt ended without an accepted proof: the batch dissolves (see the class comment). */
    void dissolve(StoreTx tx, DeferredWrites deferred, Job lead, String why) {
        if (lead.tier() != Tier.FULL) {
            return;
        }
        List<BatchMember> members = tx.jobs().batchOf(lead.jobId());
        if (members.isEmpty()) {
            return;
        }
        for (BatchMember member : members) {
            tx.jobs().rebind(member.jobId(), member.fallbackKind(), member.fallbackParams());
        }
        tx.jobs().deleteBatch(lead.jobId());
        deferred.event(new EventDraft("job.unbatched", lead.jobId(), lead.intentId(), EventData.of()
                .put("members", members.size()).put("reason", why).toString()));
    }
}
