package org.pouw.store;

import java.util.Optional;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.gate.useful.JobRewardLedger;

/**
 * pouw-gate's {@link JobRewardLedger} read from the market's ledger (any storage: SQLite or PostgreSQL): the entry
 * keyed {@code reward:<job>} the market writes when a proof is verified, its one posting to an account outside the
 * system ({@code sys:…}) — the prover's did:key — and the entry's ledger time. A reward of nothing (a verdict that
 * earned 0 %) posts nothing to the prover, so it names nobody: no DID was paid. Reads only; nothing is cached, so a
 * reward committed on any node is seen at once.
 */
public final class LedgerJobRewards implements JobRewardLedger {
    private static final String REWARD_KEY = "reward:";

    private final Storage storage;

    public LedgerJobRewards(Storage storage) {
        this.storage = storage;
    }

    @Override
    public Optional<JobReward> rewardOf(String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            return Optional.empty();
        }
        Optional<LedgerEntry> entry = storage.read(tx -> tx.ledger().byKey(REWARD_KEY + jobId));
        return entry.flatMap(paid -> paid.postings().stream()
                .filter(posting -> posting.amount() > 0 && !posting.account().startsWith("sys:"))
                .map(Posting::account)
                .findFirst()
                .map(did -> new JobReward(did, paid.atMs())));
    }
}
