package org.pouw.cli.chain;

import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.pouw.chain.block.Block;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainBlock;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pouw chain block <hash|height>}: a block from the node, decoded here with pouw-chain — its hash recomputed
 * over the chain id and its signature checked, so what is shown is what the block says, not what the node claims.
 */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = "Show a block of the followed branch by height, or any validated block by hash.")
public final class BlockShowCommand implements Callable<Integer> {
    static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEIGHT = Pattern.compile("[0-9]{1,18}");

    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "HASH|HEIGHT", description = "a block hash (64 hex digits) or a height")
    String block;

    @Override
    public Integer call() {
        String wanted = block.strip().toLowerCase(java.util.Locale.ROOT);
        boolean byHeight = HEIGHT.matcher(wanted).matches();
        if (!byHeight && !HASH.matcher(wanted).matches()) {
            throw new IllegalArgumentException("HASH|HEIGHT: '" + block + "' is neither a height nor a 64-hex block"
                    + " hash");
        }
        try (PouwClient client = options.anonymousClient()) {
            ChainNode node = new ChainNode(client);
            Bytes32 chainId = node.chainId();
            ChainBlock served = node.call(() -> byHeight ? client.chain().blockAt(Long.parseLong(wanted))
                    : client.chain().block(wanted));
            Block decoded;
            try {
                decoded = Block.decode(served.encoded());
            } catch (EncodingException | IllegalArgumentException e) {
                throw new NodeException(200, "bad_response", "the node's block does not decode: " + e.getMessage());
            }
            String hash = decoded.header().hash(chainId).hex();
            if ((byHeight && decoded.header().height() != Long.parseLong(wanted)) || (!byHeight && !hash.equals(wanted))) {
                System.err.println("pouw: the node answered block " + decoded.header().height() + " " + hash
                        + " for " + wanted);
                return ExitCodes.CHECK_FAILED;
            }
            ShownFields shown = BlockView.of(decoded, chainId);
            options.printer().print(shown.json(), shown.humanText());
        }
        return ExitCodes.OK;
    }
}
