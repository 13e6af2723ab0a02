package org.pouw.cli.stark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.pouw.vm.Assembler;
import org.pouw.vm.AssemblyException;
import org.pouw.vm.Program;
import org.pouw.vm.ProgramCodec;

/**
 * The program a VM proof is checked against, read from {@code --program}: assembly source when the name ends in
 * {@code .pasm}, otherwise the encoded program (the blob a node stores under the intent's {@code program_ref}). The
 * proof is never trusted to say which program it runs; its hash is only compared with this file's.
 */
final class ProgramFile {
    /** Far above the largest encoded program stark mode proves (65,535 instructions of 12 bytes). */
    static final long MAX_BYTES = 16L << 20;

    private ProgramFile() {
    }

    /** @throws ProofFile.UnusableFile naming {@code --program} when the file cannot be read or is not a program */
    static Program read(Path file) {
        long size = ProofFile.size(file);
        if (size > MAX_BYTES) {
            throw new ProofFile.UnusableFile("--program: " + file + " is " + size + " bytes; no program is over "
                    + MAX_BYTES);
        }
        byte[] bytes = ProofFile.read(file);
        if (file.getFileName().toString().endsWith(".pasm")) {
            try {
                return Assembler.assemble(new String(bytes, StandardCharsets.UTF_8));
            } catch (AssemblyException e) {
                throw new ProofFile.UnusableFile("--program: " + file + " line " + e.line() + ": " + e.problem());
            }
        }
        try {
            return ProgramCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new ProofFile.UnusableFile("--program: " + file + " is not an encoded program (" + e.getMessage()
                    + "); give assembly source a .pasm name");
        }
    }
}
