package org.pouw.vm;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.pouw.crypto.Goldilocks;

/** Generators shared by the property tests: field elements that hit the edges, valid instructions and programs. */
final class VmArbitraries {
    static final long P = Goldilocks.P;

    private VmArbitraries() {
    }

    /** Canonical elements, a third of them from the values where reductions go wrong. */
    static Arbitrary<Long> elements() {
        Arbitrary<Long> edges = Arbitraries.of(0L, 1L, 2L, P - 1, P - 2, 0xFFFF_FFFFL, 1L << 32, (1L << 32) + 1,
                1L << 63, (1L << 63) - 1, P - 0xFFFF_FFFFL, 0xFFFF_FFFE_FFFF_FFFFL);
        Arbitrary<Long> uniform = Arbitraries.longs().filter(Goldilocks::isCanonical);
        Arbitrary<Long> small = Arbitraries.longs().between(0, 1000);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, edges), net.jqwik.api.Tuple.of(2, uniform), net.jqwik.api.Tuple.of(1, small));
    }

    static Arbitrary<Integer> registers() {
        return Arbitraries.integers().between(0, VmState.REGISTERS - 1);
    }

    /** A valid instruction for a program of {@code size} instructions (jump targets in [0, size]). */
    static Arbitrary<Instruction> instructions(int size) {
        return Arbitraries.of(Opcode.class).flatMap(opcode -> Combinators.combine(
                registers(), registers(), registers(), elements(), Arbitraries.integers().between(0, size))
                .as((d, a, b, imm, target) -> new Instruction(opcode,
                        opcode.uses(OperandKind.D) ? d : 0,
                        opcode.uses(OperandKind.A) ? a : 0,
                        opcode.uses(OperandKind.B) ? b : 0,
                        opcode.uses(OperandKind.IMMEDIATE) ? imm : opcode.uses(OperandKind.TARGET) ? target : 0)));
    }

    static Arbitrary<Program> programs() {
        return Arbitraries.integers().between(1, 24).flatMap(size ->
                instructions(size).list().ofSize(size).map(Program::of));
    }

    /** Up to eight input values. */
    static Arbitrary<long[]> inputs() {
        return elements().list().ofMaxSize(VmState.REGISTERS)
                .map(values -> values.stream().mapToLong(Long::longValue).toArray());
    }

    static Arbitrary<VmState> states() {
        return Combinators.combine(Arbitraries.integers().between(0, 30), elements().list().ofSize(VmState.REGISTERS))
                .as((pc, registers) -> new VmState(pc, registers.stream().mapToLong(Long::longValue).toArray()));
    }

    /** A trace from running a random program, the kind of trace the node stores. */
    static Arbitrary<Trace> traces() {
        return Combinators.combine(programs(), inputs(), Arbitraries.integers().between(0, 60))
                .as((program, inputs, maxSteps) -> Interpreter.run(program, inputs, maxSteps).trace());
    }

    static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
