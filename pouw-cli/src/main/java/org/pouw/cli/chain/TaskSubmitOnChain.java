package org.pouw.cli.chain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.Transaction;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Printer;
import org.pouw.cli.ml.DataOptions;
import org.pouw.cli.ml.DataSource;
import org.pouw.cli.ml.DatasetLoader;
import org.pouw.cli.ml.TrainingOptions;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainAccount;
import org.pouw.client.chain.ChainDataset;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.Bytes32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw task submit}: posts a training task on the chain (docs/chain.md §4). The data and training options are
 * {@code pouw ml}'s (MNIST IDX, CIFAR-10, CSV or PMLD; architecture, optimiser, batch, steps). In order, so that
 * nothing is sent for a task the chain would refuse: the options, the data and the held-out set checked; the task
 * checked with the chain's own admission rules and the node's genesis parameters at the node's head; the escrow
 * against the balance; then the training set uploaded, the held-out set and its salt written to a file kept by the
 * poster (before the task is posted, so a crash can not lose the salt), and the signed {@code pay_for_task} posted.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Post a training task on the chain, escrowing its reward; keep its held-out set for the reveal.")
final class TaskSubmitOnChain implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Mixin
    TxOptions tx;

    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Option(names = "--escrow", required = true, paramLabel = "UNITS",
            description = "the reward escrowed for the task's miners, ranked by held-out accuracy; never refunded")
    long escrow;

    @Option(names = "--commit-in", paramLabel = "BLOCKS",
            description = "blocks from the chain's head to the final-model commit deadline (default: two assignment"
                    + " epochs)")
    Long commitIn;

    @Option(names = "--window", paramLabel = "BLOCKS",
            description = "blocks for the model reveals, and again for your held-out reveal (default: three times the"
                    + " chain's minimum window)")
    Long window;

    @Option(names = "--held-out-limit", paramLabel = "N",
            description = "keep only the first N held-out records (the reveal carries at most 2 MiB of records)")
    Integer heldOutLimit;

    @Option(names = "--held-out-file", paramLabel = "FILE",
            description = "where to keep the held-out set and its salt (default: tasks/<task id>.heldout beside the"
                    + " key file)")
    Path heldOutFile;

    @Override
    public Integer call() throws Exception {
        if (escrow < 1) {
            throw new IllegalArgumentException("--escrow: must be >= 1 base unit, got " + escrow);
        }
        if (heldOutLimit != null && heldOutLimit < 1) {
            throw new IllegalArgumentException("--held-out-limit: must be >= 1, got " + heldOutLimit);
        }
        if (tx.fee < 0) {
            throw new IllegalArgumentException("--fee: must be >= 0, got " + tx.fee);
        }
        if (heldOutFile != null && Files.exists(heldOutFile)) {
            throw new IllegalArgumentException("--held-out-file: " + heldOutFile + " already exists; it may hold"
                    + " another task's held-out set, so it is never replaced");
        }
        Ed25519.KeyPair key = client.loadKey();
        DataSource source = data.source();
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, training.classes(source));
        Dataset heldOut = loaded.heldOut();
        if (heldOutLimit != null && heldOutLimit < heldOut.size()) {
            heldOut = heldOut.slice(0, heldOutLimit);
        }
        // The chain ranks final models by held-out accuracy, not against a target; the field stays neutral.
        TrainingTask shaped = training.task(loaded, TargetMetric.accuracyAtLeast(0), escrow);
        Printer printer = client.printer();
        try (PouwClient http = client.client()) {
            ChainNode node = new ChainNode(http);
            ChainGenesis genesis = node.genesis();
            TaskParameters parameters = genesis.taskParameters();
            long head = node.call(() -> http.chain().head()).height();
            TaskPosting posting = TaskPosting.prepare(shaped, loaded.train(), heldOut, salt(), parameters, head,
                    commitIn != null ? commitIn : 2 * parameters.epochLength(),
                    window != null ? window : 3 * parameters.minWindow());
            WalletTransactions wallet = new WalletTransactions(key, genesis.chainId(), tx.fee);
            ChainAccount account = node.account(wallet.sender());
            Transaction signed = wallet.payForTask(node.nextNonce(wallet.sender(), account), posting.pay());
            WalletFlow.checkFunds(signed, account, "--escrow");
            Bytes32 taskId = signed.id(genesis.chainId());
            Path kept = heldOutFile != null ? heldOutFile
                    : HeldOutFile.defaultPath(tasksFolder(client.keyFile()), taskId);

            printer.line(String.format(Locale.ROOT, "task %s: %s, %,d steps, escrow %,d, on %,d training records"
                    + " (%s)", taskId.hex(), TrainingOptions.describe(posting.pay().task()),
                    posting.pay().task().steps(), escrow, loaded.train().size(), loaded.trainSource()));
            if (posting.repeats() > 0) {
                printer.line(String.format(Locale.ROOT, "note: %,d training records repeat an earlier one; they earn"
                        + " miners no tickets", posting.repeats()));
            }
            ChainDataset stored = node.call(() -> http.chain().uploadDataset(DatasetCodec.encode(loaded.train())));
            if (!stored.datasetId().equals(posting.datasetId().hex())) {
                throw new NodeException(200, "bad_response", "the node stored the training set as "
                        + stored.datasetId() + " but its dataset id is " + posting.datasetId().hex());
            }
            printer.line(String.format(Locale.ROOT, "sent the training set: %,d records, dataset %s", stored.records(),
                    stored.datasetId()));
            posting.keep(taskId).writeNew(kept, "--held-out-file");
            printer.line(String.format(Locale.ROOT, "kept the held-out set (%,d records, %s) and its salt in %s;"
                    + " you need it to reveal", heldOut.size(), loaded.heldOutSource(), kept));

            ObjectNode result = TxSending.send(node, signed, tx, printer, "the task");
            var pay = posting.pay();
            result.put("task", taskId.hex()).put("dataset_id", stored.datasetId()).put("held_out_file",
                    kept.toString()).put("held_out_records", heldOut.size()).put("held_out_commitment",
                    posting.commitment().hex()).put("escrow", escrow).put("commit_by", pay.commitBy())
                    .put("reveal_by", pay.revealBy()).put("held_out_by", pay.heldOutBy());
            printer.line(String.format(Locale.ROOT, "final models are committed until block %d and revealed until"
                    + " block %d; reveal the held-out set in blocks %d to %d with: pouw task reveal-heldout %s",
                    pay.commitBy(), pay.revealBy(), pay.revealBy() + 1, pay.heldOutBy(), taskId.hex()));
            if (printer.json()) {
                printer.print(result, "");
            }
        }
        return ExitCodes.OK;
    }

    /** Held-out files live beside the identity that posted the tasks. */
    static Path tasksFolder(Path keyFile) {
        Path parent = keyFile.toAbsolutePath().getParent();
        return parent.resolve("tasks");
    }

    private static Bytes32 salt() {
        byte[] salt = new byte[Bytes32.LENGTH];
        new SecureRandom().nextBytes(salt);
        return Bytes32.of(salt);
    }
}
