package com.warehouseplatform.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The role the warehouse assumes for one loader's COPY: it may list and read only that loader's prefix of the raw
 * bucket, read only that loader's manifests in the ops bucket, and decrypt with the lake key through S3 only, nothing
 * else. One per loader, so that a database user that may use one loader's role ({@code GRANT ASSUMEROLE ... FOR COPY})
 * reads no other loader's files. It lives beside the buckets it reads; the warehouse attaches every loader's role
 * (a role must be attached to be named in IAM_ROLE, "Authorizing COPY, UNLOAD, CREATE EXTERNAL FUNCTION, and CREATE
 * EXTERNAL SCHEMA operations using IAM roles", https://docs.aws.amazon.com/redshift/latest/mgmt/copy-unload-iam-role.html).
 */
public class CopyRole extends Construct {

    /** {@code source} is the loader's prefix in the raw bucket, ending in {@code /}. */
    public record Props(String loader, String source, IBucket rawBucket, IBucket opsBucket, IKey lakeKey) {}

    /**
     * Where loaders write what COPY reads in the ops bucket: per batch, manifests/<loader>/<batch>/data.manifest,
     * files.manifest and files.csv (the batch's file list).
     */
    public static final String MANIFEST_PREFIX = "manifests/";

    /** Where a loader keeps its pending batches, quarantine and watermark in the ops bucket. */
    public static final String STATE_PREFIX = "state/";

    /** The manifests of one loader: its COPY role reads them, only its function writes them. */
    public static String manifestPrefix(String loader) {
        return MANIFEST_PREFIX + loader + "/";
    }

    /** The state of one loader: only its function writes it. */
    public static String statePrefix(String loader) {
        return STATE_PREFIX + loader + "/";
    }

    private final Role role;
    private final String loader;
    private final String source;

    public CopyRole(Construct scope, String id, Props props) {
        super(scope, id);
        loader = props.loader();
        source = props.source();
        // a cluster assumes the role as redshift.amazonaws.com, a Serverless namespace as
        // redshift-serverless.amazonaws.com: trust both, whichever kind the environment has, so that COPY's
        // IAM_ROLE works on either (a role that trusts only the first fails COPY on Serverless). No aws:SourceAccount
        // or aws:SourceArn condition: no Redshift page says Redshift sets them when it assumes a role for COPY, and a
        // condition on a key the request lacks denies, so it would fail every COPY. A role is usable only by a cluster
        // or namespace of this account that it is attached to (attaching takes iam:PassRole in this account).
        role = Role.Builder.create(this, "Resource")
                .assumedBy(new CompositePrincipal(
                        new ServicePrincipal("redshift.amazonaws.com"),
                        new ServicePrincipal("redshift-serverless.amazonaws.com")))
                .description("Assumed by the warehouse for the COPY of loader " + loader + ": reads " + source
                        + " of the raw bucket")
                .build();
        Findings.acknowledgeInlinePolicies(role);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListOwnPrefix")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.rawBucket().getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(source + "*"))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("LocateRawBucket")
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(props.rawBucket().getBucketArn()))
                .build());
        String objects = props.rawBucket().arnForObjects(source + "*");
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadOwnPrefix")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(objects))
                .build());
        Findings.acknowledgeWildcardResource(
                role,
                objects,
                "COPY of loader " + loader + " reads the objects producers land under its prefix " + source
                        + "; read-only, nothing else in the bucket.");
        String manifests = props.opsBucket().arnForObjects(manifestPrefix(loader) + "*");
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadOwnManifests")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(manifests))
                .build());
        Findings.acknowledgeWildcardResource(
                role,
                manifests,
                "COPY reads the manifests loader " + loader
                        + " writes per batch under its own manifest prefix; read-only.");
        // S3 decrypts SSE-KMS objects by calling KMS on the reader's behalf, with kms:ViaService s3.<region>:
        // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
        Stack stack = Stack.of(this);
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DecryptLakeThroughS3")
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(props.lakeKey().getKeyArn()))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("kms:ViaService", "s3." + stack.getRegion() + "." + stack.getUrlSuffix())))
                .build());
    }

    public Role getRole() {
        return role;
    }

    public String getLoader() {
        return loader;
    }

    public String getSource() {
        return source;
    }
}
