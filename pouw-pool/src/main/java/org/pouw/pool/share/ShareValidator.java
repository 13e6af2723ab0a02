package org.pouw.pool.share;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.pouw.core.Clock;
import org.pouw.core.pool.AcceptedShare;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.core.pool.PoolShareLedger;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import org.pouw.pool.attest.JacksonJcs;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool's check of {@code POST /pool/share} (issue 23 §1; docs/pool.md §3), in an order that believes nothing
 * unsigned: the form; the miner's did:key signature over the whole share (so nobody can submit, frame or ban in
 * another miner's name); the node's challenge, issued to that miner; the header's commitments to the challenge, the
 * fixed bits, the nonce and a coinbase naming the miner; the difficulty asked against the node's minimum and the
 * miner's own difficulty ({@link Miners}: vardiff); the integer comparison hash ≤ target; and only then, once, the
 * duplicate check on the decoded hash. The credit is the difficulty the share is accepted at (its target), never what
 * the hash happened to reach. The duplicate check is the {@link PoolShareLedger} record, committed before the share is
 * acknowledged. From the signature on, every outcome counts in the signing miner's record — and only
 * in a miner's own: shares whose signature fails are nobody's.
 */
public final class ShareValidator {
    /** The domain of the miner's signature: {@code "pouw-pool-share-v1:" ‖ JCS(share without signature)}. */
    public static final String SIGNATURE_DOMAIN = "pouw-pool-share-v1:";
    public static final int MAX_BODY_BYTES = 16 * 1024;
    static final Set<String> MEMBERS = Set.of("challenge", "challenge_id", "miner_address", "nonce", "solution",
            "coinbase", "difficulty", "timestamp", "signature");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final HexFormat HEX = HexFormat.of();

    private final ChallengeVerifier challenges;
    private final Clock clock;
    private final Miners miners;
    private final PoolShareLedger ledger;
    private final String pool;

    /** A pool on its own: the vardiff and reputation over {@code minDifficulty}, accounting in memory. */
    public ShareValidator(byte[] nodeChallengeKey, Clock clock, long skewMs, long minDifficulty) {
        this(nodeChallengeKey, clock, skewMs, new Miners(VardiffSettings.defaults(minDifficulty),
                ReputationSettings.defaults(), clock));
    }

    public ShareValidator(byte[] nodeChallengeKey, Clock clock, long skewMs, Miners miners) {
        this(nodeChallengeKey, clock, skewMs, miners, new InMemoryPoolShareLedger(), "pool");
    }

    /**
     * @param miners each proven miner's difficulty, rate cap and reputation; the floor for the others
     * @param ledger where accepted shares are counted once, committed before a share is acknowledged
     * @param pool   this pool's name, recorded with each share
     */
    public ShareValidator(byte[] nodeChallengeKey, Clock clock, long skewMs, Miners miners, PoolShareLedger ledger,
            String pool) {
        this.challenges = new ChallengeVerifier(nodeChallengeKey, clock, skewMs);
        this.clock = clock;
        this.miners = miners;
        this.ledger = ledger;
        this.pool = pool;
    }

    public Miners miners() {
        return miners;
    }

    public ShareVerdict validate(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return ShareVerdict.refused(ShareReason.MALFORMED, null, "a share has at most " + MAX_BODY_BYTES
                    + " bytes");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException e) {
            return ShareVerdict.refused(ShareReason.MALFORMED, null, "the share is not JSON: "
                    + e.getOriginalMessage());
        }
        if (!(tree instanceof ObjectNode share)) {
            return ShareVerdict.refused(ShareReason.MALFORMED, null, "a share is one JSON object");
        }
        for (String name : share.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                return ShareVerdict.refused(ShareReason.MALFORMED, name, "unknown member");
            }
        }
        for (String name : MEMBERS) {
            if (!share.has(name)) {
                return ShareVerdict.refused(ShareReason.MALFORMED, name, "missing");
            }
        }
        String miner = text(share, "miner_address");
        if (miner == null || !DidKey.isValid(miner)) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "miner_address", "must be the miner's Ed25519 did:key");
        }
        byte[] header = lowerHex(share, "solution", ShareHeader.LENGTH, ShareHeader.LENGTH);
        if (header == null) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "solution", "must be the 80-byte header in "
                    + "lower-case hex");
        }
        byte[] nonce = lowerHex(share, "nonce", 4, 4);
        if (nonce == null) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "nonce", "must be the header's 4 nonce bytes in "
                    + "lower-case hex");
        }
        byte[] coinbase = lowerHex(share, "coinbase", 1, ShareHeader.MAX_COINBASE_LENGTH);
        if (coinbase == null) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "coinbase", "must be 1…"
                    + ShareHeader.MAX_COINBASE_LENGTH + " bytes in lower-case hex");
        }
        JsonNode difficultyNode = share.get("difficulty");
        if (!difficultyNode.isIntegralNumber() || !difficultyNode.canConvertToLong() || difficultyNode.asLong() < 1
                || difficultyNode.asLong() > ShareHeader.MAX_DIFFICULTY) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "difficulty", "must be an integer 1…2^53 − 1");
        }
        long difficulty = difficultyNode.asLong();
        if (!share.get("timestamp").isIntegralNumber()) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "timestamp", "must be an integer (ms)");
        }
        String challengeId = text(share, "challenge_id");
        if (challengeId == null) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "challenge_id", "must be a string");
        }

        // The miner's signature, before the share can touch anything kept about that miner.
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(share.path("signature").asString(""));
        } catch (IllegalArgumentException e) {
            return ShareVerdict.refused(ShareReason.MALFORMED, "signature", "must be base64url");
        }
        ObjectNode signed = share.deepCopy();
        signed.remove("signature");
        byte[] preimage;
        try {
            preimage = preimage(signed);
        } catch (IllegalArgumentException e) {
            return ShareVerdict.refused(ShareReason.MALFORMED, null, e.getMessage());
        }
        if (signature.length != Ed25519.SIGNATURE_LENGTH || !DidKey.parse(miner).verify(preimage, signature)) {
            return ShareVerdict.refused(ShareReason.BAD_SIGNATURE, "signature", "the share is not signed by "
                    + "miner_address");
        }

        // From here the share is the signing miner's own: its limits apply, and its outcome counts for or against it.
        return settle(judged(miner, () -> check(share, miner, challengeId, header, nonce, coinbase, difficulty)));
    }

    /**
     * A share that arrived over Stratum (docs/pool.md §3a) from a connection whose miner proved its did:key at
     * {@code mining.authorize}: the same checks as {@link #validate} from the miner's limits on, on the header the
     * pool assembled from the job it sent and the miner's extranonce2, time, nonce and version bits.
     *
     * @param challenge     the node's signed share challenge the job was built on, as {@link #verifiedChallenge}
     *                      checked it when the job was made: only its expiry is checked again, not its signature
     * @param challengeNode the same challenge as the node signed it, for the attestation
     * @param difficulty    the difficulty in force when the job was sent (vardiff's grace applies as over HTTP)
     */
    public ShareVerdict validateStratum(String miner, ShareChallenge challenge, ObjectNode challengeNode,
            byte[] header, byte[] coinbase, long difficulty) {
        return settle(beginStratum(miner, challenge, challengeNode, header, coinbase, difficulty));
    }

    /**
     * {@link #validateStratum} without waiting for the ledger: every check runs now, and a share that passed them
     * is queued for the ledger's next group commit; {@link #settle} gives its verdict once that commit is done. A
     * connection with several submits in hand begins them all, then settles them in order, so they share a commit.
     */
    public ShareInFlight beginStratum(String miner, ShareChallenge challenge, ObjectNode challengeNode,
            byte[] header, byte[] coinbase, long difficulty) {
        return judged(miner, () -> {
            Checked<ShareChallenge> checked = challenges.unexpired(challenge);
            return checked.failed() ? ShareInFlight.decided(checked.refused()) : checkWork(checked.value(),
                    challengeNode, miner, header, coinbase, difficulty);
        });
    }

    /**
     * The verdict of a share begun with {@link #beginStratum}: waits for its commit, then accepts it (the first
     * record of its header hash) or refuses it as a duplicate. When the ledger failed, the failure is thrown and the
     * share must not be acknowledged.
     */
    public ShareVerdict settle(ShareInFlight inFlight) {
        if (inFlight.decided() != null) {
            return inFlight.decided();
        }
        boolean first;
        try {
            first = inFlight.recorded().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("recording the share failed", e.getCause());
        }
        ValidShare share = inFlight.share();
        if (!first) {
            miners.invalid(share.miner());
            return ShareVerdict.refused(ShareReason.DUPLICATE, "solution", "this header was counted already");
        }
        Miners.Standing standing = miners.accepted(share.miner(), share.difficulty());
        return new ShareVerdict.Accepted(share, inFlight.hashHex(), share.difficulty(), inFlight.achieved(),
                standing);
    }

    /**
     * The node's share challenge a Stratum job is built on, checked as a share's would be (signature, kind, validity
     * on the pool's clock), or {@link IllegalArgumentException} naming why not: a pool never hands out work it would
     * refuse.
     */
    public ShareChallenge verifiedChallenge(ObjectNode challenge) {
        Checked<ShareChallenge> checked = challenges.check(challenge);
        if (checked.failed()) {
            throw new IllegalArgumentException(checked.refused().reason().code() + ": " + checked.refused().message());
        }
        return checked.value();
    }

    private ShareInFlight judged(String miner, java.util.function.Supplier<ShareInFlight> checks) {
        switch (miners.admit(miner)) {
            case BANNED -> {
                return ShareInFlight.decided(ShareVerdict.refused(ShareReason.BANNED, "miner_address", "banned for "
                        + "a while after many invalid shares"));
            }
            case THROTTLED -> {
                return ShareInFlight.decided(ShareVerdict.refused(ShareReason.THROTTLED, "miner_address", "too many "
                        + "recent shares were invalid; try again shortly"));
            }
            case RATE_LIMITED -> {
                return ShareInFlight.decided(ShareVerdict.refused(ShareReason.RATE_LIMITED, "miner_address", "more "
                        + "shares a second than the pool takes; raise the difficulty"));
            }
            case OPEN -> {
            }
        }
        ShareInFlight inFlight = checks.get();
        if (inFlight.decided() instanceof ShareVerdict.Refused refused) {
            if (refused.reason() == ShareReason.STALE) {
                miners.stale(miner);
            } else {
                miners.invalid(miner);
            }
        }
        return inFlight;
    }

    private ShareInFlight check(ObjectNode share, String miner, String challengeId, byte[] header, byte[] nonce,
            byte[] coinbase, long difficulty) {
        Checked<ShareChallenge> checked = challenges.check(share.get("challenge"));
        if (checked.failed()) {
            return ShareInFlight.decided(checked.refused());
        }
        ShareChallenge challenge = checked.value();
        if (!challenge.id().equals(challengeId)) {
            return ShareInFlight.decided(ShareVerdict.refused(ShareReason.MALFORMED, "challenge_id", "is not the "
                    + "challenge's id"));
        }
        if (!Arrays.equals(header, 76, 80, nonce, 0, 4)) {
            return ShareInFlight.decided(ShareVerdict.refused(ShareReason.MALFORMED, "nonce", "is not the header's "
                    + "nonce"));
        }
        return checkWork(challenge, (ObjectNode) share.get("challenge"), miner, header, coinbase, difficulty);
    }

    /**
     * The work itself, whichever transport brought it (docs/pool.md §2 and §3 steps 4 to 7), then the share queued
     * for the ledger: counted once across every pool process on the ledger's store, and committed before the answer.
     */
    private ShareInFlight checkWork(ShareChallenge challenge, ObjectNode challengeNode, String miner, byte[] header,
            byte[] coinbase, long difficulty) {
        ShareVerdict.Refused refused = refusedWork(challenge, miner, header, coinbase, difficulty);
        if (refused != null) {
            return ShareInFlight.decided(refused);
        }
        long credit = miners.creditFor(miner, difficulty);
        if (credit == 0) {
            return ShareInFlight.decided(ShareVerdict.refused(ShareReason.STALE, "difficulty", "below this miner's "
                    + "difficulty of " + miners.required(miner)));
        }
        BigInteger hash = ShareHeader.hashValue(ShareHeader.sha256d(header));
        if (hash.compareTo(ShareHeader.target(difficulty)) > 0) {
            return ShareInFlight.decided(ShareVerdict.refused(ShareReason.LOW_DIFFICULTY, "solution", "the "
                    + "header's hash is above the target of difficulty " + difficulty));
        }
        String hashHex = ShareHeader.hashHex(hash);
        return ShareInFlight.recording(ledger.recordLater(new AcceptedShare(hashHex, pool, miner, challenge.id(),
                credit, clock.millis(), challenge.expiresAtMs())), new ValidShare(challengeNode, miner, header,
                coinbase, credit, challenge.expiresAtMs()), hashHex, ShareHeader.achieved(hash));
    }

    /** Why the work is refused before its hash is looked at, or null when none of these checks refuses it. */
    private ShareVerdict.Refused refusedWork(ShareChallenge challenge, String miner, byte[] header, byte[] coinbase,
            long difficulty) {
        if (!challenge.miner().equals(miner)) {
            return ShareVerdict.refused(ShareReason.WRONG_MINER, "challenge", "the challenge was issued to another "
                    + "miner");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(header, 4, 36), challenge.prevHash())) {
            return ShareVerdict.refused(ShareReason.WRONG_WORK, "solution", "the header's previous hash is not "
                    + "SHA-256d of the challenge");
        }
        if (ShareHeader.littleEndianInt(header, 72) != ShareHeader.NBITS) {
            return ShareVerdict.refused(ShareReason.WRONG_WORK, "solution", "the header's bits must be "
                    + Integer.toHexString(ShareHeader.NBITS));
        }
        byte[] prefix = ShareHeader.coinbasePrefix(miner);
        if (coinbase.length < prefix.length || !Arrays.equals(coinbase, 0, prefix.length, prefix, 0, prefix.length)) {
            return ShareVerdict.refused(ShareReason.WRONG_MINER, "coinbase", "the coinbase must start with "
                    + ShareHeader.COINBASE_PREFIX + "<miner did>:");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(header, 36, 68), ShareHeader.merkleRoot(coinbase, List.of()))) {
            return ShareVerdict.refused(ShareReason.WRONG_WORK, "solution", "the header's Merkle root is not "
                    + "SHA-256d of the coinbase");
        }
        long nodeFloor = challenge.minBits() >= 53 ? ShareHeader.MAX_DIFFICULTY : 1L << challenge.minBits();
        if (difficulty < nodeFloor) {
            return ShareVerdict.refused(ShareReason.LOW_DIFFICULTY, "difficulty", "below the node's "
                    + challenge.minBits() + " bits (" + nodeFloor + ")");
        }
        return null;
    }

    /** What a miner signs for a share: the domain, then the RFC 8785 bytes of the share without its signature. */
    public static byte[] preimage(ObjectNode shareWithoutSignature) {
        byte[] domain = SIGNATURE_DOMAIN.getBytes(StandardCharsets.US_ASCII);
        byte[] body = JacksonJcs.bytes(shareWithoutSignature);
        byte[] all = Arrays.copyOf(domain, domain.length + body.length);
        System.arraycopy(body, 0, all, domain.length, body.length);
        return all;
    }

    private static String text(ObjectNode share, String name) {
        JsonNode value = share.get(name);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static byte[] lowerHex(ObjectNode share, String name, int minBytes, int maxBytes) {
        String text = text(share, name);
        if (text == null || text.length() % 2 != 0 || text.length() < 2 * minBytes || text.length() > 2 * maxBytes) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return HEX.parseHex(text);
    }
}
