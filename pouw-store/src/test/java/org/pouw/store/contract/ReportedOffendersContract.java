package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.pouw.chain.port.ReportedOffenders;
import org.pouw.chain.tx.Slash;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ChainStores;

/**
 * The evidence reporter's pending offenders on a real database (docs/chain.md §5.4), run against every adapter (SQLite
 * here, PostgreSQL in an IT): the evidence comes back byte for byte in the order reported, an offender keeps its first
 * evidence, a settled offender is gone, and all of it survives closing and reopening the database.
 */
public abstract class ReportedOffendersContract extends StorageTestBase {
    private static final Bytes32 ALICE = bytes("alice");
    private static final Bytes32 BOB = bytes("bob");
    private static final Bytes32 CAROL = bytes("carol");
    private static final Slash PAIR = new Slash(Slash.Evidence.EQUIVOCATION, text("first header"),
            text("second header"));
    private static final Slash OTHER_PAIR = new Slash(Slash.Evidence.EQUIVOCATION, text("third header"),
            text("fourth header"));
    private static final Slash INVALID = new Slash(Slash.Evidence.INVALID_HEADER, text("bad header"), new byte[0]);

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Bytes32 bytes(String label) {
        return Bytes32.of(Blake3.hash(text(label)));
    }

    private static void assertSame(Slash actual, Slash expected) {
        assertThat(actual.evidence()).isEqualTo(expected.evidence());
        assertThat(actual.first()).isEqualTo(expected.first());
        assertThat(actual.second()).isEqualTo(expected.second());
    }

    @Test
    void evidenceComesBackInTheOrderReportedAndAnOffenderKeepsItsFirst() {
        ReportedOffenders reported = ChainStores.reportedOffenders(storage);
        assertThat(reported.pending()).isEmpty();

        reported.reported(BOB, INVALID);
        reported.reported(ALICE, PAIR);
        reported.reported(BOB, OTHER_PAIR);

        SequencedMap<Bytes32, Slash> pending = reported.pending();
        assertThat(pending.sequencedKeySet()).containsExactly(BOB, ALICE);
        assertSame(pending.get(BOB), INVALID);
        assertSame(pending.get(ALICE), PAIR);
    }

    @Test
    void aSettledOffenderIsForgottenAndMayBeReportedAgainLater() {
        ReportedOffenders reported = ChainStores.reportedOffenders(storage);
        reported.reported(ALICE, PAIR);
        reported.reported(BOB, INVALID);

        reported.settled(ALICE);
        reported.settled(CAROL);

        assertThat(reported.pending().sequencedKeySet()).containsExactly(BOB);
        reported.reported(ALICE, OTHER_PAIR);
        assertThat(reported.pending().sequencedKeySet()).containsExactly(BOB, ALICE);
        assertSame(reported.pending().get(ALICE), OTHER_PAIR);
    }

    @Test
    void pendingOffendersSurviveARestart() {
        ReportedOffenders before = ChainStores.reportedOffenders(storage);
        before.reported(CAROL, OTHER_PAIR);
        before.reported(ALICE, PAIR);

        storage.close();
        storage = database.open();
        SequencedMap<Bytes32, Slash> after = ChainStores.reportedOffenders(storage).pending();

        assertThat(after.sequencedKeySet()).containsExactly(CAROL, ALICE);
        assertSame(after.get(CAROL), OTHER_PAIR);
        assertSame(after.get(ALICE), PAIR);
    }
}
