package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * network.functionsInVpc: on in prod, every function of every stack runs in the private subnets with its stack's
 * own security group and reaches each API it calls through an endpoint; off in dev, none has a VpcConfig and each
 * acknowledges CT.LAMBDA.PR.3. The delivery paths Lambda -> Data API and Lambda -> SNS in the VPC depend on the
 * functions' egress, the endpoints' ingress and the endpoint policies: each is asked here.
 */
class FunctionsInVpcTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }

    private static Map<String, Object> json(com.warehouseplatform.infra.Platforms.Built built, String stack) {
        return switch (stack) {
            case "network" -> built.network().toJSON();
            case "warehouse" -> built.warehouse().toJSON();
            default -> built.loaders().toJSON();
        };
    }

    private static Map<String, Map<String, Object>> ofType(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>();
        resources(template).forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** "com.amazonaws.eu-west-1.sns", or its Fn::Join with the region, as "sns". */
    private static String shortName(String serviceName) {
        return serviceName.replaceAll("[^a-z0-9-]+$", "").replaceAll(".*\\.", "");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withTheOptionOnEveryFunctionRunsInThePrivateSubnetsWithItsStacksSecurityGroup() {
        var prod = Platforms.of("prod");
        int functions = 0;
        for (String stack : List.of("warehouse", "loaders")) {
            Map<String, Object> template = json(prod, stack);
            Map<String, Map<String, Object>> groups = ofType(template, "AWS::EC2::SecurityGroup");
            // warehouse: its own and the functions'; loaders: the functions', and the user secrets' endpoint and
            // rotation groups (AccessSecrets)
            assertThat(groups).as(stack).hasSize(stack.equals("warehouse") ? 2 : 3);
            String functionGroup = groups.keySet().stream()
                    .filter(id -> id.startsWith("FunctionPlacement"))
                    .findFirst()
                    .orElseThrow();
            for (var entry : ofType(template, "AWS::Lambda::Function").entrySet()) {
                functions++;
                Map<String, Object> vpc =
                        (Map<String, Object>) props(entry.getValue()).get("VpcConfig");
                assertThat(vpc).as(entry.getKey()).isNotNull();
                assertThat((List<Object>) vpc.get("SubnetIds"))
                        .as(entry.getKey())
                        .containsExactly(
                                "{{resolve:ssm:/prod/warehouse/function-subnet-1}}",
                                "{{resolve:ssm:/prod/warehouse/function-subnet-2}}",
                                "{{resolve:ssm:/prod/warehouse/function-subnet-3}}");
                assertThat((List<Object>) vpc.get("SecurityGroupIds"))
                        .as(entry.getKey())
                        .containsExactly(Map.of("Fn::GetAtt", List.of(functionGroup, "GroupId")));
                assertThat(String.valueOf(entry.getValue().get("DependsOn")))
                        .as(entry.getKey() + " waits for the network interface permissions")
                        .contains("DefaultPolicy");
            }
            Map<String, Object> group = props(groups.get(functionGroup));
            assertThat(group).doesNotContainKey("SecurityGroupIngress");
            List<Map<String, Object>> egress = (List<Map<String, Object>>) group.get("SecurityGroupEgress");
            assertThat(egress).allSatisfy(rule -> {
                assertThat(rule.get("IpProtocol")).isEqualTo("tcp");
                assertThat(rule.get("FromPort")).isEqualTo(443);
                assertThat(rule.get("ToPort")).isEqualTo(443);
            });
            assertThat(egress).hasSize(2);
            assertThat(egress.stream().map(r -> r.containsKey("DestinationSecurityGroupId")))
                    .containsExactlyInAnyOrder(true, false);
        }
        // 3 loaders, 3 handlers (bootstrap, migrations, access), their 3 Provider framework functions, CDK's
        // AwsCustomResource singleton; the secrets' rotation function is made at deploy by the SecretsManager
        // transform, in the private subnets (AccessSecrets)
        assertThat(functions).isEqualTo(10);
        // the one function outside: CDK's provider that empties the default security group while the VPC is made
        Map<String, Map<String, Object>> networkFunctions = ofType(json(prod, "network"), "AWS::Lambda::Function");
        assertThat(networkFunctions.keySet())
                .singleElement()
                .asString()
                .startsWith("CustomVpcRestrictDefaultSGCustomResourceProviderHandler");
        assertThat(String.valueOf(networkFunctions.values().iterator().next().get("Metadata")))
                .contains("control=CT.LAMBDA.PR.3");
        Map<String, Map<String, Object>> parameters = ofType(json(prod, "network"), "AWS::SSM::Parameter");
        assertThat(parameters.values().stream()
                        .map(p -> String.valueOf(props(p).get("Name")))
                        .filter(n -> n.contains("function-subnet")))
                .containsExactly(
                        "/prod/warehouse/function-subnet-1",
                        "/prod/warehouse/function-subnet-2",
                        "/prod/warehouse/function-subnet-3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withTheOptionOnThereIsAnEndpointForEachServiceTheFunctionsCall() {
        Map<String, Object> network = json(Platforms.of("prod"), "network");
        Map<String, String> policies = new java.util.TreeMap<>();
        for (var endpoint : ofType(network, "AWS::EC2::VPCEndpoint").values()) {
            Map<String, Object> p = props(endpoint);
            String service = String.valueOf(p.get("ServiceName"));
            if ("Interface".equals(p.get("VpcEndpointType"))) {
                assertThat(p.get("PrivateDnsEnabled")).isEqualTo(true);
                assertThat(String.valueOf(p.get("SubnetIds"))).contains("warehouseSubnet1");
            }
            policies.put(shortName(service), String.valueOf(p.get("PolicyDocument")));
        }
        // provisioned prod with a snapshot schedule and usage limits: redshift too; the S3 gateway endpoint is reused
        assertThat(policies.keySet()).containsExactly("ec2", "lambda", "redshift", "redshift-data", "s3", "sns");
        assertThat(policies.get("redshift-data"))
                .contains("redshift-data:BatchExecuteStatement", "aws:PrincipalAccount");
        assertThat(policies.get("sns")).contains("sns:Publish", "aws:PrincipalAccount");
        assertThat(policies.get("lambda")).contains("lambda:InvokeFunction", "lambda:GetFunction");
        assertThat(policies.get("ec2")).contains("ec2:DescribeManagedPrefixLists");
        assertThat(policies.get("s3"))
                .contains("arn:", ":s3:::cloudformation-custom-resource-response-euwest1/*")
                .contains("CustomResourcesAnswerCloudFormation", "LoadersWriteOwnStateAndManifests");
        Map<String, Object> s3Policy =
                (Map<String, Object>) props(ofType(network, "AWS::EC2::VPCEndpoint").values().stream()
                                .filter(e -> "Gateway".equals(props(e).get("VpcEndpointType")))
                                .findFirst()
                                .orElseThrow())
                        .get("PolicyDocument");
        Map<String, Object> answer = ((List<Map<String, Object>>) s3Policy.get("Statement"))
                .stream()
                        .filter(s -> "CustomResourcesAnswerCloudFormation".equals(s.get("Sid")))
                        .findFirst()
                        .orElseThrow();
        // the pre-signed URL carries CloudFormation's signature, not one of this account's principals
        assertThat(answer).doesNotContainKey("Condition");
        assertThat(answer.get("Action")).isEqualTo("s3:PutObject");
        Map<String, Object> serverless = json(
                Platforms.variant(
                        "staging",
                        "functions-in-vpc",
                        yaml -> yaml.replace("maxAzs: 3\n", "maxAzs: 3\n  functionsInVpc: true\n")),
                "network");
        assertThat(ofType(serverless, "AWS::EC2::VPCEndpoint").values().stream()
                        .map(e -> shortName(String.valueOf(props(e).get("ServiceName"))))
                        .sorted()
                        .collect(Collectors.toList()))
                .containsExactly("ec2", "lambda", "redshift-data", "redshift-serverless", "s3", "sns");
    }

    @Test
    @SuppressWarnings("unchecked")
    void loadersReachTheDataApiAndSnsThroughTheirEgressTheEndpointIngressAndTheEndpointPolicies() {
        var prod = Platforms.of("prod");
        Map<String, Object> loaders = json(prod, "loaders");
        Map<String, Object> network = json(prod, "network");
        String endpointGroup = ofType(network, "AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> id.contains("EndpointSecurityGroup"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> group = props(ofType(loaders, "AWS::EC2::SecurityGroup").entrySet().stream()
                .filter(e -> e.getKey().startsWith("FunctionPlacement"))
                .findFirst()
                .orElseThrow()
                .getValue());
        List<Map<String, Object>> egress = (List<Map<String, Object>>) group.get("SecurityGroupEgress");
        assertThat(egress.stream().map(r -> String.valueOf(r.get("DestinationSecurityGroupId"))))
                .anySatisfy(destination -> assertThat(destination).contains(endpointGroup));
        // the loader stack's rules on the network's endpoint group (its others admit the rotation to the warehouse)
        List<Map<String, Object>> ingress =
                new ArrayList<>(ofType(loaders, "AWS::EC2::SecurityGroupIngress").values().stream()
                        .filter(r -> String.valueOf(props(r).get("GroupId")).contains(endpointGroup))
                        .toList());
        assertThat(ingress).hasSize(1);
        Map<String, Object> rule = props(ingress.get(0));
        assertThat(String.valueOf(rule.get("GroupId"))).contains(endpointGroup);
        assertThat(String.valueOf(rule.get("SourceSecurityGroupId"))).contains("FunctionPlacement");
        assertThat(rule.get("FromPort")).isEqualTo(443);
        assertThat(ofType(network, "AWS::EC2::SecurityGroup").get(endpointGroup).toString())
                .as("nothing but the function stacks' rules reach the endpoints")
                .doesNotContain("SecurityGroupIngress");
        for (var endpoint : ofType(network, "AWS::EC2::VPCEndpoint").values()) {
            Map<String, Object> p = props(endpoint);
            String service = String.valueOf(p.get("ServiceName"));
            if (!service.endsWith("redshift-data") && !service.endsWith(".sns")) {
                continue;
            }
            assertThat(String.valueOf(p.get("SecurityGroupIds"))).contains(endpointGroup);
            List<Map<String, Object>> statements =
                    (List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement");
            String action = service.endsWith(".sns") ? "sns:Publish" : "redshift-data:ExecuteStatement";
            assertThat(statements)
                    .as(service + " admits the loaders' call for this account's principals only")
                    .anySatisfy(s -> {
                        assertThat(s.get("Effect")).isEqualTo("Allow");
                        assertThat(String.valueOf(s.get("Action"))).contains(action);
                        assertThat(s.get("Resource")).isEqualTo("*");
                        assertThat(String.valueOf(s.get("Condition")))
                                .contains("aws:PrincipalAccount")
                                .contains("123456789012");
                    });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void withTheOptionOffNoFunctionHasAVpcConfigAndEachAcknowledgesTheControl() {
        var dev = Platforms.of("dev");
        int functions = 0;
        for (String stack : List.of("warehouse", "loaders")) {
            for (var entry : ofType(json(dev, stack), "AWS::Lambda::Function").entrySet()) {
                functions++;
                assertThat(props(entry.getValue())).as(entry.getKey()).doesNotContainKey("VpcConfig");
                Map<String, Object> metadata =
                        (Map<String, Object>) entry.getValue().get("Metadata");
                assertThat(String.valueOf(metadata.get("ControlTower")))
                        .as(entry.getKey())
                        .contains("CT.LAMBDA.PR.3")
                        .contains("network.functionsInVpc");
            }
        }
        assertThat(functions).isEqualTo(9);
        assertThat(ofType(json(dev, "network"), "AWS::EC2::VPCEndpoint")).hasSize(1);
    }
}
