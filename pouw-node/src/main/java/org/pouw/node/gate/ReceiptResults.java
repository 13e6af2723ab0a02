package org.pouw.node.gate;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.Clock;
import org.pouw.gate.reward.RewardPaid;

/**
 * What each paid receipt bought, by challenge id, so a replay by the same authenticated DID can be told its result
 * (issue 21 §2) — never a token. Kept in memory until the redemption's keep-until time (not yet durable: a restart
 * forgets the results, never the redemptions, so a replay is still refused).
 */
public final class ReceiptResults {
    private record Held(RewardPaid paid, long keepUntilMs) {
    }

    private final Clock clock;
    private final Map<String, Held> byChallenge = new ConcurrentHashMap<>();

    public ReceiptResults(Clock clock) {
        this.clock = clock;
    }

    public void paid(RewardPaid paid, long keepUntilMs) {
        byChallenge.put(paid.challengeId(), new Held(paid, keepUntilMs));
    }

    /** The stored result, only for the DID it was paid to. */
    public Optional<RewardPaid> resultFor(String challengeId, String did) {
        Held held = byChallenge.get(challengeId);
        if (held == null || !held.paid().did().equals(did)) {
            return Optional.empty();
        }
        return Optional.of(held.paid());
    }

    public void forgetExpired() {
        long now = clock.millis();
        for (Iterator<Held> it = byChallenge.values().iterator(); it.hasNext(); ) {
            if (it.next().keepUntilMs() < now) {
                it.remove();
            }
        }
    }
}
