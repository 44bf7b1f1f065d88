package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.AccessConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The service users' secrets and what their rotation needs: a KMS key of the platform (rotation on, CreateGrant only
 * for AWS resources, {@link KeyPolicies}), one {@link ServiceUserSecret} per user, the rotation functions' security
 * group, and a path for them to both ends of a rotation.
 *
 * <p>A rotation function "must be able to access both the database and Secrets Manager" ("Set up automatic rotation
 * for Amazon Redshift", network access, https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-network-rqs.html):
 * it runs in the warehouse's private subnets; the warehouse's security group admits it on the warehouse port (an
 * ingress rule that lives here, so that the reference goes from this stack to the warehouse stack and never back); and,
 * the VPC having no NAT, it reaches Secrets Manager through an interface endpoint with private DNS, which admits HTTPS
 * only from the security groups that call it and, by its policy, only this account's principals and the secret actions
 * a rotation and the access step use. The endpoint is created here, not in the network stack's FunctionNetwork, because
 * rotation needs it whether or not network.functionsInVpc is set; a VPC holds one private-DNS endpoint per service,
 * so an existing VPC that already has one for Secrets Manager cannot take this one (a doubt for network.existingVpc).
 */
public class AccessSecrets extends Construct {

    public record Props(
            String environment,
            List<AccessConfig.User> users,
            WarehouseEndpoint warehouse,
            IVpc vpc,
            ISecurityGroup warehouseSecurityGroup,
            int warehousePort,
            RemovalPolicy removalPolicy) {}

    private final Key key;
    private final SecurityGroup rotationSecurityGroup;
    private final SecurityGroup endpointSecurityGroup;
    private final InterfaceVpcEndpoint endpoint;
    private final Map<String, ServiceUserSecret> secrets = new LinkedHashMap<>();

    public AccessSecrets(Construct scope, String id, Props props) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the passwords of the " + props.environment() + " warehouse's service users")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(props.removalPolicy())
                .build();
        KeyPolicies.grantsOnlyForAwsResources(key);
        SubnetSelection subnets = SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_ISOLATED)
                .build();
        rotationSecurityGroup = SecurityGroup.Builder.create(this, "RotationSecurityGroup")
                .vpc(props.vpc())
                .description(
                        "Secrets Manager rotation of the warehouse users: to the warehouse port and Secrets Manager")
                .allowAllOutbound(false)
                .build();
        endpointSecurityGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                .vpc(props.vpc())
                .description("Secrets Manager endpoint of the warehouse user rotation: HTTPS from its callers only")
                .allowAllOutbound(false)
                .build();
        rotationSecurityGroup.addEgressRule(
                Peer.securityGroupId(props.warehouseSecurityGroup().getSecurityGroupId()),
                Port.tcp(props.warehousePort()),
                "The rotation logs in to the warehouse as the user to change its password");
        rotationSecurityGroup.addEgressRule(
                Peer.securityGroupId(endpointSecurityGroup.getSecurityGroupId()),
                Port.tcp(443),
                "The rotation reads and writes the secret's versions");
        admit(
                endpointSecurityGroup.getSecurityGroupId(),
                rotationSecurityGroup,
                443,
                "EndpointFromRotation",
                "HTTPS from the rotation functions");
        admit(
                props.warehouseSecurityGroup().getSecurityGroupId(),
                rotationSecurityGroup,
                props.warehousePort(),
                "WarehouseFromRotation",
                "Secrets Manager rotation of the service users' passwords");
        endpoint = InterfaceVpcEndpoint.Builder.create(this, "SecretsManager")
                .vpc(props.vpc())
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                .privateDnsEnabled(true)
                .subnets(subnets)
                .securityGroups(List.of(endpointSecurityGroup))
                .open(false)
                .build();
        for (AccessConfig.User user : props.users()) {
            secrets.put(
                    user.name(),
                    new ServiceUserSecret(
                            this,
                            "User-" + user.name(),
                            new ServiceUserSecret.Props(
                                    props.environment(),
                                    user.name(),
                                    user.rotationDays(),
                                    props.warehouse(),
                                    key,
                                    props.vpc(),
                                    subnets,
                                    rotationSecurityGroup,
                                    props.removalPolicy())));
        }
        List<String> secretArns =
                secrets.values().stream().map(s -> s.getSecret().getSecretArn()).toList();
        endpoint.addToPolicy(PolicyStatement.Builder.create()
                .sid("RotationAndAccessStepOfThisAccount")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of(
                        "secretsmanager:DescribeSecret",
                        "secretsmanager:GetSecretValue",
                        "secretsmanager:PutSecretValue",
                        "secretsmanager:UpdateSecretVersionStage"))
                .resources(secretArns)
                .conditions(ownAccount(Stack.of(this)))
                .build());
        // GetRandomPassword takes no resource ("Actions, resources, and condition keys for AWS Secrets Manager",
        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html)
        endpoint.addToPolicy(PolicyStatement.Builder.create()
                .sid("RotationGeneratesPasswords")
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("secretsmanager:GetRandomPassword"))
                .resources(List.of("*"))
                .conditions(ownAccount(Stack.of(this)))
                .build());
    }

    /** Lets another security group of this stack (the functions', with functionsInVpc) call the endpoint. */
    public void admitToEndpoint(ISecurityGroup callers, String id) {
        admit(endpointSecurityGroup.getSecurityGroupId(), callers, 443, id, "HTTPS from the stack's functions");
    }

    private void admit(String groupId, ISecurityGroup source, int port, String id, String description) {
        CfnSecurityGroupIngress.Builder.create(this, id)
                .groupId(groupId)
                .sourceSecurityGroupId(source.getSecurityGroupId())
                .ipProtocol("tcp")
                .fromPort(port)
                .toPort(port)
                .description(description)
                .build();
    }

    private static Map<String, Object> ownAccount(Stack stack) {
        return Map.of("StringEquals", Map.of("aws:PrincipalAccount", stack.getAccount()));
    }

    public Key getKey() {
        return key;
    }

    /** The users' secrets, in the order of config. */
    public Map<String, ServiceUserSecret> getSecrets() {
        return secrets;
    }

    public SecurityGroup getRotationSecurityGroup() {
        return rotationSecurityGroup;
    }

    public SecurityGroup getEndpointSecurityGroup() {
        return endpointSecurityGroup;
    }

    public InterfaceVpcEndpoint getEndpoint() {
        return endpoint;
    }
}
