package com.warehouseplatform.infra.constructs;

import com.warehouseplatform.config.SchemaMigrationFiles;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the schema migrations of {@code config/sql} at deploy time, in version order, each in one
 * transaction with its row in {@code ops.schema_migrations}. The files travel in the custom resource's
 * properties, so a new or changed file shows in the template and its review, and triggers the handler.
 */
public class SchemaMigrations extends Construct {

    public record Props(WarehouseEndpoint warehouse, IKey secretKey, List<SchemaMigrationFiles.SqlFile> files,
                        RemovalPolicy removalPolicy) {
    }

    private final CustomResource resource;

    public SchemaMigrations(Construct scope, String id, Props props) {
        super(scope, id);
        DeployTimeSqlFunction function = new DeployTimeSqlFunction(this, "Function", new DeployTimeSqlFunction.Props(
                LoaderCode.MIGRATION_HANDLER, "Applies the schema migrations of config/sql",
                props.warehouse(), props.secretKey(), props.removalPolicy()));
        Map<String, Object> properties = new HashMap<>(DeployTimeSqlFunction.target(props.warehouse()));
        properties.put("Migrations", props.files().stream()
                .map(f -> Map.of("file", f.file(), "sql", f.text())).toList());
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(function.getServiceToken())
                .resourceType("Custom::SchemaMigrations")
                .properties(properties)
                .build();
    }

    public CustomResource getResource() {
        return resource;
    }
}
