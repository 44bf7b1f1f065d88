package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.infra.config.EnvironmentConfig;
import com.warehouseplatform.infra.constructs.CopyRole;
import com.warehouseplatform.infra.constructs.DataLake;
import com.warehouseplatform.infra.constructs.DefaultIamRole;
import com.warehouseplatform.infra.constructs.ProvisionedWarehouse;
import com.warehouseplatform.infra.constructs.PublishedValue;
import com.warehouseplatform.infra.constructs.WarehouseNetwork;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.redshift.CfnCluster;
import software.constructs.Construct;

/** The warehouse, with the COPY role of the data lake as its default role. Stateful: changes rarely. */
public class WarehouseStack extends Stack {
    private final ProvisionedWarehouse warehouse;
    private final CopyRole copyRole;

    public WarehouseStack(Construct scope, String id, StackProps props, EnvironmentConfig config,
                          WarehouseNetwork network, DataLake dataLake, CopyRole copyRole) {
        super(scope, id, props);
        this.copyRole = copyRole;
        warehouse = new ProvisionedWarehouse(this, "Warehouse", new ProvisionedWarehouse.Props(
                config.name(), config.warehouse(), network.getVpc(), network.getSubnetIds(), dataLake.getKey(),
                dataLake.getAuditLogs(), copyRole.getRole(), Protection.clusterRemovalPolicy(config)));
        CfnCluster cluster = warehouse.getCluster();
        new DefaultIamRole(this, "DefaultIamRole",
                new DefaultIamRole.Props(cluster, cluster.getClusterIdentifier(), copyRole.getRole()));
        String env = config.name();
        new PublishedValue(this, "Endpoint", new PublishedValue.Props(env, "endpoint",
                cluster.getAttrEndpointAddress(), "Warehouse endpoint address"));
        new PublishedValue(this, "Port", new PublishedValue.Props(env, "port",
                cluster.getAttrEndpointPort(), "Warehouse port"));
        new PublishedValue(this, "Database", new PublishedValue.Props(env, "database",
                config.warehouse().databaseName(), "Warehouse database name"));
        new PublishedValue(this, "ClusterIdentifier", new PublishedValue.Props(env, "cluster-identifier",
                cluster.getRef(), "Warehouse cluster identifier"));
        new PublishedValue(this, "AdminSecretArn", new PublishedValue.Props(env, "admin-secret-arn",
                cluster.getAttrMasterPasswordSecretArn(), "Secrets Manager secret of the admin user (managed by Redshift)"));
    }

    public ProvisionedWarehouse getWarehouse() {
        return warehouse;
    }

    public CopyRole getCopyRole() {
        return copyRole;
    }
}
