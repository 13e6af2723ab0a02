package org.pouw.core.port;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.pouw.core.id.JobId;
import org.pouw.core.standing.ClaimantFacts;
import org.pouw.core.standing.Quarantine;
import org.pouw.core.standing.Strike;

/** Provers' strikes and quarantines (issue 18, defect 1), inside one {@link StoreTx}; they survive restarts. */
public interface StandingStore {
    /** Notes the address prefix of the prover's claim (registering the prover if new); strikes count against it. */
    void noteNetwork(String proverId, String network, long nowMs);

    /** {@link #noteNetwork} for several provers in one statement, taking their rows in prover-id order. */
    void noteNetworks(SortedMap<String, String> networkByProver, long nowMs);

    /**
     * The {@link ClaimantFacts} of {@code proverIds}, with the quarantines of the address prefixes {@code networks}
     * and of the prefixes the provers last claimed from, in one round trip (a claim group's admission). Their held
     * leases are not counted here ({@link ClaimantFacts#held()} is empty): only some provers need the count
     * ({@link #heldLeases(Collection)}).
     */
    ClaimantFacts claimants(Collection<String> proverIds, Collection<String> networks);

    /** How many jobs each of {@code proverIds} holds under a lease now, in one round trip (absent: none). */
    Map<String, Integer> heldLeases(Collection<String> proverIds);

    /** Records the strike with the address prefix the prover last claimed from (empty if none is known). */
    void recordStrike(Strike strike);

    /** The address prefix the prover last claimed from; empty when none is known. */
    String networkOf(String proverId);

    /** Every strike of the prover since {@code sinceMs}, confirmed or not. */
    default int strikesOfProver(String proverId, long sinceMs) {
        return strikesOfProver(proverId, sinceMs, Integer.MAX_VALUE);
    }

    /**
     * The prover's strikes since {@code sinceMs} that count towards its budget: the confirmed ones, and of the
     * unconfirmed ones at most {@code perRequester} per requester whose jobs they were collected on.
     */
    int strikesOfProver(String proverId, long sinceMs, int perRequester);

    /**
     * The strikes since {@code sinceMs} of the provers claiming last from {@code network} that count towards the
     * prefix's budget: the sum of each prover's {@link #strikesOfProver(String, long, int)}.
     */
    int strikesOfNetwork(String network, long sinceMs, int perRequester);

    /**
     * Confirms the unconfirmed strikes collected on {@code jobId} (it was completed: it could be done); the provers
     * they were against, in prover-id order, each once.
     */
    List<String> confirmStrikes(JobId jobId);

    /** Starts or lengthens a quarantine (the later end wins). */
    void quarantine(Quarantine quarantine);

    Optional<Quarantine> quarantine(String subject);

    /** Every quarantine row, ended ones too, newest first, at most {@code limit}. */
    List<Quarantine> quarantines(int limit);

    /** How many provers (not prefixes) are quarantined at {@code nowMs}. */
    long quarantinedProvers(long nowMs);

    /** How many jobs the prover holds under a lease now. */
    int heldLeases(String proverId);

    /** Deletes strikes before {@code beforeMs} and quarantines whose probation ended before it; how many rows. */
    int forgetBefore(long strikesBeforeMs, long quarantinesEndedBeforeMs);
}
