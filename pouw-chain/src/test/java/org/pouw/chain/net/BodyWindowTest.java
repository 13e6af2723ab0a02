package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.net.SyncFixtures.peer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

class BodyWindowTest {
    private static final List<PeerId> PEERS = List.of(peer("a"), peer("b"), peer("c"));

    private static List<Bytes32> batch(int size) {
        List<Bytes32> hashes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            hashes.add(SyncFixtures.bytes("body " + i));
        }
        return hashes;
    }

    /** Asks until the window says stop, counting each peer's load as a node would. */
    private static List<BodyWindow.Ask> askAll(BodyWindow window, Map<PeerId, Integer> busy) {
        List<BodyWindow.Ask> asks = new ArrayList<>();
        Optional<BodyWindow.Ask> ask = window.next(PEERS, busy);
        while (ask.isPresent()) {
            asks.add(ask.get());
            busy.merge(ask.get().peer(), 1, Integer::sum);
            ask = window.next(PEERS, busy);
        }
        return asks;
    }

    @Test
    void eachPeerGetsAtMostItsShareInOrderOfTheBatch() {
        List<Bytes32> hashes = batch(40);
        BodyWindow window = new BodyWindow(hashes);
        Map<PeerId, Integer> busy = new HashMap<>();

        List<BodyWindow.Ask> asks = askAll(window, busy);

        assertThat(asks).hasSize(3 * BodyWindow.PER_PEER);
        assertThat(asks).extracting(BodyWindow.Ask::hash).containsExactlyElementsOf(hashes.subList(0, 12));
        assertThat(busy).containsOnlyKeys(PEERS).allSatisfy((peer, load) ->
                assertThat(load).isEqualTo(BodyWindow.PER_PEER));
        assertThat(asks.getFirst().peer()).as("the first peer first among equals").isEqualTo(peer("a"));
    }

    @Test
    void theWindowMovesOnlyAsBodiesAreImportedInOrder() {
        List<Bytes32> hashes = batch(100);
        BodyWindow window = new BodyWindow(hashes);
        Map<PeerId, Integer> idle = new HashMap<>() {
            @Override
            public Integer getOrDefault(Object key, Integer fallback) {
                return 0;   // peers that answer at once: only the window limits
            }
        };
        assertThat(askAll(window, idle)).hasSize(BodyWindow.AHEAD);

        // the second body arrives before the first: nothing is handed on until the first is in
        window.arrived(hashes.get(1), null, peer("b"));
        assertThat(window.nextInOrder()).isEmpty();
        window.arrived(hashes.get(0), null, peer("a"));
        assertThat(window.nextInOrder()).hasValueSatisfying(a -> assertThat(a.hash()).isEqualTo(hashes.get(0)));
        window.importedOne();
        assertThat(window.nextInOrder()).hasValueSatisfying(a -> assertThat(a.hash()).isEqualTo(hashes.get(1)));
        window.importedOne();
        assertThat(askAll(window, idle)).extracting(BodyWindow.Ask::hash)
                .containsExactly(hashes.get(BodyWindow.AHEAD), hashes.get(BodyWindow.AHEAD + 1));
    }

    @Test
    void aFailedBodyGoesToAnotherPeerAndAPeerLackingTheBatchIsAskedNoMore() {
        List<Bytes32> hashes = batch(10);
        BodyWindow window = new BodyWindow(hashes);
        Map<PeerId, Integer> busy = new HashMap<>(Map.of(peer("a"), 3, peer("b"), 3));
        BodyWindow.Ask first = window.next(PEERS, busy).orElseThrow();
        assertThat(first.peer()).isEqualTo(peer("c"));

        window.failed(first.hash(), peer("c"));
        BodyWindow.Ask again = window.next(PEERS, Map.of()).orElseThrow();
        assertThat(again.hash()).isEqualTo(first.hash());
        assertThat(again.peer()).isNotEqualTo(peer("c"));

        window.lacks(hashes.get(1), peer("a"));
        for (int i = 0; i < 5; i++) {
            assertThat(window.next(PEERS, Map.of()).orElseThrow().peer()).isNotEqualTo(peer("a"));
        }
        assertThat(window.stranded(PEERS)).isFalse();
        assertThat(window.stranded(List.of(peer("a")))).isTrue();
    }
}
