package org.pouw.gate.token;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.JsonRefusedException;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.poolattest.PoolAttestation;
import org.pouw.gate.poolattest.PoolAttestationCheck;
import org.pouw.gate.poolattest.PoolTokenRate;
import org.pouw.gate.poolattest.PoolRelay;
import org.pouw.gate.poolattest.RelayAnswer;
import org.pouw.gate.poolattest.RelayedShare;
import org.pouw.gate.poolattest.ShareRelayForm;
import org.pouw.gate.receipt.DataIntegrityProofs;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedeemedChallenge;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.redeem.Redemptions;

/**
 * The rules behind {@code POST /v1/tokens {"mode", …}} (issue 21 §4; docs/gate.md §8). The node decides what a token
 * allows from the mode alone; a request naming {@code permissions}, {@code client_ip} or {@code user_id} is refused
 * with that field named, and any other member a mode does not take is refused as unknown.
 * <ul>
 *   <li>{@code anonymous} — {@code {"mode"}}: the lowest class, for nothing;</li>
 *   <li>{@code pow} — {@code {"mode","receipt"}}: a work receipt (hashcash, or a paid useful job) redeemed through
 *       the {@link Redemptions} port, so one challenge buys one token, and never both a token and a reward;</li>
 *   <li>{@code pool_validated} — {@code {"type","mode","attestation","proof"}}: a configured pool's attestation for
 *       this audience, re-checked ({@link PoolAttestationCheck}), in a request signed by the attested miner's
 *       did:key ({@code proof.challenge} = the attestation id, {@code proof.domain} = this audience), within the
 *       pool's {@link PoolTokenRate}, redeemed once under {@code poolshare:<header hash>} (so one share buys one
 *       token whatever attestations carry it); or
 *       {@code {"type","mode","share","proof"}}: a share the node checks itself and then relays to its pools
 *       through the {@link PoolRelay} port (issue 23 §5), redeemed the same way from the pool's attestation;</li>
 *   <li>{@code partner} — {@code {"mode","partner_key"}}: {@link PartnerAccess} (hashed keys, revocation, budget);
 *       or {@code {"type","mode","partner","nonce","timestamp_ms","proof"}} signed by a partner's registered did:key
 *       ({@link org.pouw.gate.partner.PartnerRequestCheck}), then the same budget.</li>
 * </ul>
 */
public final class TokenRequests {
    public static final int MAX_REQUEST_BYTES = 8192;
    /** Members the node sets itself; the seed's token service took them from the request. */
    public static final Set<String> FORBIDDEN_FIELDS = Set.of("permissions", "client_ip", "user_id");
    private static final StrictJsonParser PARSER = StrictJsonParser.ascii(MAX_REQUEST_BYTES);
    private static final Map<TokenMode, Set<String>> MEMBERS = Map.of(
            TokenMode.ANONYMOUS, Set.of("mode"),
            TokenMode.POW, Set.of("mode", "receipt"),
            TokenMode.POOL_VALIDATED, Set.of("type", "mode", "attestation", "share", "proof"),
            TokenMode.PARTNER, Set.of("mode", "partner_key", "type", "partner", "nonce", "timestamp_ms", "proof"));

    private final AccessTokenIssuer issuer;
    private final ReceiptValidator receipts;
    private final PoolAttestationCheck pools;
    private final PartnerAccess partners;
    private final Redemptions redemptions;
    private final PoolTokenRate poolRate;
    private final PoolRelay relay;
    private final long skewMs;

    public TokenRequests(AccessTokenIssuer issuer, ReceiptValidator receipts, PoolAttestationCheck pools,
            PoolTokenRate poolRate, PartnerAccess partners, Redemptions redemptions, long skewMs) {
        this(issuer, receipts, pools, poolRate, PoolRelay.NONE, partners, redemptions, skewMs);
    }

    /** @param relay how a share sent to this node reaches a pool ({@link PoolRelay#NONE} when none is set up) */
    public TokenRequests(AccessTokenIssuer issuer, ReceiptValidator receipts, PoolAttestationCheck pools,
            PoolTokenRate poolRate, PoolRelay relay, PartnerAccess partners, Redemptions redemptions, long skewMs) {
        if (skewMs < 0) {
            throw new IllegalArgumentException("clock skew_ms must be >= 0, got " + skewMs);
        }
        this.issuer = issuer;
        this.receipts = receipts;
        this.pools = pools;
        this.poolRate = poolRate;
        this.relay = relay;
        this.partners = partners;
        this.redemptions = redemptions;
        this.skewMs = skewMs;
    }

    /** What one token is redeemed under: the share's header hash, whatever attestations carry it. */
    public static String attestationKey(PoolAttestation attestation) {
        return "poolshare:" + attestation.share().hashHex();
    }

    public GateVerdict<IssuedToken> request(byte[] body) {
        JcsValue.Obj request;
        TokenMode mode;
        try {
            if (!(PARSER.parse(body) instanceof JcsValue.Obj parsed)) {
                return rejected(RejectionReason.MALFORMED, "a token request is one JSON object");
            }
            request = parsed;
            for (String name : request.members().keySet()) {
                if (FORBIDDEN_FIELDS.contains(name)) {
                    return rejected(RejectionReason.FORBIDDEN_FIELD, name + " is set by the node from the mode, "
                            + "never by the request");
                }
            }
            Optional<TokenMode> known = TokenMode.fromWire(request.text("mode"));
            if (known.isEmpty()) {
                return rejected(RejectionReason.MALFORMED, "mode must be anonymous, pow, pool_validated or partner");
            }
            mode = known.get();
            for (String name : request.members().keySet()) {
                if (!MEMBERS.get(mode).contains(name)) {
                    throw new JsonRefusedException("unknown member '" + name + "' for mode " + mode.wire(), -1,
                            "$." + name);
                }
            }
            if (mode == TokenMode.POOL_VALIDATED) {
                // Either the pool's attestation the miner fetched itself, or the share for the node to relay.
                if (request.has("attestation") == request.has("share")) {
                    throw new JsonRefusedException("a pool_validated request carries exactly one of attestation "
                            + "and share", -1, "$.share");
                }
                for (String name : List.of("type", "proof")) {
                    request.get(name);
                }
            } else if (mode != TokenMode.PARTNER) {
                for (String name : MEMBERS.get(mode)) {
                    request.get(name);
                }
            }
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        return switch (mode) {
            case ANONYMOUS -> GateVerdict.accepted(issuer.issue(TokenMode.ANONYMOUS, "anonymous"));
            case POW -> pow(request);
            case POOL_VALIDATED -> poolValidated(request);
            case PARTNER -> partner(request);
        };
    }

    private GateVerdict<IssuedToken> pow(JcsValue.Obj request) {
        byte[] receipt = JcsWriter.canonicalBytes(request.get("receipt"));
        GateVerdict<RedeemedChallenge> redeemed = receipts.validate(receipt, RedemptionPurpose.TOKEN);
        if (redeemed instanceof GateVerdict.Rejected<RedeemedChallenge> refused) {
            return refused.as();
        }
        String did = ((GateVerdict.Accepted<RedeemedChallenge>) redeemed).value().did();
        return GateVerdict.accepted(issuer.issue(TokenMode.POW, did));
    }

    private GateVerdict<IssuedToken> poolValidated(JcsValue.Obj request) {
        try {
            if (!request.text("type").equals(GateTypeTag.TOKEN_REQUEST.tag())) {
                return rejected(RejectionReason.WRONG_TYPE, "a pool_validated request is a "
                        + GateTypeTag.TOKEN_REQUEST.tag());
            }
            DataIntegrityProofs.requireShape(request.object("proof"));
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        if (request.has("share")) {
            return relayed(request);
        }
        GateVerdict<PoolAttestation> checked = pools.check(request.get("attestation"));
        if (checked instanceof GateVerdict.Rejected<PoolAttestation> refused) {
            return refused.as();
        }
        PoolAttestation attestation = ((GateVerdict.Accepted<PoolAttestation>) checked).value();
        // The token goes to the miner the pool named, and only to a request that miner signed.
        Optional<String> badProof = DataIntegrityProofs.failure(request, DidKey.parse(attestation.miner()),
                attestation.id(), issuer.audience());
        if (badProof.isPresent()) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the request must be signed by the attested miner: "
                    + badProof.get());
        }
        return redeem(attestation);
    }

    /**
     * A share for the node to take to its pools (issue 23 §5). Everything the node can check itself is checked
     * before a pool is asked — the form and the miner's signature on the share, the miner's signature on the
     * request ({@code proof.challenge} = the share's {@code challenge_id}), the header on this node's own challenge
     * and minimum — so garbage never spends a pool's quota nor counts against a pool's circuit breaker. The pool's
     * attestation is then checked like one the miner brought, and must be of this very share for this miner.
     */
    private GateVerdict<IssuedToken> relayed(JcsValue.Obj request) {
        RelayedShare share;
        try {
            if (!(request.get("share") instanceof JcsValue.Obj form)) {
                return rejected(RejectionReason.MALFORMED, "share must be an object ($.share)");
            }
            share = ShareRelayForm.read(form);
        } catch (JsonRefusedException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        } catch (SecurityException e) {
            return rejected(RejectionReason.BAD_SIGNATURE, e.getMessage());
        }
        Optional<String> badProof = DataIntegrityProofs.failure(request, DidKey.parse(share.miner()),
                share.poolShare().text("challenge_id"), issuer.audience());
        if (badProof.isPresent()) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the request must be signed by the share's miner: "
                    + badProof.get());
        }
        Optional<GateVerdict.Rejected<?>> work = pools.checkShare(share.work(), share.miner());
        if (work.isPresent()) {
            return work.get().as();
        }
        RelayAnswer answer = relay.submit(share);
        return switch (answer) {
            case RelayAnswer.Unavailable down -> rejected(RejectionReason.POOL_UNAVAILABLE, down.detail());
            case RelayAnswer.Refused refused -> rejected(RejectionReason.POOL_REFUSED, "the pool refused the share: "
                    + refused.code() + ": " + refused.message()
                    + (refused.field() == null ? "" : " ($.share." + refused.field() + ")"));
            case RelayAnswer.Attested attested -> redeemRelayed(share, attested.attestation());
        };
    }

    private GateVerdict<IssuedToken> redeemRelayed(RelayedShare share, JcsValue answer) {
        GateVerdict<PoolAttestation> checked = pools.check(answer);
        if (checked instanceof GateVerdict.Rejected<PoolAttestation> refused) {
            return rejected(RejectionReason.POOL_BAD_ANSWER, "the pool's attestation does not hold: "
                    + refused.reason().code() + ": " + refused.detail());
        }
        PoolAttestation attestation = ((GateVerdict.Accepted<PoolAttestation>) checked).value();
        if (!attestation.miner().equals(share.miner())
                || !attestation.share().hashHex().equals(share.headerHash())) {
            return rejected(RejectionReason.POOL_BAD_ANSWER, "the pool attested another share or miner than the "
                    + "one relayed");
        }
        return redeem(attestation);
    }

    private GateVerdict<IssuedToken> redeem(PoolAttestation attestation) {
        if (!poolRate.tryTake(attestation.pool())) {
            return rejected(RejectionReason.BUDGET_EXHAUSTED, "pool " + attestation.pool() + " has bought its "
                    + "max_tokens_per_minute here this minute");
        }
        // A header share can be presented while its attestation or its challenge lives, so its entry outlives both.
        long keepUntil = Math.max(attestation.expiresAtMs(),
                attestation.share().challenge().integer("expires_at_ms"));
        // Presentable once the attestation, or the header share's challenge, was issued: whichever came first.
        long presentableFrom = Math.min(attestation.issuedAtMs(),
                attestation.share().challenge().integer("issued_at_ms"));
        if (!redemptions.redeemOnce(attestationKey(attestation), Math.subtractExact(presentableFrom, skewMs),
                Math.addExact(keepUntil, skewMs))) {
            poolRate.giveBack(attestation.pool());
            return rejected(RejectionReason.REPLAYED, "the share of attestation " + attestation.id()
                    + " bought a token already");
        }
        return GateVerdict.accepted(issuer.issue(TokenMode.POOL_VALIDATED, attestation.miner(),
                poolRate.classOf(attestation.pool())));
    }

    private GateVerdict<IssuedToken> partner(JcsValue.Obj request) {
        GateVerdict<String> admitted;
        if (request.has("partner_key")) {
            try {
                if (request.members().size() != 2) {
                    throw new JsonRefusedException("a partner_key request has only mode and partner_key", -1, "$");
                }
                admitted = partners.admit(request.text("partner_key"));
            } catch (JsonRefusedException e) {
                return rejected(RejectionReason.MALFORMED, e.getMessage());
            }
        } else {
            admitted = partners.admitSigned(request);
        }
        if (admitted instanceof GateVerdict.Rejected<String> refused) {
            return refused.as();
        }
        String partner = ((GateVerdict.Accepted<String>) admitted).value();
        return GateVerdict.accepted(issuer.issue(TokenMode.PARTNER, "partner:" + partner));
    }

    private static GateVerdict<IssuedToken> rejected(RejectionReason reason, String detail) {
        return GateVerdict.rejected(reason, detail);
    }
}
