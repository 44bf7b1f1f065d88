package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.PolicySimulator;
import com.warehouseplatform.infra.PolicySimulator.Request;
import com.warehouseplatform.infra.PolicySimulator.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alarm, dead-letter queue and alert has a delivery path AWS would allow, followed through every policy
 * on it, in every environment: alarm action -> topic policy -> topic key policy -> an email subscription;
 * scheduler -> its role's trust -> the role's policy -> the function, and -> the dead-letter queue's policy
 * (and key, if it had one); a failed async invocation -> the function role's policy -> the failure queue's
 * policy; the loader -> its role's policy -> the topic policy -> the topic key. Each queue has an alarm on it.
 * A test of one policy alone misses the one that denies, so each path asks all of them at once; and each path
 * is also asked as someone it must refuse, so a path that holds only because a policy allows everyone fails.
 */
class DeliveryPathsTest {

    static List<String> environments() {
        return Platforms.environmentNames();
    }

    private static PolicySimulator simulator(String env) {
        return new PolicySimulator(Platforms.of(env));
    }

    private static String loaders(String env) {
        return env + "-loaders";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyAlarmReachesTheTopicThroughItsPolicyAndKeyAndTheTopicEmailsSomeone(String env) {
        PolicySimulator aws = simulator(env);
        String stack = loaders(env);
        List<String> alarms = aws.ofType(stack, "AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        for (String alarm : alarms) {
            Map<String, Object> props = aws.properties(stack, alarm);
            String name = (String) props.get("AlarmName");
            List<String> actions = aws.renderAll(stack, props.get("AlarmActions"));
            assertThat(actions).as(name + " actions").isNotEmpty();
            for (String topicArn : actions) {
                String topic = PolicySimulator.target(topicArn)[1];
                Request publish = Request.byService("cloudwatch.amazonaws.com", "sns:Publish", topicArn,
                        alarmContext(aws, aws.account(), name));
                List<Statement> topicPolicy = aws.resourcePolicy(stack, "AWS::SNS::TopicPolicy", "Topics", topic);
                assertThat(aws.allows(publish, List.of(), topicPolicy)).as(name + " publishes to " + topic).isTrue();

                String keyArn = aws.render(stack, aws.properties(stack, topic).get("KmsMasterKeyId"));
                String[] key = PolicySimulator.target(keyArn);
                List<Statement> keyPolicy = aws.keyPolicy(key[0], key[1]);
                for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                    assertThat(aws.keyAllows(publish.with(action, keyArn), List.of(), keyPolicy))
                            .as(name + " " + action + " on the topic key").isTrue();
                }
                assertThat(emailSubscriptions(aws, stack, topicArn)).as("email subscriptions of " + topic)
                        .containsExactlyElementsOf(Platforms.of(env).config().alerts().emails());

                // the same publish, on behalf of an alarm of another environment or account, is refused
                Request foreign = Request.byService("cloudwatch.amazonaws.com", "sns:Publish", topicArn,
                        alarmContext(aws, aws.account(), "other-" + name));
                assertThat(aws.allows(foreign, List.of(), topicPolicy)).as("an alarm not of " + env).isFalse();
                assertThat(aws.keyAllows(foreign.with("kms:GenerateDataKey", keyArn), List.of(), keyPolicy)).isFalse();
                Request otherAccount = Request.byService("cloudwatch.amazonaws.com", "sns:Publish", topicArn,
                        alarmContext(aws, "444455556666", name));
                assertThat(aws.allows(otherAccount, List.of(), topicPolicy)).as("an alarm of another account").isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyScheduleMayInvokeItsLoaderAndSendWhatItCannotDeliverToItsDeadLetterQueue(String env) {
        PolicySimulator aws = simulator(env);
        String stack = loaders(env);
        List<String> schedules = aws.ofType(stack, "AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(Platforms.of(env).config().loaders().size());
        for (String schedule : schedules) {
            Map<String, Object> props = aws.properties(stack, schedule);
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) props.get("Target");
            String roleArn = aws.render(stack, target.get("RoleArn"));
            String role = PolicySimulator.target(roleArn)[1];
            String group = (String) props.getOrDefault("GroupName", "default");
            Map<String, String> scheduler = Map.of("aws:SourceAccount", aws.account(), "aws:SourceArn",
                    "arn:aws:scheduler:" + aws.region() + ":" + aws.account() + ":schedule-group/" + group);
            List<Statement> trust = aws.trustPolicy(stack, role);
            assertThat(aws.allows(Request.byService("scheduler.amazonaws.com", "sts:AssumeRole", roleArn, scheduler),
                    List.of(), trust)).as(schedule + ": the scheduler assumes its role").isTrue();
            assertThat(aws.allows(Request.byService("scheduler.amazonaws.com", "sts:AssumeRole", roleArn,
                    Map.of("aws:SourceAccount", "444455556666", "aws:SourceArn",
                            "arn:aws:scheduler:" + aws.region() + ":444455556666:schedule-group/" + group)),
                    List.of(), trust)).as(schedule + ": not for another account's schedules").isFalse();

            List<Statement> identity = aws.identityPolicy(stack, role);
            String function = aws.render(stack, target.get("Arn"));
            assertThat(aws.allows(Request.byRole(roleArn, "lambda:InvokeFunction", function), identity, List.of()))
                    .as(schedule + " invokes " + function).isTrue();

            @SuppressWarnings("unchecked")
            String queueArn = aws.render(stack, ((Map<String, Object>) target.get("DeadLetterConfig")).get("Arn"));
            assertQueueAccepts(aws, stack, roleArn, identity, queueArn, schedule + "'s dead-letter queue");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyFailedAsyncInvocationReachesItsFailureQueue(String env) {
        PolicySimulator aws = simulator(env);
        String stack = loaders(env);
        List<String> configs = aws.ofType(stack, "AWS::Lambda::EventInvokeConfig");
        assertThat(configs).hasSize(Platforms.of(env).config().loaders().size());
        for (String config : configs) {
            Map<String, Object> props = aws.properties(stack, config);
            @SuppressWarnings("unchecked")
            Map<String, Object> onFailure = (Map<String, Object>) ((Map<String, Object>) props.get("DestinationConfig")).get("OnFailure");
            String queueArn = aws.render(stack, onFailure.get("Destination"));
            String function = PolicySimulator.target(aws.render(stack, props.get("FunctionName")))[1];
            // Lambda sends to an on-failure destination with the function's execution role
            String roleArn = aws.render(stack, aws.properties(stack, function).get("Role"));
            List<Statement> identity = aws.identityPolicy(stack, PolicySimulator.target(roleArn)[1]);
            assertQueueAccepts(aws, stack, roleArn, identity, queueArn, function + "'s failure queue");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyQueueHasAnAlarm(String env) {
        PolicySimulator aws = simulator(env);
        String stack = loaders(env);
        List<String> watched = new ArrayList<>();
        for (String alarm : aws.ofType(stack, "AWS::CloudWatch::Alarm")) {
            Object dimensions = aws.properties(stack, alarm).get("Dimensions");
            for (Object d : (List<?>) dimensions) {
                Map<?, ?> dimension = (Map<?, ?>) d;
                if ("QueueName".equals(dimension.get("Name"))) {
                    watched.add(PolicySimulator.target(aws.render(stack, dimension.get("Value")))[1]);
                }
            }
        }
        assertThat(watched).containsExactlyInAnyOrderElementsOf(aws.ofType(stack, "AWS::SQS::Queue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyLoaderMayPublishItsAlertsThroughTheTopicPolicyAndKey(String env) {
        PolicySimulator aws = simulator(env);
        String stack = loaders(env);
        int loaders = 0;
        for (String function : aws.ofType(stack, "AWS::Lambda::Function")) {
            Map<String, Object> props = aws.properties(stack, function);
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) props.getOrDefault("Environment",
                    Map.of())).getOrDefault("Variables", Map.of());
            if (!variables.containsKey("ALERT_TOPIC_ARN")) {
                continue;
            }
            loaders++;
            String topicArn = aws.render(stack, variables.get("ALERT_TOPIC_ARN"));
            String topic = PolicySimulator.target(topicArn)[1];
            String roleArn = aws.render(stack, props.get("Role"));
            List<Statement> identity = aws.identityPolicy(stack, PolicySimulator.target(roleArn)[1]);
            Request publish = Request.byRole(roleArn, "sns:Publish", topicArn);
            assertThat(aws.allows(publish, identity,
                    aws.resourcePolicy(stack, "AWS::SNS::TopicPolicy", "Topics", topic))).as(function + " publishes").isTrue();
            String keyArn = aws.render(stack, aws.properties(stack, topic).get("KmsMasterKeyId"));
            String[] key = PolicySimulator.target(keyArn);
            for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                assertThat(aws.keyAllows(publish.with(action, keyArn), identity, aws.keyPolicy(key[0], key[1])))
                        .as(function + " " + action + " on the topic key").isTrue();
            }
            // and another role of the account, without the grant, may not
            assertThat(aws.allows(Request.byRole("att:" + stack + "/SomeOtherRole.Arn", "sns:Publish", topicArn), List.of(),
                    aws.resourcePolicy(stack, "AWS::SNS::TopicPolicy", "Topics", topic))).isFalse();
        }
        assertThat(loaders).isEqualTo(Platforms.of(env).config().loaders().size());
    }

    private static void assertQueueAccepts(PolicySimulator aws, String stack, String roleArn, List<Statement> identity,
                                           String queueArn, String what) {
        String queue = PolicySimulator.target(queueArn)[1];
        Request send = Request.byRole(roleArn, "sqs:SendMessage", queueArn);
        assertThat(aws.allows(send, identity, aws.resourcePolicy(stack, "AWS::SQS::QueuePolicy", "Queues", queue)))
                .as(what + " accepts the message").isTrue();
        Map<String, Object> props = aws.properties(stack, queue);
        if (props.containsKey("KmsMasterKeyId")) {
            String keyArn = aws.render(stack, props.get("KmsMasterKeyId"));
            String[] key = PolicySimulator.target(keyArn);
            assertThat(aws.keyAllows(send.with("kms:GenerateDataKey", keyArn), identity, aws.keyPolicy(key[0], key[1])))
                    .as(what + "'s key").isTrue();
        } else {
            // SSE-SQS: SQS's own keys, no key policy in the way
            assertThat(props.get("SqsManagedSseEnabled")).as(what + " encrypted").isEqualTo(true);
        }
    }

    private static Map<String, String> alarmContext(PolicySimulator aws, String account, String alarmName) {
        return Map.of("aws:SourceAccount", account,
                "aws:SourceArn", "arn:aws:cloudwatch:" + aws.region() + ":" + account + ":alarm:" + alarmName,
                "aws:SecureTransport", "true");
    }

    private static List<String> emailSubscriptions(PolicySimulator aws, String stack, String topicArn) {
        return aws.ofType(stack, "AWS::SNS::Subscription").stream()
                .map(id -> aws.properties(stack, id))
                .filter(p -> "email".equals(p.get("Protocol")) && topicArn.equals(aws.render(stack, p.get("TopicArn"))))
                .map(p -> (String) p.get("Endpoint"))
                .toList();
    }
}
