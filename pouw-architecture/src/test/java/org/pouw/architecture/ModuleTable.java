package org.pouw.architecture;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * ARCHITECTURE.md §3, the one copy of it the build checks: each module, named by its package under {@code org.pouw},
 * and the modules it may depend on. Modules that do not exist yet are listed already, so the rules hold from their
 * first class. When §3 changes, change this table in the same commit.
 *
 * <p>"Downwards only" forbids upward and sideways edges, not skipping a level: a module may use what the modules it
 * may use may use (pouw-kinds uses pouw-crypto's BLAKE3 through being allowed pouw-core), so the rules check the
 * transitive closure of each row.
 */
final class ModuleTable {
    private static final Map<String, Set<String>> MAY_DEPEND_ON = new LinkedHashMap<>();

    static {
        row("crypto");
        row("core", "crypto");
        row("vm", "crypto");
        row("stark", "crypto", "vm");
        row("ml", "crypto");
        row("kinds", "core", "vm", "stark", "ml");
        row("gate", "crypto", "core");
        row("chain", "crypto", "core", "ml");
        row("p2p", "crypto");
        // store implements pouw-chain's ChainStore port, as it implements pouw-core's ports (issue 19),
        // pouw-gate's Redemptions port (issue 21: SQLite, PostgreSQL and Redis adapters in pouw-store), and
        // pouw-p2p's PeerBook port (issue 20: bans, addresses and anchors survive a restart; no SQL in pouw-p2p).
        row("store", "core", "chain", "gate", "p2p");
        // node runs pouw-worker's loop for its own workers (local and disabled modes): one loop, not three (issue 9).
        row("node", "core", "store", "kinds", "gate", "chain", "p2p", "worker");
        row("client", "core");
        row("pool", "core", "crypto", "client");
        row("worker", "core", "kinds", "client");
        // §3 says "all" for both: the command may use every library module, and the benchmarks the command too.
        row("cli", "crypto", "core", "vm", "stark", "ml", "kinds", "gate", "chain", "p2p", "store", "node",
                "client", "pool", "worker");
        row("bench", "crypto", "core", "vm", "stark", "ml", "kinds", "gate", "chain", "p2p", "store", "node",
                "client", "pool", "worker", "cli");
    }

    /** Domain code: no I/O, no wall clock; time comes through {@code org.pouw.core.Clock} (§3, last paragraph). */
    static final Set<String> DOMAIN = Set.of("core", "vm", "stark", "ml", "kinds", "gate", "chain");

    /** The only modules that speak HTTP (§3): the server, its client, and the two processes built on the client. */
    static final Set<String> HTTP = Set.of("node", "client", "worker", "pool");

    /** The only module that speaks SQL (§3). */
    static final Set<String> SQL = Set.of("store");

    private ModuleTable() {
    }

    private static void row(String module, String... mayDependOn) {
        MAY_DEPEND_ON.put(module, Set.of(mayDependOn));
    }

    static Set<String> modules() {
        return MAY_DEPEND_ON.keySet();
    }

    static String packageOf(String module) {
        return "org.pouw." + module;
    }

    /** The module a class belongs to, from its package: {@code org.pouw.core.job.Job} belongs to {@code core}. */
    static Optional<String> moduleOf(String className) {
        if (!className.startsWith("org.pouw.")) {
            return Optional.empty();
        }
        String rest = className.substring("org.pouw.".length());
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? "" : rest.substring(0, dot));
    }

    static boolean isListed(String module) {
        return MAY_DEPEND_ON.containsKey(module);
    }

    /** Every module {@code module} may use, directly or through the modules it may use; itself included. */
    static Set<String> reachableFrom(String module) {
        Set<String> reached = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(module);
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (reached.add(next)) {
                todo.addAll(MAY_DEPEND_ON.getOrDefault(next, Set.of()));
            }
        }
        return reached;
    }

    static Set<String> directlyAllowed(String module) {
        return MAY_DEPEND_ON.getOrDefault(module, Set.of());
    }
}
