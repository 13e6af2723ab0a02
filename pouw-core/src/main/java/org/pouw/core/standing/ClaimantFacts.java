package org.pouw.core.standing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What admitting a group of claims needs to know of its provers, read together (issue 26: a claim group's admission
 * cost three to five statements an order while the group's transaction was open; now it costs one for the group).
 *
 * @param quarantines by subject: the provers' own, those of the address prefixes the orders come from and those of
 *                    the prefixes the provers last claimed from (ended ones too: probation follows them)
 * @param networks    each known prover's last address prefix (absent: never noted)
 * @param proven      the provers that have completed a job
 * @param held        how many jobs each prover holds under a lease now (absent: none, or not counted: see
 *                    {@link #withHeld})
 * @param paces       each known prover's measured pace (issue 27, item 3; absent: never measured), read from its
 *                    row with the rest, so matching by time costs the claim no statement of its own
 */
public record ClaimantFacts(Map<String, Quarantine> quarantines, Map<String, String> networks, Set<String> proven,
                            Map<String, Integer> held, Map<String, ProverPace> paces) {
    public ClaimantFacts {
        quarantines = Map.copyOf(quarantines);
        networks = Map.copyOf(networks);
        proven = Set.copyOf(proven);
        held = Map.copyOf(held);
        paces = Map.copyOf(paces);
    }

    public ClaimantFacts(Map<String, Quarantine> quarantines, Map<String, String> networks, Set<String> proven,
                         Map<String, Integer> held) {
        this(quarantines, networks, proven, held, Map.of());
    }

    /** The prover's measured pace; a prover never measured is fresh, taken at the slowest speed. */
    public ProverPace paceOf(String proverId) {
        return paces.getOrDefault(proverId, ProverPace.FRESH);
    }

    public Optional<Quarantine> quarantine(String subject) {
        return Optional.ofNullable(quarantines.get(subject));
    }

    /** The prefix the prover last claimed from; empty when none is known. */
    public String networkOf(String proverId) {
        return networks.getOrDefault(proverId, "");
    }

    public boolean hasCompleted(String proverId) {
        return proven.contains(proverId);
    }

    public int heldLeases(String proverId) {
        return held.getOrDefault(proverId, 0);
    }

    /** These facts with the held leases counted for the provers whose count is needed. */
    public ClaimantFacts withHeld(Map<String, Integer> counted) {
        return new ClaimantFacts(quarantines, networks, proven, counted, paces);
    }
}
