package org.pouw.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.core.market.BasePrices;
import org.pouw.core.market.DemandRule;
import org.pouw.core.market.DisciplineSettings;
import org.pouw.core.market.HistorySettings;
import org.pouw.core.market.JobCaps;
import org.pouw.core.market.LevelConsequences;
import org.pouw.core.market.MarketSettings;
import org.pouw.core.market.ReverseAuction;
import java.util.Optional;
import org.pouw.crypto.DidKey;
import org.pouw.gate.redeem.FailMode;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.gate.reward.RewardRate;
import org.pouw.node.logs.LogSettings;
import org.pouw.node.ratelimit.RateLimitSettings;
import org.pouw.store.StorageConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Builds a {@link NodeConfig} from, in rising precedence: the defaults below, a TOML file, environment variables
 * ({@code POUW_} + the setting's name upper-cased with dots as underscores, e.g. {@code POUW_HTTP_PORT},
 * {@code POUW_MODE}) and command-line overrides. Unknown settings and bad values fail at start with the setting
 * named, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    /** The kinds whose base price per 1,000 steps is a setting, {@code market.base_price.<kind>} (docs/economics.md). */
    static final List<String> PRICED_KINDS = List.of("reexec", "vm-stark", "batch-member", "hash-chain", "ml-train");

    /** Every setting and its default, in the order {@code docs/operations.md} documents them. */
    public static final Map<String, String> DEFAULTS = defaults();

    private ConfigLoader() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("pouw_mode", "local");
        d.put("zk_mode", "reexec");
        d.put("data_dir", ".pouw");
        d.put("http.host", "127.0.0.1");
        d.put("http.port", "8642");
        d.put("http.max_body_bytes", "1048576");
        d.put("http.max_upload_bytes", "268435456");
        d.put("http.header_timeout_ms", "10000");
        d.put("http.idle_timeout_ms", "60000");
        d.put("http.body_timeout_ms", "20000");
        d.put("http.min_body_bytes_per_second", "1024");
        d.put("http.max_connections", "2048");
        d.put("http.max_connections_per_address", "256");
        d.put("http.max_event_streams", "512");
        d.put("http.max_event_streams_per_address", "8");
        d.put("http.stream_write_timeout_ms", "30000");
        d.put("http.stream_heartbeat_ms", "15000");
        d.put("http.drain_ms", "0");
        d.put("console.enabled", "true");
        d.put("storage.backend", "sqlite");
        d.put("storage.url", "");
        d.put("storage.user", "");
        d.put("storage.password", "");
        d.put("storage.pool_size", "8");
        d.put("storage.sqlite_busy_timeout_ms", Integer.toString(StorageConfig.DEFAULT_SQLITE_BUSY_TIMEOUT_MS));
        d.put("storage.upload_free_space_reserve_mb", "256");
        // The market's numbers live in MarketSettings.defaults() alone; the config only names them.
        MarketSettings market = MarketSettings.defaults();
        d.put("market.lease_ms", Long.toString(market.defaultLeaseMs()));
        d.put("market.max_lease_ms", Long.toString(market.maxLeaseMs()));
        d.put("market.max_retries", Integer.toString(market.maxRetries()));
        d.put("market.job_ttl_ms", Long.toString(market.jobTtlMs()));
        d.put("market.reward_permille", Integer.toString(market.rewardPermille()));
        d.put("market.max_claim_batch", Integer.toString(market.maxClaimBatch()));
        d.put("market.reaper_interval_ms", "1000");
        DisciplineSettings discipline = market.discipline();
        d.put("market.strike_budget", Integer.toString(discipline.strikeBudget()));
        d.put("market.network_strike_budget", Integer.toString(discipline.networkStrikeBudget()));
        d.put("market.strike_window_ms", Long.toString(discipline.windowMs()));
        d.put("market.quarantine_ms", Long.toString(discipline.quarantineMs()));
        d.put("market.probation_ms", Long.toString(discipline.probationMs()));
        d.put("market.new_prover_max_jobs", Integer.toString(discipline.newProverMaxJobs()));
        d.put("market.new_prover_max_lease_ms", Long.toString(discipline.newProverMaxLeaseMs()));
        d.put("market.lease_grace_ms", Long.toString(discipline.graceMs()));
        d.put("market.release_budget", Integer.toString(discipline.releaseBudget()));
        d.put("market.strikes_per_requester", Integer.toString(discipline.strikesPerRequester()));
        d.put("market.idempotency_retention_ms", Long.toString(market.idempotencyRetentionMs()));
        d.put("market.history_after_ms", Long.toString(market.history().afterMs()));
        d.put("market.history_retention_ms", Long.toString(market.history().retentionMs()));
        d.put("market.max_open_steps_per_requester", Long.toString(market.maxOpenSteps()));
        d.put("market.auction.floor_permille", Integer.toString(market.auction().floorPermille()));
        d.put("market.auction.ramp_ms", Long.toString(market.auction().rampMs()));
        d.put("market.collateral.permille", Integer.toString(market.auction().collateralPermille()));
        d.put("market.collateral.forfeit_permille", Integer.toString(market.auction().forfeitPermille()));
        d.put("market.reputation.credit_unit", Long.toString(market.creditUnit()));
        d.put("market.reputation.levels", Boolean.toString(market.levels().enabled()));
        d.put("market.reputation.max_leases", Integer.toString(market.levels().maxLeases()));
        d.put("market.reputation.allowance_window_ms", Long.toString(market.levels().allowanceWindowMs()));
        d.put("market.reputation.audit_floor", Integer.toString(market.levels().auditFloor()));
        d.put("market.max_job_memory_mb", Long.toString(market.jobCaps().memoryMb()));
        d.put("market.max_job_seconds", Long.toString(market.jobCaps().maxJobMs() / 1_000));
        for (String kind : PRICED_KINDS) {
            d.put("market.slowest_units_per_second." + kind,
                    Long.toString(JobCaps.DEFAULT_SLOWEST_UNITS_PER_SECOND.getOrDefault(kind, 0L)));
        }
        for (String kind : PRICED_KINDS) {
            d.put("market.base_price." + kind, Long.toString(market.basePrices().perThousandSteps(kind)));
            d.put("market.price.target_steps." + kind, Long.toString(market.demand().targetSteps(kind)));
        }
        d.put("market.price.interval_ms", Long.toString(market.demand().intervalMs()));
        d.put("market.price.max_step_permille", Integer.toString(market.demand().stepPermille()));
        d.put("market.price.max_hour_factor", Integer.toString(market.demand().hourFactor()));
        d.put("market.price.ceiling", Long.toString(market.demand().ceiling()));
        d.put("market.price.max_clearing_multiple", Integer.toString(market.demand().clearingMultiple()));
        d.put("intents.max_steps", "1000000");
        d.put("intents.segment_steps", "1024");
        d.put("intents.batch_step_budget", "16384");
        d.put("intents.batch_max_intents", "256");
        d.put("intents.batch_max_wait_ms", "2000");
        d.put("intents.max_chain_steps", "65536");
        d.put("ml.max_steps", "200000");
        d.put("ml.audits", "32");
        d.put("ml.missed_target_reward_percent", "50");
        d.put("workers.local_workers", "2");
        d.put("auth.token_ttl_ms", "3600000");
        d.put("auth.challenge_ttl_ms", "60000");
        d.put("auth.token_secret_file", "");
        d.put("auth.accepted_token_secret_file", "");
        d.put("auth.admin_key_file", "");
        d.put("gate.enabled", "true");
        d.put("gate.node_id", "pouw-node");
        d.put("gate.store_id", "");
        d.put("gate.network_id", "pouw-local");
        d.put("gate.challenge_ttl_ms", "60000");
        d.put("gate.hashcash_bits", "20");
        d.put("gate.max_hashcash_bits", "24");
        d.put("gate.source_free_per_minute", "30");
        d.put("gate.challenges_per_second", "200");
        d.put("gate.redemption_store", "sql");
        d.put("gate.redis_url", "");
        d.put("gate.clock_skew_ms", "5000");
        d.put("gate.fail_mode", "fail_safe");
        d.put("gate.fail_open_after_ms", "30000");
        d.put("gate.fail_open_max_tokens", "10000");
        d.put("gate.prune_interval_ms", "60000");
        d.put("gate.challenge_key_file", "");
        d.put("gate.token_key_file", "");
        d.put("tokens.audience", "");
        d.put("receipts.hashcash.amount", "0");
        d.put("receipts.hashcash.emission_cap", "0");
        d.put("receipts.hashcash.interval_ms", "3600000");
        d.put("receipts.pool_fund", "0");
        d.put("chain.enabled", "false");
        d.put("chain.mempool_capacity", "10000");
        d.put("chain.mempool_per_sender", "64");
        d.put("chain.validation_threads", "1");
        d.put("chain.report_evidence", "true");
        d.put("chain.reporter_key_file", "");
        d.put("p2p.enabled", "false");
        d.put("p2p.listen_host", "127.0.0.1");
        d.put("p2p.listen_port", "8643");
        d.put("p2p.bootstrap", "");
        d.put("p2p.advertised_host", "");
        d.put("p2p.allow_local_addresses", "false");
        d.put("p2p.max_links", "125");
        d.put("p2p.full_relay_outbound", "8");
        d.put("p2p.block_relay_outbound", "2");
        d.put("p2p.max_links_per_ip", "4");
        d.put("p2p.stale_tip_after_ms", "1800000");
        d.put("p2p.compact_blocks", "true");
        d.put("p2p.compact_high_bandwidth_peers", "3");
        d.put("pools.trusted", "");
        d.put("pools.overrides", "");
        d.put("pools.min_share_bits", "20");
        d.put("pools.max_tokens_per_minute", "600");
        d.put("pools.challenge_ttl_ms", "600000");
        d.put("mining_pool.enabled", "false");
        d.put("mining_pool.pool_url", "");
        d.put("mining_pool.api_key_file", "");
        d.put("mining_pool.timeout_seconds", "10");
        d.put("mining_pool.max_retries", "3");
        d.put("mining_pool.circuit_breaker_threshold", "5");
        d.put("mining_pool.circuit_breaker_timeout", "60");
        d.put("mining_pool.requests_per_minute", "600");
        d.put("genesis", "");
        RateLimitSettings.putDefaults(d);
        SecretSettings.putDefaults(d);
        LogSettings.putDefaults(d);
        return java.util.Collections.unmodifiableMap(d);
    }

    /** The environment variable that overrides a setting. */
    public static String envName(String setting) {
        String bare = setting.startsWith("pouw_") ? setting.substring("pouw_".length()) : setting;
        return "POUW_" + bare.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * @param file      a TOML file, or null for none
     * @param env       the environment (System.getenv() in production)
     * @param overrides settings given on the command line, by name
     */
    public static NodeConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return build(merged(file, env, overrides));
    }

    /**
     * Every setting {@link #load} would use, checked as it checks them, each fit to show ({@code pouw config show}):
     * secrets as {@code ***}, credentials cut out of URLs, a {@code *_file} setting as its path, never its contents.
     */
    public static Map<String, String> shown(Path file, Map<String, String> env, Map<String, String> overrides) {
        load(file, env, overrides);
        Map<String, String> shown = new java.util.TreeMap<>();
        merged(file, env, overrides).forEach((name, value) -> shown.put(name, SecretSettings.show(name, value)));
        return shown;
    }

    private static Map<String, String> merged(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>(DEFAULTS);
        if (file != null) {
            readToml(file, raw);
        }
        for (String setting : DEFAULTS.keySet()) {
            String value = env.get(envName(setting));
            if (value != null) {
                raw.put(setting, value);
            }
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            requireKnown(override.getKey(), "on the command line");
            raw.put(override.getKey(), override.getValue());
        }
        return raw;
    }

    private static void readToml(Path file, Map<String, String> raw) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new ConfigException("config file " + file + " is not valid TOML: " + e.getOriginalMessage());
        }
        flatten("", root, raw, file);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> raw, Path file) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (name.equals("genesis")) {
                raw.put("genesis", genesisText(value, file));
            } else if (value.isObject()) {
                flatten(name + ".", value, raw, file);
            } else {
                requireKnown(name, "in " + file);
                if (value.isArray() || value.isNull()) {
                    throw new ConfigException(name + " must be a single value, in " + file);
                }
                raw.put(name, value.asString());
            }
        }
    }

    /** {@code [[genesis]]} tables become the same text form as the environment's "did=amount,did=amount". */
    private static String genesisText(JsonNode value, Path file) {
        if (!value.isArray()) {
            throw new ConfigException("genesis must be an array of tables [[genesis]] with account and amount, in "
                    + file);
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode item : value) {
            parts.add(item.path("account").asString("") + "=" + item.path("amount").asString(""));
        }
        return String.join(",", parts);
    }

    private static void requireKnown(String name, String where) {
        if (!DEFAULTS.containsKey(name)) {
            throw new ConfigException("unknown setting '" + name + "' " + where
                    + " (see docs/operations.md for the list)");
        }
    }

    private static NodeConfig build(Map<String, String> raw) {
        SecretSettings.readFiles(raw);
        Values v = new Values(raw);
        PouwMode mode = v.choice("pouw_mode", PouwMode.class);
        String zk = raw.get("zk_mode").strip().toLowerCase(Locale.ROOT);
        if (zk.equals("mock")) {
            throw new ConfigException("zk_mode = \"mock\" is not supported: a PoUW node verifies every result it pays"
                    + " for, so there is no mode that accepts proofs unchecked. Use \"reexec\" (the node re-runs"
                    + " the trace) or \"stark\" (succinct proofs).");
        }
        ZkMode zkMode = v.choice("zk_mode", ZkMode.class);
        String backend = raw.get("storage.backend").strip();
        if (!backend.equals("sqlite") && !backend.equals("postgresql")) {
            throw new ConfigException("storage.backend must be sqlite or postgresql, got '" + backend + "'");
        }
        if (backend.equals("postgresql") && !raw.get("storage.url").startsWith("jdbc:postgresql:")) {
            throw new ConfigException("storage.url must be a jdbc:postgresql:// URL when storage.backend is"
                    + " postgresql, got '" + SecretSettings.redact(raw.get("storage.url")) + "'");
        }
        MarketSettings market;
        try {
            market = new MarketSettings(v.positive("market.lease_ms"), v.positive("market.max_lease_ms"),
                    (int) v.range("market.max_retries", 1, 1000), v.positive("market.job_ttl_ms"),
                    (int) v.range("market.reward_permille", 0, 1000),
                    (int) v.range("market.max_claim_batch", 1, 10_000),
                    new DisciplineSettings((int) v.range("market.strike_budget", 1, 1_000_000),
                            (int) v.range("market.network_strike_budget", 1, 1_000_000),
                            v.positive("market.strike_window_ms"), v.positive("market.quarantine_ms"),
                            v.positive("market.probation_ms"), (int) v.range("market.new_prover_max_jobs", 1, 10_000),
                            v.positive("market.new_prover_max_lease_ms"), v.positive("market.lease_grace_ms"),
                            (int) v.range("market.release_budget", 0, 1_000_000),
                            (int) v.range("market.strikes_per_requester", 1, 1_000_000)),
                    v.positive("market.idempotency_retention_ms"), basePrices(v), demandRule(v),
                    new HistorySettings(v.positive("market.history_after_ms"),
                            v.range("market.history_retention_ms", 0, Long.MAX_VALUE)),
                    v.range("market.max_open_steps_per_requester", 0, Long.MAX_VALUE),
                    // a job's worst-case result must fit the node's upload limit, or no worker could deliver it
                    new JobCaps(v.range("market.max_job_memory_mb", 1, 1L << 40),
                            v.range("http.max_upload_bytes", 1024, Integer.MAX_VALUE - 8))
                            .withTimes(v.range("market.max_job_seconds", 1, 365L * 86_400) * 1_000,
                                    slowestSpeeds(v)),
                    new ReverseAuction((int) v.range("market.auction.floor_permille", 0, 1000),
                            v.range("market.auction.ramp_ms", 0, ReverseAuction.MAX_RAMP_MS),
                            (int) v.range("market.collateral.permille", 0, ReverseAuction.MAX_COLLATERAL_PERMILLE),
                            (int) v.range("market.collateral.forfeit_permille", 0, 1000)),
                    v.range("market.reputation.credit_unit", 1, Long.MAX_VALUE),
                    new LevelConsequences(SettingText.bool(raw, "market.reputation.levels"),
                            (int) v.range("market.reputation.max_leases", 1, 1_000_000),
                            v.positive("market.reputation.allowance_window_ms"),
                            (int) v.range("market.reputation.audit_floor", 1, 1 << 16)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("market." + e.getMessage());
        }
        return new NodeConfig(mode, zkMode, Path.of(v.text("data_dir")), v.text("http.host"),
                (int) v.range("http.port", 0, 65_535), (int) v.range("http.max_body_bytes", 1024, 1 << 30),
                (int) v.range("http.max_upload_bytes", 1024, Integer.MAX_VALUE - 8), backend, raw.get("storage.url"), raw.get("storage.user"), raw.get("storage.password"),
                (int) v.range("storage.pool_size", 1, 512),
                (int) v.range("storage.sqlite_busy_timeout_ms", 1, 3_600_000),
                v.range("storage.upload_free_space_reserve_mb", 0, 1L << 30), market,
                v.positive("market.reaper_interval_ms"),
                v.range("intents.max_steps", 1, 100_000_000), (int) v.range("intents.segment_steps", 1, 1 << 24),
                new BatchSettings(v.range("intents.batch_step_budget", 1, 1 << 20),
                        (int) v.range("intents.batch_max_intents", 1, 4096),
                        v.positive("intents.batch_max_wait_ms")),
                v.range("intents.max_chain_steps", 1, 1 << 23),
                new MlSettings(v.range("ml.max_steps", 1, 1L << 31), (int) v.range("ml.audits", 1, 1 << 16),
                        (int) v.range("ml.missed_target_reward_percent", 0, 100)),
                (int) v.range("workers.local_workers", 0, 256), v.positive("auth.token_ttl_ms"),
                v.positive("auth.challenge_ttl_ms"), raw.get("auth.token_secret_file"),
                raw.get("auth.accepted_token_secret_file"),
                raw.get("auth.admin_key_file"), genesis(raw.get("genesis")), gate(v, raw, backend), chain(v, raw),
                p2p(v, raw), RateLimitSettings.parse(raw), httpLimits(v), LogSettings.parse(raw),
                trueOrFalse(raw, "console.enabled"));
    }

    /** A per-address cap above its total is allowed (it never binds), so lowering one setting never trips another. */
    private static HttpLimits httpLimits(Values v) {
        return new HttpLimits(v.range("http.header_timeout_ms", 100, 3_600_000),
                v.range("http.idle_timeout_ms", 100, 86_400_000), v.range("http.body_timeout_ms", 100, 3_600_000),
                v.range("http.min_body_bytes_per_second", 0, 1L << 30),
                (int) v.range("http.max_connections", 1, 1_000_000),
                (int) v.range("http.max_connections_per_address", 1, 1_000_000),
                (int) v.range("http.max_event_streams", 1, 1_000_000),
                (int) v.range("http.max_event_streams_per_address", 1, 1_000_000),
                v.range("http.stream_write_timeout_ms", 100, 3_600_000),
                v.range("http.stream_heartbeat_ms", 100, 3_600_000), v.range("http.drain_ms", 0, 600_000));
    }

    private static P2pSettings p2p(Values v, Map<String, String> raw) {
        List<String> bootstrap = new ArrayList<>();
        for (String entry : raw.get("p2p.bootstrap").split(",")) {
            String address = entry.strip();
            if (address.isEmpty()) {
                continue;
            }
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || !address.substring(colon + 1).matches("[0-9]{1,5}")
                    || Integer.parseInt(address.substring(colon + 1)) > 65_535) {
                throw new ConfigException("p2p.bootstrap must be host:port entries separated by commas, got '"
                        + address + "'");
            }
            bootstrap.add(address);
        }
        String advertised = raw.get("p2p.advertised_host").strip();
        if (!advertised.isEmpty() && org.pouw.p2p.discovery.IpLiteral.parse(advertised).isEmpty()) {
            throw new ConfigException("p2p.advertised_host must be an IPv4 or IPv6 literal, got '" + advertised + "'");
        }
        int full = (int) v.range("p2p.full_relay_outbound", 0, 64);
        int block = (int) v.range("p2p.block_relay_outbound", 0, 16);
        int maxLinks = (int) v.range("p2p.max_links", full + block + 2, 10_000);
        return new P2pSettings(SettingText.bool(raw, "p2p.enabled"), v.text("p2p.listen_host"),
                (int) v.range("p2p.listen_port", 0, 65_535), bootstrap, advertised,
                SettingText.bool(raw, "p2p.allow_local_addresses"), maxLinks, full, block,
                (int) v.range("p2p.max_links_per_ip", 1, 10_000), v.range("p2p.stale_tip_after_ms", 1_000,
                        Long.MAX_VALUE / 4), trueOrFalse(raw, "p2p.compact_blocks"),
                (int) v.range("p2p.compact_high_bandwidth_peers", 0, 8));
    }

    private static ChainSettings chain(Values v, Map<String, String> raw) {
        boolean enabled = trueOrFalse(raw, "chain.enabled");
        int capacity = (int) v.range("chain.mempool_capacity", 1, 10_000_000);
        int perSender = (int) v.range("chain.mempool_per_sender", 1, capacity);
        return new ChainSettings(enabled, capacity, perSender, (int) v.range("chain.validation_threads", 1, 256),
                trueOrFalse(raw, "chain.report_evidence"), raw.get("chain.reporter_key_file").strip());
    }

    private static boolean trueOrFalse(Map<String, String> raw, String name) {
        String value = raw.get(name).strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(name + " must be true or false, got '" + value + "'");
        }
        return value.equals("true");
    }

    private static GateSettings gate(Values v, Map<String, String> raw, String backend) {
        RedemptionSettings redemption;
        try {
            redemption = new RedemptionSettings(raw.get("gate.redemption_store").strip(), raw.get("gate.redis_url"),
                    v.range("gate.clock_skew_ms", 0, RedemptionSettings.MAX_CLOCK_SKEW_MS),
                    FailMode.fromSetting(raw.get("gate.fail_mode").strip()), v.range("gate.fail_open_after_ms", 0,
                    Long.MAX_VALUE), (int) v.range("gate.fail_open_max_tokens", 1, 10_000_000));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        long amount = v.range("receipts.hashcash.amount", 0, Long.MAX_VALUE);
        Optional<RewardRate> rate = Optional.empty();
        if (amount > 0) {
            try {
                rate = Optional.of(new RewardRate(amount, v.range("receipts.hashcash.emission_cap", 0, Long.MAX_VALUE),
                        v.positive("receipts.hashcash.interval_ms")));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        String storeId = raw.get("gate.store_id").strip();
        if (storeId.isEmpty()) {
            // Nodes that share one store derive one id: the store kind and a digest of where it lives.
            String where = redemption.store().equals(RedemptionSettings.REDIS) ? redemption.redisUrl()
                    : backend.equals("sqlite") ? Path.of(v.text("data_dir")).toAbsolutePath().normalize().toString()
                    : raw.get("storage.url");
            storeId = redemption.store() + "-" + shortDigest(where);
        }
        String nodeId = v.name("gate.node_id");
        String audience = raw.get("tokens.audience").strip().isEmpty() ? nodeId : v.name("tokens.audience");
        String enabled = raw.get("gate.enabled").strip();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new ConfigException("gate.enabled must be true or false, got '" + enabled + "'");
        }
        return new GateSettings(enabled.equals("true"), nodeId, v.nameValue("gate.store_id", storeId), v.name("gate.network_id"), audience,
                v.positive("gate.challenge_ttl_ms"), (int) v.range("gate.hashcash_bits", 1, 40),
                (int) v.range("gate.max_hashcash_bits", 1, 40), (int) v.range("gate.source_free_per_minute", 1,
                1_000_000), (int) v.range("gate.challenges_per_second", 1, 1_000_000),
                v.positive("gate.prune_interval_ms"), redemption, rate, v.range("receipts.pool_fund", 0,
                Long.MAX_VALUE), raw.get("gate.challenge_key_file").strip(), raw.get("gate.token_key_file").strip(),
                TrustedPools.parse(raw.get("pools.trusted"), raw.get("pools.overrides"),
                        (int) v.range("pools.min_share_bits", 1, 64),
                        (int) v.range("pools.max_tokens_per_minute", 1, 1_000_000),
                        v.range("pools.challenge_ttl_ms", 1_000, 3_600_000)), miningPool(v, raw));
    }

    private static MiningPoolSettings miningPool(Values v, Map<String, String> raw) {
        String enabled = raw.get("mining_pool.enabled").strip();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new ConfigException("mining_pool.enabled must be true or false, got '" + enabled + "'");
        }
        return MiningPoolSettings.parse(enabled.equals("true"), raw.get("mining_pool.pool_url"),
                raw.get("mining_pool.api_key_file"), (int) v.range("mining_pool.timeout_seconds", 1, 600),
                (int) v.range("mining_pool.max_retries", 0, 10),
                (int) v.range("mining_pool.circuit_breaker_threshold", 1, 1000),
                (int) v.range("mining_pool.circuit_breaker_timeout", 1, 86_400),
                (int) v.range("mining_pool.requests_per_minute", 1, 10_000_000));
    }

    private static String shortDigest(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static List<GenesisAllocation> genesis(String text) {
        List<GenesisAllocation> allocations = new ArrayList<>();
        if (text.isBlank()) {
            return allocations;
        }
        for (String part : text.split(",")) {
            int eq = part.lastIndexOf('=');
            String account = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            if (eq < 0 || !DidKey.isValid(account)) {
                throw new ConfigException("genesis entries are a did:key account and an amount, got '" + part + "'");
            }
            long amount;
            try {
                amount = Long.parseLong(part.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new ConfigException("genesis amount for " + account + " must be a whole number, got '"
                        + part.substring(eq + 1).strip() + "'");
            }
            if (amount <= 0) {
                throw new ConfigException("genesis amount for " + account + " must be > 0, got " + amount);
            }
            allocations.add(new GenesisAllocation(account, amount));
        }
        return allocations;
    }

    /**
     * {@code market.slowest_units_per_second.<kind>}: the speed a fresh identity is assumed to prove the kind at, in
     * its work units a second (docs/economics.md, "Matching by capability"); 0 states no time for the kind.
     */
    private static Map<String, Long> slowestSpeeds(Values v) {
        Map<String, Long> speeds = new LinkedHashMap<>();
        for (String kind : PRICED_KINDS) {
            long speed = v.range("market.slowest_units_per_second." + kind, 0, 1_000_000_000_000_000L);
            if (speed > 0) {
                speeds.put(kind, speed);
            }
        }
        return speeds;
    }

    /** {@code market.base_price.<kind>} for each priced kind: base units per 1,000 steps, 0 (free) up to 10^12. */
    private static BasePrices basePrices(Values v) {
        Map<String, Long> prices = new LinkedHashMap<>();
        for (String kind : PRICED_KINDS) {
            prices.put(kind, v.range("market.base_price." + kind, 0, 1_000_000_000_000L));
        }
        return new BasePrices(prices);
    }

    /**
     * {@code market.price.*}: how base prices follow the queue. A kind follows demand only with a
     * {@code target_steps} above 0; its {@code base_price} is then its floor.
     */
    private static DemandRule demandRule(Values v) {
        Map<String, Long> targets = new LinkedHashMap<>();
        for (String kind : PRICED_KINDS) {
            targets.put(kind, v.range("market.price.target_steps." + kind, 0, 1L << 50));
        }
        return new DemandRule(v.range("market.price.interval_ms", 1, 3_600_000), targets,
                (int) v.range("market.price.max_step_permille", 1, 1000),
                (int) v.range("market.price.max_hour_factor", 2, 1000),
                v.range("market.price.ceiling", 1, 1_000_000_000_000L),
                (int) v.range("market.price.max_clearing_multiple", 0, 1000));
    }

    /** Typed reads of raw settings whose errors name the setting. */
    private record Values(Map<String, String> raw) {
        String text(String name) {
            String value = raw.get(name).strip();
            if (value.isEmpty()) {
                throw new ConfigException(name + " must not be empty");
            }
            return value;
        }

        long range(String name, long min, long max) {
            return SettingText.number(raw, name, min, max);
        }

        /** A name in signed gate objects: 1…128 characters of letters, digits, '.', '_', '-'. */
        String name(String name) {
            return nameValue(name, raw.get(name).strip());
        }

        String nameValue(String name, String value) {
            if (!value.matches("[A-Za-z0-9._-]{1,128}")) {
                throw new ConfigException(name + " must be 1…128 characters of letters, digits, '.', '_' or '-', got '"
                        + value + "'");
            }
            return value;
        }

        long positive(String name) {
            return range(name, 1, Long.MAX_VALUE);
        }

        <E extends Enum<E>> E choice(String name, Class<E> type) {
            String value = raw.get(name).strip();
            List<String> allowed = new ArrayList<>();
            for (E option : type.getEnumConstants()) {
                String wire = option.name().toLowerCase(Locale.ROOT);
                allowed.add(wire);
                if (wire.equals(value.toLowerCase(Locale.ROOT))) {
                    return option;
                }
            }
            throw new ConfigException(name + " must be one of " + String.join(", ", allowed) + ", got '" + value
                    + "'");
        }
    }
}
