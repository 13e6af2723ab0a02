package org.pouw.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.wire.EncodingException;

class DatasetCodecTest {
    private static final Dataset DATA = SyntheticData.blobs(20, 5, 3, 0.5, 11);

    @Test
    void a_dataset_round_trips_with_its_records_and_root() {
        byte[] encoded = DatasetCodec.encode(DATA);
        assertThat(encoded).hasSize(5 + 12 + 20 * (4 + 4 * 5));
        Dataset back = DatasetCodec.decode(encoded);
        assertThat(back.root()).isEqualTo(DATA.root());
        assertThat(back.classes()).isEqualTo(3);
        assertThat(DatasetCodec.encode(back)).isEqualTo(encoded);
    }

    @Test
    void bad_bytes_fail_naming_the_record_and_field() {
        byte[] encoded = DatasetCodec.encode(DATA);
        int record3 = 5 + 12 + 3 * (4 + 4 * 5);

        byte[] label = encoded.clone();
        ByteBuffer.wrap(label).putInt(record3, 3);
        assertThatThrownBy(() -> DatasetCodec.decode(label)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("record 3 label: 3 is outside [0, 3)");

        byte[] infinite = encoded.clone();
        ByteBuffer.wrap(infinite).putFloat(record3 + 4 + 8, Float.POSITIVE_INFINITY);
        assertThatThrownBy(() -> DatasetCodec.decode(infinite)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("record 3 feature 2");

        byte[] nan = encoded.clone();
        ByteBuffer.wrap(nan).putFloat(record3 + 4, Float.NaN);
        assertThatThrownBy(() -> DatasetCodec.decode(nan)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("record 3 feature 0");

        byte[] huge = encoded.clone();
        ByteBuffer.wrap(huge).putInt(5 + 8, 1 << 30);
        assertThatThrownBy(() -> DatasetCodec.decode(huge)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("cannot fit");

        byte[] empty = ByteBuffer.allocate(17).put("PMLD\u0001".getBytes()).putInt(2).putInt(1).putInt(0).array();
        assertThatThrownBy(() -> DatasetCodec.decode(empty)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("at least one record");

        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> DatasetCodec.decode(trailing)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("trailing");
    }
}
