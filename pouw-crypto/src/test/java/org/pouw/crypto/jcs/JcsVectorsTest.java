package org.pouw.crypto.jcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The RFC 8785 examples that an integers-only JCS can reproduce, byte for byte (docs/gate.md §7). */
class JcsVectorsTest {
    private static final StrictJsonParser PARSER = StrictJsonParser.unicode(4096);

    @Test
    void rfc8785SortsMembersByUtf16CodeUnits() {
        // RFC 8785 §3.2.3, the sorting example: the emoji (a surrogate pair, D83D DE00) sorts before U+FB33.
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        assertThat(JcsWriter.canonical(PARSER.parse(input))).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\","
                + "\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void rfc8785EscapesStringsMinimally() {
        // RFC 8785 §3.2.2.2 / the "string" member of the §3.2.2 example.
        String input = "{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"}";
        assertThat(JcsWriter.canonical(PARSER.parse(input)))
                .isEqualTo("{\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void rfc8785WritesLiteralsAsIs() {
        // The "literals" member of the RFC 8785 §3.2.2 example.
        assertThat(JcsWriter.canonical(PARSER.parse("{\"literals\": [null, true, false]}")))
                .isEqualTo("{\"literals\":[null,true,false]}");
    }

    @Test
    void integersAreWrittenInShortestForm() {
        assertThat(JcsWriter.canonical(PARSER.parse("[0, -0, 9007199254740991, -9007199254740991, 10]")))
                .isEqualTo("[0,0,9007199254740991,-9007199254740991,10]");
    }

    @Test
    void utf8BytesOfTheCanonicalFormAreWhatIsSigned() {
        // RFC 8785 §3.2.4: the canonical text is encoded as UTF-8. "€" is E2 82 AC.
        byte[] bytes = JcsWriter.canonicalBytes(PARSER.parse("{\"b\":\"\\u20ac\",\"a\":1}"));
        assertThat(bytes).containsExactly('{', '"', 'a', '"', ':', '1', ',', '"', 'b', '"', ':', '"',
                0xe2 - 256, 0x82 - 256, 0xac - 256, '"', '}');
    }
}
