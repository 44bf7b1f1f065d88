package com.warehouseplatform.config;

import java.util.List;

/**
 * Who reads the warehouse ({@code access} in config/&lt;env&gt;.yaml): Redshift roles with the schemas they read and
 * write, the IAM principals that may sign in as a role, and database users for services whose passwords live in
 * Secrets Manager. The deploy-time access step makes the warehouse match it, revoking what was removed.
 */
public record AccessConfig(List<Role> roles, List<User> users) {
    /** No roles and no users: the platform manages no access beyond the admin and the loaders. */
    public static final AccessConfig NONE = new AccessConfig(List.of(), List.of());

    /** The default of {@code users[i].rotationDays}. */
    public static final int DEFAULT_ROTATION_DAYS = 30;

    /**
     * A Redshift role (RBAC).
     *
     * @param read schemas it may use and SELECT from (every table and view, now and later)
     * @param write schemas where it may also INSERT, UPDATE and DELETE; each is also in {@code read}
     * @param signIn the IAM principals that may sign in as this role with temporary credentials, or {@code null}
     */
    public record Role(String name, List<String> read, List<String> write, SignIn signIn) {}

    /** @param principals IAM role or user ARNs that may assume the role's sign-in IAM role */
    public record SignIn(List<String> principals) {}

    /** A database user for a service: password generated into Secrets Manager, rotated every {@code rotationDays}. */
    public record User(String name, List<String> roles, int rotationDays) {}

    /** The IAM role people assume to sign in as {@code role}: {@code <env>-warehouse-<role>}. */
    public static String signInRoleName(String environment, String role) {
        return environment + "-warehouse-" + role;
    }

    /**
     * The database user a person signed in through that IAM role is: {@code IAMR:<IAM role name>}, the identity
     * GetClusterCredentialsWithIAM and Redshift Serverless GetCredentials map an IAM role to.
     */
    public static String signInDatabaseUser(String environment, String role) {
        return "IAMR:" + signInRoleName(environment, role);
    }

    public boolean isEmpty() {
        return roles.isEmpty() && users.isEmpty();
    }
}
