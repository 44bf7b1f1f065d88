package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.PolicySimulator;
import com.warehouseplatform.infra.PolicySimulator.Request;
import com.warehouseplatform.infra.PolicySimulator.Statement;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataLakeStackTest {
    private static final Template LAKE = Platforms.of("prod").dataLake();
    /** A cluster assumes the COPY role as redshift, a Serverless namespace as redshift-serverless. */
    private static final List<Map<String, Object>> TRUSTS_BOTH_REDSHIFT_PRINCIPALS = List.of(
            Map.of("Action", "sts:AssumeRole", "Effect", "Allow", "Principal", Map.of("Service", "redshift.amazonaws.com")),
            Map.of("Action", "sts:AssumeRole", "Effect", "Allow",
                    "Principal", Map.of("Service", "redshift-serverless.amazonaws.com")));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static Map<String, Map<String, Object>> buckets() {
        return LAKE.findResources("AWS::S3::Bucket");
    }

    private static long bucketsEncryptedWith(String algorithm) {
        return buckets().values().stream()
                .filter(b -> properties(b).get("BucketEncryption").toString().contains("SSEAlgorithm=" + algorithm))
                .count();
    }

    @Test
    void encryptsWithACustomerManagedKeyThatRotates() {
        LAKE.resourceCountIs("AWS::KMS::Key", 1);
        LAKE.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void encryptsRawCuratedAndOpsWithTheKeyAndBucketKeys() {
        assertThat(buckets()).hasSize(5);
        assertThat(bucketsEncryptedWith("aws:kms")).as("raw, curated, ops").isEqualTo(3);
        LAKE.hasResourceProperties("AWS::S3::Bucket", Map.of("BucketEncryption", Map.of(
                "ServerSideEncryptionConfiguration", List.of(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Map.of(
                                "SSEAlgorithm", "aws:kms",
                                "KMSMasterKeyID", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))))))));
        assertThat(bucketsEncryptedWith("AES256")).as("the two log buckets, whose writers need SSE-S3").isEqualTo(2);
    }

    @Test
    void blocksPublicAccessVersionsAndEnforcesBucketOwnershipOnEveryBucket() {
        LAKE.allResourcesProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of(
                        "BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")))));
        assertThat(buckets().values()).noneSatisfy(b -> assertThat(properties(b)).containsKey("AccessControl"));
    }

    @Test
    void deniesEveryRequestWithoutTlsOnEveryBucket() {
        Map<String, Map<String, Object>> policies = LAKE.findResources("AWS::S3::BucketPolicy");
        assertThat(policies).hasSize(5);
        LAKE.allResourcesProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))),
                "Version", "2012-10-17")));
    }

    @Test
    void logsAccessToEveryBucketButTheAccessLogBucket() {
        long logged = buckets().values().stream()
                .filter(b -> properties(b).containsKey("LoggingConfiguration")).count();
        assertThat(logged).isEqualTo(4);
    }

    @Test
    void tiersDataBucketsAsConfigured() {
        LAKE.hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules", List.of(
                Match.objectLike(Map.of(
                        "Id", "tiering",
                        "Status", "Enabled",
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 90),
                        "Transitions", List.of(
                                Map.of("StorageClass", "STANDARD_IA", "TransitionInDays", 30),
                                Map.of("StorageClass", "GLACIER", "TransitionInDays", 180))))))));
    }

    @Test
    void expiresLoaderManifestsInTheOpsBucket() {
        LAKE.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketName", "prod-ops-123456789012-eu-west-1",
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Id", "expire-manifests", "Prefix", "manifests/", "ExpirationInDays", 30, "Status", "Enabled")))))));
    }

    @Test
    void letsOnlyThisEnvironmentsClusterWriteAuditLogs() {
        PolicySimulator aws = new PolicySimulator(Platforms.of("prod"));
        String audit = bucket(aws, "prod-audit-logs-123456789012-eu-west-1");
        List<Statement> policy = aws.resourcePolicy(LAKE_STACK, "AWS::S3::BucketPolicy", "Bucket", audit);
        String bucketArn = "arn:aws:s3:::prod-audit-logs-123456789012-eu-west-1";
        Map<String, String> ownCluster = Map.of("aws:SourceAccount", "123456789012",
                "aws:SourceArn", "arn:aws:redshift:eu-west-1:123456789012:cluster:prod-warehouse", "aws:SecureTransport", "true");
        assertThat(aws.allows(Request.byService("redshift.amazonaws.com", "s3:PutObject", bucketArn + "/redshift/AWSLogs/x.gz", ownCluster),
                List.of(), policy)).isTrue();
        assertThat(aws.allows(Request.byService("redshift.amazonaws.com", "s3:GetBucketAcl", bucketArn, ownCluster),
                List.of(), policy)).isTrue();
        Map<String, String> otherCluster = Map.of("aws:SourceAccount", "123456789012",
                "aws:SourceArn", "arn:aws:redshift:eu-west-1:123456789012:cluster:someone-elses", "aws:SecureTransport", "true");
        assertThat(aws.allows(Request.byService("redshift.amazonaws.com", "s3:PutObject", bucketArn + "/redshift/x.gz", otherCluster),
                List.of(), policy)).as("another cluster").isFalse();
        assertThat(aws.allows(Request.byService("redshift.amazonaws.com", "s3:PutObject", bucketArn + "/elsewhere/x.gz", ownCluster),
                List.of(), policy)).as("outside redshift/").isFalse();
    }

    @Test
    void letsS3DeliverAccessLogsOnlyForThisAccountsBucketsEachUnderItsPrefix() {
        PolicySimulator aws = new PolicySimulator(Platforms.of("prod"));
        String logs = "prod-access-logs-123456789012-eu-west-1";
        List<Statement> policy = aws.resourcePolicy(LAKE_STACK, "AWS::S3::BucketPolicy", "Bucket", bucket(aws, logs));
        Map<String, String> fromRaw = Map.of("aws:SourceAccount", "123456789012",
                "aws:SourceArn", "arn:aws:s3:::prod-raw-123456789012-eu-west-1", "aws:SecureTransport", "true");
        assertThat(aws.allows(Request.byService("logging.s3.amazonaws.com", "s3:PutObject", "arn:aws:s3:::" + logs + "/raw/2026-12-01", fromRaw),
                List.of(), policy)).isTrue();
        assertThat(aws.allows(Request.byService("logging.s3.amazonaws.com", "s3:PutObject", "arn:aws:s3:::" + logs + "/ops/2026-12-01", fromRaw),
                List.of(), policy)).as("raw's logs under another bucket's prefix").isFalse();
        Map<String, String> foreign = Map.of("aws:SourceAccount", "444455556666",
                "aws:SourceArn", "arn:aws:s3:::prod-raw-123456789012-eu-west-1", "aws:SecureTransport", "true");
        assertThat(aws.allows(Request.byService("logging.s3.amazonaws.com", "s3:PutObject", "arn:aws:s3:::" + logs + "/raw/x", foreign),
                List.of(), policy)).as("another account").isFalse();
    }

    /**
     * Raw, curated and ops take uploads without encryption headers (the default encryption applies the lake key:
     * the loader's manifests and state are written so) or with SSE-KMS and the lake key; any other encryption,
     * another key, or aws:kms without a key id (S3 would use aws/s3) is denied, whatever the caller's own policy.
     */
    @Test
    void dataBucketsRefuseUploadsEncryptedOtherwiseThanWithTheLakeKey() {
        PolicySimulator aws = new PolicySimulator(Platforms.of("prod"));
        String lakeKey = "att:" + LAKE_STACK + "/" + aws.ofType(LAKE_STACK, "AWS::KMS::Key").get(0) + ".Arn";
        List<Statement> mayPut = List.of(new Statement(LAKE_STACK, true, null, List.of("s3:PutObject"), List.of("*"), Map.of()));
        for (String purpose : List.of("raw", "curated", "ops")) {
            String name = "prod-" + purpose + "-123456789012-eu-west-1";
            List<Statement> policy = aws.resourcePolicy(LAKE_STACK, "AWS::S3::BucketPolicy", "Bucket", bucket(aws, name));
            String object = "arn:aws:s3:::" + name + "/orders/2026/12/01/a.csv";
            java.util.function.Function<Map<String, String>, Boolean> put = headers -> {
                Map<String, String> context = new java.util.HashMap<>(headers);
                context.put("aws:SecureTransport", "true");
                return aws.allows(new Request(null, "att:role/Producer.Arn", "s3:PutObject", object, context), mayPut, policy);
            };
            assertThat(put.apply(Map.of())).as(purpose + ": no headers, default encryption").isTrue();
            assertThat(put.apply(Map.of(SSE, "aws:kms", SSE_KEY, lakeKey))).as(purpose + ": the lake key").isTrue();
            assertThat(put.apply(Map.of(SSE, "AES256"))).as(purpose + ": SSE-S3").isFalse();
            assertThat(put.apply(Map.of(SSE, "aws:kms:dsse", SSE_KEY, lakeKey))).as(purpose + ": DSSE-KMS").isFalse();
            assertThat(put.apply(Map.of(SSE, "aws:kms"))).as(purpose + ": aws:kms without a key id").isFalse();
            assertThat(put.apply(Map.of(SSE, "aws:kms", SSE_KEY,
                    "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"))).as(purpose + ": another key").isFalse();
        }
        // the log buckets are SSE-S3 (their writers need it) and carry no such deny
        LAKE.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "DenyOtherKmsKey")))), "Version", "2012-10-17")));
        assertThat(LAKE.findResources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> p.toString().contains("DenyOtherKmsKey")).count()).isEqualTo(3);
    }

    private static final String LAKE_STACK = "prod-data-lake";
    private static final String SSE = "s3:x-amz-server-side-encryption";
    private static final String SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";

    private static String bucket(PolicySimulator aws, String name) {
        return aws.ofType(LAKE_STACK, "AWS::S3::Bucket").stream()
                .filter(id -> name.equals(aws.properties(LAKE_STACK, id).get("BucketName"))).findFirst().orElseThrow();
    }

    /** staging is Serverless: its namespace assumes the COPY role as redshift-serverless.amazonaws.com. */
    @Test
    void theCopyRoleOfAServerlessEnvironmentTrustsBothRedshiftPrincipals() {
        Template staging = Platforms.of("staging").dataLake();
        assertThat(Platforms.of("staging").config().warehouse().type()).isEqualTo("serverless");
        staging.hasResourceProperties("AWS::IAM::Role", Map.of(
                "Description", "Assumed by the warehouse to COPY from the raw bucket",
                "AssumeRolePolicyDocument", Map.of(
                        "Statement", TRUSTS_BOTH_REDSHIFT_PRINCIPALS, "Version", "2012-10-17")));
    }

    /** What a batch's COPYs read under manifests/<loader>/<batch>/ in the ops bucket, the COPY role may read. */
    @Test
    @SuppressWarnings("unchecked")
    void theCopyRoleReadsEverythingALoaderWritesUnderItsManifestPrefix() {
        Map<String, Object> policy = properties(LAKE.findResources("AWS::IAM::Policy").values().iterator().next());
        List<Map<String, Object>> statements =
                (List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
        Map<String, Object> read = statements.stream().filter(st -> "ReadLoaderManifests".equals(st.get("Sid")))
                .findFirst().orElseThrow();
        assertThat(read.get("Action")).isEqualTo("s3:GetObject");
        List<Object> join = (List<Object>) ((Map<String, Object>) read.get("Resource")).get("Fn::Join");
        List<Object> parts = (List<Object>) join.get(1);
        assertThat(parts.get(0).toString()).contains("DataLakeOps");
        String glob = parts.get(1).toString().substring(1);
        for (String key : List.of("manifests/orders/b-20261201-0001/data.manifest",
                "manifests/orders/b-20261201-0001/files.manifest", "manifests/orders/b-20261201-0001/files.csv",
                "manifests/web-events/b-1/data.manifest")) {
            assertThat(key).as("IAM resource glob " + glob).matches(glob.replace("*", ".*"));
        }
    }

    @Test
    void givesTheCopyRoleReadOfTheRawBucketAndTheManifestsAndDecryptOnly() {
        LAKE.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
                "Statement", TRUSTS_BOTH_REDSHIFT_PRINCIPALS, "Version", "2012-10-17")));
        Map<String, Map<String, Object>> policies = LAKE.findResources("AWS::IAM::Policy");
        assertThat(policies).hasSize(1);
        String document = properties(policies.values().iterator().next()).get("PolicyDocument").toString();
        assertThat(document.split("Action=")).hasSize(5);
        assertThat(document)
                .contains("Action=[s3:ListBucket, s3:GetBucketLocation]")
                .contains("DataLakeOpsF0718077, Arn]}, /manifests/*]")
                .contains("Action=s3:GetObject")
                .contains("Action=kms:Decrypt")
                .contains("DataLakeRaw")
                .doesNotContain("DataLakeCurated").doesNotContain("/state/")
                .doesNotContain("s3:Put").doesNotContain("s3:Delete").doesNotContain("kms:Encrypt");
    }

    @Test
    void publishesBucketNamesAndTheCopyRoleUnderTheEnvironmentPrefix() {
        for (String name : List.of("raw-bucket-name", "curated-bucket-name", "ops-bucket-name",
                "audit-log-bucket-name", "copy-role-arn", "lake-key-arn")) {
            LAKE.hasResourceProperties("AWS::SSM::Parameter", Map.of("Name", "/prod/warehouse/" + name, "Type", "String"));
        }
        assertThat(LAKE.findOutputs("*")).hasSizeGreaterThanOrEqualTo(6);
    }
}
