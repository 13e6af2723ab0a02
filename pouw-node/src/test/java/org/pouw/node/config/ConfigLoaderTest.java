package org.pouw.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pouw.crypto.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheEmbeddedLocalNode() {
        NodeConfig config = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(config.mode()).isEqualTo(PouwMode.LOCAL);
        assertThat(config.zkMode()).isEqualTo(ZkMode.REEXEC);
        assertThat(config.storageBackend()).isEqualTo("sqlite");
        assertThat(config.httpPort()).isEqualTo(8642);
        assertThat(config.adminKeyPath()).isEqualTo(Path.of(".pouw", "admin.key"));
    }

    @Test
    void tomlThenEnvironmentThenFlags() throws Exception {
        String did = Ed25519.KeyPair.generate().did().toString();
        Path file = dir.resolve("pouw.toml");
        Files.writeString(file, """
                pouw_mode = "remote"
                [http]
                port = 9000
                [market]
                lease_ms = 5000
                [[genesis]]
                account = "%s"
                amount = 42
                """.formatted(did));
        NodeConfig fromFile = ConfigLoader.load(file, Map.of(), Map.of());
        assertThat(fromFile.mode()).isEqualTo(PouwMode.REMOTE);
        assertThat(fromFile.httpPort()).isEqualTo(9000);
        assertThat(fromFile.market().defaultLeaseMs()).isEqualTo(5000);
        assertThat(fromFile.genesis()).containsExactly(new GenesisAllocation(did, 42));

        NodeConfig fromEnv = ConfigLoader.load(file, Map.of("POUW_HTTP_PORT", "9100", "POUW_MODE", "disabled"),
                Map.of());
        assertThat(fromEnv.httpPort()).isEqualTo(9100);
        assertThat(fromEnv.mode()).isEqualTo(PouwMode.DISABLED);

        NodeConfig fromFlags = ConfigLoader.load(file, Map.of("POUW_HTTP_PORT", "9100"), Map.of("http.port", "9200"));
        assertThat(fromFlags.httpPort()).isEqualTo(9200);
    }

    @Test
    void badSettingsFailAtStartNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("gate.fail_mode", "fail_wide")))
                .hasMessageContaining("gate.fail_mode");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("gate.max_hashcash_bits", "16")))
                .hasMessageContaining("gate.max_hashcash_bits");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("gate.node_id", "a node")))
                .hasMessageContaining("gate.node_id");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("receipts.hashcash.amount", "10")))
                .hasMessageContaining("emission_cap");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("gate.enabled", "yes")))
                .hasMessageContaining("gate.enabled");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("chain.enabled", "yes")))
                .hasMessageContaining("chain.enabled");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("chain.mempool_capacity", "10",
                "chain.mempool_per_sender", "11"))).hasMessageContaining("chain.mempool_per_sender");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("chain.validation_threads", "0")))
                .hasMessageContaining("chain.validation_threads");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).chain().enabled()).isFalse();
        assertThat(ConfigLoader.load(null, Map.of("POUW_CHAIN_ENABLED", "true"), Map.of()).chain().enabled())
                .isTrue();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http.port", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("POUW_MARKET_LEASE_MS", "-5"), Map.of()))
                .hasMessageContaining("market.lease_ms").hasMessageContaining("-5");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("market.max_open_steps_per_requester",
                "-1"))).isInstanceOf(ConfigException.class).hasMessageContaining("market.max_open_steps_per_requester");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("market.max_job_memory_mb", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("market.max_job_memory_mb");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("market.max_open_steps_per_requester", "5000",
                "http.max_upload_bytes", "4096")).market()).satisfies(market -> {
                    assertThat(market.maxOpenSteps()).isEqualTo(5000);
                    assertThat(market.jobCaps().resultBytes()).as("results must fit the upload limit").isEqualTo(4096);
                });
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("market.slowest_units_per_second.vm-stark", "250",
                "market.slowest_units_per_second.hash-chain", "0", "market.max_job_seconds", "600")).market()
                .jobCaps()).satisfies(caps -> {
                    assertThat(caps.slowestMs("vm-stark", 1_000)).as("1,000 rows at 250 a second").isEqualTo(4_000);
                    assertThat(caps.slowestMs("hash-chain", 1_000)).as("0: no time stated").isZero();
                    assertThat(caps.maxJobMs()).isEqualTo(600_000);
                });
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).market().jobCaps()).satisfies(caps -> {
            assertThat(caps.slowestMs("vm-stark", 1_000)).as("by default 500 rows a second").isEqualTo(2_000);
            assertThat(caps.slowestMs("hash-chain", 1_000)).as("by default 300 hashes a second").isEqualTo(3_334);
            assertThat(caps.slowestMs("reexec", 1_000)).as("no default for other kinds").isZero();
        });
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("market.slowest_units_per_second.reexec",
                "-1"))).isInstanceOf(ConfigException.class).hasMessageContaining("market.slowest_units_per_second.reexec");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("market.max_job_seconds", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("market.max_job_seconds");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("market.base_price.vm-stark", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("market.base_price.vm-stark");
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("market.base_price.ml-train", "7")).market().basePrices()
                .perThousandSteps("ml-train")).isEqualTo(7);
        assertThat(ConfigLoader.load(null, Map.of(), Map.of()).market().basePrices().perThousandSteps("reexec"))
                .as("free unless the operator prices it").isZero();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("pouw_mode", "turbo")))
                .hasMessageContaining("pouw_mode must be one of disabled, local, remote");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("htpp.port", "1")))
                .hasMessageContaining("unknown setting 'htpp.port'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("storage.backend", "postgresql")))
                .hasMessageContaining("storage.url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("genesis", "alice=5")))
                .hasMessageContaining("genesis");
        Path typo = dir.resolve("typo.toml");
        Files.writeString(typo, "[market]\nleas_ms = 5\n");
        assertThatThrownBy(() -> ConfigLoader.load(typo, Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'market.leas_ms'").hasMessageContaining(typo.toString());
        Path broken = dir.resolve("broken.toml");
        Files.writeString(broken, "pouw_mode = \n");
        assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of(), Map.of()))
                .hasMessageContaining("not valid TOML");
    }

    @Test
    void mockProofsAreRefusedWithAReason() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("POUW_ZK_MODE", "mock"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zk_mode = \"mock\" is not supported")
                .hasMessageContaining("verifies every result");
    }
}
