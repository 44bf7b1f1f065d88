package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoaderEnvironmentTest {
    private static final LoaderEnvironment.Deployment CLUSTER = new LoaderEnvironment.Deployment(
            "raw", "ops", "analytics", "dev-warehouse", null, "arn:aws:iam::123456789012:role/dev-copy", null);

    private static LoaderConfig merge(List<String> orderBy) {
        return new LoaderConfig(
                "orders",
                "sales.orders",
                "orders/",
                new LoaderConfig.Format("csv", true, "\t", "gzip"),
                "rate(15 minutes)",
                "UTC",
                "merge",
                List.of("order_id", "line_no"),
                orderBy,
                0,
                1000,
                24);
    }

    @Test
    void setsOrderByOnlyWhenTheLoaderHasOne() {
        Map<String, String> with = LoaderEnvironment.variables(merge(List.of("updated_at", "seq")), CLUSTER);
        assertThat(with)
                .containsEntry("MERGE_KEYS", "order_id,line_no")
                .containsEntry("ORDER_BY", "updated_at,seq")
                .containsEntry("CSV_DELIMITER", "\t")
                .containsEntry("MAX_BYTES_PER_RUN", "10737418240");
        assertThat(LoaderEnvironment.variables(merge(List.of()), CLUSTER)).doesNotContainKey("ORDER_BY");
    }

    @Test
    void readsOrderByFromTheFile() {
        EnvironmentConfig config = ConfigLoader.parse(
                BadConfigCases.VALID.replace("keys: [order_id]", "keys: [order_id]\n    orderBy: [updated_at]"),
                "config/prod.yaml",
                "prod");
        assertThat(config.loaders().get(0).orderBy()).containsExactly("updated_at");
        assertThat(config.loaders().get(1).orderBy()).isEmpty();
    }

    /** In AWS each loader has its own COPY role; the local warehouse gives every loader the deployment's one. */
    @Test
    void givesEachLoaderItsOwnCopyRoleAndTheDeploymentsOneToTheOthers() {
        LoaderConfig orders = merge(List.of());
        assertThat(LoaderEnvironment.variables(orders, CLUSTER))
                .containsEntry("COPY_ROLE_ARN", "arn:aws:iam::123456789012:role/dev-copy");
        LoaderEnvironment.Deployment perLoader = new LoaderEnvironment.Deployment(
                        "raw", "ops", "analytics", "dev-warehouse", null, null, null)
                .withCopyRole("orders", "arn:aws:iam::123456789012:role/dev-copy-orders");
        assertThat(LoaderEnvironment.variables(orders, perLoader))
                .containsEntry("COPY_ROLE_ARN", "arn:aws:iam::123456789012:role/dev-copy-orders");
        assertThat(LoaderEnvironment.variables(
                        orders, CLUSTER.withCopyRole("orders", "arn:aws:iam::123456789012:role/own")))
                .containsEntry("COPY_ROLE_ARN", "arn:aws:iam::123456789012:role/own");
        LoaderConfig events = new LoaderConfig(
                "events",
                "web.events",
                "events/",
                new LoaderConfig.Format("json", false, ",", "none"),
                "rate(5 minutes)",
                "UTC",
                "append",
                List.of(),
                List.of(),
                0,
                1000,
                24);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoaderEnvironment.variables(events, perLoader))
                .hasMessage("loader events has no COPY role in this deployment");
    }

    /** The pause schedules reach a cluster's loaders (freshness counts the up time only); never a workgroup's. */
    @Test
    void passesTheClustersPauseAndResumeSchedules() {
        EnvironmentConfig config = ConfigLoader.parse(
                BadConfigCases.VALID.replace(
                        "  allowedCidrs: [10.0.0.0/8]\n",
                        "  allowedCidrs: [10.0.0.0/8]\n  operations: {pauseSchedule: \"cron(0 19 ? * MON-FRI *)\","
                                + " resumeSchedule: \"cron(0 6 ? * MON-FRI *)\"}\n"),
                "config/prod.yaml",
                "prod");
        Map<String, String> env = LoaderEnvironment.variables(
                merge(List.of()), CLUSTER.withSchedules(config.warehouse().operations()));
        assertThat(env)
                .containsEntry("PAUSE_SCHEDULE", "cron(0 19 ? * MON-FRI *)")
                .containsEntry("RESUME_SCHEDULE", "cron(0 6 ? * MON-FRI *)");
        assertThat(LoaderEnvironment.variables(merge(List.of()), CLUSTER)).doesNotContainKeys("PAUSE_SCHEDULE");
        LoaderEnvironment.Deployment workgroup = new LoaderEnvironment.Deployment(
                        "raw", "ops", "analytics", null, "dev", "arn:aws:iam::123456789012:role/dev-copy", null)
                .withSchedules("cron(0 19 ? * MON-FRI *)", "cron(0 6 ? * MON-FRI *)");
        assertThat(LoaderEnvironment.variables(merge(List.of()), workgroup)).doesNotContainKeys("PAUSE_SCHEDULE");
    }

    @Test
    void aMultiAzClusterTellsItsLoadersWhichHaveOnlySysViewsThere() throws Exception {
        EnvironmentConfig config = ConfigLoader.load(Path.of("..", "config"), "prod");
        assertThat(config.warehouse().resilience().multiAz())
                .as("prod is Multi-AZ")
                .isTrue();
        assertThat(LoaderEnvironment.variables(merge(List.of()), CLUSTER.on(config.warehouse())))
                .containsEntry("MULTI_AZ", "true");
        EnvironmentConfig dev = ConfigLoader.load(Path.of("..", "config"), "dev");
        assertThat(LoaderEnvironment.variables(merge(List.of()), CLUSTER.on(dev.warehouse())))
                .doesNotContainKey("MULTI_AZ")
                .containsEntry("PAUSE_SCHEDULE", dev.warehouse().operations().pauseSchedule());
    }
}
