package org.pouw.cli.chain;

import java.time.Instant;
import java.util.Locale;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.node.ArrayNode;

/**
 * A decoded block for people and for {@code --json} (docs/chain.md §7): the header with its hash and signature
 * checked against the chain id, the useful work it claims (task, segment, winning step and ticket), and its
 * transactions one per line.
 */
final class BlockView {
    private BlockView() {
    }

    static ShownFields of(Block block, Bytes32 chainId) {
        BlockHeader header = block.header();
        MiningProof proof = header.proof();
        Bytes32 ticket = Tickets.ticket(chainId, proof.winner().leafHash(), proof.winner().tip(), header.miner(),
                proof.j());
        ShownFields shown = new ShownFields()
                .text("hash", header.hash(chainId).hex())
                .number("height", header.height())
                .text("parent", header.parent().hex())
                .text("time", Instant.ofEpochSecond(header.timestamp()).toString())
                .number("timestamp", header.timestamp())
                .text("target", String.format(Locale.ROOT, "%08x", header.bits()))
                .text("miner", AccountKeys.did(header.miner()))
                .flag("signature_valid", header.signatureValid(chainId))
                .text("task", header.taskId().hex())
                .number("segment_steps", proof.length())
                .number("winning_step", proof.winner().step())
                .number("step_tickets", proof.winner().tickets())
                .number("ticket_index", proof.j())
                .text("ticket", ticket.hex())
                .text("end_state", proof.endState().hex())
                .text("state_root", header.stateRoot().hex())
                .text("transactions_root", header.txRoot().hex())
                .number("opened_records", block.opening().batch().records().size());
        ArrayNode ids = ShownFields.JSON.createArrayNode();
        for (Transaction tx : block.transactions()) {
            ids.add(tx.id(chainId).hex());
        }
        shown.raw("txs", ids, block.transactions().isEmpty() ? "none" : block.transactions().size() + "");
        for (Transaction tx : block.transactions()) {
            shown.note("  " + TxView.summary(tx, chainId));
        }
        return shown;
    }
}
