package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.DescribeClustersRequest;
import software.amazon.awssdk.services.redshift.model.DescribeClustersResponse;

/** The state check on its own; PausedWarehouseEndToEndTest (local-warehouse) runs it against the local cluster. */
class ClusterStateTest {

    private final List<String> asked = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Telemetry log =
            new Telemetry(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC(), "orders");

    /** A Redshift client that answers DescribeClusters with {@code status}, or throws when it is null. */
    @SuppressWarnings("unchecked")
    private RedshiftClient answering(String status) {
        return (RedshiftClient) Proxy.newProxyInstance(
                RedshiftClient.class.getClassLoader(), new Class<?>[] {RedshiftClient.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("describeClusters")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    DescribeClustersRequest.Builder b = DescribeClustersRequest.builder();
                    ((Consumer<DescribeClustersRequest.Builder>) args[0]).accept(b);
                    asked.add(b.build().clusterIdentifier());
                    if (status == null) {
                        throw SdkClientException.create("connection refused");
                    }
                    return DescribeClustersResponse.builder()
                            .clusters(Cluster.builder()
                                    .clusterIdentifier("warehouse")
                                    .clusterStatus(status)
                                    .build())
                            .build();
                });
    }

    @Test
    void pausedPausingAndResumingStopARunAndNothingElseDoes() {
        for (String status : List.of("paused", "pausing", "resuming")) {
            assertThat(new ClusterState(answering(status), "warehouse", log)
                            .observe()
                            .paused())
                    .as(status)
                    .isTrue();
        }
        for (String status : List.of("available", "modifying", "rebooting", "available, prep-for-resize")) {
            assertThat(new ClusterState(answering(status), "warehouse", log)
                            .observe()
                            .paused())
                    .as(status)
                    .isFalse();
        }
        assertThat(asked).containsOnly("warehouse");
    }

    @Test
    void serverlessAsksNothing() {
        ClusterState serverless = new ClusterState(answering("paused"), null, log);
        assertThat(serverless.checks()).isFalse();
        assertThat(serverless.observe().paused()).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void aFailedDescribeIsNoReasonToSkipARun() {
        assertThat(new ClusterState(answering(null), "warehouse", log).observe().paused())
                .isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\"level\":\"WARN\"")
                .contains("could not read the cluster's state");
    }
}
