package org.pouw.store.jdbc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.pouw.chain.port.ReportedOffenders;
import org.pouw.chain.tx.Slash;
import org.pouw.ml.wire.Bytes32;

/**
 * The evidence reporter's pending offenders in the node's database (table {@code chain_reported_offenders}; the same
 * SQL on SQLite and PostgreSQL), kept across restarts. The rows are few — one per offender between its report and its
 * slash — so {@link #pending} reads them all.
 */
public final class SqlReportedOffenders implements ReportedOffenders {
    // "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT (its documented parsing ambiguity)
    private static final String INSERT = """
            INSERT INTO chain_reported_offenders (offender, evidence, first, second, reported)
            SELECT ?, ?, ?, ?, COALESCE(MAX(reported), 0) + 1 FROM chain_reported_offenders WHERE true
            ON CONFLICT (offender) DO NOTHING""";
    private static final String DELETE = "DELETE FROM chain_reported_offenders WHERE offender = ?";
    private static final String SELECT =
            "SELECT offender, evidence, first, second FROM chain_reported_offenders ORDER BY reported";

    private record Row(Bytes32 offender, Slash evidence) {
    }

    private final SqlTransactions database;

    public SqlReportedOffenders(SqlTransactions database) {
        this.database = database;
    }

    @Override
    public SequencedMap<Bytes32, Slash> pending() {
        List<Row> rows = database.readSql(sql -> sql.list(SELECT, row -> new Row(Bytes32.of(row.getBytes(1)),
                new Slash(kind(row.getInt(2)), row.getBytes(3), row.getBytes(4)))));
        SequencedMap<Bytes32, Slash> pending = new LinkedHashMap<>();
        rows.forEach(row -> pending.put(row.offender(), row.evidence()));
        return pending;
    }

    @Override
    public void reported(Bytes32 offender, Slash evidence) {
        database.writeSql(sql -> sql.update(INSERT, offender.toArray(), evidence.evidence().code(), evidence.first(),
                evidence.second()));
    }

    @Override
    public void settled(Bytes32 offender) {
        database.writeSql(sql -> sql.update(DELETE, offender.toArray()));
    }

    private static Slash.Evidence kind(int code) {
        return Arrays.stream(Slash.Evidence.values()).filter(kind -> kind.code() == code).findFirst()
                .orElseThrow(() -> new IllegalStateException("chain_reported_offenders.evidence: unknown code " + code));
    }
}
