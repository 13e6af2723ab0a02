package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.core.port.StoreTx;
import org.pouw.core.port.SweepStore;

/** The sweep rows on each database: each change a compare-and-set that only one caller wins. */
public abstract class SweepStoreContract extends StorageTestBase {
    private <T> T write(java.util.function.Function<SweepStore, T> change) {
        return storage.write((StoreTx tx) -> change.apply(tx.sweeps()));
    }

    private boolean won(java.util.function.Predicate<SweepStore> change) {
        return storage.write((StoreTx tx) -> change.test(tx.sweeps()));
    }

    @Test
    void a_sweep_is_followed_until_closed_and_each_step_is_won_once() {
        write(sweeps -> {
            sweeps.add("s1", "did:key:z6Mkclient", 20, true, 1_000);
            sweeps.add("s2", "did:key:z6Mkclient", 4, false, 2_000);
            sweeps.add("s1", "did:key:z6Mkother", 99, false, 3_000); // the same id again changes nothing
            return null;
        });
        SweepStore.Sweep first = storage.read((StoreTx tx) -> tx.sweeps().find("s1")).orElseThrow();
        assertThat(first).isEqualTo(new SweepStore.Sweep("s1", "did:key:z6Mkclient", 20, 0, true, true, "", "", 1_000));
        assertThat(storage.read((StoreTx tx) -> tx.sweeps().open(10))).containsExactly("s1", "s2");

        assertThat(won(sweeps -> sweeps.announce("s1", 0, 3))).isTrue();
        assertThat(won(sweeps -> sweeps.announce("s1", 0, 5))).as("another saw 0 too late").isFalse();
        assertThat(won(sweeps -> sweeps.close("s1", 5_000, true))).isTrue();
        assertThat(won(sweeps -> sweeps.close("s1", 6_000, true))).as("closed once").isFalse();
        write(sweeps -> {
            sweeps.recordFinal("s1", "ab".repeat(32), "posted");
            return null;
        });

        SweepStore.Sweep closed = storage.read((StoreTx tx) -> tx.sweeps().find("s1")).orElseThrow();
        assertThat(closed.jobsAnnounced()).isEqualTo(3);
        assertThat(closed.open()).isFalse();
        assertThat(closed.finalIntentId()).isEqualTo("ab".repeat(32));
        assertThat(closed.finalNote()).isEqualTo("posted");
        assertThat(storage.read((StoreTx tx) -> tx.sweeps().open(10))).containsExactly("s2");
        assertThat(storage.read((StoreTx tx) -> tx.sweeps().find("nope"))).isEmpty();
    }

    @Test
    void a_final_retrain_asked_for_later_reopens_the_sweep_once_and_a_close_that_read_before_it_loses() {
        write(sweeps -> {
            sweeps.add("s3", "did:key:z6Mkclient", 4, false, 1_000);
            sweeps.add("s4", "did:key:z6Mkclient", 4, false, 2_000);
            return null;
        });
        assertThat(won(sweeps -> sweeps.close("s3", 5_000, false))).isTrue();
        assertThat(won(sweeps -> sweeps.wantFinal("s3"))).isTrue();
        SweepStore.Sweep reopened = storage.read((StoreTx tx) -> tx.sweeps().find("s3")).orElseThrow();
        assertThat(reopened.open()).as("followed again, to post it").isTrue();
        assertThat(reopened.finalWanted()).isTrue();
        assertThat(won(sweeps -> sweeps.wantFinal("s3"))).as("asked for once").isFalse();

        // s4's follower read the row before the ask: its close must not end the sweep with the ask unseen
        assertThat(won(sweeps -> sweeps.wantFinal("s4"))).isTrue();
        assertThat(won(sweeps -> sweeps.close("s4", 6_000, false))).as("a close that read no ask").isFalse();
        assertThat(won(sweeps -> sweeps.close("s4", 6_000, true))).isTrue();
        assertThat(storage.read((StoreTx tx) -> tx.sweeps().open(10))).containsExactly("s3");
        assertThat(won(sweeps -> sweeps.wantFinal("nope"))).isFalse();
    }
}
