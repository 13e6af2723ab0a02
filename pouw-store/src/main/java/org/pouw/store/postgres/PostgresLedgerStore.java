package org.pouw.store.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.store.jdbc.IdList;
import org.pouw.store.jdbc.JdbcLedgerStore;
import org.pouw.store.jdbc.SqlSession;

/**
 * The ledger on PostgreSQL, shared by every node. The head of the hash chain (last number and hash) is one row of
 * {@code ledger_head}; an append locks it until commit, which serializes appends across nodes, keeps numbers dense
 * and the chain unforked. Because every other appender waits while that lock is held, an append makes two round
 * trips in all: one to take the head, one statement that stores the entry, its postings, the balances, the pool
 * totals and the new head together.
 */
final class PostgresLedgerStore extends JdbcLedgerStore {
    // After waiting for the lock, UPDATE re-reads the row's newest version, so the hash is the committed head's.
    private static final String TAKE_HEAD = """
            INSERT INTO ledger_head (id, seq, hash) VALUES (1, 1, ?)
            ON CONFLICT (id) DO UPDATE SET seq = ledger_head.seq + 1
            RETURNING seq, hash""";
    private static final String GIVE_BACK_HEAD = "UPDATE ledger_head SET seq = seq - 1 WHERE id = 1";
    private static final String SET_HEAD_HASH = "UPDATE ledger_head SET hash = ? WHERE id = 1";
    // Every part joins on "entry", which is empty when the key already exists: then nothing is posted and the head
    // number goes back. The main query reports whether the entry was stored and the balances it left.
    private static final String STORE = """
            WITH entry AS (
                INSERT INTO ledger_entries (seq, kind, entry_key, job_ids, memo, at_ms, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (entry_key) DO NOTHING
                RETURNING seq),
            posting AS (
                SELECT p.account, p.amount, p.position - 1 AS position
                FROM unnest(?::text[], ?::bigint[]) WITH ORDINALITY AS p(account, amount, position)),
            posted AS (
                INSERT INTO ledger_postings (seq, position, account, amount)
                SELECT entry.seq, posting.position, posting.account, posting.amount FROM entry, posting),
            head AS (
                UPDATE ledger_head SET
                    hash = CASE WHEN EXISTS (SELECT 1 FROM entry) THEN ?::text ELSE hash END,
                    seq = CASE WHEN EXISTS (SELECT 1 FROM entry) THEN seq ELSE seq - 1 END
                WHERE id = 1),
            total AS (
                INSERT INTO ledger_totals (name, amount)
                SELECT ?::text, ?::bigint FROM entry WHERE ?::bigint <> 0
                ON CONFLICT (name) DO UPDATE SET amount = ledger_totals.amount + excluded.amount),
            balance AS (
                INSERT INTO accounts (account, balance)
                SELECT posting.account, posting.amount FROM entry, posting
                ON CONFLICT (account) DO UPDATE SET balance = accounts.balance + excluded.balance
                RETURNING account, balance)
            SELECT (SELECT count(*) FROM entry), balance.account, balance.balance
            FROM (SELECT 1) AS one LEFT JOIN balance ON true""";

    // A batch: the head moves by the batch size at once, then ONE statement stores the entries and their postings,
    // applies the balances and pool totals and sets the new head hash. Every round trip made while the head is held
    // keeps every other settler waiting (on a loaded machine a round trip also waits for the CPU), so the head is
    // held for two statements and the commit however many entries the batch settles. The postings' foreign key is
    // checked at the end of the statement, after the entries CTE has inserted their rows.
    private static final String TAKE_HEADS = """
            INSERT INTO ledger_head (id, seq, hash) VALUES (1, ?, ?)
            ON CONFLICT (id) DO UPDATE SET seq = ledger_head.seq + excluded.seq
            RETURNING seq, hash""";
    private static final String KEYS_TAKEN = "SELECT count(*) FROM ledger_entries WHERE entry_key = ANY(?::text[])";
    private static final String STORE_BATCH = """
            WITH entry AS (
                INSERT INTO ledger_entries (seq, kind, entry_key, job_ids, memo, at_ms, prev_hash, hash)
                SELECT e.seq, e.kind, e.entry_key, e.job_ids, e.memo, ?, e.prev_hash, e.hash
                FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     AS e(seq, kind, entry_key, job_ids, memo, prev_hash, hash)
                RETURNING seq),
            posted AS (
                INSERT INTO ledger_postings (seq, position, account, amount)
                SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::bigint[])),
            total AS (
                INSERT INTO ledger_totals (name, amount)
                SELECT * FROM unnest(?::text[], ?::bigint[])
                ON CONFLICT (name) DO UPDATE SET amount = ledger_totals.amount + excluded.amount),
            head AS (
                UPDATE ledger_head SET hash = ? WHERE id = 1),
            balance AS (
                INSERT INTO accounts (account, balance)
                SELECT * FROM unnest(?::text[], ?::bigint[])
                ON CONFLICT (account) DO UPDATE SET balance = accounts.balance + excluded.balance
                RETURNING account, balance)
            SELECT (SELECT count(*) FROM entry), balance.account, balance.balance
            FROM (SELECT 1) AS one LEFT JOIN balance ON true""";

    // V43: collateral is kept off the ledger head and the account rows (see there for the threat model). A lock takes
    // per-account advisory locks and checks in a later statement; an unlock only appends, and reports what is left.
    private static final String LOCK = "SELECT lock_collateral(?::text[], ?::bigint[])";
    private static final String UNLOCK = """
            WITH change AS (
                INSERT INTO collateral_changes (account, delta) VALUES (?, ?) RETURNING delta)
            SELECT coalesce((SELECT locked FROM collateral_locked WHERE account = ?), 0) + (SELECT delta FROM change)""";
    private static final String LOCKED = "SELECT locked FROM collateral_locked WHERE account = ?";
    private static final String LOCKED_FOR_SPENDING = "SELECT collateral_locked_for_spending(?)";
    private static final String LOCKS = """
            SELECT account, locked FROM collateral_locked WHERE locked <> 0 ORDER BY account""";

    PostgresLedgerStore(SqlSession sql) {
        super(sql);
    }

    @Override
    protected Head reserveHead() {
        return sql.first(TAKE_HEAD, row -> new Head(row.getLong(1), row.getString(2)), LedgerEntry.GENESIS_HASH)
                .orElseThrow();
    }

    @Override
    protected void releaseHead() {
        sql.update(GIVE_BACK_HEAD);
    }

    @Override
    protected void headAdvanced(LedgerEntry entry) {
        sql.update(SET_HEAD_HASH, entry.hash());
    }

    @Override
    public Optional<String> lockCollateral(SortedMap<String, Long> amounts) {
        amounts.values().forEach(amount -> requirePositive("lock", amount));
        if (amounts.isEmpty()) {
            return Optional.empty();
        }
        String[] shortOf = {null};
        sql.list(LOCK, row -> shortOf[0] = row.getString(1), sql.textArray(List.copyOf(amounts.keySet())),
                sql.longArray(List.copyOf(amounts.values())));
        return Optional.ofNullable(shortOf[0]);
    }

    @Override
    public void unlockCollateral(String account, long amount) {
        requirePositive("unlock", amount);
        long left = sql.longValue(UNLOCK, 0, account, -amount, account);
        if (left < 0) {
            throw new IllegalStateException("account " + account + " has less than " + amount + " locked");
        }
    }

    @Override
    public long locked(String account) {
        return sql.longValue(LOCKED, 0, account);
    }

    @Override
    public long lockedForSpending(String account) {
        return sql.longValue(LOCKED_FOR_SPENDING, 0, account);
    }

    @Override
    public Map<String, Long> locks() {
        Map<String, Long> out = new LinkedHashMap<>();
        sql.list(LOCKS, row -> out.put(row.getString(1), row.getLong(2)));
        return out;
    }

    /**
     * A batch of entries in three statements, two of them while the head is held. Falls back to one entry at a time
     * when an entry's key may already be taken (then that entry must come back empty and change nothing) or an entry
     * names one account twice.
     * Balances are checked after the whole batch: a batch of settlements only ever moves money already reserved.
     */
    @Override
    public List<Optional<LedgerEntry>> appendAll(List<EntryDraft> drafts, long atMs) {
        if (drafts.size() < 2 || !drafts.stream().allMatch(d -> accountsAreDistinct(d.postings()))
                || sql.longValue(KEYS_TAKEN, 0, sql.textArray(drafts.stream().map(EntryDraft::key).toList())) > 0) {
            return super.appendAll(drafts, atMs);
        }
        int count = drafts.size();
        Head last = sql.first(TAKE_HEADS, row -> new Head(row.getLong(1), row.getString(2)), (long) count,
                LedgerEntry.GENESIS_HASH).orElseThrow();
        long seq = last.seq() - count + 1;
        String prevHash = last.prevHash();
        List<LedgerEntry> entries = new ArrayList<>(count);
        for (EntryDraft draft : drafts) {
            LedgerEntry entry = LedgerEntry.chain(seq++, draft, atMs, prevHash);
            entries.add(entry);
            prevHash = entry.hash();
        }
        List<Long> seqs = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        List<String> memos = new ArrayList<>();
        List<String> prevHashes = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        List<Long> postingSeqs = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        Map<String, Long> netByAccount = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (LedgerEntry entry : entries) {
            seqs.add(entry.seq());
            kinds.add(entry.kind().wire());
            keys.add(entry.key());
            jobIds.add(IdList.join(entry.jobIds()));
            memos.add(entry.memo());
            prevHashes.add(entry.prevHash());
            hashes.add(entry.hash());
            for (int i = 0; i < entry.postings().size(); i++) {
                Posting posting = entry.postings().get(i);
                postingSeqs.add(entry.seq());
                positions.add(i);
                accounts.add(posting.account());
                amounts.add(posting.amount());
                netByAccount.merge(posting.account(), posting.amount(), Long::sum);
            }
            long paidOut = paidToOutsiders(entry);
            if (paidOut != 0) {
                totals.merge(totalName(entry.kind()), paidOut, Long::sum);
            }
        }
        long[] stored = {0};
        sql.list(STORE_BATCH, row -> {
            stored[0] = row.getLong(1);
            String account = row.getString(2);
            if (account != null) {
                checkNotOverdrawn(account, row.getLong(3), netByAccount.get(account));
            }
            return null;
        }, atMs, sql.longArray(seqs), sql.textArray(kinds), sql.textArray(keys), sql.textArray(jobIds),
                sql.textArray(memos), sql.textArray(prevHashes), sql.textArray(hashes), sql.longArray(postingSeqs),
                sql.intArray(positions), sql.textArray(accounts), sql.longArray(amounts),
                sql.textArray(List.copyOf(totals.keySet())), sql.longArray(List.copyOf(totals.values())),
                entries.get(count - 1).hash(), sql.textArray(List.copyOf(netByAccount.keySet())),
                sql.longArray(List.copyOf(netByAccount.values())));
        if (stored[0] != count) {
            throw new IllegalStateException("stored " + stored[0] + " of " + count + " ledger entries");
        }
        List<Optional<LedgerEntry>> out = new ArrayList<>(count);
        entries.forEach(entry -> out.add(Optional.of(entry)));
        return out;
    }

    /**
     * One statement after taking the head. An entry that names one account twice cannot be applied by one upsert
     * (PostgreSQL refuses to update a row twice in a statement) and goes the general way, posting by posting.
     */
    @Override
    public Optional<LedgerEntry> append(EntryDraft draft, long atMs) {
        if (!accountsAreDistinct(draft.postings())) {
            return super.append(draft, atMs);
        }
        Head head = reserveHead();
        LedgerEntry entry = LedgerEntry.chain(head.seq(), draft, atMs, head.prevHash());
        List<String> accounts = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        Map<String, Long> amountOf = new HashMap<>();
        for (Posting posting : entry.postings()) {
            accounts.add(posting.account());
            amounts.add(posting.amount());
            amountOf.put(posting.account(), posting.amount());
        }
        long paidOut = paidToOutsiders(entry);
        boolean[] stored = {false};
        sql.list(STORE, row -> {
            stored[0] = row.getLong(1) == 1;
            String account = row.getString(2);
            if (account != null) {
                checkNotOverdrawn(account, row.getLong(3), amountOf.get(account));
            }
            return null;
        }, entry.seq(), entry.kind().wire(), entry.key(), IdList.join(entry.jobIds()), entry.memo(), atMs,
                entry.prevHash(), entry.hash(), sql.textArray(accounts), sql.longArray(amounts), entry.hash(),
                totalName(entry.kind()), paidOut, paidOut);
        return stored[0] ? Optional.of(entry) : Optional.empty();
    }
}
