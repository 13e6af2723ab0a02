package org.pouw.gate.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.jcs.ByteEdit;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.redeem.InMemoryRedemptions;

/**
 * Mutated receipts (STYLE.md: mutated input rejected): one byte of the published receipt vector flipped, inserted or
 * deleted. The validator never throws; it accepts only a text that reads as the very tree that was signed (a
 * whitespace insertion, say), and refuses everything else with a reason.
 */
class ReceiptFuzzProperties {
    private static final GateVectorsTest.Vectors VECTORS = GateVectorsTest.vectors();
    private static final StrictJsonParser PARSER = StrictJsonParser.ascii(ReceiptValidator.MAX_RECEIPT_BYTES);
    private static final JcsValue HONEST = PARSER.parse(VECTORS.receipt());

    @Provide
    Arbitrary<ByteEdit> edits() {
        Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.of((byte) '"', (byte) '\\', (byte) '{', (byte) '}',
                (byte) '[', (byte) ',', (byte) ':', (byte) ' ', (byte) '0', (byte) '9', (byte) 'a', (byte) 'z',
                (byte) 'A', (byte) '1', (byte) 0xed, (byte) 0x80), Arbitraries.bytes());
        return Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, VECTORS.receipt().length() - 1), value).as(ByteEdit::new);
    }

    @Property(tries = 2000)
    void aMutatedReceiptIsRefusedUnlessItReadsAsTheSignedTree(@ForAll("edits") ByteEdit edit) {
        byte[] mutated = edit.apply(VECTORS.receipt().getBytes(StandardCharsets.US_ASCII));
        ReceiptValidator validator = new ReceiptValidator(new ChallengeCheck(VECTORS.challengeKeys().publicKey(),
                VECTORS.clock(), "node-a", "store-1", 5_000), new InMemoryRedemptions(), "pouw-testnet", 5_000);
        GateVerdict<RedeemedChallenge> verdict = validator.validate(mutated, RedemptionPurpose.TOKEN);
        if (verdict.isAccepted()) {
            JcsValue read;
            try {
                read = PARSER.parse(mutated);
            } catch (JsonRefusedException e) {
                throw new AssertionError("accepted a receipt the strict parse refuses", e);
            }
            assertThat(read).isEqualTo(HONEST);
        } else {
            GateVerdict.Rejected<RedeemedChallenge> rejected = (GateVerdict.Rejected<RedeemedChallenge>) verdict;
            assertThat(rejected.reason()).isNotNull();
            assertThat(rejected.detail()).isNotBlank();
        }
    }
}
