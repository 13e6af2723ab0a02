package org.pouw.kinds.reexec;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Hash32;
import org.pouw.core.job.BatchMember;
import org.pouw.core.job.Tier;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.BlobStore;
import org.pouw.kinds.vmstark.VmStarkKind;
import org.pouw.kinds.vmstark.VmStarkParams;
import org.pouw.stark.air.vm.ProgramTable;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.vm.Assembler;
import org.pouw.vm.AssemblyException;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Outcome;
import org.pouw.vm.Program;
import org.pouw.vm.Trace;
import org.pouw.vm.TraceSegment;

/**
 * Executes an intent's program (§2: "execute (VM) → trace → blob store") and plans the jobs that prove it. On a
 * {@code reexec} node: one {@code reexec} job for the whole trace ({@code macro}) or one per segment of at most
 * {@code segmentSteps} steps ({@code micro}), each with its segment's start state as public data and its own trace
 * blob. On a {@code stark} node: {@code vm-stark} jobs, for the whole run or for segments that chain (issue 22).
 */
public final class ProgramExecution {
    private final BlobStore blobs;

    public ProgramExecution(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The program ran to a halt; its output, its trace and the jobs that will prove it. */
    public record Executed(String programRef, long[] output, int steps, Hash32 traceHash, String traceRef,
                           List<PlannedJob> jobs) {
    }

    /**
     * Assembles and runs the program for a {@code zk_mode = "reexec"} node. Bad programs, inputs or bounds are
     * {@link PouwException}s naming the field; a program that does not halt within {@code maxSteps} is
     * {@code EXECUTION_FAILED}.
     */
    public Executed execute(String source, long[] inputs, long maxSteps, Tier tier, int segmentSteps) {
        refuseFull(tier);
        Ran ran = run(source, inputs, maxSteps);
        String programRef = blobs.put(ran.program().encode());
        Trace trace = ran.result().trace();
        List<PlannedJob> jobs = new ArrayList<>();
        String traceRef = "";
        if (tier == Tier.MACRO) {
            traceRef = blobs.put(trace.encode());
            jobs.add(job(programRef, 0, 0, trace.steps(), trace, Hash32.of(trace.hashHex()), traceRef));
        } else {
            for (TraceSegment segment : trace.segments(segmentSteps)) {
                Trace slice = trace.slice(segment.startRow(), segment.steps());
                jobs.add(job(programRef, segment.index(), segment.startRow(), segment.steps(), slice,
                        Hash32.of(slice.hashHex()), blobs.put(slice.encode())));
            }
        }
        return new Executed(programRef, ran.result().output(), ran.result().steps(), Hash32.of(trace.hashHex()),
                traceRef, jobs);
    }

    /**
     * Assembles and runs the program for a {@code zk_mode = "stark"} node (issue 22): one {@code vm-stark} job proving
     * the whole run ({@code macro}), or ({@code micro}) one per segment of k = 2^j − 1 steps, the largest not above
     * {@code segmentSteps} but at least the program table's period less one, then a final segment ending on the
     * halt. Each job's params are the node's execution record of its segment, and its share of the fee is in
     * proportion to max(steps, P′) ({@link VmStarkKind#workUnits}). Programs above
     * {@link ProgramTable#MAX_INSTRUCTIONS} instructions are refused as {@code PROGRAM_INVALID}. A {@code full}
     * intent is one job of kind {@link BatchMember#WAITING_KIND} with the whole run's params, proven in a batch.
     */
    public Executed executeForStark(String source, long[] inputs, long maxSteps, Tier tier, int segmentSteps) {
        if (maxSteps > VmStatement.MAX_STEPS) {
            throw PouwException.invalid("max_steps", "a zk_mode = stark node proves at most " + VmStatement.MAX_STEPS
                    + " steps, got " + maxSteps);
        }
        Ran ran = run(source, inputs, maxSteps);
        Program program = ran.program();
        if (program.size() > ProgramTable.MAX_INSTRUCTIONS) {
            throw new PouwException(Problem.PROGRAM_INVALID, "program", "program: " + program.size()
                    + " instructions; a zk_mode = stark node proves programs of at most "
                    + ProgramTable.MAX_INSTRUCTIONS);
        }
        String programRef = blobs.put(program.encode());
        Trace trace = ran.result().trace();
        String traceRef = blobs.put(trace.encode());
        int total = trace.steps();
        if (tier == Tier.FULL) {
            // One job that waits for a batch: the node's batcher makes the oldest of a batch its lead (vm-batch);
            // the others ride on the lead's proof. Its params are the whole run, what it falls back to alone.
            VmStarkParams whole = new VmStarkParams(programRef, 0, trace.row(0), total, true, trace.row(total));
            return new Executed(programRef, ran.result().output(), total, Hash32.of(trace.hashHex()), traceRef,
                    List.of(new PlannedJob(BatchMember.WAITING_KIND, Hash32.of(trace.hashHex()), traceRef,
                            whole.toJson(), VmStarkKind.workUnits(total, program.size()),
                            VmStarkKind.needs(total, program.size()))));
        }
        int segment = tier == Tier.MACRO ? total : starkSegmentSteps(segmentSteps, program.size());
        List<PlannedJob> jobs = new ArrayList<>();
        for (int first = 0; first < total; first += segment) {
            int steps = Math.min(segment, total - first);
            boolean halts = first + steps == total;
            Trace slice = trace.slice(first, steps);
            VmStarkParams params = new VmStarkParams(programRef, first, trace.row(first), steps, halts,
                    trace.row(first + steps));
            String sliceRef = tier == Tier.MACRO ? traceRef : blobs.put(slice.encode());
            jobs.add(new PlannedJob(VmStarkKind.NAME, Hash32.of(slice.hashHex()), sliceRef, params.toJson(),
                    VmStarkKind.workUnits(steps, program.size()), VmStarkKind.needs(steps, program.size())));
        }
        return new Executed(programRef, ran.result().output(), total, Hash32.of(trace.hashHex()),
                tier == Tier.MACRO ? traceRef : "", jobs);
    }

    /** The largest 2^j − 1 ≤ {@code segmentSteps}, raised to at least the table's period less one, and at least 7. */
    static int starkSegmentSteps(int segmentSteps, int programSize) {
        int fits = Integer.highestOneBit(Math.max(1, segmentSteps) + 1) - 1;
        return Math.max(Math.max(fits, ProgramTable.period(programSize) - 1), 7);
    }

    private static void refuseFull(Tier tier) {
        if (tier == Tier.FULL) {
            throw PouwException.invalid("tier", "full (batched) intents are not offered yet; use macro or micro");
        }
    }

    /** A program and its halted run. */
    private record Ran(Program program, ExecutionResult result) {
    }

    private static Ran run(String source, long[] inputs, long maxSteps) {
        Program program;
        try {
            program = Assembler.assemble(source);
        } catch (AssemblyException e) {
            throw new PouwException(Problem.PROGRAM_INVALID, "program", "program: line " + e.line() + ": "
                    + e.problem());
        }
        if (maxSteps < 1 || maxSteps > Trace.MAX_STEPS) {
            throw PouwException.invalid("max_steps", "must be between 1 and " + Trace.MAX_STEPS);
        }
        ExecutionResult result;
        try {
            result = Interpreter.run(program, inputs, maxSteps);
        } catch (IllegalArgumentException e) {
            throw PouwException.invalid("inputs", e.getMessage());
        }
        if (result.outcome() != Outcome.HALTED) {
            throw new PouwException(Problem.EXECUTION_FAILED, "program", result.outcome() == Outcome.OUT_OF_STEPS
                    ? "program did not halt within max_steps = " + maxSteps
                    : "program faulted: pc left the program after " + result.steps() + " steps");
        }
        return new Ran(program, result);
    }

    private static PlannedJob job(String programRef, int segment, int startRow, int steps, Trace trace,
                                  Hash32 traceHash, String traceRef) {
        ReexecParams params = new ReexecParams(programRef, segment, startRow, steps, trace.initialState());
        return new PlannedJob(ReexecKind.NAME, traceHash, traceRef, params.toJson());
    }
}
