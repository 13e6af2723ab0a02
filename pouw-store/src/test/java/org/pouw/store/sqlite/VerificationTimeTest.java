package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.port.Storage;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkKinds;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;
import org.pouw.store.support.SqliteTestDatabase;

/**
 * The verification time the market reports for its metric is read through the {@code Clock} port (ARCHITECTURE.md
 * §3), never from the machine: a verifier that turns the crank by 250 ms is seen to take exactly 250 ms.
 */
class VerificationTimeTest {
    private static final long CRANK_MS = 250;

    @TempDir
    Path folder;

    @Test
    void the_measured_verification_time_is_the_turn_of_the_crank() {
        SettableClock clock = new SettableClock(1_700_000_000_000L);
        List<Long> observedNanos = new ArrayList<>();
        MarketObserver observer = new MarketObserver() {
            @Override
            public void proofVerified(String kind, boolean accepted, long nanos) {
                observedNanos.add(nanos);
            }
        };
        WorkKind slowEcho = new WorkKind() {
            private final EchoKind echo = new EchoKind();

            @Override
            public String name() {
                return EchoKind.NAME;
            }

            @Override
            public List<String> proverInputs(String traceRef, String params) {
                return echo.proverInputs(traceRef, params);
            }

            @Override
            public Verdict verify(WorkItem item, byte[] proof) {
                clock.advance(CRANK_MS);
                return echo.verify(item, proof);
            }
        };
        try (Storage storage = new SqliteTestDatabase(folder).open()) {
            MarketBench bench = new MarketBench(storage, clock, new WorkKinds(List.of(slowEcho)), observer);
            bench.fund(MarketBench.CLIENT, 10_000);
            bench.open(1, 100);
            Did prover = Did.of(SampleJobs.did("prover"));
            Job job = bench.market().claim(prover, new ClaimRequest(List.of(), List.of(), 1, 0)).getFirst();

            bench.market().submit(job.jobId(), prover, job.leaseToken(), EchoKind.proofFor(job.params()));
        }

        assertThat(observedNanos).containsExactly(CRANK_MS * 1_000_000L);
    }
}
