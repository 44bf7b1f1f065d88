package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.constructs.FunctionNetwork;
import com.warehouseplatform.infra.constructs.StackLogs;
import com.warehouseplatform.infra.constructs.WarehouseNetwork;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The network the warehouse lives in. Stateful: changes rarely. */
public class NetworkStack extends Stack {
    private final WarehouseNetwork network;
    private final List<String> zones;

    public NetworkStack(Construct scope, String id, StackProps props, EnvironmentConfig config) {
        super(scope, id, props);
        zones = WarehouseNetwork.zones(config.network());
        network = new WarehouseNetwork(
                this,
                "Network",
                new WarehouseNetwork.Props(
                        config.name(),
                        config.region(),
                        config.network(),
                        new StackLogs(
                                this,
                                "Logs",
                                new StackLogs.Props(config.name(), config.logs(), Protection.removalPolicy(config))),
                        config.network().functionsInVpc() ? FunctionNetwork.endpointsFor(config) : List.of()));
    }

    /**
     * The configured zones, so that nothing in this stack looks them up: a lookup would need
     * credentials at synth when the configuration names an account.
     */
    @Override
    public List<String> getAvailabilityZones() {
        return zones;
    }

    public WarehouseNetwork getNetwork() {
        return network;
    }
}
