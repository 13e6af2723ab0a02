package org.pouw.chain.net;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * A tiny chain for the sync's tests (ACT = 10, one ticket in 64 wins), real miners on it, headers ground with hashes
 * alone as an attacker would, and an in-memory wire that delivers {@link SyncMessage}s between {@link ChainSync}s.
 */
final class SyncFixtures {
    static final long T0 = 1_767_225_600;
    static final Ed25519.KeyPair ALICE = key(1);
    /** Staked like Alice: the attacker's key in the fake-chain tests. */
    static final Ed25519.KeyPair MALLORY = key(2);
    static final Ed25519.KeyPair CAROL = key(3);
    static final ChainGenesis GENESIS = genesis(100);
    static final long ACT = GENESIS.state().activationDelay();

    private SyncFixtures() {
    }

    /** The test chain; another {@code alarmDepth} gives another chain id with the same targets and times. */
    static ChainGenesis genesis(int alarmDepth) {
        return new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, alarmDepth,
                new ChainParameters(10, 100),
                new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(MALLORY.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(CAROL.publicKey()), 1_000_000, 0)),
                TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()));
    }

    static BlockImporter node() {
        return node(GENESIS);
    }

    static BlockImporter node(ChainGenesis genesis) {
        return BlockImporter.open(genesis, new InMemoryChainStore(), new SettableClock((T0 + 86_400) * 1_000));
    }

    static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    /** {@code count} real blocks mined by {@code miner} on {@code node}'s tip and imported there. */
    static List<Block> mine(BlockImporter node, ChainMiner miner, int count) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BlockNode parent = node.tip();
            Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 60, List.of(), 20_000);
            if (block == null) {
                throw new AssertionError("no winning step in 20,000");
            }
            if (node.importBlock(block).isRefused()) {
                throw new AssertionError("a mined block was refused");
            }
            blocks.add(block);
        }
        return blocks;
    }

    static ChainMiner miner(Ed25519.KeyPair key) {
        return new ChainMiner(key, List.of(DemoGenesis.data()), ThreadTeam.single());
    }

    /**
     * A header chain of {@code count} blocks on {@code parent} signed by {@code signer}, every header passing the
     * checks that cost hashes (its made-up steps ground until a ticket wins), none of it trained: the bodies carry a
     * made-up opening and name a task that does not exist.
     */
    static List<Block> fakeChain(ChainGenesis genesis, Ed25519.KeyPair signer, Bytes32 parent, long parentHeight,
                                 long parentTime, int count) {
        List<Block> blocks = new ArrayList<>();
        Bytes32 tip = parent;
        long time = parentTime;
        for (long height = parentHeight + 1; height <= parentHeight + count; height++) {
            time += 60;
            Block block = fakeBlock(genesis, signer, tip, height, time, tip);
            blocks.add(block);
            tip = block.header().hash(genesis.chainId());
        }
        return blocks;
    }

    /**
     * One made-up block on {@code parent} at {@code height} and {@code time}, its steps trained on {@code winnerTip}
     * (the parent for a header without defect; anything else makes a header whose defect shows by itself).
     */
    static Block fakeBlock(ChainGenesis genesis, Ed25519.KeyPair signer, Bytes32 parent, long height, long time,
                           Bytes32 winnerTip) {
        Bytes32 chainId = genesis.chainId();
        Bytes32 minerKey = Bytes32.of(signer.publicKey());
        int bits = genesis.asert().nextBits(genesis.anchor(), height - 1, time - 60);
        BigInteger target = CompactTarget.decode(bits);
        List<MinedStep> segment = new ArrayList<>();
        Bytes32 state = bytes("fake start " + height);
        for (long step = 0; ; step++) {
            Bytes32 next = bytes("fake state " + height + " " + step);
            MinedStep mined = new MinedStep(step, state, bytes("fake batch " + step), next, winnerTip, 2);
            segment.add(mined);
            state = next;
            int j = Tickets.firstWinning(chainId, mined, minerKey, target);
            if (j >= 0) {
                BlockHeader header = BlockHeader.sign(signer, chainId, height, parent, time, bits,
                        Block.transactionsRoot(List.of()), bytes("fake state root"), bytes("no such task"),
                        proof(segment, j));
                return new Block(header, FAKE_OPENING, List.of());
            }
        }
    }

    private static final WinnerOpening FAKE_OPENING = new WinnerOpening(new byte[] {1, 2, 3, 4},
            OpenedBatch.open(Dataset.of(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}},
                    new int[] {0, 1, 0, 1, 0}, 2), new int[] {3, 1}));

    private static MiningProof proof(List<MinedStep> segment, int j) {
        byte[][] leaves = segment.stream().map(s -> s.leafHash().toArray()).toArray(byte[][]::new);
        MerkleTree tree = MerkleTree.ofLeafHashes(leaves);
        int last = segment.size() - 1;
        List<Bytes32> path = tree.prove(last).siblings().stream().map(Bytes32::of).toList();
        return new MiningProof(Bytes32.of(tree.root()), segment.size(), segment.get(0).stateBefore(),
                segment.get(last), path, j);
    }

    static Bytes32 bytes(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(StandardCharsets.UTF_8)));
    }

    static PeerId peer(String name) {
        return new PeerId(name);
    }

    /** Disconnections and bans, as the transport would be asked for them. */
    static class Penalties implements PeerPenalties {
        final List<String> disconnected = new ArrayList<>();
        final List<String> banned = new ArrayList<>();

        @Override
        public void disconnect(PeerId peer, String why) {
            disconnected.add(peer.name());
        }

        @Override
        public void ban(PeerId peer, String why) {
            banned.add(peer.name());
        }
    }

    /**
     * An in-memory network of {@link ChainSync}s and scripted peers: messages queue up and are delivered in order
     * by {@link #run}; a disconnection or ban takes the peer off the wire.
     */
    static final class Wire {
        interface Scripted {
            void receive(PeerId from, SyncMessage message, Wire wire);
        }

        private record Letter(PeerId from, PeerId to, SyncMessage message) {
        }

        final Map<PeerId, ChainSync> syncs = new HashMap<>();
        final Map<PeerId, Scripted> scripted = new HashMap<>();
        final Map<PeerId, List<PeerId>> links = new HashMap<>();
        final Map<PeerId, Penalties> penalties = new HashMap<>();
        final Map<PeerId, List<SyncMessage>> sentBy = new HashMap<>();
        final Map<PeerId, List<SyncMessage>> sentTo = new HashMap<>();
        private final Deque<Letter> queue = new ArrayDeque<>();

        ChainSync add(PeerId id, BlockImporter importer) {
            return add(id, importer, FaultEvidence.NONE);
        }

        ChainSync add(PeerId id, BlockImporter importer, FaultEvidence evidence) {
            Penalties judged = new Penalties() {
                @Override
                public void disconnect(PeerId peer, String why) {
                    super.disconnect(peer, why);
                    unlink(id, peer);
                }

                @Override
                public void ban(PeerId peer, String why) {
                    super.ban(peer, why);
                    unlink(id, peer);
                }
            };
            penalties.put(id, judged);
            ChainSync sync = new ChainSync(SyncedChain.of(importer), messagesOf(id), judged, evidence);
            syncs.put(id, sync);
            links.put(id, new ArrayList<>());
            return sync;
        }

        void addScripted(PeerId id, Scripted peer) {
            scripted.put(id, peer);
            links.put(id, new ArrayList<>());
        }

        PeerMessages<SyncMessage> messagesOf(PeerId id) {
            return new PeerMessages<>() {
                @Override
                public PeerId self() {
                    return id;
                }

                @Override
                public void send(PeerId to, SyncMessage message) {
                    Wire.this.send(id, to, message);
                }

                @Override
                public void broadcast(SyncMessage message) {
                    for (PeerId to : List.copyOf(links.get(id))) {
                        Wire.this.send(id, to, message);
                    }
                }
            };
        }

        void send(PeerId from, PeerId to, SyncMessage message) {
            if (links.get(from).contains(to)) {
                sentBy.computeIfAbsent(from, k -> new ArrayList<>()).add(message);
                sentTo.computeIfAbsent(to, k -> new ArrayList<>()).add(message);
                queue.add(new Letter(from, to, message));
            }
        }

        void link(PeerId a, PeerId b) {
            links.get(a).add(b);
            links.get(b).add(a);
            if (syncs.containsKey(a)) {
                syncs.get(a).peerConnected(b);
            }
            if (syncs.containsKey(b)) {
                syncs.get(b).peerConnected(a);
            }
        }

        void unlink(PeerId a, PeerId b) {
            if (links.get(a).remove(b) | links.get(b).remove(a)) {
                if (syncs.containsKey(a)) {
                    syncs.get(a).peerDisconnected(b);
                }
                if (syncs.containsKey(b)) {
                    syncs.get(b).peerDisconnected(a);
                }
            }
        }

        /** Delivers every letter queued and those their delivery queues, without ticking anyone; returns how many. */
        int deliver() {
            int delivered = 0;
            while (!queue.isEmpty()) {
                Letter letter = queue.poll();
                if (!links.get(letter.from()).contains(letter.to())) {
                    continue;
                }
                delivered++;
                if (syncs.containsKey(letter.to())) {
                    syncs.get(letter.to()).receive(letter.from(), letter.message());
                } else {
                    scripted.get(letter.to()).receive(letter.from(), letter.message(), this);
                }
            }
            return delivered;
        }

        /** Delivers until nothing is left, ticking every node between rounds; returns the letters delivered. */
        int run() {
            int delivered = 0;
            int quiet = 0;
            for (int round = 0; round < 200; round++) {
                delivered += deliver();
                syncs.values().forEach(ChainSync::tick);
                // quiet: nothing in flight and no session, for long enough that every node polled once more
                quiet = queue.isEmpty() && syncs.values().stream().noneMatch(ChainSync::syncing) ? quiet + 1 : 0;
                if (quiet > 2 * ChainSync.POLL_TICKS) {
                    break;
                }
            }
            return delivered;
        }

        List<SyncMessage> sentBy(PeerId peer) {
            return sentBy.getOrDefault(peer, List.of());
        }

        /** Block bodies asked of {@code peer}, by anyone. */
        long bodiesAskedOf(PeerId peer) {
            return sentTo.getOrDefault(peer, List.of()).stream().filter(SyncMessage.GetBlock.class::isInstance)
                    .count();
        }
    }
}
