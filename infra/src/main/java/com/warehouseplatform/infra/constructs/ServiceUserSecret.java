package com.warehouseplatform.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.secretsmanager.HostedRotation;
import software.amazon.awscdk.services.secretsmanager.RotationSchedule;
import software.amazon.awscdk.services.secretsmanager.RotationScheduleOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.secretsmanager.SingleUserHostedRotationOptions;
import software.constructs.Construct;

/**
 * The password of one service user (Tableau, a notebook server) in Secrets Manager: generated at deploy by Secrets
 * Manager (the template holds only GenerateSecretString, never a value), encrypted with the platform's access key,
 * and rotated every {@code rotationDays} by AWS's own Redshift rotation function, deployed by the Secrets Manager
 * transform ({@code HostedRotation.redshiftSingleUser}, "AWS::SecretsManager::RotationSchedule
 * HostedRotationLambda", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-secretsmanager-rotationschedule-hostedrotationlambda.html).
 *
 * <p>The secret is the JSON structure Secrets Manager's Redshift rotation reads ("JSON structure of Amazon Secrets
 * Manager secrets", Amazon Redshift credentials,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html): engine, host,
 * username, password, dbname, port, and dbClusterIdentifier on a cluster. The access step reads it once to create the
 * user with a SHA-256 verifier of this first password and never sets it again.
 *
 * <p>Single user, not alternating users: the user changes its own password (Redshift lets a user change its own
 * password unless it is disabled, CREATE USER, https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html), so
 * the rotation function needs no admin credentials. Alternating users would give the rotation function the
 * Redshift-managed admin secret and a clone user that the access step does not know and would not grant the
 * Redshift roles. The price is a few seconds, while a rotation runs, in which a client that has read the old password
 * and opens a new connection fails; a BI tool that re-reads the secret on failure (Tableau's, the Redshift JDBC
 * driver's Secrets Manager plugin) recovers by itself.
 *
 * <p>Passwords: 32 characters, at least one upper-case letter, lower-case letter and digit, from ASCII 33-126
 * without ' " \ / @, which are what CREATE USER accepts in a clear-text password (the same page); space (32) is
 * outside the range. The rotation function generates its next passwords with the same exclusions.
 */
public class ServiceUserSecret extends Construct {
    /** Characters CREATE USER refuses in a clear-text password, and the space. */
    public static final String EXCLUDED_CHARACTERS = " '\"\\/@";

    /**
     * @param environment the environment, the secret name's prefix
     * @param user the database user's name
     * @param rotationDays days between rotations
     * @param key the platform's key the secret is encrypted with
     * @param vpc the warehouse's VPC, where the rotation function runs
     * @param subnets its private subnets
     * @param rotationSecurityGroup the rotation function's security group (egress to the warehouse and Secrets Manager)
     */
    public record Props(
            String environment,
            String user,
            int rotationDays,
            WarehouseEndpoint warehouse,
            IKey key,
            IVpc vpc,
            SubnetSelection subnets,
            ISecurityGroup rotationSecurityGroup,
            RemovalPolicy removalPolicy) {}

    private final Secret secret;
    private final RotationSchedule rotation;

    public ServiceUserSecret(Construct scope, String id, Props props) {
        super(scope, id);
        WarehouseEndpoint warehouse = props.warehouse();
        // insertion order: the template text must be the same in every process
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("engine", "redshift");
        template.put("host", warehouse.address());
        template.put("port", warehouse.port());
        template.put("username", props.user());
        template.put("dbname", warehouse.database());
        if (warehouse.clusterIdentifier() != null) {
            template.put("dbClusterIdentifier", warehouse.clusterIdentifier());
        }
        secret = Secret.Builder.create(this, "Resource")
                .secretName(secretName(props.environment(), props.user()))
                .description("Password of the " + props.environment() + " warehouse user " + props.user()
                        + ", rotated every " + props.rotationDays() + " days")
                .encryptionKey(props.key())
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate(Stack.of(this).toJsonString(template))
                        .generateStringKey("password")
                        .passwordLength(32)
                        .excludeCharacters(EXCLUDED_CHARACTERS)
                        .requireEachIncludedType(true)
                        .build())
                .removalPolicy(props.removalPolicy())
                .build();
        HostedRotation hosted = HostedRotation.redshiftSingleUser(SingleUserHostedRotationOptions.builder()
                .functionName(rotationFunctionName(props.environment(), props.user()))
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .securityGroups(List.of(props.rotationSecurityGroup()))
                .excludeCharacters(EXCLUDED_CHARACTERS)
                .build());
        rotation = secret.addRotationSchedule(
                "Rotation",
                RotationScheduleOptions.builder()
                        .hostedRotation(hosted)
                        .automaticallyAfter(Duration.days(props.rotationDays()))
                        .build());
    }

    /**
     * {@code <env>-warehouse-users/<user>}: starts with {@code <env>-} like every name of the environment, and never
     * ends in a hyphen and six characters, which Secrets Manager's partial ARNs would confuse with its random suffix
     * (user names have no hyphen).
     */
    public static String secretName(String environment, String user) {
        return environment + "-warehouse-users/" + user;
    }

    /** {@code <env>-rotate-<user>}, within Lambda's 64 characters for the names config allows. */
    public static String rotationFunctionName(String environment, String user) {
        String name = environment + "-rotate-" + user;
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    public Secret getSecret() {
        return secret;
    }

    public RotationSchedule getRotation() {
        return rotation;
    }
}
