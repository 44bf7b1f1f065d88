package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.WarehouseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What the platform's Lambda functions need to run in the private isolated subnets ({@code network.functionsInVpc}):
 * an interface endpoint, with private DNS, for each AWS API they call, behind a security group that only the
 * functions' own security groups may reach (their stacks add that ingress, {@link FunctionPlacement}), and an S3
 * gateway endpoint policy wide enough for their S3 calls and for custom resources' answers to CloudFormation.
 *
 * <p>Who calls what, read from the code rather than guessed (each endpoint's {@code why}): the loader
 * (LoaderHandler: RedshiftDataClient, S3Client, SnsClient; metrics are EMF lines in its logs), the bootstrap and
 * migration handlers (RedshiftDataClient only: the Data API itself reads the admin secret and signs the loaders in,
 * so neither Secrets Manager nor Redshift's GetClusterCredentials is called from the VPC), CDK's Provider framework
 * (outbound.js: lambda Invoke and, while the handler is not yet active, GetFunction; then an HTTPS PUT of the answer
 * to CloudFormation's pre-signed S3 URL) and CDK's AwsCustomResource function in the warehouse stack (EC2
 * DescribeManagedPrefixLists; Redshift snapshot schedules and usage limits where configured; Redshift Serverless
 * GetNamespace on Serverless; and the same pre-signed S3 PUT). The SDKs take their credentials from the environment,
 * so nothing calls STS. What the Lambda service does for a function (its logs, X-Ray segments of active tracing,
 * async retries and the on-failure destination, SnapStart) it does outside the function's network interface, so it
 * needs no endpoint ("Giving Lambda functions access to resources in an Amazon VPC", Lambda Developer Guide,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html: a VPC function reaches AWS APIs only through
 * the VPC, over endpoints or NAT). Custom resources in a VPC must reach CloudFormation's response buckets in S3
 * (AWS::CloudFormation::CustomResource, "Setting up VPC endpoints for AWS CloudFormation",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-vpce-bucketnames.html).
 */
public class FunctionNetwork extends Construct {

    /** One interface endpoint: the service, the actions the functions call on it, and who calls them. */
    public record Endpoint(String id, InterfaceVpcEndpointAwsService service, List<String> actions, String why) {}

    public record Props(String environment, String region, IVpc vpc, GatewayVpcEndpoint s3, List<Endpoint> endpoints) {}

    private final IVpc vpc;
    private final List<String> subnetReferences = new ArrayList<>();
    private final SecurityGroup endpointSecurityGroup;
    private final List<InterfaceVpcEndpoint> interfaceEndpoints = new ArrayList<>();

    public FunctionNetwork(Construct scope, String id, Props props) {
        super(scope, id);
        vpc = props.vpc();
        Stack stack = Stack.of(this);
        endpointSecurityGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                .vpc(vpc)
                .description("Interface endpoints of the platform functions: HTTPS from the functions only")
                .allowAllOutbound(false)
                .build();
        // the ingress from each function stack's security group lives in that stack (FunctionPlacement), so that
        // references go from the function stacks to this one and never back
        for (Endpoint endpoint : props.endpoints()) {
            InterfaceVpcEndpoint created = InterfaceVpcEndpoint.Builder.create(this, endpoint.id())
                    .vpc(vpc)
                    .service(endpoint.service())
                    .privateDnsEnabled(true)
                    .subnets(SubnetSelection.builder()
                            .subnetType(SubnetType.PRIVATE_ISOLATED)
                            .build())
                    .securityGroups(List.of(endpointSecurityGroup))
                    .open(false)
                    .build();
            created.addToPolicy(PolicyStatement.Builder.create()
                    .sid("PlatformFunctionsOfThisAccount")
                    .principals(List.of(new AnyPrincipal()))
                    .actions(endpoint.actions())
                    .resources(List.of("*"))
                    .conditions(ownAccount(stack))
                    .build());
            interfaceEndpoints.add(created);
        }
        allowFunctionsInS3(props);
        List<ISubnet> subnets = vpc.selectSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .build())
                .getSubnets();
        for (int i = 0; i < subnets.size(); i++) {
            String name = "function-subnet-" + (i + 1);
            new PublishedValue(
                    this,
                    "Subnet" + (i + 1),
                    new PublishedValue.Props(
                            props.environment(),
                            name,
                            subnets.get(i).getSubnetId(),
                            "Private subnet " + (i + 1) + " of the platform's Lambda functions"));
            subnetReferences.add("{{resolve:ssm:" + PublishedValue.parameterName(props.environment(), name) + "}}");
        }
    }

    /**
     * The private subnets as dynamic references to their SSM parameters, for the functions' VpcConfig in other stacks:
     * strings that AWS Control Tower's CT.LAMBDA.PR.3 can read, which a cross-stack import is not. CloudFormation
     * resolves them at each deploy of the function stack; the network stack (deployed first) owns them.
     */
    public List<String> getSubnetReferences() {
        return List.copyOf(subnetReferences);
    }

    /**
     * The S3 gateway endpoint already admits COPY's reads ({@link WarehouseNetwork}); the loaders also list, read
     * and write their own state and manifests in the ops bucket, and every custom resource answers CloudFormation
     * with a PUT to a pre-signed URL of {@code cloudformation-custom-resource-response-<region without dashes>}, a
     * bucket of CloudFormation's signed with CloudFormation's credentials: that statement cannot name our account.
     */
    private static void allowFunctionsInS3(Props props) {
        Stack stack = Stack.of(props.s3());
        String ops = "arn:" + stack.getPartition() + ":s3:::"
                + DataLake.bucketName(stack, props.environment(), DataLake.OPS);
        props.s3()
                .addToPolicy(PolicyStatement.Builder.create()
                        .sid("LoadersWriteOwnStateAndManifests")
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"))
                        .resources(List.of(
                                ops + "/" + CopyRole.MANIFEST_PREFIX + "*", ops + "/" + CopyRole.STATE_PREFIX + "*"))
                        .conditions(ownAccount(stack))
                        .build());
        props.s3()
                .addToPolicy(PolicyStatement.Builder.create()
                        .sid("CustomResourcesAnswerCloudFormation")
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(customResourceResponses(stack, props.region())))
                        .build());
    }

    /** The objects of CloudFormation's custom resource response bucket of {@code region}. */
    public static String customResourceResponses(Stack stack, String region) {
        return "arn:" + stack.getPartition() + ":s3:::cloudformation-custom-resource-response-"
                + region.replace("-", "") + "/*";
    }

    private static Map<String, Object> ownAccount(Stack stack) {
        return Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount()));
    }

    /** The interface endpoints the functions of {@code config} call, each with the actions and their callers. */
    public static List<Endpoint> endpointsFor(EnvironmentConfig config) {
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint(
                "RedshiftData",
                InterfaceVpcEndpointAwsService.REDSHIFT_DATA,
                List.of(
                        "redshift-data:ExecuteStatement",
                        "redshift-data:BatchExecuteStatement",
                        "redshift-data:DescribeStatement",
                        "redshift-data:GetStatementResult",
                        "redshift-data:CancelStatement"),
                "the loaders, the bootstrap and the schema migrations run their SQL through the Data API"));
        endpoints.add(new Endpoint(
                "Sns",
                InterfaceVpcEndpointAwsService.SNS,
                List.of("sns:Publish"),
                "the loaders publish alerts to the alert topic"));
        endpoints.add(
                new Endpoint(
                        "Lambda",
                        InterfaceVpcEndpointAwsService.LAMBDA,
                        List.of("lambda:InvokeFunction", "lambda:GetFunction"),
                        "CDK's Provider framework invokes the bootstrap and migration handlers (and waits for them to be active)"));
        endpoints.add(new Endpoint(
                "Ec2",
                InterfaceVpcEndpointAwsService.EC2,
                List.of("ec2:DescribeManagedPrefixLists"),
                "the warehouse stack's AwsCustomResource function reads the S3 prefix list id (S3PrefixList)"));
        WarehouseConfig warehouse = config.warehouse();
        if (warehouse.serverless()) {
            endpoints.add(new Endpoint(
                    "RedshiftServerless",
                    InterfaceVpcEndpointAwsService.REDSHIFT_SERVERLESS,
                    List.of("redshift-serverless:GetNamespace"),
                    "the warehouse stack's AwsCustomResource function reads the admin secret's ARN of the namespace"));
        } else {
            var operations = warehouse.operations();
            List<String> actions = new ArrayList<>();
            List<String> callers = new ArrayList<>();
            if (!config.loaders().isEmpty()) {
                actions.add("redshift:DescribeClusters");
                callers.add("the loaders ask whether the cluster is paused");
            }
            if (operations.snapshotSchedule() != null
                    || operations.concurrencyScalingMinutes() > 0
                    || operations.spectrumTerabytes() > 0) {
                actions.addAll(List.of(
                        "redshift:CreateSnapshotSchedule",
                        "redshift:ModifySnapshotSchedule",
                        "redshift:DeleteSnapshotSchedule",
                        "redshift:CreateTags",
                        "redshift:ModifyClusterSnapshotSchedule",
                        "redshift:CreateUsageLimit",
                        "redshift:ModifyUsageLimit",
                        "redshift:DeleteUsageLimit"));
                callers.add(
                        "the warehouse stack's AwsCustomResource function manages snapshot schedules and usage limits");
            }
            if (!actions.isEmpty()) {
                endpoints.add(new Endpoint(
                        "Redshift",
                        InterfaceVpcEndpointAwsService.REDSHIFT,
                        List.copyOf(actions),
                        String.join("; ", callers)));
            }
        }
        return List.copyOf(endpoints);
    }

    public IVpc getVpc() {
        return vpc;
    }

    public SecurityGroup getEndpointSecurityGroup() {
        return endpointSecurityGroup;
    }

    public List<InterfaceVpcEndpoint> getInterfaceEndpoints() {
        return interfaceEndpoints;
    }
}
