package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadErrorsTest {

    static final BatchFile A = new BatchFile("orders/a.csv", "ea", 10, false);
    static final BatchFile B = new BatchFile("orders/b.csv", "eb", 10, false);

    @Test
    void parsesPaddedRowsAndQuotesNoFieldValue() {
        List<List<String>> rows = List.of(
                Arrays.asList(
                        "77",
                        "s3://raw-bucket/orders/b.csv      ",
                        "3",
                        "amount    ",
                        "1207",
                        "Invalid digit, Value 'x'  "),
                Arrays.asList("77", "s3://raw-bucket/orders/b.csv", null, null, null, null));

        List<LoadError> errors = LoadErrors.parse(rows);

        assertThat(errors)
                .containsExactly(
                        new LoadError(
                                "s3://raw-bucket/orders/b.csv", 3L, "amount", "Invalid digit, Value '…' (code 1207)"),
                        new LoadError("s3://raw-bucket/orders/b.csv", null, null, "load error"));
        assertThat(errors.get(0).describe())
                .isEqualTo("s3://raw-bucket/orders/b.csv line 3 column amount: Invalid digit, Value '…' (code 1207)");
        assertThat(LoadErrors.withoutValues("invalid input syntax for type numeric: \"seven\""))
                .isEqualTo("invalid input syntax for type numeric: \"…\"");
    }

    @Test
    void errorsAreMappedToTheFilesTheyName() {
        LoadError onB = new LoadError("s3://raw-bucket/orders/b.csv", 2L, "id", "bad");
        LoadError elsewhere = new LoadError("s3://other/orders/a.csv", 2L, "id", "bad");

        Map<BatchFile, List<LoadError>> byFile =
                LoadErrors.byFile(List.of(onB, elsewhere), List.of(A, B), "raw-bucket");

        assertThat(byFile).containsOnlyKeys(B);
        assertThat(byFile.get(B)).containsExactly(onB);
    }

    @Test
    void aFileNameRedshiftCutShortStillMatchesItsOnlyFile() {
        String longKey = "orders/" + "x".repeat(300) + ".csv";
        BatchFile longFile = new BatchFile(longKey, "el", 10, false);
        String cut = ("s3://raw-bucket/" + longKey).substring(0, 256);

        assertThat(LoadErrors.match(cut, List.of(A, longFile), "raw-bucket")).isEqualTo(longFile);
        assertThat(LoadErrors.match("s3://raw-bucket/orders/", List.of(A, B), "raw-bucket"))
                .isNull();
    }
}
