package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.ACT;
import static org.pouw.chain.net.SyncFixtures.CAROL;
import static org.pouw.chain.net.SyncFixtures.GENESIS;
import static org.pouw.chain.net.SyncFixtures.MALLORY;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.ml.wire.Bytes32;

class LockstepHeadersTest {
    private static final Bytes32 CHAIN = GENESIS.chainId();

    private static List<BlockHeader> headers(List<Block> blocks) {
        return blocks.stream().map(Block::header).toList();
    }

    @Test
    void headersAreTakenOnlyUpToActPastTheValidatedBlockAndReachFurtherAsBodiesValidate() {
        BlockImporter node = SyncFixtures.node();
        SyncedChain chain = SyncedChain.of(node);
        List<Block> fake = SyncFixtures.fakeChain(GENESIS, MALLORY, CHAIN, 0, GENESIS.timestamp(), (int) (3 * ACT));
        LockstepHeaders lockstep = new LockstepHeaders(GENESIS);

        LockstepHeaders.Verdict verdict = lockstep.offer(chain, headers(fake));

        assertThat(verdict.refused()).isFalse();
        assertThat(verdict.stoppedAtHorizon()).isTrue();
        assertThat(verdict.taken()).hasSize((int) ACT)
                .isEqualTo(fake.subList(0, (int) ACT).stream().map(b -> b.header().hash(CHAIN)).toList());
        // offered again, nothing more is taken: the horizon holds until a body validates
        assertThat(lockstep.offer(chain, headers(fake)).taken()).isEmpty();
        assertThat(lockstep.size()).isEqualTo((int) ACT);
        // the first body fails: the whole held branch goes
        assertThat(lockstep.drop(verdict.taken().getFirst())).isEqualTo((int) ACT);
        assertThat(lockstep.size()).isZero();
    }

    @Test
    void aHeaderSignedForAnotherChainIsRefused() {
        ChainGenesis other = SyncFixtures.genesis(101);
        // ground on this chain's genesis hash as parent, but signed (and ticketed) for the other chain id
        List<Block> foreign = SyncFixtures.fakeChain(other, MALLORY, CHAIN, 0, GENESIS.timestamp(), 1);
        LockstepHeaders lockstep = new LockstepHeaders(GENESIS);

        LockstepHeaders.Verdict verdict = lockstep.offer(SyncedChain.of(SyncFixtures.node()), headers(foreign));

        assertThat(verdict.refusal()).isEqualTo(LockstepHeaders.Refusal.BAD_HEADER);
        assertThat(verdict.detail()).contains("BAD_SIGNATURE");
        assertThat(lockstep.size()).isZero();
    }

    @Test
    void aSignerWithoutActiveStakeIsRefusedFromTheHeaderAlone() {
        // Carol is funded but holds no stake
        List<Block> unstaked = SyncFixtures.fakeChain(GENESIS, CAROL, CHAIN, 0, GENESIS.timestamp(), 2);
        LockstepHeaders lockstep = new LockstepHeaders(GENESIS);

        LockstepHeaders.Verdict verdict = lockstep.offer(SyncedChain.of(SyncFixtures.node()), headers(unstaked));

        assertThat(verdict.refusal()).isEqualTo(LockstepHeaders.Refusal.SIGNER_NOT_STAKED);
        assertThat(verdict.taken()).isEmpty();
    }

    @Test
    void headersThatDoNotChainAreRefused() {
        List<Block> fake = SyncFixtures.fakeChain(GENESIS, MALLORY, CHAIN, 0, GENESIS.timestamp(), 4);
        LockstepHeaders lockstep = new LockstepHeaders(GENESIS);

        LockstepHeaders.Verdict verdict = lockstep.offer(SyncedChain.of(SyncFixtures.node()),
                List.of(fake.get(0).header(), fake.get(2).header()));

        assertThat(verdict.refusal()).isEqualTo(LockstepHeaders.Refusal.NOT_CONNECTING);
        assertThat(verdict.taken()).hasSize(1);
    }
}
