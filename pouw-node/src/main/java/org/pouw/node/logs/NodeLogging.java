package org.pouw.node.logs;

import java.io.OutputStream;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pouw.core.Clock;

/**
 * Points the process's java.util.logging — which the node's {@link System.Logger}s and Helidon write to — at one
 * {@link NodeLogHandler} in the configured format, in place of the root's handlers. Done once by {@code pouw node
 * start}; closing it puts the previous handlers back (tests run several nodes in one JVM).
 */
public final class NodeLogging implements AutoCloseable {
    private final Logger root;
    private final List<Handler> previous;
    private final Level previousLevel;
    private final NodeLogHandler handler;

    private NodeLogging(Logger root, List<Handler> previous, Level previousLevel, NodeLogHandler handler) {
        this.root = root;
        this.previous = previous;
        this.previousLevel = previousLevel;
        this.handler = handler;
    }

    /**
     * Installs the node's handler on the root logger, writing to {@code out}; the root's level becomes INFO unless
     * it was set lower (levels then change at run time through {@link LogLevels}).
     */
    public static NodeLogging install(LogSettings settings, OutputStream out, Clock clock) {
        Logger root = Logger.getLogger("");
        List<Handler> previous = List.of(root.getHandlers());
        for (Handler old : previous) {
            root.removeHandler(old);
        }
        NodeLogHandler handler = new NodeLogHandler(out, LineFormat.of(settings.format()),
                new WarningLimiter(clock, settings.warningRepeats(), settings.warningIntervalMs()));
        root.addHandler(handler);
        Level previousLevel = root.getLevel();
        if (previousLevel == null || previousLevel.intValue() > Level.INFO.intValue()) {
            root.setLevel(Level.INFO);
        }
        AuditLog.pinLevel();
        return new NodeLogging(root, previous, previousLevel, handler);
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        handler.close();
        for (Handler old : previous) {
            root.addHandler(old);
        }
        root.setLevel(previousLevel);
    }
}
