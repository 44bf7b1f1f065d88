package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.EnvironmentConfig;
import software.amazon.awscdk.RemovalPolicy;

/** What {@code protect} means for stateful resources. */
final class Protection {
    private Protection() {}

    /** Buckets, keys and log groups: kept on stack deletion and replacement when protected. */
    static RemovalPolicy removalPolicy(EnvironmentConfig config) {
        return config.protect() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /** The cluster: a final snapshot on deletion and replacement when protected. */
    static RemovalPolicy clusterRemovalPolicy(EnvironmentConfig config) {
        return config.protect() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;
    }
}
