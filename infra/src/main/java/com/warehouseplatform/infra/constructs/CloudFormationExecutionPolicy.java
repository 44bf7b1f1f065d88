package com.warehouseplatform.infra.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The customer-managed policy for {@code cdk bootstrap --cloudformation-execution-policies}: what CloudFormation
 * may do when it deploys the platform's stacks of one account, in place of the bootstrap's default
 * AdministratorAccess. It covers the services the platform's stacks create, and only the platform's resources
 * where a service can scope by name: the stacks name everything {@code <env>-...} (CloudFormation's generated
 * names start with the stack name, {@code <env>-network} and so on), parameters {@code /<env>/...}, and
 * keys carry the tag {@code platform}. IAM is limited to the platform's own roles, the one AWS managed policy
 * CDK's functions attach, and passing roles to the services that use them; the deploy identity itself
 * (its roles, this policy, the OIDC provider) and the bootstrap's roles are denied.
 */
public class CloudFormationExecutionPolicy extends Construct {
    /** The policy's name: its ARN, {@code arn:aws:iam::<account>:policy/<NAME>}, is what bootstrap is given. */
    public static final String NAME = "warehouse-platform-cloudformation-execution";
    /** The tag every resource of the platform's stacks carries (WarehousePlatform tags them): keys are scoped by it. */
    public static final String PLATFORM_TAG = "platform";

    public static final String PLATFORM_TAG_VALUE = "redshift-warehouse";
    /** The AWS managed policy CDK's own custom-resource functions attach to their roles. */
    static final String LAMBDA_BASIC_EXECUTION =
            "arn:" + Aws.PARTITION + ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    /** One platform environment deployed with this policy: its name (the prefix of its resources) and region. */
    public record Target(String environment, String region) {}

    /**
     * @param account the account, or {@code null} when the environments are environment-agnostic (the account
     *                the stack is deployed to)
     */
    public record Props(String account, String qualifier, List<Target> targets) {}

    /** One statement and why it is as wide as it is: the reason of the cdk-nag acknowledgment of its wildcards. */
    private record Grant(
            String sid,
            Effect effect,
            List<String> actions,
            List<String> resources,
            Map<String, Object> conditions,
            String reason) {}

    private final ManagedPolicy policy;
    private final String account;
    private final Props props;

    public CloudFormationExecutionPolicy(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.account = props.account() == null ? Aws.ACCOUNT_ID : props.account();
        List<Grant> grants = grants();
        policy = ManagedPolicy.Builder.create(this, "Resource")
                .managedPolicyName(NAME)
                .description(
                        "CloudFormation execution policy of the CDK bootstrap: the Redshift warehouse platform's stacks only")
                .statements(grants.stream()
                        .map(CloudFormationExecutionPolicy::statement)
                        .toList())
                .build();
        for (Grant grant : grants) {
            if (grant.effect() != Effect.ALLOW) {
                continue;
            }
            // each wildcard is acknowledged by its exact finding id, with the reason of its statement
            Map<String, String> findings = new LinkedHashMap<>();
            grant.actions().stream()
                    .filter(a -> a.contains("*"))
                    .forEach(a -> findings.put("AwsSolutions-IAM5[Action::" + a + "]", grant.reason()));
            grant.resources().stream()
                    .filter(r -> r.contains("*"))
                    .forEach(r -> findings.put(
                            "AwsSolutions-IAM5[Resource::"
                                    + Findings.flatten(software.amazon.awscdk.Stack.of(this)
                                            .resolve(r)) + "]",
                            grant.reason()));
            findings.forEach((finding, reason) -> Findings.acknowledge(policy, finding, reason));
        }
        // CT.IAM.PR.3 refuses "service:*" in an Allow; CloudFormation must create, update, tag and delete every
        // property of the platform's resources, so each such statement keeps the service's wildcard and scopes it by
        // resource name or tag instead (the statements' own reasons say how)
        List<String> serviceWildcards = grants.stream()
                .filter(g -> g.effect() == Effect.ALLOW)
                .filter(g -> g.actions().stream().anyMatch(a -> a.endsWith(":*")))
                .map(g -> g.sid() + " (" + String.join(", ", g.actions()) + ")")
                .toList();
        if (!serviceWildcards.isEmpty()) {
            ControlAcknowledgments.acknowledge(
                    policy,
                    "CT.IAM.PR.3",
                    "CloudFormation's execution policy lets it manage every property of the platform's own resources:"
                            + " the statements " + String.join("; ", serviceWildcards) + " allow a whole service"
                            + " but only on resources named <env>-... or tagged " + PLATFORM_TAG + "="
                            + PLATFORM_TAG_VALUE + ", in place of the bootstrap's default, full administrator access.");
        }
    }

    private static PolicyStatement statement(Grant grant) {
        PolicyStatement.Builder builder = PolicyStatement.Builder.create()
                .sid(grant.sid())
                .effect(grant.effect())
                .actions(grant.actions())
                .resources(grant.resources());
        if (!grant.conditions().isEmpty()) {
            builder.conditions(grant.conditions());
        }
        return builder.build();
    }

    private List<Grant> grants() {
        List<String> regions =
                props.targets().stream().map(Target::region).distinct().sorted().toList();
        Map<String, Object> inRegions = Map.of("StringEquals", Map.of("aws:RequestedRegion", regions));
        Map<String, Object> tagged =
                Map.of("StringEquals", Map.of("aws:ResourceTag/" + PLATFORM_TAG, PLATFORM_TAG_VALUE));
        List<Grant> grants = new ArrayList<>();
        grants.add(new Grant(
                "CloudFormationReadPlatformStacks",
                Effect.ALLOW,
                List.of("cloudformation:DescribeStacks", "cloudformation:DescribeStackResources"),
                perTarget(t -> arn("cloudformation", t.region(), "stack/" + t.environment() + "-*/*")),
                Map.of(),
                "The platform's own stacks only, <env>-network and so on: read-only, for cross-stack values."));
        grants.add(
                new Grant(
                        "IamPlatformRoles",
                        Effect.ALLOW,
                        List.of(
                                "iam:CreateRole",
                                "iam:DeleteRole",
                                "iam:GetRole",
                                "iam:UpdateRole",
                                "iam:UpdateRoleDescription",
                                "iam:UpdateAssumeRolePolicy",
                                "iam:TagRole",
                                "iam:UntagRole",
                                "iam:ListRoleTags",
                                "iam:PutRolePolicy",
                                "iam:GetRolePolicy",
                                "iam:DeleteRolePolicy",
                                "iam:ListRolePolicies",
                                "iam:ListAttachedRolePolicies"),
                        perTarget(t -> iam("role/" + t.environment() + "-*")),
                        Map.of(),
                        "The roles of the platform's stacks, whose names CloudFormation starts with the stack name <env>-; no other role."));
        grants.add(
                new Grant(
                        "IamAttachLambdaBasicExecution",
                        Effect.ALLOW,
                        List.of("iam:AttachRolePolicy", "iam:DetachRolePolicy"),
                        perTarget(t -> iam("role/" + t.environment() + "-*")),
                        Map.of("ArnEquals", Map.of("iam:PolicyARN", LAMBDA_BASIC_EXECUTION)),
                        "Only AWSLambdaBasicExecutionRole, which CDK's own custom-resource functions attach, and only to the platform's roles."));
        grants.add(
                new Grant(
                        "IamPassPlatformRoles",
                        Effect.ALLOW,
                        List.of("iam:PassRole"),
                        perTarget(t -> iam("role/" + t.environment() + "-*")),
                        Map.of(
                                "StringEquals",
                                Map.of(
                                        "iam:PassedToService",
                                        List.of(
                                                "lambda.amazonaws.com",
                                                "redshift.amazonaws.com",
                                                "redshift-serverless.amazonaws.com",
                                                "scheduler.amazonaws.com",
                                                "vpc-flow-logs.amazonaws.com"))),
                        "The platform's roles, passed only to the services the platform gives them to (Lambda, Redshift, Scheduler, flow logs)."));
        grants.add(new Grant(
                "IamRedshiftServiceLinkedRole",
                Effect.ALLOW,
                List.of("iam:CreateServiceLinkedRole"),
                List.of(iam("role/aws-service-role/*")),
                Map.of("StringEquals", Map.of("iam:AWSServiceName", List.of("redshift.amazonaws.com"))),
                "Redshift's service-linked role, created on the first cluster of an account; no other service's."));
        grants.add(new Grant(
                "DenyDeployIdentityAndBootstrap",
                Effect.DENY,
                List.of("iam:*"),
                List.of(
                        iam("role/cdk-*"),
                        iam("role/" + GitHubOidcDeployRole.roleName("*")),
                        iam("policy/*"),
                        iam("oidc-provider/*"),
                        iam("user/*"),
                        iam("group/*")),
                Map.of(),
                "Never the bootstrap's or the deploy identity's roles, no managed policies, users or providers."));
        grants.add(new Grant(
                "LambdaPlatformFunctions",
                Effect.ALLOW,
                List.of("lambda:*"),
                perTarget(t -> arn("lambda", t.region(), "function:" + t.environment() + "-*")),
                Map.of(),
                "The platform's functions, versions and aliases: names start with the stack name <env>-."));
        grants.add(
                new Grant(
                        "LambdaCodeFromBootstrapAssets",
                        Effect.ALLOW,
                        List.of("s3:GetObject"),
                        regions.stream()
                                .map(r -> "arn:" + Aws.PARTITION + ":s3:::cdk-" + props.qualifier() + "-assets-"
                                        + account + "-" + r + "/*")
                                .toList(),
                        Map.of(),
                        "Lambda reads function code from the bootstrap's asset bucket with the caller's permissions; read-only."));
        grants.add(
                new Grant(
                        "S3PlatformBuckets",
                        Effect.ALLOW,
                        List.of("s3:*"),
                        perTargetFlat(t -> Stream.of(
                                "arn:" + Aws.PARTITION + ":s3:::" + t.environment() + "-*",
                                "arn:" + Aws.PARTITION + ":s3:::" + t.environment() + "-*/*")),
                        Map.of(),
                        "The platform's buckets, named <env>-<purpose>-<account>-<region>: configuration, policies, lifecycle."));
        grants.add(
                new Grant(
                        "KmsCreateKeys",
                        Effect.ALLOW,
                        List.of("kms:CreateKey", "kms:TagResource"),
                        List.of("*"),
                        inRegions,
                        "CreateKey (with its tags) has no resource to scope by; a new key grants nothing until its key policy does. The platform's regions only."));
        grants.add(
                new Grant(
                        "KmsPlatformKeys",
                        Effect.ALLOW,
                        List.of("kms:*"),
                        regions.stream().map(r -> arn("kms", r, "key/*")).toList(),
                        tagged,
                        "Keys carry random ids: scoped to the keys tagged platform=redshift-warehouse, as the platform's stacks tag them."));
        grants.add(
                new Grant(
                        "RedshiftInAccount",
                        Effect.ALLOW,
                        List.of("redshift:*"),
                        regions.stream().map(r -> arn("redshift", r, "*")).toList(),
                        Map.of(),
                        "Cluster, subnet group, parameter group, snapshot schedule and usage limits of this account and region."));
        grants.add(new Grant(
                "RedshiftServerlessInAccount",
                Effect.ALLOW,
                List.of("redshift-serverless:*"),
                regions.stream().map(r -> arn("redshift-serverless", r, "*")).toList(),
                Map.of(),
                "Serverless namespace and workgroup (random ids in their ARNs) of this account and region."));
        grants.add(new Grant(
                "DescribeWithoutResources",
                Effect.ALLOW,
                List.of(
                        "ec2:Describe*",
                        "redshift:Describe*",
                        "redshift-serverless:List*",
                        "ssm:DescribeParameters",
                        "secretsmanager:GetRandomPassword"),
                List.of("*"),
                inRegions,
                "Describe and list calls take no resource; read-only, in the platform's regions."));
        grants.add(
                new Grant(
                        "RedshiftManagedAdminSecret",
                        Effect.ALLOW,
                        List.of(
                                "secretsmanager:CreateSecret",
                                "secretsmanager:DeleteSecret",
                                "secretsmanager:DescribeSecret",
                                "secretsmanager:UpdateSecret",
                                "secretsmanager:RotateSecret",
                                "secretsmanager:TagResource",
                                "secretsmanager:UntagResource"),
                        regions.stream()
                                .map(r -> arn("secretsmanager", r, "secret:redshift!*"))
                                .toList(),
                        Map.of(),
                        "Redshift creates the admin secret (ManageMasterPassword) in the caller's name; its names start with redshift!."));
        grants.add(
                new Grant(
                        "ServiceUserSecrets",
                        Effect.ALLOW,
                        List.of(
                                "secretsmanager:CreateSecret",
                                "secretsmanager:DeleteSecret",
                                "secretsmanager:DescribeSecret",
                                "secretsmanager:UpdateSecret",
                                "secretsmanager:RotateSecret",
                                "secretsmanager:CancelRotateSecret",
                                "secretsmanager:TagResource",
                                "secretsmanager:UntagResource"),
                        perTarget(t ->
                                arn("secretsmanager", t.region(), "secret:" + t.environment() + "-warehouse-users/*")),
                        Map.of(),
                        "The access section's service users' secrets (ServiceUserSecret), named <env>-warehouse-users/<user>, and their rotation schedules."));
        grants.add(
                new Grant(
                        "Ec2Network",
                        Effect.ALLOW,
                        List.of(
                                "ec2:CreateVpc",
                                "ec2:DeleteVpc",
                                "ec2:ModifyVpcAttribute",
                                "ec2:CreateSubnet",
                                "ec2:DeleteSubnet",
                                "ec2:ModifySubnetAttribute",
                                "ec2:CreateRouteTable",
                                "ec2:DeleteRouteTable",
                                "ec2:AssociateRouteTable",
                                "ec2:DisassociateRouteTable",
                                "ec2:CreateRoute",
                                "ec2:DeleteRoute",
                                "ec2:ReplaceRoute",
                                "ec2:CreateSecurityGroup",
                                "ec2:DeleteSecurityGroup",
                                "ec2:AuthorizeSecurityGroupIngress",
                                "ec2:AuthorizeSecurityGroupEgress",
                                "ec2:RevokeSecurityGroupIngress",
                                "ec2:RevokeSecurityGroupEgress",
                                "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
                                "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                                "ec2:CreateVpcEndpoint",
                                "ec2:ModifyVpcEndpoint",
                                "ec2:DeleteVpcEndpoints",
                                "ec2:CreateFlowLogs",
                                "ec2:DeleteFlowLogs",
                                "ec2:CreateTags",
                                "ec2:DeleteTags"),
                        List.of("*"),
                        inRegions,
                        "EC2 ids are random: the VPC, subnets, routes, security groups, S3 endpoint and flow logs, in the platform's regions."));
        grants.add(new Grant(
                "SqsPlatformQueues",
                Effect.ALLOW,
                List.of("sqs:*"),
                perTarget(t -> arn("sqs", t.region(), t.environment() + "-*")),
                Map.of(),
                "The platform's failure and dead-letter queues: names start with the stack name <env>-."));
        grants.add(new Grant(
                "SnsPlatformTopics",
                Effect.ALLOW,
                List.of("sns:*"),
                perTarget(t -> arn("sns", t.region(), t.environment() + "-*")),
                Map.of(),
                "The platform's alert topic and its subscriptions: names start with the stack name <env>-."));
        grants.add(new Grant(
                "SchedulerInAccount",
                Effect.ALLOW,
                List.of("scheduler:*"),
                regions.stream().map(r -> arn("scheduler", r, "*")).toList(),
                Map.of(),
                "The loaders' and pause/resume schedules of this account and region."));
        grants.add(new Grant(
                "EventsPlatformRules",
                Effect.ALLOW,
                List.of("events:*"),
                perTarget(t -> arn("events", t.region(), "rule/" + t.environment() + "-*")),
                Map.of(),
                "EventBridge rules of the platform's stacks: names start with the stack name <env>-."));
        grants.add(new Grant(
                "CloudWatchPlatformAlarmsAndDashboards",
                Effect.ALLOW,
                List.of("cloudwatch:*"),
                perTargetFlat(t -> Stream.of(
                        arn("cloudwatch", t.region(), "alarm:" + t.environment() + "-*"),
                        "arn:" + Aws.PARTITION + ":cloudwatch::" + account + ":dashboard/" + t.environment() + "-*")),
                Map.of(),
                "The platform's alarms and dashboard, named <env>-...."));
        grants.add(
                new Grant(
                        "LogsInAccount",
                        Effect.ALLOW,
                        List.of("logs:*"),
                        regions.stream().map(r -> arn("logs", r, "log-group:*")).toList(),
                        Map.of(),
                        "The functions' and flow logs' log groups (/aws/lambda/<env>-..., generated names) of this account and region."));
        grants.add(new Grant(
                "SsmPlatformParameters",
                Effect.ALLOW,
                List.of(
                        "ssm:PutParameter",
                        "ssm:DeleteParameter",
                        "ssm:DeleteParameters",
                        "ssm:GetParameter",
                        "ssm:GetParameters",
                        "ssm:AddTagsToResource",
                        "ssm:RemoveTagsFromResource",
                        "ssm:ListTagsForResource"),
                perTargetFlat(t -> Stream.of(
                        arn("ssm", t.region(), "parameter/" + t.environment() + "/*"),
                        arn("ssm", t.region(), "parameter/cdk-bootstrap/" + props.qualifier() + "/version"))),
                Map.of(),
                "The platform's parameters under /<env>/ and the bootstrap version parameter the templates check."));
        return grants;
    }

    private List<String> perTarget(java.util.function.Function<Target, String> arn) {
        return props.targets().stream().map(arn).distinct().toList();
    }

    private List<String> perTargetFlat(java.util.function.Function<Target, Stream<String>> arns) {
        return props.targets().stream().flatMap(arns).distinct().toList();
    }

    private String arn(String service, String region, String resource) {
        return "arn:" + Aws.PARTITION + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    private String iam(String resource) {
        return "arn:" + Aws.PARTITION + ":iam::" + account + ":" + resource;
    }

    public ManagedPolicy getPolicy() {
        return policy;
    }
}
