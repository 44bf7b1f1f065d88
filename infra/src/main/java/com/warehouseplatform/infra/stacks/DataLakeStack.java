package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.infra.constructs.CopyRole;
import com.warehouseplatform.infra.constructs.DataLake;
import com.warehouseplatform.infra.constructs.LoaderFunction;
import com.warehouseplatform.infra.constructs.PublishedValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.StarPrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.constructs.Construct;

/**
 * The encrypted data lake and the roles that read it for COPY, one per loader. Stateful: changes rarely; adding or
 * removing a loader adds or removes its COPY role here (and the role's attachment in the warehouse stack).
 */
public class DataLakeStack extends Stack {
    /** What only a loader's own function may do to its state and manifests in the ops bucket. */
    static final List<String> WRITES = List.of("s3:PutObject", "s3:DeleteObject");

    private final DataLake dataLake;
    private final Map<String, CopyRole> copyRoles = new LinkedHashMap<>();

    public DataLakeStack(Construct scope, String id, StackProps props, EnvironmentConfig config) {
        super(scope, id, props);
        dataLake = new DataLake(
                this,
                "DataLake",
                new DataLake.Props(config.name(), config.dataLake(), Protection.removalPolicy(config)));
        String env = config.name();
        for (LoaderConfig loader : config.loaders()) {
            copyRoles.put(
                    loader.name(),
                    new CopyRole(
                            this,
                            "CopyRole-" + loader.name(),
                            new CopyRole.Props(
                                    loader.name(),
                                    loader.source(),
                                    dataLake.getRaw(),
                                    dataLake.getOps(),
                                    dataLake.getKey())));
        }
        onlyEachLoaderWritesItsOwnState(env, config.loaders());
        new PublishedValue(
                this,
                "RawBucketName",
                new PublishedValue.Props(
                        env,
                        "raw-bucket-name",
                        dataLake.getRaw().getBucketName(),
                        "Landing bucket: producers write files here"));
        new PublishedValue(
                this,
                "CuratedBucketName",
                new PublishedValue.Props(
                        env, "curated-bucket-name", dataLake.getCurated().getBucketName(), "Curated data bucket"));
        new PublishedValue(
                this,
                "OpsBucketName",
                new PublishedValue.Props(
                        env, "ops-bucket-name", dataLake.getOps().getBucketName(), "Loader manifests and job state"));
        // The warehouse stack once imported the audit bucket's name and now has it as text; the export stays so that
        // deploying this stack first (CDK's order) does not delete an export a deployed warehouse stack still
        // imports, which CloudFormation refuses ("Export ... cannot be deleted as it is in use"). Remove it once
        // every environment's warehouse stack has been deployed without the import.
        exportValue(dataLake.getAuditLogs().getBucketName());
        new PublishedValue(
                this,
                "AuditLogBucketName",
                new PublishedValue.Props(
                        env, "audit-log-bucket-name", dataLake.getAuditLogs().getBucketName(), "Warehouse audit logs"));
        new PublishedValue(
                this,
                "LakeKeyArn",
                new PublishedValue.Props(
                        env,
                        "lake-key-arn",
                        dataLake.getKey().getKeyArn(),
                        "KMS key of the data lake and the warehouse"));
        copyRoles.forEach((loader, role) -> new PublishedValue(
                this,
                "CopyRoleArn-" + loader,
                new PublishedValue.Props(
                        env,
                        "copy-role-arn/" + loader,
                        role.getRole().getRoleArn(),
                        "IAM role the COPY of loader " + loader + " uses")));
    }

    /**
     * The ops bucket's policy: the state and manifests of loader L ({@code state/L/*}, {@code manifests/L/*}) may be
     * written or deleted only by L's function role, and nothing under {@code state/} or {@code manifests/} by anyone
     * but a role named like a loader's function role ({@code <env>-loader-*}). Identity policies already give each loader only its own prefixes; these denials hold
     * whatever another role of the account is allowed. The function roles live in the loader stack, which this
     * stack must not reference, so their ARNs are computed from their fixed names ({@link LoaderFunction#roleName}),
     * and matched with aws:PrincipalArn, which for a role session is the role's ARN
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
     * Nothing else writes there: COPY only reads, and lifecycle expiry is not a request a bucket policy governs.
     */
    private void onlyEachLoaderWritesItsOwnState(String env, List<LoaderConfig> loaders) {
        Bucket ops = dataLake.getOps();
        for (LoaderConfig loader : loaders) {
            String role = functionRoleArn(env, loader.name());
            ops.addToResourcePolicy(PolicyStatement.Builder.create()
                    .effect(Effect.DENY)
                    .principals(List.of(new StarPrincipal()))
                    .actions(WRITES)
                    .resources(List.of(
                            ops.arnForObjects(CopyRole.statePrefix(loader.name()) + "*"),
                            ops.arnForObjects(CopyRole.manifestPrefix(loader.name()) + "*")))
                    .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", role)))
                    .build());
        }
        // one pattern rather than the list of every loader's role: a bucket policy holds at most 20 KB
        ops.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("OnlyLoadersWriteStateAndManifests")
                .effect(Effect.DENY)
                .principals(List.of(new StarPrincipal()))
                .actions(WRITES)
                .resources(List.of(
                        ops.arnForObjects(CopyRole.STATE_PREFIX + "*"),
                        ops.arnForObjects(CopyRole.MANIFEST_PREFIX + "*")))
                .conditions(Map.of("ArnNotLike", Map.of("aws:PrincipalArn", functionRoleArn(env, "*"))))
                .build());
        // no request needs to delete a version of state or manifests (lifecycle rules expire them, not requests)
        ops.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("NobodyDeletesVersionsOfStateAndManifests")
                .effect(Effect.DENY)
                .principals(List.of(new StarPrincipal()))
                .actions(List.of("s3:DeleteObjectVersion"))
                .resources(List.of(
                        ops.arnForObjects(CopyRole.STATE_PREFIX + "*"),
                        ops.arnForObjects(CopyRole.MANIFEST_PREFIX + "*")))
                .build());
        String opsId = resolve(((CfnBucket) ops.getNode().getDefaultChild()).getLogicalId())
                .toString();
        Object opsName = resolve(DataLake.bucketName(this, env, DataLake.OPS));
        getNode().addValidation(() -> {
            int bytes = PolicySize.upperBound(resolve(ops.getPolicy().getDocument()), Map.of(opsId, opsName));
            return bytes <= PolicySize.BUCKET_POLICY_LIMIT
                    ? List.of()
                    : List.of("the ops bucket's policy could be "
                            + bytes + " bytes with " + loaders.size() + " loaders, over S3's "
                            + PolicySize.BUCKET_POLICY_LIMIT
                            + " (one statement per loader, which names its prefixes and its function role): use shorter loader "
                            + "names or fewer loaders per environment");
        });
    }

    /** The ARN of loader {@code loader}'s function role, from its fixed name: no reference to the loader stack. */
    public String functionRoleArn(String env, String loader) {
        return formatArn(ArnComponents.builder()
                .service("iam")
                .region("")
                .resource("role")
                .resourceName(LoaderFunction.roleName(env, loader))
                .build());
    }

    /** Each loader's COPY role, by loader name, in the order of the configuration. */
    public Map<String, CopyRole> getCopyRoles() {
        return Collections.unmodifiableMap(copyRoles);
    }

    public DataLake getDataLake() {
        return dataLake;
    }
}
