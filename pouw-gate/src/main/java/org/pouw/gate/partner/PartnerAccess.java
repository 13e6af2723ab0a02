package org.pouw.gate.partner;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.pouw.core.Clock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.crypto.jcs.JcsValue;

/**
 * Admits a partner by its API key (issue 21 §4), in this order: the key's shape; the stored key under its prefix;
 * the SHA-256 of the presented key against the stored hash in constant time ({@link MessageDigest#isEqual}, so
 * timing tells nothing about how much of a guess matched); not revoked; then one token taken from the partner's
 * budget for this interval. Unknown prefix and wrong secret give one answer, so a prober learns nothing about which
 * prefixes exist. Or by an Ed25519-signed request ({@link #admitSigned}, {@link PartnerRequestCheck}), then the
 * same budget. Keys and budgets are read from the shared ports on every call: a revocation is seen at once.
 */
public final class PartnerAccess {
    private final PartnerKeys keys;
    private final PartnerRequestCheck signedRequests;
    private final PartnerBudgets budgets;
    private final Clock clock;
    private final PartnerBudget defaultBudget;
    private final Function<String, Optional<PartnerBudget>> budgetOf;

    /** Budgets fixed in this process: {@code budgetByPartner}, else {@code defaultBudget}. */
    public PartnerAccess(PartnerKeys keys, PartnerRequestCheck signedRequests, PartnerBudgets budgets, Clock clock,
            PartnerBudget defaultBudget, Map<String, PartnerBudget> budgetByPartner) {
        this(keys, signedRequests, budgets, clock, defaultBudget, fixed(Map.copyOf(budgetByPartner)));
    }

    /**
     * Budgets read from the shared {@link PartnerDirectory} on every request, so a changed budget holds at once on
     * every node; a partner missing from it (a key made before it was registered) gets {@code defaultBudget}.
     */
    public PartnerAccess(PartnerKeys keys, PartnerRequestCheck signedRequests, PartnerBudgets budgets, Clock clock,
            PartnerBudget defaultBudget, PartnerDirectory directory) {
        this(keys, signedRequests, budgets, clock, defaultBudget, directory::budgetOf);
    }

    private static Function<String, Optional<PartnerBudget>> fixed(Map<String, PartnerBudget> budgetByPartner) {
        return partner -> Optional.ofNullable(budgetByPartner.get(partner));
    }

    private PartnerAccess(PartnerKeys keys, PartnerRequestCheck signedRequests, PartnerBudgets budgets, Clock clock,
            PartnerBudget defaultBudget, Function<String, Optional<PartnerBudget>> budgetOf) {
        this.keys = keys;
        this.signedRequests = signedRequests;
        this.budgets = budgets;
        this.clock = clock;
        this.defaultBudget = defaultBudget;
        this.budgetOf = budgetOf;
    }

    /** The partner id the key belongs to, with one token taken from its budget; or why not. */
    public GateVerdict<String> admit(String presented) {
        Optional<PartnerKey> key = PartnerKey.parse(presented);
        if (key.isEmpty()) {
            return GateVerdict.rejected(RejectionReason.MALFORMED, "partner_key must be pouwpk_<12 hex>_<43 "
                    + "base64url>");
        }
        Optional<StoredPartnerKey> stored = keys.byPrefix(key.get().prefix());
        // Hash and compare even for an unknown prefix, so both refusals cost the same.
        byte[] expected = stored.map(StoredPartnerKey::keyHash).orElse(new byte[32]);
        boolean matches = MessageDigest.isEqual(key.get().hash(), expected);
        if (stored.isEmpty() || !matches) {
            return GateVerdict.rejected(RejectionReason.UNKNOWN_KEY, "no such partner key");
        }
        if (stored.get().revoked()) {
            return GateVerdict.rejected(RejectionReason.REVOKED, "partner key " + key.get() + " is revoked");
        }
        return takeBudget(stored.get().partnerId());
    }

    /** A partner's Ed25519-signed request ({@link PartnerRequestCheck}), then one token from its budget. */
    public GateVerdict<String> admitSigned(JcsValue.Obj request) {
        GateVerdict<String> checked = signedRequests.check(request);
        if (checked instanceof GateVerdict.Rejected<String> refused) {
            return refused;
        }
        return takeBudget(((GateVerdict.Accepted<String>) checked).value());
    }

    private GateVerdict<String> takeBudget(String partner) {
        PartnerBudget budget = budgetOf.apply(partner).orElse(defaultBudget);
        long start = budget.intervalStart(clock.millis());
        if (!budgets.tryTake(partner, start, budget.tokensPerInterval(), Math.addExact(start, budget.intervalMs()))) {
            return GateVerdict.rejected(RejectionReason.BUDGET_EXHAUSTED, "partner " + partner + " has taken its "
                    + budget.tokensPerInterval() + " tokens for this interval");
        }
        return GateVerdict.accepted(partner);
    }

    /**
     * Makes a new key for a partner, stored hashed; the caller shows {@link PartnerKey#reveal} to the partner once.
     * A third unrevoked key is refused: rotation is add the new key, move over, revoke the old.
     */
    public static GateVerdict<PartnerKey> createKey(PartnerKeys keys, String partnerId, RandomGenerator random) {
        if (!PartnerDirectory.isPartnerId(partnerId)) {
            return GateVerdict.rejected(RejectionReason.MALFORMED, "partner id must be 1…63 of [a-z0-9-]");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            PartnerKey key = PartnerKey.generate(random);
            switch (keys.add(partnerId, key.prefix(), key.hash())) {
                case ADDED -> {
                    return GateVerdict.accepted(key);
                }
                case TWO_ACTIVE_ALREADY -> {
                    return GateVerdict.rejected(RejectionReason.KEY_LIMIT, "partner " + partnerId + " has "
                            + PartnerKeys.MAX_ACTIVE_PER_PARTNER + " active keys; revoke one first");
                }
                case PREFIX_TAKEN -> {
                    // a fresh random prefix on the next attempt
                }
            }
        }
        throw new IllegalStateException("three random key prefixes in a row were taken: the random source is broken");
    }
}
