package org.pouw.gate.partner;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.pouw.core.Clock;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JsonRefusedException;
import org.pouw.gate.receipt.DataIntegrityProofs;
import org.pouw.gate.redeem.Redemptions;

/**
 * A partner's Ed25519-signed token request (issue 21 §4), the alternative to an API key: no secret travels, so
 * there is nothing to leak from a log or a proxy.
 * <pre>
 * {"type":"pouw-token-request-v1","mode":"partner","partner":"acme","nonce":"…","timestamp_ms":…,"proof":{…}}
 * </pre>
 * {@code proof} is an eddsa-jcs-2022 proof (as a receipt's) by a did:key registered to the partner, with
 * {@code challenge} = the nonce and {@code domain} = this node's audience. Order: shape → the timestamp within
 * {@link #WINDOW_MS} of the {@link Clock} → the signing key registered to this partner → the signature → not
 * revoked → the nonce unused ({@code partnerreq:<partner>:<nonce>} in the shared {@link Redemptions} store, kept
 * until the window has passed, so a captured request can not be replayed at any node).
 */
public final class PartnerRequestCheck {
    /** How far a request's timestamp may lie from the node's clock, either way. */
    public static final long WINDOW_MS = 60_000;
    static final Set<String> MEMBERS = Set.of("type", "mode", "partner", "nonce", "timestamp_ms", "proof");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final PartnerSigningKeys signers;
    private final Redemptions redemptions;
    private final Clock clock;
    private final String audience;
    private final long skewMs;

    public PartnerRequestCheck(PartnerSigningKeys signers, Redemptions redemptions, Clock clock, String audience,
            long skewMs) {
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        this.signers = signers;
        this.redemptions = redemptions;
        this.clock = clock;
        this.audience = audience;
        this.skewMs = skewMs;
    }

    public static String nonceKey(String partnerId, String nonce) {
        return "partnerreq:" + partnerId + ":" + nonce;
    }

    /** The partner id, with the request's nonce consumed; or why not. The budget is the caller's next step. */
    public GateVerdict<String> check(JcsValue.Obj request) {
        String partner;
        String nonce;
        long timestamp;
        String verificationMethod;
        try {
            if (!request.text("type").equals(GateTypeTag.TOKEN_REQUEST.tag())) {
                return rejected(RejectionReason.WRONG_TYPE, "a signed partner request is a "
                        + GateTypeTag.TOKEN_REQUEST.tag());
            }
            for (String name : request.members().keySet()) {
                if (!MEMBERS.contains(name)) {
                    throw new JsonRefusedException("unknown member '" + name + "'", -1, "$." + name);
                }
            }
            partner = request.text("partner");
            nonce = request.text("nonce");
            timestamp = request.integer("timestamp_ms");
            if (!NONCE.matcher(nonce).matches()) {
                return rejected(RejectionReason.MALFORMED, "nonce must be 16…64 characters of [A-Za-z0-9_-]");
            }
            DataIntegrityProofs.requireShape(request.object("proof"));
            verificationMethod = request.object("proof").text("verificationMethod");
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        long now = clock.millis();
        if (timestamp < now - WINDOW_MS) {
            return rejected(RejectionReason.EXPIRED, "the request's timestamp is more than " + WINDOW_MS
                    + " ms old");
        }
        if (timestamp > now + WINDOW_MS) {
            return rejected(RejectionReason.NOT_YET_VALID, "the request's timestamp is ahead of this clock");
        }
        int hash = verificationMethod.indexOf('#');
        String did = hash < 0 ? verificationMethod : verificationMethod.substring(0, hash);
        Optional<PartnerSigningKeys.PartnerSigner> signer = DidKey.isValid(did) ? signers.byDid(did)
                : Optional.empty();
        if (signer.isEmpty() || !signer.get().partnerId().equals(partner)) {
            return rejected(RejectionReason.UNKNOWN_KEY, "no signing key of partner " + partner + " is " + did);
        }
        Optional<String> badProof = DataIntegrityProofs.failure(request, DidKey.parse(did), nonce, audience);
        if (badProof.isPresent()) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the partner request's proof: " + badProof.get());
        }
        if (signer.get().revoked()) {
            return rejected(RejectionReason.REVOKED, "partner signing key " + did + " is revoked");
        }
        long keepUntil = Math.addExact(Math.addExact(timestamp, WINDOW_MS), skewMs);
        // A request is presentable from WINDOW_MS before its timestamp (the check above allows that much ahead).
        if (!redemptions.redeemOnce(nonceKey(partner, nonce), Math.subtractExact(timestamp, WINDOW_MS), keepUntil)) {
            return rejected(RejectionReason.REPLAYED, "nonce " + nonce + " was used already");
        }
        return GateVerdict.accepted(partner);
    }

    private static GateVerdict<String> rejected(RejectionReason reason, String detail) {
        return GateVerdict.rejected(reason, detail);
    }
}
