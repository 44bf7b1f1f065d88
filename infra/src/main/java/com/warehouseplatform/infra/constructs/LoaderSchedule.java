package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.LoaderConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * An EventBridge Scheduler schedule that invokes a loader with {@code {"loader": "<name>"}} in the
 * loader's time zone, retries a failed delivery, and sends what it could not deliver to an
 * encrypted, TLS-only dead-letter queue.
 */
public class LoaderSchedule extends Construct {

    public record Props(LoaderConfig loader, IFunction target, RemovalPolicy removalPolicy) {}

    private final CfnSchedule schedule;
    private final Queue deadLetters;

    public LoaderSchedule(Construct scope, String id, Props props) {
        super(scope, id);
        deadLetters = DeadLetterQueue.create(
                this, "DeadLetters", props.removalPolicy(), "the dead-letter queue of the loader's schedule");
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(ownSchedules()))
                .description("Lets the schedule of loader " + props.loader().name() + " invoke it")
                .build();
        Findings.acknowledgeInlinePolicies(role);
        props.target().grantInvoke(role);
        deadLetters.grantSendMessages(role);
        schedule = CfnSchedule.Builder.create(this, "Resource")
                .description("Runs loader " + props.loader().name())
                .groupName(SCHEDULE_GROUP)
                .scheduleExpression(props.loader().schedule())
                .scheduleExpressionTimezone(props.loader().timezone())
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder()
                        .mode("OFF")
                        .build())
                .state("ENABLED")
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(props.target().getFunctionArn())
                        .roleArn(role.getRoleArn())
                        .input("{\"loader\":\"" + props.loader().name() + "\"}")
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(3)
                                .maximumEventAgeInSeconds(3600)
                                .build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder()
                                .arn(deadLetters.getQueueArn())
                                .build())
                        .build())
                .build();
    }

    /** Schedules live in a group; ours in the default one. */
    public static final String SCHEDULE_GROUP = "default";

    /**
     * The scheduler may assume the role only for schedules of this account in the group our schedules are in
     * ("Set up the execution role", confused deputy prevention: aws:SourceArn is the schedule group's ARN:
     * https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role).
     * EventBridge Scheduler sends undeliverable events to the dead-letter queue with this same role.
     */
    private Map<String, Object> ownSchedules() {
        Stack stack = Stack.of(this);
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()));
        conditions.put(
                "ArnEquals",
                Map.of(
                        "aws:SourceArn",
                        "arn:" + stack.getPartition() + ":scheduler:" + stack.getRegion() + ":" + stack.getAccount()
                                + ":schedule-group/" + SCHEDULE_GROUP));
        return conditions;
    }

    public CfnSchedule getSchedule() {
        return schedule;
    }

    public Queue getDeadLetters() {
        return deadLetters;
    }
}
