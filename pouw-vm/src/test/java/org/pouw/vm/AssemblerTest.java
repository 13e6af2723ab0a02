package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;

class AssemblerTest {
    private static final long P = Goldilocks.P;

    @Test
    void assemblesEveryInstructionForm() {
        Program program = Assembler.assemble("""
                start: add r1 r2 r3
                sub r4, r5, r6
                MUL R7 R0 R1
                addi r1 r1 -1
                muli r2 r3 0xff
                li r0 18446744069414584320
                mov r1 r2
                inv r3 r4
                eqz r5 r6
                jz r0 start
                Jmp end
                halt
                end:
                """);
        assertThat(program.instructions()).containsExactly(
                Instruction.add(1, 2, 3),
                Instruction.sub(4, 5, 6),
                Instruction.mul(7, 0, 1),
                Instruction.addi(1, 1, P - 1),
                Instruction.muli(2, 3, 255),
                Instruction.li(0, P - 1),
                Instruction.mov(1, 2),
                Instruction.inv(3, 4),
                Instruction.eqz(5, 6),
                Instruction.jz(0, 0),
                Instruction.jmp(12),
                Instruction.halt());
    }

    @Test
    void ignoresCommentsBlankLinesAndCarriageReturns() {
        Program program = Assembler.assemble("# header\r\n\r\n   \tli r0 5   # five\r\nhalt\r\n#end");
        assertThat(program.instructions()).containsExactly(Instruction.li(0, 5), Instruction.halt());
    }

    @Test
    void labelsMayShareALineAndStack() {
        Program program = Assembler.assemble("a: b: jmp b\nc:\nd: jz r3 a");
        assertThat(program.instructions()).containsExactly(Instruction.jmp(0), Instruction.jz(3, 0));
    }

    @Test
    void negativeImmediatesWrapToPMinusMagnitude() {
        assertThat(Assembler.assemble("li r0 -18446744069414584320").instruction(0).imm()).isEqualTo(1);
        assertThat(Assembler.assemble("li r0 -0").instruction(0).imm()).isZero();
        assertThat(Assembler.assemble("li r0 0xFFFFFFFF00000000").instruction(0).imm()).isEqualTo(P - 1);
    }

    @Test
    void unknownMnemonic() {
        assertError("li r0 1\n\n  ad r1 r2 r3", 3, "unknown mnemonic 'ad'");
    }

    @Test
    void wrongOperandCount() {
        assertError("add r1 r2", 1, "'add' takes 3 operands (add d a b), got 2");
        assertError("li r0 1\nhalt r0", 2, "'halt' takes 0 operands (halt), got 1");
        assertError("# x\njmp", 2, "'jmp' takes 1 operand (jmp label), got 0");
    }

    @Test
    void badRegister() {
        assertError("li r0 1\nmov r8 r1", 2, "bad register 'r8' (registers are r0..r7)");
        assertError("add r1 x r2", 1, "bad register 'x'");
    }

    @Test
    void immediateOutOfRange() {
        assertError("li r0 18446744069414584321", 1, "immediate '18446744069414584321' out of range");
        assertError("\nli r0 -18446744069414584321", 2, "out of range");
        assertError("li r0 0xFFFFFFFF00000001", 1, "out of range");
        assertError("li r0 " + "9".repeat(500), 1, "out of range");
    }

    @Test
    void badImmediate() {
        assertError("li r0 12a", 1, "bad immediate '12a'");
        assertError("li r0 0x", 1, "bad immediate '0x'");
        assertError("li r0 -0x5", 1, "hex immediates cannot be negative");
        assertError("li r0 ١٢", 1, "bad immediate"); // non-ASCII digits are not numbers here
    }

    @Test
    void undefinedLabel() {
        assertError("li r0 1\njz r0 nowhere\nhalt", 2, "undefined label 'nowhere'");
    }

    @Test
    void duplicateLabel() {
        assertError("top: li r0 1\nhalt\n\ntop:", 4, "duplicate label 'top' (first defined on line 1)");
    }

    @Test
    void badLabel() {
        assertError("1abc: halt", 1, "bad label '1abc'");
        assertError("halt\njmp 3", 2, "bad label '3'");
    }

    @Test
    void aLineOfOnlySeparatorsIsNotAnInstruction() {
        assertError("halt\n , ,", 2, "expected an instruction, got ', ,'");
    }

    @Test
    void emptyProgram() {
        assertError("", 1, "empty program");
        assertError("# only a comment\nlabel:\n", 1, "empty program");
    }

    private static void assertError(String source, int line, String problem) {
        assertThatThrownBy(() -> Assembler.assemble(source))
                .isInstanceOfSatisfying(AssemblyException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).startsWith("line " + line + ": ");
                })
                .isInstanceOf(IllegalArgumentException.class);
    }
}
