package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.CliRun;
import org.pouw.cli.ExitCodes;
import org.pouw.crypto.KeyFile;
import picocli.CommandLine;

/**
 * The wallet's transaction commands without a node: each checks its own input before it asks the node anything (a
 * node that is not there would be exit 3, not the usage error naming the option), and each names its own amount.
 */
class WalletCommandTest {
    /** Nothing listens here: a command that reached for the node would fail as unreachable. */
    private static final String NO_NODE = "http://127.0.0.1:9";

    @TempDir
    Path dir;

    @Test
    void sendChecksTheReceiverAndTheMemoBeforeAskingTheNode() throws Exception {
        Path key = dir.resolve("me.key");
        KeyFile.create(key, ChainCliFixtures.POSTER);

        CliRun badReceiver = CliRun.of("wallet", "send", "--node", NO_NODE, "--key", key.toString(), "--to",
                "did:key:z6MkNotAKey", "--amount", "5");
        assertThat(badReceiver.exit()).as(badReceiver.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(badReceiver.firstErrorLine()).contains("--to");

        CliRun longMemo = CliRun.of("wallet", "send", "--node", NO_NODE, "--key", key.toString(), "--to",
                ChainCliFixtures.OTHER.did().toString(), "--amount", "5", "--memo", "m".repeat(81));
        assertThat(longMemo.exit()).as(longMemo.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(longMemo.firstErrorLine()).contains("--memo");

        CliRun unreachable = CliRun.of("wallet", "stake", "--node", NO_NODE, "--key", key.toString(), "--amount",
                "5");
        assertThat(unreachable.exit()).as(unreachable.err()).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void eachCommandNamesWhatItsAmountIsFor() {
        CommandLine wallet = new CommandLine(WalletCommand.class);
        for (String command : new String[] {"send", "stake", "unstake"}) {
            assertThat(wallet.getSubcommands().get(command).getUsageMessage())
                    .contains("--amount=UNITS").contains("base units to " + command);
        }
    }
}
