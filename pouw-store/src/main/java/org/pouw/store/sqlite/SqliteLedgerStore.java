package org.pouw.store.sqlite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SortedMap;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.store.jdbc.IdList;
import org.pouw.store.jdbc.JdbcLedgerStore;
import org.pouw.store.jdbc.SqlSession;

/**
 * The ledger on SQLite. With one writer there is nobody to serialize against, so the next number and the hash to
 * chain to both come from the last entry in one indexed read. Postings and balances go in one multi-row statement
 * each: on the embedded store every statement saved is time the single writer gives to the next transaction.
 */
final class SqliteLedgerStore extends JdbcLedgerStore {
    private static final String LAST = "SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1";
    private static final String INSERT_ENTRY = """
            INSERT INTO ledger_entries (seq, kind, entry_key, job_ids, memo, at_ms, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (entry_key) DO NOTHING""";
    private static final String ADD_TOTAL = """
            INSERT INTO ledger_totals (name, amount) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET amount = ledger_totals.amount + excluded.amount""";
    /** Entries of up to this many postings use precomputed statement texts (a reward has three). */
    private static final int SHAPES = 8;
    private static final String[] INSERT_POSTINGS = new String[SHAPES + 1];
    private static final String[] APPLY_POSTINGS = new String[SHAPES + 1];

    static {
        for (int count = 1; count <= SHAPES; count++) {
            INSERT_POSTINGS[count] = insertPostings(count);
            APPLY_POSTINGS[count] = applyPostings(count);
        }
    }

    // V23's accounts.locked. The WHERE is the check; with one writer nothing changes the row between the two.
    private static final String LOCK =
            "UPDATE accounts SET locked = locked + ? WHERE account = ? AND balance - locked >= ?";
    private static final String UNLOCK = "UPDATE accounts SET locked = locked - ? WHERE account = ? AND locked >= ?";
    private static final String LOCKED = "SELECT locked FROM accounts WHERE account = ?";
    private static final String LOCKS = "SELECT account, locked FROM accounts WHERE locked <> 0 ORDER BY account";

    SqliteLedgerStore(SqlSession sql) {
        super(sql);
    }

    @Override
    protected Head reserveHead() {
        return sql.first(LAST, row -> new Head(row.getLong(1) + 1, row.getString(2)))
                .orElse(new Head(1, LedgerEntry.GENESIS_HASH));
    }

    @Override
    protected void releaseHead() {
        // Nothing was drawn: the number is "one past the last entry", and no entry was added.
    }

    @Override
    public Optional<LedgerEntry> append(EntryDraft draft, long atMs) {
        List<Posting> postings = draft.postings();
        if (postings.isEmpty() || !accountsAreDistinct(postings)) {
            return super.append(draft, atMs); // one account twice: checked posting by posting, as the audit does
        }
        Head head = reserveHead();
        LedgerEntry entry = LedgerEntry.chain(head.seq(), draft, atMs, head.prevHash());
        if (sql.update(INSERT_ENTRY, entry.seq(), entry.kind().wire(), entry.key(), IdList.join(entry.jobIds()),
                entry.memo(), atMs, entry.prevHash(), entry.hash()) == 0) {
            return Optional.empty(); // the key is taken: a reward already paid, a transfer already made
        }
        int count = postings.size();
        Object[] rows = new Object[count * 4];
        Object[] deltas = new Object[count * 2];
        Map<String, Long> amountOf = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Posting posting = postings.get(i);
            rows[4 * i] = entry.seq();
            rows[4 * i + 1] = i;
            rows[4 * i + 2] = posting.account();
            rows[4 * i + 3] = posting.amount();
            deltas[2 * i] = posting.account();
            deltas[2 * i + 1] = posting.amount();
            amountOf.put(posting.account(), posting.amount());
        }
        sql.update(count <= SHAPES ? INSERT_POSTINGS[count] : insertPostings(count), rows);
        sql.list(count <= SHAPES ? APPLY_POSTINGS[count] : applyPostings(count), row -> {
            checkNotOverdrawn(row.getString(1), row.getLong(2), amountOf.get(row.getString(1)));
            return null;
        }, deltas);
        long paidOut = paidToOutsiders(entry);
        if (paidOut != 0) {
            sql.update(ADD_TOTAL, totalName(entry.kind()), paidOut);
        }
        return Optional.of(entry);
    }

    private static String insertPostings(int count) {
        return "INSERT INTO ledger_postings (seq, position, account, amount) VALUES (?, ?, ?, ?)"
                + ", (?, ?, ?, ?)".repeat(count - 1);
    }

    private static String applyPostings(int count) {
        return "INSERT INTO accounts (account, balance) VALUES (?, ?)" + ", (?, ?)".repeat(count - 1)
                + " ON CONFLICT (account) DO UPDATE SET balance = accounts.balance + excluded.balance"
                + " RETURNING account, balance";
    }

    /** One conditional statement an account, in name order: enough where one writer runs at a time. */
    @Override
    public Optional<String> lockCollateral(SortedMap<String, Long> amounts) {
        for (Map.Entry<String, Long> wanted : amounts.entrySet()) {
            requirePositive("lock", wanted.getValue());
            if (sql.update(LOCK, wanted.getValue(), wanted.getKey(), wanted.getValue()) != 1) {
                return Optional.of(wanted.getKey());
            }
        }
        return Optional.empty();
    }

    @Override
    public void unlockCollateral(String account, long amount) {
        requirePositive("unlock", amount);
        if (sql.update(UNLOCK, amount, account, amount) != 1) {
            throw new IllegalStateException("account " + account + " has less than " + amount + " locked");
        }
    }

    @Override
    public long locked(String account) {
        return sql.longValue(LOCKED, 0, account);
    }

    @Override
    public Map<String, Long> locks() {
        Map<String, Long> out = new LinkedHashMap<>();
        sql.list(LOCKS, row -> out.put(row.getString(1), row.getLong(2)));
        return out;
    }
}
