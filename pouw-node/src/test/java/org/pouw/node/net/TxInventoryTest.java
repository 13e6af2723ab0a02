package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

/** A transaction inventory's encoding ({@link TxInventory}): canonical, bounded before it allocates. */
class TxInventoryTest {
    private static List<Bytes32> ids(int count) {
        List<Bytes32> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[32];
            bytes[0] = (byte) i;
            bytes[1] = (byte) (i >> 8);
            ids.add(Bytes32.of(bytes));
        }
        return ids;
    }

    @Test
    void idsComeBackInTheirOrder() {
        assertThat(TxInventory.decode(TxInventory.encode(ids(300)))).isEqualTo(ids(300));
        assertThat(TxInventory.decode(TxInventory.encode(List.of()))).isEmpty();
    }

    @Test
    void anythingElseIsRefused() {
        byte[] good = TxInventory.encode(ids(3));
        assertThatThrownBy(() -> TxInventory.decode(Arrays.copyOf(good, good.length + 1)))
                .hasMessageContaining("bytes of ids");
        assertThatThrownBy(() -> TxInventory.decode(Arrays.copyOf(good, good.length - 1)))
                .hasMessageContaining("bytes of ids");
        byte[] otherVersion = good.clone();
        otherVersion[4] = 2;
        assertThatThrownBy(() -> TxInventory.decode(otherVersion)).hasMessageContaining("version-1");
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(5, TxInventory.MAX_IDS + 1);
        assertThatThrownBy(() -> TxInventory.decode(huge)).hasMessageContaining("over " + TxInventory.MAX_IDS);
        ByteBuffer.wrap(huge).putInt(5, -1);
        assertThatThrownBy(() -> TxInventory.decode(huge)).hasMessageContaining("over");
        assertThatThrownBy(() -> TxInventory.encode(ids(TxInventory.MAX_IDS + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
