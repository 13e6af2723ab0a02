package org.pouw.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pouw.core.PouwException;
import org.pouw.ml.wire.Bytes32;

/**
 * A genesis file is text people edit: any edit either parses to a genesis that formats and parses back to the same
 * chain, or is refused with a {@link PouwException} naming a field — never another exception.
 */
class GenesisFileFuzzProperties {
    private static final String GOOD = GenesisFile.format(DemoGenesis.forMiner(Bytes32.fromHex("22".repeat(32)),
            1_767_225_600));

    @Property(tries = 500)
    void editedGenesisFilesParseOrAreRefusedByField(@ForAll("edited") String text) {
        ChainGenesis parsed;
        try {
            parsed = GenesisFile.parse(text);
        } catch (PouwException refused) {
            assertThat(refused.field()).isNotBlank();
            return;
        }
        assertThat(GenesisFile.parse(GenesisFile.format(parsed)).chainId()).isEqualTo(parsed.chainId());
    }

    @Provide
    Arbitrary<String> edited() {
        Arbitrary<String> replaced = Arbitraries.integers().between(0, GOOD.length() - 1).flatMap(at ->
                Arbitraries.of('0', '9', '-', '=', '#', '[', ']', ' ', '\n', 'x', 'e', '.', 'f')
                        .map(c -> GOOD.substring(0, at) + c + GOOD.substring(at + 1)));
        Arbitrary<String> cut = Arbitraries.integers().between(0, GOOD.length() - 1).map(at -> GOOD.substring(0, at));
        List<String> lines = GOOD.lines().toList();
        Arbitrary<String> lineDropped = Arbitraries.integers().between(0, lines.size() - 1).map(line ->
                String.join("\n", lines.subList(0, line)) + "\n"
                        + String.join("\n", lines.subList(line + 1, lines.size())));
        return Arbitraries.oneOf(replaced, cut, lineDropped);
    }
}
