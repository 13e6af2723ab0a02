package org.pouw.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pouw.ml.InvalidSpecException;

/**
 * The text form comes from requests (the node's JSON spec): any string either parses to an architecture whose text
 * parses back to it, or is refused with an {@link InvalidSpecException} — never another exception.
 */
class StackTextProperties {
    private static final String[] PIECES = {"stack:", "resnet:", "transformer:", "1x8x1:", "4x4x2:", "8x8x3", "-", "x",
            "embed", "16x8", "pos", "res(", ")", "|", ",", "ln", "bn", "gelu", "relu", "conv4k3", "s2", "p1", "attn",
            "causal-attn", "2", "0", "999999999", "last", "gap", "dense", "10", "maxpool", "resnet8", "char-transformer"};

    @Property(tries = 1_000)
    void textParsesAndRoundTripsOrIsRefusedWithASpecError(@ForAll("texts") String text) {
        StackArchitecture parsed;
        try {
            parsed = StackText.parse(text);
        } catch (InvalidSpecException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(StackText.parse(StackText.format(parsed))).isEqualTo(parsed);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(14).map(list -> String.join("", list));
        return Arbitraries.oneOf(pieces, Arbitraries.strings().ofMaxLength(40));
    }
}
