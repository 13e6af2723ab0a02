package org.pouw.pool.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bytes from the network (issue 23; the brief: fuzz what parses bytes): a share mutated byte by byte never throws,
 * and is accepted only when the mutation left its signed meaning intact (whitespace, say), never as other work.
 */
class ShareFuzzProperties {
    private static final long T0 = 1_760_000_000_000L;
    private static final Ed25519.KeyPair NODE = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private static final Ed25519.KeyPair MINER = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private static final byte[] HONEST;

    static {
        ObjectNode challenge = TestShares.challenge(NODE, MINER.did().toString(), 4, T0, T0 + 600_000,
                "5f1c0a3e9b7d24681357a9bdf0ce8642");
        byte[] coinbase = TestShares.coinbase(MINER.did().toString(), "fuzz");
        HONEST = TestShares.bytes(TestShares.share(challenge, MINER.did().toString(), TestShares.grind(challenge,
                coinbase, 32, true), coinbase, 32, MINER));
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Property(tries = 500)
    void aMutatedShareIsRefusedWithAReasonOrIsTheSameShare(@ForAll("edits") int[] edit) {
        byte[] mutated = HONEST.clone();
        mutated[edit[0] % mutated.length] = (byte) edit[1];
        ShareValidator validator = new ShareValidator(NODE.publicKey(), new SettableClock(T0), 0, 1);
        ShareVerdict verdict = validator.validate(mutated);
        if (verdict instanceof ShareVerdict.Accepted accepted) {
            ShareVerdict original = new ShareValidator(NODE.publicKey(), new SettableClock(T0), 0, 1)
                    .validate(HONEST);
            assertThat(accepted.hashHex()).isEqualTo(((ShareVerdict.Accepted) original).hashHex());
            assertThat(accepted.credited()).isEqualTo(32);
        } else {
            assertThat(((ShareVerdict.Refused) verdict).message()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<int[]> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 255)).as((at, value) -> new int[] {at, value});
    }
}
