package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.pouw.chain.task.DatasetId;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;

/**
 * A dataset fetched by {@code get_blob} ranges from an honest peer, a liar and a staller (real records, real Merkle
 * proofs): every record arrives right, the liar is reported as lying and the staller as stalling, the honest peer
 * never; each kind of lie is refused by the proof check.
 */
class BlobFetchTest {
    private static final Dataset DATA = dataset(1_000, 7);
    private static final DatasetId ID = new DatasetId(DATA.root(), DATA.size());

    @Test
    void anHonestPeerALiarAndAStallerStillGiveEveryRecordAndTheFaultyAreReported() throws Exception {
        PeerId honest = new PeerId("honest");
        PeerId liar = new PeerId("liar");
        PeerId staller = new PeerId("staller");
        List<String> lied = new CopyOnWriteArrayList<>();
        List<String> stalled = new CopyOnWriteArrayList<>();
        BlobFetch.Source source = (peer, range) -> switch (peer.name()) {
            case "honest" -> CompletableFuture.completedFuture(answer(DATA, range));
            case "liar" -> CompletableFuture.completedFuture(flipOneByteOfTheFirstRecord(answer(DATA, range)));
            default -> new CompletableFuture<>();     // never answers
        };
        BlobFetch fetch = new BlobFetch(ID, 64, Duration.ofMillis(300), source, new BlobFetch.Faults() {
            @Override
            public void lied(PeerId peer, String why) {
                lied.add(peer.name() + ": " + why);
            }

            @Override
            public void stalled(PeerId peer, String why) {
                stalled.add(peer.name());
            }
        });

        List<byte[]> records = fetch.fetch(List.of(liar, staller, honest)).get(20, TimeUnit.SECONDS);

        assertThat(records).hasSize(DATA.size());
        for (int i = 0; i < DATA.size(); i++) {
            assertThat(records.get(i)).as("record %d", i).isEqualTo(DATA.record(i));
        }
        assertThat(lied).isNotEmpty().allMatch(line -> line.startsWith("liar: ") && line.contains("does not verify"));
        assertThat(stalled).isNotEmpty().containsOnly("staller");
    }

    @Test
    void withOnlyLiarsLeftTheFetchFailsNamingWhereItStopped() {
        BlobFetch fetch = new BlobFetch(ID, 100, Duration.ofSeconds(5),
                (peer, range) -> CompletableFuture.completedFuture(flipOneByteOfTheFirstRecord(answer(DATA, range))),
                new BlobFetch.Faults() {
                    @Override
                    public void lied(PeerId peer, String why) {
                    }

                    @Override
                    public void stalled(PeerId peer, String why) {
                    }
                });
        assertThat(fetch.fetch(List.of(new PeerId("a"), new PeerId("b")))).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(NoSuchElementException.class)
                .withMessageContaining("no peer left");
    }

    @Test
    void aPeerWithoutTheDatasetIsLeftOutAtNoCost() throws Exception {
        List<String> faults = new CopyOnWriteArrayList<>();
        BlobFetch fetch = new BlobFetch(ID, 128, Duration.ofSeconds(5), (peer, range) -> peer.name().equals("has")
                ? CompletableFuture.completedFuture(answer(DATA, range))
                : CompletableFuture.failedFuture(new NoSuchElementException("not held")),
                new BlobFetch.Faults() {
                    @Override
                    public void lied(PeerId peer, String why) {
                        faults.add(why);
                    }

                    @Override
                    public void stalled(PeerId peer, String why) {
                        faults.add(why);
                    }
                });
        assertThat(fetch.fetch(List.of(new PeerId("lacks"), new PeerId("has"))).get(10, TimeUnit.SECONDS))
                .hasSize(DATA.size());
        assertThat(faults).isEmpty();
    }

    @Test
    void everyKindOfLieIsRefusedByTheProofCheck() {
        BlobRange range = new BlobRange(ID.hash(), 100, 50);
        byte[] honest = answer(DATA, range);
        assertThat(ProvenRecords.verify(ID, range, honest)).hasSize(50);

        Dataset other = dataset(1_000, 8);
        List<UnaryOperator<byte[]>> lies = List.of(
                BlobFetchTest::flipOneByteOfTheFirstRecord,
                bytes -> answer(other, range),                                        // another dataset's records
                bytes -> answer(DATA, new BlobRange(ID.hash(), 101, 50)),             // shifted by one
                bytes -> answer(DATA, new BlobRange(ID.hash(), 100, 49)),             // one short
                bytes -> java.util.Arrays.copyOf(bytes, bytes.length + 1),            // a byte past the end
                bytes -> java.util.Arrays.copyOf(bytes, bytes.length - 1),            // cut short
                bytes -> swapFirstTwoRecords(range));
        for (UnaryOperator<byte[]> lie : lies) {
            assertThatThrownBy(() -> ProvenRecords.verify(ID, range, lie.apply(honest)))
                    .isInstanceOf(BlobProofException.class);
        }
        // the index and the record count are never read from the peer: the index is the position asked for, the
        // count the dataset id's (DatasetId binds it), so a proof can only be checked as exactly that leaf
    }

    @Test
    void theLastRangeHoldsOnlyTheRecordsThatExist() {
        BlobRange tail = new BlobRange(ID.hash(), 990, 64);
        assertThat(ProvenRecords.verify(ID, tail, answer(DATA, tail))).hasSize(10);
    }

    @Test
    void aRangeIdIsReadBackOrRefusedNamingTheField() {
        BlobRange range = new BlobRange(ID.hash(), 5, 7);
        assertThat(BlobRange.ofId(range.id())).isEqualTo(range);
        byte[] zeroCount = range.id();
        zeroCount[43] = 0;
        assertThatThrownBy(() -> BlobRange.ofId(zeroCount)).hasMessageContaining("count");
        assertThatThrownBy(() -> BlobRange.ofId(new byte[12])).hasMessageContaining("44 bytes");
    }

    /** What an honest server answers: the records that exist from {@code first}, each with its proof. */
    static byte[] answer(Dataset data, BlobRange range) {
        List<byte[]> records = new ArrayList<>();
        List<MerkleTree.Proof> proofs = new ArrayList<>();
        for (long i = range.first(); i < Math.min(data.size(), range.first() + range.count()); i++) {
            records.add(data.record((int) i));
            proofs.add(data.proveRecord((int) i));
        }
        return ProvenRecords.encode(records, proofs);
    }

    private static byte[] swapFirstTwoRecords(BlobRange range) {
        List<byte[]> records = new ArrayList<>();
        List<MerkleTree.Proof> proofs = new ArrayList<>();
        for (int i = (int) range.first(); i < range.first() + range.count(); i++) {
            int from = i == range.first() ? i + 1 : i == range.first() + 1 ? i - 1 : i;
            records.add(DATA.record(from));
            proofs.add(DATA.proveRecord(from));
        }
        return ProvenRecords.encode(records, proofs);
    }

    /** Changes one byte of the first record (after tag 5, count 4 and its length 4): its proof no longer fits. */
    static byte[] flipOneByteOfTheFirstRecord(byte[] answer) {
        byte[] lie = answer.clone();
        lie[5 + 4 + 4 + 2] ^= 0x40;
        return lie;
    }

    static Dataset dataset(int size, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[][] features = new float[size][6];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            for (int f = 0; f < 6; f++) {
                features[i][f] = (float) random.nextDouble();
            }
            labels[i] = random.nextInt(3);
        }
        return Dataset.of(features, labels, 3);
    }
}
