package com.warehouseplatform.local;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one provisioned cluster of the local warehouse, as the Redshift API (DescribeClusters, PauseCluster,
 * ResumeCluster) sees it: available or paused, with the transitions Redshift reports while they run.
 *
 * <p>PauseCluster answers {@code pausing} and ends the statements still running (their transaction rolls back;
 * they end ABORTED), then the cluster is {@code paused}: the Data API refuses statements for it and the
 * PostgreSQL front door refuses new connections. ResumeCluster answers {@code resuming}; the cluster is
 * {@code available} again once the next DescribeClusters has reported {@code resuming} once, so a caller sees
 * the transition as it would in AWS (where it takes minutes). Requests for another identifier get
 * ClusterNotFound, as Redshift answers them.
 */
public final class LocalCluster {

    /** The identifier of the local cluster. */
    public static final String IDENTIFIER = "local";

    /** How long PauseCluster waits for the statements it ended to be rolled back. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    enum Status {
        AVAILABLE("available", "Available"),
        PAUSING("pausing", "Unavailable"),
        PAUSED("paused", "Paused"),
        RESUMING("resuming", "Unavailable");

        final String clusterStatus;
        final String availability;

        Status(String clusterStatus, String availability) {
            this.clusterStatus = clusterStatus;
            this.availability = availability;
        }
    }

    private final StatementRegistry registry;
    private Status status = Status.AVAILABLE;

    LocalCluster(StatementRegistry registry) {
        this.registry = registry;
    }

    /** The status DescribeClusters reports now (a resume completes once it has been reported). */
    synchronized Status describe() {
        Status now = status;
        if (status == Status.RESUMING) {
            status = Status.AVAILABLE;
        }
        return now;
    }

    /** True while statements cannot run: paused, pausing or resuming. */
    public synchronized boolean refusesStatements() {
        return status != Status.AVAILABLE;
    }

    /** PauseCluster: InvalidClusterState unless available; returns the status the response reports. */
    Status pause() throws InterruptedException {
        List<DataApiStatement> running;
        synchronized (this) {
            if (status != Status.AVAILABLE) {
                throw new IllegalStateException(status.clusterStatus);
            }
            status = Status.PAUSING;
            running = registry.newestFirst().stream()
                    .filter(s -> !s.status().isTerminal())
                    .toList();
        }
        running.forEach(DataApiStatement::requestCancel);
        Instant until = Instant.now().plus(STOP_WAIT);
        for (DataApiStatement s : running) {
            while (!s.status().isTerminal() && Instant.now().isBefore(until)) {
                Thread.sleep(10);
            }
        }
        synchronized (this) {
            status = Status.PAUSED;
        }
        return Status.PAUSING;
    }

    /** ResumeCluster: InvalidClusterState unless paused; returns the status the response reports. */
    synchronized Status resume() {
        if (status != Status.PAUSED) {
            throw new IllegalStateException(status.clusterStatus);
        }
        status = Status.RESUMING;
        return Status.RESUMING;
    }
}
