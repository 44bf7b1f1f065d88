package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares the warehouse for the loaders at deploy time, through the Data API with the admin secret:
 * the ops schema and ledger, one database user per loader role ({@code IAMR:<role>}) and its grants,
 * including ASSUMEROLE on the COPY role. Idempotent: every run gives the same grants again harmlessly.
 *
 * <p>Grants survive a migration that drops and recreates a loader's table because the bootstrap runs
 * after the migrations (a dependency) and again whenever they change (their checksum is one of its
 * properties, so CloudFormation sends it an Update in the same deploy). ALTER DEFAULT PRIVILEGES was the
 * other way (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html): it grants on
 * every future table the migrating (admin) user creates in a schema, not on the loader's own table only,
 * and it does nothing for the tables that exist; per-table grants re-run keep each loader least-privileged.
 */
public class WarehouseBootstrap extends Construct {

    /** A loader's role and the table it loads. */
    public record LoaderGrant(String roleName, String table) {
    }

    /** Build with {@link #builder()}: six fields, every one required. */
    public record Props(WarehouseEndpoint warehouse, IKey secretKey, List<LoaderGrant> loaders, String copyRoleArn,
                        SchemaMigrations migrations, RemovalPolicy removalPolicy) {
        public static Builder builder() {
            return new Builder();
        }
    }

    /** Named steps for {@link Props}. */
    public static final class Builder {
        private WarehouseEndpoint warehouse;
        private IKey secretKey;
        private List<LoaderGrant> loaders = List.of();
        private String copyRoleArn;
        private SchemaMigrations migrations;
        private RemovalPolicy removalPolicy;

        public Builder warehouse(WarehouseEndpoint value) {
            warehouse = value;
            return this;
        }

        /** The key of the admin secret. */
        public Builder secretKey(IKey value) {
            secretKey = value;
            return this;
        }

        public Builder loaders(List<LoaderGrant> value) {
            loaders = List.copyOf(value);
            return this;
        }

        /** The role the loaders' COPY names in IAM_ROLE: each loader user gets ASSUMEROLE on it. */
        public Builder copyRoleArn(String value) {
            copyRoleArn = value;
            return this;
        }

        /** The migrations the bootstrap runs after, and again whenever they change. */
        public Builder migrations(SchemaMigrations value) {
            migrations = value;
            return this;
        }

        public Builder removalPolicy(RemovalPolicy value) {
            removalPolicy = value;
            return this;
        }

        public Props build() {
            if (warehouse == null || secretKey == null || copyRoleArn == null || migrations == null
                    || removalPolicy == null) {
                throw new IllegalStateException("WarehouseBootstrap.Props needs warehouse, secretKey, copyRoleArn, "
                        + "migrations and removalPolicy");
            }
            return new Props(warehouse, secretKey, loaders, copyRoleArn, migrations, removalPolicy);
        }
    }

    private final CustomResource resource;

    public WarehouseBootstrap(Construct scope, String id, Props props) {
        super(scope, id);
        DeployTimeSqlFunction function = new DeployTimeSqlFunction(this, "Function", new DeployTimeSqlFunction.Props(
                LoaderCode.BOOTSTRAP_HANDLER, "Creates the ops schema, the ledger, and the loaders' users and grants",
                props.warehouse(), props.secretKey(), props.removalPolicy()));
        Map<String, Object> properties = new LinkedHashMap<>(DeployTimeSqlFunction.target(props.warehouse()));
        properties.put("CopyRoleArn", props.copyRoleArn());
        properties.put("Loaders", props.loaders().stream().map(WarehouseBootstrap::property).toList());
        properties.put("MigrationsChecksum", props.migrations().getChecksum());
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(function.getServiceToken())
                .resourceType("Custom::WarehouseBootstrap")
                .properties(properties)
                .build();
        // grants name the loaders' tables: the migrations create (or recreate) them first
        resource.getNode().addDependency(props.migrations().getResource());
    }

    private static Map<String, Object> property(LoaderGrant grant) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("roleName", grant.roleName());
        item.put("table", grant.table());
        return item;
    }

    public CustomResource getResource() {
        return resource;
    }
}
