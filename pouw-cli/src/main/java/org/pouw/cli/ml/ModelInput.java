package org.pouw.cli.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.pouw.crypto.Blake3;
import org.pouw.ml.MlException;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.wire.Bytes32;

/** A model file read for {@code --model}, with the BLAKE3 hash {@code pouw ml train} printed for it. */
record ModelInput(Path file, ModelFile.Model model, Bytes32 hash, long bytes) {
    static final String OPTION = "--model";

    static ModelInput read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadOption(OPTION, "no such file: " + file);
        } catch (IOException e) {
            throw new BadOption(OPTION, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            return new ModelInput(file, ModelFile.decode(bytes), Bytes32.of(Blake3.hash(bytes)), bytes.length);
        } catch (MlException e) {
            throw new BadOption(OPTION, file + " is not a pouw model file: " + e.getMessage());
        }
    }
}
