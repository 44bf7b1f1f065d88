package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The changes of a small synth against its baseline: summary, old and new values, IAM and security group tables. */
class ChangeReportTest {
    @TempDir
    Path dir;

    private Review review(CdkOutFixture baseline, CdkOutFixture current) {
        return Review.against(baseline.writeTo(dir.resolve("baseline")), current.writeTo(dir.resolve("current")));
    }

    @Test
    void showsTheOldAndNewValueOfAChangedRetention() {
        Review review = review(
                CdkOutFixture.platform().properties("prod-loaders", "OrdersLogs", p -> p.put("RetentionInDays", 3)),
                CdkOutFixture.platform().properties("prod-loaders", "OrdersLogs", p -> p.put("RetentionInDays", 5)));

        assertThat(review.status()).isZero();
        assertThat(review.lines("- `OrdersLogs` (AWS::Logs::LogGroup)")).hasSize(1);
        assertThat(review.lines("  - `RetentionInDays`: `3` -> `5`")).hasSize(1);
        assertThat(review.markdown()).contains("| prod-loaders | 0 | 1 | 0 | 0 | 0 / 0 |  | 0 / 0 |  |");
        assertThat(review.markdown().indexOf("## Summary of changes"))
                .isLessThan(review.markdown().indexOf("## Data-loss guard"));
    }

    @Test
    void listsAnAddedStatementWithPlusAndMarksItsWildcard() {
        Review review = review(
                CdkOutFixture.platform(),
                CdkOutFixture.platform()
                        .properties(
                                "prod-data-lake",
                                "CopyRolePolicy",
                                p -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                                                p.path("PolicyDocument").path("Statement"))
                                        .addObject()
                                        .put("Effect", "Allow")
                                        .put("Action", "s3:*")
                                        .put("Resource", "*")));

        assertThat(review.lines("| + | prod-data-lake | role `CopyRole`"))
                .singleElement()
                .asString()
                .contains("| Allow | `s3:*` |")
                .endsWith("| **" + IamStatementChanges.WILDCARD + "** |");
        assertThat(review.lines("| - | prod-data-lake |")).isEmpty();
        assertThat(review.markdown()).contains("| prod-data-lake | 0 | 1 | 0 | 0 | 1 / 0 | **1 added with `*`** |");
        assertThat(review.lines("  - `PolicyDocument.Statement[2]`: `(none)` -> "))
                .singleElement()
                .asString()
                .contains("Action: s3:*");
    }

    @Test
    void marksAnIngressRuleOpenedToTheInternetAsWidened() {
        Review review = review(
                CdkOutFixture.platform(),
                CdkOutFixture.platform()
                        .properties(
                                "prod-warehouse",
                                "WarehouseSecurityGroup",
                                p -> ((ObjectNode)
                                                p.path("SecurityGroupIngress").get(0))
                                        .put("CidrIp", "0.0.0.0/0")));

        assertThat(review.lines(
                        "| + | prod-warehouse | `WarehouseSecurityGroup` | ingress | tcp | 5440 | `0.0.0.0/0` |"))
                .singleElement()
                .asString()
                .endsWith("| **" + SecurityGroupRuleChanges.WIDENED + "** |");
        assertThat(review.lines(
                        "| - | prod-warehouse | `WarehouseSecurityGroup` | ingress | tcp | 5440 | `10.0.0.0/8` |  |"))
                .hasSize(1);
        assertThat(review.lines("  - `SecurityGroupIngress[0].CidrIp`: `10.0.0.0/8` -> `0.0.0.0/0`"))
                .hasSize(1);
        assertThat(review.markdown()).contains("| 1 / 1 | **1 widened** |");
    }

    @Test
    void aNarrowedRuleIsNotMarkedWidened() {
        Review review = review(
                CdkOutFixture.platform(),
                CdkOutFixture.platform()
                        .properties(
                                "prod-warehouse",
                                "WarehouseSecurityGroup",
                                p -> ((ObjectNode)
                                                p.path("SecurityGroupIngress").get(0))
                                        .put("CidrIp", "10.1.0.0/16")));

        assertThat(review.lines(
                        "| + | prod-warehouse | `WarehouseSecurityGroup` | ingress | tcp | 5440 | `10.1.0.0/16` |  |"))
                .hasSize(1);
        assertThat(review.markdown()).doesNotContain("**" + SecurityGroupRuleChanges.WIDENED + "**");
    }

    @Test
    void marksAReplacedClusterInTheSummaryAndItsProperties() {
        Review review = review(
                CdkOutFixture.platform(),
                CdkOutFixture.platform().properties("prod-warehouse", "Warehouse", p -> p.put("DBName", "sales")));

        assertThat(review.status()).isEqualTo(2);
        assertThat(review.markdown()).contains("| prod-warehouse | 0 | 1 | 1 | 0 |");
        assertThat(review.lines("- `Warehouse` (AWS::Redshift::Cluster) **replaced**"))
                .hasSize(1);
        assertThat(review.lines("  - `DBName`: `analytics` -> `sales`")).hasSize(1);
    }

    @Test
    void shortensLongValuesAndKeepsEveryLineWithinTheLimit() {
        String prefix = "s3://prod-raw-example/".repeat(20);
        Review review = review(
                CdkOutFixture.platform()
                        .properties(
                                "prod-loaders", "OrdersLogs", p -> p.put("LogGroupClass", prefix + "orders" + prefix)),
                CdkOutFixture.platform()
                        .properties(
                                "prod-loaders", "OrdersLogs", p -> p.put("LogGroupClass", prefix + "events" + prefix)));

        assertThat(review.lines("  - `LogGroupClass`: "))
                .singleElement()
                .asString()
                .contains("`…")
                .contains("example/orders" + "s3://prod")
                .contains("example/events" + "s3://prod")
                .hasSizeLessThan(2 * PropertyChanges.MAX_VALUE);
        assertThat(ReviewText.changeSections(review.markdown()).lines())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(Markdown.MAX_LINE));
    }
}
