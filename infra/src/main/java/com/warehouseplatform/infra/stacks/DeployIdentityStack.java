package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.WarehousePlatform;
import com.warehouseplatform.infra.constructs.CloudFormationExecutionPolicy;
import com.warehouseplatform.infra.constructs.GitHubOidcDeployRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.constructs.Construct;

/**
 * The deploy identity of one AWS account: GitHub's OIDC provider, one deploy role per platform environment of
 * the account, and the CloudFormation execution policy that {@code cdk bootstrap} gives CloudFormation there.
 * It is deployed by an administrator with {@code cdk deploy -c deployIdentity=true}, before the account is
 * bootstrapped: its synthesizer needs no bootstrap (no assets, the template is sent inline, the caller's own
 * credentials deploy it). It is never part of an environment's stacks.
 */
public class DeployIdentityStack extends Stack {
    /** GitHub Actions' OIDC issuer. */
    public static final String PROVIDER_URL = "https://" + GitHubOidcDeployRole.ISSUER;

    private final OidcProviderNative provider;
    private final Map<String, GitHubOidcDeployRole> roles = new LinkedHashMap<>();
    private final CloudFormationExecutionPolicy executionPolicy;

    /**
     * @param environments the environments of one account (or all environment-agnostic ones), each with a
     *                     deployment section
     */
    public DeployIdentityStack(
            Construct scope, String id, StackProps props, List<EnvironmentConfig> environments, String qualifier) {
        super(scope, id, props);
        String account = environments.get(0).account();
        // the native AWS::IAM::OIDCProvider, no custom resource; no thumbprint: IAM verifies GitHub's JWKS
        // endpoint with its library of trusted root CAs, so a thumbprint would not be used (IAM API reference,
        // UpdateOpenIDConnectProviderThumbprint) and CreateOpenIDConnectProvider takes none
        provider = OidcProviderNative.Builder.create(this, "GitHubOidcProvider")
                .url(PROVIDER_URL)
                .clientIds(List.of(GitHubOidcDeployRole.AUDIENCE))
                .build();
        for (EnvironmentConfig env : environments) {
            GitHubOidcDeployRole role = new GitHubOidcDeployRole(
                    this,
                    "DeployRole-" + env.name(),
                    new GitHubOidcDeployRole.Props(
                            provider,
                            env.deployment().githubRepository(),
                            env.name(),
                            env.account(),
                            WarehousePlatform.regions(env),
                            qualifier));
            roles.put(env.name(), role);
            CfnOutput.Builder.create(this, "DeployRoleArn" + outputId(env.name()))
                    .description("AWS_DEPLOY_ROLE_ARN of the GitHub environment " + env.name())
                    .value(role.getRole().getRoleArn())
                    .build();
        }
        executionPolicy = new CloudFormationExecutionPolicy(
                this,
                "CloudFormationExecutionPolicy",
                new CloudFormationExecutionPolicy.Props(
                        account,
                        qualifier,
                        environments.stream()
                                // every region of the environment's stacks, the disaster-recovery stack's too
                                .flatMap(e -> WarehousePlatform.regions(e).stream()
                                        .map(region -> new CloudFormationExecutionPolicy.Target(e.name(), region)))
                                .toList()));
        CfnOutput.Builder.create(this, "CloudFormationExecutionPolicyArn")
                .description("cdk bootstrap --cloudformation-execution-policies of this account")
                .value(executionPolicy.getPolicy().getManagedPolicyArn())
                .build();
    }

    private static String outputId(String environment) {
        StringBuilder id = new StringBuilder();
        for (String part : environment.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id.toString();
    }

    public OidcProviderNative getProvider() {
        return provider;
    }

    /** The deploy role of each environment, by environment name. */
    public Map<String, GitHubOidcDeployRole> getRoles() {
        return roles;
    }

    public CloudFormationExecutionPolicy getExecutionPolicy() {
        return executionPolicy;
    }
}
