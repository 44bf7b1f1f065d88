package com.warehouseplatform.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The migration rules on their own; the handler and config validation tests show both apply them. */
class MigrationContractTest {

    @Test
    void aBatchHasRoomForTheRunnersHistoryRow() {
        assertThat(MigrationContract.MAX_STATEMENTS + MigrationContract.RUNNER_STATEMENTS)
                .isEqualTo(MigrationContract.DATA_API_MAX_STATEMENTS)
                .isEqualTo(40);
    }

    @Test
    void readsTheShapeNotTheWordsInLiteralsOrQuotedNames() {
        assertThat(MigrationContract.problems("V1__a.sql", "INSERT INTO t VALUES ('VACUUM')"))
                .isEmpty();
        assertThat(MigrationContract.problems("V1__a.sql", "CREATE TABLE \"truncate\" (x INT)"))
                .isEmpty();
        assertThat(MigrationContract.problems("V1__a.sql", "alter table t alter column c type varchar(9)"))
                .singleElement()
                .asString()
                .startsWith(
                        "V1__a.sql: statement 1 (alter table t alter column c ...): ALTER COLUMN ... TYPE cannot run");
        assertThat(MigrationContract.problems("V1__a.sql", "ALTER TABLE t ALTER COLUMN c ENCODE zstd"))
                .isEmpty();
        assertThat(MigrationContract.problems("V1__a.sql", "ALTER TABLE \"t\"\n  ALTER COLUMN \"c\" TYPE VARCHAR(9)"))
                .hasSize(1);
    }

    @Test
    void refusesTheOtherStatementsThatCannotRunInATransactionBlock() {
        for (String[] c : new String[][] {
            {"ALTER TABLE sales.orders APPEND FROM sales.orders_staging", "r_ALTER_TABLE_APPEND"},
            {"CREATE LIBRARY f LANGUAGE plpythonu FROM 's3://b/f.zip' IAM_ROLE default", "r_CREATE_LIBRARY"},
            {"DROP LIBRARY f", "r_CREATE_LIBRARY"},
            {"ALTER DATABASE analytics RENAME TO a2", "r_ALTER_DATABASE"}
        }) {
            assertThat(MigrationContract.problems("V1__a.sql", c[0]))
                    .as(c[0])
                    .singleElement()
                    .asString()
                    .contains("cannot run inside a transaction block")
                    .contains("https://docs.aws.amazon.com/redshift/latest/dg/" + c[1] + ".html");
        }
    }

    @Test
    void reportsEveryProblemOfAFile() {
        assertThat(MigrationContract.problems("bad.sql", "VACUUM; TRUNCATE t")).hasSize(3);
    }
}
