package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.constructs.CopyRole;
import com.warehouseplatform.infra.constructs.DataLake;
import com.warehouseplatform.infra.constructs.PublishedValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The encrypted data lake and the role that reads it for COPY. Stateful: changes rarely. */
public class DataLakeStack extends Stack {
    private final DataLake dataLake;
    private final CopyRole copyRole;

    public DataLakeStack(Construct scope, String id, StackProps props, EnvironmentConfig config) {
        super(scope, id, props);
        dataLake = new DataLake(this, "DataLake",
                new DataLake.Props(config.name(), config.dataLake(), Protection.removalPolicy(config)));
        copyRole = new CopyRole(this, "CopyRole", new CopyRole.Props(dataLake.getRaw(), dataLake.getOps(), dataLake.getKey()));
        String env = config.name();
        new PublishedValue(this, "RawBucketName", new PublishedValue.Props(env, "raw-bucket-name",
                dataLake.getRaw().getBucketName(), "Landing bucket: producers write files here"));
        new PublishedValue(this, "CuratedBucketName", new PublishedValue.Props(env, "curated-bucket-name",
                dataLake.getCurated().getBucketName(), "Curated data bucket"));
        new PublishedValue(this, "OpsBucketName", new PublishedValue.Props(env, "ops-bucket-name",
                dataLake.getOps().getBucketName(), "Loader manifests and job state"));
        new PublishedValue(this, "AuditLogBucketName", new PublishedValue.Props(env, "audit-log-bucket-name",
                dataLake.getAuditLogs().getBucketName(), "Warehouse audit logs"));
        new PublishedValue(this, "LakeKeyArn", new PublishedValue.Props(env, "lake-key-arn",
                dataLake.getKey().getKeyArn(), "KMS key of the data lake and the warehouse"));
        new PublishedValue(this, "CopyRoleArn", new PublishedValue.Props(env, "copy-role-arn",
                copyRole.getRole().getRoleArn(), "IAM role the warehouse uses for COPY"));
    }

    public CopyRole getCopyRole() {
        return copyRole;
    }

    public DataLake getDataLake() {
        return dataLake;
    }
}
