package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.SchemaMigrationFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * Applies the schema migrations of {@code config/sql} at deploy time, in version order, each in one
 * transaction with its row in {@code ops.schema_migrations}. The files travel in the custom resource's
 * properties, so a new or changed file shows in the template and its review, and triggers the handler.
 * The files were checked at synth (SchemaMigrationFiles, with the handler's own rules); the handler checks
 * them again before it sends any statement.
 */
public class SchemaMigrations extends Construct {

    public record Props(
            WarehouseEndpoint warehouse,
            IKey secretKey,
            List<SchemaMigrationFiles.SqlFile> files,
            /* where the migration function and its provider log */ StackLogs logs) {}

    private final CustomResource resource;
    private final String checksum;

    public SchemaMigrations(Construct scope, String id, Props props) {
        super(scope, id);
        DeployTimeSqlFunction function = new DeployTimeSqlFunction(
                this,
                "Function",
                new DeployTimeSqlFunction.Props(
                        LoaderCode.MIGRATION_HANDLER,
                        "Applies the schema migrations of config/sql",
                        props.warehouse(),
                        props.secretKey(),
                        props.logs()));
        Map<String, Object> properties = new LinkedHashMap<>(DeployTimeSqlFunction.target(props.warehouse()));
        properties.put(
                "Migrations",
                props.files().stream().map(SchemaMigrations::property).toList());
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(function.getServiceToken())
                .resourceType("Custom::SchemaMigrations")
                .properties(properties)
                .build();
        checksum = checksum(props.files());
    }

    private static Map<String, Object> property(SchemaMigrationFiles.SqlFile file) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("file", file.file());
        item.put("sql", file.text());
        return item;
    }

    /** SHA-256 over every file's name and text (line endings normalized, as the handler's checksum). */
    static String checksum(List<SchemaMigrationFiles.SqlFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (SchemaMigrationFiles.SqlFile file : files) {
                digest.update((file.file() + "\n" + file.text().replace("\r\n", "\n") + "\0")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public CustomResource getResource() {
        return resource;
    }

    /** Changes whenever a migration file is added or changed: what the bootstrap re-runs on. */
    public String getChecksum() {
        return checksum;
    }
}
