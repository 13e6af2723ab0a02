package org.pouw.bench.market;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pouw.core.id.JobId;
import org.pouw.core.job.QueueStats;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.port.Storage;

/**
 * What a long run must still hold at its end (issue 26, the 30-minute run): nothing lost (every posted job completed,
 * none left pending, leased, failed or dead-lettered), every job paid once (one reward entry per job, no job paid
 * twice) and the books verified from the first entry ({@link LedgerAudit}: dense, chained, balanced, no key twice).
 * A figure from a run that broke one of these is not a figure, so the benchmark fails instead of printing it.
 */
final class MarketInvariants {
    private static final int PAGE = 1000;

    private MarketInvariants() {
    }

    /** Checks the three; returns what it checked, one line each; throws naming every broken one. */
    static List<String> check(Storage storage, long posted) {
        List<String> broken = new ArrayList<>();
        List<String> report = new ArrayList<>();
        QueueStats stats = storage.read(tx -> tx.jobs().stats());
        long open = stats.pendingCount() + stats.inProgressCount() + stats.failedCount() + stats.expiredCount()
                + stats.deadLetterCount();
        if (open != 0) {
            broken.add(open + " jobs not completed: " + stats);
        }
        long[] rewards = {0};
        Set<JobId> paid = new HashSet<>();
        List<String> twice = new ArrayList<>();
        storage.read(tx -> {
            long after = 0;
            List<LedgerEntry> page;
            while (!(page = tx.ledger().entries(after, PAGE)).isEmpty()) {
                for (LedgerEntry entry : page) {
                    if (entry.kind() == EntryKind.REWARD) {
                        rewards[0]++;
                        for (JobId job : entry.jobIds()) {
                            if (!paid.add(job) && twice.size() < 5) {
                                twice.add(job.hex());
                            }
                        }
                    }
                    after = entry.seq();
                }
            }
            return null;
        });
        if (paid.size() != posted) {
            broken.add(posted + " jobs posted, " + paid.size() + " paid");
        }
        if (!twice.isEmpty()) {
            broken.add("jobs paid twice, e.g. " + twice);
        }
        report.add(String.format(Locale.ROOT, "nothing lost: %,d jobs posted, %,d paid, none open (%s)", posted,
                paid.size(), stats));
        report.add(String.format(Locale.ROOT, "paid once: %,d reward entries for %,d distinct jobs", rewards[0],
                paid.size()));
        long started = System.nanoTime();
        LedgerAudit.Report audit = new LedgerAudit(storage).run();
        if (!audit.balanced()) {
            broken.add("ledger audit: " + audit.problems().subList(0, Math.min(5, audit.problems().size())));
        }
        report.add(String.format(Locale.ROOT, "ledger verifies: %,d entries, %,d accounts replayed in %.1f s, %d"
                + " problems", audit.entries(), audit.accounts(), (System.nanoTime() - started) / 1e9,
                audit.problems().size()));
        if (!broken.isEmpty()) {
            report.forEach(System.out::println);
            throw new IllegalStateException("invariants broken: " + String.join("; ", broken));
        }
        return report;
    }
}
