package org.pouw.node.http;

import io.helidon.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.crypto.DidKey;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeKind;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.challenge.WorkChallenge;
import org.pouw.gate.receipt.CheckedReceipt;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.reward.RewardPaid;
import org.pouw.gate.token.AccessToken;
import org.pouw.gate.token.IssuedToken;
import org.pouw.gate.token.TokenRequests;
import org.pouw.node.gate.GateMetrics;
import org.pouw.node.gate.GateService;
import tools.jackson.databind.node.ObjectNode;

/**
 * Challenges, work receipts and access tokens over HTTP (issue 21; docs/gate.md, docs/api.md "Gate"). Every refusal
 * is the API's error body with the gate's reason code, and the field when the reason names one.
 */
public final class GateEndpoints implements Endpoints {
    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_]+)+");

    private final GateService gate;
    private final GateMetrics metrics;

    public GateEndpoints(GateService gate, GateMetrics metrics) {
        this.gate = gate;
        this.metrics = metrics;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/v1/challenges", this::challenge);
        routes.post("/v1/receipts", this::receipt);
        routes.post("/v1/tokens", this::token);
        routes.get("/v1/gate/keys", this::keys);
        new PartnerAdminEndpoints(gate.partners()).register(routes);
    }

    /** Receipts and token requests refused by the edge's rate limits count under the gate's reason {@code rate_limited}. */
    @Override
    public void rateLimited(RouteTable.Route route) {
        switch (route.path()) {
            case "/v1/receipts" -> metrics.receiptRateLimited();
            case "/v1/tokens" -> metrics.tokenRateLimited();
            default -> {
            }
        }
    }

    private void challenge(ApiCall call) {
        RequestBody body = call.body(List.of("did", "kind", "difficulty", "job"));
        String did = body.string("did");
        if (!DidKey.isValid(did)) {
            throw PouwException.invalid("did", "must be an Ed25519 did:key (did:key:z6Mk…)");
        }
        ChallengeKind kind = ChallengeKind.fromWire(body.string("kind"))
                .orElseThrow(() -> PouwException.invalid("kind", "must be hashcash, useful or share"));
        if (!gate.admitChallenge()) {
            throw new PouwException(Problem.RATE_LIMITED, "the challenge class's budget is spent this second; "
                    + "retry shortly");
        }
        SignedChallenge challenge;
        if (kind == ChallengeKind.HASHCASH) {
            if (body.has("job")) {
                throw PouwException.invalid("job", "only a useful challenge names a job");
            }
            OptionalInt asked = OptionalInt.empty();
            if (body.has("difficulty")) {
                long bits = body.integer("difficulty");
                if (bits < 1 || bits > WorkChallenge.MAX_DIFFICULTY) {
                    throw PouwException.invalid("difficulty", "must be 1…" + WorkChallenge.MAX_DIFFICULTY
                            + " bits, got " + bits);
                }
                asked = OptionalInt.of((int) bits);
            }
            challenge = gate.hashcash(DidKey.parse(did), call.remoteAddress(), asked);
        } else if (kind == ChallengeKind.SHARE) {
            if (body.has("difficulty") || body.has("job")) {
                throw PouwException.invalid(body.has("job") ? "job" : "difficulty", "a share challenge takes only "
                        + "did and kind: its difficulty is this node's pools.min_share_bits");
            }
            challenge = gate.share(DidKey.parse(did)).orElseThrow(() -> PouwException.invalid("kind",
                    "share challenges are for mining through a pool, and this node trusts none (pools.trusted)"));
        } else {
            if (body.has("difficulty")) {
                throw PouwException.invalid("difficulty", "a useful challenge has no difficulty");
            }
            GateVerdict<SignedChallenge> verdict = gate.useful(DidKey.parse(did), body.string("job"));
            if (verdict instanceof GateVerdict.Rejected<SignedChallenge> refused) {
                refuse(call, refused.reason(), refused.detail(), "job");
                return;
            }
            challenge = ((GateVerdict.Accepted<SignedChallenge>) verdict).value();
        }
        call.jsonBytes(challenge.wire().getBytes(StandardCharsets.US_ASCII));
    }

    private void receipt(ApiCall call) {
        metrics.receiptReceived();
        // A bearer token that is not a valid login token (an access token, a challenge) is refused before anything.
        Optional<String> caller = call.optionalCaller();
        byte[] body = call.rawBody(ReceiptValidator.MAX_RECEIPT_BYTES);
        GateVerdict<RewardPaid> verdict = gate.reward(body);
        if (verdict instanceof GateVerdict.Accepted<RewardPaid> paid) {
            call.json(paidJson(paid.value(), "paid"));
            return;
        }
        GateVerdict.Rejected<RewardPaid> refused = (GateVerdict.Rejected<RewardPaid>) verdict;
        metrics.receiptRejected(refused.reason());
        if (refused.reason() == RejectionReason.REPLAYED) {
            // The stored result goes only to the DID it was paid to, proven by its login token; never a token.
            Optional<CheckedReceipt> receipt = gate.checkedReceipt(body);
            if (caller.isPresent() && receipt.isPresent() && caller.get().equals(receipt.get().did())) {
                Optional<RewardPaid> stored = gate.storedResult(receipt.get().challenge().id(), caller.get());
                if (stored.isPresent()) {
                    ObjectNode out = ApiErrors.body("replayed", refused.detail() + "; its stored result follows",
                            null);
                    out.set("result", paidJson(stored.get(), "paid"));
                    ApiErrors.send(call.response(), Status.CONFLICT_409, out);
                    return;
                }
            }
        }
        refuse(call, refused.reason(), refused.detail(), null);
    }

    private void token(ApiCall call) {
        byte[] body = call.rawBody(TokenRequests.MAX_REQUEST_BYTES);
        GateVerdict<IssuedToken> verdict = gate.token(body);
        if (verdict instanceof GateVerdict.Rejected<IssuedToken> refused) {
            metrics.tokenRejected(refused.reason());
            if (refused.reason() == RejectionReason.POOL_UNAVAILABLE) {
                // When a breaker lets a trial call through again; 1 s when none is open (the pool merely failed).
                long seconds = gate.poolClient().map(client -> client.retryAfterSeconds()).orElse(60L);
                call.response().header("Retry-After", String.valueOf(seconds));
            }
            refuse(call, refused.reason(), refused.detail(), null);
            return;
        }
        IssuedToken issued = ((GateVerdict.Accepted<IssuedToken>) verdict).value();
        AccessToken token = issued.token();
        metrics.tokenIssued(token.mode());
        ObjectNode out = ApiJson.object();
        out.put("token", issued.wire());
        out.put("mode", token.mode().wire());
        out.put("class", token.accessClass().wire());
        out.put("sub", token.subject());
        out.put("aud", token.audience());
        out.put("jti", token.jti());
        out.put("expires_at_ms", token.expiresAtMs());
        call.json(out);
    }

    private void keys(ApiCall call) {
        ObjectNode out = ApiJson.object();
        out.put("node", gate.settings().nodeId());
        out.put("store", gate.settings().storeId());
        out.put("network", gate.settings().networkId());
        out.put("audience", gate.settings().audience());
        out.put("challenge_public_key", HexFormat.of().formatHex(gate.challengePublicKey()));
        ObjectNode key = out.putArray("token_public_keys").addObject();
        key.put("kid", gate.tokenKey().kid());
        key.put("public_key", HexFormat.of().formatHex(gate.tokenKey().publicKey()));
        call.json(out);
    }

    private static ObjectNode paidJson(RewardPaid paid, String status) {
        ObjectNode out = ApiJson.object();
        out.put("status", status);
        out.put("challenge", paid.challengeId());
        out.put("did", paid.did());
        out.put("amount", paid.amount());
        out.put("ledger_key", paid.ledgerKey());
        return out;
    }

    private static void refuse(ApiCall call, RejectionReason reason, String detail, String defaultField) {
        ApiErrors.send(call.response(), status(reason), ApiErrors.body(reason.code(), detail,
                field(reason, detail, defaultField)));
    }

    /** The field a refusal names: a forbidden member by name, a malformed one by its JSON path. */
    static String field(RejectionReason reason, String detail, String defaultField) {
        if (reason == RejectionReason.FORBIDDEN_FIELD) {
            return detail.split(" ", 2)[0];
        }
        Matcher path = PATH.matcher(detail == null ? "" : detail);
        if (path.find()) {
            return path.group().substring(2);
        }
        return defaultField;
    }

    static Status status(RejectionReason reason) {
        return switch (reason) {
            case MALFORMED, WRONG_TYPE, FORBIDDEN_FIELD -> Status.BAD_REQUEST_400;
            case BAD_SIGNATURE, UNKNOWN_KEY, WRONG_AUDIENCE, REVOKED -> Status.UNAUTHORIZED_401;
            case NOT_JOB_HOLDER -> Status.FORBIDDEN_403;
            case REPLAYED, JOB_TAKEN, KEY_LIMIT -> Status.CONFLICT_409;
            case UNKNOWN_CHALLENGE, EXPIRED, NOT_YET_VALID, WRONG_RESOURCE, INSUFFICIENT_WORK, NOT_EARNED,
                 REWARD_NOT_OFFERED, POOL_EMPTY, POOL_REFUSED -> Status.create(422, "Unprocessable Entity");
            case BUDGET_EXHAUSTED, EMISSION_CAPPED -> Status.TOO_MANY_REQUESTS_429;
            case STORE_UNAVAILABLE, POOL_UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case POOL_BAD_ANSWER -> Status.BAD_GATEWAY_502;
        };
    }
}
