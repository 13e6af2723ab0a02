package org.pouw.core.operator;

import java.util.List;
import java.util.Objects;

/**
 * One thing an operator did with the node's admin key, as recorded: the {@code admin.action} event appended in the
 * same transaction as the change ({@code eventSeq}) and the ledger entries it wrote ({@code ledgerSeqs}, e.g. a
 * cancelled job's refund). An audit log hooks in through {@link org.pouw.core.market.MarketObserver#adminActed}.
 *
 * @param action  {@code claiming.pause}, {@code claiming.resume}, {@code prover.ban}, {@code prover.unban},
 *                {@code job.cancel} or {@code intent.cancel}
 * @param subject what it acted on: a prover's did, a job or intent id, or {@code node} for the node as a whole
 * @param eventSeq the {@code admin.action} event's number; 0 where the database numbers events at commit
 *                 (PostgreSQL), after this record is made
 */
public record AdminAction(String action, String admin, String subject, String reason, long atMs, long eventSeq,
                          List<Long> ledgerSeqs) {
    public AdminAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(subject, "subject");
        reason = reason == null ? "" : reason;
        ledgerSeqs = List.copyOf(ledgerSeqs);
    }
}
