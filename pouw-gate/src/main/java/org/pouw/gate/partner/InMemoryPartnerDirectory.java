package org.pouw.gate.partner;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link PartnerDirectory} in one process's memory, for tests and simulations. */
public final class InMemoryPartnerDirectory implements PartnerDirectory {
    private final Map<String, PartnerBudget> budgets = new TreeMap<>();

    @Override
    public synchronized Registered register(String partnerId, PartnerBudget budget) {
        requireId(partnerId);
        return budgets.putIfAbsent(partnerId, budget) == null ? Registered.REGISTERED : Registered.TAKEN;
    }

    @Override
    public synchronized boolean setBudget(String partnerId, PartnerBudget budget) {
        return budgets.replace(partnerId, budget) != null;
    }

    @Override
    public synchronized Optional<PartnerBudget> budgetOf(String partnerId) {
        return Optional.ofNullable(budgets.get(partnerId));
    }

    @Override
    public synchronized List<Partner> partners() {
        return budgets.entrySet().stream().map(e -> new Partner(e.getKey(), e.getValue())).toList();
    }

    static void requireId(String partnerId) {
        if (!PartnerDirectory.isPartnerId(partnerId)) {
            throw new IllegalArgumentException("partner id must be 1…63 of [a-z0-9-], starting with a letter or "
                    + "digit, got '" + partnerId + "'");
        }
    }
}
