package org.pouw.gate.partner;

import java.util.List;
import java.util.Optional;

/**
 * The partners an operator registered, each with its token budget (issue 21 §4), shared by every node: budgets are
 * read on every token request and cached nowhere, so a changed budget holds at every node at once. Keys are issued
 * only to registered partners. The durable adapters (SQLite, PostgreSQL) belong in pouw-store; each must pass
 * {@code PartnerDirectoryContract}.
 */
public interface PartnerDirectory {
    /** A partner id: 1…63 of lower-case letters, digits and '-', starting with a letter or digit. */
    String ID_SHAPE = "[a-z0-9][a-z0-9-]{0,62}";

    enum Registered {
        REGISTERED,
        /** A partner with this id exists; its budget is unchanged. */
        TAKEN
    }

    Registered register(String partnerId, PartnerBudget budget);

    /** Sets a registered partner's budget; false (nothing changed) if there is no such partner. */
    boolean setBudget(String partnerId, PartnerBudget budget);

    Optional<PartnerBudget> budgetOf(String partnerId);

    /** Every registered partner, by id. */
    List<Partner> partners();

    record Partner(String id, PartnerBudget budget) {
    }

    static boolean isPartnerId(String partnerId) {
        return partnerId != null && partnerId.matches(ID_SHAPE);
    }
}
