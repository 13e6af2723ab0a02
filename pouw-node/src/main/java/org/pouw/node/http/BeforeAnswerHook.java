package org.pouw.node.http;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A seam for the failure tests (issue 24, ground rules): called after an endpoint's work is done — its transaction
 * committed — and just before its success answer is sent. The commit-then-halt test hook halts the node here, so the
 * client's call is in doubt exactly where a crash makes it so.
 *
 * <p><b>Kept out of production:</b> the node ships no implementation. Hooks are found with {@link ServiceLoader} on
 * the class path, and the only one, {@code HaltAfterCommit}, lives in pouw-cli's <em>test</em> classes, which the
 * packaging never ships; the failure tests put them on the class path of the node processes they start, and even
 * there it acts only on the route named by an environment variable they set. {@code NoAnswerHookShippedTest} fails
 * if a main source tree registers one. A node that finds a hook says so on its log at start.
 */
public interface BeforeAnswerHook {
    /**
     * @param method the request's method
     * @param route  the route's path template ({@code /v1/pouw/jobs/{id}/submit})
     * @param status the success status about to be sent
     */
    void beforeSuccess(String method, String route, int status);

    /** The hooks on the class path: none in a packaged node. */
    static List<BeforeAnswerHook> installed() {
        List<BeforeAnswerHook> hooks = ServiceLoader.load(BeforeAnswerHook.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        for (BeforeAnswerHook hook : hooks) {
            System.getLogger(BeforeAnswerHook.class.getName()).log(Level.WARNING, "test hook on the class path: "
                    + hook.getClass().getName() + " (a node must never run with test classes)");
        }
        return hooks;
    }
}
