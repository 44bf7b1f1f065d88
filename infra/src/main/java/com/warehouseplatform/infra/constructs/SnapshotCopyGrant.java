package com.warehouseplatform.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The destination side of a cluster's cross-region snapshot copy: a customer-managed KMS key in the destination
 * region and a Redshift snapshot copy grant on it, which lets Redshift encrypt the copied snapshots of a KMS-encrypted
 * cluster with that key. KMS keys are regional, so the copies cannot use the cluster's own key, and the grant must be
 * in the destination region ("Copying AWS KMS–encrypted snapshots to another AWS Region",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html#configure-snapshot-copy-grant;
 * CreateSnapshotCopyGrant, https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateSnapshotCopyGrant.html).
 *
 * <p>CloudFormation has no resource for a snapshot copy grant (AWS::Redshift::Cluster only takes its name,
 * SnapshotCopyGrantName), so a custom resource creates and deletes it. Its name is fixed by the environment
 * ({@link #grantName}), so that the cluster's stack, in the home region, can name it as text: CloudFormation has no
 * cross-region reference.
 *
 * <p>The grant itself is a KMS grant that Redshift creates on the key with the caller's credentials, so the
 * function's role may create grants on this key only when the grant is for an AWS resource
 * ({@code kms:GrantIsForAWSResource}), which also passes the key's deny of any other grant ({@link KeyPolicies}).
 * Doubt: the Redshift pages do not list the KMS permissions DeleteSnapshotCopyGrant needs; the role may also revoke
 * grants on this key, so that deleting the stack does not fail on it.
 */
public class SnapshotCopyGrant extends Construct {

    /** @param environment names the grant and the key */
    public record Props(String environment) {}

    /** The grant's name: lowercase letters, digits and single hyphens, at most 63, unique per account and region. */
    public static String grantName(String environment) {
        return environment + "-warehouse-snapshot-copy";
    }

    private final Key key;
    private final String name;

    public SnapshotCopyGrant(Construct scope, String id, Props props) {
        super(scope, id);
        name = grantName(props.environment());
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the " + props.environment() + " warehouse's snapshots copied to this region")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                // always kept, whatever protect says: the copies in this region, automated ones for up to 35 days and
                // manual ones for as long as someone keeps them, can be restored only while their key exists
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        KeyPolicies.grantsOnlyForAwsResources(key);
        Stack stack = Stack.of(this);
        String grantArn = stack.formatArn(ArnComponents.builder()
                .service("redshift")
                .resource("snapshotcopygrant")
                .resourceName(name)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        AwsCustomResource grant = AwsCustomResource.Builder.create(this, "Resource")
                .onCreate(AwsSdkCall.builder()
                        .service("Redshift")
                        .action("createSnapshotCopyGrant")
                        .parameters(Ordered.map("SnapshotCopyGrantName", name, "KmsKeyId", key.getKeyArn()))
                        .physicalResourceId(PhysicalResourceId.of(name))
                        .build())
                .onDelete(AwsSdkCall.builder()
                        .service("Redshift")
                        .action("deleteSnapshotCopyGrant")
                        .parameters(Map.of("SnapshotCopyGrantName", name))
                        .build())
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(
                        PolicyStatement.Builder.create()
                                .actions(
                                        List.of("redshift:CreateSnapshotCopyGrant", "redshift:DeleteSnapshotCopyGrant"))
                                .resources(List.of(grantArn))
                                .build(),
                        PolicyStatement.Builder.create()
                                .actions(List.of("kms:CreateGrant"))
                                .resources(List.of(key.getKeyArn()))
                                .conditions(Map.of("Bool", Map.of("kms:GrantIsForAWSResource", "true")))
                                .build(),
                        PolicyStatement.Builder.create()
                                .actions(List.of("kms:DescribeKey", "kms:RevokeGrant"))
                                .resources(List.of(key.getKeyArn()))
                                .build())))
                .build();
        // the key (with its policy) exists before the grant is made on it
        grant.getNode().addDependency(key);
        Findings.acknowledge(
                grant,
                "NIST.800.53.R5-IAMNoInlinePolicy",
                "CDK's AwsCustomResource writes the permissions of its calls as this inline policy of its function's"
                        + " role; it names only this grant and this key.");
        AwsCustomResourceFindings.acknowledge(stack);
    }

    public Key getKey() {
        return key;
    }

    public String getGrantName() {
        return name;
    }
}
