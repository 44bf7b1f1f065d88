package com.warehouseplatform.config;

import com.warehouseplatform.contract.LoaderContract;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a loader function runs with (the loader's settings contract), from its
 * configuration and where it is deployed. The infrastructure sets them on each function; the local CLI
 * gives the same ones to the same handler. The rules both sides apply to the loader's settings are in
 * {@link LoaderContract} (module loader-contract), so a configuration that validates gives variables the
 * loader accepts.
 */
public final class LoaderEnvironment {
    /** Bytes one run may load at most (the file cap is in the loader's configuration). */
    public static final long MAX_BYTES_PER_RUN = LoaderContract.MAX_BYTES_PER_RUN.defaultValue();

    /**
     * Where loaders run: their buckets, the warehouse, and the role each loader's COPY names. In AWS every loader has a
     * COPY role of its own ({@code copyRoleArns}, by loader name), which may read only that loader's prefix;
     * {@code copyRoleArn} is the role of the loaders that have none there (the local warehouse has one for all), and
     * may be null when every loader has its own.
     */
    public record Deployment(
            String rawBucket,
            String opsBucket,
            String database,
            String clusterIdentifier,
            String workgroupName,
            String copyRoleArn,
            String alertTopicArn,
            Map<String, String> copyRoleArns,
            String pauseSchedule,
            String resumeSchedule,
            boolean multiAz) {
        public Deployment {
            copyRoleArns = copyRoleArns == null ? Map.of() : Map.copyOf(copyRoleArns);
        }

        /** Without pause and resume schedules. */
        public Deployment(
                String rawBucket,
                String opsBucket,
                String database,
                String clusterIdentifier,
                String workgroupName,
                String copyRoleArn,
                String alertTopicArn,
                Map<String, String> copyRoleArns) {
            this(
                    rawBucket,
                    opsBucket,
                    database,
                    clusterIdentifier,
                    workgroupName,
                    copyRoleArn,
                    alertTopicArn,
                    copyRoleArns,
                    null,
                    null,
                    false);
        }

        /**
         * This deployment with the cluster's pause and resume schedules (UTC cron, both or neither; from
         * {@code warehouse.operations}): the loader counts freshness only while they have the cluster up.
         */
        public Deployment withSchedules(String pause, String resume) {
            return with(pause, resume, multiAz);
        }

        /** This deployment with the schedules of {@code operations} (none when it pauses nothing). */
        public Deployment withSchedules(ClusterOperationsConfig operations) {
            return operations == null || !operations.pausesAndResumes()
                    ? this
                    : withSchedules(operations.pauseSchedule(), operations.resumeSchedule());
        }

        /**
         * This deployment on the cluster of {@code warehouse}: its pause and resume schedules, and whether it is a
         * Multi-AZ deployment (which has only the SYS monitoring views, so the loader reads load errors there).
         */
        public Deployment on(WarehouseConfig warehouse) {
            Deployment scheduled = withSchedules(warehouse.operations());
            return scheduled.with(
                    scheduled.pauseSchedule,
                    scheduled.resumeSchedule,
                    !warehouse.serverless() && warehouse.resilience().multiAz());
        }

        private Deployment with(String pause, String resume, boolean onMultiAz) {
            return new Deployment(
                    rawBucket,
                    opsBucket,
                    database,
                    clusterIdentifier,
                    workgroupName,
                    copyRoleArn,
                    alertTopicArn,
                    copyRoleArns,
                    pause,
                    resume,
                    onMultiAz);
        }

        /** One COPY role for every loader. */
        public Deployment(
                String rawBucket,
                String opsBucket,
                String database,
                String clusterIdentifier,
                String workgroupName,
                String copyRoleArn,
                String alertTopicArn) {
            this(
                    rawBucket,
                    opsBucket,
                    database,
                    clusterIdentifier,
                    workgroupName,
                    copyRoleArn,
                    alertTopicArn,
                    Map.of());
        }

        /** This deployment with {@code roleArn} as the COPY role of {@code loader}. */
        public Deployment withCopyRole(String loader, String roleArn) {
            Map<String, String> roles = new LinkedHashMap<>(copyRoleArns);
            roles.put(loader, roleArn);
            return new Deployment(
                    rawBucket,
                    opsBucket,
                    database,
                    clusterIdentifier,
                    workgroupName,
                    copyRoleArn,
                    alertTopicArn,
                    roles,
                    pauseSchedule,
                    resumeSchedule,
                    multiAz);
        }

        /** The role {@code loader}'s COPY names in IAM_ROLE: its own, else the deployment's. */
        public String copyRoleArnOf(String loader) {
            String own = copyRoleArns.get(loader);
            if (own != null) {
                return own;
            }
            if (copyRoleArn == null) {
                throw new IllegalArgumentException("loader " + loader + " has no COPY role in this deployment");
            }
            return copyRoleArn;
        }
    }

    private LoaderEnvironment() {}

    public static Map<String, String> variables(LoaderConfig loader, Deployment where) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOADER_NAME", loader.name());
        env.put("TARGET_TABLE", loader.table());
        env.put("SOURCE_BUCKET", where.rawBucket());
        env.put("SOURCE_PREFIX", loader.source());
        env.put("OPS_BUCKET", where.opsBucket());
        env.put("FORMAT_TYPE", loader.format().type());
        if (loader.format().type().equals("csv")) {
            env.put("CSV_HEADER", String.valueOf(loader.format().header()));
            env.put("CSV_DELIMITER", loader.format().delimiter());
        }
        env.put("COMPRESSION", loader.format().compression());
        env.put("MODE", loader.mode());
        if (!loader.keys().isEmpty()) {
            env.put("MERGE_KEYS", String.join(",", loader.keys()));
        }
        if (!loader.orderBy().isEmpty()) {
            env.put("ORDER_BY", String.join(",", loader.orderBy()));
        }
        env.put("MAX_ERRORS", String.valueOf(loader.maxErrors()));
        env.put("MAX_FILES_PER_RUN", String.valueOf(loader.maxFilesPerRun()));
        env.put("MAX_BYTES_PER_RUN", String.valueOf(MAX_BYTES_PER_RUN));
        env.put("COPY_ROLE_ARN", where.copyRoleArnOf(loader.name()));
        env.put("DATABASE", where.database());
        if (where.clusterIdentifier() != null) {
            env.put("CLUSTER_IDENTIFIER", where.clusterIdentifier());
        } else {
            env.put("WORKGROUP_NAME", where.workgroupName());
        }
        if (where.alertTopicArn() != null) {
            env.put("ALERT_TOPIC_ARN", where.alertTopicArn());
        }
        if (where.clusterIdentifier() != null && where.pauseSchedule() != null) {
            env.put("PAUSE_SCHEDULE", where.pauseSchedule());
            env.put("RESUME_SCHEDULE", where.resumeSchedule());
        }
        if (where.clusterIdentifier() != null && where.multiAz()) {
            env.put("MULTI_AZ", "true");
        }
        return env;
    }
}
