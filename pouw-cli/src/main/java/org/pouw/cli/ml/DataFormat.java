package org.pouw.cli.ml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The dataset file formats {@code pouw ml} reads, with the directory layout each expects. */
enum DataFormat {
    /** MNIST's IDX: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, optional {@code test-…}. */
    IDX,
    /** CIFAR-10 binary: {@code data_batch_1.bin} … {@code data_batch_5.bin}, optional {@code test_batch.bin}. */
    CIFAR10,
    /** Comma-separated: {@code train.csv}, optional {@code test.csv}; or one file. */
    CSV,
    /** pouw-ml's canonical dataset encoding ({@code DatasetCodec}): {@code train.pmld}, optional {@code test.pmld}; or one file. */
    PMLD,
    /** Any text as bytes for a byte-level language model ({@code ByteTextReader}): {@code train.txt}, optional {@code test.txt}; or one file. */
    TEXT;

    static DataFormat parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "idx", "mnist" -> IDX;
            case "cifar10", "cifar-10", "cifar" -> CIFAR10;
            case "csv" -> CSV;
            case "pmld" -> PMLD;
            case "text", "txt" -> TEXT;
            default -> throw new BadOption("--format", "must be idx, cifar10, csv, pmld or text, got '" + text + "'");
        };
    }

    String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Guesses the format of {@code --data} from the names it finds, so the common cases need no --format. */
    static DataFormat detect(Path data) {
        if (Files.isDirectory(data)) {
            if (Files.exists(data.resolve(DatasetLoader.IDX_TRAIN_IMAGES))) {
                return IDX;
            }
            if (Files.exists(data.resolve("data_batch_1.bin"))) {
                return CIFAR10;
            }
            if (Files.exists(data.resolve("train.csv"))) {
                return CSV;
            }
            if (Files.exists(data.resolve("train.pmld"))) {
                return PMLD;
            }
            if (Files.exists(data.resolve("train.txt"))) {
                return TEXT;
            }
            throw new BadOption("--data", data + " holds none of " + DatasetLoader.IDX_TRAIN_IMAGES
                    + ", data_batch_1.bin, train.csv, train.pmld, train.txt; name the files with --images/--labels or give --format");
        }
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".bin")) {
            return CIFAR10;
        }
        if (name.endsWith(".pmld")) {
            return PMLD;
        }
        if (name.endsWith(".txt")) {
            return TEXT;
        }
        throw new BadOption("--format", "cannot tell the format of " + data + "; give --format idx|cifar10|csv|pmld|text");
    }
}
