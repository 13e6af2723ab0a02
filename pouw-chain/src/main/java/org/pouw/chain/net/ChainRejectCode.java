package org.pouw.chain.net;

import java.util.Locale;
import java.util.Optional;
import org.pouw.chain.importing.ImportRefusal;
import org.pouw.chain.mempool.MempoolRefusal;

/**
 * Why this node refused a block, headers or a transaction a peer sent it: the chain's own reason, carried by a
 * {@link SyncMessage.Reject} (docs/network.md §2). Codes are never renumbered; a code this version does not know
 * (a newer peer's) is counted as unknown. A reject is information for the peer and its operator: it is sent once per
 * refused object, costs its receiver nothing and is believed in nothing.
 */
public enum ChainRejectCode {
    /** Bytes served for a block that are no block. */
    BLOCK_UNDECODABLE(1),
    /** A block whose hash is not the one asked for (another block, or one of another chain). */
    BLOCK_NOT_ASKED(2),
    /** The block, or an ancestor, was found invalid before. */
    BLOCK_KNOWN_INVALID(3),
    /** The header fails a check that needs no replay. */
    BLOCK_BAD_HEADER(4),
    /** The timestamp is at or before the median time past, or too far ahead of this node's clock. */
    BLOCK_BAD_TIMESTAMP(5),
    /** The header names a task no block on its parent may be mined on. */
    BLOCK_UNKNOWN_TASK(6),
    /** The winning step does not stand up to its replay. */
    BLOCK_STEP_REFUSED(7),
    /** The winner's opening was pruned where the import may not skip its replay. */
    BLOCK_OPENING_PRUNED(8),
    /** The body's transactions do not apply, or the state root lies. */
    BLOCK_BAD_BODY(9),
    /** A header whose parent is neither validated, nor held, nor the header before it. */
    HEADERS_NOT_CONNECTING(20),
    /** A header that is, or descends from, a block found invalid. */
    HEADERS_KNOWN_INVALID(21),
    /** A header failing a check that needs no replay. */
    HEADERS_BAD_HEADER(22),
    /** A header whose signer has no active stake in its validated ancestor's state. */
    HEADERS_SIGNER_NOT_STAKED(23),
    /** Bytes served for a transaction that are no transaction. */
    TX_UNDECODABLE(40),
    /** A transaction whose id is not the one asked for. */
    TX_NOT_ASKED(41),
    /** The transaction does not apply after its sender's pending ones. */
    TX_INVALID(42),
    /** Its nonce leaves a gap. */
    TX_NONCE_GAP(43),
    /** It would replace a pending transaction without paying enough more. */
    TX_REPLACEMENT_UNDERPRICED(44),
    /** Its sender has as many pending transactions as one sender may. */
    TX_SENDER_FULL(45),
    /** The pool is full and it pays less than anything it could displace. */
    TX_POOL_FULL(46),
    /** The pool's byte budget can not take it. */
    TX_POOL_BYTES_FULL(47),
    /**
     * An {@code audit_open} refused before its replay: it fails a cheap check, or its audit had its replays
     * (docs/network.md §4, "Openings").
     */
    TX_OPENING_NOT_ADMITTED(48),
    /** A transaction announced in the lane reserved for openings and evidence that is neither. */
    TX_NOT_RESERVED(49);

    private final int code;

    ChainRejectCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The metric label: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code's meaning in this version; empty for a code it does not know. */
    public static Optional<ChainRejectCode> of(int code) {
        for (ChainRejectCode known : values()) {
            if (known.code == code) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    /** The reject for a block the import refused; empty when the refusal is this node's own state, not the block's. */
    public static Optional<ChainRejectCode> of(ImportRefusal refusal) {
        return Optional.ofNullable(switch (refusal) {
            case NOT_VALIDATING -> null;
            case UNDECODABLE -> BLOCK_UNDECODABLE;
            case KNOWN_INVALID -> BLOCK_KNOWN_INVALID;
            case BAD_HEADER -> BLOCK_BAD_HEADER;
            case BAD_TIMESTAMP -> BLOCK_BAD_TIMESTAMP;
            case UNKNOWN_TASK -> BLOCK_UNKNOWN_TASK;
            case STEP_REFUSED -> BLOCK_STEP_REFUSED;
            case OPENING_PRUNED -> BLOCK_OPENING_PRUNED;
            case BAD_BODY -> BLOCK_BAD_BODY;
        });
    }

    /** The reject for headers the lockstep refused. */
    public static ChainRejectCode of(LockstepHeaders.Refusal refusal) {
        return switch (refusal) {
            case NOT_CONNECTING -> HEADERS_NOT_CONNECTING;
            case KNOWN_INVALID -> HEADERS_KNOWN_INVALID;
            case BAD_HEADER -> HEADERS_BAD_HEADER;
            case SIGNER_NOT_STAKED -> HEADERS_SIGNER_NOT_STAKED;
        };
    }

    /** The reject for a transaction the mempool turned away; empty for one it already holds (nothing to tell). */
    public static Optional<ChainRejectCode> of(MempoolRefusal refusal) {
        return Optional.ofNullable(switch (refusal) {
            case INVALID -> TX_INVALID;
            case NONCE_GAP -> TX_NONCE_GAP;
            case REPLACEMENT_UNDERPRICED -> TX_REPLACEMENT_UNDERPRICED;
            case SENDER_FULL -> TX_SENDER_FULL;
            case POOL_FULL -> TX_POOL_FULL;
            case POOL_BYTES_FULL -> TX_POOL_BYTES_FULL;
            case ALREADY_PENDING -> null;
        });
    }
}
