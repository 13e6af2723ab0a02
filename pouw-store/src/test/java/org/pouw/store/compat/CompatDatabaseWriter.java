package org.pouw.store.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.pouw.core.SettableClock;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;
import org.pouw.core.job.Job;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.market.JobMarket;
import org.pouw.core.port.Storage;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.store.GateStores;
import org.pouw.store.RedemptionStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.sqlite.SqliteStorage;
import org.pouw.store.support.EchoKind;
import org.pouw.store.support.MarketBench;
import org.pouw.store.support.SampleJobs;

/**
 * Writes the database {@link DatabaseCompatibilityTest} reads: run once per schema version, by hand, and commit the
 * file (pouw-store/README.md, "Database compatibility", has the command). Never rewrite an existing file: the point
 * is that later builds still read what this build wrote.
 *
 * <p>The story, on a settable clock: a client is funded from genesis and opens an intent of two jobs with a fee of
 * 2,000; prover A proves the first and is paid; prover B submits a forged proof for the second, which goes back to
 * pending with the rejected attempt recorded. From v4 on, the receipts pool is funded from genesis with 100 and
 * challenge {@code compat-challenge} is redeemed for a reward of 5 to prover A, in one transaction. From v5 on,
 * challenge {@code compat-receipt} is paid 7 to prover B through {@code SqlRewardPayouts} (entry
 * {@code receipt:compat-receipt}, emission 7 in the interval starting at {@link #START}); partner {@code acme} has
 * one API key (prefix {@link #PARTNER_PREFIX}, revoked) and one live ({@link #PARTNER_LIVE_PREFIX}), one signing key
 * ({@link #PARTNER_SIGNER}), and took 2 tokens of its budget in the interval starting at {@link #START}.
 */
public final class CompatDatabaseWriter {
    static final long START = 1_700_000_000_000L;
    static final String PROVER_A = SampleJobs.did("compat-prover-a");
    static final String PROVER_B = SampleJobs.did("compat-prover-b");
    static final String RECEIPTS_POOL = "sys:receipts:pool";
    static final String REDEEMED_KEY = "chal:compat-challenge";
    static final String RECEIPT_REWARD_KEY = "receipt-reward:compat-challenge";
    static final String PAYOUT_CHALLENGE = "compat-receipt";
    static final String PARTNER_PREFIX = "0a0b0c0d0e0f";
    static final String PARTNER_LIVE_PREFIX = "1a1b1c1d1e1f";
    static final byte[] PARTNER_KEY_HASH = SampleJobs.hash32("compat-partner-key").bytes();
    static final String PARTNER_SIGNER = SampleJobs.did("compat-partner-signer");

    private CompatDatabaseWriter() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompatDatabaseWriter <file to write, e.g. v2.sqlite>");
        }
        Path target = Path.of(args[0]);
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists: a committed compatibility file is never rewritten");
        }
        Path folder = Files.createTempDirectory("pouw-compat");
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(folder))) {
            writeStory(storage);
        }
        // VACUUM INTO leaves one compact file with every committed page, whatever was still in the write-ahead log.
        String url = "jdbc:sqlite:" + folder.resolve(SqliteStorage.FILE_NAME);
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        }
        System.out.println("wrote " + target + " (" + Files.size(target) + " bytes)");
    }

    static void writeStory(Storage storage) {
        SettableClock clock = new SettableClock(START);
        MarketBench bench = new MarketBench(storage, clock);
        JobMarket market = bench.market();
        bench.fund(MarketBench.CLIENT, 1_000_000);
        bench.open(2, 2_000);

        clock.advance(1_000);
        Job first = market.claim(Did.of(PROVER_A), new ClaimRequest(List.of(), List.of(), 1, 0)).getFirst();
        clock.advance(500);
        market.submit(first.jobId(), Did.of(PROVER_A), first.leaseToken(), EchoKind.proofFor(first.params()));

        clock.advance(1_000);
        Job second = market.claim(Did.of(PROVER_B), new ClaimRequest(List.of(), List.of(), 1, 0)).getFirst();
        clock.advance(500);
        market.submit(second.jobId(), Did.of(PROVER_B), second.leaseToken(), "forged".getBytes(StandardCharsets.UTF_8));

        clock.advance(1_000);
        storage.write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:" + RECEIPTS_POOL,
                List.of(new Posting(Accounts.GENESIS, -100), new Posting(RECEIPTS_POOL, 100)), List.of(), "compat"),
                clock.millis()));
        long at = clock.millis();
        GateVerdict<LedgerEntry> paid = RedemptionStores.on(storage).redeem(REDEEMED_KEY, START + 65_000,
                Grant.reward(tx -> GateVerdict.accepted(tx.ledger().append(new EntryDraft(EntryKind.TRANSFER,
                        RECEIPT_REWARD_KEY, List.of(new Posting(RECEIPTS_POOL, -5), new Posting(PROVER_A, 5)),
                        List.of(), "compat receipt"), at).orElseThrow())));
        if (!paid.isAccepted()) {
            throw new IllegalStateException("the compat redemption was refused: " + paid);
        }

        clock.advance(1_000);
        RewardPayouts.Outcome payout = GateStores.rewardPayouts(storage, clock).payOnce(new RewardPayouts.RewardClaim(
                Redemptions.challengeKey(PAYOUT_CHALLENGE), START + 70_000, PROVER_B, 7,
                RewardPayouts.ledgerKey(PAYOUT_CHALLENGE), START, 100));
        if (payout != RewardPayouts.Outcome.PAID) {
            throw new IllegalStateException("the compat payout was refused: " + payout);
        }
        GateStores.partnerKeys(storage).add("acme", PARTNER_PREFIX, PARTNER_KEY_HASH);
        GateStores.partnerKeys(storage).revoke(PARTNER_PREFIX);
        GateStores.partnerKeys(storage).add("acme", PARTNER_LIVE_PREFIX, PARTNER_KEY_HASH);
        GateStores.partnerSigningKeys(storage).add("acme", PARTNER_SIGNER);
        GateStores.partnerBudgets(storage).tryTake("acme", START, 5, START + 60_000);
        GateStores.partnerBudgets(storage).tryTake("acme", START, 5, START + 60_000);
    }
}
