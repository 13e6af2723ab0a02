package org.pouw.node.chain;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.HeaderEvidence;
import org.pouw.chain.evidence.EquivocationWatch;
import org.pouw.chain.evidence.EvidenceChannel;
import org.pouw.chain.evidence.EvidenceReporter;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.port.WatchedHeaders;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.DidKey;

/**
 * The node reports equivocation it sees itself (docs/chain.md §5.4; {@code chain.report_evidence}): every block
 * offered to it — imported, held as an orphan or refused — shows its header to an {@link EquivocationWatch}, and a
 * second, different header one key signed on one parent becomes a {@code slash} transaction signed with the reporter
 * key, in the node's own mempool (so in the blocks its miners assemble from {@code GET /v1/chain/mempool}). Only
 * headers of keys a slash could still take from on the tip are remembered: an attacker signing junk with fresh keys
 * fills nothing. What the watch remembers is in the node's database ({@code chain_watched_headers}), so a restart
 * between an offender's two headers still catches the pair; so are the offenders reported and not yet slashed
 * ({@code chain_reported_offenders}), so a restart neither forgets a slash still waiting in the (unkept) mempool nor
 * reports an offender twice. Called under the chain's write lock, like the importer
 * it reads.
 */
final class EquivocationReporting implements EvidenceChannel {
    private static final Logger LOG = System.getLogger(EquivocationReporting.class.getName());
    /** Headers remembered, one per (parent, signer): about eleven days of blocks at T = 60 s. */
    static final int WATCHED_HEADERS = 16_384;

    private final BlockImporter importer;
    private final EquivocationWatch watch;
    private final EvidenceReporter reporter;
    private final ChainMetrics metrics;
    /** The chain's own judge of slash evidence: a header is reported only if the slash will convict. */
    private final HeaderEvidence judge;

    EquivocationReporting(BlockImporter importer, WatchedHeaders watched, EvidenceReporter reporter,
                          ChainMetrics metrics) {
        this.importer = importer;
        this.watch = new EquivocationWatch(importer.chainId(), watched);
        this.reporter = reporter;
        this.metrics = metrics;
        this.judge = new HeaderEvidence(importer.chainId(), importer.genesis().tickets().maxTicketsPerStep());
    }

    /** A header the node was offered, whatever its import said. */
    void offered(BlockHeader header) {
        if (!EvidenceReporter.slashable(tipState(), header.miner())) {
            return;
        }
        watch.observe(header).ifPresent(evidence -> {
            if (reporter.equivocation(evidence, this)) {
                metrics.evidenceReported();
                LOG.log(Level.WARNING, "chain: " + new DidKey(evidence.offender().toArray()) + " signed two blocks on"
                        + " parent " + header.parent().hex() + " (" + evidence.first().hash(importer.chainId()).hex()
                        + " and " + evidence.second().hash(importer.chainId()).hex() + "): slash evidence reported by "
                        + new DidKey(reporter.address().toArray()));
            }
        });
    }

    /**
     * The signed header of a signer at fault a peer served (docs/network.md §4): reported as {@code INVALID_HEADER}
     * evidence when its defect shows from the header alone and its signer has something to slash.
     */
    void signerAtFault(BlockHeader header) {
        if (reporter.invalidHeader(header, judge, this)) {
            metrics.evidenceReported();
            LOG.log(Level.WARNING, "chain: " + new DidKey(header.miner().toArray()) + " signed block "
                    + header.hash(importer.chainId()).hex() + " whose header shows its own defect: slash evidence"
                    + " reported by " + new DidKey(reporter.address().toArray()));
        }
    }

    /** After the tip moved: evidence the mempool dropped is signed again, and offenders with nothing left let go. */
    void tipMoved() {
        reporter.tipMoved(this);
    }

    @Override
    public StateLayer tipState() {
        return importer.tip().state();
    }

    @Override
    public MempoolAdmission offer(Transaction tx) {
        BlockNode tip = importer.tip();
        return importer.mempool().add(tx, tip.state(), tip.height() + 1);
    }

    @Override
    public boolean pending(Transaction tx) {
        return importer.mempool().contains(tx);
    }
}
