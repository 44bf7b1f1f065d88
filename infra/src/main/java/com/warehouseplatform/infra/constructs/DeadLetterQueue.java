package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * A queue that holds what something else could not deliver: SQS-encrypted, TLS only, kept 14 days (the most SQS
 * keeps), and marked as a dead-letter queue itself, which is why it has none behind it.
 */
public final class DeadLetterQueue {
    private DeadLetterQueue() {}

    /** @param whatItIs completes "This queue is itself ...", the reason of both acknowledgments */
    public static Queue create(Construct scope, String id, RemovalPolicy removalPolicy, String whatItIs) {
        Queue queue = Queue.Builder.create(scope, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                // the queue is a dead-letter queue: saying so in RedriveAllowPolicy meets CT.SQS.PR.1, which asks a
                // dead-letter queue for a redrive configuration instead of a dead-letter queue of its own;
                // allowAll is what SQS applies when the policy is absent, so no queue gains or loses access
                // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html,
                // RedriveAllowPolicy)
                .redriveAllowPolicy(RedriveAllowPolicy.builder()
                        .redrivePermission(RedrivePermission.ALLOW_ALL)
                        .build())
                .removalPolicy(removalPolicy)
                .build();
        String reason = "This queue is itself " + whatItIs + "; it needs no queue behind it.";
        Findings.acknowledge(queue, "AwsSolutions-SQS3", reason);
        Findings.acknowledge(queue, "Serverless::Serverless-SQSRedrivePolicy", reason);
        return queue;
    }
}
