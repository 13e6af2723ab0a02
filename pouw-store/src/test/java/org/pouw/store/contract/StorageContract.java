package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventDraft;
import org.pouw.core.job.JobQuery;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.store.support.SampleJobs;

/** What every {@link Storage} must do with transactions, run against each database by a subclass. */
public abstract class StorageContract extends StorageTestBase {

    private long jobCount() {
        return storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(null, null, null, null, 0, 100))).size();
    }

    @Test
    void it_names_its_backend_and_answers_while_open() {
        assertThat(storage.backend()).isEqualTo(database.backend());
        assertThat(storage.isReachable()).isTrue();
    }

    @Test
    void a_failing_transaction_leaves_nothing_behind() {
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> {
            tx.jobs().insert(SampleJobs.pending(1, 9_999));
            tx.jobs().nextSeq("job", 3);
            tx.events().append(new EventDraft("job.created", "", "", "{}"), 1);
            throw new IllegalArgumentException("work failed");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("work failed");
        assertThat(jobCount()).isZero();
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isZero();
        assertThat(storage.write((StoreTx tx) -> tx.jobs().nextSeq("job", 1))).isEqualTo(1);
    }

    @Test
    void a_domain_exception_is_rethrown_as_it_was_thrown() {
        PouwException thrown = new PouwException(Problem.LEASE_LOST, "lease_token", "gone");
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> {
            tx.jobs().insert(SampleJobs.pending(1, 9_999));
            throw thrown;
        })).isSameAs(thrown);
        assertThat(jobCount()).isZero();
    }

    @Test
    void a_read_cannot_write() {
        assertThatThrownBy(() -> storage.read((StoreTx tx) -> {
            tx.jobs().insert(SampleJobs.pending(1, 9_999));
            return null;
        })).isInstanceOf(RuntimeException.class);
        assertThat(jobCount()).isZero();
    }

    @Test
    void a_read_returns_what_its_work_returns_and_sees_committed_writes() {
        storage.write((StoreTx tx) -> {
            tx.jobs().insert(SampleJobs.pending(1, 9_999));
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.jobs().list(new JobQuery(null, null, null, null, 0, 10))))
                .extracting(job -> job.createdSeq()).isEqualTo(List.of(1L));
    }

    @Test
    void a_reopened_database_keeps_everything_and_migrates_nothing_twice() {
        storage.write((StoreTx tx) -> tx.events().append(new EventDraft("kept", "", "", "{}"), 1));
        storage.close();
        storage = database.open();
        assertThat(storage.read((StoreTx tx) -> tx.events().lastSeq())).isEqualTo(1);
    }

    @Test
    void a_closed_storage_is_not_reachable() {
        Storage other = database.open();
        other.close();
        assertThat(other.isReachable()).isFalse();
    }

    @Test
    void a_sign_in_challenge_is_used_once_and_forgotten_after_it_expires() {
        String digest = "ab".repeat(32);
        assertThat(storage.write((StoreTx tx) -> tx.loginChallenges().use(digest, 2_000, 1_000))).isTrue();
        assertThat(storage.write((StoreTx tx) -> tx.loginChallenges().use(digest, 2_000, 1_500)))
                .as("a second use, while the challenge could still be presented").isFalse();
        assertThat(storage.write((StoreTx tx) -> tx.loginChallenges().use("cd".repeat(32), 2_000, 1_500)))
                .as("another challenge").isTrue();
        // past its expiry the row is removed (the challenge itself is refused as expired before it gets here)
        assertThat(storage.write((StoreTx tx) -> tx.loginChallenges().use("ef".repeat(32), 9_000, 2_001))).isTrue();
        assertThat(storage.write((StoreTx tx) -> tx.loginChallenges().use(digest, 9_000, 2_002))).isTrue();
    }

    @Test
    void a_sign_in_recorded_in_a_failed_transaction_is_not_recorded() {
        String digest = "12".repeat(32);
        assertThatThrownBy(() -> storage.write((StoreTx tx) -> {
            tx.loginChallenges().use(digest, 2_000, 1_000);
            throw new IllegalStateException("the prover could not be registered");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(storage.write((StoreTx tx) -> tx.loginChallenges().use(digest, 2_000, 1_000))).isTrue();
    }

    @Test
    void a_blob_has_every_uploader_as_an_owner_and_nobody_else() {
        String key = "0f".repeat(32);
        String alice = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
        String bob = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG";
        assertThat(storage.read((StoreTx tx) -> tx.blobOwners().owns(key, alice))).isFalse();
        storage.write((StoreTx tx) -> {
            tx.blobOwners().add(key, alice);
            tx.blobOwners().add(key, alice);
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.blobOwners().owns(key, alice))).isTrue();
        assertThat(storage.read((StoreTx tx) -> tx.blobOwners().owns(key, bob))).isFalse();
        assertThat(storage.read((StoreTx tx) -> tx.blobOwners().owns("1f".repeat(32), alice))).isFalse();
        storage.write((StoreTx tx) -> {
            tx.blobOwners().add(key, bob);
            return null;
        });
        assertThat(storage.read((StoreTx tx) -> tx.blobOwners().owns(key, bob))).isTrue();
    }
}
