package org.pouw.cli.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pouw.ml.MlException;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Cifar10Reader;
import org.pouw.ml.data.CsvReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.data.IdxReader;
import org.pouw.ml.wire.EncodingException;

/**
 * Reads a {@link DataSource} into training and held-out sets with the pouw-ml readers. A directory with a test
 * set (MNIST's {@code test-*} files, CIFAR-10's {@code test_batch.bin}, {@code test.csv}) uses it as the held-out
 * set — for {@code mnist-10k} that is the 8,000/2,000 split the benchmark uses; otherwise {@link HeldOutSplit}
 * holds out a fraction. Every failure becomes a {@link BadOption} naming the option that pointed at the file.
 */
public final class DatasetLoader {
    static final String IDX_TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String IDX_TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String IDX_TEST_IMAGES = "test-images-idx3-ubyte";
    static final String IDX_TEST_LABELS = "test-labels-idx1-ubyte";

    private DatasetLoader() {
    }

    /** The sets to train and score on, and a line saying where each came from. */
    public record Loaded(Dataset train, Dataset heldOut, String trainSource, String heldOutSource) {
    }

    /** Reads the data with {@code classes} classes (CIFAR-10 always has 10). */
    public static Loaded load(DataSource source, int classes) {
        if (source.images() != null) {
            Dataset all = readIdx(source.images(), "--images", source.labels(), "--labels", classes);
            return split(all, source.heldOutFraction(), source.images().getFileName().toString());
        }
        Path data = source.data();
        if (!Files.exists(data)) {
            throw new BadOption("--data", "no such file or directory: " + data);
        }
        DataFormat format = source.format() != null ? source.format() : DataFormat.detect(data);
        return Files.isDirectory(data) ? loadDirectory(data, format, source, classes) : loadFile(data, format, source, classes);
    }

    private static Loaded loadDirectory(Path dir, DataFormat format, DataSource source, int classes) {
        return switch (format) {
            case IDX -> {
                Dataset train = readIdx(dir.resolve(IDX_TRAIN_IMAGES), "--data", dir.resolve(IDX_TRAIN_LABELS), "--data", classes);
                yield Files.exists(dir.resolve(IDX_TEST_IMAGES))
                        ? new Loaded(train, readIdx(dir.resolve(IDX_TEST_IMAGES), "--data", dir.resolve(IDX_TEST_LABELS), "--data", classes),
                                IDX_TRAIN_IMAGES, IDX_TEST_IMAGES)
                        : split(train, source.heldOutFraction(), IDX_TRAIN_IMAGES);
            }
            case CIFAR10 -> {
                List<Path> batches = new ArrayList<>();
                for (int i = 1; i <= 5 && Files.exists(dir.resolve("data_batch_" + i + ".bin")); i++) {
                    batches.add(dir.resolve("data_batch_" + i + ".bin"));
                }
                if (batches.isEmpty()) {
                    throw new BadOption("--data", dir + " has no data_batch_1.bin");
                }
                Dataset train = readCifar(batches);
                Path test = dir.resolve("test_batch.bin");
                yield Files.exists(test)
                        ? new Loaded(train, readCifar(List.of(test)), batches.size() + " data_batch files", "test_batch.bin")
                        : split(train, source.heldOutFraction(), batches.size() + " data_batch files");
            }
            case CSV -> {
                Dataset train = readCsv(dir.resolve("train.csv"), source, classes);
                Path test = dir.resolve("test.csv");
                yield Files.exists(test)
                        ? new Loaded(train, readCsv(test, source, classes), "train.csv", "test.csv")
                        : split(train, source.heldOutFraction(), "train.csv");
            }
            case PMLD -> {
                Dataset train = readPmld(dir.resolve("train.pmld"), source);
                Path test = dir.resolve("test.pmld");
                yield Files.exists(test)
                        ? new Loaded(train, readPmld(test, source), "train.pmld", "test.pmld")
                        : split(train, source.heldOutFraction(), "train.pmld");
            }
            case TEXT -> {
                Path test = dir.resolve("test.txt");
                yield Files.exists(test)
                        ? new Loaded(readText(read(dir.resolve("train.txt"), "--data"), "train.txt", source),
                                readText(read(test, "--data"), "test.txt", source), "train.txt", "test.txt")
                        : splitText(dir.resolve("train.txt"), source);
            }
        };
    }

    private static Loaded loadFile(Path file, DataFormat format, DataSource source, int classes) {
        if (format == DataFormat.TEXT) {
            return splitText(file, source);
        }
        Dataset all = switch (format) {
            case IDX -> throw new BadOption("--data", "IDX data is an image file and a label file: give the directory "
                    + "holding " + IDX_TRAIN_IMAGES + ", or --images and --labels");
            case CIFAR10 -> readCifar(List.of(file));
            case CSV -> readCsv(file, source, classes);
            case PMLD -> readPmld(file, source);
            case TEXT -> throw new IllegalStateException("text is split by position above");
        };
        return split(all, source.heldOutFraction(), file.getFileName().toString());
    }

    private static Loaded split(Dataset all, double fraction, String name) {
        HeldOutSplit.Parts parts = HeldOutSplit.split(all, fraction);
        String held = String.format(Locale.ROOT, "%s (%.3g%% of its records, spread evenly)", name, fraction * 100);
        return new Loaded(parts.train(), parts.heldOut(), name, held);
    }

    /**
     * Text is held out by position, not spread evenly: overlapping windows from one stretch of text would put
     * nearly the same records on both sides. The last fraction of the bytes is the held-out text.
     */
    private static Loaded splitText(Path file, DataSource source) {
        byte[] text = read(file, "--data");
        int cut = (int) Math.round(text.length * (1 - source.heldOutFraction()));
        String name = file.getFileName().toString();
        Dataset train = readText(java.util.Arrays.copyOfRange(text, 0, cut), name, source);
        Dataset heldOut = readText(java.util.Arrays.copyOfRange(text, cut, text.length), name + " (held out)", source);
        return new Loaded(train, heldOut, String.format(Locale.ROOT, "%s (bytes 0-%d)", name, cut),
                String.format(Locale.ROOT, "%s (bytes %d-%d, the last %.3g%%)", name, cut, text.length,
                        source.heldOutFraction() * 100));
    }

    private static Dataset readText(byte[] text, String name, DataSource source) {
        BadOption.require(source.classes() == null || source.classes() == ByteTextReader.VOCABULARY, "--classes",
                "256 for text (one class per byte value)", source.classes());
        try {
            return ByteTextReader.read(text, name, source.context(), source.stride());
        } catch (MlException e) {
            throw new BadOption("--data", e.getMessage());
        }
    }

    private static Dataset readIdx(Path images, String imagesOption, Path labels, String labelsOption, int classes) {
        byte[] imageBytes = read(images, imagesOption);
        byte[] labelBytes = read(labels, labelsOption);
        String imagesName = images.getFileName().toString();
        String labelsName = labels.getFileName().toString();
        try {
            return IdxReader.read(imageBytes, imagesName, labelBytes, labelsName, classes);
        } catch (MlException e) {
            // The reader's message starts with the file it is about; name the option that gave that file.
            throw new BadOption(e.getMessage().startsWith(labelsName + ":") ? labelsOption : imagesOption, e.getMessage());
        }
    }

    private static Dataset readCifar(List<Path> files) {
        List<Dataset> parts = new ArrayList<>();
        for (Path file : files) {
            try {
                parts.add(Cifar10Reader.read(read(file, "--data"), file.getFileName().toString()));
            } catch (MlException e) {
                throw new BadOption("--data", e.getMessage());
            }
        }
        return parts.size() == 1 ? parts.getFirst() : concatenate(parts);
    }

    private static Dataset readCsv(Path file, DataSource source, int classes) {
        try {
            return new CsvReader(source.csvHeader(), source.labelColumn(), classes).read(read(file, "--data"), file.getFileName().toString());
        } catch (MlException e) {
            throw new BadOption("--data", e.getMessage());
        }
    }

    /** A PMLD file carries its class count; a different {@code --classes} is a mistake worth naming. */
    private static Dataset readPmld(Path file, DataSource source) {
        Dataset data;
        try {
            data = DatasetCodec.decode(read(file, "--data"));
        } catch (EncodingException e) {
            throw new BadOption("--data", file.getFileName() + ": " + e.getMessage());
        }
        if (source.classes() != null && source.classes() != data.classes()) {
            throw new BadOption("--classes", file.getFileName() + " has " + data.classes() + " classes, got --classes "
                    + source.classes());
        }
        return data;
    }

    private static Dataset concatenate(List<Dataset> parts) {
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Dataset part : parts) {
            for (int i = 0; i < part.size(); i++) {
                features.add(part.features(i));
                labels.add(part.label(i));
            }
        }
        return Dataset.of(features.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
                parts.getFirst().classes());
    }

    private static byte[] read(Path file, String option) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadOption(option, "no such file: " + file);
        } catch (IOException e) {
            throw new BadOption(option, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
