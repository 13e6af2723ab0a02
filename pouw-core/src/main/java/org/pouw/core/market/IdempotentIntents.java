package org.pouw.core.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.id.Did;
import org.pouw.core.job.IdempotencyBinding;
import org.pouw.core.job.Intent;
import org.pouw.core.job.Job;
import org.pouw.core.port.Storage;

/**
 * Intents created under an {@code Idempotency-Key} (issue 18, defect 10): the key is bound in the transaction that
 * creates the intent, so only a created intent binds it, and a retry with the same key and request reads that
 * intent back instead of creating another.
 */
final class IdempotentIntents {
    private final Storage storage;
    private final MarketSettings settings;

    IdempotentIntents(Storage storage, MarketSettings settings) {
        this.storage = storage;
        this.settings = settings;
    }

    Optional<IntentRecord> replay(Did requester, IdempotencyKey key) {
        return storage.read(tx -> tx.jobs().idempotencyBinding(requester.text(), key.key()).map(binding -> {
            if (!binding.requestHash().equals(key.requestHash())) {
                throw new PouwException(Problem.CONFLICT, IdempotencyKey.HEADER, "Idempotency-Key '" + key.key()
                        + "' was used for a different request (intent " + binding.intentId() + ")");
            }
            Intent intent = tx.jobs().intent(binding.intentId()).orElseThrow(() -> new IllegalStateException(
                    "idempotency key bound to intent " + binding.intentId() + ", which is not stored"));
            List<Job> jobs = new ArrayList<>(tx.jobs().findAll(intent.jobIds()));
            jobs.sort(Comparator.comparingLong(Job::createdSeq));
            return IntentRecord.replayed(intent, jobs);
        }));
    }

    /** Creates the intent and binds the key; the other request's intent when a concurrent one bound it first. */
    IntentRecord open(IntentDraft draft, IdempotencyKey key, long now) {
        try {
            return storage.write(tx -> {
                IntentRecord opened = new IntentOpening(tx, settings, now).open(draft);
                if (!tx.jobs().bindIdempotencyKey(new IdempotencyBinding(draft.requester().text(), key.key(),
                        key.requestHash(), opened.intent().intentId(), now))) {
                    throw new KeyTaken();
                }
                return opened;
            });
        } catch (KeyTaken taken) {
            return replay(draft.requester(), key).orElseThrow(() -> new IllegalStateException(
                    "Idempotency-Key '" + key.key() + "' was taken and then vanished"));
        }
    }

    /** Rolls back an intent whose key a concurrent request bound first. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super("idempotency key taken by a concurrent request", null, false, false);
        }
    }
}
