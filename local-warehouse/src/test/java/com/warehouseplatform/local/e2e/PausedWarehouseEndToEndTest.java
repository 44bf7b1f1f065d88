package com.warehouseplatform.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.config.LoaderEnvironment;
import com.warehouseplatform.loader.LoaderHandler;
import com.warehouseplatform.local.FaultInjector;
import com.warehouseplatform.local.LocalPlatform;
import com.warehouseplatform.local.RedshiftDoc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.ClusterNotFoundException;
import software.amazon.awssdk.services.redshift.model.InvalidClusterStateException;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

/**
 * config/dev.yaml's orders loader and pause schedule against the local warehouse, paused and resumed through
 * the real Redshift SDK client: runs while paused load nothing, alert nothing, throw nothing; the first run after
 * resume loads what arrived, each row once; the freshness metric grows only while the schedule has the
 * cluster up.
 */
class PausedWarehouseEndToEndTest {
    private static final String HEADER = "order_id,customer_id,amount,currency,status,ordered_at,note\n";
    private static LoaderFixture local;
    private static RedshiftClient redshift;
    private static EnvironmentConfig dev;
    private static LoaderConfig orders;

    @BeforeAll
    static void start() {
        local = new LoaderFixture();
        redshift = local.platform.redshift();
        dev = ConfigLoader.load(Path.of("..", "config"), "dev");
        orders = dev.loaders().stream()
                .filter(l -> l.name().equals("orders"))
                .findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @BeforeEach
    void reset() {
        if (status().equals("paused")) {
            redshift.resumeCluster(b -> b.clusterIdentifier(LocalPlatform.CLUSTER));
        }
        while (!status().equals("available")) {
            // resuming is reported once, then the cluster is available
        }
        local.reset();
    }

    private static String status() {
        return redshift.describeClusters(b -> b.clusterIdentifier(LocalPlatform.CLUSTER))
                .clusters()
                .get(0)
                .clusterStatus();
    }

    private static void pause() {
        assertThat(redshift.pauseCluster(b -> b.clusterIdentifier(LocalPlatform.CLUSTER))
                        .cluster()
                        .clusterStatus())
                .isEqualTo("pausing");
        assertThat(status()).isEqualTo("paused");
    }

    private static void resume() {
        assertThat(redshift.resumeCluster(b -> b.clusterIdentifier(LocalPlatform.CLUSTER))
                        .cluster()
                        .clusterStatus())
                .isEqualTo("resuming");
    }

    /** Resumes and waits, as the scheduled action does, until DescribeClusters says available. */
    private static void resumeAndWait() {
        resume();
        while (!status().equals("available")) {
            // resuming, reported once locally (minutes in AWS)
        }
    }

    /** dev's orders loader as deployed: its variables carry dev's pause and resume schedules. */
    private static Map<String, String> settings() {
        Map<String, String> env = new HashMap<>(LoaderEnvironment.variables(
                orders,
                LocalPlatform.deployment("analytics")
                        .withSchedules(dev.warehouse().operations())));
        assertThat(env)
                .containsEntry("PAUSE_SCHEDULE", "cron(0 19 ? * MON-FRI *)")
                .containsEntry("RESUME_SCHEDULE", "cron(0 6 ? * MON-FRI *)");
        return env;
    }

    private static LoaderHandler handler(Clock clock) {
        return local.platform.handler(settings(), clock);
    }

    private static void put(String name, String rows) {
        local.put("orders/2026/12/04/" + name + ".csv.gz", LoaderFixture.gzip(HEADER + rows));
    }

    private static long rows() {
        return local.count("SELECT count(*) FROM sales.orders");
    }

    private static long ledger() {
        return local.count("SELECT count(*) FROM ops.ledger_orders");
    }

    @Test
    @RedshiftDoc({"API_PauseCluster", "API_ResumeCluster", "API_DescribeClusters"})
    void theSdkPausesAndResumesTheLocalClusterWithRedshiftsStatusesAndErrors() {
        assertThat(status()).isEqualTo("available");
        pause();
        assertThatThrownBy(() -> redshift.pauseCluster(b -> b.clusterIdentifier(LocalPlatform.CLUSTER)))
                .isInstanceOf(InvalidClusterStateException.class)
                .hasMessageContaining("paused");
        resume();
        assertThat(status()).isEqualTo("resuming");
        assertThat(status()).isEqualTo("available");
        assertThatThrownBy(() -> redshift.resumeCluster(b -> b.clusterIdentifier(LocalPlatform.CLUSTER)))
                .isInstanceOf(InvalidClusterStateException.class);
        assertThatThrownBy(() -> redshift.describeClusters(b -> b.clusterIdentifier("other")))
                .isInstanceOf(ClusterNotFoundException.class);
    }

    @Test
    @RedshiftDoc({"API_PauseCluster", "API_ExecuteStatement"})
    void whilePausedTheDataApiRefusesStatementsAndTheFrontDoorRefusesConnections() throws SQLException {
        pause();
        assertThatThrownBy(() -> local.dataApi.executeStatement(b -> b.clusterIdentifier(LocalPlatform.CLUSTER)
                        .database("analytics")
                        .secretArn(LocalPlatform.ADMIN_SECRET_ARN)
                        .sql("SELECT 1")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("paused");
        assertThatThrownBy(() ->
                        DriverManager.getConnection(local.warehouse.jdbcUrl()).close())
                .isInstanceOf(SQLException.class);
        resume();
        status();
        DriverManager.getConnection(local.warehouse.jdbcUrl()).close();
    }

    @Test
    @RedshiftDoc({"API_PauseCluster", "API_DescribeClusters"})
    void runsWhilePausedLoadNothingFailNothingAndTheFirstRunAfterResumeLoadsEachFileOnce() {
        LoaderHandler handler = handler(Clock.systemUTC()); // bootstraps the loader's user: before the pause
        put("a", "1,10,12.50,EUR,new,2026-12-04 10:00:00,first\n");
        assertThat(LoaderFixture.invoke(handler, "orders")).containsEntry("status", "loaded");

        pause();
        put("b", "2,11,7.00,EUR,new,2026-12-04 19:10:00,second\n");
        put("c", "3,12,1.25,USD,paid,2026-12-04 19:20:00,third\n" + "1,10,13.00,EUR,paid,2026-12-04 19:30:00,newer\n");
        for (int run = 0; run < 3; run++) {
            Map<String, Object> result = LoaderFixture.invoke(handler, "orders");
            assertThat(result).containsEntry("status", "paused").containsEntry("files", 0L);
        }
        assertThat(rows()).isEqualTo(1);
        assertThat(local.sns.messages()).isEmpty();

        resumeAndWait();
        Map<String, Object> first = LoaderFixture.invoke(handler, "orders");
        assertThat(first).containsEntry("status", "loaded").containsEntry("files", 2L);
        assertThat(local.rows("SELECT order_id, amount, note FROM sales.orders ORDER BY order_id"))
                .containsExactly(
                        java.util.List.of("1", "13.00", "newer"),
                        java.util.List.of("2", "7.00", "second"),
                        java.util.List.of("3", "1.25", "third"));
        assertThat(ledger()).isEqualTo(3);
        assertThat(LoaderFixture.invoke(handler, "orders")).containsEntry("status", "up-to-date");
        assertThat(ledger()).isEqualTo(3);
        assertThat(local.sns.messages()).isEmpty();
    }

    @Test
    @RedshiftDoc({"API_PauseCluster", "API_DescribeStatement"})
    void aBatchInFlightWhenThePauseCameIsRolledBackAndLoadedOnceAfterResume() throws Exception {
        // the loader's database user is bootstrapped when its handler is made: before any pause
        LoaderHandler handler = handler(Clock.systemUTC());
        // 1. a run that waits for its batch when the pause comes
        put("a", "1,10,12.50,EUR,new,2026-12-04 10:00:00,first\n");
        FaultInjector.Hold hold = local.warehouse.faults().holdNext("COPY stage ");
        CompletableFuture<Map<String, Object>> waiting =
                CompletableFuture.supplyAsync(() -> LoaderFixture.invoke(handler, "orders"));
        assertThat(hold.awaitHeld(Duration.ofSeconds(20))).isTrue();
        pause();
        assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).containsEntry("status", "paused");
        resumeAndWait();
        assertThat(LoaderFixture.invoke(handler, "orders"))
                .containsEntry("status", "loaded")
                .containsEntry("files", 1L);
        assertThat(rows()).isEqualTo(1);

        // 2. a batch left in flight by an earlier run, ended by the pause, found by a run while paused
        put("b", "2,11,7.00,EUR,new,2026-12-04 11:00:00,second\n");
        FaultInjector.Hold second = local.warehouse.faults().holdNext("COPY stage ");
        assertThat(LoaderFixture.invoke(handler, "orders", Duration.ofSeconds(3)))
                .containsEntry("status", "in-flight");
        assertThat(second.awaitHeld(Duration.ofSeconds(10))).isTrue();
        pause();
        assertThat(LoaderFixture.invoke(handler, "orders")).containsEntry("status", "paused");
        resumeAndWait();
        assertThat(LoaderFixture.invoke(handler, "orders"))
                .containsEntry("status", "loaded")
                .containsEntry("files", 1L);

        assertThat(rows()).isEqualTo(2);
        assertThat(ledger()).isEqualTo(2);
        assertThat(local.sns.messages()).isEmpty();
        hold.release();
        second.release();
    }

    @Test
    @RedshiftDoc({"API_PauseCluster", "API_DescribeClusters"})
    void freshnessGrowsOnlyWhileTheScheduleHasTheClusterUp() {
        long threshold = orders.freshnessThresholdSeconds(); // what LoaderAlarms alarms on
        System.setOut(TEE);
        MutableClock clock = new MutableClock();
        LoaderHandler handler;
        try {
            handler = handler(clock);
        } finally {
            System.setOut(ORIGINAL_OUT);
        }
        assertThat(threshold).isEqualTo(6 * 3600);
        put("a", "1,10,12.50,EUR,new,2026-12-04 10:00:00,first\n");
        Instant fridayEvening = Instant.parse("2026-12-04T18:00:00Z");
        assertThat(run(handler, clock, fridayEvening).result()).containsEntry("status", "loaded");

        pause(); // the scheduled pause at 19:00, and the cluster stays paused all weekend
        Run saturday = run(handler, clock, Instant.parse("2026-12-05T20:00:00Z"));
        assertThat(saturday.result()).containsEntry("status", "paused");
        assertThat(saturday.metric("SecondsSinceLastSuccess")).isEqualTo(26 * 3600);
        assertThat(saturday.metric("UpSecondsSinceLastSuccess")).isEqualTo(3600).isLessThan(threshold);
        assertThat(saturday.metric("PausedRuns")).isEqualTo(1);
        assertThat(saturday.log()).doesNotContain("\"level\":\"WARN\"");

        Run mondayBeforeResume = run(handler, clock, Instant.parse("2026-12-07T05:59:00Z"));
        assertThat(mondayBeforeResume.metric("UpSecondsSinceLastSuccess")).isLessThan(threshold);

        // the scheduled resume at 06:00 did not happen: outside its schedule the paused cluster alerts
        Run mondayNoon = run(handler, clock, Instant.parse("2026-12-07T11:01:00Z"));
        assertThat(mondayNoon.result()).containsEntry("status", "paused");
        assertThat(mondayNoon.metric("UpSecondsSinceLastSuccess"))
                .isEqualTo(3600 + 5 * 3600 + 60)
                .isGreaterThanOrEqualTo(threshold);
        assertThat(mondayNoon.log()).contains("\"level\":\"WARN\"").contains("although its schedule has it up");
        assertThat(local.sns.messages()).isEmpty();
    }

    private record Run(Map<String, Object> result, String log) {
        long metric(String name) {
            Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(log);
            long last = -1;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
            }
            assertThat(last).as(name + " in " + log).isNotNegative();
            return last;
        }
    }

    private static final PrintStream ORIGINAL_OUT = System.out;
    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    /** The handler's Telemetry prints to the System.out of its construction: this one keeps a copy. */
    private static final PrintStream TEE = new PrintStream(
            new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    ORIGINAL_OUT.write(b);
                    synchronized (CAPTURED) {
                        CAPTURED.write(b);
                    }
                }
            },
            true,
            StandardCharsets.UTF_8);

    /** A clock a test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-04T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** One invocation at {@code now}, with what it printed (its log lines and metrics). */
    private static Run run(LoaderHandler handler, MutableClock clock, Instant now) {
        clock.now = now;
        synchronized (CAPTURED) {
            CAPTURED.reset();
        }
        TEE.flush();
        Map<String, Object> result = LoaderFixture.invoke(handler, "orders");
        TEE.flush();
        synchronized (CAPTURED) {
            return new Run(result, CAPTURED.toString(StandardCharsets.UTF_8));
        }
    }
}
