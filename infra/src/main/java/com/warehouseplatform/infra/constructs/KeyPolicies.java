package com.warehouseplatform.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.StarPrincipal;
import software.amazon.awscdk.services.kms.Key;

/**
 * What every KMS key policy of the platform holds besides its own allows, written once.
 *
 * <p>Grants: nobody may create a grant on the key unless an AWS service integrated with KMS asks for it on the
 * caller's behalf ({@code kms:GrantIsForAWSResource}) or the caller is an AWS service itself
 * ({@code aws:PrincipalIsAWSService}), the statement the AWS Control Tower control CT.KMS.PR.3 asks for
 * ("Controlling access to grants", https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html;
 * the control's rule: a Deny of kms:CreateGrant to {@code *} on {@code *} with exactly these two keys
 * {@code "false"} under {@code BoolIfExists}). Nothing the platform deploys needs any other grant: Redshift (the
 * cluster and Serverless namespace encrypted with the lake key, and the admin secret it manages) creates its grants
 * as an integrated service, which sets GrantIsForAWSResource ("How Amazon Redshift uses AWS KMS",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html); S3 with SSE-KMS, SNS, Secrets
 * Manager and CloudWatch Logs use the key through its policy and the caller's permissions, not grants; Lambda would
 * create a grant only for a customer-managed key of its environment variables or SnapStart snapshots, and none is
 * configured (both use AWS-owned keys). A person who needs a grant for a tool of their own is refused: that is the
 * point of the control.
 */
public final class KeyPolicies {
    /** The Sid of the statement, for tests and reviewers. */
    public static final String GRANTS_FOR_AWS_RESOURCES_ONLY = "GrantsOnlyForAwsResourcesOrByAwsServices";

    private KeyPolicies() {}

    /** Adds the CreateGrant deny to {@code key}'s policy. */
    public static void grantsOnlyForAwsResources(Key key) {
        // strings, not booleans: the control compares the values with "false"
        Map<String, Object> notForAwsNorByAws = new LinkedHashMap<>();
        notForAwsNorByAws.put("kms:GrantIsForAWSResource", "false");
        notForAwsNorByAws.put("aws:PrincipalIsAWSService", "false");
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(GRANTS_FOR_AWS_RESOURCES_ONLY)
                .effect(Effect.DENY)
                .principals(List.of(new StarPrincipal()))
                .actions(List.of("kms:CreateGrant"))
                .resources(List.of("*"))
                .conditions(Map.of("BoolIfExists", notForAwsNorByAws))
                .build());
    }
}
