package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;

class InstructionTest {
    @Test
    void rejectsRegistersOutOfRange() {
        assertThatThrownBy(() -> Instruction.add(8, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r0..r7");
        assertThatThrownBy(() -> Instruction.mov(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonZeroUnusedFieldsSoEachInstructionHasOneEncoding() {
        assertThatThrownBy(() -> new Instruction(Opcode.HALT, 1, 0, 0, 0)).hasMessageContaining("halt has no operand d");
        assertThatThrownBy(() -> new Instruction(Opcode.MOV, 0, 0, 3, 0)).hasMessageContaining("no operand b");
        assertThatThrownBy(() -> new Instruction(Opcode.ADD, 0, 0, 0, 5)).hasMessageContaining("has no immediate");
    }

    @Test
    void rejectsNonCanonicalImmediatesAndFarTargets() {
        assertThatThrownBy(() -> Instruction.li(0, Goldilocks.P)).hasMessageContaining("not a field element");
        assertThatThrownBy(() -> Instruction.jmp(-1)).hasMessageContaining("jump target");
        assertThatThrownBy(() -> Instruction.jmp(Program.MAX_INSTRUCTIONS + 1)).hasMessageContaining("jump target");
    }

    @Test
    void programRejectsEmptyAndJumpsPastTheEnd() {
        assertThatThrownBy(Program::of).hasMessageContaining("at least one instruction");
        assertThatThrownBy(() -> Program.of(Instruction.jmp(2))).hasMessageContaining("beyond the end");
        assertThat(Program.of(Instruction.jmp(1)).size()).as("a jump to the end is allowed (and faults)").isEqualTo(1);
    }

    @Test
    void textShowsOperandsInSourceOrder() {
        assertThat(Instruction.jz(3, 7)).hasToString("jz r3 @7");
        assertThat(Instruction.addi(1, 2, Goldilocks.P - 1)).hasToString("addi r1 r2 18446744069414584320");
        assertThat(Instruction.halt().isJump()).isFalse();
        assertThatThrownBy(() -> Instruction.halt().target()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void opcodeLookups() {
        for (Opcode opcode : Opcode.values()) {
            assertThat(Opcode.fromCode(opcode.code())).contains(opcode);
            assertThat(Opcode.fromMnemonic(opcode.mnemonic().toUpperCase())).contains(opcode);
        }
        assertThat(Opcode.fromCode(0)).isEmpty();
        assertThat(Opcode.fromCode(13)).isEmpty();
    }
}
