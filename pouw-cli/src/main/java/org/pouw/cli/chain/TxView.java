package org.pouw.cli.chain;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.tx.Anchor;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxKind;
import org.pouw.chain.tx.Unstake;
import org.pouw.cli.ml.ArchitectureSpec;
import org.pouw.cli.ml.TrainingOptions;
import org.pouw.crypto.Blake3;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.Bytes32;

/**
 * A decoded chain transaction for people and for {@code --json}: its id and signature checked against the chain id,
 * the common fields, and what its kind does (docs/chain.md §7, §9). Accounts are shown as did:keys.
 */
public final class TxView {
    private TxView() {
    }

    /**
     * The kind's name as the node's API writes it ({@code transfer}, {@code pay_for_task}, {@code reveal_held_out},
     * …), so the CLI's JSON and the API's agree.
     */
    public static String kindName(TxKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Every field of {@code tx}, its id and whether its signature holds for {@code chainId}. */
    static ShownFields of(Transaction tx, Bytes32 chainId) {
        ShownFields shown = new ShownFields()
                .text("id", tx.id(chainId).hex())
                .text("kind", kindName(tx.kind()))
                .text("sender", AccountKeys.did(tx.sender()))
                .number("nonce", tx.nonce())
                .number("fee", tx.fee());
        byte[] memo = tx.data();
        if (memo.length > 0) {
            shown.text("memo", memoText(memo));
        }
        shown.flag("signature_valid", tx.signatureValid(chainId));
        body(shown, tx, chainId);
        return shown;
    }

    /** One line: kind, sender, what it does; for block listings. */
    static String summary(Transaction tx, Bytes32 chainId) {
        String what = switch (tx.body()) {
            case Transfer t -> t.amount() + " to " + AccountKeys.did(t.to());
            case BuyTickets b -> "stake " + b.amount();
            case Unstake u -> "unstake " + u.amount();
            case PayForTask p -> "task " + tx.id(chainId).hex() + ", escrow " + p.escrow();
            case FinalModelCommit c -> "task " + c.taskId().hex();
            case FinalModelReveal r -> "task " + r.taskId().hex() + ", " + r.model().length + " bytes";
            case RevealHeldOut h -> "task " + h.taskId().hex() + ", " + h.records().size() + " records";
            case AuditOpen a -> "audit of block " + a.auditedHeight();
            case Slash s -> s.evidence().name().toLowerCase(java.util.Locale.ROOT);
            case Anchor a -> "ledger head " + a.ledgerHead().hex();
        };
        return tx.id(chainId).hex() + "  " + kindName(tx.kind()) + "  from " + AccountKeys.did(tx.sender()) + "  "
                + what + "  fee " + tx.fee();
    }

    private static void body(ShownFields shown, Transaction tx, Bytes32 chainId) {
        switch (tx.body()) {
            case Transfer t -> shown.text("to", AccountKeys.did(t.to())).number("amount", t.amount());
            case BuyTickets b -> shown.text("role", role(b.role())).number("amount", b.amount());
            case Unstake u -> shown.text("role", role(u.role())).number("amount", u.amount());
            case PayForTask p -> task(shown, p, tx.id(chainId));
            case FinalModelCommit c -> shown.text("task", c.taskId().hex()).text("segment_end", c.segmentEnd().hex())
                    .text("commitment", c.commitment().hex());
            case FinalModelReveal r -> shown.text("task", r.taskId().hex()).number("model_bytes", r.model().length)
                    .text("model_hash", Bytes32.of(Blake3.hash(r.model())).hex());
            case RevealHeldOut h -> {
                List<byte[]> records = h.records();
                shown.text("task", h.taskId().hex()).number("records", records.size())
                        .number("record_bytes", records.stream().mapToLong(r -> r.length).sum());
            }
            case AuditOpen a -> shown.number("audited_height", a.auditedHeight()).text("challenge",
                    a.challenge().hex()).number("windows", a.windows().size()).number("steps", a.steps());
            case Slash s -> shown.text("evidence", s.evidence().name().toLowerCase(java.util.Locale.ROOT))
                    .number("first_header_bytes", s.first().length).number("second_header_bytes", s.second().length);
            case Anchor a -> shown.text("ledger_head", a.ledgerHead().hex()).number("entries", a.entries());
        }
    }

    private static void task(ShownFields shown, PayForTask pay, Bytes32 taskId) {
        TrainingTask task = pay.task();
        shown.text("task", taskId.hex())
                .number("escrow", pay.escrow())
                .text("training", TrainingOptions.describe(task))
                .text("architecture", ArchitectureSpec.format(task.architecture()))
                .number("steps", task.steps())
                .text("dataset_root", task.datasetRoot().hex())
                .number("dataset_size", pay.datasetSize())
                .text("dataset_id", new DatasetId(task.datasetRoot(), pay.datasetSize()).hash().hex())
                .number("features", pay.features())
                .number("classes", pay.classes())
                .text("held_out_commitment", pay.heldOutCommitment().hex())
                .number("commit_by", pay.commitBy())
                .number("reveal_by", pay.revealBy())
                .number("held_out_by", pay.heldOutBy());
    }

    private static String role(org.pouw.chain.tx.StakeRole role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The memo as text when it is printable UTF-8, else as hex: the chain never reads it, so it may be any bytes,
     * and control characters from a stranger's transaction must not reach the terminal.
     */
    static String memoText(byte[] memo) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(memo)).toString();
            if (text.codePoints().noneMatch(Character::isISOControl)) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not UTF-8: shown as hex below
        }
        return "0x" + HexFormat.of().formatHex(memo);
    }
}
