package com.warehouseplatform.infra;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.SchemaMigrationFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The platform of a configuration file, built once per test run and shared by the tests (synth costs seconds). */
public final class Platforms {
    public static final Path CONFIG = Path.of("..", "config");
    private static final Map<String, Built> CACHE = new ConcurrentHashMap<>();

    /** One built environment with its templates. */
    public record Built(EnvironmentConfig config, WarehousePlatform platform) {
        public Template template(Stack stack) {
            return Template.fromStack(stack);
        }

        public Template network() {
            return template(platform.network());
        }

        public Template dataLake() {
            return template(platform.dataLake());
        }

        public Template warehouse() {
            return template(platform.warehouse());
        }

        public Template loaders() {
            return template(platform.loaders());
        }
    }

    private Platforms() {}

    /** The environment of {@code config/<env>.yaml}. */
    public static Built of(String env) {
        return CACHE.computeIfAbsent(env, e -> build(ConfigLoader.load(CONFIG, e)));
    }

    /** {@code config/<env>.yaml} with an edit applied to its text, for variants such as protect off. */
    public static Built variant(String env, String variantName, UnaryOperator<String> edit) {
        return CACHE.computeIfAbsent(env + "/" + variantName, e -> {
            String text = edit.apply(read(env));
            return build(ConfigLoader.parse(text, "config/" + env + ".yaml (" + variantName + ")", env));
        });
    }

    /**
     * {@code config/<env>.yaml}, checked to carry the example access section ({@link AccessExample}): cdk-nag
     * (SecurityChecksTest) and the Control Tower controls (EnvironmentControlsTest) cover the access infra through it.
     */
    public static Built withAccess(String env) {
        AccessExample.config(env);
        return of(env);
    }

    /** {@code config/<env>.yaml} without its access section ({@link AccessExample#withoutAccess}). */
    public static Built withoutAccess(String env) {
        return CACHE.computeIfAbsent(env + "/no-access", e -> build(AccessExample.withoutAccess(env)));
    }

    public static List<String> environmentNames() {
        try (var files = Files.list(CONFIG)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(String env) {
        try {
            return Files.readString(CONFIG.resolve(env + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Built build(EnvironmentConfig config) {
        App app = WarehousePlatform.newApp(Map.of());
        return new Built(config, WarehousePlatform.build(app, config, SchemaMigrationFiles.load(CONFIG)));
    }
}
