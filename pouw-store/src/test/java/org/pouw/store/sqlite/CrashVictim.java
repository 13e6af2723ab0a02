package org.pouw.store.sqlite;

import java.nio.file.Path;
import java.util.List;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.port.Storage;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;

/**
 * The process {@link SqliteCrashIT} kills: it settles jobs as fast as it can and prints "settled N" after each
 * commit returns, so the test knows what was acknowledged before the kill. Not a test itself.
 */
public final class CrashVictim {
    public static final long NOW = 1_700_000_000_000L;

    private CrashVictim() {
    }

    public static void main(String[] args) {
        Storage storage = StorageFactory.open(StorageConfig.sqlite(Path.of(args[0])));
        MarketBench bench = new MarketBench(storage, new SettableClock(NOW));
        bench.fund(MarketBench.CLIENT, 1_000_000_000L);
        System.out.println("ready");
        for (int settled = 1; ; settled++) {
            bench.open(2, 2_000);
            List<Job> jobs = bench.market().claim(Did.of("did:key:z6MkVictim"), new ClaimRequest(List.of(), List.of(), 2, 0));
            Job job = jobs.getFirst();
            bench.market().submit(job.jobId(), Did.of("did:key:z6MkVictim"), job.leaseToken(), EchoKind.proofFor(job.params()));
            System.out.println("settled " + settled);
            System.out.flush();
        }
    }
}
