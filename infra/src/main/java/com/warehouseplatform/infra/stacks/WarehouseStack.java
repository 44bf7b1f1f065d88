package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.ClusterOperationsConfig;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.constructs.ControlAcknowledgments;
import com.warehouseplatform.infra.constructs.CopyRole;
import com.warehouseplatform.infra.constructs.DataLake;
import com.warehouseplatform.infra.constructs.FunctionNetwork;
import com.warehouseplatform.infra.constructs.FunctionPlacement;
import com.warehouseplatform.infra.constructs.PauseResumeSchedule;
import com.warehouseplatform.infra.constructs.ProvisionedWarehouse;
import com.warehouseplatform.infra.constructs.PublishedValue;
import com.warehouseplatform.infra.constructs.S3PrefixList;
import com.warehouseplatform.infra.constructs.ServerlessWarehouse;
import com.warehouseplatform.infra.constructs.SnapshotSchedule;
import com.warehouseplatform.infra.constructs.StackLogs;
import com.warehouseplatform.infra.constructs.UsageLimit;
import com.warehouseplatform.infra.constructs.WarehouseEndpoint;
import com.warehouseplatform.infra.constructs.WarehouseNetwork;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * The warehouse, a provisioned cluster or a Serverless workgroup, with every loader's COPY role of the data lake
 * attached and no default role. Stateful: changes rarely (a loader added or removed adds or removes its role).
 */
public class WarehouseStack extends Stack {
    private final WarehouseEndpoint endpoint;
    private final ProvisionedWarehouse cluster;
    private final ServerlessWarehouse serverless;
    private final FunctionNetwork functionNetwork;
    private final IVpc vpc;

    public WarehouseStack(
            Construct scope,
            String id,
            StackProps props,
            EnvironmentConfig config,
            WarehouseNetwork network,
            DataLake dataLake,
            List<CopyRole> copyRoles) {
        super(scope, id, props);
        vpc = network.getVpc();
        String s3PrefixList = new S3PrefixList(this, "S3PrefixList").getPrefixListId();
        List<IRole> roles = copyRoles.stream().map(r -> (IRole) r.getRole()).toList();
        if (config.warehouse().serverless()) {
            cluster = null;
            serverless = new ServerlessWarehouse(
                    this,
                    "Warehouse",
                    new ServerlessWarehouse.Props(
                            config.name(),
                            config.warehouse(),
                            network.getVpc(),
                            network.getSubnetIds(),
                            s3PrefixList,
                            dataLake.getKey(),
                            roles,
                            Protection.removalPolicy(config)));
            endpoint = serverless.getEndpoint();
        } else {
            serverless = null;
            cluster = new ProvisionedWarehouse(
                    this,
                    "Warehouse",
                    new ProvisionedWarehouse.Props(
                            config.name(),
                            config.warehouse(),
                            network.getVpc(),
                            network.getSubnetIds(),
                            s3PrefixList,
                            dataLake.getKey(),
                            DataLake.bucketName(this, config.name(), DataLake.AUDIT_LOGS),
                            roles,
                            Protection.clusterRemovalPolicy(config)));
            // the bucket's name is passed as text, so the reference that ordered the stacks is stated instead: the
            // cluster's logging needs the bucket and its policy to exist
            addStackDependency(Stack.of(dataLake));
            acknowledgeComputedAuditBucketName(cluster, config);
            endpoint = cluster.getEndpoint();
            addOperations(config.name() + "-warehouse", config.warehouse().operations());
        }
        String env = config.name();
        publish(env, "endpoint", endpoint.address(), "Warehouse endpoint address");
        publish(env, "port", endpoint.port(), "Warehouse port");
        publish(env, "database", endpoint.database(), "Warehouse database name");
        if (cluster != null) {
            publish(env, "cluster-identifier", endpoint.clusterIdentifier(), "Warehouse cluster identifier");
        } else {
            publish(env, "workgroup-name", endpoint.workgroupName(), "Warehouse Serverless workgroup name");
        }
        publish(
                env,
                "admin-secret-arn",
                endpoint.adminSecretArn(),
                "Secrets Manager secret of the admin user (managed by Redshift)");
        functionNetwork = network.getFunctionNetwork();
        // last: CDK's AwsCustomResource function exists once the custom resources above are built
        new FunctionPlacement(this, "FunctionPlacement", functionNetwork).placeEveryFunction(this);
        new StackLogs(this, "Logs", new StackLogs.Props(config.name(), config.logs(), Protection.removalPolicy(config)))
                .adoptEveryLogGroup(this);
    }

    /** The network stack's endpoints and subnets for functions, or {@code null} when they run outside the VPC. */
    public FunctionNetwork getFunctionNetwork() {
        return functionNetwork;
    }

    /**
     * An environment that names no account has the audit bucket's name as an Fn::Join of the deploy account, which the
     * template check of CT.REDSHIFT.PR.3 cannot read; CloudFormation resolves it before the control's hook sees it.
     */
    private void acknowledgeComputedAuditBucketName(ProvisionedWarehouse cluster, EnvironmentConfig config) {
        if (Token.isUnresolved(DataLake.bucketName(this, config.name(), DataLake.AUDIT_LOGS))) {
            ControlAcknowledgments.acknowledge(
                    cluster.getCluster(),
                    "CT.REDSHIFT.PR.3",
                    "Audit logging is on, to the bucket " + config.name() + "-" + DataLake.AUDIT_LOGS
                            + "-<account>-<region>; config/" + config.name() + ".yaml names no account, so the "
                            + "template has the name as an Fn::Join of AWS::AccountId, which the control's template "
                            + "check cannot read (name the account in the file to have the name as text).");
        }
    }

    /** Day-2 operations of the cluster, each only when configured. */
    private void addOperations(String name, ClusterOperationsConfig operations) {
        String id = endpoint.clusterIdentifier();
        String arn = endpoint.dataApiArn();
        if (operations.pausesAndResumes()) {
            new PauseResumeSchedule(
                    this,
                    "PauseResume",
                    new PauseResumeSchedule.Props(
                            name, id, arn, operations.pauseSchedule(), operations.resumeSchedule()));
        }
        if (operations.snapshotSchedule() != null) {
            new SnapshotSchedule(
                    this, "SnapshotSchedule", new SnapshotSchedule.Props(name, id, arn, operations.snapshotSchedule()));
        }
        // The period is part of the id: Redshift cannot change a limit's period, so a new period is a new limit.
        if (operations.concurrencyScalingMinutes() > 0) {
            new UsageLimit(
                    this,
                    "ConcurrencyScalingLimit-" + operations.usageLimitPeriod(),
                    new UsageLimit.Props(
                            id,
                            arn,
                            "concurrency-scaling",
                            "time",
                            operations.concurrencyScalingMinutes(),
                            operations.usageLimitPeriod(),
                            operations.usageLimitAction()));
        }
        if (operations.spectrumTerabytes() > 0) {
            new UsageLimit(
                    this,
                    "SpectrumLimit-" + operations.usageLimitPeriod(),
                    new UsageLimit.Props(
                            id,
                            arn,
                            "spectrum",
                            "data-scanned",
                            operations.spectrumTerabytes(),
                            operations.usageLimitPeriod(),
                            operations.usageLimitAction()));
        }
    }

    private void publish(String env, String name, String value, String description) {
        String id = java.util.Arrays.stream(name.split("-"))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .collect(java.util.stream.Collectors.joining());
        new PublishedValue(this, id, new PublishedValue.Props(env, name, value, description));
    }

    /** The VPC the warehouse is in (the network stack's). */
    public IVpc getVpc() {
        return vpc;
    }

    /** The warehouse's security group, whichever kind the warehouse is: clients reach the port through it. */
    public ISecurityGroup getSecurityGroup() {
        return cluster != null ? cluster.getSecurityGroup() : serverless.getSecurityGroup();
    }

    public WarehouseEndpoint getEndpoint() {
        return endpoint;
    }

    /** The cluster, or {@code null} for a Serverless warehouse. */
    public ProvisionedWarehouse getCluster() {
        return cluster;
    }

    /** The namespace and workgroup, or {@code null} for a provisioned warehouse. */
    public ServerlessWarehouse getServerless() {
        return serverless;
    }
}
