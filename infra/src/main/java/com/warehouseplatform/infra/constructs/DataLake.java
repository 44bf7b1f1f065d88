package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.DataLakeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The encrypted data lake: a customer-managed KMS key with rotation, the raw (landing), curated and
 * ops (manifests, job state) buckets encrypted with it, a bucket for the warehouse's audit logs and
 * one for the server access logs of all the others.
 */
public class DataLake extends Construct {

    public record Props(String environment, DataLakeConfig lifecycle, RemovalPolicy removalPolicy) {}

    /**
     * The name of one of the lake's buckets, {@code <env>-<purpose>-<account>-<region>}: unique, readable,
     * and computable by other stacks of the environment without a cross-stack reference.
     */
    public static String bucketName(Stack stack, String environment, String purpose) {
        return environment + "-" + purpose + "-" + stack.getAccount() + "-" + stack.getRegion();
    }

    /** Loader manifests are deleted this long after they were written. */
    static final int MANIFEST_RETENTION_DAYS = 30;

    public static final String RAW = "raw";
    public static final String CURATED = "curated";
    public static final String OPS = "ops";
    public static final String AUDIT_LOGS = "audit-logs";
    public static final String ACCESS_LOGS = "access-logs";

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
        KeyPolicies.grantsOnlyForAwsResources(key);
        // S3 server access logging delivers only to buckets with SSE-S3, not SSE-KMS.
        Stack stack = Stack.of(this);
        String env = props.environment();
        Bucket accessLogs = new SecureBucket(
                        this,
                        "AccessLogs",
                        new SecureBucket.Props(bucketName(stack, env, ACCESS_LOGS), null, null, null, null, removal))
                .getBucket();
        raw = dataBucket("Raw", RAW, accessLogs, props);
        curated = dataBucket("Curated", CURATED, accessLogs, props);
        ops = dataBucket("Ops", OPS, accessLogs, props);
        // a COPY manifest is needed only until its batch settles; the ledger keeps the record
        ops.addLifecycleRule(LifecycleRule.builder()
                .id("expire-manifests")
                .prefix(CopyRole.MANIFEST_PREFIX)
                .expiration(Duration.days(MANIFEST_RETENTION_DAYS))
                .build());
        // Redshift audit logging to S3 supports only buckets encrypted with SSE-S3.
        auditLogs = new SecureBucket(
                        this,
                        "AuditLogs",
                        new SecureBucket.Props(
                                bucketName(stack, env, AUDIT_LOGS), null, accessLogs, AUDIT_LOGS + "/", null, removal))
                .getBucket();
        // Redshift delivers audit logs as its service principal; the conditions let it write only for this
        // environment's cluster ("Bucket permissions for Amazon Redshift audit logging",
        // https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html#db-auditing-bucket-permissions).
        // A Serverless namespace exports its logs to CloudWatch Logs, not here.
        Map<String, Object> ownCluster = new LinkedHashMap<>();
        ownCluster.put("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()));
        ownCluster.put(
                "ArnLike",
                Map.of(
                        "aws:SourceArn",
                        stack.formatArn(ArnComponents.builder()
                                .service("redshift")
                                .resource("cluster")
                                .resourceName(ProvisionedWarehouse.identifier(env))
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .build())));
        auditLogs.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("RedshiftWritesAuditLogs")
                .principals(List.of(new ServicePrincipal("redshift.amazonaws.com")))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(auditLogs.arnForObjects(ProvisionedWarehouse.AUDIT_LOG_PREFIX + "*")))
                .conditions(ownCluster)
                .build());
        auditLogs.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("RedshiftChecksAuditBucket")
                .principals(List.of(new ServicePrincipal("redshift.amazonaws.com")))
                .actions(List.of("s3:GetBucketAcl"))
                .resources(List.of(auditLogs.getBucketArn()))
                .conditions(ownCluster)
                .build());
    }

    private Bucket dataBucket(String id, String purpose, Bucket accessLogs, Props props) {
        return new SecureBucket(
                        this,
                        id,
                        new SecureBucket.Props(
                                bucketName(Stack.of(this), props.environment(), purpose),
                                key,
                                accessLogs,
                                purpose + "/",
                                props.lifecycle(),
                                props.removalPolicy()))
                .getBucket();
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
