package com.warehouseplatform.config;

import java.util.List;
import java.util.Map;

/**
 * One environment of the platform, read from {@code config/<name>.yaml} and validated. {@code deployment} is
 * {@code null} when the file has no {@code deployment} section: then no CI deploy role is made for it. {@code logs}
 * holds its defaults when the file has no {@code logs} section; {@code access} is {@link AccessConfig#NONE} when it
 * has no {@code access} section. {@code compliance} lists the cdk-nag packs run besides AwsSolutions and Serverless
 * (none when absent).
 */
public record EnvironmentConfig(
        String name,
        String account,
        String region,
        boolean protect,
        Map<String, String> tags,
        NetworkConfig network,
        DataLakeConfig dataLake,
        WarehouseConfig warehouse,
        AlertsConfig alerts,
        List<LoaderConfig> loaders,
        DeploymentConfig deployment,
        LogsConfig logs,
        AccessConfig access,
        List<CompliancePack> compliance) {

    /**
     * The most loaders an environment may have. Each loader has a COPY role of its own and every one of them is
     * attached to the warehouse, and "Cluster IAM roles for Amazon Redshift to access other AWS services" is 50 per
     * cluster, not adjustable (10 in the us-iso and us-isob regions), in "Quotas and limits in Amazon Redshift",
     * https://docs.aws.amazon.com/redshift/latest/mgmt/amazon-redshift-limits.html. The same page and the Serverless
     * pages give no separate number for a namespace's IamRoles, so a Serverless environment keeps the cluster's limit:
     * it can be turned into a cluster (or back) without dropping loaders.
     */
    public static final int MAX_LOADERS = 50;
}
