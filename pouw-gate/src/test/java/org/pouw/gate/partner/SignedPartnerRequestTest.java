package org.pouw.gate.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.redeem.InMemoryRedemptions;

/**
 * Ed25519-signed partner requests (issue 21 §4), across two nodes sharing the signing-key, redemption and budget
 * stores: each attack is a request a node refuses, and no secret ever travels.
 */
class SignedPartnerRequestTest {
    private static final long T0 = 1_760_000_000_000L;
    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryPartnerSigningKeys signers = new InMemoryPartnerSigningKeys();
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final InMemoryPartnerBudgets budgets = new InMemoryPartnerBudgets();
    private final Ed25519.KeyPair acmeKey = Ed25519.KeyPair.fromPrivateKey(filled(11));
    private final Ed25519.KeyPair globexKey = Ed25519.KeyPair.fromPrivateKey(filled(12));
    private final Ed25519.KeyPair stranger = Ed25519.KeyPair.fromPrivateKey(filled(13));
    private final PartnerAccess nodeA = node();
    private final PartnerAccess nodeB = node();

    SignedPartnerRequestTest() {
        signers.add("acme", acmeKey.did().toString());
        signers.add("globex", globexKey.did().toString());
    }

    private PartnerAccess node() {
        return new PartnerAccess(new InMemoryPartnerKeys(), new PartnerRequestCheck(signers, redemptions, clock,
                "node-a", 5_000), budgets, clock, new PartnerBudget(3, 60_000), Map.of());
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    static JcsValue.Obj signed(String partner, String nonce, long timestampMs, Ed25519.KeyPair signer,
            String audience) {
        JcsValue.Obj document = JcsValue.Obj.of(Map.of("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()),
                "mode", JcsValue.str("partner"), "partner", JcsValue.str(partner), "nonce", JcsValue.str(nonce),
                "timestamp_ms", JcsValue.integer(timestampMs)));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(signer.did()), nonce,
                audience);
        byte[] signature = signer.sign(EddsaJcs2022.hashData(proofConfig, document));
        return document.with("proof", proofConfig.with("proofValue", JcsValue.str("z" + Base58.encode(signature))));
    }

    private JcsValue.Obj acme(String nonce) {
        return signed("acme", nonce, T0, acmeKey, "node-a");
    }

    @Test
    void aSignedRequestAdmitsItsPartnerOnceAcrossNodes() {
        JcsValue.Obj request = acme("nonce-0000000000000001");
        assertThat(nodeA.admitSigned(request)).isEqualTo(GateVerdict.accepted("acme"));
        assertThat(reason(nodeB.admitSigned(request))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(reason(nodeA.admitSigned(request))).isEqualTo(RejectionReason.REPLAYED);
    }

    @Test
    void aRequestOutsideTheWindowIsRefused() {
        clock.set(T0 + PartnerRequestCheck.WINDOW_MS + 1);
        assertThat(reason(nodeA.admitSigned(acme("nonce-0000000000000002")))).isEqualTo(RejectionReason.EXPIRED);
        clock.set(T0 - PartnerRequestCheck.WINDOW_MS - 1);
        assertThat(reason(nodeA.admitSigned(acme("nonce-0000000000000002"))))
                .isEqualTo(RejectionReason.NOT_YET_VALID);
        clock.set(T0);
        assertThat(nodeA.admitSigned(acme("nonce-0000000000000002")).isAccepted()).isTrue();
    }

    @Test
    void aKeyNotRegisteredToThePartnerIsRefused() {
        assertThat(reason(nodeA.admitSigned(signed("acme", "nonce-0000000000000003", T0, stranger, "node-a"))))
                .isEqualTo(RejectionReason.UNKNOWN_KEY);
        // Globex's own key, claiming to speak for acme (and so to spend acme's budget).
        assertThat(reason(nodeA.admitSigned(signed("acme", "nonce-0000000000000003", T0, globexKey, "node-a"))))
                .isEqualTo(RejectionReason.UNKNOWN_KEY);
        // None of those consumed the nonce.
        assertThat(nodeA.admitSigned(acme("nonce-0000000000000003")).isAccepted()).isTrue();
    }

    @Test
    void aRequestAlteredAfterSigningOrMadeForAnotherNodeIsBadSignature() {
        JcsValue.Obj request = acme("nonce-0000000000000004");
        assertThat(reason(nodeA.admitSigned(request.with("timestamp_ms", JcsValue.integer(T0 + 1)))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(reason(nodeA.admitSigned(signed("acme", "nonce-0000000000000004", T0, acmeKey, "node-b"))))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
        assertThat(nodeA.admitSigned(request).isAccepted()).isTrue();
    }

    @Test
    void aRevokedSigningKeyIsRefusedAtOnceByEveryNode() {
        assertThat(nodeA.admitSigned(acme("nonce-0000000000000005")).isAccepted()).isTrue();
        signers.revoke(acmeKey.did().toString());
        assertThat(reason(nodeA.admitSigned(acme("nonce-0000000000000006")))).isEqualTo(RejectionReason.REVOKED);
        assertThat(reason(nodeB.admitSigned(acme("nonce-0000000000000007")))).isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void signedRequestsSpendTheSameBudgetAsKeys() {
        for (int i = 0; i < 3; i++) {
            assertThat(nodeA.admitSigned(acme("nonce-000000000000010" + i)).isAccepted()).isTrue();
        }
        assertThat(reason(nodeB.admitSigned(acme("nonce-0000000000000200"))))
                .isEqualTo(RejectionReason.BUDGET_EXHAUSTED);
    }

    @Test
    void aMalformedSignedRequestNamesWhatIsWrong() {
        assertThat(reason(nodeA.admitSigned(acme("short")))).isEqualTo(RejectionReason.MALFORMED);
        GateVerdict<String> extra = nodeA.admitSigned(acme("nonce-0000000000000008").with("user_id",
                JcsValue.str("root")));
        assertThat(reason(extra)).isEqualTo(RejectionReason.MALFORMED);
        assertThat(((GateVerdict.Rejected<String>) extra).detail()).contains("user_id");
        assertThat(reason(nodeA.admitSigned(acme("nonce-0000000000000008").with("type",
                JcsValue.str("pouw-receipt-v1"))))).isEqualTo(RejectionReason.WRONG_TYPE);
    }
}
