package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-loss guard on pairs of small synths: the baseline is {@link CdkOutFixture#platform()}, the change is
 * one edit of it, and the review runs as the CLI does ({@code --baseline}), exit status and Markdown included.
 */
class DataLossGuardTest {
    @TempDir
    Path dir;

    private Path baseline;

    @BeforeEach
    void writeBaseline() {
        baseline = CdkOutFixture.platform().writeTo(dir.resolve("baseline"));
    }

    private Path changed(CdkOutFixture fixture) {
        return fixture.writeTo(dir.resolve("changed"));
    }

    @Test
    void aClusterRenameIsBlockedNamingStackLogicalIdAndProperty() {
        Path current = changed(CdkOutFixture.platform()
                .properties("prod-warehouse", "Warehouse", p -> p.put("ClusterIdentifier", "prod-dwh")));

        Review review = Review.against(baseline, current);

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors())
                .contains("prod-warehouse/Warehouse (AWS::Redshift::Cluster) ClusterIdentifier: "
                        + "changes \"prod-warehouse\" -> \"prod-dwh\": Update requires: Replacement");
        assertThat(review.lines("BLOCKED `prod-warehouse/Warehouse"))
                .singleElement()
                .asString()
                .contains("ClusterIdentifier")
                .contains("the old one is deleted after a final snapshot: UpdateReplacePolicy Snapshot");
        assertThat(review.markdown())
                .contains("Data-loss guard: **BLOCKED: 1 stateful resource would be deleted or replaced**");
        assertThat(review.lines("| modified | `Warehouse` |"))
                .singleElement()
                .asString()
                .contains("`ClusterIdentifier`");
    }

    @Test
    void aDatabaseRenameIsBlocked() {
        Path current = changed(
                CdkOutFixture.platform().properties("prod-warehouse", "Warehouse", p -> p.put("DBName", "sales")));

        Review review = Review.against(baseline, current);

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors())
                .contains("prod-warehouse/Warehouse (AWS::Redshift::Cluster) DBName: "
                        + "changes \"analytics\" -> \"sales\"");
    }

    @Test
    void aRemovedBucketIsBlocked() {
        Path current = changed(CdkOutFixture.platform().remove("prod-data-lake", "RawBucket"));

        Review review = Review.against(baseline, current);

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors())
                .contains("prod-data-lake/RawBucket (AWS::S3::Bucket) (removed): the logical id is "
                        + "not in the new template");
        assertThat(review.lines("| removed | `RawBucket` | AWS::S3::Bucket |")).hasSize(1);
    }

    @Test
    void aRemovedStackBlocksEveryStatefulResourceInIt() {
        Path current = changed(CdkOutFixture.platform().withoutStack("prod-loaders"));

        Review review = Review.against(baseline, current);

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors())
                .contains("prod-loaders/OrdersLogs (AWS::Logs::LogGroup) (removed): the stack "
                        + "prod-loaders is not in the new synth")
                .contains("prod-loaders/OrdersFailures (AWS::SQS::Queue) (removed)")
                .contains("CloudFormation deletes it and its data (DeletionPolicy Delete)");
        assertThat(review.markdown()).contains("### prod-loaders (stack removed)");
    }

    @Test
    void aChangedRetentionIsAllowedAndListedAsModified() {
        Path current = changed(CdkOutFixture.platform()
                .properties("prod-loaders", "OrdersLogs", p -> p.put("RetentionInDays", 90))
                .properties("prod-warehouse", "Warehouse", p -> p.put("AutomatedSnapshotRetentionPeriod", 14)));

        Review review = Review.against(baseline, current);

        assertThat(review.status()).isZero();
        assertThat(review.errors()).isEmpty();
        assertThat(review.markdown())
                .contains("Data-loss guard: passed (0 allowed, 0 warnings)")
                .contains("No stateful resource is deleted or replaced by this change.");
        assertThat(review.lines("| modified | `OrdersLogs` | AWS::Logs::LogGroup | `RetentionInDays` |"))
                .hasSize(1);
        assertThat(review.lines(
                        "| modified | `Warehouse` | AWS::Redshift::Cluster | `AutomatedSnapshotRetentionPeriod` |"))
                .hasSize(1);
    }

    @Test
    void anAddedLoaderIsAllowedAndListedAsAdded() {
        Path current = changed(CdkOutFixture.platform()
                .add("prod-loaders", "CustomersLogs", """
                        {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "Properties": {"RetentionInDays": 30}}""")
                .add("prod-loaders", "CustomersFunction", """
                        {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "loader", "Runtime": "java21"}}""")
                .add("prod-loaders", "CustomersFailures", """
                        {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": true}}"""));

        Review review = Review.against(baseline, current);

        assertThat(review.status()).isZero();
        assertThat(review.markdown())
                .contains("### prod-loaders")
                .contains("| added | `CustomersLogs` | AWS::Logs::LogGroup |")
                .contains("| added | `CustomersFunction` | AWS::Lambda::Function |")
                .contains("| added | `CustomersFailures` | AWS::SQS::Queue |");
        assertThat(review.markdown()).doesNotContain("### prod-warehouse\n");
    }

    @Test
    void allowReplacementTurnsTheFailureIntoAnAllowedReplacement() {
        Path current = changed(CdkOutFixture.platform()
                .properties("prod-warehouse", "Warehouse", p -> p.put("ClusterIdentifier", "prod-dwh")));

        Review review = Review.against(baseline, current, "--allow-replacement", "Warehouse");

        assertThat(review.status()).isZero();
        assertThat(review.errors()).isEmpty();
        assertThat(review.markdown()).contains("Data-loss guard: passed (1 allowed, 0 warnings)");
        assertThat(review.lines("allowed `prod-warehouse/Warehouse"))
                .singleElement()
                .asString()
                .contains("ClusterIdentifier")
                .contains("(allowed by --allow-replacement Warehouse)");
    }

    @Test
    void allowedIdsComeFromAllowReplacementLinesAndMayUseStackAndPatterns() throws IOException {
        Path current = changed(CdkOutFixture.platform().withoutStack("prod-loaders"));
        // GitHub sends pull request descriptions with CRLF line ends
        Path description = Files.writeString(dir.resolve("pr-body.md"), """
                Removes the orders loader.

                Allow-Replacement: prod-loaders/Orders*
                allow-replacement: NotInThisChange
                """.replace("\n", "\r\n"));

        Review review = Review.against(baseline, current, "--allow-replacements-in", description.toString());

        assertThat(review.status()).isZero();
        assertThat(review.lines("allowed `prod-loaders/")).hasSize(2);
        assertThat(review.lines("warning `--allow-replacement NotInThisChange"))
                .singleElement()
                .asString()
                .contains("matches no removal or replacement");
    }

    @Test
    void turningEncryptionOffIsBlockedButTurningItOnIsNot() {
        Path off = changed(
                CdkOutFixture.platform().properties("prod-warehouse", "Warehouse", p -> p.put("Encrypted", false)));
        assertThat(Review.against(baseline, off).errors()).contains("Encrypted: changes true -> false");

        Path encryptedBaseline = CdkOutFixture.platform()
                .properties("prod-warehouse", "Warehouse", p -> p.put("Encrypted", false))
                .writeTo(dir.resolve("unencrypted"));
        Path on = CdkOutFixture.platform().writeTo(dir.resolve("encrypted"));
        Review review = Review.against(encryptedBaseline, on);
        assertThat(review.status()).isZero();
        assertThat(review.lines("| modified | `Warehouse` |"))
                .singleElement()
                .asString()
                .contains("`Encrypted`");
    }

    @Test
    void aPolicyDroppingFromRetainToDeleteIsAWarningNotABlock() {
        Path current = changed(CdkOutFixture.platform()
                .change(
                        "prod-data-lake",
                        "RawBucket",
                        r -> r.remove(List.of("DeletionPolicy", "UpdateReplacePolicy"))));

        Review review = Review.against(baseline, current);

        assertThat(review.status()).isZero();
        assertThat(
                        review.lines(
                                "warning `prod-data-lake/RawBucket (AWS::S3::Bucket) DeletionPolicy: Retain -> Delete (default)"))
                .singleElement()
                .asString()
                .contains("a later removal or replacement would delete its data");
        assertThat(review.lines("warning `prod-data-lake/RawBucket (AWS::S3::Bucket) UpdateReplacePolicy"))
                .hasSize(1);
    }

    @Test
    void aGuardedPropertyThatRefersToAModifiedResourceIsAWarning() {
        Path base = CdkOutFixture.platform()
                .add("prod-warehouse", "SubnetGroup", """
                        {"Type": "AWS::Redshift::ClusterSubnetGroup", "Properties": {"Description": "a", "SubnetIds": ["s-1"]}}""")
                .properties(
                        "prod-warehouse",
                        "Warehouse",
                        p -> p.putObject("ClusterSubnetGroupName").put("Ref", "SubnetGroup"))
                .writeTo(dir.resolve("with-subnet-group"));
        Path current = changed(CdkOutFixture.platform()
                .add("prod-warehouse", "SubnetGroup", """
                        {"Type": "AWS::Redshift::ClusterSubnetGroup", "Properties": {"Description": "a", "SubnetIds": ["s-2"]}}""")
                .properties(
                        "prod-warehouse",
                        "Warehouse",
                        p -> p.putObject("ClusterSubnetGroupName").put("Ref", "SubnetGroup")));

        Review review = Review.against(base, current);

        assertThat(review.status()).isZero();
        assertThat(review.lines("warning `prod-warehouse/Warehouse (AWS::Redshift::Cluster) ClusterSubnetGroupName"))
                .singleElement()
                .asString()
                .contains("refers to SubnetGroup, which is modified (SubnetIds[0])");
    }

    @Test
    void aNamespaceTagChangeIsBlockedBecauseTheReferenceSaysItReplacesTheNamespace() {
        CdkOutFixture serverless = new CdkOutFixture().stack("staging-warehouse", "us-east-1", """
                {"Resources": {"Namespace": {"Type": "AWS::RedshiftServerless::Namespace", "DeletionPolicy": "Retain",
                  "UpdateReplacePolicy": "Retain", "Properties": {"NamespaceName": "staging-warehouse",
                  "Tags": [{"Key": "owner", "Value": "data-platform"}]}}}}""");
        Path base = serverless.writeTo(dir.resolve("staging-before"));
        Path current = serverless
                .properties(
                        "staging-warehouse",
                        "Namespace",
                        p -> ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("Tags"))
                                .addObject()
                                .put("Key", "team")
                                .put("Value", "analytics"))
                .writeTo(dir.resolve("staging-after"));

        Review review = Review.against(base, current);

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.errors())
                .contains("staging-warehouse/Namespace (AWS::RedshiftServerless::Namespace) Tags")
                .contains("the old one is kept, no longer managed by the stack: UpdateReplacePolicy Retain");
    }

    @Test
    void badInputIsStatusOneWithAReason() {
        Review notACdkOut = Review.of(dir.resolve("nothing-here"));
        assertThat(notACdkOut.status()).isEqualTo(1);
        assertThat(notACdkOut.errors()).contains("is not a cdk.out folder: it has no manifest.json");

        Review badOption = Review.of(baseline, "--allow-replacement");
        assertThat(badOption.status()).isEqualTo(1);
        assertThat(badOption.errors())
                .contains("--allow-replacement needs a value")
                .contains("usage:");
    }
}
