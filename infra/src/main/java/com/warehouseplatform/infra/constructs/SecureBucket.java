package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.DataLakeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * An S3 bucket with the platform's defaults: versioned, all public access blocked, TLS-only,
 * bucket-owner-enforced ownership, encrypted with the given KMS key (bucket keys on) or, when no
 * key is given, with S3-managed keys; server access logs to {@code accessLogs} when given.
 */
public class SecureBucket extends Construct {

    /**
     * @param bucketName      the bucket's name
     * @param encryptionKey   the KMS key, or {@code null} for SSE-S3 (only for log buckets whose writer needs it)
     * @param accessLogs      where server access logs go, or {@code null} for the access log bucket itself
     * @param accessLogPrefix the prefix of this bucket's access logs
     * @param lifecycle       the lifecycle of data buckets, or {@code null} for log buckets (expiry instead)
     */
    public record Props(
            String bucketName,
            IKey encryptionKey,
            IBucket accessLogs,
            String accessLogPrefix,
            DataLakeConfig lifecycle,
            RemovalPolicy removalPolicy) {}

    /** Log buckets keep their objects this long, then expire them. */
    static final int LOG_RETENTION_DAYS = 365;

    private final Bucket bucket;

    public SecureBucket(Construct scope, String id, Props props) {
        super(scope, id);
        Bucket.Builder builder = Bucket.Builder.create(this, "Resource")
                .bucketName(props.bucketName())
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(props.removalPolicy())
                .lifecycleRules(props.lifecycle() == null ? logLifecycle() : dataLifecycle(props.lifecycle()));
        if (props.encryptionKey() != null) {
            builder.encryption(BucketEncryption.KMS)
                    .encryptionKey(props.encryptionKey())
                    .bucketKeyEnabled(true);
        } else {
            builder.encryption(BucketEncryption.S3_MANAGED);
        }
        if (props.accessLogs() != null) {
            builder.serverAccessLogsBucket(props.accessLogs()).serverAccessLogsPrefix(props.accessLogPrefix());
        }
        bucket = builder.build();
        if (props.encryptionKey() != null) {
            refuseOtherEncryption(bucket, props.encryptionKey());
        }
        acknowledgeControls(bucket, props);
    }

    static final String SERVER_ACCESS_LOGGING_PAGE =
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html";
    static final String REDSHIFT_AUDIT_LOGGING_PAGE =
            "https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html#db-auditing-bucket-permissions";

    /**
     * The Control Tower controls a bucket of the platform does not meet, each acknowledged on the bucket with the
     * reason for its kind: data buckets (with a key and a lifecycle) and the two log buckets (no key: the access-log
     * bucket, which has no access logs of its own, and the Redshift audit-log bucket).
     */
    private static void acknowledgeControls(Bucket bucket, Props props) {
        boolean accessLogBucket = props.accessLogs() == null;
        ControlAcknowledgments.acknowledge(
                bucket,
                "CT.S3.PR.4",
                "Nothing consumes this bucket's events: loaders run on their EventBridge Scheduler schedules and list"
                        + " new objects themselves, so an event notification would have no target.");
        ControlAcknowledgments.acknowledge(
                bucket,
                "CT.S3.PR.9",
                props.lifecycle() != null
                        ? "Object Lock would make every version undeletable for its retention, against the lifecycle"
                                + " (noncurrent versions expire after dataLake.noncurrentVersionExpirationDays) and the"
                                + " loader's state, which it rewrites each run; versioning and the deletion policies"
                                + " keep the data, and Object Lock can only be turned on, never off."
                        : accessLogBucket
                                ? "An S3 server access logging destination must not have a default Object Lock"
                                        + " retention period (" + SERVER_ACCESS_LOGGING_PAGE + "); the logs are"
                                        + " versioned and expire after " + LOG_RETENTION_DAYS + " days."
                                : "Audit logs expire after " + LOG_RETENTION_DAYS + " days by lifecycle and are"
                                        + " versioned; an organization that must keep them immutable should decide on"
                                        + " Object Lock with its retention, which cannot be undone.");
        acknowledgeCompliance(bucket, props);
        if (props.encryptionKey() == null) {
            ControlAcknowledgments.acknowledge(
                    bucket,
                    "CT.S3.PR.10",
                    accessLogBucket
                            ? "S3 server access logging delivers to destination buckets with SSE-S3 default"
                                    + " encryption only, not SSE-KMS (" + SERVER_ACCESS_LOGGING_PAGE + ")."
                            : "Redshift audit logging writes to S3 buckets with SSE-S3 (AES-256) only, not SSE-KMS ("
                                    + REDSHIFT_AUDIT_LOGGING_PAGE + ").");
        }
        if (accessLogBucket) {
            ControlAcknowledgments.acknowledge(
                    bucket,
                    "CT.S3.PR.2",
                    "This is the server access logging destination of the other buckets; logging it to itself would"
                            + " log every log delivery, which S3 advises against (" + SERVER_ACCESS_LOGGING_PAGE
                            + ").");
        }
    }

    /**
     * The compliance packs' findings a bucket of the platform does not meet (README "Compliance packs"): replication
     * to another region on every bucket, and SSE-KMS on the two log buckets, whose writers require SSE-S3.
     */
    private static void acknowledgeCompliance(Bucket bucket, Props props) {
        boolean accessLogBucket = props.accessLogs() == null;
        Findings.acknowledgeCompliance(
                bucket,
                "S3BucketReplicationEnabled",
                props.lifecycle() != null
                        ? "Replication needs a bucket and a KMS key in a second region and is paid per GB stored"
                                + " there and moved between regions; this bucket is versioned, its files are loaded"
                                + " into the warehouse, whose recovery in another region is its snapshot copy, and"
                                + " producers keep what is not loaded yet. Add a replication rule where the lake"
                                + " itself must survive the loss of its region."
                        : "These are logs of this region's buckets or cluster, versioned and kept "
                                + LOG_RETENTION_DAYS + " days; a copy in a second region would double their storage"
                                + " and add a bucket there without serving a recovery.");
        if (props.encryptionKey() == null) {
            Findings.acknowledgeCompliance(
                    bucket,
                    "S3DefaultEncryptionKMS",
                    accessLogBucket
                            ? "S3 server access logging delivers to destination buckets with SSE-S3 default"
                                    + " encryption only, not SSE-KMS (" + SERVER_ACCESS_LOGGING_PAGE + ")."
                            : "Redshift audit logging writes to S3 buckets with SSE-S3 (AES-256) only, not SSE-KMS ("
                                    + REDSHIFT_AUDIT_LOGGING_PAGE + ").");
        }
    }

    /**
     * Uploads may carry no encryption headers (the bucket's default encryption then applies the key: the loader
     * writes its manifests and state that way, and so do producers that rely on the default) or ask for SSE-KMS
     * with exactly this key; a request for other encryption, another key, or SSE-KMS without a key id (which S3
     * answers with the AWS-managed aws/s3 key, not the bucket's default) is denied. A deny on "header not aws:kms"
     * alone would also refuse the header-less uploads, because a negated condition matches a missing key; Null
     * keeps them out of it ("Setting default server-side encryption behavior for Amazon S3 buckets" and "Requiring
     * SSE-KMS for all objects written to a bucket": https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html,
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html; PutObject,
     * x-amz-server-side-encryption-aws-kms-key-id: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
     * A key id in the header must be the key's ARN, the form S3 compares.
     */
    private static void refuseOtherEncryption(Bucket bucket, IKey key) {
        String objects = bucket.arnForObjects("*");
        Map<String, Object> otherEncryption = new LinkedHashMap<>();
        otherEncryption.put("Null", Map.of(SSE, "false"));
        otherEncryption.put("StringNotEquals", Map.of(SSE, "aws:kms"));
        bucket.addToResourcePolicy(deny("DenyOtherEncryption", objects, otherEncryption));
        Map<String, Object> otherKey = new LinkedHashMap<>();
        otherKey.put("Null", Map.of(SSE_KEY, "false"));
        otherKey.put("StringNotEquals", Map.of(SSE_KEY, key.getKeyArn()));
        bucket.addToResourcePolicy(deny("DenyOtherKmsKey", objects, otherKey));
        Map<String, Object> awsManagedKey = new LinkedHashMap<>();
        awsManagedKey.put("StringEquals", Map.of(SSE, "aws:kms"));
        awsManagedKey.put("Null", Map.of(SSE_KEY, "true"));
        bucket.addToResourcePolicy(deny("DenyKmsWithoutTheLakeKey", objects, awsManagedKey));
    }

    static final String SSE = "s3:x-amz-server-side-encryption";
    static final String SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";

    private static PolicyStatement deny(String sid, String objects, Map<String, Object> conditions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(objects))
                .conditions(conditions)
                .build();
    }

    private static List<LifecycleRule> dataLifecycle(DataLakeConfig config) {
        return List.of(LifecycleRule.builder()
                .id("tiering")
                .transitions(List.of(
                        Transition.builder()
                                .storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Duration.days(config.transitionToInfrequentAccessDays()))
                                .build(),
                        Transition.builder()
                                .storageClass(StorageClass.GLACIER)
                                .transitionAfter(Duration.days(config.transitionToGlacierDays()))
                                .build()))
                .noncurrentVersionExpiration(Duration.days(config.noncurrentVersionExpirationDays()))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build());
    }

    private static List<LifecycleRule> logLifecycle() {
        return List.of(LifecycleRule.builder()
                .id("expire-logs")
                .expiration(Duration.days(LOG_RETENTION_DAYS))
                .noncurrentVersionExpiration(Duration.days(30))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build());
    }

    public Bucket getBucket() {
        return bucket;
    }
}
