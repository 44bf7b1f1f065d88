package com.warehouseplatform.loader;

import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes a loader's alerts to its SNS topic; without a topic, or when SNS fails, the alert is logged. */
final class AlertSender {

    private final SnsClient sns;
    private final String loader;
    private final String topicArn;
    private final Telemetry log;

    AlertSender(SnsClient sns, LoaderSettings s, Telemetry log) {
        this.sns = sns;
        this.loader = s.loaderName();
        this.topicArn = s.alertTopicArn();
        this.log = log;
    }

    void send(String subject, String message) {
        if (topicArn == null) {
            log.warn(null, "no ALERT_TOPIC_ARN: alert only logged", Map.of("subject", subject, "alert", message));
            return;
        }
        try {
            sns.publish(b -> b.topicArn(topicArn)
                    .subject(Alerts.subject(loader, subject))
                    .message(message));
        } catch (RuntimeException e) {
            log.error(
                    null,
                    "could not publish the alert: " + e.getMessage(),
                    Map.of("subject", subject, "alert", message));
        }
    }
}
