package org.pouw.cli.chain;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainHead;
import org.pouw.client.chain.ChainHeldReorg;
import org.pouw.client.chain.ReorgAccepted;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pouw chain accept-reorg [--hash H]} (docs/chain.md §6, docs/operations.md "A reorg held for the operator"):
 * the node follows the better branch it holds because it forks more than R blocks below its tip. Needs the node's admin
 * key. The node accepts only the held tip named — {@code --hash}, or the one the node's head shows now, printed before
 * it is sent — so a branch that grew or changed meanwhile is refused, never followed unseen.
 */
@Command(name = "accept-reorg", mixinStandardHelpOptions = true,
        description = "Follow the branch the node holds because it forks deeper than R (admin key: --key"
                + " <data_dir>/admin.key). Without --hash, accepts the held tip the node's head shows now.")
public final class ReorgAcceptCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Option(names = "--hash", paramLabel = "HASH",
            description = "the held tip's hash (64 hex digits), as 'GET /v1/chain/head' or the chain.reorg_held event"
                    + " showed it")
    String hash;

    @Override
    public Integer call() {
        String wanted = hash == null ? null : hash.strip().toLowerCase(Locale.ROOT);
        if (wanted != null && !BlockShowCommand.HASH.matcher(wanted).matches()) {
            throw new IllegalArgumentException("--hash: '" + hash + "' is not a 64-hex block hash");
        }
        try (PouwClient client = options.client()) {
            ChainNode node = new ChainNode(client);
            if (wanted == null) {
                ChainHead head = node.call(() -> client.chain().head());
                ChainHeldReorg held = head.held();
                if (held == null) {
                    System.err.println("pouw: the node holds no reorg: it follows its best branch (tip " + head.hash()
                            + " at height " + head.height() + ")");
                    return ExitCodes.REFUSED;
                }
                System.err.println("accepting the held branch: tip " + held.hash() + " at height " + held.height()
                        + ", forking " + held.depth() + " blocks below the tip " + head.hash());
                wanted = held.hash();
            }
            String accepting = wanted;
            ReorgAccepted accepted = node.call(() -> client.chain().acceptReorg(accepting));
            ObjectNode data = JsonMapper.builder().build().createObjectNode();
            data.put("hash", accepted.hash()).put("height", accepted.height()).put("old_tip", accepted.oldTip())
                    .put("depth", accepted.depth());
            options.printer().print(data, "now following " + accepted.hash() + " at height " + accepted.height()
                    + " (left " + accepted.oldTip() + ", " + accepted.depth() + " blocks deep)");
        }
        return ExitCodes.OK;
    }
}
