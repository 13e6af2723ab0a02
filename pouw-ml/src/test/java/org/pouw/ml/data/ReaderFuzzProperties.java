package org.pouw.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated bytes never escape a reader as anything but a {@link DatasetFormatException} (or a valid
 * dataset): no index, arithmetic or allocation error, no silent garbage.
 */
class ReaderFuzzProperties {
    private static final byte[] IDX_IMAGES = DatasetFiles.idxImages(5, 3, 3, 1);
    private static final byte[] IDX_LABELS = DatasetFiles.idxLabels(5, 10, 2);
    private static final byte[] CIFAR = DatasetFiles.cifar(2, 3);
    private static final byte[] CSV = DatasetFiles.csv(6, 4, 4);

    @Property(tries = 300)
    void randomBytesAsIdxImages(@ForAll @Size(max = 80) byte[] bytes) {
        assertOnlyFormatErrors(b -> IdxReader.read(b, "imgs", IDX_LABELS, "lbls", 10), bytes);
        assertOnlyFormatErrors(b -> IdxReader.read(IDX_IMAGES, "imgs", b, "lbls", 10), bytes);
    }

    @Property(tries = 300)
    void mutatedIdxFiles(@ForAll("idxMutations") byte[] images) {
        assertOnlyFormatErrors(b -> IdxReader.read(b, "imgs", IDX_LABELS, "lbls", 10), images);
    }

    @Property(tries = 200)
    void mutatedCifarFiles(@ForAll("cifarMutations") byte[] data) {
        assertOnlyFormatErrors(b -> Cifar10Reader.read(b, "batch"), data);
    }

    @Property(tries = 300)
    void randomBytesAsCsv(@ForAll @Size(max = 120) byte[] bytes) {
        assertOnlyFormatErrors(b -> new CsvReader(false, 0, 3).read(b, "f.csv"), bytes);
    }

    @Property(tries = 300)
    void mutatedCsvFiles(@ForAll("csvMutations") byte[] data) {
        assertOnlyFormatErrors(b -> new CsvReader(true, 0, 3).read(b, "f.csv"), data);
    }

    @Provide
    Arbitrary<byte[]> idxMutations() {
        return mutationsOf(IDX_IMAGES);
    }

    @Provide
    Arbitrary<byte[]> cifarMutations() {
        return mutationsOf(CIFAR);
    }

    @Provide
    Arbitrary<byte[]> csvMutations() {
        return mutationsOf(CSV);
    }

    /** Flip a byte, overwrite a byte, truncate, or append — at random positions, header bytes favoured. */
    private static Arbitrary<byte[]> mutationsOf(byte[] valid) {
        Arbitrary<Integer> position = Arbitraries.oneOf(Arbitraries.integers().between(0, Math.min(24, valid.length - 1)),
                Arbitraries.integers().between(0, valid.length - 1));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        Arbitrary<Byte> value = Arbitraries.bytes();
        return net.jqwik.api.Combinators.combine(position, kind, value).as((at, how, b) -> {
            return switch (how) {
                case 0 -> {
                    byte[] copy = valid.clone();
                    copy[at] ^= (byte) (b == 0 ? 1 : b);
                    yield copy;
                }
                case 1 -> {
                    byte[] copy = valid.clone();
                    copy[at] = b;
                    yield copy;
                }
                case 2 -> java.util.Arrays.copyOf(valid, at);
                default -> {
                    byte[] copy = java.util.Arrays.copyOf(valid, valid.length + 1 + (at % 7));
                    copy[copy.length - 1] = b;
                    yield copy;
                }
            };
        });
    }

    private static void assertOnlyFormatErrors(Function<byte[], Dataset> reader, byte[] bytes) {
        try {
            Dataset data = reader.apply(bytes);
            assertThat(data.size()).isGreaterThanOrEqualTo(0);
            for (int i = 0; i < data.size(); i++) {
                assertThat(data.label(i)).isBetween(0, data.classes() - 1);
            }
        } catch (DatasetFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
