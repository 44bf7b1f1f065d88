package com.warehouseplatform.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where loaders and alarms send alerts: an SNS topic encrypted with a key of its own (CloudWatch alarms
 * cannot publish to a topic under the AWS-managed SNS key), TLS-only, with the configured emails.
 * CloudWatch may publish to it, and use its key, only for alarms of this account and region whose names
 * start with {@code alarmNamePrefix}: the topic policy CDK writes for TLS holds no allow, and
 * cloudwatch.amazonaws.com is not a principal of this account that an identity policy could let in.
 */
public class AlertTopic extends Construct {

    /** @param alarmNamePrefix the names of the alarms that notify the topic start with this */
    public record Props(String environment, String alarmNamePrefix, List<String> emails, RemovalPolicy removalPolicy) {}

    private final Topic topic;
    private final Key key;

    public AlertTopic(Construct scope, String id, Props props) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the " + props.environment() + " warehouse alert topic")
                .enableKeyRotation(true)
                .removalPolicy(props.removalPolicy())
                .build();
        KeyPolicies.grantsOnlyForAwsResources(key);
        Map<String, Object> ownAlarms = ownAlarms(props.alarmNamePrefix());
        // "Enable compatibility between event sources from AWS services and encrypted topics" and the confused
        // deputy conditions:
        // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisEnvironment")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(ownAlarms)
                .build());
        topic = Topic.Builder.create(this, "Resource")
                .displayName("Warehouse alerts (" + props.environment() + ")")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        // CloudWatch's alarm actions publish as the service, so the topic policy must let it in
        // ("Using Amazon CloudWatch alarms", Amazon SNS topic and confused deputy prevention:
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html)
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisEnvironment")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(ownAlarms)
                .build());
        for (String email : props.emails()) {
            topic.addSubscription(new EmailSubscription(email));
        }
        if (!props.emails().isEmpty()) {
            Findings.acknowledge(
                    topic,
                    "Serverless::Serverless-SNSRedrivePolicy",
                    "Email subscriptions are retried by SNS's email delivery policy; an undelivered email leaves the alarm in ALARM and the alert in the loader's log.");
        }
    }

    /**
     * Lets Redshift's event notifications (event subscriptions of a provisioned cluster) publish to the topic and use
     * its key. Redshift publishes as the service principal redshift.amazonaws.com ("Amazon Redshift event
     * notifications", https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-event-notifications.html). Neither
     * that page nor CreateEventSubscription's says whether the service sends aws:SourceAccount or aws:SourceArn with
     * its publish, and a condition on a key it does not send would drop every event without a trace: so the account
     * is required only if present ({@code StringEqualsIfExists}), which refuses another account's Redshift whenever
     * the key is sent. The key may only be used for this stack's topics: SNS always sends the topic's ARN as the
     * encryption context aws:sns:topicArn ("Key management", https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
     */
    public void allowRedshiftEventNotifications() {
        Stack stack = Stack.of(this);
        Map<String, Object> ownAccountIfSent =
                Map.of("StringEqualsIfExists", Map.of("aws:SourceAccount", stack.getAccount()));
        allowService("RedshiftEventNotifications", "redshift.amazonaws.com", ownAccountIfSent, ownAccountIfSent);
    }

    /**
     * Lets one EventBridge rule publish to the topic and use its key: the topic policy names the rule in aws:SourceArn,
     * which EventBridge sends for resource-policy targets ("Using resource-based policies for Amazon EventBridge",
     * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions); the key
     * policy asks the same when the key is sent through SNS, and always the encryption context of this stack's topics.
     */
    public void allowEventBridgeRule(String sid, String ruleArn) {
        Map<String, Object> theRule = Map.of("ArnEquals", Map.of("aws:SourceArn", ruleArn));
        Map<String, Object> theRuleIfSent = Map.of("ArnEqualsIfExists", Map.of("aws:SourceArn", ruleArn));
        allowService(sid, "events.amazonaws.com", theRule, theRuleIfSent);
    }

    private void allowService(
            String sid, String service, Map<String, Object> topicConditions, Map<String, Object> keyConditions) {
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .principals(List.of(new ServicePrincipal(service)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(topicConditions)
                .build());
        // the topic's own ARN would make the key depend on the topic that depends on the key: CloudFormation names
        // the topic <stack name>-<logical id>-<suffix>, so the stack's topics stand for it
        Stack stack = Stack.of(this);
        Map<String, Object> conditions = new LinkedHashMap<>(keyConditions);
        conditions.put(
                "StringLike",
                Map.of(
                        "kms:EncryptionContext:aws:sns:topicArn",
                        "arn:" + stack.getPartition() + ":sns:" + stack.getRegion() + ":" + stack.getAccount() + ":"
                                + stack.getStackName() + "-*"));
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .principals(List.of(new ServicePrincipal(service)))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(conditions)
                .build());
    }

    /** aws:SourceAccount is this account and aws:SourceArn an alarm of this account and region named {@code prefix*}. */
    private Map<String, Object> ownAlarms(String prefix) {
        Stack stack = Stack.of(this);
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()));
        conditions.put(
                "ArnLike",
                Map.of(
                        "aws:SourceArn",
                        "arn:" + stack.getPartition() + ":cloudwatch:" + stack.getRegion() + ":" + stack.getAccount()
                                + ":alarm:" + prefix + "*"));
        return conditions;
    }

    /** Lets {@code grantee} publish to the topic: sns:Publish on it and the two key actions publishing needs. */
    public void grantPublish(IGrantable grantee) {
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("sns:Publish"))
                        .resources(List.of(topic.getTopicArn()))
                        .build());
        grantee.getGrantPrincipal()
                .addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                        .resources(List.of(key.getKeyArn()))
                        .build());
    }

    public Key getKey() {
        return key;
    }

    public Topic getTopic() {
        return topic;
    }
}
