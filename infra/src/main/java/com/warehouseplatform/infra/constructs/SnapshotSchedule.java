package com.warehouseplatform.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * A Redshift snapshot schedule attached to a cluster, in place of the default of a snapshot every eight
 * hours or 5 GB per node. CloudFormation has no resource for it, so custom resource calls create,
 * modify, attach, detach and delete it.
 */
public class SnapshotSchedule extends Construct {

    /** @param name the warehouse's name, for the schedule's name; {@code clusterIdentifier} may be a reference */
    public record Props(String name, String clusterIdentifier, String clusterArn, String definition) {}

    public SnapshotSchedule(Construct scope, String id, Props props) {
        super(scope, id);
        String name = props.name() + "-snapshots";
        String scheduleArn = Stack.of(this)
                .formatArn(ArnComponents.builder()
                        .service("redshift")
                        .resource("snapshotschedule")
                        .resourceName(name)
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build());
        Map<String, Object> definition =
                Ordered.map("ScheduleIdentifier", name, "ScheduleDefinitions", List.of(props.definition()));
        AwsCustomResource schedule = AwsCustomResource.Builder.create(this, "Resource")
                .onCreate(call("createSnapshotSchedule", definition, name))
                .onUpdate(call("modifySnapshotSchedule", definition, name))
                .onDelete(call("deleteSnapshotSchedule", Map.of("ScheduleIdentifier", name), name))
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of(
                                "redshift:CreateSnapshotSchedule",
                                "redshift:ModifySnapshotSchedule",
                                "redshift:DeleteSnapshotSchedule",
                                "redshift:CreateTags"))
                        .resources(List.of(scheduleArn))
                        .build())))
                .build();
        Map<String, Object> attach =
                Ordered.map("ClusterIdentifier", props.clusterIdentifier(), "ScheduleIdentifier", name);
        AwsCustomResource attachment = AwsCustomResource.Builder.create(this, "Attachment")
                .onCreate(call("modifyClusterSnapshotSchedule", attach, name + "-attachment"))
                .onUpdate(call("modifyClusterSnapshotSchedule", attach, name + "-attachment"))
                .onDelete(call(
                        "modifyClusterSnapshotSchedule",
                        Ordered.map("ClusterIdentifier", props.clusterIdentifier(), "DisassociateSchedule", true),
                        name + "-attachment"))
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("redshift:ModifyClusterSnapshotSchedule"))
                        .resources(List.of(props.clusterArn(), scheduleArn))
                        .build())))
                .build();
        attachment.getNode().addDependency(schedule);
        AwsCustomResourceFindings.acknowledge(Stack.of(this));
        AwsCustomResourceFindings.acknowledgePolicy(schedule);
        AwsCustomResourceFindings.acknowledgePolicy(attachment);
    }

    private static AwsSdkCall call(String action, Map<String, Object> parameters, String physicalId) {
        return AwsSdkCall.builder()
                .service("Redshift")
                .action(action)
                .parameters(parameters)
                .physicalResourceId(PhysicalResourceId.of(physicalId))
                .build();
    }
}
