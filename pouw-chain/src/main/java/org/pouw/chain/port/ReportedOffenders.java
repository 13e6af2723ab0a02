package org.pouw.chain.port;

import java.util.SequencedMap;
import org.pouw.chain.tx.Slash;
import org.pouw.ml.wire.Bytes32;

/**
 * The offenders a node's evidence reporter has reported and not yet seen slashed, each with the evidence it reported
 * (docs/chain.md §5.4). Kept in the node's database (SQLite and PostgreSQL adapters in pouw-store), so a restart
 * neither forgets evidence whose slash was still waiting in the mempool (the mempool is not kept) nor reports an
 * offender a second time when it signs yet another block after the restart.
 */
public interface ReportedOffenders {
    /** Every offender still pending, in the order it was first reported, with the evidence reported against it. */
    SequencedMap<Bytes32, Slash> pending();

    /** Records {@code evidence} against {@code offender}; an offender already pending keeps its first evidence. */
    void reported(Bytes32 offender, Slash evidence);

    /** Forgets {@code offender}: it has nothing left to slash on the node's tip. Nothing happens if it was not pending. */
    void settled(Bytes32 offender);
}
