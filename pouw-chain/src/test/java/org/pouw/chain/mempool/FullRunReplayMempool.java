package org.pouw.chain.mempool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.pouw.chain.state.AuditBlockRules;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * The mempool as it was before additions kept each sender's run state (session of issue 20): every addition replays
 * the sender's whole pending run on the tip state. Kept verbatim, in test scope only, as the oracle
 * {@link MempoolAppendProperties} compares {@link Mempool} with.
 */
final class FullRunReplayMempool {
    static final int REPLACEMENT_BUMP_PERCENT = 10;
    /** Cheaper first; equal fees in the order of the senders' keys, so every node orders a pool alike. */
    private static final Comparator<Transaction> BY_FEE = Comparator.comparingLong(Transaction::fee)
            .thenComparing(tx -> tx.sender().hex(), Comparator.reverseOrder());
    /**
     * Audit openings before everything else (docs/chain.md §5.3), the oldest audit first: its opening window closes
     * first, and a block's audit budget fits about one opening, so an order by sender would let one miner's stream of
     * openings starve another's (and every later transaction of that miner's, its reveal among them).
     */
    private static final Comparator<Transaction> OPENINGS_FIRST = Comparator.<Transaction>comparingInt(
            tx -> tx.body() instanceof AuditOpen ? 0 : 1)
            .thenComparingLong(tx -> tx.body() instanceof AuditOpen open ? open.auditedHeight() : 0);

    private final TransactionRules rules;
    private final int capacity;
    private final int perSender;
    private final long maxBytes;
    private final AuditBlockRules audits;
    private final Map<Bytes32, TreeMap<Long, Transaction>> bySender = new HashMap<>();
    private int size;
    /** Encoded bytes of every pending transaction, openings included. */
    private long bytes;

    FullRunReplayMempool(TransactionRules rules, int capacity, int perSender) {
        this(rules, capacity, perSender, Mempool.DEFAULT_MAX_BYTES, null);
    }

    /** A pool whose blocks keep to the audit rules' budget for openings ({@link AuditBlockRules#checkBody}). */
    FullRunReplayMempool(TransactionRules rules, int capacity, int perSender, AuditBlockRules audits) {
        this(rules, capacity, perSender, Mempool.DEFAULT_MAX_BYTES, audits);
    }

    /** ... holding at most {@code maxBytes} encoded bytes of transactions other than openings. */
    FullRunReplayMempool(TransactionRules rules, int capacity, int perSender, long maxBytes, AuditBlockRules audits) {
        if (capacity < 1 || perSender < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("mempool capacity, per-sender limit and byte budget must be >= 1");
        }
        this.rules = rules;
        this.capacity = capacity;
        this.perSender = perSender;
        this.maxBytes = maxBytes;
        this.audits = audits;
    }

    public int size() {
        return size;
    }

    /** Encoded bytes of the pending transactions. */
    public long bytes() {
        return bytes;
    }

    /** Offers {@code tx} for the block after the tip whose state is {@code tipState} at height {@code height}. */
    public MempoolAdmission add(Transaction tx, StateLayer tipState, long height) {
        TreeMap<Long, Transaction> run = bySender.getOrDefault(tx.sender(), new TreeMap<>());
        long stateNonce = tipState.account(tx.sender()).nonce();
        long next = stateNonce + run.size();
        Transaction replaced = run.get(tx.nonce());
        if (replaced != null && replaced.equals(tx)) {
            return MempoolAdmission.refused(MempoolRefusal.ALREADY_PENDING, "already pending");
        }
        if (replaced == null && tx.nonce() != next) {
            return tx.nonce() < stateNonce
                    ? MempoolAdmission.refused(MempoolRefusal.INVALID, "nonce " + tx.nonce() + " is already used")
                    : MempoolAdmission.refused(MempoolRefusal.NONCE_GAP, "expected nonce " + next + ", got "
                            + tx.nonce());
        }
        if (replaced != null && tx.fee() < minimumReplacementFee(replaced)) {
            return MempoolAdmission.refused(MempoolRefusal.REPLACEMENT_UNDERPRICED, "a replacement must pay at least "
                    + minimumReplacementFee(replaced) + ", got " + tx.fee());
        }
        if (replaced == null && run.size() >= perSender) {
            return MempoolAdmission.refused(MempoolRefusal.SENDER_FULL, "at most " + perSender
                    + " pending transactions per sender");
        }
        long length = encodedLength(tx);
        if (length > maxBytes && !(tx.body() instanceof AuditOpen)) {
            // before the rules run: a transaction that can never fit is not worth verifying
            return MempoolAdmission.refused(MempoolRefusal.POOL_BYTES_FULL, "a transaction of " + length
                    + " bytes can never fit the pool's " + maxBytes + " bytes");
        }
        TreeMap<Long, Transaction> candidate = new TreeMap<>(run);
        candidate.put(tx.nonce(), tx);
        String invalid = firstInvalid(candidate.values(), tipState, height);
        if (invalid != null) {
            return MempoolAdmission.refused(MempoolRefusal.INVALID, invalid);
        }
        long growth = length - (replaced == null ? 0 : encodedLength(replaced));
        List<Transaction> evicted = new ArrayList<>();
        if (!(tx.body() instanceof AuditOpen)) {
            boolean countFull = replaced == null && size >= capacity;
            long freed = 0;
            Map<Bytes32, Integer> taken = new HashMap<>();
            while ((countFull && evicted.isEmpty()) || bytes + growth - freed > maxBytes) {
                Transaction cheapest = cheapestTailOtherThan(tx.sender(), taken);
                if (cheapest == null || cheapest.fee() >= tx.fee()) {
                    String pays = cheapest == null ? "as much" : String.valueOf(cheapest.fee());
                    return countFull && evicted.isEmpty()
                            ? MempoolAdmission.refused(MempoolRefusal.POOL_FULL, "the pool is full and pays at least "
                                    + pays + " per transaction it could displace")
                            : MempoolAdmission.refused(MempoolRefusal.POOL_BYTES_FULL, "the pool's " + maxBytes
                                    + " bytes hold " + bytes + "; " + length + " more bytes would displace "
                                    + "transactions paying at least " + pays);
                }
                evicted.add(cheapest);
                taken.merge(cheapest.sender(), 1, Integer::sum);
                freed += encodedLength(cheapest);
            }
        }
        evicted.forEach(this::remove);
        bySender.put(tx.sender(), candidate);
        if (replaced == null) {
            size++;
        }
        bytes += growth;
        return MempoolAdmission.accepted(replaced, evicted);
    }

    private static long encodedLength(Transaction tx) {
        return tx.encode().length;
    }

    /**
     * Up to {@code max} transactions for a block on {@code tipState}, best fee first among each sender's next
     * transaction. Transactions that no longer apply (after a reorg changed the state) are skipped.
     */
    public List<Transaction> select(int max, StateLayer tipState, long height) {
        StateLayer scratch = tipState.child();
        Map<Bytes32, List<Transaction>> runs = new HashMap<>();
        bySender.forEach((sender, run) -> runs.put(sender, new ArrayList<>(run.values())));
        PriorityQueue<Transaction> heads = new PriorityQueue<>(OPENINGS_FIRST.thenComparing(BY_FEE.reversed()));
        runs.values().forEach(run -> heads.add(run.get(0)));
        List<Transaction> chosen = new ArrayList<>();
        while (!heads.isEmpty() && chosen.size() < max) {
            Transaction tx = heads.poll();
            if (tx.body() instanceof AuditOpen && audits != null && overBudget(chosen, tx)) {
                continue;          // the next block takes it
            }
            if (!rules.apply(scratch, tx, height).isApplied()) {
                continue;          // the rest of this sender's run depends on it
            }
            chosen.add(tx);
            List<Transaction> run = runs.get(tx.sender());
            int position = run.indexOf(tx);
            if (position + 1 < run.size()) {
                heads.add(run.get(position + 1));
            }
        }
        return chosen;
    }

    /**
     * After the tip moved (a block, or a reorg): drops what the new state has used up or made invalid, and takes
     * back the transactions of blocks a reorg left, so they are mined again.
     */
    public void retarget(StateLayer tipState, long height, List<Transaction> fromLeftBlocks) {
        List<Transaction> all = new ArrayList<>(fromLeftBlocks);
        bySender.values().forEach(run -> all.addAll(run.values()));
        bySender.clear();
        size = 0;
        bytes = 0;
        all.sort(Comparator.comparing((Transaction tx) -> tx.sender().hex()).thenComparingLong(Transaction::nonce));
        for (Transaction tx : all) {
            add(tx, tipState, height);
        }
    }

    private boolean overBudget(List<Transaction> chosen, Transaction opening) {
        List<Transaction> body = new ArrayList<>(chosen);
        body.add(opening);
        return audits.checkBody(body) != null;
    }

    /**
     * Every pending transaction, by sender key (as hex) then nonce: for a node that answers "is it pending?" and
     * explains a refusal by replaying the sender's run (a read; blocks take {@link #select}'s order).
     */
    public List<Transaction> pending() {
        List<Transaction> all = new ArrayList<>(size);
        bySender.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Bytes32::hex)))
                .forEach(entry -> all.addAll(entry.getValue().values()));
        return all;
    }

    public boolean contains(Transaction tx) {
        TreeMap<Long, Transaction> run = bySender.get(tx.sender());
        return run != null && tx.equals(run.get(tx.nonce()));
    }

    private String firstInvalid(Iterable<Transaction> run, StateLayer tipState, long height) {
        StateLayer scratch = tipState.child();
        for (Transaction tx : run) {
            TxOutcome outcome = rules.apply(scratch, tx, height);
            if (!outcome.isApplied()) {
                return "nonce " + tx.nonce() + ": " + outcome;
            }
        }
        return null;
    }

    private static long minimumReplacementFee(Transaction replaced) {
        return Math.addExact(replaced.fee(), Math.max(1, replaced.fee() * REPLACEMENT_BUMP_PERCENT / 100));
    }

    /**
     * The cheapest last-in-run transaction of a sender other than {@code sender}, as the runs would stand after
     * {@code taken} of each sender's last transactions went.
     */
    private Transaction cheapestTailOtherThan(Bytes32 sender, Map<Bytes32, Integer> taken) {
        Transaction cheapest = null;
        for (Map.Entry<Bytes32, TreeMap<Long, Transaction>> entry : bySender.entrySet()) {
            int gone = taken.getOrDefault(entry.getKey(), 0);
            if (entry.getKey().equals(sender) || entry.getValue().size() <= gone) {
                continue;
            }
            Transaction tail = entry.getValue().descendingMap().values().stream().skip(gone).findFirst()
                    .orElseThrow();
            if (tail.body() instanceof AuditOpen) {
                continue;          // reserved: an opening is never evicted by fee
            }
            if (cheapest == null || BY_FEE.compare(tail, cheapest) < 0) {
                cheapest = tail;
            }
        }
        return cheapest;
    }

    private void remove(Transaction tx) {
        TreeMap<Long, Transaction> run = bySender.get(tx.sender());
        run.remove(tx.nonce());
        if (run.isEmpty()) {
            bySender.remove(tx.sender());
        }
        size--;
        bytes -= encodedLength(tx);
    }
}
