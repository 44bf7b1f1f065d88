package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sections of the review of one small synth, each checked for what it must say and mark. */
class ReviewReportTest {
    @TempDir
    Path dir;

    private Review review(CdkOutFixture fixture) {
        Review review = Review.of(fixture.writeTo(dir.resolve("cdk.out")));
        assertThat(review.status()).isZero();
        return review;
    }

    @Test
    void countsResourcesByTypePerStack() {
        Review review = review(CdkOutFixture.platform());

        assertThat(review.markdown())
                .contains("| type | prod-data-lake | prod-warehouse | prod-loaders |")
                .contains("| AWS::S3::Bucket | 1 |  |  |")
                .contains("| AWS::SQS::Queue |  |  | 1 |")
                .contains("| **total** | **4** | **2** | **2** |");
    }

    @Test
    void listsEveryStatefulResourceWithItsPoliciesAndFlagsDelete() {
        Review review = review(CdkOutFixture.platform());

        assertThat(
                        review.lines(
                                "| prod-warehouse | `Warehouse` | AWS::Redshift::Cluster | prod-warehouse | Snapshot | Snapshot | "
                                        + "removed: deleted after a final snapshot; replaced: deleted after a final snapshot |"))
                .hasSize(1);
        assertThat(
                        review.lines(
                                "| prod-data-lake | `RawBucket` | AWS::S3::Bucket | prod-raw-example | Retain | Retain | "
                                        + "removed: kept, no longer managed by the stack; replaced: kept, no longer managed by the stack |"))
                .hasSize(1);
        assertThat(
                        review.lines(
                                "| prod-loaders | `OrdersFailures` | AWS::SQS::Queue | (generated) | **Delete** | **Delete** |"))
                .singleElement()
                .asString()
                .contains("**Delete on a stateful resource**");
        assertThat(review.markdown())
                .contains("5 resources hold data")
                .contains("**1 of them are deleted with their data**");
    }

    @Test
    void marksWildcardsAcknowledgedOnAParentConstructAndFlagsTheOthers() {
        Review acknowledged = review(CdkOutFixture.platform());
        assertThat(
                        acknowledged.lines(
                                "| role `CopyRole` (assumed by service redshift.amazonaws.com) | policy `CopyRolePolicy` | Allow | `s3:GetObject` |"))
                .singleElement()
                .asString()
                .contains("`${RawBucket.Arn}/*`")
                .contains("acknowledged `AwsSolutions-IAM5[Resource::<RawBucket.Arn>/*]`");
        assertThat(acknowledged.markdown())
                .doesNotContain(IamPermissions.UNACKNOWLEDGED)
                .contains("IAM: 3 statements, no unacknowledged wildcard");

        Review flagged = review(CdkOutFixture.platform()
                .properties(
                        "prod-data-lake",
                        "CopyRolePolicy",
                        p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p.path("PolicyDocument")
                                        .path("Statement")
                                        .get(1))
                                .put("Action", "kms:*")));
        assertThat(flagged.lines("| policy `CopyRolePolicy` | Allow | `kms:*` |"))
                .singleElement()
                .asString()
                .contains("**UNACKNOWLEDGED** action wildcard `kms:*`");
        assertThat(flagged.markdown()).contains("IAM: 3 statements, **1 unacknowledged**");
    }

    @Test
    void showsKeyPoliciesAsResourcePoliciesOfTheKey() {
        Review review = review(CdkOutFixture.platform());

        assertThat(
                        review.lines(
                                "| AWS arn:${AWS::Partition}:iam::${AWS::AccountId}:root | key policy of `LakeKey` | Allow | `kms:*` | this key |"))
                .singleElement()
                .asString()
                .contains("in a resource policy");
    }

    @Test
    void resolvesImportsToTheExportingStack() {
        Review review = review(CdkOutFixture.platform());

        assertThat(review.lines("| prod-warehouse | `Warehouse` | AWS::Redshift::Cluster | Encrypted true |"))
                .singleElement()
                .asString()
                .contains("`prod-data-lake:${LakeKey}`");
    }

    @Test
    void marksOpenIngressPublicClustersUnblockedBucketsAndMissingEncryption() {
        Review safe = review(CdkOutFixture.platform());
        assertThat(safe.markdown())
                .contains("Network: nothing marked")
                .contains("Encryption: nothing marked")
                .contains(
                        "| prod-warehouse | `WarehouseSecurityGroup` | ingress | from `10.0.0.0/8` to tcp port 5440 |  |");

        Review open = review(CdkOutFixture.platform()
                .properties(
                        "prod-warehouse",
                        "WarehouseSecurityGroup",
                        p -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                                        p.path("SecurityGroupIngress").get(0))
                                .put("CidrIp", "0.0.0.0/0"))
                .properties(
                        "prod-warehouse",
                        "Warehouse",
                        p -> p.put("PubliclyAccessible", true).put("Encrypted", false))
                .properties("prod-data-lake", "RawBucket", p -> p.remove("PublicAccessBlockConfiguration")));
        assertThat(open.lines("from `0.0.0.0/0` to tcp port 5440"))
                .singleElement()
                .asString()
                .contains("**open to the internet**");
        assertThat(open.lines("PubliclyAccessible true"))
                .singleElement()
                .asString()
                .contains("**public endpoint**");
        assertThat(open.lines("| prod-data-lake | `RawBucket` | S3 bucket |"))
                .singleElement()
                .asString()
                .contains("**not declared**");
        assertThat(open.lines("| prod-warehouse | `Warehouse` | AWS::Redshift::Cluster | Encrypted false |"))
                .singleElement()
                .asString()
                .contains("**not encrypted**");
        assertThat(open.markdown()).contains("Network: **3 marked**").contains("Encryption: **1 marked**");
    }

    @Test
    void listsEachAcknowledgmentWithItsReasonAndResources() {
        Review review = review(CdkOutFixture.platform());

        assertThat(
                        review.lines(
                                "| prod-data-lake | `AwsSolutions-IAM5[Resource::<RawBucket.Arn>/*]` | COPY reads every object"))
                .singleElement()
                .asString()
                .contains("`prod-data-lake/CopyRole`")
                .contains("`CopyRole`, `CopyRolePolicy`");
    }

    @Test
    void aMultiAzClusterCostsTheNodesOfBothZones() {
        Review review =
                review(CdkOutFixture.platform().properties("prod-warehouse", "Warehouse", p -> p.put("MultiAZ", true)));

        // 2 nodes in each of 2 zones x $3.26 x 730 h
        assertThat(review.lines(
                        "| prod-warehouse | `Warehouse` | 4 x ra3.4xlarge nodes (Multi-AZ: 2 in each of 2 zones),"))
                .singleElement()
                .asString()
                .contains("| $9,519.20 |");
    }

    @Test
    void estimatesCostFromTheListPricesOfTheRegion() {
        Review review = review(CdkOutFixture.platform());

        // 2 nodes x $3.26 x 730 h
        assertThat(review.lines("| prod-warehouse | `Warehouse` | 2 x ra3.4xlarge nodes, on demand, 730 h/month |"))
                .singleElement()
                .asString()
                .contains("$3.26 per node-hour (us-east-1)")
                .contains("| $4,759.60 |");
        assertThat(review.markdown())
                .contains("on-demand list prices copied from https://aws.amazon.com/redshift/pricing/")
                .contains("as of 2026-03. They may be out of date");
    }

    @Test
    void givesServerlessAsAnUpperBoundAndAnUnknownRegionAsUnknown() {
        CdkOutFixture serverless = new CdkOutFixture().stack("staging-warehouse", "us-east-1", """
                {"Resources": {"Workgroup": {"Type": "AWS::RedshiftServerless::Workgroup",
                  "Properties": {"WorkgroupName": "staging", "NamespaceName": "staging", "BaseCapacity": 8, "MaxCapacity": 64}}}}""");
        Review review = review(serverless);
        // 8 RPUs x $0.375 x 730 h
        assertThat(review.lines("| staging-warehouse | `Workgroup` | 8 base RPUs, can scale to 64 RPUs; upper bound"))
                .singleElement()
                .asString()
                .contains("Serverless bills only while queries run")
                .contains("at most $2,190.00");

        Review elsewhere = Review.of(
                new CdkOutFixture().stack("x-warehouse", "ap-south-2", """
                {"Resources": {"Warehouse": {"Type": "AWS::Redshift::Cluster", "Properties": {"NodeType": "ra3.xlplus",
                  "ClusterType": "single-node", "DBName": "a", "MasterUsername": "b"}}}}""").writeTo(dir.resolve("elsewhere")));
        assertThat(elsewhere.lines("| x-warehouse | `Warehouse` | 1 x ra3.xlplus node"))
                .singleElement()
                .asString()
                .contains("unknown: prices.json has no prices for ap-south-2")
                .endsWith("| unknown |");
        assertThat(elsewhere.markdown())
                .contains("prices.json has no entry for the region ap-south-2: the cost is unknown, not guessed.")
                .contains("would cost $792.78 per month at the us-east-1 list price");
    }
}
