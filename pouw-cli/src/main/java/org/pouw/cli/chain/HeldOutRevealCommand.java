package org.pouw.cli.chain;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Printer;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainAccount;
import org.pouw.client.chain.ChainTask;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw task reveal-heldout <id>}: the poster's {@code reveal_heldout} from the held-out file {@code pouw task
 * submit} kept (docs/chain.md §4.4). Checked before it is sent: the file is this task's, its salt and records give the
 * commitment the task's {@code pay_for_task} carries, the key is the poster's, and the next block falls in the
 * held-out window — each a refusal the chain would otherwise make after the fee is spent.
 */
@Command(name = "reveal-heldout", mixinStandardHelpOptions = true,
        description = "Reveal a task's held-out set on chain (the poster, after the model reveals); nodes then rank"
                + " the final models and settle the escrow.")
final class HeldOutRevealCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    TxOptions tx;

    @Parameters(paramLabel = "ID", description = "the task id")
    String id;

    @Option(names = "--held-out-file", paramLabel = "FILE",
            description = "the file 'pouw task submit' kept (default: tasks/<task id>.heldout beside the key file)")
    Path heldOutFile;

    @Override
    public Integer call() throws InterruptedException {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        if (!BlockShowCommand.HASH.matcher(wanted).matches()) {
            throw new IllegalArgumentException("ID: '" + id + "' is not a task id (64 hex digits)");
        }
        Bytes32 taskId = Bytes32.fromHex(wanted);
        Ed25519.KeyPair key = client.loadKey();
        Path file = heldOutFile != null ? heldOutFile
                : HeldOutFile.defaultPath(TaskSubmitOnChain.tasksFolder(client.keyFile()), taskId);
        HeldOutFile kept = HeldOutFile.read(file, "--held-out-file");
        if (!kept.taskId().equals(taskId)) {
            throw new IllegalArgumentException("--held-out-file: " + file + " holds the held-out set of task "
                    + kept.taskId().hex() + ", not " + wanted);
        }
        Printer printer = client.printer();
        try (PouwClient http = client.anonymousClient()) {
            ChainNode node = new ChainNode(http);
            WalletTransactions wallet = new WalletTransactions(key, node.chainId(), tx.fee);
            if (tx.await) {
                tx.timeout();
            }
            ChainTask task = node.call(() -> http.chain().task(wanted)).task();
            if (task.settled()) {
                throw new NodeException(409, "task_settled", "task " + wanted + " is already settled");
            }
            if (!AccountKeys.did(wallet.sender()).equals(task.poster())) {
                throw new IllegalArgumentException("--key: only the poster " + task.poster() + " may reveal the"
                        + " held-out set, not " + AccountKeys.did(wallet.sender()));
            }
            Bytes32 committed = postedTask(node, taskId).heldOutCommitment();
            if (!kept.commitment().equals(committed)) {
                throw new IllegalArgumentException("--held-out-file: its salt and records give the commitment "
                        + kept.commitment().hex() + ", but the task carries " + committed.hex());
            }
            long next = node.call(() -> http.chain().head()).height() + 1;
            if (next <= task.revealBy() || next > task.heldOutBy()) {
                throw new NodeException(409, "outside_window", String.format(Locale.ROOT, "the held-out reveal goes"
                        + " in blocks %d to %d; the next block is %d", task.revealBy() + 1, task.heldOutBy(), next));
            }
            ChainAccount account = node.account(wallet.sender());
            Transaction signed = wallet.revealHeldOut(node.nextNonce(wallet.sender(), account), kept.reveal());
            WalletFlow.checkFunds(signed, account, "--fee");
            ObjectNode result = TxSending.send(node, signed, tx, printer, String.format(Locale.ROOT,
                    "the held-out set of task %s (%,d records)", Printer.shortId(wanted), kept.heldOut().size()));
            result.put("task", wanted).put("held_out_records", kept.heldOut().size());
            printer.line("follow the settlement with: pouw task status " + wanted);
            if (printer.json()) {
                printer.print(result, "");
            }
        }
        return ExitCodes.OK;
    }

    /** The task as posted: the body of its {@code pay_for_task}, whose id is the task id. */
    private static PayForTask postedTask(ChainNode node, Bytes32 taskId) {
        Transaction posted;
        try {
            posted = Transaction.decode(node.tx(taskId).encoded());
        } catch (EncodingException | IllegalArgumentException e) {
            throw new NodeException(200, "bad_response", "the node's pay_for_task does not decode: " + e.getMessage());
        }
        if (!(posted.body() instanceof PayForTask pay) || !posted.id(node.chainId()).equals(taskId)) {
            throw new NodeException(200, "bad_response", "the node's transaction " + taskId.hex()
                    + " is not this task's pay_for_task");
        }
        return pay;
    }
}
