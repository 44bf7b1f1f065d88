package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

import java.util.List;

/**
 * The role the warehouse assumes for COPY: it may only list and read the raw bucket, read the
 * loaders' COPY manifests in the ops bucket, and decrypt with the lake key, nothing else. It lives
 * beside the buckets it reads.
 */
public class CopyRole extends Construct {

    public record Props(IBucket rawBucket, IBucket opsBucket, IKey lakeKey) {
    }

    /**
     * Where loaders write what COPY reads in the ops bucket: per batch, manifests/<loader>/<batch>/data.manifest,
     * files.manifest and files.csv (the batch's file list). The grant covers the whole prefix.
     */
    public static final String MANIFEST_PREFIX = "manifests/";

    private final Role role;

    public CopyRole(Construct scope, String id, Props props) {
        super(scope, id);
        // a cluster assumes the role as redshift.amazonaws.com, a Serverless namespace as
        // redshift-serverless.amazonaws.com: trust both, whichever kind the environment has, so that COPY's
        // IAM_ROLE works on either (a role that trusts only the first fails COPY on Serverless)
        role = Role.Builder.create(this, "Resource")
                .assumedBy(new CompositePrincipal(new ServicePrincipal("redshift.amazonaws.com"),
                        new ServicePrincipal("redshift-serverless.amazonaws.com")))
                .description("Assumed by the warehouse to COPY from the raw bucket")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListRawBucket")
                .actions(List.of("s3:ListBucket", "s3:GetBucketLocation"))
                .resources(List.of(props.rawBucket().getBucketArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadRawObjects")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(props.rawBucket().arnForObjects("*")))
                .build());
        String manifests = props.opsBucket().arnForObjects(MANIFEST_PREFIX + "*");
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadLoaderManifests")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(manifests))
                .build());
        Findings.acknowledgeWildcardResource(role, manifests,
                "COPY reads the manifests the loaders write under manifests/ of the ops bucket; read-only, that prefix only.");
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DecryptLake")
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(props.lakeKey().getKeyArn()))
                .build());
        Findings.acknowledgeWildcardResource(role, props.rawBucket().arnForObjects("*"),
                "COPY reads the objects that producers land anywhere in the raw bucket; read-only, that bucket only.");
    }

    public Role getRole() {
        return role;
    }
}
