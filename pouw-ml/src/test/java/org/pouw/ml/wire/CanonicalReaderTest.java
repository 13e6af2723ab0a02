package org.pouw.ml.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CanonicalReaderTest {
    @Test
    void readsBackWhatTheWriterWrote() {
        byte[] bytes = new CanonicalWriter().u8(7).bool(true).i32(-5).i64(Long.MIN_VALUE).f32(1.5f).f64(-0.25)
                .string("héllo").bytes(new byte[] {1, 2, 3}).toByteArray();
        CanonicalReader in = new CanonicalReader(bytes);
        assertThat(in.u8("a")).isEqualTo(7);
        assertThat(in.bool("b")).isTrue();
        assertThat(in.i32("c")).isEqualTo(-5);
        assertThat(in.i64("d")).isEqualTo(Long.MIN_VALUE);
        assertThat(in.f32("e")).isEqualTo(1.5f);
        assertThat(in.f64("f")).isEqualTo(-0.25);
        assertThat(in.string("g", 100)).isEqualTo("héllo");
        assertThat(in.bytes("h", 10)).containsExactly(1, 2, 3);
        in.requireEnd("test");
    }

    @Test
    void everyNanIsWrittenCanonicallyAndOtherNansAreRejected() {
        byte[] bytes = new CanonicalWriter().f32(Float.intBitsToFloat(0x7fc00001)).toByteArray();
        assertThat(new CanonicalReader(bytes).f32("x")).isNaN();
        byte[] odd = new CanonicalWriter().i32(0x7fc00001).toByteArray();
        assertThatThrownBy(() -> new CanonicalReader(odd).f32("weight")).isInstanceOf(EncodingException.class)
                .hasMessageContaining("weight").hasMessageContaining("non-canonical NaN");
    }

    @Test
    void rejectsShortInputBadBooleansHugeLengthsAndTrailingBytes() {
        assertThatThrownBy(() -> new CanonicalReader(new byte[3]).i32("count")).isInstanceOf(EncodingException.class)
                .hasMessageContaining("count");
        assertThatThrownBy(() -> new CanonicalReader(new byte[] {2}).bool("flag")).isInstanceOf(EncodingException.class);
        byte[] hugeLength = new CanonicalWriter().i32(Integer.MAX_VALUE).toByteArray();
        assertThatThrownBy(() -> new CanonicalReader(hugeLength).bytes("blob", Integer.MAX_VALUE))
                .isInstanceOf(EncodingException.class).hasMessageContaining("blob");
        CanonicalReader trailing = new CanonicalReader(new byte[] {1, 2});
        trailing.u8("x");
        assertThatThrownBy(() -> trailing.requireEnd("record")).isInstanceOf(EncodingException.class)
                .hasMessageContaining("trailing");
    }
}
