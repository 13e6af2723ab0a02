package org.pouw.chain.state;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The state root a header commits to (docs/chain.md §7): BLAKE3 over the state's canonical encoding — accounts, then
 * stakes, then obligations, tasks, work logs, epoch assignments, beacons and the burnt total, each in key order,
 * zero entries left out (an account nobody funded and one emptied again are the same state). Entry formats (tag u8
 * first, big-endian): 1 account {@code key ‖ balance i64 ‖ nonce i64}; 2 stake {@code key ‖ active ‖ pending ‖
 * activatesAt ‖ unbonding ‖ unlocksAt}; 3 obligation {@code key ‖ height}; 4 task {@code id ‖ poster ‖
 * BLAKE3(spec body encoding) ‖ postedAt ‖ escrow ‖ budget ‖ held ‖ filler u8 ‖ settled u8 ‖ commits i32 ‖ participants
 * (count i32 ‖ key*)}; 5 work log {@code task ‖ miner ‖ segment end ‖ last block ‖ blocks ‖ commitment (32 zero bytes
 * when none) ‖ committedAt ‖ commit index i32 ‖ revealed u8}; 6 assignment {@code epoch i64 ‖ count i32 ‖ (miner ‖
 * task)*}; 7 beacon {@code epoch i64 ‖ beacon}; 8 burnt {@code total i64}, when above zero; 9 pending audit
 * {@code height i64 ‖ miner ‖ task ‖ parent ‖ segment root ‖ length i32 ‖ start state ‖ winner's start state ‖ block
 * hash ‖ seed (32 zero bytes until known) ‖ status u8}, closed audits left out; 10 immature rewards {@code miner ‖
 * count i32 ‖ (height i64 ‖ amount i64)*}, when any. A revealed model is
 * named by its hash, which is the work log's segment end. A flat hash: every validator recomputes it from the state it holds; proofs of single entries
 * for light clients need a Merkle structure, left for when the network serves them.
 */
public final class StateRoot {
    private static final byte[] DOMAIN = "pouw-chain-state-v1".getBytes(StandardCharsets.US_ASCII);
    private static final Bytes32 NONE = Bytes32.of(new byte[Bytes32.LENGTH]);

    private StateRoot() {
    }

    public static Bytes32 of(StateLayer state) {
        StateLayer.SortedEntries entries = state.entries();
        CanonicalWriter out = new CanonicalWriter(1024).raw(DOMAIN);
        for (Map.Entry<Bytes32, Account> entry : entries.accounts().entrySet()) {
            Account account = entry.getValue();
            if (!account.equals(Account.EMPTY)) {
                out.u8(1).bytes32(entry.getKey()).i64(account.balance()).i64(account.nonce());
            }
        }
        for (Map.Entry<Bytes32, Stake> entry : entries.stakes().entrySet()) {
            Stake stake = entry.getValue();
            if (!stake.isEmpty()) {
                out.u8(2).bytes32(entry.getKey()).i64(stake.active()).i64(stake.pending()).i64(stake.activatesAt())
                        .i64(stake.unbonding()).i64(stake.unlocksAt());
            }
        }
        for (Map.Entry<Bytes32, Long> entry : entries.lastObligations().entrySet()) {
            out.u8(3).bytes32(entry.getKey()).i64(entry.getValue());
        }
        for (Map.Entry<Bytes32, TaskRecord> entry : entries.tasks().entrySet()) {
            TaskRecord task = entry.getValue();
            CanonicalWriter spec = new CanonicalWriter(256);
            task.spec().writeTo(spec);
            out.u8(4).bytes32(entry.getKey()).bytes32(task.poster()).raw(Blake3.hash(spec.toByteArray()))
                    .i64(task.postedAt()).i64(task.escrow()).i64(task.budget()).i64(task.held())
                    .bool(task.filler())
                    .bool(task.settled()).i32(task.commits()).i32(task.participants().size());
            for (Bytes32 participant : task.participants()) {
                out.bytes32(participant);
            }
        }
        for (Map.Entry<TaskMiner, WorkLog> entry : entries.workLogs().entrySet()) {
            WorkLog log = entry.getValue();
            out.u8(5).bytes32(entry.getKey().task()).bytes32(entry.getKey().miner()).bytes32(log.segmentEnd())
                    .i64(log.lastBlock()).i64(log.blocks())
                    .bytes32(log.hasCommitted() ? log.commitment() : NONE).i64(log.committedAt())
                    .i32(log.commitIndex()).bool(log.hasRevealed());
        }
        for (Map.Entry<Long, SortedMap<Bytes32, Bytes32>> entry : entries.assignments().entrySet()) {
            out.u8(6).i64(entry.getKey()).i32(entry.getValue().size());
            entry.getValue().forEach((miner, task) -> out.bytes32(miner).bytes32(task));
        }
        for (Map.Entry<Long, Bytes32> entry : entries.beacons().entrySet()) {
            out.u8(7).i64(entry.getKey()).bytes32(entry.getValue());
        }
        if (entries.burnt() > 0) {
            out.u8(8).i64(entries.burnt());
        }
        for (Map.Entry<Long, PendingAudit> entry : entries.audits().entrySet()) {
            PendingAudit audit = entry.getValue();
            if (audit.status() != PendingAudit.Status.CLOSED) {
                out.u8(9).i64(audit.height()).bytes32(audit.miner()).bytes32(audit.task()).bytes32(audit.parent())
                        .bytes32(audit.segmentRoot()).i32(audit.length()).bytes32(audit.startState())
                        .bytes32(audit.winnerBefore()).bytes32(orNone(audit.blockHash()))
                        .bytes32(orNone(audit.seed())).u8(audit.status().ordinal());
            }
        }
        for (Map.Entry<Bytes32, List<ImmatureReward>> entry : entries.immature().entrySet()) {
            if (!entry.getValue().isEmpty()) {
                out.u8(10).bytes32(entry.getKey()).i32(entry.getValue().size());
                for (ImmatureReward reward : entry.getValue()) {
                    out.i64(reward.height()).i64(reward.amount());
                }
            }
        }
        return Bytes32.of(Blake3.hash(out.toByteArray()));
    }

    private static Bytes32 orNone(Bytes32 value) {
        return value == null ? NONE : value;
    }
}
