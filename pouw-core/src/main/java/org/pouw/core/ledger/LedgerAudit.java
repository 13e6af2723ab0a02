package org.pouw.core.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobQuery;
import org.pouw.core.job.JobStatus;
import org.pouw.core.port.Storage;

/**
 * Proves the books balance ({@code pouw ledger verify}): replays every entry from the first and checks that each
 * sums to zero, the hash chain is unbroken, entry numbers are dense, no key (so no reward) appears twice, no account
 * but genesis ever went negative, the replayed balances equal the stored ones, and the reserved pool equals the fees
 * of the jobs that still hold one.
 */
public final class LedgerAudit {
    private static final int PAGE = 1000;

    private final Storage storage;

    public LedgerAudit(Storage storage) {
        this.storage = storage;
    }

    public record Report(long entries, long accounts, List<String> problems) {
        public boolean balanced() {
            return problems.isEmpty();
        }
    }

    public Report run() {
        return storage.read(tx -> {
            List<String> problems = new ArrayList<>();
            Map<String, Long> replayed = new HashMap<>();
            Set<String> keys = new HashSet<>();
            String prevHash = LedgerEntry.GENESIS_HASH;
            long expectedSeq = 1;
            long count = 0;
            List<LedgerEntry> page;
            long after = 0;
            while (!(page = tx.ledger().entries(after, PAGE)).isEmpty()) {
                for (LedgerEntry entry : page) {
                    count++;
                    if (entry.seq() != expectedSeq) {
                        problems.add("entry " + entry.seq() + " follows " + (expectedSeq - 1) + ": a gap");
                    }
                    expectedSeq = entry.seq() + 1;
                    if (!entry.prevHash().equals(prevHash)) {
                        problems.add("entry " + entry.seq() + " does not chain to the entry before it");
                    }
                    if (!entry.hashIsIntact()) {
                        problems.add("entry " + entry.seq() + " was altered: its hash does not match its body");
                    }
                    prevHash = entry.hash();
                    if (!keys.add(entry.key())) {
                        problems.add("key " + entry.key() + " appears twice (entry " + entry.seq() + ")");
                    }
                    long sum = 0;
                    for (Posting posting : entry.postings()) {
                        sum += posting.amount();
                        long balance = replayed.merge(posting.account(), posting.amount(), Long::sum);
                        if (balance < 0 && !Accounts.mayGoNegative(posting.account())) {
                            problems.add("account " + posting.account() + " went negative at entry " + entry.seq());
                        }
                    }
                    if (sum != 0) {
                        problems.add("entry " + entry.seq() + " postings sum to " + sum);
                    }
                    after = entry.seq();
                }
            }
            Map<String, Long> stored = tx.ledger().balances();
            Set<String> accounts = new HashSet<>(stored.keySet());
            accounts.addAll(replayed.keySet());
            for (String account : accounts) {
                long want = replayed.getOrDefault(account, 0L);
                long have = stored.getOrDefault(account, 0L);
                if (want != have) {
                    problems.add("account " + account + " holds " + have + " but its entries sum to " + want);
                }
            }
            long reservedByJobs = 0;
            long forfeitsByJobs = 0;
            Map<String, Long> lockedByLeases = new HashMap<>();
            for (JobStatus status : List.of(JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.DEAD_LETTER)) {
                long cursor = 0;
                List<Job> jobs;
                while (!(jobs = tx.jobs().list(new JobQuery(status, null, null, null, cursor, PAGE))).isEmpty()) {
                    for (Job job : jobs) {
                        reservedByJobs += job.feeBudget();
                        forfeitsByJobs += job.forfeitsHeld();
                        if (job.collateral() > 0) {
                            lockedByLeases.merge(job.leaseHolder(), job.collateral(), Long::sum);
                        }
                        cursor = job.createdSeq();
                    }
                }
            }
            long reserved = replayed.getOrDefault(Accounts.POOL_RESERVED, 0L);
            if (reserved != reservedByJobs) {
                problems.add("the pool reserves " + reserved + " but open jobs hold " + reservedByJobs);
            }
            // Issue 27, item 4: forfeits are held for open jobs only, and every lock stands behind a live lease.
            long forfeits = replayed.getOrDefault(Accounts.MARKET_FORFEITS, 0L);
            if (forfeits != forfeitsByJobs) {
                problems.add("forfeits held come to " + forfeits + " but open jobs hold " + forfeitsByJobs);
            }
            Map<String, Long> locks = tx.ledger().locks();
            Set<String> locking = new HashSet<>(locks.keySet());
            locking.addAll(lockedByLeases.keySet());
            for (String account : locking) {
                long locked = locks.getOrDefault(account, 0L);
                long leased = lockedByLeases.getOrDefault(account, 0L);
                if (locked != leased) {
                    problems.add("account " + account + " has " + locked + " locked but its leases lock " + leased);
                }
                if (locked > stored.getOrDefault(account, 0L)) {
                    problems.add("account " + account + " has more locked than it holds");
                }
            }
            return new Report(count, accounts.size(), List.copyOf(problems));
        });
    }
}
