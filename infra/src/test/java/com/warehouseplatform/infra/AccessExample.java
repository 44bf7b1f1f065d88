package com.warehouseplatform.infra;

import com.warehouseplatform.config.AccessConfig;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import java.util.List;

/**
 * The example {@code access} section (role analyst reading sales and web, signed in to by DataAnalysts; service
 * user tableau with the analyst role, rotated every 30 days), which every file of config/ carries; and a file of
 * config/ without it, for what the platform makes when nothing is configured.
 */
public final class AccessExample {
    public static final String PRINCIPAL = "arn:aws:iam::123456789012:role/DataAnalysts";
    public static final AccessConfig ACCESS = new AccessConfig(
            List.of(new AccessConfig.Role(
                    "analyst", List.of("sales", "web"), List.of(), new AccessConfig.SignIn(List.of(PRINCIPAL)))),
            List.of(new AccessConfig.User("tableau", List.of("analyst"), 30)));

    private AccessExample() {}

    /** {@code config/<env>.yaml}, checked to carry {@link #ACCESS}. */
    public static EnvironmentConfig config(String env) {
        EnvironmentConfig c = ConfigLoader.load(Platforms.CONFIG, env);
        if (!c.access().equals(ACCESS)) {
            throw new IllegalStateException(
                    "config/" + env + ".yaml no longer carries the example access: " + c.access());
        }
        return c;
    }

    /** {@code config/<env>.yaml} with no access section. */
    public static EnvironmentConfig withoutAccess(String env) {
        EnvironmentConfig c = ConfigLoader.load(Platforms.CONFIG, env);
        return new EnvironmentConfig(
                c.name(),
                c.account(),
                c.region(),
                c.protect(),
                c.tags(),
                c.network(),
                c.dataLake(),
                c.warehouse(),
                c.alerts(),
                c.loaders(),
                c.deployment(),
                c.logs(),
                AccessConfig.NONE,
                c.compliance());
    }
}
