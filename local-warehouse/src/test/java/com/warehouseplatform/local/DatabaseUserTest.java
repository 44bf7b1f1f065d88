package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Statements run as the caller's database user: an IAM caller as IAMR:<role> with only its
 * grants, SecretArn and unregistered keys as the admin; COPY checks ASSUMEROLE.
 */
class DatabaseUserTest {

    private static final String ARN = "arn:aws:iam::123456789012:role/copy";
    private static final String OTHER_ARN = "arn:aws:iam::123456789012:role/other";

    private static LocalWarehouse warehouse;
    private static DataApiClient admin;
    private static DataApiClient loader;
    private static DataApiClient stranger;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults().buckets("raw"));
        warehouse.iamRole("AKIALOADER", "loader-role");
        warehouse.iamRole("AKIASTRANGER", "stranger-role");
        admin = new DataApiClient(warehouse);
        loader = new DataApiClient(warehouse, "AKIALOADER");
        stranger = new DataApiClient(warehouse, "AKIASTRANGER");
        s3 = warehouse.newS3Client();
        try (Connection connection = warehouse.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA sales");
            statement.execute("CREATE TABLE sales.orders (id INT NOT NULL, amount INT)");
            statement.execute("CREATE TABLE sales.secret (id INT)");
            statement.execute("CREATE USER \"IAMR:loader-role\"");
            statement.execute("GRANT USAGE ON SCHEMA sales TO \"IAMR:loader-role\"");
            statement.execute("GRANT SELECT, INSERT ON sales.orders TO \"IAMR:loader-role\"");
        }
        s3.putObject(
                b -> b.bucket("raw").key("orders/a.csv"),
                RequestBody.fromString("1,10\n2,x\n", StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {s3, admin, loader, stranger, warehouse}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing what started
            }
        }
    }

    @BeforeEach
    void reset() {
        admin.run("TRUNCATE sales.orders");
        admin.run("GRANT ASSUMEROLE ON ALL TO PUBLIC FOR ALL");
        admin.run("REVOKE ASSUMEROLE ON ALL FROM \"IAMR:loader-role\" FOR ALL");
    }

    @RedshiftDoc({"data-api-access", "API_GetClusterCredentialsWithIAM"})
    @Test
    void iamCallerRunsAsItsIamrUserAndOthersAsTheAdmin() {
        assertThat(loader.queryText(
                        "SELECT current_user, (SELECT rolsuper FROM pg_roles" + " WHERE rolname = current_user)"))
                .containsExactly("IAMR:loader-role|false");
        assertThat(admin.queryText("SELECT current_user")).containsExactly("postgres");
        String withSecret = loader.sdk
                .executeStatement(b -> b.clusterIdentifier("c")
                        .database(warehouse.database())
                        .secretArn("arn:aws:secretsmanager:::secret:admin")
                        .sql("SELECT current_user"))
                .id();
        loader.awaitEnd(withSecret);
        assertThat(loader.rows(withSecret).get(0).get(0).stringValue()).isEqualTo("postgres");
    }

    @RedshiftDoc({"data-api-access", "API_GetClusterCredentialsWithIAM"})
    @Test
    void unknownIamRoleGetsAUserOnFirstUseWithPublicPrivilegesOnly() {
        assertThat(stranger.queryText("SELECT current_user")).containsExactly("IAMR:stranger-role");
        DescribeStatementResponse denied = stranger.awaitEnd(stranger.submit("SELECT * FROM sales.secret"));
        assertThat(denied.status()).isEqualTo(StatusString.FAILED);
        assertThat(denied.error()).isEqualTo("ERROR: permission denied for schema sales");
    }

    @RedshiftDoc({"r_COPY", "r_GRANT"})
    @Test
    void insertWithoutTheGrantFailsLikeRedshiftAndSystemViewsStayReadable() {
        admin.run("GRANT USAGE ON SCHEMA sales TO \"IAMR:stranger-role\"");
        DescribeStatementResponse denied = stranger.awaitEnd(stranger.submit("INSERT INTO sales.orders VALUES (1, 1)"));
        assertThat(denied.status()).isEqualTo(StatusString.FAILED);
        assertThat(denied.error()).isEqualTo("ERROR: permission denied for relation orders");

        DescribeStatementResponse copy = stranger.awaitEnd(
                stranger.submit("COPY sales.orders FROM 's3://raw/orders/a.csv' IAM_ROLE '" + ARN + "' CSV"));
        assertThat(copy.status()).isEqualTo(StatusString.FAILED);
        assertThat(copy.error()).isEqualTo("ERROR: permission denied for relation orders");

        assertThat(stranger.queryText("SELECT count(*) FROM stl_load_errors")).hasSize(1);
        assertThat(stranger.queryText("SELECT count(*) FROM sys_load_error_detail"))
                .hasSize(1);
    }

    @RedshiftDoc({"cm_chap_system-tables", "r_STL_LOAD_ERRORS"})
    @Test
    void usersSeeOnlyTheirOwnLoadErrorsAndTheAdminSeesAll() {
        DescribeStatementResponse failed = loader.awaitEnd(
                loader.submit("COPY sales.orders FROM 's3://raw/orders/a.csv' IAM_ROLE '" + ARN + "' CSV"));
        assertThat(failed.status()).isEqualTo(StatusString.FAILED);
        String byQuery = "SELECT TRIM(filename), line_number, TRIM(colname), err_code FROM"
                + " stl_load_errors WHERE query = " + failed.redshiftQueryId();
        assertThat(loader.queryText(byQuery)).containsExactly("s3://raw/orders/a.csv|2|amount|1207");
        assertThat(admin.queryText(byQuery)).containsExactly("s3://raw/orders/a.csv|2|amount|1207");
        assertThat(stranger.queryText(byQuery)).isEmpty();
        assertThat(loader.queryText("SELECT count(*) FROM sys_load_error_detail WHERE user_id ="
                        + " (SELECT usesysid FROM pg_user WHERE usename = current_user)"))
                .containsExactly("1");
    }

    @RedshiftDoc({"r_GRANT-usage-notes", "r_HAS_ASSUMEROLE_PRIVILEGE"})
    @Test
    void copyNeedsAssumeRoleOnceRevokedFromPublic() {
        String copy = "COPY sales.orders FROM 's3://raw/orders/a.csv' IAM_ROLE '" + ARN + "' CSV" + " MAXERROR 2";
        assertThat(loader.run(copy).resultRows())
                .as("PUBLIC holds ASSUMEROLE by default")
                .isEqualTo(1L);

        admin.run("REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL");
        DescribeStatementResponse denied = loader.awaitEnd(loader.submit(copy));
        assertThat(denied.status()).isEqualTo(StatusString.FAILED);
        assertThat(denied.error())
                .isEqualTo("ERROR: User IAMR:loader-role does not have ASSUMEROLE" + " permission on IAM role \"" + ARN
                        + "\" for COPY");

        admin.run("GRANT ASSUMEROLE ON '" + OTHER_ARN + "' TO \"IAMR:loader-role\" FOR COPY");
        assertThat(loader.awaitEnd(loader.submit(copy)).status())
                .as("another role")
                .isEqualTo(StatusString.FAILED);
        admin.run("GRANT ASSUMEROLE ON '" + ARN + "' TO \"IAMR:loader-role\" FOR UNLOAD");
        assertThat(loader.awaitEnd(loader.submit(copy)).status())
                .as("another command")
                .isEqualTo(StatusString.FAILED);

        admin.run("GRANT ASSUMEROLE ON '" + ARN + "' TO \"IAMR:loader-role\" FOR COPY");
        assertThat(loader.run(copy).resultRows()).isEqualTo(1L);
        assertThat(stranger.awaitEnd(stranger.submit(copy.replace("sales.orders", "t")))
                        .error())
                .contains("User IAMR:stranger-role does not have ASSUMEROLE");
        assertThat(admin.run(copy).resultRows())
                .as("a superuser always holds it")
                .isEqualTo(1L);

        admin.run("REVOKE ASSUMEROLE ON '" + ARN + "' FROM \"IAMR:loader-role\" FOR COPY");
        assertThat(loader.awaitEnd(loader.submit(copy)).status()).isEqualTo(StatusString.FAILED);
    }

    @RedshiftDoc({"r_GRANT-usage-notes", "r_HAS_ASSUMEROLE_PRIVILEGE"})
    @Test
    void assumeRoleThroughAGroupAndByDefaultRole() {
        admin.run("REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL");
        admin.run("CREATE GROUP loaders");
        admin.run("ALTER GROUP loaders ADD USER \"IAMR:loader-role\"");
        String copyDefault = "COPY sales.orders FROM 's3://raw/orders/a.csv' IAM_ROLE default CSV" + " MAXERROR 2";
        admin.run("GRANT ASSUMEROLE ON '" + ARN + "', '" + OTHER_ARN + "' TO GROUP loaders FOR ALL");
        assertThat(loader.awaitEnd(loader.submit(copyDefault)).error()).contains("on IAM role \"default\" for COPY");
        admin.run("GRANT ASSUMEROLE ON default TO GROUP loaders FOR COPY");
        assertThat(loader.run(copyDefault).resultRows()).isEqualTo(1L);
        assertThat(loader.queryText("SELECT has_assumerole_privilege('" + OTHER_ARN + "', 'copy'),"
                        + " has_assumerole_privilege('arn:aws:iam::1:role/none', 'copy')"))
                .containsExactly("true|false");
        admin.run("REVOKE ASSUMEROLE ON ALL FROM GROUP loaders FOR ALL");
        admin.run("DROP GROUP loaders");
    }

    @RedshiftDoc({"r_GRANT", "r_GRANT-usage-notes", "r_REVOKE"})
    @Test
    void onlyASuperuserGrantsAssumeRoleAndAGrantRollsBackWithItsBatch() {
        DescribeStatementResponse denied =
                loader.awaitEnd(loader.submit("GRANT ASSUMEROLE ON ALL TO \"IAMR:loader-role\" FOR ALL"));
        assertThat(denied.status()).isEqualTo(StatusString.FAILED);
        assertThat(denied.error()).contains("only a superuser can grant the ASSUMEROLE privilege");
        assertThat(admin.awaitEnd(admin.submit("GRANT ASSUMEROLE ON ALL TO nobody FOR COPY"))
                        .error())
                .isEqualTo("ERROR: user \"nobody\" does not exist");

        admin.run("REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL");
        DescribeStatementResponse rolledBack =
                admin.runBatch("GRANT ASSUMEROLE ON '" + ARN + "' TO \"IAMR:loader-role\" FOR COPY", "SELECT 1/0");
        assertThat(rolledBack.status()).isEqualTo(StatusString.FAILED);
        assertThat(loader.awaitEnd(loader.submit("COPY sales.orders FROM 's3://raw/orders/a.csv'" + " IAM_ROLE '" + ARN
                                + "' CSV MAXERROR 2"))
                        .status())
                .isEqualTo(StatusString.FAILED);
    }

    @RedshiftDoc({"data-api-access", "API_GetClusterCredentialsWithIAM"})
    @Test
    void aUserCannotSwitchBackToTheAdmin() {
        DescribeStatementResponse reset = loader.awaitEnd(loader.submit("SET SESSION AUTHORIZATION postgres"));
        assertThat(reset.status()).isEqualTo(StatusString.FAILED);
        assertThat(reset.error()).contains("permission denied");
    }
}
