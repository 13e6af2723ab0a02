package org.pouw.cli.chain;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.chain.tx.Transaction;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainTx;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pouw chain tx <id>}: a transaction the node holds, pending or included, decoded here with pouw-chain; its id
 * is recomputed over the chain id and its signature checked.
 */
@Command(name = "tx", mixinStandardHelpOptions = true,
        description = "Show a chain transaction by id: pending in the mempool or included in a block.")
public final class TxShowCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "ID", description = "the transaction id (64 hex digits)")
    String id;

    @Override
    public Integer call() {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        if (!BlockShowCommand.HASH.matcher(wanted).matches()) {
            throw new IllegalArgumentException("ID: '" + id + "' is not a transaction id (64 hex digits)");
        }
        try (PouwClient client = options.anonymousClient()) {
            ChainNode node = new ChainNode(client);
            Bytes32 chainId = node.chainId();
            ChainTx served = node.tx(Bytes32.fromHex(wanted));
            Transaction decoded;
            try {
                decoded = Transaction.decode(served.encoded());
            } catch (EncodingException | IllegalArgumentException e) {
                throw new NodeException(200, "bad_response", "the node's transaction does not decode: "
                        + e.getMessage());
            }
            if (!decoded.id(chainId).hex().equals(wanted)) {
                System.err.println("pouw: the node answered transaction " + decoded.id(chainId).hex() + " for "
                        + wanted);
                return ExitCodes.CHECK_FAILED;
            }
            ShownFields shown = TxView.of(decoded, chainId);
            shown.text("status", served.status());
            if (served.isIncluded()) {
                shown.number("height", served.height()).text("block", served.block());
            }
            options.printer().print(shown.json(), shown.humanText());
        }
        return ExitCodes.OK;
    }
}
