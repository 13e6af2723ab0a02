package org.pouw.gate.jcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.crypto.jcs.JsonRefusedException;

/**
 * The fuzz properties of the strict parse and JCS (STYLE.md: every byte format gets round-trip and mutated-input
 * properties): any input either parses to a tree whose canonical form re-parses to the same tree and is its own
 * canonical form, or is refused with a {@link JsonRefusedException} naming a path — never another exception.
 */
class JcsProperties {
    private static final StrictJsonParser PARSER = StrictJsonParser.unicode(1 << 16);

    @Property(tries = 500)
    void aTreeSurvivesItsCanonicalForm(@ForAll("trees") JcsValue tree) {
        String canonical = JcsWriter.canonical(tree);
        JcsValue again = PARSER.parse(canonical);
        assertThat(again).isEqualTo(tree);
        assertThat(JcsWriter.canonical(again)).isEqualTo(canonical);
    }

    @Property(tries = 1000)
    void aMutatedDocumentParsesCanonicallyOrIsRefusedByPlace(@ForAll("trees") JcsValue tree,
            @ForAll("mutations") ByteEdit mutation) {
        byte[] bytes = mutation.apply(JcsWriter.canonicalBytes(tree));
        parsesCanonicallyOrIsRefused(bytes);
    }

    @Property(tries = 1000)
    void arbitraryTextParsesCanonicallyOrIsRefusedByPlace(@ForAll("jsonish") String text) {
        parsesCanonicallyOrIsRefused(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void arbitraryBytesParseCanonicallyOrAreRefused(@ForAll byte[] bytes) {
        parsesCanonicallyOrIsRefused(bytes);
    }

    private static void parsesCanonicallyOrIsRefused(byte[] bytes) {
        JcsValue tree;
        try {
            tree = PARSER.parse(bytes);
        } catch (JsonRefusedException refused) {
            assertThat(refused.path()).startsWith("$");
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        String canonical = JcsWriter.canonical(tree);
        assertThat(PARSER.parse(canonical)).isEqualTo(tree);
        assertThat(JcsWriter.canonical(PARSER.parse(canonical))).isEqualTo(canonical);
    }

    @Provide
    Arbitrary<ByteEdit> mutations() {
        Arbitrary<Byte> interesting = Arbitraries.oneOf(
                Arbitraries.of((byte) '"', (byte) '\\', (byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) ',',
                        (byte) ':', (byte) '-', (byte) '.', (byte) 'e', (byte) '0', (byte) '9', (byte) 'u',
                        (byte) 0xed, (byte) 0x80, (byte) 0xff, (byte) 0),
                Arbitraries.bytes());
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 10_000), interesting).as(ByteEdit::new);
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(
                Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "D800", "DC00", "d83d", "\\ud83d",
                        "\\ude00", "0", "-", "9007199254740993", "1.5", "e", "true", "null", " ", "\"a\"", "\u00e9",
                        "\\n", "\\u0000", "\ud83d\ude00"),
                Arbitraries.strings().ofMaxLength(3))
                .list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<JcsValue> trees() {
        return tree(3);
    }

    private static Arbitrary<JcsValue> tree(int depth) {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
                        .ofMaxLength(6),
                Arbitraries.of("\ud83d\ude00", "a\"b\\c", "\u007f\u0080", ""));
        Arbitrary<JcsValue> leaf = Arbitraries.oneOf(
                text.map(s -> (JcsValue) new JcsValue.Str(s)),
                Arbitraries.longs().between(-JcsValue.MAX_SAFE_INTEGER, JcsValue.MAX_SAFE_INTEGER)
                        .map(n -> (JcsValue) new JcsValue.Int(n)),
                Arbitraries.of(true, false).map(b -> (JcsValue) new JcsValue.Bool(b)),
                Arbitraries.just((JcsValue) JcsValue.Null.NULL));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JcsValue> inner = Arbitraries.lazy(() -> tree(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(1, inner.list().ofMaxSize(4).map(items -> (JcsValue) new JcsValue.Arr(items))),
                Tuple.of(2, Arbitraries.maps(text, inner).ofMaxSize(4).map(m -> (JcsValue) JcsValue.Obj.of(m))));
    }
}
