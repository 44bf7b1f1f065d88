package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.LogsConfig;
import com.warehouseplatform.config.SchemaMigrationFiles.SqlFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;

/**
 * The bootstrap on its own stack: it runs after the migrations and again whenever they change, so that the
 * grants of a table a migration dropped and recreated are given again in the same deploy.
 */
class WarehouseBootstrapTest {
    private static final WarehouseEndpoint CLUSTER = new WarehouseEndpoint(
            "dev-warehouse",
            null,
            "analytics",
            "arn:aws:redshift:eu-west-1:123456789012:cluster:dev-warehouse",
            "redshift:GetClusterCredentialsWithIAM",
            "arn:aws:redshift:eu-west-1:123456789012:dbname:dev-warehouse/analytics",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin",
            "dev.example",
            "5440");
    private static final String COPY_ROLE = "arn:aws:iam::123456789012:role/dev-copy-orders";
    private static final List<SqlFile> V1 =
            List.of(new SqlFile("V1__create_sales_orders.sql", "CREATE TABLE sales.orders (order_id BIGINT);"));
    private static final List<SqlFile> V1_AND_V2 = List.of(
            V1.get(0),
            new SqlFile(
                    "V2__recreate_orders.sql",
                    "DROP TABLE sales.orders;\nCREATE TABLE sales.orders (order_id BIGINT, note VARCHAR(64));"));

    private static Template template(List<SqlFile> migrations, List<WarehouseBootstrap.LoaderGrant> loaders) {
        Stack stack = new Stack();
        Key key = new Key(stack, "Key");
        StackLogs logs =
                new StackLogs(stack, "Logs", new StackLogs.Props("dev", new LogsConfig(90), RemovalPolicy.DESTROY));
        SchemaMigrations schema =
                new SchemaMigrations(stack, "Migrations", new SchemaMigrations.Props(CLUSTER, key, migrations, logs));
        new WarehouseBootstrap(
                stack,
                "Bootstrap",
                WarehouseBootstrap.Props.builder()
                        .warehouse(CLUSTER)
                        .secretKey(key)
                        .loaders(loaders)
                        .migrations(schema)
                        .logs(logs)
                        .build());
        return Template.fromStack(stack);
    }

    private static final List<WarehouseBootstrap.LoaderGrant> ORDERS = List.of(
            new WarehouseBootstrap.LoaderGrant("orders", "dev-loader-orders", "sales.orders", COPY_ROLE, "merge"));
    private static final Template BEFORE = template(V1, ORDERS);
    private static final Template AFTER = template(V1_AND_V2, ORDERS);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bootstrap(Template template) {
        return template.findResources("Custom::WarehouseBootstrap")
                .values()
                .iterator()
                .next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Template template) {
        return (Map<String, Object>) bootstrap(template).get("Properties");
    }

    @Test
    void runsAfterTheMigrations() {
        String migrations = BEFORE.findResources("Custom::SchemaMigrations")
                .keySet()
                .iterator()
                .next();
        assertThat(bootstrap(BEFORE).get("DependsOn").toString()).contains(migrations);
    }

    @Test
    void itsPropertiesChangeWhenAMigrationChangesSoItRunsAgain() {
        assertThat(properties(BEFORE).get("MigrationsChecksum"))
                .isNotEqualTo(properties(AFTER).get("MigrationsChecksum"));
        Template edited = template(
                List.of(new SqlFile(
                        "V1__create_sales_orders.sql",
                        "CREATE TABLE sales.orders (order_id BIGINT, note VARCHAR(64));")),
                ORDERS);
        assertThat(properties(edited).get("MigrationsChecksum"))
                .isNotEqualTo(properties(BEFORE).get("MigrationsChecksum"));
        assertThat(properties(template(V1, ORDERS)).get("MigrationsChecksum"))
                .as("the same files, the same properties: no needless re-run, a deterministic synth")
                .isEqualTo(properties(BEFORE).get("MigrationsChecksum"));
    }

    @Test
    void carriesEachLoadersRoleTableOwnCopyRoleAndModeAndNoGlobalCopyRole() {
        assertThat(properties(BEFORE))
                .doesNotContainKey("CopyRoleArn")
                .containsEntry(
                        "Loaders",
                        List.of(Map.of(
                                "loader",
                                "orders",
                                "roleName",
                                "dev-loader-orders",
                                "table",
                                "sales.orders",
                                "copyRoleArn",
                                COPY_ROLE,
                                "mode",
                                "merge")))
                .containsEntry("ClusterIdentifier", "dev-warehouse")
                .containsEntry("Database", "analytics");
    }

    @Test
    void namesTheLoadersGroupSoAnEnvironmentDeployedBeforeItGetsAnUpdate() {
        assertThat(properties(BEFORE))
                .as("the group a WLM queue's userGroups names; a new property makes CloudFormation send an Update")
                .containsEntry("LoadersGroup", com.warehouseplatform.contract.LoaderContract.LOADERS_GROUP)
                .containsEntry("LoadersGroup", "loaders");
    }
}
