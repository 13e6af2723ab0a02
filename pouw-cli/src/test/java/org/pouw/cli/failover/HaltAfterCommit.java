package org.pouw.cli.failover;

import org.pouw.node.http.BeforeAnswerHook;

/**
 * The commit-then-halt hook of issue 24's ground rules: in a node process started by
 * {@link ScenarioNode#startHaltingAfterCommit}, the first success answer of the route named by
 * {@value #ROUTE_VARIABLE} ({@code POST /v1/ledger/transfers}) halts the JVM after the endpoint committed and before
 * a byte of the answer is sent — the client's connection drops and its call is in doubt, exactly where a crash makes
 * it so (a random kill -9 almost never lands there).
 *
 * <p>It can not be armed in production: this class is a test class, never packaged; a node finds it only when its
 * class path holds pouw-cli's test classes and the service file {@link ScenarioNode} writes beside them for the one
 * process it starts, and even then it acts only while the environment variable names a route.
 */
public final class HaltAfterCommit implements BeforeAnswerHook {
    static final String ROUTE_VARIABLE = "POUW_TEST_HALT_AFTER_COMMIT";
    /** The exit status of a halt, so the test tells it from a crash. */
    static final int HALT_STATUS = 97;

    private final String armed = System.getenv(ROUTE_VARIABLE);

    @Override
    public void beforeSuccess(String method, String route, int status) {
        if (armed != null && armed.equals(method + " " + route)) {
            System.err.println("test hook: halting after the commit of " + armed + " (" + status
                    + "), before its answer");
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
