package org.pouw.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteTextReaderTest {
    @Test
    void windowsAreTheBytesAndTheLabelIsTheNextByte() {
        Dataset data = ByteTextReader.read("hello, wörld".getBytes(StandardCharsets.UTF_8), "t", 4, 3);
        // 13 bytes (ö is two): windows start at 0, 3, 6 (6 + 4 < 13), 9 would need byte 13.
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.classes()).isEqualTo(256);
        assertThat(data.features(0)).containsExactly('h', 'e', 'l', 'l');
        assertThat(data.label(0)).isEqualTo('o');
        assertThat(data.features(2)).containsExactly(' ', 'w', 0xC3, 0xB6);
        assertThat(data.label(2)).isEqualTo('r');
    }

    @Test
    void theRootCommitsToTheText() {
        byte[] text = "the cat pays a block. ".repeat(4).getBytes(StandardCharsets.US_ASCII);
        Dataset data = ByteTextReader.read(text, "t", 8, 1);
        assertThat(ByteTextReader.read(text.clone(), "t", 8, 1).root()).isEqualTo(data.root());
        text[text.length - 1] = '!';
        assertThat(ByteTextReader.read(text, "t", 8, 1).root()).isNotEqualTo(data.root());
    }

    @Test
    void badSettingsAndShortTextsAreRefusedNamingThem() {
        byte[] text = "abcdef".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> ByteTextReader.read(text, "t", 6, 1)).isInstanceOf(DatasetFormatException.class)
                .hasMessage("t: 6 bytes is too short for one window of 6 bytes and the byte after it");
        assertThatThrownBy(() -> ByteTextReader.read(text, "t", 0, 1)).hasMessageContaining("context must be");
        assertThatThrownBy(() -> ByteTextReader.read(text, "t", 2, 0)).hasMessageContaining("stride must be");
    }
}
