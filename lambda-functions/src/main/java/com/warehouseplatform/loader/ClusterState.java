package com.warehouseplatform.loader;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;

/**
 * Whether the provisioned cluster is paused, from DescribeClusters for its identifier. Serverless has no
 * pause: without a cluster (or without a Redshift API client) nothing is asked and the warehouse counts as
 * available.
 *
 * <p>The API reference's {@code Cluster.ClusterStatus} (https://docs.aws.amazon.com/redshift/latest/APIReference/API_Cluster.html)
 * lists {@code paused} among its values but not the transitions; the console and the CLI show {@code pausing} and
 * {@code resuming} while they run (not in that list: an observed value, hence matched here without relying on
 * it alone). All three mean: no statement can run now, and one that was running when the pause began was ended.
 * A failed DescribeClusters is no reason to skip a run: the run goes on as before, and says so.
 */
public final class ClusterState {

    /** ClusterStatus values during which the loader loads nothing. */
    static final List<String> PAUSED_STATUSES = List.of("paused", "pausing", "resuming");

    /** What one DescribeClusters said. */
    record Observation(boolean paused, String status) {
        static final Observation AVAILABLE = new Observation(false, "available");
    }

    private final RedshiftClient redshift;
    private final String clusterIdentifier;
    private final Telemetry log;

    ClusterState(RedshiftClient redshift, String clusterIdentifier, Telemetry log) {
        this.redshift = redshift;
        this.clusterIdentifier = clusterIdentifier;
        this.log = log;
    }

    /** True when there is something to ask: a provisioned cluster and a client. */
    boolean checks() {
        return redshift != null && clusterIdentifier != null;
    }

    Observation observe() {
        if (!checks()) {
            return Observation.AVAILABLE;
        }
        try {
            List<Cluster> clusters = redshift.describeClusters(b -> b.clusterIdentifier(clusterIdentifier))
                    .clusters();
            if (clusters.isEmpty() || clusters.get(0).clusterStatus() == null) {
                return Observation.AVAILABLE;
            }
            String status = clusters.get(0).clusterStatus().toLowerCase(Locale.ROOT);
            return new Observation(PAUSED_STATUSES.contains(status), status);
        } catch (SdkException e) {
            log.warn(
                    null,
                    "could not read the cluster's state (DescribeClusters): the run goes on as if it were available",
                    Map.of("cluster", clusterIdentifier, "error", String.valueOf(e.getMessage())));
            return Observation.AVAILABLE;
        }
    }
}
