package org.pouw.crypto.jcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each refusal of the one strict parse (issue 21 §2; docs/gate.md §2), with the place it names. */
class StrictJsonTest {
    private static final StrictJsonParser ASCII = StrictJsonParser.ascii(4096);
    private static final StrictJsonParser UNICODE = StrictJsonParser.unicode(4096);

    @Test
    void anEscapedLoneHighSurrogateIsRefusedNotReplaced() {
        assertThatThrownBy(() -> UNICODE.parse("{\"a\":\"\\uD800\"}"))
                .isInstanceOf(JsonRefusedException.class)
                .hasMessageContaining("lone high surrogate")
                .satisfies(e -> assertThat(((JsonRefusedException) e).path()).isEqualTo("$.a"));
        assertThatThrownBy(() -> UNICODE.parse("\"\\uD800x\"")).hasMessageContaining("lone high surrogate");
        assertThatThrownBy(() -> UNICODE.parse("\"\\uD800\\uD800\\uDC00\"")).hasMessageContaining("lone high");
    }

    @Test
    void anEscapedLoneLowSurrogateIsRefused() {
        assertThatThrownBy(() -> UNICODE.parse("[\"\\uDC00\"]"))
                .isInstanceOf(JsonRefusedException.class)
                .hasMessageContaining("lone low surrogate")
                .hasMessageContaining("$[0]");
    }

    @Test
    void anEncodedSurrogateInTheUtf8IsRefused() {
        byte[] cesu = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};
        assertThatThrownBy(() -> UNICODE.parse(cesu)).isInstanceOf(JsonRefusedException.class)
                .hasMessageContaining("malformed UTF-8");
    }

    @Test
    void aPairedSurrogateIsOneCodePoint() {
        assertThat(UNICODE.parse("\"\\ud83d\\ude00\"")).isEqualTo(new JcsValue.Str("\ud83d\ude00"));
    }

    @Test
    void aDuplicateMemberNameIsRefusedEvenWhenSpelledWithAnEscape() {
        assertThatThrownBy(() -> ASCII.parse("{\"a\":1,\"a\":2}")).isInstanceOf(JsonRefusedException.class)
                .hasMessageContaining("duplicate member name 'a'");
        assertThatThrownBy(() -> ASCII.parse("{\"p\":{\"a\":1,\"\\u0061\":2}}"))
                .hasMessageContaining("duplicate member name 'a'").hasMessageContaining("at $.p");
    }

    @Test
    void twoToThe53AndBeyondAreRefused() {
        assertThatThrownBy(() -> ASCII.parse("{\"n\":9007199254740993}")).isInstanceOf(JsonRefusedException.class)
                .hasMessageContaining("beyond").hasMessageContaining("$.n");
        assertThatThrownBy(() -> ASCII.parse("9007199254740992")).hasMessageContaining("beyond");
        assertThatThrownBy(() -> ASCII.parse("-9007199254740993")).hasMessageContaining("beyond");
        assertThatThrownBy(() -> ASCII.parse("123456789012345678901234567890")).hasMessageContaining("beyond");
        assertThat(ASCII.parse("9007199254740991")).isEqualTo(new JcsValue.Int(9007199254740991L));
    }

    @Test
    void numbersThatAreNotIntegersAreRefused() {
        assertThatThrownBy(() -> ASCII.parse("1.0")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> ASCII.parse("1e3")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> ASCII.parse("012")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> ASCII.parse("-")).hasMessageContaining("needs digits");
    }

    @Test
    void asciiModeRefusesEveryCharacterAboveU007f() {
        assertThatThrownBy(() -> ASCII.parse("{\"a\":\"\\u00e9\"}")).hasMessageContaining("above U+007F");
        assertThatThrownBy(() -> ASCII.parse("\"\u00e9\"".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("above 0x7f").satisfies(e ->
                        assertThat(((JsonRefusedException) e).offset()).isEqualTo(1));
        assertThat(UNICODE.parse("\"\u00e9\"")).isEqualTo(new JcsValue.Str("\u00e9"));
    }

    @Test
    void malformedInputIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> ASCII.parse("{\"a\":1} x")).hasMessageContaining("trailing content");
        assertThatThrownBy(() -> ASCII.parse("{\"a\":[1,2,}")).hasMessageContaining("$.a[2]");
        assertThatThrownBy(() -> ASCII.parse("\"a\u0001\"")).hasMessageContaining("control character");
        assertThatThrownBy(() -> ASCII.parse("\"\\x\"")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> ASCII.parse("{\"a\" 1}")).hasMessageContaining("expected ':'");
        assertThatThrownBy(() -> ASCII.parse("")).hasMessageContaining("end of input");
        assertThatThrownBy(() -> ASCII.parse("tru")).hasMessageContaining("unexpected character");
    }

    @Test
    void nestingAndSizeAreBounded() {
        String deep = "[".repeat(StrictJsonParser.MAX_DEPTH + 2) + "]".repeat(StrictJsonParser.MAX_DEPTH + 2);
        assertThatThrownBy(() -> ASCII.parse(deep)).hasMessageContaining("nesting deeper");
        assertThatThrownBy(() -> StrictJsonParser.ascii(8).parse("\"123456789\""))
                .hasMessageContaining("exceeds the limit of 8");
    }

    @Test
    void aTreeCanNotHoldALoneSurrogateEither() {
        assertThatThrownBy(() -> new JcsValue.Str("a\ud800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JcsValue.Int(1L << 53)).isInstanceOf(IllegalArgumentException.class);
    }
}
