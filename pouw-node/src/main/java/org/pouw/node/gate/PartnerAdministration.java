package org.pouw.node.gate;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerDirectory;
import org.pouw.gate.partner.PartnerKey;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.StoredPartnerKey;

/**
 * What the operator does with partners (issue 21 §4; docs/gate.md, "Partner management"): register one with its
 * budget, issue it a key (shown once: only the prefix and SHA-256 are stored), rotate by issuing a second key while
 * the first still works (two unrevoked at most), revoke a key, change a budget. Everything is in the shared
 * database and read on every token request, so each change holds at every node at once.
 */
public final class PartnerAdministration {
    /** What a changed key or partner answers: the outcome, or a refusal the edge maps to a status. */
    public enum Refusal {
        UNKNOWN_PARTNER,
        PARTNER_TAKEN,
        KEY_LIMIT,
        UNKNOWN_KEY
    }

    /** A partner, its budget and its keys by prefix (never a key or its hash). */
    public record Listing(String id, PartnerBudget budget, List<StoredPartnerKey> keys) {
    }

    private final PartnerDirectory directory;
    private final PartnerKeys keys;
    private final SecureRandom random = new SecureRandom();

    public PartnerAdministration(PartnerDirectory directory, PartnerKeys keys) {
        this.directory = directory;
        this.keys = keys;
    }

    public Optional<Refusal> register(String partnerId, PartnerBudget budget) {
        return directory.register(partnerId, budget) == PartnerDirectory.Registered.REGISTERED ? Optional.empty()
                : Optional.of(Refusal.PARTNER_TAKEN);
    }

    /** A new key for a registered partner, to be shown once; {@code KEY_LIMIT} when two are unrevoked. */
    public GateVerdict<PartnerKey> issueKey(String partnerId) {
        if (directory.budgetOf(partnerId).isEmpty()) {
            return GateVerdict.rejected(RejectionReason.UNKNOWN_KEY, "no partner " + partnerId);
        }
        return PartnerAccess.createKey(keys, partnerId, random);
    }

    /** Revokes the partner's key with this prefix; {@code UNKNOWN_KEY} if the partner has no such key. */
    public Optional<Refusal> revoke(String partnerId, String prefix) {
        Optional<StoredPartnerKey> key = keys.byPrefix(prefix);
        if (key.isEmpty() || !key.get().partnerId().equals(partnerId)) {
            return Optional.of(Refusal.UNKNOWN_KEY);
        }
        keys.revoke(prefix);
        return Optional.empty();
    }

    public Optional<Refusal> setBudget(String partnerId, PartnerBudget budget) {
        return directory.setBudget(partnerId, budget) ? Optional.empty() : Optional.of(Refusal.UNKNOWN_PARTNER);
    }

    public List<Listing> list() {
        return directory.partners().stream()
                .map(partner -> new Listing(partner.id(), partner.budget(), keys.keysOf(partner.id())))
                .toList();
    }
}
