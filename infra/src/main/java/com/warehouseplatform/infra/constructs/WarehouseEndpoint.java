package com.warehouseplatform.infra.constructs;

/**
 * How the loaders and the bootstrap reach a warehouse through the Data API, whichever kind it is.
 *
 * @param clusterIdentifier  the cluster (provisioned), else {@code null}
 * @param workgroupName      the workgroup (serverless), else {@code null}
 * @param dataApiArn         the resource the Data API statements are submitted to
 * @param credentialsAction  the IAM action that signs a role in as its own database user
 * @param credentialsArn     the resource of that action
 */
public record WarehouseEndpoint(
        String clusterIdentifier,
        String workgroupName,
        String database,
        String dataApiArn,
        String credentialsAction,
        String credentialsArn,
        String adminSecretArn,
        String address,
        String port) {}
