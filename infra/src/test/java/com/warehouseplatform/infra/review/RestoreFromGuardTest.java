package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warehouse.resilience.restoreFrom} is the cluster's SnapshotIdentifier (and SnapshotClusterIdentifier,
 * OwnerAccount), each "Update requires: Replacement": the data-loss guard blocks a change of it and says what it
 * replaces, whether restoreFrom is added to a running cluster, changed or removed.
 */
class RestoreFromGuardTest {
    @TempDir
    Path dir;

    private Path baseline;

    @BeforeEach
    void writeBaseline() {
        baseline = CdkOutFixture.platform()
                .properties("prod-warehouse", "Warehouse", p -> p.put("SnapshotIdentifier", "prod-before-migration"))
                .writeTo(dir.resolve("baseline"));
    }

    private Review review(CdkOutFixture changed) {
        return Review.against(baseline, changed.writeTo(dir.resolve("changed")));
    }

    @Test
    void anotherSnapshotIsBlockedNamingTheClusterAndItsData() {
        Review review = review(CdkOutFixture.platform()
                .properties("prod-warehouse", "Warehouse", p -> p.put("SnapshotIdentifier", "prod-after-migration")));

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors())
                .contains("prod-warehouse/Warehouse (AWS::Redshift::Cluster) SnapshotIdentifier: changes "
                        + "\"prod-before-migration\" -> \"prod-after-migration\": Update requires: Replacement; "
                        + "warehouse.resilience.restoreFrom.snapshot: the cluster is replaced by a new one restored from"
                        + " the snapshot, and the current cluster is deleted with every row written since that"
                        + " snapshot");
        assertThat(review.lines("BLOCKED `prod-warehouse/Warehouse"))
                .singleElement()
                .asString()
                .contains("SnapshotIdentifier")
                .contains("UpdateReplacePolicy Snapshot");
    }

    @Test
    void restoreFromAddedToARunningClusterIsBlocked() {
        Path plain = CdkOutFixture.platform().writeTo(dir.resolve("plain"));
        Path restoring = CdkOutFixture.platform()
                .properties("prod-warehouse", "Warehouse", p -> p.put("SnapshotIdentifier", "prod-before-migration"))
                .writeTo(dir.resolve("restoring"));

        Review review = Review.against(plain, restoring);

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors())
                .contains("prod-warehouse/Warehouse (AWS::Redshift::Cluster) SnapshotIdentifier:")
                .contains("warehouse.resilience.restoreFrom.snapshot: the cluster is replaced");
    }

    @Test
    void restoreFromRemovedIsBlockedToo() {
        Review review = review(CdkOutFixture.platform());

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors()).contains("prod-warehouse/Warehouse (AWS::Redshift::Cluster) SnapshotIdentifier:");
    }

    @Test
    void theSameSnapshotChangesNothing() {
        Review review = review(CdkOutFixture.platform()
                .properties("prod-warehouse", "Warehouse", p -> p.put("SnapshotIdentifier", "prod-before-migration")));

        assertThat(review.status()).isZero();
        assertThat(review.errors()).doesNotContain("SnapshotIdentifier");
    }
}
