package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.JobId;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.PoolStats;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.SampleJobs;

/** What every {@link org.pouw.core.port.LedgerStore} adapter must do, run against each database by a subclass. */
public abstract class LedgerStoreContract extends StorageTestBase {
    private static final String ALICE = "did:key:z6MkAlice";
    private static final String BOB = "did:key:z6MkBob";
    private static final JobId JOB_1 = SampleJobs.jobId("job1");
    private static final JobId JOB_2 = SampleJobs.jobId("job2");

    private Optional<LedgerEntry> append(EntryDraft draft, long atMs) {
        return storage.write((StoreTx tx) -> tx.ledger().append(draft, atMs));
    }

    private static EntryDraft genesis(String account, long amount) {
        return new EntryDraft(EntryKind.GENESIS, "genesis:" + account,
                List.of(new Posting(Accounts.GENESIS, -amount), new Posting(account, amount)), List.of(), "dev");
    }

    private static EntryDraft transfer(String key, String from, String to, long amount) {
        return new EntryDraft(EntryKind.TRANSFER, key, List.of(new Posting(from, -amount), new Posting(to, amount)),
                List.of(), "");
    }

    private long balance(String account) {
        return storage.read((StoreTx tx) -> tx.ledger().balance(account));
    }

    private List<LedgerEntry> all() {
        return storage.read((StoreTx tx) -> tx.ledger().entries(0, 1_000));
    }

    @Test
    void entries_are_numbered_densely_and_chained_from_the_genesis_hash() {
        LedgerEntry first = append(genesis(ALICE, 500), 10).orElseThrow();
        LedgerEntry second = append(transfer("t1", ALICE, BOB, 20), 20).orElseThrow();
        LedgerEntry third = append(genesis(BOB, 5), 30).orElseThrow();

        assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(1L, 2L, 3L);
        assertThat(first.prevHash()).isEqualTo(LedgerEntry.GENESIS_HASH);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(third.prevHash()).isEqualTo(second.hash());
        assertThat(all()).containsExactly(first, second, third).allMatch(LedgerEntry::hashIsIntact);
    }

    @Test
    void postings_move_balances_and_genesis_alone_goes_negative() {
        append(genesis(ALICE, 500), 10);
        append(transfer("t1", ALICE, BOB, 120), 20);
        assertThat(balance(ALICE)).isEqualTo(380);
        assertThat(balance(BOB)).isEqualTo(120);
        assertThat(balance(Accounts.GENESIS)).isEqualTo(-500);
        assertThat(balance("did:key:z6MkNobody")).isZero();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balances()))
                .isEqualTo(Map.of(ALICE, 380L, BOB, 120L, Accounts.GENESIS, -500L));
    }

    @Test
    void a_repeated_key_changes_nothing_and_its_number_is_not_lost() {
        LedgerEntry first = append(transfer("once", Accounts.GENESIS, ALICE, 10), 10).orElseThrow();
        assertThat(append(transfer("once", Accounts.GENESIS, BOB, 99), 20)).isEmpty();
        assertThat(storage.write((StoreTx tx) -> {
            tx.ledger().append(genesis(BOB, 1), 25);
            return tx.ledger().append(genesis(BOB, 1), 26);
        })).isEmpty();

        LedgerEntry next = append(genesis(ALICE, 1), 30).orElseThrow();
        assertThat(next.seq()).isEqualTo(3);
        assertThat(all()).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(balance(ALICE)).isEqualTo(11);
        assertThat(balance(BOB)).isEqualTo(1);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey("once"))).contains(first);
    }

    @Test
    void an_overdraft_is_refused_naming_the_account_and_rolls_the_transaction_back() {
        append(genesis(ALICE, 50), 10);
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> {
            tx.events().append(new org.pouw.core.event.EventDraft("before", "", "", "{}"), 15);
            return tx.ledger().append(transfer("big", ALICE, BOB, 80), 20);
        })).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS);
            assertThat(e.getMessage()).contains(ALICE).contains("50").contains("80");
        });
        assertThat(balance(ALICE)).isEqualTo(50);
        assertThat(balance(BOB)).isZero();
        assertThat(all()).hasSize(1);
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isZero();
        assertThat(append(transfer("fits", ALICE, BOB, 50), 30).orElseThrow().seq()).isEqualTo(2);
        assertThat(balance(ALICE)).isZero();
    }

    @Test
    void a_batch_that_overdraws_an_account_is_refused_and_changes_nothing() {
        append(genesis(ALICE, 50), 10);
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> tx.ledger().appendAll(List.of(
                transfer("b1", ALICE, BOB, 30), transfer("b2", ALICE, BOB, 30)), 20)))
                .isInstanceOfSatisfying(PouwException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS);
                    assertThat(e.getMessage()).contains(ALICE);
                });
        assertThat(balance(ALICE)).isEqualTo(50);
        assertThat(balance(BOB)).isZero();
        assertThat(all()).hasSize(1);
        List<Optional<LedgerEntry>> fits = storage.write((StoreTx tx) -> tx.ledger().appendAll(List.of(
                transfer("b1", ALICE, BOB, 20), transfer("b2", ALICE, BOB, 30)), 30));
        assertThat(fits).extracting(e -> e.orElseThrow().seq()).containsExactly(2L, 3L);
        assertThat(all()).hasSize(3).allMatch(LedgerEntry::hashIsIntact);
        assertThat(all().get(2).prevHash()).isEqualTo(all().get(1).hash());
        assertThat(balance(ALICE)).isZero();
        assertThat(balance(BOB)).isEqualTo(50);
    }

    /** Balances are checked after each posting, in order, as the audit replays them: not just on the net change. */
    @Test
    void an_entry_that_names_an_account_twice_is_checked_posting_by_posting() {
        append(genesis(ALICE, 5), 1);
        EntryDraft upThenDown = new EntryDraft(EntryKind.TRANSFER, "up-down", List.of(new Posting(ALICE, 10),
                new Posting(ALICE, -10), new Posting(BOB, 3), new Posting(Accounts.GENESIS, -3)), List.of(), "");
        LedgerEntry stored = append(upThenDown, 2).orElseThrow();
        assertThat(stored.postings()).isEqualTo(upThenDown.postings());
        assertThat(balance(ALICE)).isEqualTo(5);
        assertThat(balance(BOB)).isEqualTo(3);
        assertThat(append(upThenDown, 3)).isEmpty();

        EntryDraft downThenUp = new EntryDraft(EntryKind.TRANSFER, "down-up", List.of(new Posting(ALICE, -10),
                new Posting(ALICE, 10)), List.of(), "");
        assertThatThrownBy(() -> append(downThenUp, 4)).isInstanceOfSatisfying(PouwException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.INSUFFICIENT_FUNDS));
        assertThat(append(genesis(BOB, 1), 5).orElseThrow().seq()).isEqualTo(3);
        assertThat(all()).extracting(LedgerEntry::hashIsIntact).containsOnly(true);
        assertThat(all().get(2).prevHash()).isEqualTo(stored.hash());
    }

    @Test
    void entries_page_in_order_and_an_account_lists_its_own_newest_first() {
        append(genesis(ALICE, 100), 1);
        append(genesis(BOB, 100), 2);
        append(transfer("a-to-b", ALICE, BOB, 5), 3);
        append(transfer("b-to-genesis", BOB, Accounts.GENESIS, 5), 4);
        append(transfer("b-to-a", BOB, ALICE, 7), 5);

        assertThat(storage.read((StoreTx tx) -> tx.ledger().entries(0, 2))).extracting(LedgerEntry::seq)
                .containsExactly(1L, 2L);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().entries(2, 2))).extracting(LedgerEntry::seq)
                .containsExactly(3L, 4L);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().entries(5, 2))).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().entriesFor(ALICE, 10))).extracting(LedgerEntry::seq)
                .containsExactly(5L, 3L, 1L);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().entriesFor(ALICE, 2))).extracting(LedgerEntry::key)
                .containsExactly("b-to-a", "a-to-b");
        assertThat(storage.read((StoreTx tx) -> tx.ledger().entriesFor("did:key:z6MkNobody", 10))).isEmpty();
    }

    @Test
    void entries_keep_their_postings_job_ids_and_memo() {
        EntryDraft reward = new EntryDraft(EntryKind.REWARD, EntryDraft.rewardKey(JOB_1), List.of(
                new Posting(Accounts.POOL_RESERVED, -100), new Posting(BOB, 90), new Posting(Accounts.POOL_EARNED, 10)),
                List.of(JOB_1, JOB_2), "reward for job1 — ünïcode");
        append(new EntryDraft(EntryKind.FEE_RESERVED, "fee:i1", List.of(new Posting(Accounts.GENESIS, -100),
                new Posting(Accounts.POOL_RESERVED, 100)), List.of(), ""), 1);
        LedgerEntry stored = append(reward, 2).orElseThrow();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey(EntryDraft.rewardKey(JOB_1)))).contains(stored);
        assertThat(stored.postings()).isEqualTo(reward.postings());
        assertThat(stored.jobIds()).containsExactly(JOB_1, JOB_2);
        assertThat(all().get(1)).isEqualTo(stored);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey("reward:nope"))).isEmpty();
    }

    @Test
    void a_batch_of_entries_is_numbered_chained_and_applied_like_single_appends() {
        append(genesis(ALICE, 1_000), 1);
        append(new EntryDraft(EntryKind.FEE_RESERVED, "fee:i1", List.of(new Posting(ALICE, -300),
                new Posting(Accounts.POOL_RESERVED, 300)), List.of(), ""), 2);
        List<EntryDraft> batch = List.of(
                new EntryDraft(EntryKind.REWARD, "reward:b1", List.of(new Posting(Accounts.POOL_RESERVED, -100),
                        new Posting(BOB, 90), new Posting(Accounts.POOL_EARNED, 10)), List.of(SampleJobs.jobId("b1")), "r1"),
                new EntryDraft(EntryKind.REWARD, "reward:b2", List.of(new Posting(Accounts.POOL_RESERVED, -100),
                        new Posting(BOB, 90), new Posting(Accounts.POOL_EARNED, 10)), List.of(SampleJobs.jobId("b2")), "r2"),
                new EntryDraft(EntryKind.REFUND, "refund:b3", List.of(new Posting(Accounts.POOL_RESERVED, -100),
                        new Posting(ALICE, 100)), List.of(SampleJobs.jobId("b3")), "back"));
        List<Optional<LedgerEntry>> written = storage.write((StoreTx tx) -> tx.ledger().appendAll(batch, 3));
        assertThat(written).allMatch(Optional::isPresent);
        assertThat(written.stream().map(e -> e.orElseThrow().seq()).toList()).containsExactly(3L, 4L, 5L);
        assertThat(all()).hasSize(5).allMatch(LedgerEntry::hashIsIntact);
        for (int i = 1; i < 5; i++) {
            assertThat(all().get(i).prevHash()).isEqualTo(all().get(i - 1).hash());
        }
        assertThat(balance(BOB)).isEqualTo(180);
        assertThat(balance(ALICE)).isEqualTo(800);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool())).isEqualTo(new PoolStats(20, 0, 180, 100));
        assertThat(append(transfer("after", ALICE, BOB, 1), 4).orElseThrow().seq()).isEqualTo(6);

        List<Optional<LedgerEntry>> again = storage.write((StoreTx tx) -> tx.ledger().appendAll(List.of(
                batch.get(0), transfer("fresh", ALICE, BOB, 5)), 5));
        assertThat(again.get(0)).as("a key already used comes back empty").isEmpty();
        assertThat(again.get(1).orElseThrow().seq()).isEqualTo(7);
        assertThat(balance(BOB)).isEqualTo(186);
    }

    @Test
    void the_pool_reports_balance_reserved_paid_and_refunded() {
        append(genesis(ALICE, 1_000), 1);
        append(new EntryDraft(EntryKind.FEE_RESERVED, "fee:i1", List.of(new Posting(ALICE, -300),
                new Posting(Accounts.POOL_RESERVED, 300)), List.of(), ""), 2);
        append(new EntryDraft(EntryKind.REWARD, "reward:j1", List.of(new Posting(Accounts.POOL_RESERVED, -100),
                new Posting(BOB, 90), new Posting(Accounts.POOL_EARNED, 10)), List.of(SampleJobs.jobId("j1")), ""), 3);
        append(new EntryDraft(EntryKind.REWARD, "reward:j2", List.of(new Posting(Accounts.POOL_RESERVED, -100),
                new Posting(BOB, 80), new Posting(Accounts.POOL_EARNED, 20)), List.of(SampleJobs.jobId("j2")), ""), 4);
        append(new EntryDraft(EntryKind.REFUND, "refund:j3", List.of(new Posting(Accounts.POOL_RESERVED, -100),
                new Posting(ALICE, 100)), List.of(SampleJobs.jobId("j3")), ""), 5);

        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool())).isEqualTo(new PoolStats(30, 0, 170, 100));
        assertThat(balance(ALICE)).isEqualTo(800);
    }

    @Test
    void an_empty_ledger_has_nothing_and_an_empty_pool() {
        assertThat(all()).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balances())).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().pool())).isEqualTo(new PoolStats(0, 0, 0, 0));
    }
}
