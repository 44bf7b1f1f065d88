package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.OidcProviderNative;

/**
 * The deploy role and the execution policy each on their own environment-agnostic stack, with a repository,
 * environments, regions and a qualifier other than the shipped ones: nothing of config/ is baked in.
 */
class DeployIdentityConstructsTest {
    private static final Map<String, Object> ACCOUNT = Map.of("Ref", "AWS::AccountId");

    private static Map<String, Object> arn(String... parts) {
        List<Object> joined = new java.util.ArrayList<>(List.of("arn:", Map.of("Ref", "AWS::Partition")));
        for (String part : parts) {
            joined.add(part.equals("ACCOUNT") ? ACCOUNT : part);
        }
        return Map.of("Fn::Join", List.of("", joined));
    }

    @Test
    void theRoleTrustsOnlyTheGivenRepositoryAndEnvironmentAndAssumesOnlyItsBootstrapRoles() {
        Stack stack = new Stack();
        OidcProviderNative provider = OidcProviderNative.Builder.create(stack, "Provider")
                .url("https://token.actions.githubusercontent.com")
                .clientIds(List.of("sts.amazonaws.com"))
                .build();
        new GitHubOidcDeployRole(
                stack,
                "Role",
                new GitHubOidcDeployRole.Props(provider, "octo-org/octo-repo", "qa", null, "us-east-2", "custom1"));
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::IAM::Role", 1);
        Map<String, Object> trust = Map.of(
                "Action",
                "sts:AssumeRoleWithWebIdentity",
                "Effect",
                "Allow",
                "Principal",
                Map.of("Federated", Map.of("Ref", Match.stringLikeRegexp("^Provider.*"))),
                "Condition",
                Match.exact(Map.of(
                        "StringEquals",
                        Map.of(
                                "token.actions.githubusercontent.com:aud", "sts.amazonaws.com",
                                "token.actions.githubusercontent.com:sub", "repo:octo-org/octo-repo:environment:qa"))));
        Object assumeBootstrapRoles = Match.exact(Map.of(
                "Sid", "AssumeCdkBootstrapRoles",
                "Action", "sts:AssumeRole",
                "Effect", "Allow",
                "Resource",
                        List.of(
                                arn(":iam::", "ACCOUNT", ":role/cdk-custom1-deploy-role-", "ACCOUNT", "-us-east-2"),
                                arn(
                                        ":iam::",
                                        "ACCOUNT",
                                        ":role/cdk-custom1-file-publishing-role-",
                                        "ACCOUNT",
                                        "-us-east-2"),
                                arn(
                                        ":iam::",
                                        "ACCOUNT",
                                        ":role/cdk-custom1-image-publishing-role-",
                                        "ACCOUNT",
                                        "-us-east-2"),
                                arn(":iam::", "ACCOUNT", ":role/cdk-custom1-lookup-role-", "ACCOUNT", "-us-east-2"))));
        template.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "RoleName", "github-deploy-qa",
                        "AssumeRolePolicyDocument", Map.of("Statement", List.of(trust)),
                        "Policies",
                                List.of(Map.of("PolicyDocument", Map.of("Statement", List.of(assumeBootstrapRoles))))));
        template.resourceCountIs("AWS::IAM::Policy", 0);
    }

    @Test
    void theExecutionPolicyIsScopedToItsTargetsNamesAndRegions() {
        Stack stack = new Stack();
        new CloudFormationExecutionPolicy(
                stack,
                "Policy",
                new CloudFormationExecutionPolicy.Props(
                        null,
                        "custom1",
                        List.of(
                                new CloudFormationExecutionPolicy.Target("qa", "us-east-2"),
                                new CloudFormationExecutionPolicy.Target("uat", "eu-central-1"))));
        String json = Template.fromStack(stack)
                .findResources("AWS::IAM::ManagedPolicy")
                .toString();
        Template template = Template.fromStack(stack);

        template.hasResourceProperties(
                "AWS::IAM::ManagedPolicy",
                Map.of(
                        "ManagedPolicyName",
                        "warehouse-platform-cloudformation-execution",
                        // statements in the order the policy writes them: roles, functions, code, keys
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(
                                        Match.objectLike(Map.of(
                                                "Sid",
                                                "IamPlatformRoles",
                                                "Effect",
                                                "Allow",
                                                "Resource",
                                                List.of(
                                                        arn(":iam::", "ACCOUNT", ":role/qa-*"),
                                                        arn(":iam::", "ACCOUNT", ":role/uat-*")))),
                                        Match.objectLike(Map.of(
                                                "Sid",
                                                "LambdaPlatformFunctions",
                                                "Resource",
                                                List.of(
                                                        arn(":lambda:us-east-2:", "ACCOUNT", ":function:qa-*"),
                                                        arn(":lambda:eu-central-1:", "ACCOUNT", ":function:uat-*")))),
                                        Match.objectLike(Map.of(
                                                "Sid",
                                                "LambdaCodeFromBootstrapAssets",
                                                "Resource",
                                                List.of(
                                                        arn(":s3:::cdk-custom1-assets-", "ACCOUNT", "-eu-central-1/*"),
                                                        arn(":s3:::cdk-custom1-assets-", "ACCOUNT", "-us-east-2/*")))),
                                        Match.objectLike(Map.of(
                                                "Sid",
                                                "KmsCreateKeys",
                                                "Resource",
                                                "*",
                                                "Condition",
                                                Map.of(
                                                        "StringEquals",
                                                        Map.of(
                                                                "aws:RequestedRegion",
                                                                List.of("eu-central-1", "us-east-2"))))))))));
        assertThat(json).doesNotContain("hnb659fds").doesNotContain("prod-").doesNotContain("dev-");
    }
}
