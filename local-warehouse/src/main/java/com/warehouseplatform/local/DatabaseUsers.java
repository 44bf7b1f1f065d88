package com.warehouseplatform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a Data API request runs as, and connections as that database user.
 *
 * <p>As in Redshift ("Authorizing access to the Data API"): with SecretArn the secret's user
 * (here always the admin, a superuser); with DbUser that user, which must exist; otherwise the
 * caller's IAM identity, whose role {@code R} maps to the database user {@code IAMR:R}, created
 * on first use with no privileges beyond PUBLIC's (GetClusterCredentialsWithIAM, serverless
 * GetCredentials). The local endpoint learns the caller's role from the SigV4 access key id
 * registered with {@link #iamRole}; a request from an unregistered key runs as the admin, so
 * that psql-style use of the CLI and older tests keep working.
 */
final class DatabaseUsers {

    private final LocalPostgres postgres;
    private final Map<String, String> roleByAccessKey = new ConcurrentHashMap<>();
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    DatabaseUsers(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    /** Requests signed with {@code accessKeyId} come from the IAM role {@code roleName}. */
    void iamRole(String accessKeyId, String roleName) {
        if (accessKeyId == null || accessKeyId.isBlank() || roleName == null || roleName.isBlank()) {
            throw new IllegalArgumentException("an access key id and a role name are required");
        }
        roleByAccessKey.put(accessKeyId, roleName);
    }

    /** The IAM role mapped to this access key, or null. */
    String roleOf(String accessKeyId) {
        return accessKeyId == null ? null : roleByAccessKey.get(accessKeyId);
    }

    /**
     * The database user of a request: null for the admin, else the user name and whether it
     * is created on first use (IAM users are, DbUser ones are not).
     */
    DataApiStatement.RunAs resolve(String accessKeyId, String secretArn, String dbUser) {
        if (secretArn != null) {
            return null;
        }
        if (dbUser != null) {
            return new DataApiStatement.RunAs(dbUser, false);
        }
        String role = roleOf(accessKeyId);
        return role == null ? null : new DataApiStatement.RunAs("IAMR:" + role, true);
    }

    /** A connection as the statement's user (the admin when {@code runAs} is null). */
    Connection connect(DataApiStatement.RunAs runAs) throws SQLException {
        if (runAs == null) {
            return postgres.connect();
        }
        if (runAs.createOnFirstUse()) {
            ensureExists(runAs.user());
        }
        return postgres.connectAs(runAs.user());
    }

    private void ensureExists(String user) throws SQLException {
        if (created.contains(user)) {
            return;
        }
        synchronized (this) {
            try (Connection admin = postgres.connect();
                    PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                exists.setString(1, user);
                boolean found;
                try (ResultSet rs = exists.executeQuery()) {
                    found = rs.next();
                }
                if (!found) {
                    try (Statement create = admin.createStatement()) {
                        create.execute("CREATE USER " + LocalPostgres.quoteIdentifier(user));
                    }
                }
            }
            created.add(user);
        }
    }
}
