package com.warehouseplatform.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules on their own; ContractEquivalenceTest (lambda-functions) checks both sides apply them alike. */
class LoaderContractTest {

    @Test
    void rangesKeepTheirBoundsAndDefaults() {
        assertThat(LoaderContract.MAX_ERRORS.problem(0)).isNull();
        assertThat(LoaderContract.MAX_ERRORS.problem(100_000)).isNull();
        assertThat(LoaderContract.MAX_ERRORS.problem(100_001)).isEqualTo("must be between 0 and 100000, got 100001");
        assertThat(LoaderContract.MAX_FILES_PER_RUN.problem(0)).isEqualTo("must be between 1 and 10000, got 0");
        assertThat(LoaderContract.MAX_FILES_PER_RUN.problem(10_001)).isNotNull();
        assertThat(LoaderContract.MAX_FILES_PER_RUN.defaultValue()).isEqualTo(1000);
        assertThat(LoaderContract.MAX_BYTES_PER_RUN.defaultValue()).isEqualTo(10L * 1024 * 1024 * 1024);
    }

    @Test
    void delimitersAreOneAsciiCharacterOtherThanQuoteBackslashOrLineBreak() {
        for (String ok : List.of(",", "|", "\t", " ", "~")) {
            assertThat(LoaderContract.delimiterProblem(ok)).as(ok).isNull();
        }
        for (String bad : List.of("\\", "\"", "\n", "\r", ";;", "", "\u0001", "\u00a7")) {
            assertThat(LoaderContract.delimiterProblem(bad))
                    .as(LoaderContract.printable(bad))
                    .startsWith("must be one ASCII character other than a quote, a backslash or a line break");
        }
        assertThat(LoaderContract.delimiter("\\t")).isEqualTo("\t");
    }

    @Test
    void parquetTakesNeitherCompressionNorMaxErrors() {
        assertThat(LoaderContract.compressionProblem("parquet", "gzip")).contains("leave it none");
        assertThat(LoaderContract.compressionProblem("csv", "gzip")).isNull();
        assertThat(LoaderContract.maxErrorsProblem("parquet", 1))
                .contains("COPY from columnar formats does not support MAXERROR");
        assertThat(LoaderContract.maxErrorsProblem("parquet", 0)).isNull();
        assertThat(LoaderContract.maxErrorsProblem("csv", 5)).isNull();
    }

    @Test
    void tablesAreTwoIdentifiersOutsideTheReservedSchemasAndNames() {
        assertThat(LoaderContract.tableProblem("sales.orders")).isNull();
        assertThat(LoaderContract.tableProblem("sales")).isEqualTo("\"sales\" must be schema.table");
        assertThat(LoaderContract.tableProblem("ops.t")).contains("reserved for the platform");
        assertThat(LoaderContract.tableProblem("pg_catalog.t")).contains("reserved for the platform");
        assertThat(LoaderContract.tableProblem("sales.stage_merge")).contains("temporary tables");
        assertThat(LoaderContract.tableProblem("sales.t__")).contains("ends in __");
        assertThat(LoaderContract.tableProblem("sales.select")).contains("reserved word");
        assertThat(LoaderContract.tableProblem("sales." + "t".repeat(127))).isNull();
        assertThat(LoaderContract.tableProblem("sales." + "t".repeat(128))).contains("at most 127 characters");
    }

    @Test
    void keysAndOrderByFollowTheMode() {
        assertThat(LoaderContract.keysProblems("merge", List.of())).containsExactly("required when mode is merge");
        assertThat(LoaderContract.keysProblems("append", List.of("id")))
                .containsExactly("only used when mode is merge, got mode append");
        assertThat(LoaderContract.keysProblems(null, List.of("id")))
                .as("an invalid mode is reported once, by mode")
                .isEmpty();
        assertThat(LoaderContract.orderByProblems("merge", List.of("id"), List.of("updated_at")))
                .isEmpty();
        assertThat(LoaderContract.orderByProblems("merge", List.of("id"), List.of("id")))
                .singleElement()
                .asString()
                .contains("is one of keys");
        assertThat(LoaderContract.orderByProblems("replace", List.of(), List.of("v")))
                .containsExactly("only used when mode is merge, got mode replace");
        assertThat(LoaderContract.orderByProblems("merge", List.of("id"), List.of("v", "v")))
                .containsExactly("\"v\" is listed twice");
    }
}
