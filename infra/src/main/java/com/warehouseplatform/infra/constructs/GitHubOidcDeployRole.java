package com.warehouseplatform.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IOidcProvider;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.WebIdentityPrincipal;
import software.constructs.Construct;

/**
 * The role one environment's GitHub Actions deploy job assumes with its OIDC token. Only a job of the
 * configured repository that runs in the GitHub environment named like the platform environment may assume
 * it (the token's {@code sub} is {@code repo:<owner>/<repo>:environment:<env>} and its {@code aud}
 * {@code sts.amazonaws.com}, both compared with StringEquals), and all it may do is assume the four CDK
 * bootstrap roles of that environment's account and regions (its own, and a snapshot copy's destination): {@code cdk
 * deploy} does the rest through them.
 */
public class GitHubOidcDeployRole extends Construct {
    /** The issuer host of GitHub Actions' OIDC tokens: the prefix of the condition keys. */
    public static final String ISSUER = "token.actions.githubusercontent.com";
    /** The audience that aws-actions/configure-aws-credentials asks for. */
    public static final String AUDIENCE = "sts.amazonaws.com";
    /** The bootstrap roles a deploy uses: the deploy role, asset publishing (files, images) and lookups. */
    public static final List<String> BOOTSTRAP_ROLES =
            List.of("deploy-role", "file-publishing-role", "image-publishing-role", "lookup-role");

    /**
     * @param account the environment's account, or {@code null} for an environment-agnostic one (the account
     *                the identity stack is deployed to)
     * @param qualifier the CDK bootstrap qualifier the environment's stacks are synthesized with
     */
    public record Props(
            IOidcProvider provider,
            String githubRepository,
            String environment,
            String account,
            List<String> regions,
            String qualifier) {
        /** An environment whose stacks are all in {@code region}. */
        public Props(
                IOidcProvider provider,
                String githubRepository,
                String environment,
                String account,
                String region,
                String qualifier) {
            this(provider, githubRepository, environment, account, List.of(region), qualifier);
        }
    }

    private final Role role;

    public GitHubOidcDeployRole(Construct scope, String id, Props props) {
        super(scope, id);
        String account = props.account() == null ? Aws.ACCOUNT_ID : props.account();
        role = Role.Builder.create(this, "Resource")
                // a fixed name, so that the workflow can name the role from the account id alone
                .roleName(roleName(props.environment()))
                .description("GitHub Actions deploys of " + props.environment() + " from " + props.githubRepository()
                        + ": may only assume the CDK bootstrap roles of " + String.join(", ", props.regions()))
                .assumedBy(new WebIdentityPrincipal(
                        props.provider().getOpenIdConnectProviderArn(),
                        Map.of(
                                "StringEquals",
                                Ordered.map(
                                        ISSUER + ":aud",
                                        AUDIENCE,
                                        ISSUER + ":sub",
                                        subject(props.githubRepository(), props.environment())))))
                .inlinePolicies(Map.of(
                        "AssumeCdkBootstrapRoles",
                        PolicyDocument.Builder.create()
                                .statements(List.of(PolicyStatement.Builder.create()
                                        .sid("AssumeCdkBootstrapRoles")
                                        .actions(List.of("sts:AssumeRole"))
                                        .resources(props.regions().stream()
                                                .flatMap(region ->
                                                        bootstrapRoleArns(props.qualifier(), account, region).stream())
                                                .toList())
                                        .build()))
                                .build()))
                .build();
    }

    /** The role's name: {@code github-deploy-<env>}. */
    public static String roleName(String environment) {
        return "github-deploy-" + environment;
    }

    /** The OIDC subject of a job of {@code repository} that runs in the GitHub environment {@code environment}. */
    public static String subject(String repository, String environment) {
        return "repo:" + repository + ":environment:" + environment;
    }

    /** The ARNs of the bootstrap roles, {@code arn:<partition>:iam::<account>:role/cdk-<qualifier>-<role>-<account>-<region>}. */
    public static List<String> bootstrapRoleArns(String qualifier, String account, String region) {
        return BOOTSTRAP_ROLES.stream()
                .map(name -> "arn:" + Aws.PARTITION + ":iam::" + account + ":role/cdk-" + qualifier + "-" + name + "-"
                        + account + "-" + region)
                .toList();
    }

    public Role getRole() {
        return role;
    }
}
