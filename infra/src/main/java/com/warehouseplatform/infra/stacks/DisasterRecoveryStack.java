package com.warehouseplatform.infra.stacks;

import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.constructs.ControlAcknowledgments;
import com.warehouseplatform.infra.constructs.Findings;
import com.warehouseplatform.infra.constructs.FunctionPlacement;
import com.warehouseplatform.infra.constructs.SnapshotCopyGrant;
import com.warehouseplatform.infra.constructs.StackLogs;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * What the warehouse's cross-region snapshot copy needs in the destination region
 * ({@code warehouse.resilience.snapshotCopy.region}): the key the copies are encrypted with and the snapshot copy
 * grant on it. Deployed before the warehouse stack, which names the grant; the deploy role of the home region deploys
 * it, so the destination region must be bootstrapped too (README, "High availability and disaster recovery").
 */
public class DisasterRecoveryStack extends Stack {
    private final SnapshotCopyGrant grant;

    public DisasterRecoveryStack(Construct scope, String id, StackProps props, EnvironmentConfig config) {
        super(scope, id, props);
        grant = new SnapshotCopyGrant(this, "SnapshotCopyGrant", new SnapshotCopyGrant.Props(config.name()));
        new StackLogs(this, "Logs", new StackLogs.Props(config.name(), config.logs(), Protection.removalPolicy(config)))
                .adoptEveryLogGroup(this);
        for (IConstruct child : getNode().findAll()) {
            if (child instanceof CfnFunction function) {
                ControlAcknowledgments.acknowledge(
                        function,
                        FunctionPlacement.CONTROL,
                        "CDK's AwsCustomResource function of the snapshot copy grant runs in the copy's destination"
                                + " region, where the platform has no VPC; it makes one Redshift call per deploy and"
                                + " reaches nothing but the Redshift and KMS APIs.");
                // prod runs the NIST 800-53 R5 pack too: these are its findings on the one function of this stack
                Findings.acknowledge(
                        function,
                        "NIST.800.53.R5-LambdaInsideVPC",
                        "CDK's AwsCustomResource function of the snapshot copy grant runs in the copy's destination"
                                + " region, where the platform has no VPC; it calls only the Redshift and KMS APIs.");
                Findings.acknowledge(
                        function,
                        "NIST.800.53.R5-LambdaDLQ",
                        "Invoked synchronously by CloudFormation, which reports a failure as a failed deploy; a DLQ"
                                + " would hold nothing.");
                Findings.acknowledge(
                        function,
                        "NIST.800.53.R5-LambdaConcurrency",
                        "Invoked only by CloudFormation during deploys of this stack, one call at a time; reserved"
                                + " concurrency would only take from the account's pool.");
            }
        }
    }

    public SnapshotCopyGrant getGrant() {
        return grant;
    }
}
