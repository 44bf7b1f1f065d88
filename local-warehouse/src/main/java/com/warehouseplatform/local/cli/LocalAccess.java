package com.warehouseplatform.local.cli;

import com.warehouseplatform.config.AccessConfig;
import com.warehouseplatform.loader.AccessHandler;
import com.warehouseplatform.loader.SecretReader;
import com.warehouseplatform.loader.Sleeper;
import com.warehouseplatform.local.LocalPlatform;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment's {@code access} applied to the local warehouse by the deploy's own access step
 * ({@link AccessHandler}, through the local Data API as the admin), so that a grant can be checked on a laptop
 * before it ships. Secrets Manager is not served locally: each service user gets a password made for this session
 * (through {@link SecretReader}, as the deployed step reads the user's secret). Every role gets the database
 * identity an IAM sign-in would have ({@code IAMR:<env>-warehouse-<role>}, {@link AccessConfig#signInDatabaseUser}),
 * whether or not the role has {@code signIn}, so that each role can be tried on its own.
 */
final class LocalAccess {
    private static final String SECRET_PREFIX = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:local-";
    private static final String PASSWORD_CHARACTERS =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"; // no quote, backslash, slash, @ or space

    /** One identity to sign in with: a service user (with its session password) or a role's sign-in user. */
    record Login(String kind, String name, String databaseUser, String password, List<String> roles) {}

    private LocalAccess() {}

    /** Applies {@code access} and returns the logins it made, users first, then one per role. */
    static List<Login> apply(LocalPlatform platform, String environment, AccessConfig access) {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        access.users().forEach(user -> passwords.put(user.name(), password(random)));

        List<Map<String, Object>> roles = new ArrayList<>();
        for (AccessConfig.Role role : access.roles()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", role.name());
            item.put("read", role.read());
            item.put("write", role.write());
            item.put("signInUser", AccessConfig.signInDatabaseUser(environment, role.name()));
            roles.add(item);
        }
        List<Map<String, Object>> users = new ArrayList<>();
        for (AccessConfig.User user : access.users()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", user.name());
            item.put("roles", user.roles());
            item.put("secretArn", SECRET_PREFIX + user.name());
            users.add(item);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ClusterIdentifier", LocalPlatform.CLUSTER);
        properties.put("Database", platform.warehouse().database());
        properties.put("SecretArn", LocalPlatform.ADMIN_SECRET_ARN);
        properties.put("Roles", roles);
        properties.put("Users", users);
        // the migrations run as the local admin: the tables they create later get the roles' default privileges
        properties.put("TableOwners", List.of(LocalPlatform.ADMIN_USER));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", "Create");
        event.put("ResourceProperties", properties);

        SecretReader sessionPasswords = (secretArn, user) -> {
            String password = passwords.get(user);
            if (password == null || !secretArn.equals(SECRET_PREFIX + user)) {
                throw new IllegalStateException("no session password for user " + user);
            }
            return password;
        };
        new AccessHandler(platform.dataApi(), sessionPasswords, Clock.systemUTC(), Sleeper.system())
                .handleRequest(event, null);

        List<Login> logins = new ArrayList<>();
        access.users()
                .forEach(user -> logins.add(
                        new Login("user", user.name(), user.name(), passwords.get(user.name()), user.roles())));
        access.roles()
                .forEach(role -> logins.add(new Login(
                        "role",
                        role.name(),
                        AccessConfig.signInDatabaseUser(environment, role.name()),
                        null,
                        List.of(role.name()))));
        return logins;
    }

    /**
     * 24 characters that need no escaping in a connection string, with the upper-case letter, lower-case letter
     * and digit that CREATE USER asks of a password.
     */
    private static String password(SecureRandom random) {
        StringBuilder password = new StringBuilder("A");
        for (int i = 0; i < 21; i++) {
            password.append(PASSWORD_CHARACTERS.charAt(random.nextInt(PASSWORD_CHARACTERS.length())));
        }
        return password.append("z7").toString();
    }
}
