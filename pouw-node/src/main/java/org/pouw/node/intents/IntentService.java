package org.pouw.node.intents;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.pouw.core.PouwException;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.MachineNeeds;
import org.pouw.core.job.Tier;
import org.pouw.core.market.IdempotencyKey;
import org.pouw.core.market.IntentDraft;
import org.pouw.core.market.IntentRecord;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.PlannedJob;
import org.pouw.kinds.hashchain.HashChainIntents;
import org.pouw.kinds.mltrain.MlTrainIntents;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.node.config.PouwMode;
import org.pouw.node.config.ZkMode;
import org.pouw.node.pool.OwnWorkers;

/**
 * Executes intents and turns them into proof jobs (ARCHITECTURE.md §2). In {@code disabled} mode there is no
 * queue to wait in: the node proves and verifies the jobs itself before answering, with the same worker loop and
 * market calls a worker makes ({@link OwnWorkers}), so the same checks and ledger postings apply.
 */
public final class IntentService {
    private final JobMarket market;
    private final ProgramExecution execution;
    private final HashChainIntents hashChains;
    private final MlTrainIntents training;
    private final PouwMode mode;
    private final ZkMode zkMode;
    private final int segmentSteps;
    private final long maxSteps;
    private final long batchStepBudget;
    private final OwnWorkers ownWorkers;

    public IntentService(JobMarket market, ProgramExecution execution, HashChainIntents hashChains,
                         MlTrainIntents training, PouwMode mode, ZkMode zkMode, int segmentSteps, long maxSteps,
                         long batchStepBudget, OwnWorkers ownWorkers) {
        this.market = market;
        this.execution = execution;
        this.hashChains = hashChains;
        this.training = training;
        this.mode = mode;
        this.zkMode = zkMode;
        this.segmentSteps = segmentSteps;
        this.maxSteps = maxSteps;
        this.batchStepBudget = batchStepBudget;
        this.ownWorkers = ownWorkers;
    }

    /** A hash-chain intent: one job proving y = H^steps(seed) with a STARK; the output is known at once. */
    public IntentRecord submitHashChain(String requester, String seed, long steps, long fee, IdempotencyKey key) {
        return submitHashChain(requester, seed, steps, fee, MachineNeeds.NONE, key);
    }

    /** {@link #submitHashChain}, its job requiring {@code machine} of its prover (issue 27, item 3). */
    public IntentRecord submitHashChain(String requester, String seed, long steps, long fee, MachineNeeds machine,
                                        IdempotencyKey key) {
        if (fee < 0) {
            throw PouwException.invalid("fee", "must be >= 0, got " + fee);
        }
        Optional<IntentRecord> earlier = replay(requester, key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        IntentRecord record = open(key, hashChainDraft(requester, seed, steps, fee).requiring(machine));
        if (mode == PouwMode.DISABLED && !record.isReplay()) {
            proveInline(record);
        }
        return record;
    }

    /** A hash-chain intent planned, not yet posted: checked and its job planned, as {@link #submitHashChain}. */
    public IntentDraft hashChainDraft(String requester, String seed, long steps, long fee) {
        if (fee < 0) {
            throw PouwException.invalid("fee", "must be >= 0, got " + fee);
        }
        HashChainIntents.Planned planned = hashChains.plan(seed, steps);
        return new IntentDraft(Did.of(requester), "", decimalArray(planned.chain().seed()),
                steps, Tier.MACRO, fee, decimalArray(planned.chain().output()), steps,
                planned.job().traceHash(), planned.job().traceRef(), List.of(planned.job()));
    }

    /**
     * Posts several intents at once (issue 26): each is checked and executed as a single post would be, a refusal
     * naming its item ({@code intents[i].field}) before anything is written; then all are opened in ONE transaction
     * ({@link JobMarket#openAll}), all or none. Answers in the order given.
     */
    public List<IntentRecord> submitAll(List<Supplier<IntentDraft>> items) {
        List<IntentDraft> drafts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                drafts.add(items.get(i).get());
            } catch (PouwException refused) {
                throw refused.inItem("intents", i);
            }
        }
        return openAll("intents", drafts, (tx, opened) -> List.of());
    }

    /**
     * Opens planned intents in ONE transaction with what {@code alongside} writes there ({@link JobMarket#openAll(
     * String, List, JobMarket.Alongside)}): all or none, a refusal naming {@code list[i]}. In {@code disabled} mode
     * they are proven after the commit, before the answer, as a single post's are.
     */
    public List<IntentRecord> openAll(String list, List<IntentDraft> drafts, JobMarket.Alongside alongside) {
        List<IntentRecord> records = market.openAll(list, drafts, alongside);
        if (mode == PouwMode.DISABLED) {
            records.forEach(this::proveInline);
        }
        return records;
    }

    /**
     * An ML training task (ml-train): one job training the task's whole run on datasets already stored with
     * {@link MlTrainIntents#storeDataset}; the fee is the task's own. The intent's output stays empty until the
     * job completes; the trained model's quality is then recorded with the job.
     */
    public IntentRecord submitTraining(String requester, byte[] encodedTask, String trainBlob, String heldOutBlob,
                                       String initBlob, IdempotencyKey key) {
        Optional<IntentRecord> earlier = replay(requester, key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return openTraining(requester, training.plan(encodedTask, trainBlob, heldOutBlob, initBlob), key);
    }

    /** {@link #submitTraining} for a task the node completes from a spec (see {@link MlTrainIntents.TaskBuilder}). */
    public IntentRecord submitTrainingSpec(String requester, MlTrainIntents.TaskBuilder spec, String trainBlob,
                                           String heldOutBlob, String initBlob, IdempotencyKey key) {
        Optional<IntentRecord> earlier = replay(requester, key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return openTraining(requester, training.plan(spec, trainBlob, heldOutBlob, initBlob, "spec"), key);
    }

    /** An ML training task planned, not yet posted: checked and its job planned, as {@link #submitTraining}. */
    public IntentDraft trainingDraft(String requester, byte[] encodedTask, String trainBlob, String heldOutBlob) {
        return trainingDraft(requester, training.plan(encodedTask, trainBlob, heldOutBlob, null));
    }

    private static IntentDraft trainingDraft(String requester, MlTrainIntents.Planned planned) {
        return new IntentDraft(Did.of(requester), planned.job().traceRef(), "[]", planned.task().steps(),
                Tier.MACRO, planned.task().fee(), "[]", planned.task().steps(), planned.job().traceHash(),
                planned.job().traceRef(), List.of(planned.job()), MlTrainIntents.workUnits(planned.task()));
    }

    private IntentRecord openTraining(String requester, MlTrainIntents.Planned planned, IdempotencyKey key) {
        IntentRecord record = open(key, trainingDraft(requester, planned));
        if (mode == PouwMode.DISABLED && !record.isReplay()) {
            proveInline(record);
        }
        return record;
    }

    public MlTrainIntents training() {
        return training;
    }

    public IntentRecord submit(IntentRequest request, IdempotencyKey key) {
        return submit(request, MachineNeeds.NONE, key);
    }

    /** {@link #submit}, its jobs requiring {@code machine} of their provers (issue 27, item 3). */
    public IntentRecord submit(IntentRequest request, MachineNeeds machine, IdempotencyKey key) {
        checkProgram(request);
        Optional<IntentRecord> earlier = replay(request.requester(), key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        IntentRecord record = open(key, executed(request).requiring(machine));
        if (mode == PouwMode.DISABLED && !record.isReplay()) {
            proveInline(record);
        }
        return record;
    }

    /** A program intent checked and executed, not yet posted, as {@link #submit} does before it posts. */
    public IntentDraft programDraft(IntentRequest request) {
        checkProgram(request);
        return executed(request);
    }

    private void checkProgram(IntentRequest request) {
        if (request.maxSteps() > maxSteps) {
            throw PouwException.invalid("max_steps", "must be at most " + maxSteps + " (intents.max_steps), got "
                    + request.maxSteps());
        }
        if (request.fee() < 0) {
            throw PouwException.invalid("fee", "must be >= 0, got " + request.fee());
        }
        if (request.tier() == Tier.FULL && zkMode == ZkMode.STARK) {
            if (mode == PouwMode.DISABLED) {
                throw PouwException.invalid("tier", "full (batched) intents need a queue to batch in; a node in "
                        + "pouw_mode = disabled proves each intent at once: use macro or micro");
            }
            if (request.maxSteps() > batchStepBudget) {
                throw PouwException.invalid("max_steps", "a full intent must fit one batch: at most " + batchStepBudget
                        + " (intents.batch_step_budget), got " + request.maxSteps());
            }
        }
    }

    private IntentDraft executed(IntentRequest request) {
        // a stark node proves program intents with the VM AIR (one vm-stark job); a reexec node re-executes them
        ProgramExecution.Executed executed = zkMode == ZkMode.STARK
                ? execution.executeForStark(request.program(), request.inputs(), request.maxSteps(), request.tier(),
                        segmentSteps)
                : execution.execute(request.program(), request.inputs(), request.maxSteps(), request.tier(),
                        segmentSteps);
        return new IntentDraft(Did.of(request.requester()), executed.programRef(),
                decimalArray(request.inputs()), request.maxSteps(), request.tier(), request.fee(),
                decimalArray(executed.output()), executed.steps(), executed.traceHash(), executed.traceRef(),
                executed.jobs(), zkMode == ZkMode.STARK ? traceRows(executed.jobs()) : Math.max(1, executed.steps()));
    }

    /**
     * A proven program's work units (issue 27, item 1): the trace rows its proofs carry, each job's max(steps, P′)
     * ({@code VmStarkKind.workUnits}), so a short run of a long program pays for the program table its proof holds.
     */
    private static long traceRows(List<PlannedJob> jobs) {
        long rows = 0;
        for (PlannedJob job : jobs) {
            rows = Math.addExact(rows, job.workUnits());
        }
        return Math.max(1, rows);
    }

    /**
     * The intent created earlier under {@code key} (null: no key), looked up before any work is done; a key used for
     * another request is a 409 naming {@code Idempotency-Key}.
     */
    private Optional<IntentRecord> replay(String requester, IdempotencyKey key) {
        return key == null ? Optional.empty() : market.replay(Did.of(requester), key);
    }

    private IntentRecord open(IdempotencyKey key, IntentDraft draft) {
        return key == null ? market.open(draft) : market.open(draft, key);
    }

    /** Proves this intent's jobs as the node itself, through the market like any worker, before answering. */
    private void proveInline(IntentRecord record) {
        ownWorkers.proveUntilDone(record.intent().jobIds().stream().map(JobId::hex).toList());
    }

    static String decimalArray(long[] values) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(Long.toUnsignedString(values[i])).append('"');
        }
        return json.append(']').toString();
    }
}
