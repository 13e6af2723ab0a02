package org.pouw.core.market;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.CollateralLocks;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.StoreTx;
import org.pouw.crypto.Blake3;

/** Turns an executed intent into stored, funded jobs inside one transaction (ARCHITECTURE.md §2, §5). */
final class IntentOpening {
    private static final byte[] INTENT_DOMAIN = "pouw-intent-v1".getBytes(StandardCharsets.US_ASCII);

    private final StoreTx tx;
    private final MarketSettings settings;
    private final long now;

    IntentOpening(StoreTx tx, MarketSettings settings, long now) {
        this.tx = tx;
        this.settings = settings;
        this.now = now;
    }

    IntentRecord open(IntentDraft draft) {
        if (draft.fee() < 0) {
            throw PouwException.invalid("fee", "must be >= 0, got " + draft.fee());
        }
        String kind = draft.jobs().get(0).kind();
        long price = new DemandPricing(settings.basePrices(), settings.demand()).settle(tx, kind, now).price();
        long base = BasePrices.feeAt(price, draft.workUnits());
        if (draft.fee() < base) {
            // Checked before anything is written: a refused intent changes nothing.
            throw PouwException.invalid("fee", "must cover the base fee of " + (base == Long.MAX_VALUE ? "more than "
                    + Long.MAX_VALUE : base) + " for " + draft.workUnits() + " work units of " + kind + " at "
                    + price + " per 1000 work units, got " + draft.fee()
                    + " (GET /v1/pouw/market/quote)");
        }
        List<JobNeeds> needs = new ArrayList<>(draft.jobs().size());
        for (PlannedJob planned : draft.jobs()) {
            JobNeeds servable = checkServable(planned);
            needs.add(servable.withMachine(servable.machine().and(draft.machine())));
        }
        checkOpenWork(draft);
        long reserved = draft.fee() - base;
        long intentSeq = tx.jobs().nextSeq("intent", 1);
        IntentId intentId = intentId(draft.requester().text(), draft.traceHash(), intentSeq);
        int count = draft.jobs().size();
        long firstJobSeq = tx.jobs().nextSeq("job", count);

        long ledgerSeq = 0;
        if (draft.fee() > 0) {
            // The base part goes to the node at once; only the rest is reserved for provers and refundable.
            List<Posting> postings = new ArrayList<>(3);
            postings.add(new Posting(draft.requester().text(), -draft.fee()));
            if (reserved > 0) {
                postings.add(new Posting(Accounts.POOL_RESERVED, reserved));
            }
            if (base > 0) {
                postings.add(new Posting(Accounts.MARKET_BASE, base));
            }
            EntryDraft reservation = new EntryDraft(EntryKind.FEE_RESERVED, "fee:" + intentId, postings,
                    List.of(), "fee for intent " + intentId + (base > 0 ? " (base " + base + " kept)" : ""));
            ledgerSeq = PouwException.blaming("fee", () -> tx.ledger().append(reservation, now)).map(e -> e.seq())
                    .orElseThrow(() -> new IllegalStateException("intent " + intentId + " was funded twice"));
            CollateralLocks.requireCovered(tx, draft.requester().text(), "fee");
        }

        List<Job> jobs = new ArrayList<>(count);
        long[] fees = feeShares(reserved, draft.jobs());
        for (int i = 0; i < count; i++) {
            PlannedJob planned = draft.jobs().get(i);
            long seq = firstJobSeq + i;
            long jobFee = fees[i];
            JobId jobId = JobId.derive(intentId, planned.traceHash(), draft.tier(), seq);
            jobs.add(Job.pending(jobId, planned.kind(), draft.tier(), intentId, planned.traceHash(),
                    planned.traceRef(), planned.params(), draft.requester(), jobFee, settings.rewardFor(jobFee),
                    now, seq, now + settings.jobTtlMs(), settings.maxRetries()));
        }
        Intent intent = new Intent(intentId, draft.requester(), draft.programRef(), draft.inputs(),
                draft.maxSteps(), draft.tier(), draft.fee(), "proving", draft.output(), draft.steps(),
                draft.traceHash(), draft.traceRef(), jobs.stream().map(Job::jobId).toList(), now, ledgerSeq);
        tx.jobs().insertIntent(intent, draft.workUnits());
        for (int i = 0; i < count; i++) {
            tx.jobs().insert(jobs.get(i), draft.jobs().get(i).workUnits(), needs.get(i));
        }
        DeferredWrites deferred = new DeferredWrites();
        deferred.event(new EventDraft("intent.created", intentId, EventData.of()
                .put("requester", draft.requester().text()).put("steps", draft.steps()).put("fee", draft.fee())
                .put("base_fee", base)
                .put("jobs", count).put("tier", draft.tier().wire()).toString()));
        for (Job job : jobs) {
            deferred.event(new EventDraft("job.created", job.jobId(), intentId, EventData.of()
                    .put("kind", job.kind()).put("tier", job.tier().wire()).put("fee_budget", job.feeBudget())
                    .put("created_seq", job.createdSeq()).toString()));
        }
        deferred.flush(tx, now);
        long lastSeq = deferred.lastEventSeq();
        return IntentRecord.created(intent, jobs, ledgerSeq, lastSeq);
    }

    /**
     * Work no worker could deliver is refused at posting (issue 27, item 3): a job needing more memory than any
     * worker this node admits may declare, or whose worst-case proof or opening would not fit the node's upload
     * limit, would only sit in the queue with its client's fee held until it expired. Refused naming the field the
     * job's size follows from, before anything is written. So is a job that, at the slowest speed assumed of its
     * kind, would not finish before its deadline or within {@code market.max_job_seconds}: a fresh worker is
     * offered only what it can finish in time, so no worker would ever be offered it. Its needs come back with that
     * time stated, for matching by time at claims.
     */
    private JobNeeds checkServable(PlannedJob planned) {
        JobCaps caps = settings.jobCaps();
        JobNeeds needs = planned.needs().withSlowestMs(caps.slowestMs(planned.kind(), planned.workUnits()));
        String field = needs.sizeField().isEmpty() ? "intent" : needs.sizeField();
        if (needs.slowestMs() > Math.min(caps.maxJobMs(), settings.jobTtlMs())) {
            boolean ttl = settings.jobTtlMs() <= caps.maxJobMs();
            throw PouwException.invalid(field, "a " + planned.kind() + " job of " + planned.workUnits()
                    + " work units takes " + needs.slowestMs() + " ms at the slowest speed assumed of a worker ("
                    + caps.slowestUnitsPerSecond().get(planned.kind()) + " a second, market.slowest_units_per_second); "
                    + (ttl ? "its deadline falls " + settings.jobTtlMs() + " ms after posting (market.job_ttl_ms)"
                    : "this node takes jobs of at most " + caps.maxJobMs() / 1_000 + " s (market.max_job_seconds)")
                    + ", so no worker could be offered it");
        }
        if (needs.memoryMb() > caps.memoryMb()) {
            throw PouwException.invalid(field, "a " + planned.kind() + " job of this size needs " + needs.memoryMb()
                    + " MiB of memory; this node takes jobs of at most " + caps.memoryMb()
                    + " MiB (market.max_job_memory_mb), so no worker could run it");
        }
        if (needs.resultBytes() > caps.resultBytes()) {
            throw PouwException.invalid(field, "a " + planned.kind() + " job of this size may need a result of "
                    + needs.resultBytes() + " bytes uploaded; this node accepts at most " + caps.resultBytes()
                    + " (http.max_upload_bytes), so no worker could deliver it");
        }
        return needs;
    }

    /**
     * Pending work per identity is capped (issue 27, item 1): one requester cannot fill the queue, whatever it pays,
     * and so cannot alone push a demand price up. The intent's work units are counted with the requester's open intents
     * (the store serialises one requester's posts); over the cap it is refused before anything is written, with the
     * numbers, as a 429: it may pass once some of the open work is proven or expires.
     */
    private void checkOpenWork(IntentDraft draft) {
        long cap = settings.maxOpenSteps();
        if (cap == MarketSettings.NO_CAP) {
            return;
        }
        String requester = draft.requester().text();
        long open = tx.jobs().openStepsOf(requester);
        if (draft.workUnits() > cap - Math.min(open, cap)) {
            throw new PouwException(Problem.RATE_LIMITED, null, "requester " + requester + " has " + open
                    + " work units open; this intent's " + draft.workUnits() + " would pass the cap of " + cap
                    + " per requester (market.max_open_steps_per_requester); post it once some of that work is"
                    + " proven or expired");
        }
    }

    /**
     * The fee split in proportion to each job's work units, rounded down, with what rounding leaves going to the first
     * job, so the shares add up to the fee exactly (jobs of one unit each get fee / count, as before work units).
     * Exact integer arithmetic: fee × units can exceed a long.
     */
    static long[] feeShares(long fee, List<PlannedJob> planned) {
        BigInteger total = BigInteger.ZERO;
        for (PlannedJob job : planned) {
            total = total.add(BigInteger.valueOf(job.workUnits()));
        }
        long[] shares = new long[planned.size()];
        long given = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = BigInteger.valueOf(fee).multiply(BigInteger.valueOf(planned.get(i).workUnits()))
                    .divide(total).longValueExact();
            given += shares[i];
        }
        shares[0] += fee - given;
        return shares;
    }

    /** The requester counts as its UTF-8 text, length-prefixed (docs/test-vectors.md). */
    static IntentId intentId(String requester, Hash32 traceHash, long seq) {
        byte[] who = requester.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(INTENT_DOMAIN.length + 4 + who.length + 32 + 8);
        input.put(INTENT_DOMAIN).putInt(who.length).put(who).put(traceHash.bytes()).putLong(seq);
        return IntentId.of(Blake3.hash(input.array()));
    }
}
