package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.core.Clock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.MiningPool;
import org.pouw.pool.PoolSettings;

/** {@code pouw pool status|miners} against a real pool on loopback (issue 23 §6), in words and with {@code --json}. */
class PoolStatusCommandTest {
    @Test
    void statusAndMinersReadARunningPool() throws Exception {
        try (MiningPool pool = MiningPool.start(new PoolSettings("pool-7", "node-a", "127.0.0.1", 0,
                Ed25519.KeyPair.generate().publicKey(), 1, 120_000, 0), Ed25519.KeyPair.generate(),
                new InMemoryPoolShareLedger(), Clock.system())) {
            String url = "http://127.0.0.1:" + pool.httpPort();
            CliRun status = CliRun.of("pool", "status", "--pool", url);
            assertThat(status.exit()).as(status.err()).isEqualTo(ExitCodes.OK);
            assertThat(status.out()).contains("pool-7 (audience node-a)").contains("shares accepted 0")
                    .contains("shares rejected none").contains("0 active in 10 min")
                    .contains("difficulty      p50 0, p99 0, max 0 (credited, last 0 shares)");
            CliRun json = CliRun.of("pool", "status", "--pool", url, "--json");
            assertThat(json.lastJson().path("pool").asString()).isEqualTo("pool-7");
            assertThat(json.lastJson().path("shares_accepted").asLong()).isZero();
            assertThat(json.lastJson().path("difficulty").path("shares").asLong()).isZero();
            CliRun miners = CliRun.of("pool", "miners", "--pool", url, "--json", "--limit", "5");
            assertThat(miners.exit()).as(miners.err()).isEqualTo(ExitCodes.OK);
            assertThat(miners.lastJson().path("miners").isArray()).isTrue();
            assertThat(CliRun.of("pool", "miners", "--pool", url).out()).startsWith("MINER");
            assertThat(CliRun.of("pool", "miners", "--pool", url, "--limit", "0").exit()).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Test
    void aPoolThatIsNotThereIsUnreachable() {
        CliRun run = CliRun.of("pool", "status", "--pool", "http://127.0.0.1:" + CliProcess.freePort());
        assertThat(run.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("pouw pool status");
    }
}
