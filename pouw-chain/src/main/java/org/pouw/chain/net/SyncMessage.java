package org.pouw.chain.net;

import java.util.List;
import org.pouw.chain.block.BlockHeader;
import org.pouw.ml.wire.Bytes32;

/**
 * What chain nodes say to each other to sync and propagate blocks (docs/network.md §2), whatever carries it: the
 * peer-to-peer transport maps announcements to {@code inv}, header requests and answers to typed payloads and block
 * bodies to the bulk stream; an in-process network passes the records as they are.
 */
public sealed interface SyncMessage {
    /** Hashes of blocks the sender has validated and holds (only validated blocks are ever announced). */
    record BlockInv(List<Bytes32> hashes) implements SyncMessage {
        public BlockInv {
            hashes = List.copyOf(hashes);
        }
    }

    /**
     * "Send me the headers of your followed chain after the first of these hashes you follow": the asker's chain,
     * newest first, dense near its tip and then at doubling steps back to genesis ({@link ChainLocator}); at most
     * {@code max} headers are wanted.
     */
    record GetHeaders(List<Bytes32> locator, int max) implements SyncMessage {
        public GetHeaders {
            locator = List.copyOf(locator);
            if (locator.isEmpty() || locator.size() > SyncCodec.MAX_LOCATOR) {
                throw new IllegalArgumentException("a locator has 1 to " + SyncCodec.MAX_LOCATOR + " hashes, got "
                        + locator.size());
            }
            if (max < 1 || max > SyncCodec.MAX_HEADERS) {
                throw new IllegalArgumentException("max must be 1 to " + SyncCodec.MAX_HEADERS + ", got " + max);
            }
        }
    }

    /** Headers of the sender's followed chain, parents first; empty when it has nothing after the locator. */
    record Headers(List<BlockHeader> headers) implements SyncMessage {
        public Headers {
            headers = List.copyOf(headers);
            if (headers.size() > SyncCodec.MAX_HEADERS) {
                throw new IllegalArgumentException("at most " + SyncCodec.MAX_HEADERS + " headers, got "
                        + headers.size());
            }
        }
    }

    /** A request for one block's whole encoding, by its hash. */
    record GetBlock(Bytes32 hash) implements SyncMessage {
    }

    /** The answer to {@link GetBlock}: the bytes the peer served for {@code hash} (not yet checked to be it). */
    record BlockBody(Bytes32 hash, byte[] encoded) implements SyncMessage {
        public BlockBody {
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }
    }

    /**
     * A whole validated block pushed unasked to a high-bandwidth peer when it became the sender's tip (docs/network.md
     * §4): the receiver need not ask for it. Its bytes are checked as a served body's are.
     */
    record WholeBlock(byte[] encoded) implements SyncMessage {
        public WholeBlock {
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }
    }

    /** The peer did not serve {@code hash}: it does not hold it, or the transfer failed. */
    record BlockNotServed(Bytes32 hash) implements SyncMessage {
    }

    /**
     * The transport's report while a body asked for arrives: {@code received} of the {@code declared} bytes are in.
     * Local to a node, never on the wire: the sync keeps a large body on a slow link asked of its peer while it keeps
     * up the floor rate ({@link BodyDeadline}).
     */
    record BodyProgress(Bytes32 hash, long declared, long received) implements SyncMessage {
        public BodyProgress {
            if (declared < 0 || received < 0 || received > declared) {
                throw new IllegalArgumentException("progress is 0 <= received <= declared, got " + received + " of "
                        + declared);
            }
        }
    }

    /**
     * The sync no longer wants the body of {@code hash} from this peer (it was late): the transport drops the
     * transfer. Local to a node, never on the wire; a peer that receives it ignores it.
     */
    record AbandonBlock(Bytes32 hash) implements SyncMessage {
    }

    /**
     * "I refused what you sent me, and why" ({@link ChainRejectCode}): {@code id} names the block, the first refused
     * header or the transaction; {@code reason} is the chain's detail for people, at most
     * {@link SyncCodec#MAX_REJECT_REASON_BYTES} bytes of UTF-8. A code this version does not know is kept as sent.
     */
    record Reject(Bytes32 id, int code, String reason) implements SyncMessage {
        public Reject {
            if (code < 0 || code > 0xFFFF) {
                throw new IllegalArgumentException("a reject code is 0 to 65535, got " + code);
            }
            if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > SyncCodec.MAX_REJECT_REASON_BYTES) {
                throw new IllegalArgumentException("a reject reason is at most " + SyncCodec.MAX_REJECT_REASON_BYTES
                        + " bytes of UTF-8");
            }
        }

        /** A reject with this version's code; the reason is cut to its limit on a character boundary. */
        public static Reject of(Bytes32 id, ChainRejectCode code, String reason) {
            return new Reject(id, code.code(), SyncCodec.fitReason(reason));
        }
    }
}
