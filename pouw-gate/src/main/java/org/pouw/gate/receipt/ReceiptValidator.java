package org.pouw.gate.receipt;

import java.util.Set;
import java.util.regex.Pattern;
import org.pouw.crypto.Base58;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeKind;
import org.pouw.gate.challenge.WorkChallenge;
import org.pouw.gate.hashcash.HashcashCheck;
import org.pouw.gate.hashcash.HashcashStamp;
import org.pouw.gate.jcs.JcsValue;
import org.pouw.gate.jcs.JsonRefusedException;
import org.pouw.gate.jcs.StrictJsonParser;
import org.pouw.gate.redeem.Redemptions;

/**
 * Validates a work receipt in the order of issue 21 §2 — cheapest and stateless first, the one write last:
 * <ol>
 *   <li>shape and size: one strict parse (ASCII, no duplicate keys, no lone surrogates, safe integers), exactly the
 *       members of docs/gate.md §5, {@code proof} one object;</li>
 *   <li>challenge signature and expiry ({@link ChallengeCheck});</li>
 *   <li>receipt signature: {@code verificationMethod} exactly the challenge DID's key, {@code challenge} the
 *       challenge id, {@code domain} this network, Ed25519 over the {@code eddsa-jcs-2022} hash data;</li>
 *   <li>the work, against the challenge's resource and difficulty;</li>
 *   <li>redemption: insert-if-absent of {@code chal:<id>} — reached only by a receipt that passed everything else,
 *       so a refused receipt consumes nothing.</li>
 * </ol>
 * The signature is checked over the canonical form of the very tree whose members are then acted on.
 */
public final class ReceiptValidator {
    public static final int MAX_RECEIPT_BYTES = 4096;
    private static final Set<String> RECEIPT_MEMBERS =
            Set.of("type", "challenge", "solution", "nonce", "timestamp_ms", "proof");
    private static final Set<String> PROOF_MEMBERS = Set.of("type", "cryptosuite", "verificationMethod",
            "proofPurpose", "challenge", "domain", "proofValue");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final StrictJsonParser PARSER = StrictJsonParser.ascii(MAX_RECEIPT_BYTES);

    private final ChallengeCheck challengeCheck;
    private final Redemptions redemptions;
    private final String networkId;
    private final long skewMs;

    /**
     * @param skewMs the clock-skew allowance: a redemption is kept until the challenge's expiry plus this, never
     *               less (issue 21 §5)
     */
    public ReceiptValidator(ChallengeCheck challengeCheck, Redemptions redemptions, String networkId, long skewMs) {
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        this.challengeCheck = challengeCheck;
        this.redemptions = redemptions;
        this.networkId = networkId;
        this.skewMs = skewMs;
    }

    public GateVerdict<RedeemedChallenge> validate(byte[] body, RedemptionPurpose purpose) {
        // 1. Shape and size.
        JcsValue.Obj receipt;
        JcsValue.Obj proof;
        try {
            if (!(PARSER.parse(body) instanceof JcsValue.Obj parsed)) {
                return rejected(RejectionReason.MALFORMED, "a receipt is one JSON object");
            }
            receipt = parsed;
            if (!(receipt.members().get("type") instanceof JcsValue.Str type)) {
                return rejected(RejectionReason.MALFORMED, "a receipt has a string member 'type'");
            }
            if (!type.value().equals(GateTypeTag.RECEIPT.tag())) {
                return rejected(RejectionReason.WRONG_TYPE,
                        "expected a " + GateTypeTag.RECEIPT.tag() + ", got " + type.value());
            }
            exactMembers(receipt, RECEIPT_MEMBERS, "$");
            receipt.object("challenge");
            receipt.text("solution");
            receipt.integer("timestamp_ms");
            if (!NONCE.matcher(receipt.text("nonce")).matches()) {
                return rejected(RejectionReason.MALFORMED, "nonce must be 16…64 characters of [A-Za-z0-9_-]");
            }
            proof = receipt.object("proof");
            exactMembers(proof, PROOF_MEMBERS, "$.proof");
            try {
                for (String name : PROOF_MEMBERS) {
                    proof.text(name);
                }
            } catch (JsonRefusedException e) {
                throw e.under("$.proof");
            }
            if (!proof.text("type").equals(EddsaJcs2022.PROOF_TYPE)
                    || !proof.text("cryptosuite").equals(EddsaJcs2022.CRYPTOSUITE)
                    || !proof.text("proofPurpose").equals(EddsaJcs2022.PROOF_PURPOSE)) {
                return rejected(RejectionReason.MALFORMED, "proof must be a DataIntegrityProof of eddsa-jcs-2022 "
                        + "for authentication");
            }
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }

        // 2. Challenge signature and expiry.
        GateVerdict<WorkChallenge> checked = challengeCheck.check(receipt.object("challenge"));
        if (checked instanceof GateVerdict.Rejected<WorkChallenge> refused) {
            return refused.as();
        }
        WorkChallenge challenge = ((GateVerdict.Accepted<WorkChallenge>) checked).value();

        // 3. Receipt signature, by the DID the challenge was issued to.
        DidKey did = DidKey.parse(challenge.did());
        if (!proof.text("verificationMethod").equals(EddsaJcs2022.verificationMethod(did))) {
            return rejected(RejectionReason.BAD_SIGNATURE, "verificationMethod must be the challenge's did#key");
        }
        if (!proof.text("challenge").equals(challenge.id())) {
            return rejected(RejectionReason.BAD_SIGNATURE, "proof.challenge must be the challenge id");
        }
        if (!proof.text("domain").equals(networkId)) {
            return rejected(RejectionReason.BAD_SIGNATURE, "proof.domain must be this network's id");
        }
        byte[] signature = multibaseSignature(proof.text("proofValue"));
        byte[] signed = EddsaJcs2022.hashData(proof.without("proofValue"), receipt.without("proof"));
        if (signature == null || !Ed25519.verify(did.publicKey(), signed, signature)) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the receipt's signature does not hold");
        }

        // 4. The work, before anything is written.
        GateVerdict<RedeemedChallenge> work = checkWork(challenge, receipt.text("solution"));
        if (work != null) {
            return work;
        }

        // 5. Redemption: one key per challenge, whatever it buys.
        long keepUntil = Math.addExact(challenge.expiresAtMs(), skewMs);
        if (!redemptions.redeemOnce(Redemptions.challengeKey(challenge.id()), keepUntil)) {
            return rejected(RejectionReason.REPLAYED, "challenge " + challenge.id() + " was redeemed already");
        }
        return GateVerdict.accepted(new RedeemedChallenge(challenge, challenge.did(), purpose,
                receipt.text("nonce"), receipt.integer("timestamp_ms")));
    }

    /** Null when the work counts; otherwise the rejection. */
    private static GateVerdict<RedeemedChallenge> checkWork(WorkChallenge challenge, String solution) {
        if (challenge.kind() != ChallengeKind.HASHCASH) {
            return rejected(RejectionReason.UNSUPPORTED_KIND, "useful challenges are checked against the ledger, "
                    + "which this gate does not yet consult");
        }
        if (solution.length() > HashcashStamp.MAX_LENGTH) {
            return rejected(RejectionReason.MALFORMED, "a stamp has at most " + HashcashStamp.MAX_LENGTH + " bytes");
        }
        return switch (HashcashCheck.check(solution, challenge.resource(), challenge.difficulty())) {
            case ACCEPTED -> null;
            case MALFORMED, WRONG_VERSION -> rejected(RejectionReason.MALFORMED, "the solution is not a hashcash "
                    + "v1 stamp");
            case WRONG_RESOURCE -> rejected(RejectionReason.WRONG_RESOURCE, "the stamp is for another resource");
            case INSUFFICIENT_WORK -> rejected(RejectionReason.INSUFFICIENT_WORK,
                    "the stamp has fewer than the challenge's " + challenge.difficulty() + " bits");
        };
    }

    private static void exactMembers(JcsValue.Obj obj, Set<String> names, String path) {
        for (String name : obj.members().keySet()) {
            if (!names.contains(name)) {
                throw new JsonRefusedException("unknown member '" + name + "'", -1, path + "." + name);
            }
        }
        for (String name : names) {
            if (!obj.has(name)) {
                throw new JsonRefusedException("member '" + name + "' is missing", -1, path + "." + name);
            }
        }
    }

    /** The signature of a multibase base58btc {@code proofValue} ({@code z…}), or null if it is not one. */
    private static byte[] multibaseSignature(String proofValue) {
        if (!proofValue.startsWith("z") || proofValue.length() > 100) {
            return null;
        }
        try {
            byte[] bytes = Base58.decode(proofValue.substring(1));
            return bytes.length == Ed25519.SIGNATURE_LENGTH ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static GateVerdict<RedeemedChallenge> rejected(RejectionReason reason, String detail) {
        return GateVerdict.rejected(reason, detail);
    }
}
