package com.warehouseplatform.infra.constructs;

import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.redshift.CfnScheduledAction;
import software.constructs.Construct;

/** Pauses and resumes a cluster on two schedules (UTC), through Redshift's own scheduler. */
public class PauseResumeSchedule extends Construct {

    /** @param name the warehouse's name, for the actions' names; {@code clusterIdentifier} may be a reference */
    public record Props(
            String name, String clusterIdentifier, String clusterArn, String pauseSchedule, String resumeSchedule) {}

    /** The names of the pause and resume actions of warehouse {@code name}, known before they exist. */
    public static List<String> actionNames(String name) {
        return List.of(name + "-pause", name + "-resume");
    }

    public PauseResumeSchedule(Construct scope, String id, Props props) {
        super(scope, id);
        // No aws:SourceAccount/aws:SourceArn condition: the Redshift scheduler's documented trust has none
        // ("ScheduledAction", IamRole:
        // https://docs.aws.amazon.com/redshift/latest/APIReference/API_ScheduledAction.html;
        // "Using identity-based policies for Amazon Redshift"), and a key the service does not send would make every
        // pause and resume fail. The role may only pause and resume this cluster.
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("scheduler.redshift.amazonaws.com"))
                .description("Lets Redshift's scheduler pause and resume " + props.name())
                .build();
        Findings.acknowledgeInlinePolicies(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("redshift:PauseCluster", "redshift:ResumeCluster"))
                .resources(List.of(props.clusterArn()))
                .build());
        CfnScheduledAction pause = CfnScheduledAction.Builder.create(this, "Pause")
                .scheduledActionName(actionNames(props.name()).get(0))
                .scheduledActionDescription("Pauses the warehouse")
                .schedule(props.pauseSchedule())
                .iamRole(role.getRoleArn())
                .enable(true)
                .targetAction(CfnScheduledAction.ScheduledActionTypeProperty.builder()
                        .pauseCluster(CfnScheduledAction.PauseClusterMessageProperty.builder()
                                .clusterIdentifier(props.clusterIdentifier())
                                .build())
                        .build())
                .build();
        CfnScheduledAction resume = CfnScheduledAction.Builder.create(this, "Resume")
                .scheduledActionName(actionNames(props.name()).get(1))
                .scheduledActionDescription("Resumes the warehouse")
                .schedule(props.resumeSchedule())
                .iamRole(role.getRoleArn())
                .enable(true)
                .targetAction(CfnScheduledAction.ScheduledActionTypeProperty.builder()
                        .resumeCluster(CfnScheduledAction.ResumeClusterMessageProperty.builder()
                                .clusterIdentifier(props.clusterIdentifier())
                                .build())
                        .build())
                .build();
        for (CfnScheduledAction action : List.of(pause, resume)) {
            Findings.acknowledge(
                    action,
                    "CloudFormation-Validate::F3018",
                    "The target action holds exactly one of PauseCluster and ResumeCluster, as the resource requires; "
                            + "the linter's schema lets such an object match more than one of its alternatives.");
        }
    }
}
