package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.chain.task.DatasetId;
import org.pouw.ml.data.Dataset;

/** A peer's answer to {@code get_blob} is any bytes: they prove the range or are refused as a lie, nothing else. */
class ProvenRecordsProperties {
    private static final Dataset DATA = BlobFetchTest.dataset(300, 11);
    private static final DatasetId ID = new DatasetId(DATA.root(), DATA.size());

    @Property(tries = 300)
    void anyBytesProveTheRangeOrAreRefusedAsALie(@ForAll @Size(max = 600) byte[] bytes,
            @ForAll @IntRange(min = 0, max = 299) int first, @ForAll @IntRange(min = 1, max = 8) int count) {
        BlobRange range = new BlobRange(ID.hash(), first, count);
        try {
            List<byte[]> records = ProvenRecords.verify(ID, range, bytes);
            assertThat(records).isNotEmpty();
        } catch (BlobProofException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 200)
    void anHonestAnswerWithAnyOneBitFlippedIsRefused(@ForAll @IntRange(min = 0, max = 299) int first,
            @ForAll @IntRange(min = 1, max = 4) int count, @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 7) int bit) {
        BlobRange range = new BlobRange(ID.hash(), first, count);
        byte[] answer = BlobFetchTest.answer(DATA, range);
        answer[where % answer.length] ^= (byte) (1 << bit);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProvenRecords.verify(ID, range, answer))
                .isInstanceOf(BlobProofException.class);
    }
}
