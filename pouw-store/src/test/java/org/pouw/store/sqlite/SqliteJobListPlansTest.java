package org.pouw.store.sqlite;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.store.SqliteQueryPlans;
import org.pouw.store.contract.JobListPlansContract;
import org.pouw.store.jdbc.JobListStatement;
import org.pouw.store.support.SqliteTestDatabase;
import org.pouw.store.support.TestDatabase;

class SqliteJobListPlansTest extends JobListPlansContract {
    @TempDir
    Path folder;

    @Override
    protected TestDatabase newDatabase() {
        return new SqliteTestDatabase(folder);
    }

    @Override
    protected List<List<String>> plans(JobListStatement statement) {
        // SQLite plans each statement as it is prepared, without looking at bound values (no STAT4 here).
        return List.of(plan(statement.withLiterals()));
    }

    @Override
    protected List<String> plan(String sql) {
        return SqliteQueryPlans.explain(folder.resolve(SqliteStorage.FILE_NAME), Map.of("q", sql)).get("q");
    }

    @Override
    protected boolean walksOrSorts(List<String> plan) {
        return plan.stream().anyMatch(step -> step.startsWith("SCAN ") || step.contains("TEMP B-TREE"));
    }

    @Override
    protected void analyze() {
        // The node never runs ANALYZE on SQLite: the plans are the ones its queries get without statistics.
    }
}
