package org.pouw.stark.air.vm;

import static org.pouw.stark.air.vm.VmBatchAir.COUNT;
import static org.pouw.stark.air.vm.VmBatchAir.EMIT;
import static org.pouw.stark.air.vm.VmBatchAir.FIRST;
import static org.pouw.stark.air.vm.VmBatchAir.RST;
import static org.pouw.stark.air.vm.VmBatchAir.TAG;
import static org.pouw.stark.air.vm.VmColumns.MULT;
import static org.pouw.stark.air.vm.VmColumns.PC;
import static org.pouw.stark.air.vm.VmColumns.REG;

import java.util.List;
import org.pouw.crypto.Goldilocks;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Outcome;
import org.pouw.vm.Program;
import org.pouw.vm.Trace;
import org.pouw.vm.VmState;

/**
 * Fills the batch AIR's main trace from the halted runs of a batch's intents, in order: each intent's steps, then
 * its end row (the state after the halt: done, emit and, unless it is the last intent, reset), then pad rows after
 * the last intent up to the trace length. The interpreter decides what happens; this only writes it down.
 */
public final class VmBatchTraceBuilder {
    private VmBatchTraceBuilder() {
    }

    /**
     * @throws IllegalArgumentException when a run did not halt, or the lists differ in length
     */
    public static long[][] build(List<Program> programs, List<ExecutionResult> runs, BatchProgramTable table,
                                 int traceLength) {
        if (programs.size() != runs.size()) {
            throw new IllegalArgumentException(programs.size() + " programs for " + runs.size() + " runs");
        }
        long[][] trace = new long[VmBatchAir.WIDTH][traceLength];
        int row = 0;
        for (int tag = 0; tag < runs.size(); tag++) {
            ExecutionResult run = runs.get(tag);
            if (run.outcome() != Outcome.HALTED) {
                throw new IllegalArgumentException("intent " + tag + " did not halt (" + run.outcome()
                        + "); only halted runs can be batched");
            }
            Program program = programs.get(tag);
            Trace states = run.trace();
            trace[FIRST][row] = 1;
            for (int step = 0; step <= states.steps(); step++, row++) {
                VmState state = states.row(step);
                writeState(trace, row, state, tag, step);
                if (step < states.steps()) {
                    VmTraceBuilder.decode(trace, row, program.instruction(state.pc()), state);
                    int slot = table.slot(tag, state.pc());
                    trace[MULT][slot] = Goldilocks.add(trace[MULT][slot], 1);
                } else {
                    VmTraceBuilder.decodePad(trace, row, state);
                    trace[EMIT][row] = 1;
                    trace[RST][row] = tag < runs.size() - 1 ? 1 : 0;
                }
            }
        }
        ExecutionResult last = runs.getLast();
        VmState end = last.finalState();
        for (; row < traceLength; row++) {
            writeState(trace, row, end, runs.size() - 1, last.steps());
            VmTraceBuilder.decodePad(trace, row, end);
        }
        return trace;
    }

    private static void writeState(long[][] trace, int row, VmState state, int tag, int count) {
        trace[PC][row] = state.pc();
        for (int j = 0; j < VmState.REGISTERS; j++) {
            trace[REG + j][row] = state.register(j);
        }
        trace[TAG][row] = tag;
        trace[COUNT][row] = count;
    }
}
