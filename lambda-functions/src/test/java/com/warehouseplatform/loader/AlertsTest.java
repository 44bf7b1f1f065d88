package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsTest {

    @Test
    void aFailedBatchAlertNamesLoaderBatchFilesAndFirstErrors() {
        List<BatchFile> files =
                List.of(new BatchFile("orders/a.csv", "ea", 10, false), new BatchFile("orders/b.csv", "eb", 20, false));
        List<LoadError> errors = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            errors.add(new LoadError("s3://raw/orders/b.csv", (long) i + 1, "amount", "Invalid digit " + i));
        }
        QuarantineRecord q = new QuarantineRecord("orders/b.csv", "eb", "batch-1", errors);

        String text =
                Alerts.batchFailed("orders", "batch-1", "raw", files, List.of(q), errors, "Load into table failed");

        assertThat(text)
                .contains("Loader orders: batch batch-1 failed")
                .contains("s3://raw/orders/a.csv (ETag ea, 10 bytes)")
                .contains("s3://raw/orders/b.csv (ETag eb, 20 bytes)")
                .contains("Error: Load into table failed")
                .contains("s3://raw/orders/b.csv line 2 column amount: Invalid digit 1")
                .contains("Invalid digit 10")
                .doesNotContain("Invalid digit 11")
                .contains("... and 2 more")
                .contains("Quarantined")
                .contains("{\"loader\": \"orders\", \"replay\": [\"orders/b.csv\"]}");
    }

    @Test
    void withoutQuarantineTheAlertSaysTheFilesAreRetried() {
        String text = Alerts.batchFailed(
                "orders",
                "b1",
                "raw",
                List.of(new BatchFile("k", "e", 1, false)),
                List.of(),
                List.of(),
                "permission denied for relation orders");
        assertThat(text).contains("No file was quarantined").contains("permission denied");
    }

    @Test
    void subjectsFitSns() {
        String subject = Alerts.subject("orders", "batch " + "x".repeat(200) + " failed\u00e9");
        assertThat(subject)
                .hasSizeLessThanOrEqualTo(100)
                .startsWith("Loader orders: batch")
                .matches("[\\x20-\\x7E]+");
    }
}
