package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.List;

/**
 * Where loaders and alarms send alerts: an SNS topic encrypted with a key of its own (CloudWatch alarms
 * cannot publish to a topic under the AWS-managed SNS key), TLS-only, with the configured emails.
 */
public class AlertTopic extends Construct {

    public record Props(String environment, List<String> emails, RemovalPolicy removalPolicy) {
    }

    private final Topic topic;
    private final Key key;

    public AlertTopic(Construct scope, String id, Props props) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the " + props.environment() + " warehouse alert topic")
                .enableKeyRotation(true)
                .removalPolicy(props.removalPolicy())
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        topic = Topic.Builder.create(this, "Resource")
                .displayName("Warehouse alerts (" + props.environment() + ")")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        for (String email : props.emails()) {
            topic.addSubscription(new EmailSubscription(email));
        }
        if (!props.emails().isEmpty()) {
            Findings.acknowledge(topic, "Serverless::Serverless-SNSRedrivePolicy",
                    "Email subscriptions are retried by SNS's email delivery policy; an undelivered email leaves the alarm in ALARM and the alert in the loader's log.");
        }
    }

    /** Lets {@code grantee} publish to the topic: sns:Publish on it and the two key actions publishing needs. */
    public void grantPublish(IGrantable grantee) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sns:Publish")).resources(List.of(topic.getTopicArn())).build());
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(key.getKeyArn())).build());
    }

    public Topic getTopic() {
        return topic;
    }
}
