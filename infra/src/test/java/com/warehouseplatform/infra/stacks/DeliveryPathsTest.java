package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.PolicySimulator;
import com.warehouseplatform.infra.PolicySimulator.Request;
import com.warehouseplatform.infra.PolicySimulator.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
                Request publish = Request.byService(
                        "cloudwatch.amazonaws.com", "sns:Publish", topicArn, alarmContext(aws, aws.account(), name));
                List<Statement> topicPolicy = aws.resourcePolicy(stack, "AWS::SNS::TopicPolicy", "Topics", topic);
                assertThat(aws.allows(publish, List.of(), topicPolicy))
                        .as(name + " publishes to " + topic)
                        .isTrue();

                String keyArn = aws.render(stack, aws.properties(stack, topic).get("KmsMasterKeyId"));
                String[] key = PolicySimulator.target(keyArn);
                List<Statement> keyPolicy = aws.keyPolicy(key[0], key[1]);
                for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                    assertThat(aws.keyAllows(publish.with(action, keyArn), List.of(), keyPolicy))
                            .as(name + " " + action + " on the topic key")
                            .isTrue();
                }
                assertThat(emailSubscriptions(aws, stack, topicArn))
                        .as("email subscriptions of " + topic)
                        .containsExactlyElementsOf(
                                Platforms.of(env).config().alerts().emails());

                // the same publish, on behalf of an alarm of another environment or account, is refused
                Request foreign = Request.byService(
                        "cloudwatch.amazonaws.com",
                        "sns:Publish",
                        topicArn,
                        alarmContext(aws, aws.account(), "other-" + name));
                assertThat(aws.allows(foreign, List.of(), topicPolicy))
                        .as("an alarm not of " + env)
                        .isFalse();
                assertThat(aws.keyAllows(foreign.with("kms:GenerateDataKey", keyArn), List.of(), keyPolicy))
                        .isFalse();
                Request otherAccount = Request.byService(
                        "cloudwatch.amazonaws.com", "sns:Publish", topicArn, alarmContext(aws, "444455556666", name));
                assertThat(aws.allows(otherAccount, List.of(), topicPolicy))
                        .as("an alarm of another account")
                        .isFalse();
            }
        }
    }

    /**
     * The warehouse's own events reach the alert topic: on a cluster, Redshift's event subscriptions (the cluster by
     * its identifier, its pause and resume actions by their names, the snapshots) publish as redshift.amazonaws.com;
     * on Serverless, an EventBridge rule publishes as events.amazonaws.com. Either way through the topic policy, the
     * topic key's policy (with the topic's encryption context, as SNS sends it) and on to the emails; and refused for
     * another account's Redshift, another rule, or a topic of another stack.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void warehouseEventsReachTheTopicThroughItsPolicyAndKeyAndTheTopicEmailsSomeone(String env) {
        Platforms.Built built = Platforms.of(env);
        PolicySimulator aws = new PolicySimulator(built);
        String stack = loaders(env);
        var events = built.config().alerts().warehouseEvents();
        assertThat(events.enabled()).as(env + " sends warehouse events").isTrue();
        List<String> subscriptions = aws.ofType(stack, "AWS::Redshift::EventSubscription");
        List<String> rules = aws.ofType(stack, "AWS::Events::Rule");
        List<String[]> publishers = new ArrayList<>(); // {service, topic ARN, the source's context key, its value}
        if (built.config().warehouse().serverless()) {
            assertThat(subscriptions)
                    .as("Serverless has no event subscriptions")
                    .isEmpty();
            assertThat(rules).hasSize(1);
            Map<String, Object> rule = aws.properties(stack, rules.get(0));
            @SuppressWarnings("unchecked")
            Map<String, Object> pattern = (Map<String, Object>) rule.get("EventPattern");
            assertThat(pattern.get("source")).isEqualTo(List.of("aws.redshift-serverless"));
            List<String> detailTypes = new ArrayList<>();
            events.categories()
                    .forEach(c -> detailTypes.addAll(
                            com.warehouseplatform.infra.constructs.WarehouseEvents.SERVERLESS_DETAIL_TYPES.get(c)));
            assertThat(pattern.get("detail-type")).isEqualTo(detailTypes);
            assertThat(pattern.containsKey("$or")).as("filtered on severity").isEqualTo(events.errorsOnly());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> targets = (List<Map<String, Object>>) rule.get("Targets");
            assertThat(targets).hasSize(1);
            assertThat(targets.get(0)).doesNotContainKey("RoleArn");
            String ruleArn = "arn:aws:events:" + aws.region() + ":" + aws.account() + ":rule/" + rule.get("Name");
            // what EventBridge cannot deliver goes to the target's dead-letter queue, which only this rule may use
            @SuppressWarnings("unchecked")
            String queueArn =
                    aws.render(stack, ((Map<String, Object>) targets.get(0).get("DeadLetterConfig")).get("Arn"));
            String queue = PolicySimulator.target(queueArn)[1];
            List<Statement> queuePolicy = aws.resourcePolicy(stack, "AWS::SQS::QueuePolicy", "Queues", queue);
            Map<String, String> fromRule = Map.of("aws:SourceArn", ruleArn, "aws:SecureTransport", "true");
            assertThat(aws.allows(
                            Request.byService("events.amazonaws.com", "sqs:SendMessage", queueArn, fromRule),
                            List.of(),
                            queuePolicy))
                    .as("the rule's dead letters")
                    .isTrue();
            assertThat(aws.allows(
                            Request.byService(
                                    "events.amazonaws.com",
                                    "sqs:SendMessage",
                                    queueArn,
                                    Map.of("aws:SourceArn", ruleArn + "-other", "aws:SecureTransport", "true")),
                            List.of(),
                            queuePolicy))
                    .as("another rule's dead letters")
                    .isFalse();
            publishers.add(new String[] {
                "events.amazonaws.com", aws.render(stack, targets.get(0).get("Arn")), "aws:SourceArn", ruleArn
            });
        } else {
            assertThat(rules).as("a cluster's events come by subscription").isEmpty();
            String warehouse = env + "-warehouse";
            String cluster = aws.render(
                    warehouse,
                    aws.properties(
                                    warehouse,
                                    aws.ofType(warehouse, "AWS::Redshift::Cluster")
                                            .get(0))
                            .get("ClusterIdentifier"));
            List<String> actions = aws.ofType(warehouse, "AWS::Redshift::ScheduledAction").stream()
                    .map(a -> aws.render(warehouse, aws.properties(warehouse, a).get("ScheduledActionName")))
                    .toList();
            Map<String, Object> bySourceType = new java.util.LinkedHashMap<>();
            for (String subscription : subscriptions) {
                Map<String, Object> props = aws.properties(stack, subscription);
                bySourceType.put((String) props.get("SourceType"), props);
                assertThat(props.get("Enabled")).isEqualTo(true);
                assertThat(props.get("Severity"))
                        .as(subscription + " severity")
                        .isEqualTo(events.errorsOnly() ? "ERROR" : null);
                publishers.add(new String[] {
                    "redshift.amazonaws.com",
                    aws.render(stack, props.get("SnsTopicArn")),
                    "aws:SourceAccount",
                    aws.account()
                });
            }
            List<String> sourceTypes = new ArrayList<>(List.of("cluster", "cluster-snapshot"));
            if (!actions.isEmpty()) {
                sourceTypes.add(1, "scheduled-action");
            }
            assertThat(bySourceType.keySet()).containsExactlyElementsOf(sourceTypes);
            @SuppressWarnings("unchecked")
            Map<String, Object> ofCluster = (Map<String, Object>) bySourceType.get("cluster");
            assertThat(ofCluster.get("SourceIds")).as("our cluster").isEqualTo(List.of(cluster));
            assertThat(ofCluster.get("EventCategories")).isEqualTo(events.categories());
            if (!actions.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> ofActions = (Map<String, Object>) bySourceType.get("scheduled-action");
                assertThat(ofActions.get("SourceIds"))
                        .as("our pause and resume")
                        .isEqualTo(actions);
            }
        }
        assertThat(publishers).isNotEmpty();
        for (String[] publisher : publishers) {
            String service = publisher[0];
            String topicArn = publisher[1];
            String topic = PolicySimulator.target(topicArn)[1];
            List<Statement> topicPolicy = aws.resourcePolicy(stack, "AWS::SNS::TopicPolicy", "Topics", topic);
            Map<String, String> context = Map.of(publisher[2], publisher[3], "aws:SecureTransport", "true");
            Request publish = Request.byService(service, "sns:Publish", topicArn, context);
            assertThat(aws.allows(publish, List.of(), topicPolicy))
                    .as(service + " publishes to " + topic)
                    .isTrue();
            String keyArn = aws.render(stack, aws.properties(stack, topic).get("KmsMasterKeyId"));
            String[] key = PolicySimulator.target(keyArn);
            List<Statement> keyPolicy = aws.keyPolicy(key[0], key[1]);
            // the topic's physical name, as CloudFormation generates it: <stack>-<logical id>-<suffix>
            String physicalTopicArn =
                    "arn:aws:sns:" + aws.region() + ":" + aws.account() + ":" + stack + "-" + topic + "-1A2B3C4D5E6F";
            Map<String, String> keyContext = new java.util.HashMap<>(context);
            keyContext.put("kms:EncryptionContext:aws:sns:topicArn", physicalTopicArn);
            for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                assertThat(aws.keyAllows(Request.byService(service, action, keyArn, keyContext), List.of(), keyPolicy))
                        .as(service + " " + action + " on the topic key")
                        .isTrue();
            }
            assertThat(emailSubscriptions(aws, stack, topicArn))
                    .as("email subscriptions of " + topic)
                    .containsExactlyElementsOf(built.config().alerts().emails());

            // refused: the same service for another account or rule, and the key for another stack's topic
            String foreign = "aws:SourceArn".equals(publisher[2])
                    ? "arn:aws:events:" + aws.region() + ":" + aws.account() + ":rule/someone-elses-rule"
                    : "444455556666";
            Request other = Request.byService(
                    service, "sns:Publish", topicArn, Map.of(publisher[2], foreign, "aws:SecureTransport", "true"));
            assertThat(aws.allows(other, List.of(), topicPolicy))
                    .as(service + " for " + foreign)
                    .isFalse();
            Map<String, String> otherTopic = new java.util.HashMap<>(keyContext);
            otherTopic.put(
                    "kms:EncryptionContext:aws:sns:topicArn",
                    "arn:aws:sns:" + aws.region() + ":" + aws.account() + ":someone-elses-topic");
            assertThat(aws.keyAllows(
                            Request.byService(service, "kms:GenerateDataKey", keyArn, otherTopic),
                            List.of(),
                            keyPolicy))
                    .as(service + " through the key for another topic")
                    .isFalse();
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
            Map<String, String> scheduler = Map.of(
                    "aws:SourceAccount",
                    aws.account(),
                    "aws:SourceArn",
                    "arn:aws:scheduler:" + aws.region() + ":" + aws.account() + ":schedule-group/" + group);
            List<Statement> trust = aws.trustPolicy(stack, role);
            assertThat(aws.allows(
                            Request.byService("scheduler.amazonaws.com", "sts:AssumeRole", roleArn, scheduler),
                            List.of(),
                            trust))
                    .as(schedule + ": the scheduler assumes its role")
                    .isTrue();
            assertThat(aws.allows(
                            Request.byService(
                                    "scheduler.amazonaws.com",
                                    "sts:AssumeRole",
                                    roleArn,
                                    Map.of(
                                            "aws:SourceAccount",
                                            "444455556666",
                                            "aws:SourceArn",
                                            "arn:aws:scheduler:" + aws.region() + ":444455556666:schedule-group/"
                                                    + group)),
                            List.of(),
                            trust))
                    .as(schedule + ": not for another account's schedules")
                    .isFalse();

            List<Statement> identity = aws.identityPolicy(stack, role);
            String function = aws.render(stack, target.get("Arn"));
            assertThat(aws.allows(Request.byRole(roleArn, "lambda:InvokeFunction", function), identity, List.of()))
                    .as(schedule + " invokes " + function)
                    .isTrue();

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
            Map<String, Object> onFailure =
                    (Map<String, Object>) ((Map<String, Object>) props.get("DestinationConfig")).get("OnFailure");
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
            Map<String, Object> variables =
                    (Map<String, Object>) ((Map<String, Object>) props.getOrDefault("Environment", Map.of()))
                            .getOrDefault("Variables", Map.of());
            if (!variables.containsKey("ALERT_TOPIC_ARN")) {
                continue;
            }
            loaders++;
            String topicArn = aws.render(stack, variables.get("ALERT_TOPIC_ARN"));
            String topic = PolicySimulator.target(topicArn)[1];
            String roleArn = aws.render(stack, props.get("Role"));
            List<Statement> identity = aws.identityPolicy(stack, PolicySimulator.target(roleArn)[1]);
            Request publish = Request.byRole(roleArn, "sns:Publish", topicArn);
            assertThat(aws.allows(
                            publish, identity, aws.resourcePolicy(stack, "AWS::SNS::TopicPolicy", "Topics", topic)))
                    .as(function + " publishes")
                    .isTrue();
            String keyArn = aws.render(stack, aws.properties(stack, topic).get("KmsMasterKeyId"));
            String[] key = PolicySimulator.target(keyArn);
            for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                assertThat(aws.keyAllows(publish.with(action, keyArn), identity, aws.keyPolicy(key[0], key[1])))
                        .as(function + " " + action + " on the topic key")
                        .isTrue();
            }
            // and another role of the account, without the grant, may not
            assertThat(aws.allows(
                            Request.byRole("att:" + stack + "/SomeOtherRole.Arn", "sns:Publish", topicArn),
                            List.of(),
                            aws.resourcePolicy(stack, "AWS::SNS::TopicPolicy", "Topics", topic)))
                    .isFalse();
        }
        assertThat(loaders).isEqualTo(Platforms.of(env).config().loaders().size());
    }

    /**
     * COPY reads each loader's files and its manifests: the warehouse's service principal assumes a COPY role
     * (its trust), whose policy allows the read, the raw and ops bucket policies do not deny it, the S3 gateway
     * endpoint's policy admits it (enhanced VPC routing sends it through the VPC), and the lake key's policy
     * lets the role decrypt through the account. The egress to S3 is WarehouseStackTest's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void copyReadsEachLoadersFilesAndManifestsThroughEveryPolicyOnTheWay(String env) {
        Platforms.Built built = Platforms.of(env);
        PolicySimulator aws = new PolicySimulator(built);
        String warehouse = built.config().warehouse().serverless()
                ? "redshift-serverless.amazonaws.com"
                : "redshift.amazonaws.com";
        List<String[]> copyRoles = new ArrayList<>();
        for (String stack : aws.stacks()) {
            for (String role : aws.ofType(stack, "AWS::IAM::Role")) {
                String roleArn = "att:" + stack + "/" + role + ".Arn";
                if (aws.allows(
                        Request.byService(
                                warehouse, "sts:AssumeRole", roleArn, Map.of("aws:SourceAccount", aws.account())),
                        List.of(),
                        aws.trustPolicy(stack, role))) {
                    copyRoles.add(new String[] {stack, role});
                }
            }
        }
        assertThat(copyRoles).as("roles the warehouse may assume").isNotEmpty();
        String lake = env + "-data-lake";
        String network = env + "-network";
        String suffix = "-" + aws.account() + "-" + aws.region();
        List<Statement> endpoint = aws.ofType(network, "AWS::EC2::VPCEndpoint").stream()
                .flatMap(id -> aws.policyOf(network, id, "PolicyDocument").stream())
                .toList();
        String keyArn = "att:" + lake + "/" + aws.ofType(lake, "AWS::KMS::Key").get(0) + ".Arn";
        List<Statement> keyPolicy =
                aws.keyPolicy(lake, aws.ofType(lake, "AWS::KMS::Key").get(0));
        for (var loader : built.config().loaders()) {
            String file = "arn:aws:s3:::" + env + "-raw" + suffix + "/" + loader.source() + "2026/12/01/part-0001.csv";
            String manifest =
                    "arn:aws:s3:::" + env + "-ops" + suffix + "/manifests/" + loader.name() + "/batch-1/data.manifest";
            for (String object : List.of(file, manifest)) {
                String bucket = object.substring("arn:aws:s3:::".length(), object.indexOf('/'));
                List<Statement> bucketPolicy =
                        aws.resourcePolicy(lake, "AWS::S3::BucketPolicy", "Bucket", bucketId(aws, lake, bucket));
                boolean readable = copyRoles.stream().anyMatch(role -> {
                    String roleArn = "att:" + role[0] + "/" + role[1] + ".Arn";
                    List<Statement> identity = aws.identityPolicy(role[0], role[1]);
                    Request read = new Request(
                            null,
                            roleArn,
                            "s3:GetObject",
                            object,
                            Map.of("aws:SecureTransport", "true", "aws:PrincipalAccount", aws.account()));
                    return aws.allows(read, identity, bucketPolicy)
                            && aws.allows(read, List.of(), endpoint)
                            && aws.keyAllows(
                                    new Request(
                                            null,
                                            roleArn,
                                            "kms:Decrypt",
                                            keyArn,
                                            Map.of(
                                                    "aws:SecureTransport",
                                                    "true",
                                                    "kms:ViaService",
                                                    "s3." + aws.region() + ".amazonaws.com")),
                                    identity,
                                    keyPolicy);
                });
                assertThat(readable)
                        .as("COPY of loader " + loader.name() + " reads " + object)
                        .isTrue();
            }
            // the endpoint admits no other bucket, nor another account's principals
            Request elsewhere = new Request(
                    null,
                    "att:x/Role.Arn",
                    "s3:GetObject",
                    "arn:aws:s3:::someone-elses-bucket/a.csv",
                    Map.of("aws:PrincipalAccount", aws.account()));
            assertThat(aws.allows(elsewhere, List.of(), endpoint))
                    .as("endpoint: another bucket")
                    .isFalse();
            Request foreign = new Request(
                    null, "att:x/Role.Arn", "s3:GetObject", file, Map.of("aws:PrincipalAccount", "444455556666"));
            assertThat(aws.allows(foreign, List.of(), endpoint))
                    .as("endpoint: another account")
                    .isFalse();
        }
    }

    /** The loader writes its manifests and state without encryption headers: the ops bucket's policy lets it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyLoaderWritesItsStateAndManifestsIntoTheOpsBucket(String env) {
        Platforms.Built built = Platforms.of(env);
        PolicySimulator aws = new PolicySimulator(built);
        String stack = loaders(env);
        String lake = env + "-data-lake";
        String ops = env + "-ops-" + aws.account() + "-" + aws.region();
        List<Statement> bucketPolicy =
                aws.resourcePolicy(lake, "AWS::S3::BucketPolicy", "Bucket", bucketId(aws, lake, ops));
        for (String function : aws.ofType(stack, "AWS::Lambda::Function")) {
            Map<String, Object> props = aws.properties(stack, function);
            @SuppressWarnings("unchecked")
            Map<String, Object> variables =
                    (Map<String, Object>) ((Map<String, Object>) props.getOrDefault("Environment", Map.of()))
                            .getOrDefault("Variables", Map.of());
            if (!variables.containsKey("LOADER_NAME")) {
                continue;
            }
            String name = aws.render(stack, variables.get("LOADER_NAME"));
            String roleArn = aws.render(stack, props.get("Role"));
            List<Statement> identity = aws.identityPolicy(stack, PolicySimulator.target(roleArn)[1]);
            // the bucket policy tells loaders apart by the role's name, fixed as <env>-loader-<name>
            Map<String, String> asItself = Map.of(
                    "aws:SecureTransport",
                    "true",
                    "aws:PrincipalArn",
                    "arn:aws:iam::" + aws.account() + ":role/" + env + "-loader-" + name);
            Map<String, String> asAnother = Map.of(
                    "aws:SecureTransport",
                    "true",
                    "aws:PrincipalArn",
                    "arn:aws:iam::" + aws.account() + ":role/" + env + "-loader-someone-else");
            for (String key :
                    List.of("state/" + name + "/pending.json", "manifests/" + name + "/batch-1/data.manifest")) {
                String object = "arn:aws:s3:::" + ops + "/" + key;
                assertThat(aws.allows(
                                new Request(null, roleArn, "s3:PutObject", object, asItself), identity, bucketPolicy))
                        .as(name + " writes " + key)
                        .isTrue();
                assertThat(aws.allows(
                                new Request(null, roleArn, "s3:PutObject", object, asAnother), identity, bucketPolicy))
                        .as("another loader's role writes " + key)
                        .isFalse();
            }
        }
    }

    private static String bucketId(PolicySimulator aws, String stack, String name) {
        return aws.ofType(stack, "AWS::S3::Bucket").stream()
                .filter(id ->
                        name.equals(aws.render(stack, aws.properties(stack, id).get("BucketName"))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bucket " + name + " in " + stack));
    }

    private static void assertQueueAccepts(
            PolicySimulator aws, String stack, String roleArn, List<Statement> identity, String queueArn, String what) {
        String queue = PolicySimulator.target(queueArn)[1];
        Request send = Request.byRole(roleArn, "sqs:SendMessage", queueArn);
        assertThat(aws.allows(send, identity, aws.resourcePolicy(stack, "AWS::SQS::QueuePolicy", "Queues", queue)))
                .as(what + " accepts the message")
                .isTrue();
        Map<String, Object> props = aws.properties(stack, queue);
        if (props.containsKey("KmsMasterKeyId")) {
            String keyArn = aws.render(stack, props.get("KmsMasterKeyId"));
            String[] key = PolicySimulator.target(keyArn);
            assertThat(aws.keyAllows(send.with("kms:GenerateDataKey", keyArn), identity, aws.keyPolicy(key[0], key[1])))
                    .as(what + "'s key")
                    .isTrue();
        } else {
            // SSE-SQS: SQS's own keys, no key policy in the way
            assertThat(props.get("SqsManagedSseEnabled"))
                    .as(what + " encrypted")
                    .isEqualTo(true);
        }
    }

    private static Map<String, String> alarmContext(PolicySimulator aws, String account, String alarmName) {
        return Map.of(
                "aws:SourceAccount",
                account,
                "aws:SourceArn",
                "arn:aws:cloudwatch:" + aws.region() + ":" + account + ":alarm:" + alarmName,
                "aws:SecureTransport",
                "true");
    }

    private static List<String> emailSubscriptions(PolicySimulator aws, String stack, String topicArn) {
        return aws.ofType(stack, "AWS::SNS::Subscription").stream()
                .map(id -> aws.properties(stack, id))
                .filter(p -> "email".equals(p.get("Protocol")) && topicArn.equals(aws.render(stack, p.get("TopicArn"))))
                .map(p -> (String) p.get("Endpoint"))
                .toList();
    }
}
