package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.infra.config.DataLakeConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

import java.util.List;

/**
 * The encrypted data lake: a customer-managed KMS key with rotation, the raw (landing), curated and
 * ops (manifests, job state) buckets encrypted with it, a bucket for the warehouse's audit logs and
 * one for the server access logs of all the others.
 */
public class DataLake extends Construct {

    public record Props(DataLakeConfig lifecycle, RemovalPolicy removalPolicy) {
    }

    private final Key key;
    private final Bucket raw;
    private final Bucket curated;
    private final Bucket ops;
    private final Bucket auditLogs;

    public DataLake(Construct scope, String id, Props props) {
        super(scope, id);
        RemovalPolicy removal = props.removalPolicy();
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the warehouse platform's data lake and warehouse")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(removal)
                .build();
        // S3 server access logging delivers only to buckets with SSE-S3, not SSE-KMS.
        Bucket accessLogs = new SecureBucket(this, "AccessLogs",
                new SecureBucket.Props(null, null, null, null, removal)).getBucket();
        raw = dataBucket("Raw", accessLogs, props);
        curated = dataBucket("Curated", accessLogs, props);
        ops = dataBucket("Ops", accessLogs, props);
        // Redshift audit logging to S3 supports only buckets encrypted with SSE-S3.
        auditLogs = new SecureBucket(this, "AuditLogs",
                new SecureBucket.Props(null, accessLogs, "audit-logs/", null, removal)).getBucket();
        auditLogs.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("redshift.amazonaws.com")))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(auditLogs.arnForObjects("redshift/*")))
                .build());
        auditLogs.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("redshift.amazonaws.com")))
                .actions(List.of("s3:GetBucketAcl"))
                .resources(List.of(auditLogs.getBucketArn()))
                .build());
    }

    private Bucket dataBucket(String id, Bucket accessLogs, Props props) {
        return new SecureBucket(this, id, new SecureBucket.Props(key, accessLogs, id.toLowerCase() + "/",
                props.lifecycle(), props.removalPolicy())).getBucket();
    }

    public Key getKey() {
        return key;
    }

    /** Landing bucket: producers write here, loaders read from here. */
    public Bucket getRaw() {
        return raw;
    }

    public Bucket getCurated() {
        return curated;
    }

    /** Manifests and loader job state. */
    public Bucket getOps() {
        return ops;
    }

    /** Where the warehouse writes its audit logs, under {@code redshift/}. */
    public Bucket getAuditLogs() {
        return auditLogs;
    }
}
