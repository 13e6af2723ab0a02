package org.pouw.vm;

import org.pouw.crypto.Goldilocks;

/**
 * Turns a {@link Program} back into assembly source that {@link Assembler#assemble} maps to an equal program.
 *
 * <p>Jump targets get generated labels {@code L<index>} on a line of their own; immediates are written as unsigned
 * decimal, so a program decoded from bytes can be shown to a person and re-assembled without loss.
 */
public final class Disassembler {
    private Disassembler() {
    }

    public static String disassemble(Program program) {
        boolean[] isTarget = new boolean[program.size() + 1];
        for (Instruction instruction : program.instructions()) {
            if (instruction.isJump()) {
                isTarget[instruction.target()] = true;
            }
        }
        StringBuilder source = new StringBuilder("# program ").append(program.hashHex()).append('\n');
        for (int index = 0; index <= program.size(); index++) {
            if (isTarget[index]) {
                source.append(label(index)).append(":\n");
            }
            if (index < program.size()) {
                source.append("    ").append(line(program.instruction(index))).append('\n');
            }
        }
        return source.toString();
    }

    private static String line(Instruction instruction) {
        StringBuilder text = new StringBuilder(instruction.opcode().mnemonic());
        for (OperandKind kind : instruction.opcode().operands()) {
            text.append(' ').append(switch (kind) {
                case D -> "r" + instruction.d();
                case A -> "r" + instruction.a();
                case B -> "r" + instruction.b();
                case IMMEDIATE -> Goldilocks.toString(instruction.imm());
                case TARGET -> label(instruction.target());
            });
        }
        return text.toString();
    }

    private static String label(int index) {
        return "L" + index;
    }
}
