package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.AccessConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The access step: at deploy, after the bootstrap, it makes the warehouse's roles, grants, default privileges and
 * service users match {@code access} of the config (AccessHandler of lambda-functions, through the Data API with the
 * admin secret, like the bootstrap), and revokes or drops what config no longer has. It runs again whenever the
 * migrations change (their checksum is a property), so that tables a migration created get their grants in the same
 * deploy, besides the default privileges that cover tables the admin creates later
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html).
 *
 * <p>Properties, the contract with AccessHandler: the warehouse target ({@link DeployTimeSqlFunction#target}),
 * {@code Roles} (name, read, write and, for a role with signIn, {@code signInUser} {@code IAMR:<sign-in role>}),
 * {@code Users} (name, roles, {@code secretArn}), {@code TableOwners} (the admin, who runs the migrations) and
 * {@code MigrationsChecksum}. No password is a property: the handler reads each user's secret itself (GetSecretValue
 * on exactly those secrets, decrypt with their key) and sends Redshift only a SHA-256 verifier.
 */
public class WarehouseAccess extends Construct {

    /** A Redshift role and, when people sign in as it, its IAM identity's database user. */
    public record RoleGrant(AccessConfig.Role role, String signInUser) {}

    /** A service user and its secret. */
    public record UserGrant(AccessConfig.User user, String secretArn) {}

    /** Build with {@link #builder()}. */
    public record Props(
            WarehouseEndpoint warehouse,
            IKey adminSecretKey,
            IKey userSecretKey,
            String adminUsername,
            List<RoleGrant> roles,
            List<UserGrant> users,
            SchemaMigrations migrations,
            WarehouseBootstrap bootstrap,
            StackLogs logs) {
        public static Builder builder() {
            return new Builder();
        }
    }

    /** Named steps for {@link Props}. */
    public static final class Builder {
        private WarehouseEndpoint warehouse;
        private IKey adminSecretKey;
        private IKey userSecretKey;
        private String adminUsername;
        private List<RoleGrant> roles = List.of();
        private List<UserGrant> users = List.of();
        private SchemaMigrations migrations;
        private WarehouseBootstrap bootstrap;
        private StackLogs logs;

        public Builder warehouse(WarehouseEndpoint value) {
            warehouse = value;
            return this;
        }

        /** The key of the Redshift-managed admin secret. */
        public Builder adminSecretKey(IKey value) {
            adminSecretKey = value;
            return this;
        }

        /** The key of the users' secrets; required when there are users. */
        public Builder userSecretKey(IKey value) {
            userSecretKey = value;
            return this;
        }

        /** The admin, who runs the migrations and so owns the tables created later. */
        public Builder adminUsername(String value) {
            adminUsername = value;
            return this;
        }

        public Builder roles(List<RoleGrant> value) {
            roles = List.copyOf(value);
            return this;
        }

        public Builder users(List<UserGrant> value) {
            users = List.copyOf(value);
            return this;
        }

        public Builder migrations(SchemaMigrations value) {
            migrations = value;
            return this;
        }

        public Builder bootstrap(WarehouseBootstrap value) {
            bootstrap = value;
            return this;
        }

        public Builder logs(StackLogs value) {
            logs = value;
            return this;
        }

        public Props build() {
            if (warehouse == null
                    || adminSecretKey == null
                    || adminUsername == null
                    || migrations == null
                    || bootstrap == null
                    || logs == null) {
                throw new IllegalStateException("WarehouseAccess.Props needs warehouse, adminSecretKey, adminUsername, "
                        + "migrations, bootstrap and logs");
            }
            if (!users.isEmpty() && userSecretKey == null) {
                throw new IllegalStateException("WarehouseAccess.Props needs userSecretKey when there are users");
            }
            return new Props(
                    warehouse, adminSecretKey, userSecretKey, adminUsername, roles, users, migrations, bootstrap, logs);
        }
    }

    private final CustomResource resource;
    private final Function handler;

    public WarehouseAccess(Construct scope, String id, Props props) {
        super(scope, id);
        DeployTimeSqlFunction function = new DeployTimeSqlFunction(
                this,
                "Function",
                new DeployTimeSqlFunction.Props(
                        LoaderCode.ACCESS_HANDLER,
                        "Makes the warehouse's roles, grants and service users match the access config",
                        props.warehouse(),
                        props.adminSecretKey(),
                        props.logs()));
        handler = function.getHandler();
        if (!props.users().isEmpty()) {
            handler.addToRolePolicy(PolicyStatement.Builder.create()
                    .sid("ReadServiceUserSecrets")
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(props.users().stream().map(UserGrant::secretArn).toList())
                    .build());
            props.userSecretKey().grantDecrypt(handler);
        }
        Map<String, Object> properties = new LinkedHashMap<>(DeployTimeSqlFunction.target(props.warehouse()));
        properties.put(
                "Roles", props.roles().stream().map(WarehouseAccess::property).toList());
        properties.put(
                "Users", props.users().stream().map(WarehouseAccess::property).toList());
        properties.put("TableOwners", List.of(props.adminUsername()));
        properties.put("MigrationsChecksum", props.migrations().getChecksum());
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(function.getServiceToken())
                .resourceType("Custom::WarehouseAccess")
                .properties(properties)
                .build();
        // grants name the migrations' schemas and tables, and never race the bootstrap's own grants
        resource.getNode().addDependency(props.migrations().getResource());
        resource.getNode().addDependency(props.bootstrap().getResource());
    }

    private static Map<String, Object> property(RoleGrant grant) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", grant.role().name());
        item.put("read", grant.role().read());
        item.put("write", grant.role().write());
        if (grant.signInUser() != null) {
            item.put("signInUser", grant.signInUser());
        }
        return item;
    }

    private static Map<String, Object> property(UserGrant grant) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", grant.user().name());
        item.put("roles", grant.user().roles());
        item.put("secretArn", grant.secretArn());
        return item;
    }

    public CustomResource getResource() {
        return resource;
    }

    public Function getHandler() {
        return handler;
    }
}
