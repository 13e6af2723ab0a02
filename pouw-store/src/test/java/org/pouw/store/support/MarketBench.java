package org.pouw.store.support;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.id.Did;
import org.pouw.core.job.BatchMember;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.job.Tier;
import org.pouw.core.ledger.Payments;
import org.pouw.core.market.DisciplineSettings;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.Storage;
import org.pouw.core.work.WorkKinds;

/** A job market over a storage with the echo kind, and the client-side steps the market tests repeat. */
public final class MarketBench {
    public static final String CLIENT = SampleJobs.did("client");
    /**
     * The default market, except that a prover's strike budget is out of reach: the market tests make one prover
     * fail many jobs on purpose. The discipline's own tests use the defaults (MarketDefensesContract).
     */
    public static final MarketSettings SETTINGS = MarketSettings.defaults().withDiscipline(
            new DisciplineSettings(1_000_000, 1_000_000, 600_000, 1_800_000, 3_600_000, 1_000_000, 600_000, 30_000, 64));

    private final Storage storage;
    private final JobMarket market;
    private final Payments payments;
    private int intents;

    public MarketBench(Storage storage, Clock clock) {
        this(storage, clock, new WorkKinds(List.of(new EchoKind(), new AuditedEchoKind())), MarketObserver.NONE);
    }

    /** A bench whose market verifies with {@code kinds} (knowing {@link EchoKind#NAME}), telling {@code observer}. */
    public MarketBench(Storage storage, Clock clock, WorkKinds kinds, MarketObserver observer) {
        this(storage, clock, kinds, observer, SETTINGS);
    }

    /** A bench whose market runs with {@code settings}. */
    public MarketBench(Storage storage, Clock clock, WorkKinds kinds, MarketObserver observer,
                       MarketSettings settings) {
        this.storage = storage;
        this.market = new JobMarket(storage, clock, kinds, settings, observer);
        this.payments = new Payments(storage, clock);
    }

    public JobMarket market() {
        return market;
    }

    /** {@code prover} submits the honest proof of the echo job it holds; the verdict must accept it. */
    public void prove(Did prover, Job job) {
        if (!market.submit(job.jobId(), prover, job.leaseToken(), EchoKind.proofFor(job.params())).verdict()
                .accepted()) {
            throw new AssertionError("the honest proof of job " + job.jobId() + " was refused");
        }
    }

    /**
     * {@code results} verified results by {@code prover} of echo jobs paid by {@code requester} at {@code fee}, one
     * lease of a minute at a time (what builds a reputation in the reputation tests).
     */
    public void earn(Did prover, String requester, long fee, int results) {
        for (int i = 0; i < results; i++) {
            openFor(requester, 1, fee);
            prove(prover, market.claim(prover, new ClaimRequest(List.of(EchoKind.NAME), List.of(), 1, 60_000))
                    .getFirst());
        }
    }

    public Payments payments() {
        return payments;
    }

    /** Gives {@code account} {@code amount} from the genesis account. */
    public void fund(String account, long amount) {
        payments.allocateGenesis(account, amount, "test-" + (++intents));
    }

    /** Opens an intent of {@code jobs} echo jobs paid by {@link #CLIENT}, whose trace is stored as a blob. */
    public IntentRecord open(int jobs, long fee) {
        return open(EchoKind.NAME, jobs, fee, "");
    }

    /**
     * Opens an intent of one commit → challenge → open job ({@link AuditedEchoKind}); {@code halfPay} makes its
     * verdict earn half the reward.
     */
    public IntentRecord openAudited(long fee, boolean halfPay) {
        return open(AuditedEchoKind.NAME, 1, fee, halfPay ? ",\"pay\":\"half\"" : "");
    }

    /**
     * Opens a {@code full} intent of one job waiting for a batch ({@link BatchMember#WAITING_KIND}); its params are
     * what an echo job of its own would ask, what it falls back to if its batch fails.
     */
    public IntentRecord openWaitingForBatch(long fee) {
        int number = ++intents;
        String traceRef = storage.blobs().put(("trace of intent " + number).getBytes());
        return market.open(new IntentDraft(Did.of(CLIENT), SampleJobs.hash("program"), "[1]", 1_000, Tier.FULL, fee,
                "[2]", 10, SampleJobs.hash32("trace-" + number), traceRef, List.of(new PlannedJob(
                        BatchMember.WAITING_KIND, SampleJobs.hash32("whole-" + number), traceRef,
                        "{\"intent\":" + number + "}"))));
    }

    /** Opens an intent of {@code jobs} echo jobs paid by {@code requester}. */
    public IntentRecord openFor(String requester, int jobs, long fee) {
        return open(requester, EchoKind.NAME, jobs, fee, "");
    }

    private IntentRecord open(String kind, int jobs, long fee, String extraParams) {
        return open(CLIENT, kind, jobs, fee, extraParams);
    }

    private IntentRecord open(String requester, String kind, int jobs, long fee, String extraParams) {
        int number = ++intents;
        String traceRef = storage.blobs().put(("trace of intent " + number).getBytes());
        List<PlannedJob> planned = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            planned.add(new PlannedJob(kind, SampleJobs.hash32("segment-" + number + "-" + i), traceRef,
                    "{\"intent\":" + number + ",\"segment\":" + i + extraParams + "}"));
        }
        return market.open(new IntentDraft(Did.of(requester), SampleJobs.hash("program"), "[1]", 1_000, Tier.MICRO, fee,
                "[2]", 10 * jobs, SampleJobs.hash32("trace-" + number), traceRef, planned));
    }
}
