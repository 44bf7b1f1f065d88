package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.DataLakeConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
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

import java.util.List;

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
    public record Props(String bucketName, IKey encryptionKey, IBucket accessLogs, String accessLogPrefix,
                        DataLakeConfig lifecycle, RemovalPolicy removalPolicy) {
    }

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
            builder.encryption(BucketEncryption.KMS).encryptionKey(props.encryptionKey()).bucketKeyEnabled(true);
        } else {
            builder.encryption(BucketEncryption.S3_MANAGED);
        }
        if (props.accessLogs() != null) {
            builder.serverAccessLogsBucket(props.accessLogs()).serverAccessLogsPrefix(props.accessLogPrefix());
        }
        bucket = builder.build();
    }

    private static List<LifecycleRule> dataLifecycle(DataLakeConfig config) {
        return List.of(LifecycleRule.builder()
                .id("tiering")
                .transitions(List.of(
                        Transition.builder().storageClass(StorageClass.INFREQUENT_ACCESS)
                                .transitionAfter(Duration.days(config.transitionToInfrequentAccessDays())).build(),
                        Transition.builder().storageClass(StorageClass.GLACIER)
                                .transitionAfter(Duration.days(config.transitionToGlacierDays())).build()))
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
