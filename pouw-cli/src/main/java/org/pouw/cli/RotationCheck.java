package org.pouw.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a fleet of nodes stands in the token secret's rotation (docs/operations.md, "Rotating the token secret"), from
 * each node's fingerprints: whether every node accepts the tokens every other issues (a client behind a load balancer
 * signs in at one node and calls another), and which step comes next. Fingerprints only; no secret is ever read.
 */
record RotationCheck(boolean safe, String step, List<String> problems) {
    /** One node's answer: the fingerprint it issues with and the one it also accepts (null for none). */
    record NodeSecrets(String node, String issuing, String accepted) {
        boolean accepts(String fingerprint) {
            return fingerprint.equals(issuing) || fingerprint.equals(accepted);
        }
    }

    static RotationCheck of(List<NodeSecrets> nodes) {
        List<String> problems = new ArrayList<>();
        for (NodeSecrets issuer : nodes) {
            for (NodeSecrets other : nodes) {
                if (!other.accepts(issuer.issuing())) {
                    problems.add(other.node() + " refuses the tokens " + issuer.node() + " issues (secret "
                            + issuer.issuing() + ")");
                }
            }
        }
        Set<String> issuing = new LinkedHashSet<>();
        Set<String> accepted = new LinkedHashSet<>();
        long accepting = 0;
        for (NodeSecrets node : nodes) {
            issuing.add(node.issuing());
            if (node.accepted() != null) {
                accepted.add(node.accepted());
                accepting++;
            }
        }
        if (!problems.isEmpty()) {
            return new RotationCheck(false, "unsafe: put the secrets back as the step before was, on every node",
                    problems);
        }
        if (issuing.size() > 1) {
            return new RotationCheck(true, "step 2 under way: some nodes issue with the new secret; swap the rest",
                    problems);
        }
        if (accepting == 0) {
            return new RotationCheck(true, "steady: one secret everywhere; step 1 (accept a new secret on every node)"
                    + " may begin", problems);
        }
        if (accepted.size() > 1) {
            return new RotationCheck(true, "mixed: nodes accept different extra secrets; make them agree before"
                    + " going on", problems);
        }
        if (accepting < nodes.size()) {
            return new RotationCheck(true, accepting + " of " + nodes.size() + " nodes accept the other secret:"
                    + " step 1 or step 3 under way; do not swap until every node accepts it", problems);
        }
        return new RotationCheck(true, "every node accepts the other secret: step 2 (swap, node by node) may begin,"
                + " or, if the swap is done, step 3 (drop it) once auth.token_ttl_ms has passed", problems);
    }
}
