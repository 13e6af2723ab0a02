package org.pouw.chain.net;

import org.pouw.chain.importing.ImportRefusal;
import org.pouw.chain.importing.ImportResult;

/**
 * Whose fault a block a peer served is, once the import has judged it (docs/network.md §4). The import remembers as
 * invalid exactly the blocks whose defect is in what the hash names — the signed header and the transactions it
 * commits to — and those are the signer's doing: a relay can not make a signed block invalid without changing its
 * hash. What a relay can change without changing the hash (the unsigned winner's opening, the signature bytes, a
 * transaction list that is not the committed one) makes only that copy bad.
 */
public enum ServedBlockFault {
    /** Valid, already known, or waiting for its parent: nobody's fault. */
    NONE,
    /** Invalid as signed: the signer is at fault; every copy is refused at once from now on. */
    SIGNER,
    /** This copy is not the block its hash names: the peer that served it sent wrong bytes. */
    COPY,
    /** Not judged yet: a timestamp too far ahead of this node's clock, or a node that does not validate. */
    NOT_YET;

    /** The fault of a block import's result; {@code rememberedInvalid}: the import now refuses the hash for good. */
    public static ServedBlockFault of(ImportResult result, boolean rememberedInvalid) {
        if (!result.isRefused()) {
            return NONE;
        }
        if (rememberedInvalid) {
            return SIGNER;
        }
        return result.refusal() == ImportRefusal.BAD_TIMESTAMP || result.refusal() == ImportRefusal.NOT_VALIDATING
                ? NOT_YET : COPY;
    }
}
