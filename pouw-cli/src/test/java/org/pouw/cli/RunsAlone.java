package org.pouw.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An integration test whose processes need the machine to themselves: miners that search for blocks as fast as the
 * cores allow, and nodes that replay every block they are sent. Their windows are counted in blocks and their
 * difficulty follows how fast blocks come, so a second test taking half the cores changes what they check. Failsafe
 * runs the classes with this tag one at a time in an execution of their own, and the rest of pouw-cli's integration
 * tests two at a time beside each other ({@code pouw-cli/pom.xml}). A new test that mines a chain over real
 * processes takes this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsAlone.TAG)
public @interface RunsAlone {
    /** The JUnit tag the pom selects on. */
    String TAG = "runs-alone";
}
