package org.pouw.core.market;

import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.id.Did;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.port.Storage;
import org.pouw.core.standing.ProverLevel;
import org.pouw.core.work.AuditSample;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKinds;
import org.pouw.crypto.Hex;

/**
 * The commit step of commit → challenge → open kinds (see {@link org.pouw.core.work.WorkKind#challenge}): one
 * commitment per lease, and the challenge its kind draws for it only after it arrived, stored with the lease so
 * it cannot be re-rolled. Sending the same commitment again (a lost response) returns the same challenge; a
 * different one is a {@code CONFLICT}, and a new commitment needs a new lease.
 */
final class Commitments {
    /** Commitments are digests and ranges, not results: a few hundred bytes. */
    static final int MAX_BYTES = 4096;

    private final Storage storage;
    private final Clock clock;
    private final WorkKinds kinds;
    private final MarketObserver observer;
    private final LeaseGrace grace;
    private final ProverDiscipline discipline;

    Commitments(Storage storage, Clock clock, WorkKinds kinds, MarketObserver observer, LeaseGrace grace,
                ProverDiscipline discipline) {
        this.grace = grace;
        this.discipline = discipline;
        this.storage = storage;
        this.clock = clock;
        this.kinds = kinds;
        this.observer = observer;
    }

    byte[] commit(JobId jobId, Did prover, String leaseToken, byte[] commitment) {
        if (commitment.length == 0 || commitment.length > MAX_BYTES) {
            throw PouwException.invalid("commitment", "must be 1 to " + MAX_BYTES + " bytes, got "
                    + commitment.length);
        }
        String commitmentHex = Hex.encode(commitment);
        Job held = LeaseFence.check(storage.read(tx -> tx.jobs().find(jobId))
                .orElseThrow(() -> PouwException.notFound("job " + jobId)), prover, leaseToken, clock.millis(), grace);
        if (held.hasCommitment()) {
            return challengeFor(held, commitmentHex);
        }
        // Drawn outside the transaction: the kind may read blobs to check the commitment against the job.
        // How many steps to audit follows the prover's level (docs/ml.md, "Audits by level"); the kind draws the
        // nonce first and the count from it, after the commitment is here.
        Optional<ProverLevel> level = discipline.levelsEnabled()
                ? storage.read(tx -> discipline.auditLevel(tx, prover.text(), clock.millis())) : Optional.empty();
        AuditSample sample = discipline.auditSample(level);
        byte[] challenge = kinds.challenge(ProofSettling.workItem(held, storage.blobs(), WorkItem.Exchange.NONE),
                commitment, sample);
        long now = clock.millis();
        long[] lastSeq = {0};
        Job stored = storage.write(tx -> {
            Job current = LeaseFence.lock(tx, jobId, prover, leaseToken, now, grace);
            if (current.hasCommitment()) {
                return current; // a concurrent call with this lease got there first; answer as it did
            }
            Job committed = current.committed(commitmentHex, Hex.encode(challenge));
            tx.jobs().update(committed);
            EventData data = EventData.of().put("prover_id", prover.text()).put("attempt", current.attempts())
                    .put("commitment_bytes", commitment.length);
            if (level.isPresent()) { // which level's sample was drawn, for a later dispute (levels on only)
                tx.jobs().recordAuditLevel(jobId, current.attempts(), level.get().wire());
                data.put("audit_level", level.get().wire());
            }
            lastSeq[0] = tx.events().append(new EventDraft("job.committed", jobId, current.intentId(),
                    data.toString()), now).seq();
            return committed;
        });
        if (lastSeq[0] > 0) {
            observer.eventsAppended(lastSeq[0]);
        }
        return challengeFor(stored, commitmentHex);
    }

    private static byte[] challengeFor(Job job, String commitmentHex) {
        if (!job.commitment().equals(commitmentHex)) {
            throw new PouwException(Problem.CONFLICT, "commitment", "the lease on job " + job.jobId()
                    + " already committed to another result, and its challenge is fixed; a new commitment needs a"
                    + " new lease");
        }
        return Hex.decode(job.challenge());
    }
}
