package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Day-2 operations from config: dev pauses and resumes; prod has a snapshot schedule and usage limits. */
class ClusterOperationsTest {
    private static final Template DEV = Platforms.of("dev").warehouse();
    private static final Template PROD = Platforms.of("prod").warehouse();

    private static List<String> sdkCalls(Template template) {
        return template.findResources("Custom::AWS").values().stream()
                .map(resource -> resource.get("Properties").toString())
                .toList();
    }

    @Test
    void pausesAndResumesTheDevClusterOnItsSchedules() {
        DEV.resourceCountIs("AWS::Redshift::ScheduledAction", 2);
        DEV.hasResourceProperties(
                "AWS::Redshift::ScheduledAction",
                Map.of(
                        "ScheduledActionName",
                        "dev-warehouse-pause",
                        "Schedule",
                        "cron(0 19 ? * MON-FRI *)",
                        "Enable",
                        true,
                        "TargetAction",
                        Map.of(
                                "PauseCluster",
                                Map.of("ClusterIdentifier", Map.of("Ref", Match.stringLikeRegexp("^Warehouse"))))));
        DEV.hasResourceProperties(
                "AWS::Redshift::ScheduledAction",
                Map.of(
                        "ScheduledActionName", "dev-warehouse-resume",
                        "Schedule", "cron(0 6 ? * MON-FRI *)",
                        "TargetAction",
                                Map.of(
                                        "ResumeCluster",
                                        Map.of(
                                                "ClusterIdentifier",
                                                Map.of("Ref", Match.stringLikeRegexp("^Warehouse"))))));
        DEV.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "AssumeRolePolicyDocument",
                        Map.of(
                                "Statement",
                                List.of(Map.of(
                                        "Action",
                                        "sts:AssumeRole",
                                        "Effect",
                                        "Allow",
                                        "Principal",
                                        Map.of("Service", "scheduler.redshift.amazonaws.com"))),
                                "Version",
                                "2012-10-17")));
        DEV.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                List.of(Match.objectLike(
                                        Map.of("Action", List.of("redshift:PauseCluster", "redshift:ResumeCluster")))),
                                "Version",
                                "2012-10-17")));
        PROD.resourceCountIs("AWS::Redshift::ScheduledAction", 0);
    }

    @Test
    void attachesASnapshotScheduleToTheProdCluster() {
        assertThat(sdkCalls(PROD))
                .anySatisfy(call -> assertThat(call)
                        .contains(
                                "\"action\":\"createSnapshotSchedule\"",
                                "\"ScheduleIdentifier\":\"prod-warehouse-snapshots\"",
                                "\"ScheduleDefinitions\":[\"rate(12 hours)\"]"))
                .anySatisfy(call -> assertThat(call)
                        .contains("\"action\":\"modifyClusterSnapshotSchedule\"", "\"DisassociateSchedule\":true"));
    }

    @Test
    void limitsConcurrencyScalingAndSpectrumInProd() {
        assertThat(sdkCalls(PROD))
                .anySatisfy(call -> assertThat(call)
                        .contains(
                                "\"action\":\"createUsageLimit\"",
                                "\"FeatureType\":\"concurrency-scaling\"",
                                "\"LimitType\":\"time\"",
                                "\"Amount\":120",
                                "\"Period\":\"daily\"",
                                "\"BreachAction\":\"emit-metric\"",
                                "\"action\":\"deleteUsageLimit\""))
                .anySatisfy(call -> assertThat(call)
                        .contains("\"FeatureType\":\"spectrum\"", "\"LimitType\":\"data-scanned\"", "\"Amount\":2"));
        assertThat(sdkCalls(DEV)).noneSatisfy(call -> assertThat(call).contains("UsageLimit"));
    }
}
