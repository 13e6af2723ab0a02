package org.pouw.node.logs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The audit log: one line for every admin action and every manual ledger transfer — done or refused — with who asked
 * (the request's did), what (the route and its parameters), the answer's status and the ledger entries it made. Never
 * sampled, never rate-limited, and its level cannot be lowered at run time ({@link LogLevels}).
 */
public final class AuditLog {
    public static final String LOGGER = "org.pouw.audit";
    /** Held so its level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger LOG = Logger.getLogger(LOGGER);

    static {
        LOG.setLevel(Level.INFO);
    }

    private AuditLog() {
    }

    /** Writes the audit line of a request that was marked for audit, once its answer's status is known. */
    public static void write(AuditNote note, int status) {
        String outcome = status < 400 ? "done" : "refused";
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("action", note.action());
        Map<String, String> details = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder("audit ").append(note.action()).append(' ').append(outcome)
                .append(" (").append(status).append(')');
        for (Map.Entry<String, String> detail : note.orderedDetails()) {
            details.put(detail.getKey(), detail.getValue());
            text.append(' ').append(detail.getKey()).append('=').append(detail.getValue());
        }
        values.put("details", details);
        values.put("status", status);
        values.put("outcome", outcome);
        values.put("ledger_entry_ids", note.ledgerEntryIds());
        text.append(" ledger entries ").append(note.ledgerEntryIds());
        LogRecord record = new LogRecord(Level.INFO, text.toString());
        record.setLoggerName(LOGGER);
        record.setParameters(new Object[] {new LogFields("audit", values)});
        LOG.log(record);
    }

    /** Pins the audit logger's level (after a logging reset, which clears levels). */
    static void pinLevel() {
        LOG.setLevel(Level.INFO);
    }
}
