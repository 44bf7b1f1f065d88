package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.Policies;
import com.warehouseplatform.infra.PolicySimulator;
import com.warehouseplatform.infra.PolicySimulator.Request;
import com.warehouseplatform.infra.PolicySimulator.Statement;
import com.warehouseplatform.infra.WarehousePlatform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataLakeStackTest {
    private static final Template LAKE = Platforms.of("prod").dataLake();
    /** A cluster assumes a COPY role as redshift, a Serverless namespace as redshift-serverless. */
    /** One statement for both principals: @aws-cdk/aws-iam:minimizePolicies merges them and sorts the services. */
    private static final List<Map<String, Object>> TRUSTS_BOTH_REDSHIFT_PRINCIPALS = List.of(Map.of(
            "Action",
            "sts:AssumeRole",
            "Effect",
            "Allow",
            "Principal",
            Map.of("Service", List.of("redshift-serverless.amazonaws.com", "redshift.amazonaws.com"))));

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
        LAKE.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "BucketEncryption",
                        Map.of(
                                "ServerSideEncryptionConfiguration",
                                List.of(Map.of(
                                        "BucketKeyEnabled",
                                        true,
                                        "ServerSideEncryptionByDefault",
                                        Map.of(
                                                "SSEAlgorithm",
                                                "aws:kms",
                                                "KMSMasterKeyID",
                                                Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue()))))))));
        assertThat(bucketsEncryptedWith("AES256"))
                .as("the two log buckets, whose writers need SSE-S3")
                .isEqualTo(2);
    }

    @Test
    void blocksPublicAccessVersionsAndEnforcesBucketOwnershipOnEveryBucket() {
        LAKE.allResourcesProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls",
                                        true,
                                        "BlockPublicPolicy",
                                        true,
                                        "IgnorePublicAcls",
                                        true,
                                        "RestrictPublicBuckets",
                                        true),
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "OwnershipControls",
                                Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")))));
        assertThat(buckets().values())
                .noneSatisfy(b -> assertThat(properties(b)).containsKey("AccessControl"));
    }

    @Test
    void deniesEveryRequestWithoutTlsOnEveryBucket() {
        Map<String, Map<String, Object>> policies = LAKE.findResources("AWS::S3::BucketPolicy");
        assertThat(policies).hasSize(5);
        LAKE.allResourcesProperties(
                "AWS::S3::BucketPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect", "Deny",
                                        "Action", "s3:*",
                                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))),
                                "Version",
                                "2012-10-17")));
    }

    @Test
    void logsAccessToEveryBucketButTheAccessLogBucket() {
        long logged = buckets().values().stream()
                .filter(b -> properties(b).containsKey("LoggingConfiguration"))
                .count();
        assertThat(logged).isEqualTo(4);
    }

    @Test
    void tiersDataBucketsAsConfigured() {
        LAKE.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                List.of(Match.objectLike(Map.of(
                                        "Id",
                                        "tiering",
                                        "Status",
                                        "Enabled",
                                        "NoncurrentVersionExpiration",
                                        Map.of("NoncurrentDays", 90),
                                        "Transitions",
                                        List.of(
                                                Map.of("StorageClass", "STANDARD_IA", "TransitionInDays", 30),
                                                Map.of("StorageClass", "GLACIER", "TransitionInDays", 180))))))));
    }

    @Test
    void expiresLoaderManifestsInTheOpsBucket() {
        LAKE.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "BucketName",
                        "prod-ops-123456789012-eu-west-1",
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Id",
                                        "expire-manifests",
                                        "Prefix",
                                        "manifests/",
                                        "ExpirationInDays",
                                        30,
                                        "Status",
                                        "Enabled")))))));
    }

    @Test
    void letsOnlyThisEnvironmentsClusterWriteAuditLogs() {
        PolicySimulator aws = new PolicySimulator(Platforms.of("prod"));
        String audit = bucket(aws, "prod-audit-logs-123456789012-eu-west-1");
        List<Statement> policy = aws.resourcePolicy(LAKE_STACK, "AWS::S3::BucketPolicy", "Bucket", audit);
        String bucketArn = "arn:aws:s3:::prod-audit-logs-123456789012-eu-west-1";
        Map<String, String> ownCluster = Map.of(
                "aws:SourceAccount",
                "123456789012",
                "aws:SourceArn",
                "arn:aws:redshift:eu-west-1:123456789012:cluster:prod-warehouse",
                "aws:SecureTransport",
                "true");
        assertThat(aws.allows(
                        Request.byService(
                                "redshift.amazonaws.com",
                                "s3:PutObject",
                                bucketArn + "/redshift/AWSLogs/x.gz",
                                ownCluster),
                        List.of(),
                        policy))
                .isTrue();
        assertThat(aws.allows(
                        Request.byService("redshift.amazonaws.com", "s3:GetBucketAcl", bucketArn, ownCluster),
                        List.of(),
                        policy))
                .isTrue();
        Map<String, String> otherCluster = Map.of(
                "aws:SourceAccount",
                "123456789012",
                "aws:SourceArn",
                "arn:aws:redshift:eu-west-1:123456789012:cluster:someone-elses",
                "aws:SecureTransport",
                "true");
        assertThat(aws.allows(
                        Request.byService(
                                "redshift.amazonaws.com", "s3:PutObject", bucketArn + "/redshift/x.gz", otherCluster),
                        List.of(),
                        policy))
                .as("another cluster")
                .isFalse();
        assertThat(aws.allows(
                        Request.byService(
                                "redshift.amazonaws.com", "s3:PutObject", bucketArn + "/elsewhere/x.gz", ownCluster),
                        List.of(),
                        policy))
                .as("outside redshift/")
                .isFalse();
    }

    @Test
    void letsS3DeliverAccessLogsOnlyForThisAccountsBucketsEachUnderItsPrefix() {
        PolicySimulator aws = new PolicySimulator(Platforms.of("prod"));
        String logs = "prod-access-logs-123456789012-eu-west-1";
        List<Statement> policy = aws.resourcePolicy(LAKE_STACK, "AWS::S3::BucketPolicy", "Bucket", bucket(aws, logs));
        Map<String, String> fromRaw = Map.of(
                "aws:SourceAccount",
                "123456789012",
                "aws:SourceArn",
                "arn:aws:s3:::prod-raw-123456789012-eu-west-1",
                "aws:SecureTransport",
                "true");
        assertThat(aws.allows(
                        Request.byService(
                                "logging.s3.amazonaws.com",
                                "s3:PutObject",
                                "arn:aws:s3:::" + logs + "/raw/2026-12-01",
                                fromRaw),
                        List.of(),
                        policy))
                .isTrue();
        assertThat(aws.allows(
                        Request.byService(
                                "logging.s3.amazonaws.com",
                                "s3:PutObject",
                                "arn:aws:s3:::" + logs + "/ops/2026-12-01",
                                fromRaw),
                        List.of(),
                        policy))
                .as("raw's logs under another bucket's prefix")
                .isFalse();
        Map<String, String> foreign = Map.of(
                "aws:SourceAccount",
                "444455556666",
                "aws:SourceArn",
                "arn:aws:s3:::prod-raw-123456789012-eu-west-1",
                "aws:SecureTransport",
                "true");
        assertThat(aws.allows(
                        Request.byService(
                                "logging.s3.amazonaws.com", "s3:PutObject", "arn:aws:s3:::" + logs + "/raw/x", foreign),
                        List.of(),
                        policy))
                .as("another account")
                .isFalse();
    }

    /**
     * Raw, curated and ops take uploads without encryption headers (the default encryption applies the lake key:
     * the loader's manifests and state are written so) or with SSE-KMS and the lake key; any other encryption,
     * another key, or aws:kms without a key id (S3 would use aws/s3) is denied, whatever the caller's own policy.
     */
    @Test
    void dataBucketsRefuseUploadsEncryptedOtherwiseThanWithTheLakeKey() {
        PolicySimulator aws = new PolicySimulator(Platforms.of("prod"));
        String lakeKey = "att:" + LAKE_STACK + "/"
                + aws.ofType(LAKE_STACK, "AWS::KMS::Key").get(0) + ".Arn";
        List<Statement> mayPut =
                List.of(new Statement(LAKE_STACK, true, null, List.of("s3:PutObject"), List.of("*"), Map.of()));
        for (String purpose : List.of("raw", "curated", "ops")) {
            String name = "prod-" + purpose + "-123456789012-eu-west-1";
            List<Statement> policy =
                    aws.resourcePolicy(LAKE_STACK, "AWS::S3::BucketPolicy", "Bucket", bucket(aws, name));
            String object = "arn:aws:s3:::" + name + "/orders/2026/12/01/a.csv";
            java.util.function.Function<Map<String, String>, Boolean> put = headers -> {
                Map<String, String> context = new java.util.HashMap<>(headers);
                context.put("aws:SecureTransport", "true");
                return aws.allows(
                        new Request(null, "att:role/Producer.Arn", "s3:PutObject", object, context), mayPut, policy);
            };
            assertThat(put.apply(Map.of()))
                    .as(purpose + ": no headers, default encryption")
                    .isTrue();
            assertThat(put.apply(Map.of(SSE, "aws:kms", SSE_KEY, lakeKey)))
                    .as(purpose + ": the lake key")
                    .isTrue();
            assertThat(put.apply(Map.of(SSE, "AES256")))
                    .as(purpose + ": SSE-S3")
                    .isFalse();
            assertThat(put.apply(Map.of(SSE, "aws:kms:dsse", SSE_KEY, lakeKey)))
                    .as(purpose + ": DSSE-KMS")
                    .isFalse();
            assertThat(put.apply(Map.of(SSE, "aws:kms")))
                    .as(purpose + ": aws:kms without a key id")
                    .isFalse();
            assertThat(put.apply(Map.of(
                            SSE,
                            "aws:kms",
                            SSE_KEY,
                            "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000")))
                    .as(purpose + ": another key")
                    .isFalse();
        }
        // the log buckets are SSE-S3 (their writers need it) and carry no such deny
        LAKE.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "DenyOtherKmsKey")))),
                                "Version",
                                "2012-10-17")));
        assertThat(LAKE.findResources("AWS::S3::BucketPolicy").values().stream()
                        .filter(p -> p.toString().contains("DenyOtherKmsKey"))
                        .count())
                .isEqualTo(3);
    }

    private static final String LAKE_STACK = "prod-data-lake";
    private static final String SSE = "s3:x-amz-server-side-encryption";
    private static final String SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";

    private static String bucket(PolicySimulator aws, String name) {
        return aws.ofType(LAKE_STACK, "AWS::S3::Bucket").stream()
                .filter(id -> name.equals(aws.properties(LAKE_STACK, id).get("BucketName")))
                .findFirst()
                .orElseThrow();
    }

    /** Loader name to its prefix in the raw bucket, as config/prod.yaml has them. */
    private static final Map<String, String> PROD_LOADERS =
            Map.of("orders", "orders/", "web-events", "events/", "customers", "customers/");

    private static String copyRole(Template template, String loader) {
        return Policies.logicalId(template, "AWS::IAM::Role", "for the COPY of loader " + loader + ":");
    }

    private static String bucket(String purpose) {
        return Policies.logicalId(LAKE, "AWS::S3::Bucket", "BucketName=prod-" + purpose + "-");
    }

    /** staging is Serverless: its namespace assumes the COPY roles as redshift-serverless.amazonaws.com. */
    @Test
    void theCopyRolesOfAServerlessEnvironmentTrustBothRedshiftPrincipals() {
        Template staging = Platforms.of("staging").dataLake();
        assertThat(Platforms.of("staging").config().warehouse().type()).isEqualTo("serverless");
        for (String loader : List.of("orders", "web-events")) {
            Map<String, Object> role = staging.findResources("AWS::IAM::Role").get(copyRole(staging, loader));
            assertThat(properties(role).get("AssumeRolePolicyDocument"))
                    .isEqualTo(Map.of("Statement", TRUSTS_BOTH_REDSHIFT_PRINCIPALS, "Version", "2012-10-17"));
        }
    }

    @Test
    void hasOneCopyRolePerLoaderAndNoOther() {
        long copyRoles = LAKE.findResources("AWS::IAM::Role").values().stream()
                .filter(r ->
                        properties(r).get("AssumeRolePolicyDocument").toString().contains("redshift"))
                .count();
        assertThat(copyRoles).isEqualTo(PROD_LOADERS.size());
        PROD_LOADERS
                .keySet()
                .forEach(loader -> assertThat(copyRole(LAKE, loader)).startsWith("CopyRole"));
    }

    /**
     * Each loader's COPY role lists and reads only that loader's prefix, reads only its own manifests
     * (manifests/<loader>/<batch>/data.manifest, files.manifest, files.csv) and decrypts only through S3.
     */
    @Test
    void eachCopyRoleReadsOnlyItsLoadersPrefixAndManifestsAndDecryptsThroughS3() {
        String raw = "${" + bucket("raw") + ".Arn}";
        String ops = "${" + bucket("ops") + ".Arn}";
        String key =
                "${" + LAKE.findResources("AWS::KMS::Key").keySet().iterator().next() + ".Arn}";
        PROD_LOADERS.forEach((loader, source) -> {
            List<Map<String, Object>> statements = Policies.ofRole(LAKE, copyRole(LAKE, loader));
            assertThat(statements).allSatisfy(st -> assertThat(st.get("Effect")).isEqualTo("Allow"));
            assertThat(statements.stream()
                            .map(st -> st.get("Sid") + " " + Policies.values(st, "Action") + " "
                                    + Policies.values(st, "Resource") + " " + Policies.text(st.get("Condition")))
                            .toList())
                    .as("the whole policy of the COPY role of " + loader)
                    .containsExactly(
                            "ListOwnPrefix [s3:ListBucket] [" + raw + "] {StringLike={s3:prefix=[" + source + "*]}}",
                            "LocateRawBucket [s3:GetBucketLocation] [" + raw + "] ",
                            "ReadOwnPrefix [s3:GetObject] [" + raw + "/" + source + "*] ",
                            "ReadOwnManifests [s3:GetObject] [" + ops + "/manifests/" + loader + "/*] ",
                            "DecryptLakeThroughS3 [kms:Decrypt] [" + key + "] {StringEquals={kms:ViaService="
                                    + "s3.eu-west-1.${AWS::URLSuffix}}}");
            String glob = (ops + "/manifests/" + loader + "/*").substring(ops.length() + 1);
            for (String file : List.of("data.manifest", "files.manifest", "files.csv")) {
                assertThat("manifests/" + loader + "/b-20261201-0001/" + file).matches(glob.replace("*", ".*"));
            }
            PROD_LOADERS.forEach((other, otherSource) -> {
                if (!other.equals(loader)) {
                    assertThat(statements.toString())
                            .doesNotContain("/" + otherSource)
                            .doesNotContain("/" + other + "/");
                }
            });
        });
    }

    /**
     * COPY of loader L reads its prefix: the role's trust and policy (above), the key policy that lets the account's
     * IAM policies use the key, a raw bucket policy that denies only requests without TLS (COPY uses TLS), and an S3
     * gateway endpoint (enhanced VPC routing) whose policy, if it has one, lets the raw bucket be read.
     */
    @Test
    void theKeyAndTheRawBucketLetTheCopyRolesPolicyDecide() {
        Map<String, Object> key =
                LAKE.findResources("AWS::KMS::Key").values().iterator().next();
        assertThat(Policies.statements(key, "KeyPolicy")).anySatisfy(st -> {
            assertThat(st.get("Effect")).isEqualTo("Allow");
            assertThat(Policies.text(((Map<?, ?>) st.get("Principal")).get("AWS")))
                    .isEqualTo("arn:aws:iam::123456789012:root");
            assertThat(st.get("Action")).isEqualTo("kms:*");
        });
        String raw = bucket("raw");
        Map<String, Object> rawPolicy = LAKE.findResources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> Policies.text(properties(p).get("Bucket")).equals("${" + raw + "}"))
                .findFirst()
                .orElseThrow();
        assertThat(Policies.statements(rawPolicy, "PolicyDocument")).allSatisfy(st -> {
            if ("Deny".equals(st.get("Effect"))) {
                assertThat(Policies.values(st, "Action"))
                        .as("denies no COPY read by accident")
                        .doesNotContain("s3:GetObject")
                        .doesNotContain("s3:ListBucket");
                if (Policies.values(st, "Action").contains("s3:*")) {
                    assertThat(Policies.text(st.get("Condition"))).isEqualTo("{Bool={aws:SecureTransport=false}}");
                }
            }
        });
        Map<String, Map<String, Object>> endpoints =
                new java.util.LinkedHashMap<>(Platforms.of("prod").network().findResources("AWS::EC2::VPCEndpoint"));
        // COPY reaches S3 through the gateway endpoint; the functions' interface endpoints serve other APIs
        endpoints
                .values()
                .removeIf(endpoint -> !"Gateway".equals(properties(endpoint).get("VpcEndpointType")));
        assertThat(endpoints).isNotEmpty().allSatisfy((id, endpoint) -> {
            Object document = properties(endpoint).get("PolicyDocument");
            if (document != null) {
                assertThat(Policies.statements(endpoint, "PolicyDocument"))
                        .as("endpoint policy of " + id)
                        .anySatisfy(st -> {
                            assertThat(st.get("Effect")).isEqualTo("Allow");
                            assertThat(Policies.values(st, "Action"))
                                    .anyMatch(a -> a.equals("s3:GetObject") || a.equals("s3:*") || a.equals("*"));
                            assertThat(Policies.values(st, "Resource"))
                                    .anyMatch(
                                            r -> r.equals("*") || r.contains("prod-raw-") || r.contains("DataLakeRaw"));
                        });
            }
        });
    }

    /**
     * Only loader L's function role may write or delete under state/L/ and manifests/L/ of the ops bucket; no
     * principal that is not a loader may write under state/ or manifests/ at all.
     */
    @Test
    void theOpsBucketLetsOnlyEachLoaderWriteItsOwnStateAndManifests() {
        String ops = bucket("ops");
        Map<String, Object> policy = LAKE.findResources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> Policies.text(properties(p).get("Bucket")).equals("${" + ops + "}"))
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> denials = Policies.statements(policy, "PolicyDocument").stream()
                .filter(st -> "Deny".equals(st.get("Effect"))
                        && Policies.values(st, "Action").contains("s3:PutObject")
                        && Policies.text(st.get("Condition")).contains("aws:PrincipalArn"))
                .toList();
        List<String> writes = List.of("s3:PutObject", "s3:DeleteObject");
        PROD_LOADERS
                .keySet()
                .forEach(loader -> assertThat(denials)
                        .as("the denial of loader " + loader)
                        .anySatisfy(st -> {
                            assertThat(st.get("Principal")).isEqualTo("*");
                            assertThat(Policies.values(st, "Action")).containsExactlyInAnyOrderElementsOf(writes);
                            assertThat(Policies.values(st, "Resource"))
                                    .containsExactlyInAnyOrder(
                                            "${" + ops + ".Arn}/state/" + loader + "/*",
                                            "${" + ops + ".Arn}/manifests/" + loader + "/*");
                            assertThat(Policies.text(st.get("Condition")))
                                    .isEqualTo("{ArnNotEquals={aws:PrincipalArn="
                                            + "arn:aws:iam::123456789012:role/prod-loader-" + loader
                                            + "}}");
                        }));
        assertThat(denials).anySatisfy(st -> {
            assertThat(st.get("Sid")).isEqualTo("OnlyLoadersWriteStateAndManifests");
            assertThat(Policies.values(st, "Resource"))
                    .containsExactlyInAnyOrder("${" + ops + ".Arn}/state/*", "${" + ops + ".Arn}/manifests/*");
            assertThat(Policies.text(st.get("Condition")))
                    .isEqualTo("{ArnNotLike={aws:PrincipalArn=" + "arn:aws:iam::123456789012:role/prod-loader-*}}");
        });
        assertThat(denials).hasSize(PROD_LOADERS.size() + 1);
        assertThat(Policies.statements(policy, "PolicyDocument")).anySatisfy(st -> {
            assertThat(st.get("Sid")).isEqualTo("NobodyDeletesVersionsOfStateAndManifests");
            assertThat(st)
                    .containsEntry("Effect", "Deny")
                    .containsEntry("Principal", "*")
                    .containsEntry("Action", "s3:DeleteObjectVersion")
                    .doesNotContainKey("Condition");
            assertThat(Policies.values(st, "Resource"))
                    .containsExactlyInAnyOrder("${" + ops + ".Arn}/state/*", "${" + ops + ".Arn}/manifests/*");
        });
    }

    /** prod's file with {@code count} loaders named {@code <name>-<i>}, each on its own prefix. */
    private static String prodWithLoaders(int count, String name) {
        String prod = Platforms.read("prod");
        StringBuilder yaml = new StringBuilder(prod.substring(0, prod.indexOf("\nloaders:"))).append("\nloaders:\n");
        for (int i = 1; i <= count; i++) {
            String loader = name + "-" + i;
            yaml.append("  - name: ")
                    .append(loader)
                    .append("\n    table: sales.feed_")
                    .append(i)
                    .append("\n    source: ")
                    .append(loader)
                    .append("/\n    format: {type: json}\n")
                    .append("    schedule: \"rate(5 minutes)\"\n");
        }
        return yaml.toString();
    }

    /** The data-lake stack alone (the loader stack of 50 loaders is over CloudFormation's 500 resources). */
    private static Template dataLakeOf(String yaml) {
        EnvironmentConfig config = ConfigLoader.parse(yaml, "config/prod.yaml (variant)", "prod");
        App app = WarehousePlatform.newApp(Map.of());
        return Template.fromStack(new DataLakeStack(
                app,
                "prod-data-lake",
                StackProps.builder()
                        .env(Environment.builder()
                                .account(config.account())
                                .region(config.region())
                                .build())
                        .build(),
                config));
    }

    /**
     * One denial per loader in the ops bucket's policy, which S3 limits to 20 KB: 50 loaders with names of about a
     * dozen characters fit; 50 with the longest names (30 characters) do not, and synth says so instead of the deploy.
     */
    @Test
    void refusesAnOpsBucketPolicyOverS3sLimitAtSynth() {
        Template fifty = dataLakeOf(prodWithLoaders(50, "feed-abcd"));
        assertThat(fifty.findResources("AWS::IAM::Role")).hasSize(50);
        // 27 characters and "-50": 30, the longest loader name
        assertThatThrownBy(() -> dataLakeOf(prodWithLoaders(50, "a-loader-with-a-long-name-x")))
                .hasMessageContaining("the ops bucket's policy could be")
                .hasMessageContaining("bytes with 50 loaders, over S3's 20480");
    }

    @Test
    void publishesBucketNamesAndEachCopyRoleUnderTheEnvironmentPrefix() {
        for (String name : List.of(
                "raw-bucket-name",
                "curated-bucket-name",
                "ops-bucket-name",
                "audit-log-bucket-name",
                "copy-role-arn/orders",
                "copy-role-arn/web-events",
                "copy-role-arn/customers",
                "lake-key-arn")) {
            LAKE.hasResourceProperties(
                    "AWS::SSM::Parameter", Map.of("Name", "/prod/warehouse/" + name, "Type", "String"));
        }
        assertThat(LAKE.findOutputs("*")).hasSizeGreaterThanOrEqualTo(8);
    }
}
