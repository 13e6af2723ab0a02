package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;

class TraceTest {
    private static final Program COUNTDOWN = Assembler.assemble("top: jz r0 end\naddi r0 r0 -1\njmp top\nend: halt");
    private static final Trace TRACE = Interpreter.run(COUNTDOWN, new long[] {3}, 100).trace(); // 3·3 + 2 = 11 steps

    @Test
    void segmentsCoverTheStepsWithSharedBoundaryRows() {
        assertThat(TRACE.steps()).isEqualTo(11);
        List<TraceSegment> segments = TRACE.segments(4);
        assertThat(segments).extracting(TraceSegment::startRow).containsExactly(0, 4, 8);
        assertThat(segments).extracting(TraceSegment::steps).containsExactly(4, 4, 3);
        assertThat(segments).extracting(TraceSegment::index).containsExactly(0, 1, 2);
        assertThat(segments.get(0).end()).isEqualTo(segments.get(1).start()).isEqualTo(TRACE.row(4));
        assertThat(segments.get(2).end()).isEqualTo(TRACE.finalState());
        assertThat(TRACE.segments(100)).hasSize(1);
        assertThat(TRACE.segments(1)).hasSize(11);
    }

    @Test
    void aTraceOfNoStepsHasNoSegments() {
        assertThat(Interpreter.run(COUNTDOWN, new long[0], 0).trace().segments(5)).isEmpty();
        assertThatThrownBy(() -> TRACE.segments(0)).hasMessageContaining("segmentSteps");
    }

    @Test
    void sliceKeepsTheProgramHashAndTheRows() {
        Trace slice = TRACE.slice(4, 4);
        assertThat(slice.rowCount()).isEqualTo(5);
        assertThat(slice.programHash()).isEqualTo(COUNTDOWN.hash());
        assertThat(slice.row(0)).isEqualTo(TRACE.row(4));
        assertThat(slice.finalState()).isEqualTo(TRACE.row(8));
        assertThatThrownBy(() -> TRACE.slice(8, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofBuildsTheSameTraceAsTheInterpreter() {
        List<VmState> rows = new java.util.ArrayList<>();
        for (int i = 0; i < TRACE.rowCount(); i++) {
            rows.add(TRACE.row(i));
        }
        Trace rebuilt = Trace.of(COUNTDOWN.hash(), rows);
        assertThat(rebuilt).isEqualTo(TRACE).hasSameHashCodeAs(TRACE);
        assertThat(rebuilt.hashHex()).isEqualTo(TRACE.hashHex());
        assertThatThrownBy(() -> Trace.of(new byte[31], rows)).hasMessageContaining("programHash");
        assertThatThrownBy(() -> Trace.of(COUNTDOWN.hash(), List.of())).hasMessageContaining("1 to");
    }

    @Test
    void streamingHashEqualsHashOfTheEncodingAcrossChunkBoundaries() {
        Program loop = Assembler.assemble("top: addi r1 r1 1\njmp top");
        Trace longTrace = Interpreter.run(loop, new long[0], 5000).trace(); // several 1024-row chunks
        assertThat(longTrace.hash()).isEqualTo(Blake3.hash(longTrace.encode()));
    }

    @Test
    void stateIsImmutableAndEncodesTo72Bytes() {
        long[] registers = {1, 2, 3, 4, 5, 6, 7, 8};
        VmState state = new VmState(3, registers);
        registers[0] = 99;
        state.registers()[1] = 99;
        assertThat(state.registers()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(state.encode()).hasSize(72);
        assertThat(VmState.decode(state.encode())).isEqualTo(state);
        assertThatThrownBy(() -> VmState.decode(new byte[71])).isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> new VmState(0, new long[7])).hasMessageContaining("8 registers");
        assertThatThrownBy(() -> new VmState(-1, new long[8])).hasMessageContaining("pc -1");
    }
}
