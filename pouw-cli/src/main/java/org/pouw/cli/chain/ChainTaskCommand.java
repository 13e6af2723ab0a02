package org.pouw.cli.chain;

import picocli.CommandLine.Command;

/**
 * {@code pouw task submit|list|status|reveal-heldout}: training tasks posted on the chain with {@code pay_for_task}
 * (docs/chain.md §4) — the escrow paid, the chain assigns miners, their final models are committed and revealed, the
 * poster reveals the held-out set, and every node settles the escrow by held-out accuracy.
 */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Training tasks on the chain: post one with its escrow, follow it, reveal its held-out set.",
        subcommands = {TaskSubmitOnChain.class, TaskListCommand.class, TaskShowCommand.class,
                HeldOutRevealCommand.class})
public final class ChainTaskCommand {
    private ChainTaskCommand() {
    }
}
