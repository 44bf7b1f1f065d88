package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

import java.util.List;

/**
 * The role the warehouse assumes for COPY: it may only list and read the raw bucket and decrypt
 * with the lake key, nothing else. It lives beside the bucket it reads.
 */
public class CopyRole extends Construct {

    public record Props(IBucket rawBucket, IKey lakeKey) {
    }

    private final Role role;

    public CopyRole(Construct scope, String id, Props props) {
        super(scope, id);
        role = Role.Builder.create(this, "Resource")
                .assumedBy(new ServicePrincipal("redshift.amazonaws.com"))
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
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("DecryptLake")
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(props.lakeKey().getKeyArn()))
                .build());
        Findings.acknowledge(role, "AwsSolutions-IAM5[Resource::<" + Findings.logicalId(props.rawBucket()) + ".Arn>/*]",
                "COPY reads the objects that producers land anywhere in the raw bucket; read-only, that bucket only.");
    }

    public Role getRole() {
        return role;
    }
}
