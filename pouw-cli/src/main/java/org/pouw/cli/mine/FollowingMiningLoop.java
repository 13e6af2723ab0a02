package org.pouw.cli.mine;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.GenesisDecoding;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.port.MinerStore;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TxBody;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * {@code pouw mine}'s loop (docs/chain.md "Mining"), free of the command line so the demo runs it too. It follows a
 * node like a light full node ({@link ChainFollower}: its own importer, every block replayed), trains the task the
 * chain assigns it on its own tip with {@link ChainMiner} — tip-keyed batches, a few steps per turn, looking at the
 * chain between turns — and when a step wins, builds the block with what the node's mempool offers (checked by its own
 * mempool), imports it and posts it. Between blocks it signs and posts the {@code audit_open} of each of its challenged
 * audits and, on the paid tasks it took part in, commits its final model before the commit deadline and reveals it in
 * the reveal window ({@link FinalModels}). {@link #stop()} ends it after the current turn.
 *
 * <p>What it needs to open its audits and continue its segments it keeps in a {@link MinerStore} as well as in memory
 * (the command's is a {@link MinerFolder}): started again on the same store, it opens the audits of the blocks it
 * mined before, once the chain it follows challenges them (docs/chain.md §11 "Crash recovery").
 *
 * <p>One thread runs it; {@link #stop()} may come from another (a shutdown hook).
 */
public final class FollowingMiningLoop implements Runnable {
    /** Openings signed in one round at most (each replays up to k windows on every node). */
    private static final int OPENINGS_PER_ROUND = 4;
    private static final long FEE = 1;

    private final ChainNodeLink node;
    private final String nodeName;
    private final Ed25519.KeyPair key;
    private final Bytes32 me;
    private final Clock clock;
    private final MiningSettings settings;
    private final MinerDisplay display;
    /** Null: kept in memory only. */
    private final MinerStore store;
    private volatile boolean stopped;

    private ThreadTeam team;
    private ChainFollower follower;
    private BlockImporter importer;
    private ChainMiner miner;
    private MinerDatasets datasets;
    private FinalModels finalModels;
    private final OwnTransactions own = new OwnTransactions();
    private long blocksWon;
    private long lastPollNanos = Long.MIN_VALUE;
    private long lastProgressNanos;
    private long progressSteps;
    private long progressTickets;
    private Bytes32 currentTask;
    private boolean currentPaid;
    private String waitingFor = "";
    /** Why a kept segment's dataset could not be had, each said once. */
    private final Set<String> lackingSaid = new HashSet<>();
    /** The followed tip at which the node's mempool was last compared with this miner's pending transactions. */
    private Bytes32 checkedTip;

    /** A loop that keeps what it needs in memory only: a restart forgets it (the demo's miner, tests). */
    public FollowingMiningLoop(ChainNodeLink node, String nodeName, Ed25519.KeyPair key, Clock clock,
                               MiningSettings settings, MinerDisplay display) {
        this(node, nodeName, key, clock, settings, display, null);
    }

    /** A loop that keeps what it needs in {@code store} too, and starts from what it holds. */
    public FollowingMiningLoop(ChainNodeLink node, String nodeName, Ed25519.KeyPair key, Clock clock,
                               MiningSettings settings, MinerDisplay display, MinerStore store) {
        this.node = node;
        this.store = store;
        this.nodeName = nodeName;
        this.key = key;
        this.me = Bytes32.of(key.publicKey());
        this.clock = clock;
        this.settings = settings;
        this.display = display;
    }

    /** Asks the loop to end after the current turn (Ctrl-C, the demo's shutdown). */
    public void stop() {
        stopped = true;
    }

    public long blocksWon() {
        return blocksWon;
    }

    @Override
    public void run() {
        String error = "";
        try {
            start();
            while (!stopped) {
                turn();
            }
        } catch (RuntimeException | Error e) {
            // said in the stopped event too, so a miner that died says why in its own output
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw e;
        } finally {
            display.show(new MinerEvent.Stopped(miner == null ? 0 : miner.steps(),
                    miner == null ? 0 : miner.tickets(), blocksWon, error));
            if (team != null) {
                team.close();
            }
        }
    }

    /** Downloads the genesis and builds the miner's own importer and trainer. */
    void start() {
        ChainGenesis genesis = GenesisDecoding.decode(node.genesis());
        team = settings.threads() == 1 ? ThreadTeam.single() : ThreadTeam.of(settings.threads());
        follower = new ChainFollower(node, genesis, clock, team);
        importer = follower.importer();
        miner = store == null ? new ChainMiner(key, List.of(), team) : new ChainMiner(key, List.of(), team, store);
        datasets = new MinerDatasets(node);
        finalModels = new FinalModels(miner, settings.commitMarginBlocks());
        lastProgressNanos = clock.nanoTime();
        display.show(new MinerEvent.Started(key.did().toString(), nodeName,
                genesis.chainId().hex(), settings.threads()));
        miner.restoreProblems().forEach(problem -> display.show(new MinerEvent.Refused("kept record", problem)));
    }

    /** One turn: follow the node if it is time, post what is due, train a few steps, and build a block if one won. */
    void turn() {
        long now = clock.nanoTime();
        if (lastPollNanos == Long.MIN_VALUE || now - lastPollNanos >= settings.pollMs() * 1_000_000) {
            lastPollNanos = now;
            follow();
        }
        BlockNode parent = importer.tip();
        Bytes32 taskId = importer.assignedTask(parent, me);
        if (taskId == null) {
            waiting("the epoch of block " + (parent.height() + 1) + " assigns this key no task (is it staked?)");
            return;
        }
        PayForTask task = importer.taskFor(parent, taskId);
        if (!miner.holds(task.task().datasetRoot())) {
            StringBuilder why = new StringBuilder();
            Optional<Dataset> data = datasets.forTask(task, why);
            if (data.isEmpty()) {
                waiting(why.toString());
                return;
            }
            miner.hold(data.get());
        }
        TaskRecord record = parent.state().task(taskId);
        currentTask = taskId;
        currentPaid = record != null && !record.filler();
        long stepsBefore = miner.steps();
        long startNanos = clock.nanoTime();
        Block block;
        try {
            block = miner.mineClosing(importer, parent, clock.millis() / 1_000,
                    end -> body(parent, taskId, end), settings.stepsPerTurn());
        } catch (IllegalStateException e) {
            waiting(e.getMessage());
            return;
        }
        waitingFor = "";
        if (block != null) {
            won(block, taskId);
        }
        pace(miner.steps() - stepsBefore, startNanos);
        progress();
    }

    void follow() {
        if (catchUp()) {
            postDue();
        }
    }

    /** Imports what the node's branch has past this miner's tip; false when the node is out of reach. */
    private boolean catchUp() {
        List<Block> fresh;
        try {
            fresh = follower.catchUp();
        } catch (RuntimeException e) {
            waiting("node unreachable: " + e.getMessage());
            sleep(settings.pollMs());
            return false;
        }
        for (Block block : fresh) {
            if (block.header().miner().equals(me)) {
                finalModels.minedOn(block.header().taskId());
            }
        }
        if (follower.refused() > 0 && !follower.lastRefusal().isEmpty()) {
            display.show(new MinerEvent.Refused("the node's branch", follower.lastRefusal()));
        }
        return true;
    }

    /**
     * Whether the node's tip is another than this miner's, asked before each opening it builds or sends: an opening
     * takes its replay on the node (about a second for the MNIST task), blocks may come every few hundred ms, and a
     * round of openings that did not look would post due commits and reveals only after it (on CI, a reveal met a
     * settled task) and send openings built for a challenge a reorg had already replaced ({@code CHALLENGE_MISMATCH}).
     * Out of reach counts as not moved: the opening is sent or refused as before.
     */
    private boolean tipMoved() {
        try {
            return !node.head().hash().equals(importer.tip().hash());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Due commits and reveals first, then openings of challenged audits, one at a time, signed at the nonces after
     * this miner's pending transactions (docs/chain.md "Mining"). Before building each opening and again before
     * sending it, it looks at the node's tip; when that moved it follows, posts what became due (a commit or reveal
     * never waits behind a round of openings), and sends an opening only if the challenge it answers still stands at
     * the new tip — one whose challenge block a reorg replaced is dropped unsent and built again for the new
     * challenge.
     */
    private void postDue() {
        postDeadlineBound();
        holdAuditedData();
        Set<Long> tried = new HashSet<>();
        // builds bounded too: a node flipping between branches must not keep the loop rebuilding openings
        for (int sent = 0, built = 0; sent < OPENINGS_PER_ROUND && built < 2 * OPENINGS_PER_ROUND && !stopped;
                built++) {
            if (tipMoved() && catchUp()) {
                postDeadlineBound();
            }
            PendingAudit audit = nextOpening(importer.tip(), tried);
            if (audit == null) {
                return;
            }
            tried.add(audit.height());
            AuditOpen opening = miner.open(importer, audit);
            if (tipMoved() && catchUp()) {
                postDeadlineBound();
                if (!stillStands(importer.tip(), audit)) {
                    // its challenge moved while it was built: the next pass builds it for the new one, if any
                    tried.remove(audit.height());
                    continue;
                }
            }
            long nonce = own.nextNonce(importer.tip().state().account(me).nonce());
            if (post(Transaction.sign(key, importer.chainId(), nonce, FEE, new byte[0], opening))) {
                sent++;
            }
        }
    }

    /**
     * Fetches the datasets of the segments it kept and can not open for want of them: a miner restarted since it mined
     * them may now be assigned a task on other data. One the node does not serve is tried again next round.
     */
    private void holdAuditedData() {
        for (PayForTask task : miner.tasksLackingData()) {
            StringBuilder why = new StringBuilder();
            Optional<Dataset> data = datasets.forTask(task, why);
            if (data.isPresent()) {
                miner.hold(data.get());
            } else if (lackingSaid.add(why.toString())) {
                display.show(new MinerEvent.Refused("dataset of an audited task", why.toString()));
            }
        }
    }

    /** The oldest challenged audit of this miner's on {@code tip} that is not pending nor tried this round. */
    private PendingAudit nextOpening(BlockNode tip, Set<Long> tried) {
        for (PendingAudit audit : miner.openable(importer, tip)) {
            if (!tried.contains(audit.height()) && !own.opens(audit.height())) {
                return audit;
            }
        }
        return null;
    }

    /** Whether {@code audit}'s challenge still stands, unopened, on {@code tip}. */
    private boolean stillStands(BlockNode tip, PendingAudit audit) {
        PendingAudit now = tip.state().audit(audit.height());
        return now != null && now.status() == PendingAudit.Status.CHALLENGED && now.seed().equals(audit.seed())
                && now.segmentRoot().equals(audit.segmentRoot());
    }

    /**
     * Brings the pending run in line with the followed tip, then posts the due commits and reveals. What its own
     * mempool holds of its transactions is pending ({@link OwnTransactions#settle}) — those a reorg gave back
     * included, since every node that took them back holds their nonces. A commitment a disconnected block carried,
     * naming an end this branch does not have, is not among them: it does not apply here (docs/chain.md §4.4), so
     * every mempool drops it, and the commit is due again, to the end on this branch. Each time the tip moves, its
     * transactions in the node's mempool that its own lacks are taken in, and pending ones the node no longer lists are
     * sent again, the same bytes. A due commit or reveal does not wait behind a pending opening: a block's audit budget
     * fits about one opening, and a reveal window is shorter than a run of openings, so it takes the nonce of the
     * first pending opening (a replacement, at twice its fee); the displaced audit is opened again after, built for
     * the challenge that stands then. What is already pending is not signed again. A refused transaction holds up
     * nothing after it: the next one takes its nonce.
     */
    private void postDeadlineBound() {
        BlockNode tip = importer.tip();
        long chainNonce = tip.state().account(me).nonce();
        List<Transaction> nodes = nodesPendingOfMine(tip);
        if (nodes != null) {
            // one the node holds and its own mempool lacks is taken in: signing another at its nonce would be a
            // replacement the node refuses as underpriced
            nodes.forEach(follower::offer);
        }
        own.settle(chainNonce, mine(importer.mempool().pending()));
        if (nodes != null) {
            resendVanished(nodes);
        }
        List<String> problems = new ArrayList<>();
        List<TxBody> due = new ArrayList<>();
        for (TxBody body : finalModels.due(tip.state(), tip.height() + 1, problems)) {
            if (!own.carries(body)) {
                due.add(body);
            }
        }
        problems.forEach(problem -> display.show(new MinerEvent.Refused("final model", problem)));
        ArrayDeque<OwnTransactions.Sent> displaceable = new ArrayDeque<>(own.openings());
        for (TxBody body : due) {
            OwnTransactions.Sent opening = displaceable.poll();
            if (opening == null || !post(Transaction.sign(key, importer.chainId(), opening.tx().nonce(),
                    opening.tx().fee() * 2, new byte[0], body))) {
                post(Transaction.sign(key, importer.chainId(), own.nextNonce(chainNonce), FEE, new byte[0], body));
            }
        }
    }

    private List<Transaction> mine(List<Transaction> pending) {
        return pending.stream().filter(tx -> tx.sender().equals(me))
                .sorted(java.util.Comparator.comparingLong(Transaction::nonce)).toList();
    }

    /**
     * This miner's transactions in the node's mempool, looked at each time the followed tip has moved while the node
     * is on the same tip; else (or when the node is out of reach) null.
     */
    private List<Transaction> nodesPendingOfMine(BlockNode tip) {
        if (tip.hash().equals(checkedTip)) {
            return null;
        }
        List<Transaction> listed = new ArrayList<>();
        try {
            if (!node.head().hash().equals(tip.hash())) {
                return null;      // the node's pool is of another tip: what it lacks may be mined there already
            }
            for (byte[] encoded : node.mempool()) {
                listed.add(Transaction.decode(encoded));
            }
        } catch (RuntimeException e) {
            return null;          // out of reach or garbage: look again at the next tip
        }
        checkedTip = tip.hash();
        return mine(listed);
    }

    /**
     * Sends again, the same bytes, each pending transaction the node no longer lists: a node drops what a branch made
     * invalid, and this miner may never have followed that branch if it came and went between two polls. One the
     * node refuses is forgotten with every later one.
     */
    private void resendVanished(List<Transaction> nodes) {
        for (OwnTransactions.Sent sent : own.pending()) {
            if (!nodes.contains(sent.tx()) && !post(sent.tx())) {
                own.forgetFrom(sent.tx().nonce());
                return;
            }
        }
    }

    /**
     * Posts {@code tx} and tracks it as pending. The node answering that the very same transaction is already pending
     * is not a refusal: it holds it, which is what posting was for.
     */
    private boolean post(Transaction tx) {
        try {
            node.postTransaction(tx.encode());
        } catch (NodeRefusedException e) {
            if (!"ALREADY_PENDING".equals(e.reason())) {
                display.show(new MinerEvent.Refused(kind(tx.body()), e.getMessage()));
                return false;
            }
        } catch (RuntimeException e) {
            display.show(new MinerEvent.Refused(kind(tx.body()), "not taken by the node: " + e.getMessage()));
            return false;
        }
        own.sent(tx);
        follower.offer(tx);
        display.show(new MinerEvent.Posted(kind(tx.body()), tx.id(importer.chainId()).hex(), detail(tx.body())));
        return true;
    }

    /**
     * The body of this miner's block on {@code parent} closing a segment at {@code end}: what the node's mempool
     * offers, as this miner's own mempool admits it — of this miner's own transactions only those it posted and still
     * tracks (one its mempool took back from an orphaned block is first adopted by a round of {@link #postDue});
     * and, when a commitment of its on this task is pending, a fresh one at its
     * nonce to {@code end}, the end this very block records (the pending one names the end this block moves;
     * docs/chain.md §4.4).
     */
    private List<Transaction> body(BlockNode parent, Bytes32 taskId, Bytes32 end) {
        try {
            follower.offer(node.mempool());
        } catch (RuntimeException e) {
            // the node's mempool is out of reach: the block carries what this miner's own mempool holds
        }
        List<Transaction> offered = new BlockAssembler(importer, key).select(importer.mempool(), parent);
        Set<Bytes32> posted = new HashSet<>();
        own.pending().forEach(sent -> posted.add(sent.tx().id(importer.chainId())));
        // a commit it posted on this task would name the end this block moves: the block carries a fresh one instead
        long postedCommit = own.pending().stream().filter(sent -> sent.tx().body() instanceof FinalModelCommit commit
                && commit.taskId().equals(taskId)).mapToLong(sent -> sent.tx().nonce()).min().orElse(Long.MAX_VALUE);
        long chainNonce = parent.state().account(me).nonce();
        long expected = chainNonce;
        List<Transaction> body = new ArrayList<>();
        for (Transaction tx : offered) {
            if (!tx.sender().equals(me)) {
                body.add(tx);
            } else if (tx.nonce() == expected && tx.nonce() < postedCommit
                    && posted.contains(tx.id(importer.chainId()))) {
                body.add(tx);
                expected++;
            }
        }
        boolean room = body.size() < importer.genesis().block().maxTransactions();
        if (room && postedCommit == expected) {
            body.add(Transaction.sign(key, importer.chainId(), postedCommit, FEE, new byte[0],
                    finalModels.commit(taskId, end)));
        }
        return body;
    }

    private void won(Block block, Bytes32 taskId) {
        ImportResult local = follower.importOwn(block);
        if (local.isRefused()) {
            display.show(new MinerEvent.Refused("own block " + block.header().height(), local.toString()));
            return;
        }
        blocksWon++;
        if (currentPaid) {
            finalModels.minedOn(taskId);
        }
        String status;
        try {
            status = node.postBlock(block.encode());
        } catch (NodeRefusedException e) {
            status = "refused " + e.getMessage();
        } catch (RuntimeException e) {
            status = "unreachable: " + e.getMessage();
        }
        display.show(new MinerEvent.Won(block.header().height(), block.header().hash(importer.chainId()).hex(),
                taskId.hex(), currentPaid, blocksWon, status));
        postDue();
    }

    private void progress() {
        long now = clock.nanoTime();
        long elapsed = now - lastProgressNanos;
        if (elapsed < settings.progressEveryMs() * 1_000_000) {
            return;
        }
        double seconds = elapsed / 1e9;
        double stepsPerSecond = (miner.steps() - progressSteps) / seconds;
        double ticketsPerSecond = (miner.tickets() - progressTickets) / seconds;
        progressSteps = miner.steps();
        progressTickets = miner.tickets();
        lastProgressNanos = now;
        BlockNode tip = importer.tip();
        BigInteger target = CompactTarget.decode(importer.expectedBits(tip));
        double expectedWork = BigInteger.ONE.shiftLeft(256).divide(target.add(BigInteger.ONE)).doubleValue();
        double expected = ticketsPerSecond > 0 ? expectedWork / ticketsPerSecond : -1;
        display.show(new MinerEvent.Progress(tip.height(), currentTask == null ? "" : currentTask.hex(), currentPaid,
                stepsPerSecond, ticketsPerSecond, expected, miner.steps(), miner.tickets(), blocksWon));
    }

    /** Holds the step rate under the demo's cap, if any. */
    private void pace(long steps, long startNanos) {
        if (settings.maxStepsPerSecond() <= 0 || steps == 0) {
            return;
        }
        long minimumNanos = (long) (steps * 1e9 / settings.maxStepsPerSecond());
        long spent = clock.nanoTime() - startNanos;
        if (spent < minimumNanos) {
            sleep((minimumNanos - spent) / 1_000_000);
        }
    }

    private void waiting(String reason) {
        if (!reason.equals(waitingFor)) {
            waitingFor = reason;
            display.show(new MinerEvent.Waiting(reason));
        }
        sleep(settings.pollMs());
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    static String kind(TxBody body) {
        return switch (body) {
            case AuditOpen open -> "audit_open";
            case FinalModelCommit commit -> "final_model_commit";
            case FinalModelReveal reveal -> "final_model_reveal";
            default -> body.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String detail(TxBody body) {
        return switch (body) {
            case AuditOpen open -> "audit of block " + open.auditedHeight();
            case FinalModelCommit commit -> "task " + commit.taskId().hex();
            case FinalModelReveal reveal -> "task " + reveal.taskId().hex() + ", " + reveal.model().length
                    + " bytes";
            default -> "";
        };
    }
}
