package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.JobId;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.PoolStats;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.LedgerStore;

/**
 * The hash-chained, double-entry ledger (§5) on tables {@code ledger_entries}, {@code ledger_postings},
 * {@code accounts} and {@code ledger_totals}. How the next entry number and the hash to chain to are found, and
 * what keeps two appenders apart while they are, is each database's business ({@link #reserveHead}); storing the
 * entry, applying its postings with the overdraft guard and reading the ledger back are the same everywhere.
 */
public abstract class JdbcLedgerStore implements LedgerStore {
    protected static final String TOTAL_PAID = "reward_paid";
    protected static final String TOTAL_REFUNDED = "refunded";

    private static final String ENTRY_COLUMNS = "seq, kind, entry_key, job_ids, memo, at_ms, prev_hash, hash";
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
    protected final SqlSession sql;

    protected JdbcLedgerStore(SqlSession sql) {
        this.sql = sql;
    }

    /** The number the next entry takes and the hash it chains to. */
    public record Head(long seq, String prevHash) {
    }

    /**
     * Finds the next entry number and the previous entry's hash, and makes sure no other transaction can take the
     * same number before this one ends.
     */
    protected abstract Head reserveHead();

    /** Undoes {@link #reserveHead} when the entry was not stored (its key was taken). */
    protected abstract void releaseHead();

    /** Called once the entry is stored, for databases that keep the chain's head apart from the entries. */
    protected void headAdvanced(LedgerEntry entry) {
    }

    @Override
    public Optional<LedgerEntry> append(EntryDraft draft, long atMs) {
        Head head = reserveHead();
        LedgerEntry entry = LedgerEntry.chain(head.seq(), draft, atMs, head.prevHash());
        int inserted = sql.update(INSERT_ENTRY, entry.seq(), entry.kind().wire(), entry.key(),
                IdList.join(entry.jobIds()), entry.memo(), atMs, entry.prevHash(), entry.hash());
        if (inserted == 0) {
            // The key is taken (a reward already paid, a transfer already made): nothing changes, and the number
            // is given back so the next entry takes it.
            releaseHead();
            return Optional.empty();
        }
        List<Posting> postings = entry.postings();
        for (int i = 0; i < postings.size(); i++) {
            Posting posting = postings.get(i);
            sql.update(INSERT_POSTING, entry.seq(), i, posting.account(), posting.amount());
            checkNotOverdrawn(posting.account(), sql.longValue(APPLY_POSTING, 0, posting.account(),
                    posting.amount()), posting.amount());
        }
        long paidOut = paidToOutsiders(entry);
        if (paidOut != 0) {
            sql.update(ADD_TOTAL, totalName(entry.kind()), paidOut);
        }
        headAdvanced(entry);
        return Optional.of(entry);
    }

    /**
     * Refuses a posting that left {@code account} at {@code after} if that is below zero and the account is not
     * genesis. Thrown inside the transaction, so the storage rolls the whole entry (and its caller's work) back.
     */
    protected static void checkNotOverdrawn(String account, long after, long amount) {
        if (after < 0 && !Accounts.mayGoNegative(account)) {
            throw new PouwException(Problem.INSUFFICIENT_FUNDS, null, "account " + account + " holds "
                    + (after - amount) + ", less than the " + (-amount) + " it would pay");
        }
    }

    /** What a reward paid or a refund returned to accounts outside the system, for the pool's running totals. */
    protected static long paidToOutsiders(LedgerEntry entry) {
        if (entry.kind() != EntryKind.REWARD && entry.kind() != EntryKind.REFUND) {
            return 0;
        }
        long sum = 0;
        for (Posting posting : entry.postings()) {
            if (!posting.account().startsWith("sys:")) {
                sum += posting.amount();
            }
        }
        return sum;
    }

    protected static String totalName(EntryKind kind) {
        return kind == EntryKind.REWARD ? TOTAL_PAID : TOTAL_REFUNDED;
    }

    protected static boolean accountsAreDistinct(List<Posting> postings) {
        Set<String> seen = new HashSet<>();
        for (Posting posting : postings) {
            if (!seen.add(posting.account())) {
                return false;
            }
        }
        return true;
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

    /** Refuses a collateral amount to lock or unlock that is not above zero: a caller's bug. */
    protected static void requirePositive(String what, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("collateral to " + what + " must be > 0, got " + amount);
        }
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
            out.add(sql.first(BY_SEQ, EntryRow::read, seq).orElseThrow()
                    .toEntry(sql.list(POSTINGS_OF, JdbcLedgerStore::readPosting, seq)));
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
    private record EntryRow(long seq, EntryKind kind, String key, List<JobId> jobIds, String memo, long atMs,
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
