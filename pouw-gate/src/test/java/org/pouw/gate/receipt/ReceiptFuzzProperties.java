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
import org.pouw.gate.jcs.JcsValue;
import org.pouw.gate.jcs.JsonRefusedException;
import org.pouw.gate.jcs.StrictJsonParser;
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

    record Edit(int kind, int position, byte value) {
        byte[] apply(byte[] in) {
            int at = Math.floorMod(position, in.length);
            return switch (kind) {
                case 0 -> {
                    byte[] out = in.clone();
                    out[at] = value;
                    yield out;
                }
                case 1 -> {
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, at);
                    out[at] = value;
                    System.arraycopy(in, at, out, at + 1, in.length - at);
                    yield out;
                }
                default -> {
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                    yield out;
                }
            };
        }
    }

    @Provide
    Arbitrary<Edit> edits() {
        Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.of((byte) '"', (byte) '\\', (byte) '{', (byte) '}',
                (byte) '[', (byte) ',', (byte) ':', (byte) ' ', (byte) '0', (byte) '9', (byte) 'a', (byte) 'z',
                (byte) 'A', (byte) '1', (byte) 0xed, (byte) 0x80), Arbitraries.bytes());
        return Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, VECTORS.receipt().length() - 1), value).as(Edit::new);
    }

    @Property(tries = 2000)
    void aMutatedReceiptIsRefusedUnlessItReadsAsTheSignedTree(@ForAll("edits") Edit edit) {
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
