package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.ResilienceConfig;
import com.warehouseplatform.config.WarehouseConfig;
import com.warehouseplatform.config.WlmConfig;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.redshift.CfnCluster;
import software.amazon.awscdk.services.redshift.CfnClusterParameterGroup;
import software.amazon.awscdk.services.redshift.CfnClusterSubnetGroup;
import software.constructs.Construct;

/**
 * A provisioned Redshift cluster with the platform's defaults: in the private subnets, reachable only
 * from the configured CIDRs on the configured port, encrypted with the lake key, the admin password
 * managed by Redshift in Secrets Manager, TLS required, audit and user activity logging on, enhanced
 * VPC routing, never publicly accessible, and every loader's COPY role attached (no default IAM role, so
 * {@code IAM_ROLE default} names none: each COPY names its loader's own role).
 *
 * <p>{@code warehouse.resilience}: Multi-AZ (MultiAZ), an automatic copy of the automated snapshots to another region
 * with the grant of {@link SnapshotCopyGrant} there (DestinationRegion, SnapshotCopyGrantName,
 * SnapshotCopyRetentionPeriod), and a cluster created from a snapshot (SnapshotIdentifier, SnapshotClusterIdentifier,
 * OwnerAccount: each "Update requires: Replacement", so a change of restoreFrom replaces the cluster and the
 * data-loss guard blocks it; AWS::Redshift::Cluster,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-redshift-cluster.html).
 */
public class ProvisionedWarehouse extends Construct {
    /** CT.REDSHIFT.PR.2 asks automated snapshots to be kept at least this long. */
    static final int CONTROL_SNAPSHOT_RETENTION_DAYS = 7;

    /**
     * @param s3PrefixListId the region's S3 prefix list: the only destination of the cluster's egress
     * @param auditLogBucketName the audit log bucket's name as computed ({@link DataLake#bucketName}), not a
     *     reference: the template then holds the name itself, which the AWS Control Tower control CT.REDSHIFT.PR.3
     *     reads (it accepts a literal name or a Ref of a bucket in the same template, not an Fn::ImportValue); the
     *     stack that creates the cluster must depend on the one that creates the bucket
     */
    public record Props(
            String environment,
            WarehouseConfig config,
            IVpc vpc,
            List<String> subnetIds,
            String s3PrefixListId,
            IKey key,
            String auditLogBucketName,
            List<IRole> copyRoles,
            RemovalPolicy removalPolicy) {}

    /** The cluster's identifier, known before the cluster exists (bucket policies name it). */
    public static String identifier(String environment) {
        return environment + "-warehouse";
    }

    /** Audit log files land under this prefix of the audit log bucket. */
    public static final String AUDIT_LOG_PREFIX = "redshift/";

    private final CfnCluster cluster;
    private final SecurityGroup securityGroup;
    private final WarehouseEndpoint endpoint;

    public ProvisionedWarehouse(Construct scope, String id, Props props) {
        super(scope, id);
        WarehouseConfig config = props.config();
        ResilienceConfig resilience = config.resilience();
        ResilienceConfig.SnapshotCopy copy = resilience.snapshotCopy();
        ResilienceConfig.RestoreFrom restore = resilience.restoreFrom();
        CfnClusterSubnetGroup subnetGroup = CfnClusterSubnetGroup.Builder.create(this, "SubnetGroup")
                .description("Private subnets of the " + props.environment() + " warehouse")
                .subnetIds(props.subnetIds())
                .build();
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("Ingress to the " + props.environment() + " warehouse from the configured CIDRs only")
                .allowAllOutbound(false)
                .build();
        for (String cidr : config.allowedCidrs()) {
            securityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(config.port()), "Warehouse clients in " + cidr);
        }
        allowCopyToS3(securityGroup, props.s3PrefixListId());
        CfnClusterParameterGroup parameters = CfnClusterParameterGroup.Builder.create(this, "Parameters")
                .description("TLS required, user activity logged")
                .parameterGroupFamily("redshift-2.0")
                .parameters(parameterGroupSettings(config))
                .build();
        cluster = CfnCluster.Builder.create(this, "Resource")
                .clusterIdentifier(identifier(props.environment()))
                .clusterType(config.singleNode() ? "single-node" : "multi-node")
                .nodeType(config.nodeType())
                .numberOfNodes(config.singleNode() ? null : config.numberOfNodes())
                .dbName(config.databaseName())
                .masterUsername(config.adminUsername())
                .manageMasterPassword(true)
                .masterPasswordSecretKmsKeyId(props.key().getKeyId())
                .port(config.port())
                .encrypted(true)
                .kmsKeyId(props.key().getKeyId())
                .clusterSubnetGroupName(subnetGroup.getRef())
                .vpcSecurityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .publiclyAccessible(false)
                .enhancedVpcRouting(true)
                .clusterParameterGroupName(parameters.getRef())
                .automatedSnapshotRetentionPeriod(config.snapshotRetentionDays())
                .preferredMaintenanceWindow(config.maintenanceWindow())
                .allowVersionUpgrade(true)
                // warehouse.resilience; each property only when configured, so that a cluster without it keeps its
                // template (and a review shows no change)
                .multiAz(resilience.multiAz() ? true : null)
                .destinationRegion(copy == null ? null : copy.region())
                .snapshotCopyGrantName(copy == null ? null : SnapshotCopyGrant.grantName(props.environment()))
                .snapshotCopyRetentionPeriod(copy == null ? null : copy.retentionDays())
                .snapshotIdentifier(restore == null ? null : restore.snapshot())
                .snapshotClusterIdentifier(restore == null ? null : restore.sourceCluster())
                .ownerAccount(restore == null ? null : restore.ownerAccount())
                // AWS::Redshift::Cluster IamRoles, at most 50 (EnvironmentConfig.MAX_LOADERS):
                // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-redshift-cluster.html
                .iamRoles(
                        props.copyRoles().isEmpty()
                                ? null
                                : props.copyRoles().stream()
                                        .map(IRole::getRoleArn)
                                        .toList())
                .loggingProperties(CfnCluster.LoggingPropertiesProperty.builder()
                        .bucketName(props.auditLogBucketName())
                        .s3KeyPrefix(AUDIT_LOG_PREFIX)
                        .logDestinationType("s3")
                        .logExports(List.of("connectionlog", "userlog", "useractivitylog"))
                        .build())
                .build();
        cluster.applyRemovalPolicy(props.removalPolicy());
        if (config.snapshotRetentionDays() < CONTROL_SNAPSHOT_RETENTION_DAYS) {
            // the environment's own choice: config validation allows 1-35 days, the control asks for 7 or more
            ControlAcknowledgments.acknowledge(
                    cluster,
                    "CT.REDSHIFT.PR.2",
                    "warehouse.snapshotRetentionDays is " + config.snapshotRetentionDays()
                            + " in this environment's config file, below the control's "
                            + CONTROL_SNAPSHOT_RETENTION_DAYS + " days: a chosen trade of recovery points for"
                            + " snapshot storage; set 7 or more where the control is enabled.");
        }
        Stack stack = Stack.of(this);
        String identifier = cluster.getClusterIdentifier();
        endpoint = new WarehouseEndpoint(
                cluster.getRef(),
                null,
                config.databaseName(),
                stack.formatArn(ArnComponents.builder()
                        .service("redshift")
                        .resource("cluster")
                        .resourceName(identifier)
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build()),
                "redshift:GetClusterCredentialsWithIAM",
                stack.formatArn(ArnComponents.builder()
                        .service("redshift")
                        .resource("dbname")
                        .resourceName(identifier + "/" + config.databaseName())
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build()),
                cluster.getAttrMasterPasswordSecretArn(),
                cluster.getAttrEndpointAddress(),
                cluster.getAttrEndpointPort());
    }

    /**
     * With enhanced VPC routing, COPY's requests to S3 leave through the warehouse's network interfaces, so
     * its security group must let HTTPS out to S3; the region's S3 prefix list is exactly the addresses the
     * gateway endpoint routes, and nothing else may leave ("Enhanced VPC routing in Amazon Redshift",
     * https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-routing.html; "Gateway endpoints for
     * Amazon S3", security groups: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html).
     * The rule is written inline: CDK's addEgressRule puts a prefix-list rule in a separate
     * AWS::EC2::SecurityGroupEgress and drops its "no traffic" placeholder, and a group created without inline
     * egress rules keeps EC2's default allow-all egress rule (AWS::EC2::SecurityGroup, SecurityGroupEgress:
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html).
     */
    static void allowCopyToS3(SecurityGroup securityGroup, String s3PrefixListId) {
        CfnSecurityGroup group = (CfnSecurityGroup) securityGroup.getNode().getDefaultChild();
        group.setSecurityGroupEgress(List.of(CfnSecurityGroup.EgressProperty.builder()
                .ipProtocol("tcp")
                .fromPort(443)
                .toPort(443)
                .destinationPrefixListId(s3PrefixListId)
                .description("COPY reads S3 over HTTPS through the gateway endpoint (enhanced VPC routing)")
                .build()));
    }

    public WarehouseEndpoint getEndpoint() {
        return endpoint;
    }

    /**
     * The platform's security settings first, then {@code warehouse.parameters} in file order (the validator refuses
     * the security ones there), then the WLM configuration when the file has one: a list, so the template's order is
     * the file's on every synth. Without {@code wlm} the group keeps Redshift's default, automatic WLM with one queue.
     * Parameter changes other than WLM's dynamic properties wait for a reboot, which CloudFormation does not do
     * ("Amazon Redshift parameter groups", https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-parameter-groups.html;
     * "WLM dynamic and static configuration properties",
     * https://docs.aws.amazon.com/redshift/latest/dg/cm-c-wlm-dynamic-properties.html).
     */
    static List<CfnClusterParameterGroup.ParameterProperty> parameterGroupSettings(WarehouseConfig config) {
        List<CfnClusterParameterGroup.ParameterProperty> settings = new ArrayList<>();
        settings.add(parameter("require_ssl", "true"));
        settings.add(parameter("enable_user_activity_logging", "true"));
        config.parameters().forEach((name, value) -> settings.add(parameter(name, value)));
        if (!WlmConfig.NONE.equals(config.wlm())) {
            settings.add(parameter("wlm_json_configuration", config.wlm().json()));
        }
        return List.copyOf(settings);
    }

    private static CfnClusterParameterGroup.ParameterProperty parameter(String name, String value) {
        return CfnClusterParameterGroup.ParameterProperty.builder()
                .parameterName(name)
                .parameterValue(value)
                .build();
    }

    public CfnCluster getCluster() {
        return cluster;
    }

    public SecurityGroup getSecurityGroup() {
        return securityGroup;
    }
}
