package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.WarehouseEventsConfig;
import com.warehouseplatform.infra.Platforms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Warehouse events on their own stacks, for the configurations the example environments do not use: every event
 * (INFO), a cluster without scheduled actions, Serverless at either severity, and warehouse events turned off.
 */
class WarehouseEventsTest {
    /** The rule's ARN, written from its fixed name (the partition stays a reference). */
    private static final Map<String, Object> RULE_ARN = Map.of(
            "Fn::Join",
            List.of(
                    "",
                    List.of(
                            "arn:",
                            Map.of("Ref", "AWS::Partition"),
                            ":events:eu-west-1:123456789012:rule/qa-warehouse-events")));

    private static Stack stack(String id) {
        return new Stack(
                null,
                id,
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("eu-west-1")
                                .build())
                        .build());
    }

    private static AlertTopic topic(Stack stack) {
        return new AlertTopic(
                stack,
                "Alerts",
                new AlertTopic.Props("qa", "qa-loader-", List.of("ops@example.com"), RemovalPolicy.DESTROY));
    }

    private static Template cluster(WarehouseEventsConfig config, List<String> actions) {
        Stack stack = stack("Cluster" + actions.size());
        new WarehouseEvents(
                stack, "Events", WarehouseEvents.Props.cluster("qa", config, topic(stack), "qa-warehouse", actions));
        return Template.fromStack(stack);
    }

    private static Template serverless(WarehouseEventsConfig config) {
        Stack stack = stack("Serverless" + config.severity());
        new WarehouseEvents(
                stack, "Events", WarehouseEvents.Props.serverless("qa", config, topic(stack), RemovalPolicy.DESTROY));
        return Template.fromStack(stack);
    }

    @Test
    void everyEventOfAClusterWithoutScheduledActionsAtSeverityInfo() {
        Template template = cluster(new WarehouseEventsConfig(true, "INFO", List.of("security")), List.of());
        Map<String, Map<String, Object>> subscriptions = template.findResources("AWS::Redshift::EventSubscription");
        assertThat(subscriptions).hasSize(2);
        template.hasResourceProperties(
                "AWS::Redshift::EventSubscription",
                Map.of(
                        "SubscriptionName", "qa-warehouse-cluster",
                        "SourceType", "cluster",
                        "SourceIds", List.of("qa-warehouse"),
                        "EventCategories", List.of("security"),
                        "Severity", Match.absent(),
                        "SnsTopicArn", Map.of("Ref", Match.stringLikeRegexp("Alerts.*"))));
        template.hasResourceProperties(
                "AWS::Redshift::EventSubscription",
                Map.of(
                        "SubscriptionName", "qa-warehouse-snapshots",
                        "SourceType", "cluster-snapshot",
                        "SourceIds", Match.absent(),
                        "EventCategories", Match.absent(),
                        "Severity", Match.absent()));
        template.hasResourceProperties(
                "AWS::SNS::TopicPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Sid", "RedshiftEventNotifications",
                                        "Principal", Map.of("Service", "redshift.amazonaws.com"),
                                        "Action", "sns:Publish")))))));
        assertThat(template.findResources("AWS::Events::Rule")).isEmpty();
    }

    @Test
    void failuresOfTheClusterItsActionsAndSnapshotsAtSeverityError() {
        Template template =
                cluster(WarehouseEventsConfig.DEFAULTS, List.of("qa-warehouse-pause", "qa-warehouse-resume"));
        assertThat(template.findResources("AWS::Redshift::EventSubscription")).hasSize(3);
        template.hasResourceProperties(
                "AWS::Redshift::EventSubscription",
                Map.of(
                        "SourceType", "scheduled-action",
                        "SourceIds", List.of("qa-warehouse-pause", "qa-warehouse-resume"),
                        "Severity", "ERROR"));
        template.hasResourceProperties(
                "AWS::Redshift::EventSubscription",
                Map.of(
                        "SourceType", "cluster",
                        "EventCategories", WarehouseEventsConfig.CATEGORIES,
                        "Severity", "ERROR"));
    }

    @Test
    void serverlessEventsOfTheConfiguredCategoriesThroughOneRuleFilteredOnSeverityOnlyForErrors() {
        List<String> categories = List.of("monitoring", "configuration");
        Template errors = serverless(new WarehouseEventsConfig(true, "ERROR", categories));
        List<String> detailTypes = List.of(
                "Redshift Serverless Monitoring",
                "Redshift Serverless Configuration",
                "Redshift Serverless Base RPU Change",
                "Redshift Serverless Rate change");
        errors.hasResourceProperties(
                "AWS::Events::Rule",
                Map.of(
                        "Name",
                        "qa-warehouse-events",
                        "State",
                        "ENABLED",
                        "EventPattern",
                        Map.of(
                                "source",
                                List.of("aws.redshift-serverless"),
                                "detail-type",
                                detailTypes,
                                "$or",
                                List.of(
                                        Map.of("detail", Map.of("severity", List.of("ERROR"))),
                                        Map.of("detail", Map.of("severity", List.of(Map.of("exists", false)))))),
                        "Targets",
                        List.of(Match.objectLike(Map.of(
                                "Id", "AlertTopic",
                                "Arn", Map.of("Ref", Match.stringLikeRegexp("Alerts.*")),
                                "DeadLetterConfig",
                                        Map.of(
                                                "Arn",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(
                                                                Match.stringLikeRegexp("EventsDeadLetters.*"),
                                                                "Arn"))))))));
        errors.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "AlarmName",
                        "qa-loader-warehouse-events-undelivered",
                        "AlarmActions",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("Alerts.*")))));
        errors.hasResourceProperties(
                "AWS::SQS::QueuePolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Sid",
                                        "WarehouseEventsRule",
                                        "Principal",
                                        Map.of("Service", "events.amazonaws.com"),
                                        "Action",
                                        "sqs:SendMessage",
                                        "Condition",
                                        Map.of("ArnEquals", Map.of("aws:SourceArn", RULE_ARN)))))))));
        assertThat(errors.findResources("AWS::Redshift::EventSubscription")).isEmpty();
        errors.hasResourceProperties(
                "AWS::SNS::TopicPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Sid",
                                        "WarehouseEventsRule",
                                        "Principal",
                                        Map.of("Service", "events.amazonaws.com"),
                                        "Condition",
                                        Map.of("ArnEquals", Map.of("aws:SourceArn", RULE_ARN)))))))));

        Template everything = serverless(new WarehouseEventsConfig(true, "INFO", categories));
        everything.hasResourceProperties(
                "AWS::Events::Rule", Map.of("EventPattern", Map.of("detail-type", detailTypes, "$or", Match.absent())));
    }

    @Test
    void everyCategoryHasServerlessDetailTypes() {
        assertThat(WarehouseEvents.SERVERLESS_DETAIL_TYPES.keySet())
                .containsExactlyElementsOf(WarehouseEventsConfig.CATEGORIES);
    }

    @Test
    void turnedOffNoSubscriptionNorRuleNorPolicyForThem() {
        for (String env : List.of("dev", "staging")) {
            Template loaders = Platforms.variant(
                            env,
                            "no-warehouse-events",
                            yaml -> yaml.replaceFirst(
                                    "warehouseEvents: \\{[^}]*}", "warehouseEvents: {enabled: false}"))
                    .loaders();
            assertThat(loaders.findResources("AWS::Redshift::EventSubscription"))
                    .as(env)
                    .isEmpty();
            assertThat(loaders.findResources("AWS::Events::Rule")).as(env).isEmpty();
            assertThat(loaders.toJSON().toString())
                    .as(env)
                    .doesNotContain("RedshiftEventNotifications")
                    .doesNotContain("WarehouseEventsRule");
        }
    }
}
