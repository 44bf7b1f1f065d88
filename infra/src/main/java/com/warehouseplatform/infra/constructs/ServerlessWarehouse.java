package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.WarehouseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.redshiftserverless.CfnNamespace;
import software.amazon.awscdk.services.redshiftserverless.CfnWorkgroup;
import software.constructs.Construct;

/**
 * A Redshift Serverless warehouse with the platform's defaults: a namespace encrypted with the lake key,
 * its admin password managed in Secrets Manager, logs exported, every loader's COPY role attached and no default
 * role; and a
 * workgroup in the private subnets, reachable only from the configured CIDRs, never public, with
 * enhanced VPC routing, TLS required, and capacity between base and max RPUs.
 */
public class ServerlessWarehouse extends Construct {

    /** @param s3PrefixListId the region's S3 prefix list: the only destination of the workgroup's egress */
    public record Props(
            String environment,
            WarehouseConfig config,
            IVpc vpc,
            List<String> subnetIds,
            String s3PrefixListId,
            IKey key,
            List<IRole> copyRoles,
            RemovalPolicy removalPolicy) {}

    private final CfnNamespace namespace;
    private final CfnWorkgroup workgroup;
    private final WarehouseEndpoint endpoint;
    private final SecurityGroup securityGroup;

    public ServerlessWarehouse(Construct scope, String id, Props props) {
        super(scope, id);
        WarehouseConfig config = props.config();
        String name = props.environment() + "-warehouse";
        namespace = CfnNamespace.Builder.create(this, "Namespace")
                .namespaceName(name)
                .dbName(config.databaseName())
                .adminUsername(config.adminUsername())
                .manageAdminPassword(true)
                .adminPasswordSecretKmsKeyId(props.key().getKeyId())
                .kmsKeyId(props.key().getKeyId())
                // AWS::RedshiftServerless::Namespace IamRoles; no DefaultIamRoleArn, so IAM_ROLE default names none:
                // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-redshiftserverless-namespace.html
                .iamRoles(
                        props.copyRoles().isEmpty()
                                ? null
                                : props.copyRoles().stream()
                                        .map(IRole::getRoleArn)
                                        .toList())
                .logExports(List.of("connectionlog", "userlog", "useractivitylog"))
                .build();
        namespace.applyRemovalPolicy(props.removalPolicy());
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("Ingress to the " + props.environment() + " warehouse from the configured CIDRs only")
                .allowAllOutbound(false)
                .build();
        for (String cidr : config.allowedCidrs()) {
            securityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(config.port()), "Warehouse clients in " + cidr);
        }
        // the workgroup routes COPY through the VPC as a cluster does (enhanced VPC routing on)
        ProvisionedWarehouse.allowCopyToS3(securityGroup, props.s3PrefixListId());
        workgroup = CfnWorkgroup.Builder.create(this, "Resource")
                .workgroupName(name)
                .namespaceName(namespace.getNamespaceName())
                .baseCapacity(config.baseCapacityRpus())
                .maxCapacity(config.maxCapacityRpus())
                .subnetIds(props.subnetIds())
                .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .publiclyAccessible(false)
                .enhancedVpcRouting(true)
                .port(config.port())
                .configParameters(configParameters(config))
                .build();
        workgroup.addResourceDependency(namespace);
        workgroup.applyRemovalPolicy(props.removalPolicy());
        endpoint = new WarehouseEndpoint(
                null,
                name,
                config.databaseName(),
                workgroup.getAttrWorkgroupWorkgroupArn(),
                "redshift-serverless:GetCredentials",
                workgroup.getAttrWorkgroupWorkgroupArn(),
                adminSecretArn(name),
                workgroup.getAttrWorkgroupEndpointAddress(),
                Token.asString(workgroup.getAttrWorkgroupEndpointPort()));
    }

    /**
     * CloudFormation has no attribute for the namespace's managed admin secret (aws/aws-cdk#29930), so a
     * custom resource reads it from GetNamespace at deploy time.
     */
    private String adminSecretArn(String namespaceName) {
        Stack stack = Stack.of(this);
        String namespaceArn = stack.formatArn(ArnComponents.builder()
                .service("redshift-serverless")
                .resource("namespace")
                .resourceName("*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
        AwsSdkCall call = AwsSdkCall.builder()
                .service("RedshiftServerless")
                .action("getNamespace")
                .parameters(Map.of("namespaceName", namespaceName))
                .physicalResourceId(PhysicalResourceId.of(namespaceName + "-admin-secret"))
                .outputPaths(List.of("namespace.adminPasswordSecretArn"))
                .build();
        AwsCustomResource lookup = AwsCustomResource.Builder.create(this, "AdminSecret")
                .onCreate(call)
                .onUpdate(call)
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("redshift-serverless:GetNamespace"))
                        .resources(List.of(namespaceArn))
                        .build())))
                .build();
        lookup.getNode().addDependency(namespace);
        Findings.acknowledgeWildcardResource(
                lookup,
                namespaceArn,
                "Namespace ARNs end in a generated id unknown before the deploy; GetNamespace only reads, and only by this namespace's name.");
        AwsCustomResourceFindings.acknowledge(stack);
        AwsCustomResourceFindings.acknowledgePolicy(lookup);
        return lookup.getResponseField("namespace.adminPasswordSecretArn");
    }

    /** The workgroup's security group: ingress on the warehouse port from the configured CIDRs only. */
    public SecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    public CfnNamespace getNamespace() {
        return namespace;
    }

    public CfnWorkgroup getWorkgroup() {
        return workgroup;
    }

    public WarehouseEndpoint getEndpoint() {
        return endpoint;
    }

    /**
     * The platform's security settings first, then {@code warehouse.parameters} in file order: the keys a workgroup
     * takes (auto_mv, datestyle, enable_case_sensitive_identifier, query_group, search_path and the query limits such as
     * max_query_execution_time, "ConfigParameter",
     * https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_ConfigParameter.html), checked by the
     * validator, which refuses the security ones. Changes apply without interruption (AWS::RedshiftServerless::Workgroup
     * ConfigParameters).
     */
    static List<CfnWorkgroup.ConfigParameterProperty> configParameters(WarehouseConfig config) {
        List<CfnWorkgroup.ConfigParameterProperty> parameters = new ArrayList<>();
        parameters.add(configParameter("require_ssl", "true"));
        parameters.add(configParameter("enable_user_activity_logging", "true"));
        config.parameters().forEach((key, value) -> parameters.add(configParameter(key, value)));
        return List.copyOf(parameters);
    }

    private static CfnWorkgroup.ConfigParameterProperty configParameter(String key, String value) {
        return CfnWorkgroup.ConfigParameterProperty.builder()
                .parameterKey(key)
                .parameterValue(value)
                .build();
    }
}
