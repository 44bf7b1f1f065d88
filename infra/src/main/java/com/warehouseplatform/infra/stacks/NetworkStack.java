package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.infra.config.EnvironmentConfig;
import com.warehouseplatform.infra.constructs.WarehouseNetwork;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The network the warehouse lives in. Stateful: changes rarely. */
public class NetworkStack extends Stack {
    private final WarehouseNetwork network;

    public NetworkStack(Construct scope, String id, StackProps props, EnvironmentConfig config) {
        super(scope, id, props);
        network = new WarehouseNetwork(this, "Network",
                new WarehouseNetwork.Props(config.network(), Protection.removalPolicy(config)));
    }

    public WarehouseNetwork getNetwork() {
        return network;
    }
}
