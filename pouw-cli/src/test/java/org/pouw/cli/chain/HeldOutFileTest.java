package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.HeldOutCommitment;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * The file a poster keeps for its held-out reveal: it reads back exactly, its reveal carries the records in the
 * chain's record encoding under the committed salt, it is written owner-only and never over another, and its strict
 * decoder refuses every other byte string (fuzzed: truncations, flipped bytes, random bytes) with an
 * {@link EncodingException} and nothing else.
 */
class HeldOutFileTest {
    private static final Bytes32 TASK = Bytes32.fromHex("ab".repeat(32));
    private static final Bytes32 SALT = Bytes32.fromHex("cd".repeat(32));
    private static final HeldOutFile KEPT = new HeldOutFile(TASK, SALT, ChainCliFixtures.heldOut(12));
    private static final byte[] ENCODED = KEPT.encode();

    @TempDir
    Path folder;

    @Test
    void itReadsBackExactlyAndRevealsUnderItsCommitment() {
        HeldOutFile back = HeldOutFile.decode(ENCODED);
        assertThat(back.taskId()).isEqualTo(TASK);
        assertThat(back.salt()).isEqualTo(SALT);
        assertThat(back.heldOut().root()).isEqualTo(KEPT.heldOut().root());
        assertThat(back.commitment()).isEqualTo(HeldOutCommitment.of(SALT, new DatasetId(KEPT.heldOut().root(), 12)));

        var reveal = back.reveal();
        assertThat(reveal.taskId()).isEqualTo(TASK);
        assertThat(reveal.salt()).isEqualTo(SALT);
        List<byte[]> records = reveal.records();
        assertThat(records).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(records.get(i)).isEqualTo(KEPT.heldOut().record(i));
        }
    }

    @Test
    void itIsWrittenOwnerOnlyAndNeverOverAnother() throws Exception {
        Path file = HeldOutFile.defaultPath(folder.resolve("tasks"), TASK);
        assertThat(file.getFileName().toString()).isEqualTo(TASK.hex() + ".heldout");
        KEPT.writeNew(file, "--held-out-file");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(HeldOutFile.read(file, "--held-out-file").commitment()).isEqualTo(KEPT.commitment());

        HeldOutFile other = new HeldOutFile(TASK, Bytes32.fromHex("ee".repeat(32)), ChainCliFixtures.heldOut(3));
        assertThatThrownBy(() -> other.writeNew(file, "--held-out-file")).hasMessageStartingWith("--held-out-file:")
                .hasMessageContaining("already exists");
        assertThat(Files.readAllBytes(file)).as("the first salt survives").isEqualTo(ENCODED);
    }

    @Test
    void anUnreadableFileIsRefusedNamingTheOption() throws Exception {
        assertThatThrownBy(() -> HeldOutFile.read(folder.resolve("missing"), "--held-out-file"))
                .hasMessageStartingWith("--held-out-file: no such file");
        Path junk = folder.resolve("junk");
        Files.write(junk, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> HeldOutFile.read(junk, "--held-out-file"))
                .hasMessageStartingWith("--held-out-file:").hasMessageContaining("not a held-out file");
    }

    @Property(tries = 300)
    void aTruncatedFileIsRefused(@ForAll("cuts") int length) {
        assertThatThrownBy(() -> HeldOutFile.decode(Arrays.copyOf(ENCODED, length)))
                .isInstanceOf(EncodingException.class);
    }

    @Property(tries = 500)
    void aChangedByteIsRefusedOrReadsAsADifferentFile(@ForAll("positions") int position, @ForAll byte delta) {
        if (delta == 0) {
            return;
        }
        byte[] changed = ENCODED.clone();
        changed[position] += delta;
        try {
            HeldOutFile read = HeldOutFile.decode(changed);
            assertThat(read.encode()).as("only canonical bytes decode").isEqualTo(changed);
            assertThat(read.encode()).isNotEqualTo(ENCODED);
        } catch (EncodingException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void randomBytesAreRefused(@ForAll byte[] bytes) {
        assertThatThrownBy(() -> HeldOutFile.decode(bytes)).isInstanceOf(EncodingException.class);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, ENCODED.length - 1);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, ENCODED.length - 1);
    }
}
