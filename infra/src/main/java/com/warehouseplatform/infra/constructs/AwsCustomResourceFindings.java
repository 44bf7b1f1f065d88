package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.constructs.IConstruct;

/** The findings of CDK's AwsCustomResource function, a singleton per stack shared by its custom resources. */
final class AwsCustomResourceFindings {
    private AwsCustomResourceFindings() {}

    static void acknowledge(Stack stack) {
        IConstruct provider =
                stack.getNode().findChild("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""));
        Findings.acknowledge(
                provider,
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                "CDK's AwsCustomResource function writes its own logs with the basic execution policy; it runs only during deploys.");
        Findings.acknowledge(
                provider,
                "Serverless::Serverless-LambdaDefaultMemorySize",
                "CDK's AwsCustomResource function makes one API call per deploy; the default memory is enough.");
        Findings.acknowledge(
                provider,
                "Serverless::Serverless-LambdaDLQ",
                "Invoked synchronously by CloudFormation, which reports a failure as a failed deploy; a DLQ would hold nothing.");
        Findings.acknowledge(
                provider,
                "Serverless::Serverless-LambdaTracing",
                "CDK's AwsCustomResource function makes one API call per deploy; tracing adds nothing to its CloudFormation events.");
        Findings.acknowledgeInlinePolicies(provider);
        Findings.acknowledgeCompliance(
                provider,
                "LambdaDLQ",
                "Invoked synchronously by CloudFormation during deploys, which reports a failure as a failed deploy; a DLQ would hold nothing.");
        Findings.acknowledgeCompliance(
                provider,
                "LambdaConcurrency",
                "CDK's AwsCustomResource function runs only while CloudFormation deploys this stack, once per custom"
                        + " resource; reserving concurrency for it would take capacity from the account for nothing.");
    }

    /**
     * The compliance packs' IAMNoInlinePolicy on the policy CDK attaches for {@code resource} to the shared function's
     * role: it holds only this resource's SDK calls, and lives and goes with the resource.
     */
    static void acknowledgePolicy(AwsCustomResource resource) {
        Findings.acknowledgeCompliance(
                resource,
                "IAMNoInlinePolicy",
                "CDK attaches the SDK calls of this custom resource as an inline policy of the AwsCustomResource"
                        + " function's role, created and deleted with the resource; a customer managed policy would"
                        + " be a standalone object that other identities could be given.");
    }
}
