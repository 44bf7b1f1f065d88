package com.warehouseplatform.loader.migrations;

import com.warehouseplatform.loader.Deadline;
import com.warehouseplatform.loader.Warehouse;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;

/**
 * Applies pending migrations through the Data API, each in a transaction of its own together with its
 * history row. Used at deploy time by {@link MigrationHandler} and by the local warehouse's CLI.
 */
public final class MigrationRunner {
    private final Warehouse warehouse;
    private final Clock clock;

    public MigrationRunner(Warehouse warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    /** Applies what is pending and returns the files applied, in order; throws naming the file that failed. */
    public List<String> migrate(List<Migration> migrations, Deadline deadline) {
        finish(warehouse.submitBatch(MigrationSql.createHistory(), null, deadline), "the migration history", deadline);
        List<MigrationPlan.Applied> applied = new ArrayList<>();
        for (List<String> row : warehouse.query(MigrationSql.appliedQuery(), deadline)) {
            applied.add(new MigrationPlan.Applied(
                    Integer.parseInt(row.get(0).strip()), row.get(1).strip()));
        }
        List<String> done = new ArrayList<>();
        for (Migration migration : MigrationPlan.pending(migrations, applied)) {
            String at = LocalDateTime.now(clock)
                    .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .replace('T', ' ');
            finish(
                    warehouse.submitBatch(MigrationSql.apply(migration, at), null, deadline),
                    migration.file(),
                    deadline);
            done.add(migration.file());
        }
        return done;
    }

    private void finish(String statementId, String what, Deadline deadline) {
        if (statementId == null) {
            throw new IllegalStateException(what + ": the warehouse stayed busy, nothing applied");
        }
        DescribeStatementResponse result = warehouse.await(statementId, deadline);
        if (result == null) {
            throw new IllegalStateException(what + ": did not finish in time (statement " + statementId + ")");
        }
        if (!"FINISHED".equals(result.statusAsString())) {
            throw new IllegalStateException(what + " failed and was rolled back: " + result.error());
        }
    }
}
