package com.warehouseplatform.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.local.RedshiftDoc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CLI applies config/dev.yaml's {@code access} (role analyst reading sales and web, user tableau with it) and
 * {@code --serve} prints a connection string for each user and role that signs in with exactly that access.
 */
class LocalAccessCliTest {
    private static final Path CONFIG = Path.of("..", "config");
    private static final Path SAMPLES = Path.of("..", "samples", "data");
    private static final Pattern LOGIN = Pattern.compile(
            "(user|role) (\\S+) \\(([^)]*)\\): psql \"postgresql://([^:@]+)(?::([^@]+))?@(127\\.0\\.0\\.1:\\d+/\\w+)"
                    + "\\?sslmode=require\"");

    @Test
    @RedshiftDoc({"r_GRANT", "r_CREATE_USER"})
    void servesAConnectionStringPerUserAndRoleThatReadsWhatTheRoleReadsAndNothingElse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> seen = new LinkedHashMap<>();
        LocalWarehouseCli.Serving check = () -> {
            for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
                Matcher login = LOGIN.matcher(line);
                if (!login.matches()) {
                    continue;
                }
                String user = URLDecoder.decode(login.group(4), StandardCharsets.UTF_8);
                String url = "jdbc:postgresql://" + login.group(6) + "?sslmode=require";
                String who = login.group(1) + " " + login.group(2);
                seen.put(who, user);
                try (Connection c = DriverManager.getConnection(url, user, login.group(5))) {
                    assertThat(count(c, "SELECT count(*) FROM sales.orders"))
                            .as(who + " reads sales")
                            .isEqualTo(4);
                    assertThat(count(c, "SELECT count(*) FROM web.events"))
                            .as(who + " reads web")
                            .isEqualTo(3);
                    assertThatThrownBy(
                                    () -> c.createStatement().execute("INSERT INTO sales.orders (order_id) VALUES (9)"))
                            .as(who + " writes nothing")
                            .hasMessageContaining("permission denied");
                    assertThatThrownBy(() -> count(c, "SELECT count(*) FROM ops.load_ledger"))
                            .as(who + " reads no ops")
                            .hasMessageContaining("permission denied");
                } catch (SQLException e) {
                    throw new AssertionError(who + ": " + e.getMessage(), e);
                }
            }
        };

        int status = LocalWarehouseCli.run(
                new String[] {"--env", "dev", "--config", CONFIG.toString(), "--data", SAMPLES.toString(), "--serve"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                check);

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("applied access: 1 role(s), 1 user(s)");
        assertThat(seen)
                .containsExactly(
                        Map.entry("user tableau", "tableau"), Map.entry("role analyst", "IAMR:dev-warehouse-analyst"));
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("user tableau")))
                .singleElement()
                .asString()
                .as("a password made for the session")
                .matches(".*tableau:A[A-Za-z0-9]{21}z7@.*");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
