package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.AccessConfig;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * The IAM role people assume to sign in to the warehouse as one Redshift role, with temporary credentials and no
 * password: only the listed principals may assume it, and it may do one thing, get credentials for this warehouse's
 * database as its own IAM identity. GetClusterCredentialsWithIAM (cluster; resource type {@code dbname}, "Actions,
 * resources, and condition keys for Amazon Redshift",
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshift.html) and Serverless
 * GetCredentials (resource type {@code workgroup},
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html) map the
 * caller 1:1 to a database user, {@code IAMR:<role name>} for a role
 * (https://docs.aws.amazon.com/redshift/latest/APIReference/API_GetClusterCredentialsWithIAM.html), which the access
 * step creates with PASSWORD DISABLE and grants the Redshift role. The user's grants come from the database, never
 * from a DbGroups parameter, so this role needs neither redshift:JoinGroup nor redshift:CreateClusterUser.
 *
 * <p>Nothing else is allowed, not even redshift:DescribeClusters: clients are given the host and port (README
 * "Connecting"), which the warehouse stack publishes. The role's name is deterministic, {@code <env>-warehouse-<role>},
 * so that the database user's name is known at synth.
 */
public class SignInRole extends Construct {

    /**
     * @param environment the environment's name, the role name's prefix
     * @param redshiftRole the Redshift role the signed-in people get
     * @param principals IAM role or user ARNs that may assume this role
     */
    public record Props(
            String environment, String redshiftRole, List<String> principals, WarehouseEndpoint warehouse) {}

    private final Role role;
    private final String roleName;

    public SignInRole(Construct scope, String id, Props props) {
        super(scope, id);
        roleName = roleName(props.environment(), props.redshiftRole());
        IPrincipal trusted = new CompositePrincipal(props.principals().stream()
                .map(arn -> (IPrincipal) new ArnPrincipal(arn))
                .toArray(IPrincipal[]::new));
        WarehouseEndpoint warehouse = props.warehouse();
        role = Role.Builder.create(this, "Resource")
                .roleName(roleName)
                .description("Sign in to the " + props.environment() + " warehouse as Redshift role "
                        + props.redshiftRole() + " with temporary credentials")
                .assumedBy(trusted)
                .inlinePolicies(java.util.Map.of(
                        "GetOwnDatabaseCredentials",
                        PolicyDocument.Builder.create()
                                .statements(List.of(PolicyStatement.Builder.create()
                                        .sid("SignInAsOwnIamIdentity")
                                        .actions(List.of(warehouse.credentialsAction()))
                                        .resources(List.of(warehouse.credentialsArn()))
                                        .build()))
                                .build()))
                .build();
        Findings.acknowledgeInlinePolicies(role);
        CfnOutput.Builder.create(this, "Arn")
                .description("Assume this role to sign in to the warehouse as " + props.redshiftRole()
                        + " (database user " + databaseUser() + ")")
                .value(role.getRoleArn())
                .build();
    }

    /** {@code <env>-warehouse-<role>}; Redshift role names are [a-z][a-z0-9_]*, which IAM role names accept as is. */
    public static String roleName(String environment, String redshiftRole) {
        return AccessConfig.signInRoleName(environment, redshiftRole);
    }

    /** The database user a signed-in person is: {@code IAMR:<role name>}. */
    public String databaseUser() {
        return "IAMR:" + roleName;
    }

    public Role getRole() {
        return role;
    }
}
