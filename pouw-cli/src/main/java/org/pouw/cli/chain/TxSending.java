package org.pouw.cli.chain;

import org.pouw.chain.tx.Transaction;
import org.pouw.cli.Printer;
import org.pouw.client.chain.ChainTx;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts a signed transaction and reports it: its id, kind, nonce and fee at once; with {@code --wait}, the block
 * that included it. One JSON object at the end for {@code --json}.
 */
final class TxSending {
    private TxSending() {
    }

    static ObjectNode send(ChainNode node, Transaction tx, TxOptions options, Printer printer, String what)
            throws InterruptedException {
        var timeout = options.await ? options.timeout() : null;
        Bytes32 id = node.post(tx);
        ObjectNode json = ShownFields.JSON.createObjectNode().put("id", id.hex())
                .put("kind", TxView.kindName(tx.kind())).put("nonce", tx.nonce()).put("fee", tx.fee());
        printer.line("sent " + what + ": transaction " + id.hex() + " (nonce " + tx.nonce() + ", fee " + tx.fee()
                + "), pending");
        if (!options.await) {
            json.put("status", "pending");
            return json;
        }
        ChainTx included = node.awaitIncluded(id, timeout);
        json.put("status", "included").put("height", included.height()).put("block", included.block());
        printer.line("included in block " + included.height() + " (" + included.block() + ")");
        return json;
    }
}
