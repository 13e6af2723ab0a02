package org.pouw.gate.receipt;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeKind;
import org.pouw.gate.challenge.WorkChallenge;
import org.pouw.gate.hashcash.HashcashCheck;
import org.pouw.gate.hashcash.HashcashStamp;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.RedemptionStoreUnavailableException;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.useful.UsefulWorkCheck;

/**
 * Validates a work receipt in the order of issue 21 §2 — cheapest and stateless first, the one write last:
 * <ol>
 *   <li>shape and size: one strict parse (ASCII, no duplicate keys, no lone surrogates, safe integers), exactly the
 *       members of docs/gate.md §5, {@code proof} one object;</li>
 *   <li>challenge signature and expiry ({@link ChallengeCheck});</li>
 *   <li>receipt signature: {@code verificationMethod} exactly the challenge DID's key, {@code challenge} the
 *       challenge id, {@code domain} this network, Ed25519 over the {@code eddsa-jcs-2022} hash data;</li>
 *   <li>the work: a hashcash stamp against the challenge's resource and difficulty; a {@code useful} challenge
 *       against the ledger ({@link UsefulWorkCheck}: its job paid to this DID after the issue) — and a useful
 *       challenge buys a token only, never a reward;</li>
 *   <li>redemption: insert-if-absent of {@code chal:<id>} — reached only by a receipt that passed everything else,
 *       so a refused receipt consumes nothing.</li>
 * </ol>
 * The signature is checked over the canonical form of the very tree whose members are then acted on.
 */
public final class ReceiptValidator {
    public static final int MAX_RECEIPT_BYTES = 4096;
    private static final Set<String> RECEIPT_MEMBERS =
            Set.of("type", "challenge", "solution", "nonce", "timestamp_ms", "proof");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final StrictJsonParser PARSER = StrictJsonParser.ascii(MAX_RECEIPT_BYTES);

    private final ChallengeCheck challengeCheck;
    private final Redemptions redemptions;
    private final UsefulWorkCheck usefulWork;
    private final String networkId;
    private final long skewMs;

    /**
     * @param usefulWork how {@code useful} challenges are judged: against the market ledger the node binds
     * @param skewMs     the clock-skew allowance: a redemption is kept until the challenge's expiry plus this, never
     *                   less (issue 21 §5)
     */
    public ReceiptValidator(ChallengeCheck challengeCheck, Redemptions redemptions, UsefulWorkCheck usefulWork,
            String networkId, long skewMs) {
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        this.challengeCheck = challengeCheck;
        this.redemptions = redemptions;
        this.usefulWork = usefulWork;
        this.networkId = networkId;
        this.skewMs = skewMs;
    }

    /**
     * A validator for a node with no market ledger: no job was ever paid there, so every {@code useful} receipt is
     * refused as {@code not_earned}.
     */
    public ReceiptValidator(ChallengeCheck challengeCheck, Redemptions redemptions, String networkId, long skewMs) {
        this(challengeCheck, redemptions, new UsefulWorkCheck(job -> Optional.empty()), networkId, skewMs);
    }

    /** Steps 1–5: the receipt redeemed for {@code purpose}, or why not. */
    public GateVerdict<RedeemedChallenge> validate(byte[] body, RedemptionPurpose purpose) {
        GateVerdict<CheckedReceipt> checked = check(body, purpose);
        if (checked instanceof GateVerdict.Rejected<CheckedReceipt> refused) {
            return refused.as();
        }
        CheckedReceipt receipt = ((GateVerdict.Accepted<CheckedReceipt>) checked).value();
        // 5. Redemption: one key per challenge, whatever it buys. Presentable from its issue: a store that lost its
        // state refuses every challenge issued before the loss, and its reason reaches the client.
        GateVerdict<Boolean> redeemed = redemptions.redeem(Redemptions.challengeKey(receipt.challenge().id()),
                receipt.challenge().issuedAtMs(), keepUntil(receipt),
                Grant.stateless(() -> GateVerdict.accepted(true)));
        if (redeemed instanceof GateVerdict.Rejected<Boolean> refused) {
            if (refused.reason() == RejectionReason.STORE_UNAVAILABLE) {
                throw new RedemptionStoreUnavailableException("redemption of challenge " + receipt.challenge().id()
                        + ": " + refused.detail());
            }
            return refused.as();
        }
        return GateVerdict.accepted(receipt.redeemed(purpose));
    }

    /** How long the redemption of this receipt's challenge must be kept: its expiry plus the skew, never less. */
    public long keepUntil(CheckedReceipt receipt) {
        return Math.addExact(receipt.challenge().expiresAtMs(), skewMs);
    }

    /**
     * Steps 1–4, writing nothing: for a caller that redeems in its own transaction (a reward, paid together with the
     * redemption). A {@code useful} receipt asked to buy a reward is refused here: its job paid already.
     */
    public GateVerdict<CheckedReceipt> check(byte[] body, RedemptionPurpose purpose) {
        // 1. Shape and size.
        JcsValue.Obj receipt;
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
            DataIntegrityProofs.requireShape(receipt.object("proof"));
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
        Optional<String> badProof = DataIntegrityProofs.failure(receipt, did, challenge.id(), networkId);
        if (badProof.isPresent()) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the receipt's proof: " + badProof.get());
        }

        // 4. The work, before anything is written.
        GateVerdict<CheckedReceipt> work = checkWork(challenge, receipt.text("solution"), purpose);
        if (work != null) {
            return work;
        }
        return GateVerdict.accepted(new CheckedReceipt(challenge, challenge.did(), receipt.text("nonce"),
                receipt.integer("timestamp_ms")));
    }

    /** Null when the work counts; otherwise the rejection. */
    private GateVerdict<CheckedReceipt> checkWork(WorkChallenge challenge, String solution,
            RedemptionPurpose purpose) {
        if (challenge.kind() == ChallengeKind.SHARE) {
            return rejected(RejectionReason.WRONG_TYPE, "a share challenge is mined through a pool; it buys nothing "
                    + "as a receipt");
        }
        if (challenge.kind() == ChallengeKind.USEFUL) {
            if (purpose == RedemptionPurpose.REWARD) {
                return rejected(RejectionReason.REWARD_NOT_OFFERED, "useful work is paid by its job; its challenge "
                        + "buys a token only");
            }
            GateVerdict<String> earned = usefulWork.check(challenge, solution);
            return earned instanceof GateVerdict.Rejected<String> refused ? refused.as() : null;
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

    private static <T> GateVerdict<T> rejected(RejectionReason reason, String detail) {
        return GateVerdict.rejected(reason, detail);
    }
}
