package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.PoolStats;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.LedgerStore;

/**
 * The hash-chained, double-entry ledger (§5) on tables {@code ledger_entries}, {@code ledger_postings},
 * {@code accounts} and {@code ledger_totals}. The SQL is the same on both databases: appends are serialized by the
 * ledger counter's row lock (see {@link CounterTable}), which is also what keeps entry numbers dense and lets each
 * entry read its predecessor's hash without a race.
 */
public final class JdbcLedgerStore implements LedgerStore {
    private static final String COUNTER = "ledger";
    private static final String TOTAL_PAID = "reward_paid";
    private static final String TOTAL_REFUNDED = "refunded";

    private static final String ENTRY_COLUMNS = "seq, kind, entry_key, job_ids, memo, at_ms, prev_hash, hash";
    private static final String PREVIOUS_HASH = "SELECT hash FROM ledger_entries WHERE seq = ?";
    private static final String INSERT_ENTRY = "INSERT INTO ledger_entries (" + ENTRY_COLUMNS + """
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (entry_key) DO NOTHING""";
    private static final String INSERT_POSTING =
            "INSERT INTO ledger_postings (seq, position, account, amount) VALUES (?, ?, ?, ?)";
    private static final String APPLY_POSTING = """
            INSERT INTO accounts (account, balance) VALUES (?, ?)
            ON CONFLICT (account) DO UPDATE SET balance = accounts.balance + excluded.balance
            RETURNING balance""";
    private static final String ADD_TOTAL = """
            INSERT INTO ledger_totals (name, amount) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET amount = ledger_totals.amount + excluded.amount""";
    private static final String BY_SEQ = "SELECT " + ENTRY_COLUMNS + " FROM ledger_entries WHERE seq = ?";
    private static final String BY_KEY = "SELECT " + ENTRY_COLUMNS + " FROM ledger_entries WHERE entry_key = ?";
    private static final String POSTINGS_OF = """
            SELECT seq, account, amount FROM ledger_postings WHERE seq = ? ORDER BY position""";
    private static final String PAGE = "SELECT " + ENTRY_COLUMNS
            + " FROM ledger_entries WHERE seq > ? ORDER BY seq LIMIT ?";
    private static final String PAGE_POSTINGS = """
            SELECT seq, account, amount FROM ledger_postings WHERE seq > ? AND seq <= ? ORDER BY seq, position""";
    private static final String SEQS_FOR_ACCOUNT = """
            SELECT DISTINCT seq FROM ledger_postings WHERE account = ? ORDER BY seq DESC LIMIT ?""";
    private static final String BALANCE = "SELECT balance FROM accounts WHERE account = ?";
    private static final String BALANCES = "SELECT account, balance FROM accounts ORDER BY account";
    private static final String TOTAL = "SELECT amount FROM ledger_totals WHERE name = ?";

    private final SqlSession sql;
    private final CounterTable counters;

    public JdbcLedgerStore(SqlSession sql) {
        this.sql = sql;
        this.counters = new CounterTable(sql);
    }

    @Override
    public Optional<LedgerEntry> append(EntryDraft draft, long atMs) {
        long seq = counters.next(COUNTER, 1);
        String prevHash = seq == 1 ? LedgerEntry.GENESIS_HASH : sql.first(PREVIOUS_HASH, row -> row.getString(1),
                seq - 1).orElseThrow(() -> new IllegalStateException("ledger entry " + (seq - 1) + " is missing"));
        LedgerEntry entry = LedgerEntry.chain(seq, draft, atMs, prevHash);
        int inserted = sql.update(INSERT_ENTRY, seq, entry.kind().wire(), entry.key(), IdList.join(entry.jobIds()),
                entry.memo(), atMs, prevHash, entry.hash());
        if (inserted == 0) {
            // The key is taken (a reward already paid, a transfer already made): nothing changes, and the number
            // goes back so the next entry takes it; this transaction still holds the counter's lock.
            counters.giveBack(COUNTER, 1);
            return Optional.empty();
        }
        long toOutsiders = 0;
        List<Posting> postings = entry.postings();
        for (int i = 0; i < postings.size(); i++) {
            Posting posting = postings.get(i);
            sql.update(INSERT_POSTING, seq, i, posting.account(), posting.amount());
            long after = sql.longValue(APPLY_POSTING, 0, posting.account(), posting.amount());
            if (after < 0 && !Accounts.mayGoNegative(posting.account())) {
                // Thrown inside the transaction, so the storage rolls the whole entry (and its caller's work) back.
                throw new PouwException(Problem.INSUFFICIENT_FUNDS, null, "account " + posting.account()
                        + " holds " + (after - posting.amount()) + ", less than the " + (-posting.amount())
                        + " it would pay");
            }
            if (!posting.account().startsWith("sys:")) {
                toOutsiders += posting.amount();
            }
        }
        if (toOutsiders != 0 && (entry.kind() == EntryKind.REWARD || entry.kind() == EntryKind.REFUND)) {
            sql.update(ADD_TOTAL, entry.kind() == EntryKind.REWARD ? TOTAL_PAID : TOTAL_REFUNDED, toOutsiders);
        }
        return Optional.of(entry);
    }

    @Override
    public Optional<LedgerEntry> byKey(String key) {
        return sql.first(BY_KEY, EntryRow::read, key)
                .map(row -> row.toEntry(sql.list(POSTINGS_OF, JdbcLedgerStore::readPosting, row.seq())));
    }

    @Override
    public long balance(String account) {
        return sql.longValue(BALANCE, 0, account);
    }

    @Override
    public Map<String, Long> balances() {
        Map<String, Long> out = new LinkedHashMap<>();
        sql.list(BALANCES, row -> out.put(row.getString(1), row.getLong(2)));
        return out;
    }

    @Override
    public List<LedgerEntry> entries(long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<EntryRow> rows = sql.list(PAGE, EntryRow::read, afterSeq, limit);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Posting>> postings = new HashMap<>();
        sql.list(PAGE_POSTINGS, row -> postings.computeIfAbsent(row.getLong(1), seq -> new ArrayList<>())
                .add(readPosting(row)), afterSeq, rows.getLast().seq());
        return rows.stream().map(row -> row.toEntry(postings.getOrDefault(row.seq(), List.of()))).toList();
    }

    @Override
    public List<LedgerEntry> entriesFor(String account, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Long> seqs = sql.list(SEQS_FOR_ACCOUNT, row -> row.getLong(1), account, limit);
        List<LedgerEntry> out = new ArrayList<>(seqs.size());
        for (long seq : seqs) {
            out.add(sql.first(BY_SEQ, EntryRow::read, seq)
                    .orElseThrow().toEntry(sql.list(POSTINGS_OF, JdbcLedgerStore::readPosting, seq)));
        }
        return out;
    }

    @Override
    public PoolStats pool() {
        long reserved = balance(Accounts.POOL_RESERVED);
        return new PoolStats(reserved + balance(Accounts.POOL_EARNED), reserved,
                sql.longValue(TOTAL, 0, TOTAL_PAID), sql.longValue(TOTAL, 0, TOTAL_REFUNDED));
    }

    private static Posting readPosting(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Posting(row.getString(2), row.getLong(3));
    }

    /** An entry row before its postings are attached. */
    private record EntryRow(long seq, EntryKind kind, String key, List<String> jobIds, String memo, long atMs,
                            String prevHash, String hash) {
        static EntryRow read(java.sql.ResultSet row) throws java.sql.SQLException {
            return new EntryRow(row.getLong(1), EntryKind.fromWire(row.getString(2)), row.getString(3),
                    IdList.split(row.getString(4)), row.getString(5), row.getLong(6), row.getString(7),
                    row.getString(8));
        }

        LedgerEntry toEntry(List<Posting> postings) {
            // The stored hash is kept as stored, not recomputed: the audit compares the two to find tampering.
            return new LedgerEntry(seq, kind, key, postings, jobIds, memo, atMs, prevHash, hash);
        }
    }
}
