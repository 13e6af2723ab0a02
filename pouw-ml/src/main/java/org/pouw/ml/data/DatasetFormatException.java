package org.pouw.ml.data;

import org.pouw.ml.MlException;

/**
 * A dataset file that is not what its reader accepts. The message starts with the source (file or stream name)
 * and says what is malformed and where: {@code "train-images: IDX dimension 2 is -5"}. Readers throw this and
 * nothing else for bad bytes (the fuzz tests feed them random and mutated files to hold them to it).
 */
public final class DatasetFormatException extends MlException {
    public DatasetFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
