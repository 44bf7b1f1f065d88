package com.warehouseplatform.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.constructs.Construct;

/**
 * The id of the region's AWS-managed S3 prefix list ({@code com.amazonaws.<region>.s3}: the addresses an S3
 * gateway endpoint routes), read at deploy time with DescribeManagedPrefixLists. CloudFormation has no
 * attribute for it and a context lookup would need credentials at synth, so synth stays offline and the same
 * in every process. It lives in the warehouse stack, beside the security groups that use it, on the
 * AwsCustomResource function that stack already has.
 */
public class S3PrefixList extends Construct {
    private final String prefixListId;

    public S3PrefixList(Construct scope, String id) {
        super(scope, id);
        Stack stack = Stack.of(this);
        AwsSdkCall call = AwsSdkCall.builder()
                .service("EC2")
                .action("describeManagedPrefixLists")
                .parameters(Map.of(
                        "Filters",
                        List.of(Ordered.map(
                                "Name",
                                "prefix-list-name",
                                "Values",
                                List.of("com.amazonaws." + stack.getRegion() + ".s3")))))
                .physicalResourceId(PhysicalResourceId.of("s3-prefix-list"))
                .outputPaths(List.of("PrefixLists.0.PrefixListId"))
                .build();
        AwsCustomResource lookup = AwsCustomResource.Builder.create(this, "Resource")
                .onCreate(call)
                .onUpdate(call)
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
                        .resources(AwsCustomResourcePolicy.ANY_RESOURCE)
                        .build()))
                .build();
        Findings.acknowledge(
                lookup,
                "AwsSolutions-IAM5[Resource::*]",
                "ec2:DescribeManagedPrefixLists supports no resource-level permissions (Service Authorization Reference, Amazon EC2); it only reads the id of the region's S3 prefix list.");
        AwsCustomResourceFindings.acknowledge(stack);
        AwsCustomResourceFindings.acknowledgePolicy(lookup);
        prefixListId = lookup.getResponseField("PrefixLists.0.PrefixListId");
    }

    public String getPrefixListId() {
        return prefixListId;
    }
}
