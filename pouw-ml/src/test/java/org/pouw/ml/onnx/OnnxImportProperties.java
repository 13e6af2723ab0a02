package org.pouw.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.pouw.ml.Tasks;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Presets;

/**
 * The importer parses untrusted bytes: random bytes and every kind of damage to real exports either import or fail
 * with an {@link OnnxImportException} that says why — never another exception.
 */
class OnnxImportProperties {
    private static final List<byte[]> VALID = List.of(export(Presets.transformer(6, 16, 8, 2, 1)),
            export(Presets.resNet(6, 6, 2, 1, 2, 3)), export(Tasks.smallNormStack()), export(Tasks.smallCnn()));

    private static byte[] export(Architecture architecture) {
        Network network = architecture.build();
        network.initialise(5);
        return OnnxExport.export(architecture, network);
    }

    @Property(tries = 300)
    void randomBytesFailWithTheImportError(@ForAll @Size(max = 300) byte[] bytes) {
        assertImportsOrSaysWhy(bytes);
    }

    @Property(tries = 1_000)
    void damagedExportsImportOrFailWithTheImportError(@ForAll("damaged") byte[] bytes) {
        assertImportsOrSaysWhy(bytes);
    }

    private static void assertImportsOrSaysWhy(byte[] bytes) {
        try {
            ModelFile.Model model = OnnxImport.read(bytes);
            assertThat(model.network().parameterCount()).isEqualTo(model.architecture().parameterCount());
        } catch (OnnxImportException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return Combinators.combine(Arbitraries.integers().between(0, VALID.size() - 1),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, 4),
                Arbitraries.bytes()).as((which, where, how, value) -> {
                    byte[] valid = VALID.get(which);
                    int at = where % valid.length;
                    return switch (how) {
                        case 0 -> {
                            byte[] out = valid.clone();
                            out[at] = value;
                            yield out;
                        }
                        case 1 -> {
                            byte[] out = valid.clone();
                            out[at] ^= (byte) (1 << (where % 8));
                            yield out;
                        }
                        case 2 -> java.util.Arrays.copyOf(valid, at);
                        case 3 -> {
                            byte[] out = new byte[valid.length + 1];
                            System.arraycopy(valid, 0, out, 0, at);
                            out[at] = value;
                            System.arraycopy(valid, at, out, at + 1, valid.length - at);
                            yield out;
                        }
                        default -> {
                            byte[] out = new byte[valid.length - 1];
                            System.arraycopy(valid, 0, out, 0, at);
                            System.arraycopy(valid, at + 1, out, at, valid.length - at - 1);
                            yield out;
                        }
                    };
                });
    }
}
