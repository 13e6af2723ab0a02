package org.pouw.cli.ml;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that say where the records are; they only fill a {@link DataSource}. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR|FILE",
            description = "a dataset directory (MNIST IDX train-*/test-* files, CIFAR-10 data_batch_*.bin/test_batch.bin, "
                    + "train.csv/test.csv, train.pmld/test.pmld or train.txt/test.txt) or one CIFAR-10, CSV, PMLD or text file")
    Path data;

    @Option(names = "--images", paramLabel = "FILE", description = "an IDX image file (with --labels)")
    Path images;

    @Option(names = "--labels", paramLabel = "FILE", description = "an IDX label file (with --images)")
    Path labels;

    @Option(names = "--format", paramLabel = "idx|cifar10|csv|pmld|text", description = "the file format (default: from the file names)")
    String format;

    @Option(names = "--classes", paramLabel = "N", description = "number of classes (default: the architecture's, else 10)")
    Integer classes;

    @Option(names = "--held-out-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "records held out for evaluation when the data has no test set (default ${DEFAULT-VALUE})")
    double heldOutFraction;

    @Option(names = "--csv-header", description = "CSV: skip the first line")
    boolean csvHeader;

    @Option(names = "--label-column", paramLabel = "N", defaultValue = "0",
            description = "CSV: the 0-based column holding the label (default ${DEFAULT-VALUE})")
    int labelColumn;

    @Option(names = "--context", paramLabel = "BYTES", defaultValue = "64",
            description = "text: the bytes a record's window holds; its label is the byte after (default ${DEFAULT-VALUE})")
    int context;

    @Option(names = "--stride", paramLabel = "BYTES", defaultValue = "4",
            description = "text: bytes from one window's start to the next's (default ${DEFAULT-VALUE})")
    int stride;

    public DataSource source() {
        return new DataSource(data, images, labels, format == null ? null : DataFormat.parse(format), classes,
                heldOutFraction, csvHeader, labelColumn, context, stride);
    }
}
