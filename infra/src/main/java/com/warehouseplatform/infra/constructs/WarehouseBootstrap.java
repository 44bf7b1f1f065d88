package com.warehouseplatform.infra.constructs;

import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares the warehouse for the loaders at deploy time, through the Data API with the admin secret:
 * the ops schema and ledger, one database user per loader role ({@code IAMR:<role>}) and its grants.
 * Idempotent: every deploy runs it again harmlessly, and a new loader gets its user and grants.
 */
public class WarehouseBootstrap extends Construct {

    /** A loader's role and the table it loads. */
    public record LoaderGrant(String roleName, String table) {
    }

    public record Props(WarehouseEndpoint warehouse, IKey secretKey, List<LoaderGrant> loaders,
                        RemovalPolicy removalPolicy) {
    }

    private final CustomResource resource;

    public WarehouseBootstrap(Construct scope, String id, Props props) {
        super(scope, id);
        DeployTimeSqlFunction function = new DeployTimeSqlFunction(this, "Function", new DeployTimeSqlFunction.Props(
                LoaderCode.BOOTSTRAP_HANDLER, "Creates the ops schema, the ledger, and the loaders' users and grants",
                props.warehouse(), props.secretKey(), props.removalPolicy()));
        Map<String, Object> properties = new HashMap<>(DeployTimeSqlFunction.target(props.warehouse()));
        properties.put("Loaders", props.loaders().stream()
                .map(l -> Map.of("roleName", l.roleName(), "table", l.table())).toList());
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(function.getServiceToken())
                .resourceType("Custom::WarehouseBootstrap")
                .properties(properties)
                .build();
    }

    public CustomResource getResource() {
        return resource;
    }
}
