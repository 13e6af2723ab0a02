package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Hex;

/**
 * Golden trace hashes, published in docs/trace-vectors.md (STYLE.md: golden data for formats that must not drift). If one
 * of these fails, the trace format, the program format or the VM semantics changed: every stored trace hash and job id
 * (ARCHITECTURE.md §5) would change with it. Do not update the hex; bump the format version instead.
 */
class TraceVectorsTest {
    static final String FIBONACCI = """
                    li r1 0
                    li r2 1
            loop:   jz r0 done
                    add r3 r1 r2
                    mov r1 r2
                    mov r2 r3
                    addi r0 r0 -1
                    jmp loop
            done:   halt
            """;

    static final String HARMONIC = """
                    li r1 0
            loop:   jz r0 done
                    inv r2 r0
                    add r1 r1 r2
                    addi r0 r0 -1
                    jmp loop
            done:   eqz r7 r1
                    halt
            """;

    static final String FAULT = """
                    li r1 7
                    mul r2 r0 r1
            """;

    @Test
    void vector1FibonacciHalts() {
        ExecutionResult result = Interpreter.run(Assembler.assemble(FIBONACCI), new long[] {10}, 100);
        assertThat(result.outcome()).isEqualTo(Outcome.HALTED);
        assertThat(result.trace().rowCount()).isEqualTo(65);
        assertThat(result.output()).containsExactly(0, 55, 89, 89, 0, 0, 0, 0);
        assertThat(Hex.encode(result.trace().programHash()))
                .isEqualTo("9f35f2c7fcc422a45c80ec907f683156ebe7fa659b0a60fe4011848590ed9226");
        assertThat(result.trace().hashHex())
                .isEqualTo("eeb81c43285c8d4da89bc975c5c2a16c998e7b7baf39d55f591cf5f1ed65e8cc");
    }

    @Test
    void vector2HarmonicRunsOutOfSteps() {
        ExecutionResult result = Interpreter.run(Assembler.assemble(HARMONIC), new long[] {5}, 12);
        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_STEPS);
        assertThat(result.trace().rowCount()).isEqualTo(13);
        assertThat(Hex.encode(result.trace().programHash()))
                .isEqualTo("ce4c9077652bb866aeb89f1946dc8e2884d36afe6bbee78871e95743c7ed6053");
        assertThat(result.trace().hashHex())
                .isEqualTo("ad2a207184dd05a846f6cf7b840ec6e9f4a62a392872abe1c934d015559fb228");
    }

    @Test
    void vector3FaultWithFullEncoding() {
        ExecutionResult result = Interpreter.run(Assembler.assemble(FAULT), new long[] {6}, 10);
        assertThat(result.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(result.trace().rowCount()).isEqualTo(3);
        assertThat(Hex.encode(Assembler.assemble(FAULT).encode()))
                .isEqualTo("50564d500100000002060100000000000000000007030200010000000000000000");
        String zero = "0000000000000000";
        assertThat(Hex.encode(result.trace().encode())).isEqualTo("50564d5401"
                + "25480fa3ea95feafa5e045b229e35dd446fe8fa7c28441d18b9aaee117f81400" + "08" + "00000003"
                + zero + "0000000000000006" + zero + zero + zero + zero + zero + zero + zero
                + "0000000000000001" + "0000000000000006" + "0000000000000007" + zero + zero + zero + zero + zero + zero
                + "0000000000000002" + "0000000000000006" + "0000000000000007" + "000000000000002a" + zero + zero
                + zero + zero + zero);
        assertThat(result.trace().hashHex())
                .isEqualTo("a3bf08b0ab471e37009dc997bd523ebb069435a74bd00636608893e13ce0a0c7");
    }

    @Test
    void theShippedSamplesAreTheVectorPrograms() {
        assertThat(Samples.program("fibonacci")).isEqualTo(Assembler.assemble(FIBONACCI));
        assertThat(Samples.program("harmonic")).isEqualTo(Assembler.assemble(HARMONIC));
    }
}
