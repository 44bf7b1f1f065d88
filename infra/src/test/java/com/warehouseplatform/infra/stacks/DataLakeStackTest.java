package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.infra.Platforms;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataLakeStackTest {
    private static final Template LAKE = Platforms.of("prod").dataLake();

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
    void letsOnlyRedshiftWriteAuditLogs() {
        LAKE.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "redshift.amazonaws.com"),
                        "Action", "s3:PutObject")))),
                "Version", "2012-10-17")));
    }

    @Test
    void givesTheCopyRoleReadOfTheRawBucketAndTheManifestsAndDecryptOnly() {
        LAKE.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
                "Statement", List.of(Map.of("Action", "sts:AssumeRole", "Effect", "Allow",
                        "Principal", Map.of("Service", "redshift.amazonaws.com"))),
                "Version", "2012-10-17")));
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
