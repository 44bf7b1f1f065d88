package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.WarehouseEventsConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.redshift.CfnEventSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The warehouse's own events (a failed resume, a failed snapshot, a security event, a maintenance notice) to the
 * alert topic, with the configured severity and categories, and the topic and key policies that let them in.
 *
 * <p>A provisioned cluster gets Redshift event subscriptions, one per source type, the way Redshift filters them
 * (AWS::Redshift::EventSubscription; "Amazon Redshift event notifications",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-event-notifications.html): the cluster, by its
 * identifier; its pause and resume actions, by their names; and its snapshots. Snapshot identifiers are generated
 * (automated snapshots are named rs:&lt;cluster&gt;-&lt;time&gt;), so that subscription cannot name ours and covers
 * every snapshot of the account and region: another cluster's failed snapshot there alerts too.
 *
 * <p>Redshift Serverless has no event subscriptions; it sends its events to EventBridge, source
 * aws.redshift-serverless, one detail-type per category ("Amazon Redshift Serverless events",
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-redshift-serverless.html; "Amazon Redshift Serverless
 * event notifications with Amazon EventBridge",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-event-notifications-eventbridge.html). One rule on the
 * default bus sends the configured categories' detail-types to the topic. See {@link #SERVERLESS_DETAIL_TYPES} and
 * {@link #serverlessPattern} for what the pages leave open.
 */
public class WarehouseEvents extends Construct {

    /**
     * The Serverless detail-types of each Redshift category. The Serverless-only ones go where they belong: a base RPU
     * or rate change is a change of the workgroup's configuration. Data sharing events go nowhere: the platform
     * configures no data sharing.
     */
    public static final Map<String, List<String>> SERVERLESS_DETAIL_TYPES = serverlessDetailTypes();

    /**
     * @param clusterIdentifier the cluster (provisioned), else {@code null}
     * @param scheduledActions the cluster's scheduled actions' names (provisioned, may be empty)
     * @param removalPolicy of the Serverless rule's dead-letter queue (a cluster's subscriptions keep nothing)
     */
    public record Props(
            String environment,
            WarehouseEventsConfig config,
            AlertTopic alerts,
            String clusterIdentifier,
            List<String> scheduledActions,
            RemovalPolicy removalPolicy) {

        /** A provisioned cluster's events: the cluster's, its scheduled actions' and the snapshots'. */
        public static Props cluster(
                String environment,
                WarehouseEventsConfig config,
                AlertTopic alerts,
                String clusterIdentifier,
                List<String> scheduledActions) {
            return new Props(
                    environment,
                    config,
                    alerts,
                    clusterIdentifier,
                    List.copyOf(scheduledActions),
                    RemovalPolicy.DESTROY);
        }

        /** A Serverless warehouse's events, through EventBridge. */
        public static Props serverless(
                String environment, WarehouseEventsConfig config, AlertTopic alerts, RemovalPolicy removalPolicy) {
            return new Props(environment, config, alerts, null, List.of(), removalPolicy);
        }
    }

    private final List<CfnEventSubscription> subscriptions = new ArrayList<>();
    private final CfnRule rule;
    private final Queue deadLetters;

    public WarehouseEvents(Construct scope, String id, Props props) {
        super(scope, id);
        if (props.clusterIdentifier() != null) {
            rule = null;
            deadLetters = null;
            String name = props.environment() + "-warehouse";
            subscribe(props, "Cluster", name + "-cluster", "cluster", List.of(props.clusterIdentifier()), true);
            if (!props.scheduledActions().isEmpty()) {
                subscribe(
                        props,
                        "ScheduledActions",
                        name + "-scheduled-actions",
                        "scheduled-action",
                        props.scheduledActions(),
                        false);
            }
            subscribe(props, "Snapshots", name + "-snapshots", "cluster-snapshot", List.of(), false);
            props.alerts().allowRedshiftEventNotifications();
        } else {
            // the rule's ARN as text, from its fixed name on the default bus: its attribute would make the key, whose
            // policy names it, depend on the rule, which depends on the topic, which depends on the key
            Stack stack = Stack.of(this);
            String ruleName = props.environment() + "-warehouse-events";
            String ruleArn = "arn:" + stack.getPartition() + ":events:" + stack.getRegion() + ":" + stack.getAccount()
                    + ":rule/" + ruleName;
            deadLetters = deadLetters(ruleArn, props);
            rule = CfnRule.Builder.create(this, "Rule")
                    .name(ruleName)
                    .description("Redshift Serverless events of the " + props.environment()
                            + " warehouse to its alert topic")
                    .state("ENABLED")
                    .eventPattern(serverlessPattern(props.config()))
                    .targets(List.of(CfnRule.TargetProperty.builder()
                            .id("AlertTopic")
                            .arn(props.alerts().getTopic().getTopicArn())
                            // EventBridge retries a failed delivery for up to 24 hours, then puts the event here
                            // ("Using dead-letter queues to process undelivered events in EventBridge",
                            // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html)
                            .retryPolicy(CfnRule.RetryPolicyProperty.builder()
                                    .maximumRetryAttempts(185)
                                    .maximumEventAgeInSeconds(86400)
                                    .build())
                            .deadLetterConfig(CfnRule.DeadLetterConfigProperty.builder()
                                    .arn(deadLetters.getQueueArn())
                                    .build())
                            .build()))
                    .build();
            props.alerts().allowEventBridgeRule("WarehouseEventsRule", ruleArn);
        }
    }

    /**
     * What the rule could not deliver to the topic (a topic or key policy that refuses EventBridge would leave no
     * other trace): an encrypted, TLS-only queue that only this rule may send to, and an alarm on it. The alarm's
     * name starts with the loaders' alarm prefix because the topic lets in CloudWatch alarms of that prefix only.
     */
    private Queue deadLetters(String ruleArn, Props props) {
        Queue queue = DeadLetterQueue.create(
                this, "DeadLetters", props.removalPolicy(), "the dead-letter queue of the warehouse events rule");
        // EventBridge sends to a dead-letter queue as the service, for the rule named in aws:SourceArn
        // ("Granting permissions to the dead-letter queue", eb-rule-dlq.html)
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("WarehouseEventsRule")
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", ruleArn)))
                .build());
        Alarm alarm = Alarm.Builder.create(this, "DeadLettersAlarm")
                .alarmName(LoaderAlarms.namePrefix(props.environment()) + "warehouse-events-undelivered")
                .alarmDescription("A Redshift Serverless event could not be delivered to the alert topic; it waits in "
                        + "queue " + queue.getQueueName() + ".")
                .metric(queue.metricApproximateNumberOfMessagesVisible())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(props.alerts().getTopic()));
        return queue;
    }

    /**
     * One subscription. Redshift refuses a category that does not apply to the source type
     * (SubscriptionCategoryNotFoundFault, CreateEventSubscription), and which categories the scheduled actions and
     * snapshots have is a table of the Management Guide's ("Amazon Redshift event categories and event messages"),
     * not an API this synth can ask; so only the cluster's subscription takes the configured categories (a cluster has
     * all five), and the scheduled actions' and snapshots' take every category they have, at the configured severity:
     * their events are few, and a failed pause, resume or snapshot is what they are there for.
     * Redshift refuses a severity the same way (SubscriptionSeverityNotFoundFault); both have failures to report, so
     * ERROR should hold, and a deploy that says otherwise names the subscription.
     */
    private void subscribe(
            Props props, String id, String name, String sourceType, List<String> sourceIds, boolean byCategory) {
        CfnEventSubscription.Builder subscription = CfnEventSubscription.Builder.create(this, id)
                .subscriptionName(name)
                .snsTopicArn(props.alerts().getTopic().getTopicArn())
                .sourceType(sourceType)
                .enabled(true);
        if (byCategory) {
            subscription.eventCategories(props.config().categories());
        }
        if (!sourceIds.isEmpty()) {
            subscription.sourceIds(sourceIds);
        }
        // INFO means every event: without a severity the subscription sends both of Redshift's, INFO and ERROR
        if (props.config().errorsOnly()) {
            subscription.severity("ERROR");
        }
        subscriptions.add(subscription.build());
    }

    /**
     * Source and the categories' detail-types; for severity ERROR also the event's severity. The EventBridge pages list
     * the detail-types and the Redshift page a severity per event, but neither shows the detail's field names. The rule
     * asks for {@code detail.severity} ERROR or no {@code detail.severity} at all: if the field is named otherwise,
     * INFO events come through too, rather than every event being dropped. For the same reason the rule does not
     * filter on the namespace or workgroup (no page says which field names them): it takes the Serverless events of
     * the whole account and region.
     */
    static Map<String, Object> serverlessPattern(WarehouseEventsConfig config) {
        List<String> detailTypes = new ArrayList<>();
        for (String category : config.categories()) {
            detailTypes.addAll(SERVERLESS_DETAIL_TYPES.get(category));
        }
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("source", List.of("aws.redshift-serverless"));
        pattern.put("detail-type", detailTypes);
        if (config.errorsOnly()) {
            pattern.put(
                    "$or",
                    List.of(
                            Map.of("detail", Map.of("severity", List.of("ERROR"))),
                            Map.of("detail", Map.of("severity", List.of(Map.of("exists", false))))));
        }
        return pattern;
    }

    private static Map<String, List<String>> serverlessDetailTypes() {
        Map<String, List<String>> types = new LinkedHashMap<>();
        types.put(
                "configuration",
                List.of(
                        "Redshift Serverless Configuration",
                        "Redshift Serverless Base RPU Change",
                        "Redshift Serverless Rate change"));
        types.put("management", List.of("Redshift Serverless Management"));
        types.put("monitoring", List.of("Redshift Serverless Monitoring"));
        types.put("security", List.of("Redshift Serverless Security"));
        types.put("pending", List.of("Redshift Serverless Pending"));
        return java.util.Collections.unmodifiableMap(types);
    }

    /** The cluster's event subscriptions (provisioned), else empty. */
    public List<CfnEventSubscription> getSubscriptions() {
        return List.copyOf(subscriptions);
    }

    /** The rule's dead-letter queue (Serverless), else {@code null}. */
    public Queue getDeadLetters() {
        return deadLetters;
    }

    /** The EventBridge rule (Serverless), else {@code null}. */
    public CfnRule getRule() {
        return rule;
    }
}
