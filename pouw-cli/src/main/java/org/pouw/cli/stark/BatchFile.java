package org.pouw.cli.stark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.work.WorkFailedException;
import org.pouw.kinds.vmstark.VmBatchParams;
import org.pouw.stark.air.vm.VmBatchStatement;
import org.pouw.vm.Program;

/**
 * What {@code pouw verify} checks a batch proof against: the intent list from a {@code vm-batch} job's params file
 * and, for each member, the program among the {@code --program} files that hashes to the member's program ref. Any
 * file that cannot be read or does not fit is a usage error naming its option.
 */
final class BatchFile {
    /** The most bytes a batch file may have: 4,096 members of well under a kilobyte each. */
    static final long MAX_BYTES = 8L << 20;

    private BatchFile() {
    }

    /** The list and its programs, in member order. */
    record Loaded(List<VmBatchStatement.Intent> intents, List<Program> programs) {
    }

    static Loaded read(Path batch, List<Path> programFiles, Path proof) {
        if (batch == null) {
            throw new ProofFile.UnusableFile("--batch is required: " + proof + " is a VM batch proof, and it is "
                    + "checked against the intent list of the batch file (the list is never read from the proof)");
        }
        String json;
        try {
            if (Files.size(batch) > MAX_BYTES) {
                throw new ProofFile.UnusableFile("--batch " + batch + " is over " + MAX_BYTES + " bytes");
            }
            json = Files.readString(batch);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ProofFile.UnusableFile("--batch " + batch + " cannot be read: " + e.getMessage());
        }
        VmBatchParams params;
        List<VmBatchStatement.Intent> intents;
        try {
            params = VmBatchParams.parse(json);
            intents = params.intents();
        } catch (WorkFailedException | IllegalArgumentException e) {
            throw new ProofFile.UnusableFile("--batch " + batch + " is not a vm-batch job's params: "
                    + e.getMessage());
        }
        Map<String, Program> byHash = new LinkedHashMap<>();
        for (Path file : programFiles) {
            Program program = ProgramFile.read(file);
            byHash.put(program.hashHex(), program);
        }
        List<Program> programs = new ArrayList<>(intents.size());
        for (VmBatchParams.Member member : params.members()) {
            Program program = byHash.get(member.run().programRef());
            if (program == null) {
                throw new ProofFile.UnusableFile("--program: no program given hashes to " + member.run().programRef()
                        + ", the program of batch member " + member.jobId());
            }
            programs.add(program);
        }
        return new Loaded(intents, programs);
    }
}
