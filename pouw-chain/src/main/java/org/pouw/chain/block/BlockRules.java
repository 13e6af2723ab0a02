package org.pouw.chain.block;

import java.util.List;
import org.pouw.chain.state.Account;
import org.pouw.chain.state.AuditBlockRules;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TaskBlockRules;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * The state transition of a block's body (docs/chain.md §7): the signer must hold the minimum active stake, every
 * transaction must apply in order (one refusal makes the block invalid), the miner is paid the subsidy and the fees,
 * the block becomes the miner's latest obligation (so stake backing it can not leave before the unbonding delay), and
 * the resulting state must hash to the header's root. A miner builds its block with {@link #execute}, validators
 * check it with {@link #apply}: one code path, so both compute the same state.
 *
 * <p>Tasks (docs/chain.md §4) hook in at two points, both inside the state the root covers: before the transactions,
 * {@link TaskBlockRules#mine} (the epoch's assignment, the task's budget and the miner's segment chain); after the
 * reward, {@link TaskBlockRules#settleDue} (tasks whose held-out deadline passed unrevealed). Rules built without
 * task rules (package-private) check bodies alone — for tests of transactions and stake; a node validates with
 * them ({@code ChainGenesis.blockRules()}).
 */
public final class BlockRules {
    private final TransactionRules transactions;
    private final BlockParameters parameters;
    private final TaskBlockRules tasks;
    private final AuditBlockRules audits;

    /**
     * Body rules without the task hooks: transactions, stake and reward only — for this package's tests of
     * transactions and stake. No production path checks a body without the task rules.
     */
    BlockRules(TransactionRules transactions, BlockParameters parameters) {
        this(transactions, parameters, null);
    }

    /** The full rules of a block: body, stake, reward and the task hooks. */
    public BlockRules(TransactionRules transactions, BlockParameters parameters, TaskBlockRules tasks) {
        this(transactions, parameters, tasks, null);
    }

    /**
     * The rules of a block with audits (docs/chain.md §5): the task hooks and the audit hooks — rewards held immature
     * until maturity, each block's segment audited, unopened audits slashed. Audits need the task hooks.
     */
    public BlockRules(TransactionRules transactions, BlockParameters parameters, TaskBlockRules tasks,
                      AuditBlockRules audits) {
        if (audits != null && tasks == null) {
            throw new IllegalArgumentException("audit rules need the task rules: a segment belongs to a task");
        }
        this.transactions = transactions;
        this.parameters = parameters;
        this.tasks = tasks;
        this.audits = audits;
    }

    /** Applies {@code block} on {@code parentState}; on success the state is a new child layer of the parent's. */
    public BlockOutcome apply(StateLayer parentState, Block block) {
        BlockHeader header = block.header();
        if (!Block.transactionsRoot(block.transactions()).equals(header.txRoot())) {
            return BlockOutcome.invalid(BlockDefect.WRONG_TRANSACTIONS_ROOT, "the body does not match the header");
        }
        BlockOutcome outcome = execute(parentState, header.miner(), header.height(), MinedWork.of(header),
                block.transactions());
        if (outcome.isValid() && !outcome.stateRoot().equals(header.stateRoot())) {
            return BlockOutcome.invalid(BlockDefect.WRONG_STATE_ROOT, "the state after the block is "
                    + outcome.stateRoot().hex() + ", the header says " + header.stateRoot().hex());
        }
        return outcome;
    }

    /**
     * Runs a body for {@code miner} at {@code height} under body-only rules: the state it leaves and its root, or why
     * it can not be mined. Package-private like the constructor it goes with.
     */
    BlockOutcome execute(StateLayer parentState, Bytes32 miner, long height, List<Transaction> body) {
        if (tasks != null) {
            throw new IllegalStateException("these rules check tasks: execute with the block's mined work");
        }
        return execute(parentState, miner, height, null, body);
    }

    /**
     * Runs a body for {@code miner} at {@code height} mined with {@code work} (the header's task, mining proof and
     * target): the state it leaves and its root, or why it can not be mined.
     */
    public BlockOutcome execute(StateLayer parentState, Bytes32 miner, long height, MinedWork work,
                                List<Transaction> body) {
        if (body.size() > parameters.maxTransactions()) {
            return BlockOutcome.invalid(BlockDefect.TOO_MANY_TRANSACTIONS, body.size() + " transactions, at most "
                    + parameters.maxTransactions());
        }
        long stake = parentState.stake(miner).activeAt(height);
        if (stake < parameters.minimumStake()) {
            return BlockOutcome.invalid(BlockDefect.MINER_NOT_STAKED, "the miner has " + stake
                    + " active stake at height " + height + ", mining needs " + parameters.minimumStake());
        }
        if (audits != null) {
            String over = audits.checkBody(body);
            if (over != null) {
                return BlockOutcome.invalid(BlockDefect.AUDIT_DATA_OVER_BUDGET, over);
            }
        }
        StateLayer state = parentState.child();
        if (audits != null) {
            audits.beforeBody(state, miner, height, work.proof());
        }
        if (tasks != null) {
            TaskBlockRules.Refusal refusal = tasks.mine(state, miner, height, work.taskId(), work.proof(),
                    work.bits());
            if (refusal != null) {
                return BlockOutcome.invalid(taskDefect(refusal), refusal.detail());
            }
        }
        long fees = 0;
        for (int i = 0; i < body.size(); i++) {
            TxOutcome outcome = transactions.apply(state, body.get(i), height);
            if (!outcome.isApplied()) {
                return BlockOutcome.invalid(BlockDefect.TRANSACTION_REFUSED, "transaction " + i + " ("
                        + body.get(i) + "): " + outcome.refusal());
            }
            fees += outcome.fee();      // fees are covered by balances, whose sum fits a long
        }
        Account account = state.account(miner);
        try {
            long reward = Math.addExact(parameters.subsidy(), fees);
            if (audits != null) {
                audits.afterBody(state, miner, height, work.taskId(), work.proof(), reward);
            } else {
                state.credit(miner, new Account(Math.addExact(account.balance(), reward), account.nonce()));
            }
        } catch (ArithmeticException overflow) {
            return BlockOutcome.invalid(BlockDefect.REWARD_OVERFLOW, "the miner's balance would overflow");
        }
        state.recordObligation(miner, height);
        if (tasks != null) {
            tasks.settleDue(state, height);
        }
        return BlockOutcome.applied(state, StateRoot.of(state), fees);
    }

    private static BlockDefect taskDefect(TaskBlockRules.Refusal refusal) {
        return switch (refusal.reason()) {
            case TASK_NOT_ASSIGNED -> BlockDefect.TASK_NOT_ASSIGNED;
            case TASK_CLOSED -> BlockDefect.TASK_CLOSED;
            case TASK_BUDGET_SPENT -> BlockDefect.TASK_BUDGET_SPENT;
            case SEGMENT_NOT_CHAINED -> BlockDefect.SEGMENT_NOT_CHAINED;
            case FINAL_MODEL_COMMITTED -> BlockDefect.FINAL_MODEL_COMMITTED;
        };
    }
}
