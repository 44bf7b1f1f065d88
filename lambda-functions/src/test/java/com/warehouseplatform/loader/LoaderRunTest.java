package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pure parts of a run; the run itself is tested end to end against the local warehouse. */
class LoaderRunTest {

    @Test
    void subStatementIdsMapToTheBatchsStatements() {
        assertThat(BatchSettler.subIndex("d9b6c0c9-8a5e-4b8a:6", 0)).isEqualTo(5);
        assertThat(BatchSettler.subIndex("no-suffix", 3)).isEqualTo(3);
        assertThat(BatchSettler.subIndex("x:y", 2)).isEqualTo(2);
        assertThat(BatchSettler.subIndex(null, 1)).isEqualTo(1);
    }

    @Test
    void runningStatusesAreTheDataApisInProgressOnes() {
        assertThat(Warehouse.isRunning("SUBMITTED")).isTrue();
        assertThat(Warehouse.isRunning("PICKED")).isTrue();
        assertThat(Warehouse.isRunning("STARTED")).isTrue();
        assertThat(Warehouse.isRunning("FINISHED")).isFalse();
        assertThat(Warehouse.isRunning("FAILED")).isFalse();
        assertThat(Warehouse.isRunning("ABORTED")).isFalse();
    }

    @Test
    void keysCompareInS3Order() {
        assertThat(Keys.compare("a", "b")).isNegative();
        assertThat(Keys.compare("ab", "a")).isPositive();
        assertThat(Keys.compare("p/\uFFFD", "p/\uD83D\uDE00")).isNegative();
        assertThat("p/\uFFFD".compareTo("p/\uD83D\uDE00")).isPositive();
        assertThat(Keys.compare("same", "same")).isZero();
    }
}
