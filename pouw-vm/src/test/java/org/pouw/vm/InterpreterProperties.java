package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class InterpreterProperties {
    @Provide
    Arbitrary<Program> programs() {
        return VmArbitraries.programs();
    }

    @Provide
    Arbitrary<long[]> inputs() {
        return VmArbitraries.inputs();
    }

    @Provide
    Arbitrary<VmState> states() {
        return VmArbitraries.states();
    }

    @Property(tries = 500)
    void anyValidProgramRunsToAnOutcomeWithinTheBound(@ForAll("programs") Program program,
                                                      @ForAll("inputs") long[] inputs,
                                                      @ForAll @IntRange(max = 300) int maxSteps) {
        ExecutionResult result = Interpreter.run(program, inputs, maxSteps);
        Trace trace = result.trace();
        assertThat(trace.rowCount()).isEqualTo(result.steps() + 1);
        assertThat(result.steps()).isBetween(0, maxSteps);
        int finalPc = result.finalState().pc();
        switch (result.outcome()) {
            case HALTED -> assertThat(program.instruction(finalPc).opcode()).isEqualTo(Opcode.HALT);
            case FAULT -> assertThat(finalPc).isGreaterThanOrEqualTo(program.size());
            case OUT_OF_STEPS -> {
                assertThat(result.steps()).isEqualTo(maxSteps);
                assertThat(finalPc).isLessThan(program.size());
            }
        }
        // Every row but the last is inside the program: a fault ends the run at once.
        for (int row = 0; row < trace.rowCount() - 1; row++) {
            assertThat(trace.cell(row, 0)).isLessThan(program.size());
        }
    }

    @Property(tries = 200)
    void runsAreDeterministic(@ForAll("programs") Program program, @ForAll("inputs") long[] inputs,
                              @ForAll @IntRange(max = 200) int maxSteps) {
        Trace first = Interpreter.run(program, inputs, maxSteps).trace();
        Trace second = Interpreter.run(ProgramCodec.decode(program.encode()), inputs.clone(), maxSteps).trace();
        assertThat(second).isEqualTo(first);
        assertThat(second.hash()).isEqualTo(first.hash());
    }

    @Property(tries = 300)
    void everySegmentReExecutesToItsSlice(@ForAll("programs") Program program, @ForAll("inputs") long[] inputs,
                                          @ForAll @IntRange(max = 200) int maxSteps,
                                          @ForAll @IntRange(min = 1, max = 40) int segmentSteps) {
        Trace trace = Interpreter.run(program, inputs, maxSteps).trace();
        List<TraceSegment> segments = trace.segments(segmentSteps);
        assertThat(segments).hasSize((trace.steps() + segmentSteps - 1) / segmentSteps);
        int nextRow = 0;
        for (TraceSegment segment : segments) {
            assertThat(segment.startRow()).isEqualTo(nextRow);
            assertThat(segment.steps()).isBetween(1, segmentSteps);
            Trace replay = Interpreter.runFrom(program, segment.start(), segment.steps()).trace();
            assertThat(replay).isEqualTo(trace.slice(segment.startRow(), segment.steps()));
            assertThat(replay.finalState()).isEqualTo(segment.end());
            nextRow = segment.endRow();
        }
        assertThat(nextRow).isEqualTo(trace.steps());
    }

    @Property(tries = 300)
    void runFromAnyStateNeverThrows(@ForAll("programs") Program program, @ForAll("states") VmState start,
                                    @ForAll @IntRange(max = 100) int maxSteps) {
        ExecutionResult result = Interpreter.runFrom(program, start, maxSteps);
        assertThat(result.trace().initialState()).isEqualTo(start);
    }
}
