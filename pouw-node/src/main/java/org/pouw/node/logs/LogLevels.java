package org.pouw.node.logs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.pouw.core.PouwException;

/**
 * Loggers' levels changed while the node runs (an admin call, {@code pouw node log-level}), without a restart. The
 * loggers set here are held, since java.util.logging keeps loggers only weakly and would forget the level. The audit
 * logger's level cannot be changed: an admin must not be able to switch off the record of what admins do.
 */
public final class LogLevels {
    /** A logger name: dotted Java identifiers, or empty for the root logger. */
    private static final Pattern NAME = Pattern.compile("|[A-Za-z_$][A-Za-z0-9_$-]*(\\.[A-Za-z_$][A-Za-z0-9_$-]*)*");
    private static final int MAX_NAME = 200;

    /** A level change: the logger, its level now, and before (null: it inherited). */
    public record Change(String logger, String level, String previous) {
    }

    private final Map<String, Logger> held = new ConcurrentHashMap<>();

    /**
     * Sets {@code logger}'s level to {@code level} (TRACE, DEBUG, INFO, WARNING, ERROR, OFF, ALL; any case), or with
     * {@code INHERIT} clears it so the logger follows its parent. Refuses a malformed name, an unknown level and the
     * audit logger, each with the field named.
     */
    public Change set(String logger, String level) {
        if (logger.length() > MAX_NAME || !NAME.matcher(logger).matches()) {
            throw PouwException.invalid("logger", "must be a dotted logger name such as org.pouw.node.net (or \"\""
                    + " for the root), at most " + MAX_NAME + " characters");
        }
        if (logger.equals(AuditLog.LOGGER) || logger.startsWith(AuditLog.LOGGER + ".")) {
            throw PouwException.invalid("logger", AuditLog.LOGGER + " is the audit log: every admin action is"
                    + " written, and its level cannot be changed");
        }
        boolean inherit = level.strip().equalsIgnoreCase("inherit");
        Level chosen = inherit ? null : LevelNames.parse(level).orElseThrow(() -> PouwException.invalid("level",
                "must be one of TRACE, DEBUG, INFO, WARNING, ERROR, OFF, ALL or INHERIT, got '" + level + "'"));
        Logger target = held.computeIfAbsent(logger, Logger::getLogger);
        Level before = target.getLevel();
        target.setLevel(chosen);
        return new Change(logger, chosen == null ? null : LevelNames.setting(chosen),
                before == null ? null : LevelNames.setting(before));
    }

    /** Every logger whose level was set here, by name, with its level now (null: it inherits again). */
    public Map<String, String> list() {
        Map<String, String> out = new TreeMap<>();
        held.forEach((name, logger) -> out.put(name, logger.getLevel() == null ? null
                : LevelNames.setting(logger.getLevel())));
        return out;
    }
}
