package org.pouw.bench.market;

import java.util.List;

/**
 * Sorts one CPU-time sample of a {@link MarketLoad} drain (a stack, leaf first, as {@code Class.method} names) into
 * the part of a job's lifecycle it was spent on, and into the kind of work it was. The node and its workers share one
 * JVM and one pool of carrier threads, so thread names cannot tell them apart; the stack can. The part is read from
 * the root (which request or loop the work serves), the kind of work from the leaf (what the CPU was doing there).
 */
final class LifecycleCpuParts {
    /** Which part of the lifecycle: the outermost frame that names one decides. */
    enum Part {
        WORKER_PROVING("worker: proving"),
        WORKER_CALLS("worker: HTTP calls (client, its JSON)"),
        NODE_VERIFYING("node: verifying proofs"),
        NODE_SUBMIT("node: submit-batch (settling, its SQL, HTTP)"),
        NODE_CLAIM("node: claim (claim groups, their SQL, HTTP)"),
        NODE_EVENTS("node: event publication"),
        NODE_HTTP("node: HTTP server outside a handler"),
        CLIENT_IO("worker: HTTP client's own threads"),
        BACKGROUND("node: timers and upkeep (reaper, pool, metrics)"),
        VM("JVM: scheduling, polling, GC and compilation");

        final String label;

        Part(String label) {
            this.label = label;
        }
    }

    /** What the CPU was doing, from the innermost frame that names it. */
    enum Work {
        JDBC("PostgreSQL driver"),
        JSON("JSON (Jackson)"),
        NETWORK("sockets, HTTP parsing and framing"),
        HASHING("hashing and other crypto"),
        INTERPRETER("VM interpreter (prove and verify re-execution)"),
        OTHER("other Java code");

        final String label;

        Work(String label) {
            this.label = label;
        }
    }

    private LifecycleCpuParts() {
    }

    /** The part a sample's stack (leaf first) belongs to. */
    static Part part(List<String> stack) {
        boolean drain = false;
        boolean helidon = false;
        boolean httpClient = false;
        // From the root inwards: the first frame that names a part decides, except that proving and verifying,
        // deeper down, name the part within a worker's loop or a submit.
        Part found = null;
        for (int i = stack.size() - 1; i >= 0; i--) {
            String frame = stack.get(i);
            if (frame.startsWith("org.pouw.bench.market.MarketLoad.lambda$drain")) {
                drain = true;
            } else if (frame.startsWith("io.helidon.")) {
                helidon = true;
            } else if (frame.startsWith("jdk.internal.net.http.")) {
                httpClient = true;
            }
            if (found == null) {
                found = named(frame);
            }
        }
        if (drain) {
            return stack.stream().anyMatch(f -> f.startsWith("org.pouw.kinds.reexec.ReexecKind.prove"))
                    ? Part.WORKER_PROVING : Part.WORKER_CALLS;
        }
        if (found == Part.NODE_SUBMIT && stack.stream().anyMatch(f -> f.startsWith("org.pouw.kinds.")
                && f.contains(".verify"))) {
            return Part.NODE_VERIFYING;
        }
        if (found != null) {
            return found;
        }
        if (helidon) {
            return Part.NODE_HTTP;
        }
        if (httpClient) {
            return Part.CLIENT_IO;
        }
        return stack.stream().anyMatch(f -> f.startsWith("org.pouw.") || f.startsWith("com.zaxxer.")
                || f.startsWith("io.micrometer.")) ? Part.BACKGROUND : Part.VM;
    }

    private static Part named(String frame) {
        if (frame.startsWith("org.pouw.node.http.JobEndpoints.submit")
                || frame.startsWith("org.pouw.core.market.ProofSettling")) {
            return Part.NODE_SUBMIT;
        }
        if (frame.startsWith("org.pouw.node.http.JobEndpoints.claim")
                || frame.startsWith("org.pouw.node.claims.")
                || frame.startsWith("org.pouw.core.market.ClaimGroups")) {
            return Part.NODE_CLAIM;
        }
        if (frame.startsWith("org.pouw.store.postgres.PostgresEventPublisher")) {
            return Part.NODE_EVENTS;
        }
        return null;
    }

    /**
     * The kind of work of a sample's stack: the first of driver, JSON, hashing, interpreter that any frame names, else
     * network when it runs under a socket or HTTP frame. In that order because they nest that way: the driver's and
     * the HTTP server's socket reads are network frames under driver or handler frames, and a handler's JSON runs
     * under the HTTP server's frames.
     */
    static Work work(List<String> stack) {
        if (any(stack, "org.postgresql.")) {
            return Work.JDBC;
        }
        if (any(stack, "tools.jackson.", "com.fasterxml.jackson.")) {
            return Work.JSON;
        }
        if (any(stack, "org.pouw.crypto.", "sun.security.")) {
            return Work.HASHING;
        }
        if (any(stack, "org.pouw.vm.")) {
            return Work.INTERPRETER;
        }
        // The innermost frame past the core library's collections and strings says whose code that was.
        for (String frame : stack) {
            if (!frame.startsWith("java.lang.") && !frame.startsWith("java.util.")
                    && !frame.startsWith("jdk.internal.misc.") && !frame.startsWith("jdk.internal.util.")) {
                return startsWithAny(frame, "sun.nio.ch.", "java.nio.", "io.helidon.", "jdk.internal.net.http.",
                        "java.net.") ? Work.NETWORK : Work.OTHER;
            }
        }
        return Work.OTHER;
    }

    private static boolean any(List<String> stack, String... prefixes) {
        return stack.stream().anyMatch(frame -> startsWithAny(frame, prefixes));
    }

    private static boolean startsWithAny(String frame, String... prefixes) {
        for (String prefix : prefixes) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
