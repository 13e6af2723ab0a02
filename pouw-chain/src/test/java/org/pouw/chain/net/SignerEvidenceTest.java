package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.ALICE;
import static org.pouw.chain.net.SyncFixtures.CAROL;
import static org.pouw.chain.net.SyncFixtures.GENESIS;
import static org.pouw.chain.net.SyncFixtures.MALLORY;
import static org.pouw.chain.net.SyncFixtures.peer;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.HeaderEvidence;
import org.pouw.chain.evidence.EvidenceChannel;
import org.pouw.chain.evidence.EvidenceReporter;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.MempoolSize;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * The signer at fault posted as slashing evidence (docs/network.md §4, issue 20 item 2): a staked key's block whose
 * signed header shows its defect by itself — served by a relay, or offered in a header chain — becomes an
 * {@code INVALID_HEADER} slash in the node's mempool, which a miner includes and which takes the signer's stake; its
 * relays are not banned. A block whose body alone fails convicts nobody (no slash can show it), and a signer with
 * nothing at stake is not reported.
 */
class SignerEvidenceTest {
    private static final Bytes32 CHAIN = GENESIS.chainId();
    private static final Bytes32 MALLORY_KEY = Bytes32.of(MALLORY.publicKey());

    /** A victim node with its own reporter, fed every signer at fault its sync finds. */
    private static final class Victim implements EvidenceChannel {
        final BlockImporter importer = BlockImporter.open(GENESIS, new InMemoryChainStore(),
                new SettableClock((SyncFixtures.T0 + 86_400) * 1_000), new MempoolSize(100, 10), ThreadTeam.single());
        final EvidenceReporter reporter = new EvidenceReporter(SyncFixtures.key(9), CHAIN);
        final HeaderEvidence judge = new HeaderEvidence(CHAIN, GENESIS.tickets().maxTicketsPerStep());
        final FaultEvidence evidence = (header, reason) -> reporter.invalidHeader(header, judge, this);

        @Override
        public StateLayer tipState() {
            return importer.tip().state();
        }

        @Override
        public MempoolAdmission offer(Transaction tx) {
            return importer.mempool().add(tx, importer.tip().state(), importer.tip().height() + 1);
        }

        @Override
        public boolean pending(Transaction tx) {
            return importer.mempool().contains(tx);
        }
    }

    /** Mallory's block on genesis whose winning steps were trained on another tip: the header alone shows it. */
    private static Block staleTipBlock(org.pouw.crypto.Ed25519.KeyPair signer) {
        return SyncFixtures.fakeBlock(GENESIS, signer, CHAIN, 1, GENESIS.timestamp() + 60,
                SyncFixtures.bytes("some other tip"));
    }

    @Test
    void aServedBlockWhoseHeaderShowsItsDefectIsPostedAsEvidenceAndSlashesItsSigner() {
        Victim victim = new Victim();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("victim"), victim.importer, victim.evidence);
        Block invalid = staleTipBlock(MALLORY);
        Bytes32 hash = invalid.header().hash(CHAIN);
        wire.addScripted(peer("relayer"), new ChainSyncTest.FakeChainPeer(List.of(invalid), false));
        wire.link(peer("relayer"), peer("victim"));
        wire.run();

        wire.send(peer("relayer"), peer("victim"), new SyncMessage.BlockInv(List.of(hash)));
        wire.run();

        assertThat(sync.signerFaults()).singleElement()
                .satisfies(fault -> assertThat(fault.signer()).isEqualTo(MALLORY_KEY));
        Transaction slash = victim.reporter.submitted().getFirst();
        assertThat(victim.reporter.submitted()).hasSize(1);
        assertThat(slash.body()).isInstanceOfSatisfying(Slash.class, body -> {
            assertThat(body.evidence()).isEqualTo(Slash.Evidence.INVALID_HEADER);
            assertThat(body.first()).isEqualTo(invalid.header().encode());
        });
        assertThat(victim.importer.mempool().contains(slash)).isTrue();
        assertThat(wire.penalties.get(peer("victim")).banned).isEmpty();

        // a miner includes it: Mallory's stake is gone
        assertThat(victim.tipState().stake(MALLORY_KEY).active()).isPositive();
        Block withSlash = SyncFixtures.miner(ALICE).mine(victim.importer, victim.importer.tip(),
                GENESIS.timestamp() + 60, List.of(slash), 20_000);
        assertThat(victim.importer.importBlock(withSlash).isRefused()).isFalse();
        assertThat(EvidenceReporter.slashable(victim.tipState(), MALLORY_KEY)).isFalse();
    }

    @Test
    void theSameHeaderOfferedInAHeaderChainIsPostedToo() {
        Victim victim = new Victim();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        wire.add(peer("victim"), victim.importer, victim.evidence);
        wire.addScripted(peer("syncer"), new ChainSyncTest.FakeChainPeer(List.of(staleTipBlock(MALLORY))));
        wire.link(peer("syncer"), peer("victim"));
        wire.run();

        assertThat(victim.reporter.submitted()).singleElement().satisfies(tx ->
                assertThat(((Slash) tx.body()).first()).isEqualTo(staleTipBlock(MALLORY).header().encode()));
        assertThat(wire.penalties.get(peer("victim")).disconnected).containsExactly("syncer");
        assertThat(wire.penalties.get(peer("victim")).banned).isEmpty();
    }

    @Test
    void aBodyThatFailsConvictsNobodyAndASignerWithoutStakeIsNotReported() {
        Victim victim = new Victim();
        SyncFixtures.Wire wire = new SyncFixtures.Wire();
        ChainSync sync = wire.add(peer("victim"), victim.importer, victim.evidence);
        // a header without defect whose body names no task: every validator refuses it, no slash can show why
        Block bodyFault = SyncFixtures.fakeChain(GENESIS, MALLORY, CHAIN, 0, GENESIS.timestamp(), 1).getFirst();
        // Carol signs a header with a defect, but holds no stake: nothing a slash could take
        Block unstaked = staleTipBlock(CAROL);
        wire.addScripted(peer("relayer"), new ChainSyncTest.FakeChainPeer(List.of(bodyFault, unstaked), false));
        wire.link(peer("relayer"), peer("victim"));
        wire.run();

        wire.send(peer("relayer"), peer("victim"), new SyncMessage.BlockInv(List.of(bodyFault.header().hash(CHAIN))));
        wire.run();
        wire.link(peer("relayer"), peer("victim"));
        wire.send(peer("relayer"), peer("victim"), new SyncMessage.BlockInv(List.of(unstaked.header().hash(CHAIN))));
        wire.run();

        assertThat(sync.signerFaults()).extracting(SignerFault::block)
                .containsExactly(bodyFault.header().hash(CHAIN), unstaked.header().hash(CHAIN));
        assertThat(victim.reporter.submitted()).isEmpty();
        assertThat(victim.importer.mempool().size()).isZero();
    }
}
