package org.pouw.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns assembly source into a {@link Program} (ARCHITECTURE.md §7).
 *
 * <p>Syntax, one instruction per line:
 * <pre>
 * # Fibonacci: r0 = n, leaves F(n) in r1      ← '#' starts a comment, to the end of the line
 *         li r1 0                             ← mnemonic, then operands separated by spaces or commas
 *         li r2 1
 * loop:   jz r0 done                          ← "label:" names the next instruction; it may share its line
 *         add r3 r1 r2
 *         mov r1 r2
 *         mov r2 r3
 *         addi r0 r0 -1                       ← immediates: decimal (−n means p − n) or 0x-hex, magnitude &lt; p
 *         jmp loop
 * done:
 *         HALT                                ← mnemonics and register names ignore case; labels do not
 * </pre>
 * Labels are {@code [A-Za-z_][A-Za-z0-9_]*}; a label after the last instruction names the end of the program, and
 * jumping there is a fault. Every problem is an {@link AssemblyException} naming the 1-based line.
 */
public final class Assembler {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REGISTER = Pattern.compile("[rR][0-7]");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private Assembler() {
    }

    /**
     * The program this source describes.
     *
     * @throws AssemblyException on the first problem, with its line number
     */
    public static Program assemble(String source) {
        Objects.requireNonNull(source, "source");
        Map<String, Integer> labelIndex = new HashMap<>();
        Map<String, Integer> labelLine = new HashMap<>();
        List<SourceLine> statements = new ArrayList<>();

        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String rest = withoutComment(lines[i]).strip();
            int colon;
            while ((colon = rest.indexOf(':')) >= 0) {
                String label = rest.substring(0, colon).strip();
                if (!LABEL.matcher(label).matches()) {
                    throw new AssemblyException(lineNumber, "bad label '" + label
                            + "' (labels are letters, digits and '_', not starting with a digit)");
                }
                Integer firstLine = labelLine.putIfAbsent(label, lineNumber);
                if (firstLine != null) {
                    throw new AssemblyException(lineNumber, "duplicate label '" + label + "' (first defined on line "
                            + firstLine + ")");
                }
                labelIndex.put(label, statements.size());
                rest = rest.substring(colon + 1).strip();
            }
            if (!rest.isEmpty()) {
                if (statements.size() == Program.MAX_INSTRUCTIONS) {
                    throw new AssemblyException(lineNumber, "program too long: more than " + Program.MAX_INSTRUCTIONS
                            + " instructions");
                }
                statements.add(new SourceLine(lineNumber, tokens(rest, lineNumber)));
            }
        }
        if (statements.isEmpty()) {
            throw new AssemblyException(1, "empty program: no instructions");
        }

        List<Instruction> instructions = new ArrayList<>(statements.size());
        for (SourceLine statement : statements) {
            instructions.add(statement.toInstruction(labelIndex));
        }
        return Program.of(instructions);
    }

    /** Mnemonic and operands; separators around them are insignificant, but a line of only separators is wrong. */
    private static String[] tokens(String statement, int line) {
        String[] tokens = Arrays.stream(SEPARATORS.split(statement)).filter(token -> !token.isEmpty())
                .toArray(String[]::new);
        if (tokens.length == 0) {
            throw new AssemblyException(line, "expected an instruction, got '" + statement + "'");
        }
        return tokens;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** One instruction's tokens, mnemonic first, with the line they came from. */
    private record SourceLine(int line, String[] tokens) {
        Instruction toInstruction(Map<String, Integer> labels) {
            String mnemonic = tokens[0];
            Opcode opcode = Opcode.fromMnemonic(mnemonic)
                    .orElseThrow(() -> new AssemblyException(line, "unknown mnemonic '" + mnemonic + "'"));
            List<OperandKind> kinds = opcode.operands();
            int given = tokens.length - 1;
            if (given != kinds.size()) {
                throw new AssemblyException(line, "'" + opcode.mnemonic() + "' takes " + kinds.size() + " operand"
                        + (kinds.size() == 1 ? "" : "s") + " (" + form(opcode) + "), got " + given);
            }
            int d = 0;
            int a = 0;
            int b = 0;
            long imm = 0;
            for (int i = 0; i < kinds.size(); i++) {
                String token = tokens[i + 1];
                switch (kinds.get(i)) {
                    case D -> d = register(token);
                    case A -> a = register(token);
                    case B -> b = register(token);
                    case IMMEDIATE -> imm = ImmediateParser.parse(token, line);
                    case TARGET -> imm = target(token, labels);
                }
            }
            return new Instruction(opcode, d, a, b, imm);
        }

        private int register(String token) {
            if (!REGISTER.matcher(token).matches()) {
                throw new AssemblyException(line, "bad register '" + token + "' (registers are r0..r7)");
            }
            return token.charAt(1) - '0';
        }

        private int target(String token, Map<String, Integer> labels) {
            if (!LABEL.matcher(token).matches()) {
                throw new AssemblyException(line, "bad label '" + token
                        + "' (labels are letters, digits and '_', not starting with a digit)");
            }
            Integer index = labels.get(token);
            if (index == null) {
                throw new AssemblyException(line, "undefined label '" + token + "'");
            }
            return index;
        }

        private static String form(Opcode opcode) {
            StringBuilder form = new StringBuilder(opcode.mnemonic());
            for (OperandKind kind : opcode.operands()) {
                form.append(' ').append(switch (kind) {
                    case D -> "d";
                    case A -> "a";
                    case B -> "b";
                    case IMMEDIATE -> "imm";
                    case TARGET -> "label";
                });
            }
            return form.toString();
        }
    }
}
