package org.pouw.cli.mine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.state.WorkLog;
import org.pouw.chain.task.FinalModelCommitment;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.TxBody;
import org.pouw.ml.wire.Bytes32;

/**
 * When a miner commits and reveals its final models (docs/chain.md §4.4). On each paid task it took part in, within
 * {@code margin} blocks of the commit deadline it commits to the end of its segment chain — the model it trained — and
 * after the deadline, up to the reveal deadline, reveals that model with the commitment's salt.
 *
 * <p>The commitment names the segment end it commits to, and applies only where that is the miner's end (docs/chain.md
 * §4.4); a block of the miner's on the task moves that end. A commitment to the end of a block that is then orphaned
 * goes back to the mempools, which drop it where the branch gives the miner another end — nobody can mine it there,
 * where it could never be revealed — and the miner, its pending run broken, commits again to its end on that branch.
 * The commit is due as soon as the window is open, whether or not the block that recorded the end is the tip: waiting
 * for it to be buried under another block saved a second commit after a one-deep reorg (the common kind, two miners
 * winning the same height), but a miner whose own blocks kept the tip — starved of turns, or mining alone — then
 * posted its commit so late that it was mined after the window ({@code OUTSIDE_WINDOW}). That reorg now costs the second
 * commit, one transaction fee. Should it still win a block on the task while its
 * commitment is pending, that block carries a fresh commitment at the pending one's nonce, naming the end the block
 * records. Salts are kept by commitment, so whichever commitment the followed branch holds can be revealed. Salts live
 * in memory: a miner restarted between commit and reveal can not reveal (said in the docs).
 */
final class FinalModels {
    private final Bytes32 me;
    private final ChainMiner miner;
    private final long margin;
    private final SecureRandom random = new SecureRandom();
    /** Paid tasks this miner mined a block on, in order. */
    private final Set<Bytes32> tasks = new LinkedHashSet<>();
    private final Map<Bytes32, Bytes32> saltsByCommitment = new HashMap<>();
    private final Set<String> told = new HashSet<>();

    FinalModels(ChainMiner miner, long margin) {
        this.me = miner.miner();
        this.miner = miner;
        this.margin = margin;
    }

    void minedOn(Bytes32 taskId) {
        tasks.add(taskId);
    }

    /** The commitment to {@code end} on {@code taskId}, with a fresh salt kept for the reveal. */
    FinalModelCommit commit(Bytes32 taskId, Bytes32 end) {
        byte[] salt = new byte[Bytes32.LENGTH];
        random.nextBytes(salt);
        Bytes32 commitment = FinalModelCommitment.of(taskId, me, end, Bytes32.of(salt));
        saltsByCommitment.put(commitment, Bytes32.of(salt));
        return new FinalModelCommit(taskId, end, commitment);
    }

    /**
     * The commits and reveals due for a block at {@code height} on {@code parent}'s state; {@code problems} gets a
     * line, once each, for what this miner can not do (a model or salt it does not hold).
     */
    List<TxBody> due(StateLayer parent, long height, List<String> problems) {
        List<TxBody> due = new ArrayList<>();
        for (Bytes32 taskId : List.copyOf(tasks)) {
            TaskRecord task = parent.task(taskId);
            if (task == null || task.filler()) {
                continue;
            }
            if (task.settled()) {
                tasks.remove(taskId);
                continue;
            }
            WorkLog log = parent.workLog(taskId, me);
            if (log == null) {
                continue;
            }
            if (!log.hasCommitted() && height > task.spec().commitBy()) {
                tell(problems, "commit-missed:" + taskId.hex(), "missed the commit window of task " + taskId.hex()
                        + " (commits end at height " + task.spec().commitBy() + "): it has no part in its settlement");
            } else if (log.hasCommitted() && !log.hasRevealed() && height > task.spec().revealBy()) {
                tell(problems, "reveal-missed:" + taskId.hex(), "missed the reveal window of task " + taskId.hex()
                        + " (reveals end at height " + task.spec().revealBy() + "): its model is not ranked");
            } else if (!log.hasCommitted()) {
                // as soon as the window is open, to the end it has now, even when its own block is the tip: a miner
                // that waited for that block to be buried could see the window's end before its commit was mined
                if (inCommitWindow(task, height)) {
                    if (miner.model(log.segmentEnd()) == null) {
                        tell(problems, "commit:" + taskId.hex(), "can not commit on task " + taskId.hex()
                                + ": this miner does not hold the model at its segment end (restarted?)");
                    } else {
                        due.add(commit(taskId, log.segmentEnd()));
                    }
                }
            } else if (!log.hasRevealed() && height > task.spec().commitBy() && height <= task.spec().revealBy()) {
                Bytes32 salt = saltsByCommitment.get(log.commitment());
                byte[] model = miner.model(log.segmentEnd());
                if (salt == null || model == null) {
                    tell(problems, "reveal:" + taskId.hex(), "can not reveal on task " + taskId.hex()
                            + ": the salt or the model of its commitment is not held (restarted?)");
                } else {
                    due.add(new FinalModelReveal(taskId, salt, model));
                }
            }
        }
        return due;
    }

    private boolean inCommitWindow(TaskRecord task, long height) {
        return height <= task.spec().commitBy() && height >= task.spec().commitBy() - margin;
    }

    private void tell(List<String> problems, String key, String line) {
        if (told.add(key)) {
            problems.add(line);
        }
    }
}
