package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.contract.LoaderContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * Prepares the warehouse for the loaders at deploy time, through the Data API with the admin secret:
 * the ops schema and ledger, one database user per loader role ({@code IAMR:<role>}) and its grants,
 * including ASSUMEROLE on the loader's own COPY role, and the user group {@link LoaderContract#LOADERS_GROUP}
 * holding every loader's user (what a WLM queue's {@code userGroups} routes). Idempotent: every run gives the same
 * grants again harmlessly.
 *
 * <p>The group's name is a property ({@code LoadersGroup}) although the handler makes it from the same constant:
 * CloudFormation sends a custom resource an Update only when its properties change, so an environment deployed
 * before the group existed gets the Update, and its group, in the first deploy that carries this property.
 *
 * <p>Grants survive a migration that drops and recreates a loader's table because the bootstrap runs
 * after the migrations (a dependency) and again whenever they change (their checksum is one of its
 * properties, so CloudFormation sends it an Update in the same deploy). ALTER DEFAULT PRIVILEGES was the
 * other way (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_DEFAULT_PRIVILEGES.html): it grants on
 * every future table the migrating (admin) user creates in a schema, not on the loader's own table only,
 * and it does nothing for the tables that exist; per-table grants re-run keep each loader least-privileged.
 */
public class WarehouseBootstrap extends Construct {

    /**
     * One loader: its config name, its function role (whose database user is {@code IAMR:<roleName>}), the table it
     * loads, its own COPY role (the user gets ASSUMEROLE on it, on no other) and its mode (append, merge, replace).
     */
    public record LoaderGrant(String loader, String roleName, String table, String copyRoleArn, String mode) {}

    /** Build with {@link #builder()}: five fields, every one required. */
    public record Props(
            WarehouseEndpoint warehouse,
            IKey secretKey,
            List<LoaderGrant> loaders,
            SchemaMigrations migrations,
            StackLogs logs) {
        public static Builder builder() {
            return new Builder();
        }
    }

    /** Named steps for {@link Props}. */
    public static final class Builder {
        private WarehouseEndpoint warehouse;
        private IKey secretKey;
        private List<LoaderGrant> loaders = List.of();
        private SchemaMigrations migrations;
        private StackLogs logs;

        public Builder warehouse(WarehouseEndpoint value) {
            warehouse = value;
            return this;
        }

        /** The key of the admin secret. */
        public Builder secretKey(IKey value) {
            secretKey = value;
            return this;
        }

        /** The loaders, each with its own COPY role. */
        public Builder loaders(List<LoaderGrant> value) {
            loaders = List.copyOf(value);
            return this;
        }

        /** The migrations the bootstrap runs after, and again whenever they change. */
        public Builder migrations(SchemaMigrations value) {
            migrations = value;
            return this;
        }

        /** Where the bootstrap function and its provider log. */
        public Builder logs(StackLogs value) {
            logs = value;
            return this;
        }

        public Props build() {
            if (warehouse == null || secretKey == null || migrations == null || logs == null) {
                throw new IllegalStateException(
                        "WarehouseBootstrap.Props needs warehouse, secretKey, migrations and logs");
            }
            return new Props(warehouse, secretKey, loaders, migrations, logs);
        }
    }

    private final CustomResource resource;

    public WarehouseBootstrap(Construct scope, String id, Props props) {
        super(scope, id);
        DeployTimeSqlFunction function = new DeployTimeSqlFunction(
                this,
                "Function",
                new DeployTimeSqlFunction.Props(
                        LoaderCode.BOOTSTRAP_HANDLER,
                        "Creates the ops schema, the ledger, and the loaders' users and grants",
                        props.warehouse(),
                        props.secretKey(),
                        props.logs()));
        Map<String, Object> properties = new LinkedHashMap<>(DeployTimeSqlFunction.target(props.warehouse()));
        properties.put(
                "Loaders",
                props.loaders().stream().map(WarehouseBootstrap::property).toList());
        properties.put("MigrationsChecksum", props.migrations().getChecksum());
        properties.put("LoadersGroup", LoaderContract.LOADERS_GROUP);
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(function.getServiceToken())
                .resourceType("Custom::WarehouseBootstrap")
                .properties(properties)
                .build();
        // grants name the loaders' tables: the migrations create (or recreate) them first
        resource.getNode().addDependency(props.migrations().getResource());
    }

    /** One item of the {@code Loaders} property, as BootstrapHandler reads it. */
    private static Map<String, Object> property(LoaderGrant grant) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("loader", grant.loader());
        item.put("roleName", grant.roleName());
        item.put("table", grant.table());
        item.put("copyRoleArn", grant.copyRoleArn());
        item.put("mode", grant.mode());
        return item;
    }

    public CustomResource getResource() {
        return resource;
    }
}
