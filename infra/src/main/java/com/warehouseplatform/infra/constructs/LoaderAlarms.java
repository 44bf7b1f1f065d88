package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.LoaderConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The alarms of one loader, each notifying the alert topic: the function failed; an invocation could
 * not be delivered or still failed after its retries (a message waits in a dead-letter queue); or no
 * batch has loaded for longer than {@code freshnessHours}.
 */
public class LoaderAlarms extends Construct {
    /** The namespace of the metrics the loader writes in embedded metric format. */
    public static final String NAMESPACE = "WarehousePlatform/Loaders";

    /** Every alarm of a loader of {@code environment} is named with this prefix. */
    public static String namePrefix(String environment) {
        return environment + "-loader-";
    }

    public record Props(
            String environment,
            LoaderConfig loader,
            IFunction function,
            List<IQueue> deadLetterQueues,
            ITopic alerts) {}

    private final Alarm errors;
    private final Alarm freshness;

    public LoaderAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        String name = namePrefix(props.environment()) + props.loader().name();
        SnsAction notify = new SnsAction(props.alerts());
        errors = alarm(
                "Errors",
                name + "-errors",
                "Loader " + props.loader().name()
                        + " failed: its alert and its log name the batch, the files and the errors.",
                props.function().metricErrors(),
                1,
                TreatMissingData.NOT_BREACHING,
                notify);
        for (int i = 0; i < props.deadLetterQueues().size(); i++) {
            IQueue queue = props.deadLetterQueues().get(i);
            alarm(
                    "DeadLetters" + (i + 1),
                    name + "-dead-letters-" + (i + 1),
                    "An invocation of loader " + props.loader().name()
                            + " was not delivered or failed after its retries; " + "the event waits in queue "
                            + queue.getQueueName() + ".",
                    queue.metricApproximateNumberOfMessagesVisible(),
                    1,
                    TreatMissingData.NOT_BREACHING,
                    notify);
        }
        Metric sinceSuccess = Metric.Builder.create()
                .namespace(NAMESPACE)
                // the seconds since the last success during which the pause schedule had the cluster up (the loader
                // counts them; without a schedule, wall-clock seconds): a paused night or weekend does not alarm,
                // a cluster left paused outside its schedule does
                .metricName("UpSecondsSinceLastSuccess")
                .dimensionsMap(Map.of("Loader", props.loader().name()))
                .statistic("Maximum")
                .period(Duration.hours(1))
                .build();
        freshness = alarm(
                "Freshness",
                name + "-freshness",
                "Loader " + props.loader().name() + " has loaded nothing for more than "
                        + props.loader().freshnessHours() + " hours, or has not reported at all.",
                sinceSuccess,
                props.loader().freshnessThresholdSeconds(),
                TreatMissingData.BREACHING,
                notify);
    }

    private Alarm alarm(
            String id,
            String name,
            String description,
            IMetric metric,
            double threshold,
            TreatMissingData missing,
            SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(notify);
        return alarm;
    }

    public Alarm getErrors() {
        return errors;
    }

    public Alarm getFreshness() {
        return freshness;
    }
}
