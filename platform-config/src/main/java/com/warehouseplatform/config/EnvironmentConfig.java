package com.warehouseplatform.config;

import java.util.List;
import java.util.Map;

/**
 * One environment of the platform, read from {@code config/<name>.yaml} and validated. {@code deployment} is
 * {@code null} when the file has no {@code deployment} section: then no CI deploy role is made for it.
 */
public record EnvironmentConfig(String name, String account, String region, boolean protect,
                                Map<String, String> tags, NetworkConfig network, DataLakeConfig dataLake,
                                WarehouseConfig warehouse, AlertsConfig alerts, List<LoaderConfig> loaders,
                                DeploymentConfig deployment) {
}
