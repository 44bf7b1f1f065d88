package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data files of the review: the replacement-forcing properties and the price table. */
class ReviewDataTest {

    @Test
    void theReplacementTableCoversEveryStatefulTypeAndItsIdentifyingProperties() {
        ReplacementRules rules = ReplacementRules.load();
        Map<String, List<String>> required = Map.of(
                "AWS::Redshift::Cluster",
                        List.of("ClusterIdentifier", "DBName", "MasterUsername", "ClusterSubnetGroupName", "Encrypted"),
                "AWS::RedshiftServerless::Namespace", List.of("NamespaceName"),
                "AWS::RedshiftServerless::Workgroup", List.of("WorkgroupName", "NamespaceName"),
                "AWS::S3::Bucket", List.of("BucketName", "ObjectLockEnabled"),
                "AWS::KMS::Key", List.of("KeySpec", "KeyUsage"),
                "AWS::SQS::Queue", List.of("QueueName", "FifoQueue"),
                "AWS::Logs::LogGroup", List.of("LogGroupName"),
                "AWS::SecretsManager::Secret", List.of("Name"));

        assertThat(rules.statefulTypes()).containsExactlyInAnyOrderElementsOf(required.keySet());
        required.forEach((type, properties) -> {
            assertThat(rules.rulesFor(type))
                    .extracting(ReplacementRules.Rule::property)
                    .as(type)
                    .containsAll(properties);
            assertThat(rules.docsUrl(type)).as(type).startsWith("https://docs.aws.amazon.com/AWSCloudFormation/");
        });
        assertThat(rules.rulesFor("AWS::Redshift::Cluster"))
                .filteredOn(r -> r.property().equals("Encrypted"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.appliesTo(
                                    Json.MAPPER.getNodeFactory().booleanNode(true),
                                    Json.MAPPER.getNodeFactory().booleanNode(false)))
                            .isTrue();
                    assertThat(r.appliesTo(
                                    Json.MAPPER.getNodeFactory().booleanNode(false),
                                    Json.MAPPER.getNodeFactory().booleanNode(true)))
                            .isFalse();
                });
        assertThat(rules.rulesFor("AWS::Redshift::Cluster"))
                .extracting(ReplacementRules.Rule::property)
                .as("the current reference updates these in place")
                .doesNotContain("KmsKeyId", "NodeType", "Port");
    }

    @Test
    void thePriceTableSaysWhatItIsAndWhereItComesFrom() {
        JsonNode prices = Json.resource("prices.json");

        assertThat(prices.path("description").asText())
                .contains("LIST prices")
                .contains("MAY BE OUT OF DATE")
                .contains("https://aws.amazon.com/redshift/pricing/");
        assertThat(prices.path("hoursPerMonth").asInt()).isEqualTo(730);
        JsonNode usEast = prices.path("regions").path("us-east-1");
        assertThat(usEast.path("asOf").asText()).matches("\\d{4}-\\d{2}");
        assertThat(usEast.path("nodeHour").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge");
        assertThat(usEast.path("rpuHour").isNumber()).isTrue();
        JsonNode euWest = prices.path("regions").path("eu-west-1");
        assertThat(euWest.path("nodeHour").size() == 0 || euWest.path("asOf").isTextual())
                .as("a region has prices only with the date they were copied")
                .isTrue();
    }
}
