package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.warehouseplatform.contract.LoaderContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Keeps config/environment.schema.json (for editor completion) equal to the validator: the same keys
 * at every level as the typed configuration, no unknown keys allowed, every shipped file valid under
 * both, and every bad case the schema can express rejected by both.
 */
class ConfigSchemaTest {
    private static final Path SCHEMA = Path.of("..", "config", "environment.schema.json");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNode SCHEMA_TREE = read();
    private static final JsonSchema SCHEMA_VALIDATOR =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SCHEMA_TREE);

    static final List<BadConfigCases.Case> SCHEMA_CASES = BadConfigCases.ALL.stream()
            .filter(BadConfigCases.Case::schemaCanTell)
            .toList();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(SCHEMA.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<ValidationMessage> schemaErrors(String yaml) throws IOException {
        return SCHEMA_VALIDATOR.validate(YAML.readTree(yaml));
    }

    private static Set<String> schemaKeys(JsonNode object) {
        assertThat(object.path("additionalProperties").asBoolean(true))
                .as("unknown keys are errors in the schema too")
                .isFalse();
        Set<String> keys = new TreeSet<>();
        object.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> recordKeys(Class<? extends Record> type, String... extra) {
        Set<String> keys = new TreeSet<>(List.of(extra));
        Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).forEach(keys::add);
        return keys;
    }

    @Test
    void namesTheCompliancePacksTheValidatorAccepts() {
        List<String> names = new ArrayList<>();
        SCHEMA_TREE
                .path("properties")
                .path("compliance")
                .path("items")
                .path("enum")
                .forEach(n -> names.add(n.asText()));
        assertThat(names).isEqualTo(CompliancePack.configNames());
    }

    @Test
    void hasTheKeysOfTheTypedConfigurationAtEveryLevel() {
        JsonNode properties = SCHEMA_TREE.path("properties");
        assertThat(schemaKeys(SCHEMA_TREE)).isEqualTo(recordKeys(EnvironmentConfig.class));
        assertThat(schemaKeys(properties.path("network"))).isEqualTo(recordKeys(NetworkConfig.class));
        assertThat(schemaKeys(properties.path("network").path("properties").path("existingVpc")))
                .isEqualTo(recordKeys(NetworkConfig.ExistingVpc.class));
        assertThat(schemaKeys(properties.path("dataLake"))).isEqualTo(recordKeys(DataLakeConfig.class));
        assertThat(schemaKeys(properties.path("warehouse"))).isEqualTo(recordKeys(WarehouseConfig.class));
        assertThat(schemaKeys(properties.path("alerts"))).isEqualTo(recordKeys(AlertsConfig.class));
        JsonNode events = properties.path("alerts").path("properties").path("warehouseEvents");
        assertThat(schemaKeys(events)).isEqualTo(recordKeys(WarehouseEventsConfig.class));
        List<String> categories = new ArrayList<>();
        events.path("properties")
                .path("categories")
                .path("items")
                .path("enum")
                .forEach(c -> categories.add(c.asText()));
        assertThat(categories).isEqualTo(WarehouseEventsConfig.CATEGORIES);
        List<String> severities = new ArrayList<>();
        events.path("properties").path("severity").path("enum").forEach(s -> severities.add(s.asText()));
        assertThat(severities).isEqualTo(WarehouseEventsConfig.SEVERITIES);
        assertThat(schemaKeys(properties.path("deployment"))).isEqualTo(recordKeys(DeploymentConfig.class));
        assertThat(schemaKeys(properties.path("logs"))).isEqualTo(recordKeys(LogsConfig.class));
        assertThat(schemaKeys(properties.path("warehouse").path("properties").path("operations")))
                .isEqualTo(recordKeys(ClusterOperationsConfig.class));
        JsonNode loader = properties.path("loaders").path("items");
        assertThat(schemaKeys(loader)).isEqualTo(recordKeys(LoaderConfig.class));
        assertThat(schemaKeys(loader.path("properties").path("format")))
                .isEqualTo(recordKeys(LoaderConfig.Format.class));
    }

    @Test
    void hasTheKeysAndRulesOfTheAccessSection() {
        JsonNode access = SCHEMA_TREE.path("properties").path("access");
        assertThat(schemaKeys(access)).isEqualTo(recordKeys(AccessConfig.class));
        JsonNode role = access.path("properties").path("roles").path("items");
        JsonNode user = access.path("properties").path("users").path("items");
        assertThat(schemaKeys(role)).isEqualTo(recordKeys(AccessConfig.Role.class));
        assertThat(schemaKeys(role.path("properties").path("signIn"))).isEqualTo(recordKeys(AccessConfig.SignIn.class));
        assertThat(schemaKeys(user)).isEqualTo(recordKeys(AccessConfig.User.class));
        for (JsonNode name : List.of(
                role.path("properties").path("name"), user.path("properties").path("name"))) {
            assertThat(name.path("pattern").asText()).isEqualTo("^" + AccessConfig.NAME.pattern() + "$");
        }
        assertThat(role.path("properties")
                        .path("signIn")
                        .path("properties")
                        .path("principals")
                        .path("items")
                        .path("pattern")
                        .asText())
                .isEqualTo("^" + AccessConfig.PRINCIPAL.pattern() + "$");
        for (String list : List.of("read", "write")) {
            JsonNode items = role.path("properties").path(list).path("items");
            assertThat(items.path("pattern").asText()).isEqualTo("^" + LoaderContract.IDENTIFIER.pattern() + "$");
            assertThat(items.path("not").path("const").asText()).isEqualTo(AccessConfig.OPS_SCHEMA);
        }
        JsonNode days = user.path("properties").path("rotationDays");
        assertThat(List.of(
                        days.path("minimum").asInt(),
                        days.path("maximum").asInt(),
                        days.path("default").asInt()))
                .containsExactly(
                        AccessConfig.MIN_ROTATION_DAYS,
                        AccessConfig.MAX_ROTATION_DAYS,
                        AccessConfig.DEFAULT_ROTATION_DAYS);
    }

    @Test
    void listsTheSameNodeTypesAndDefaults() {
        JsonNode warehouse = SCHEMA_TREE.path("properties").path("warehouse").path("properties");
        List<String> nodeTypes = new ArrayList<>();
        warehouse.path("nodeType").path("enum").forEach(n -> nodeTypes.add(n.asText()));
        assertThat(nodeTypes).containsExactlyInAnyOrderElementsOf(WarehouseConfig.NODE_TYPES.keySet());
        assertThat(warehouse.path("maintenanceWindow").path("default").asText())
                .isEqualTo(WarehouseConfig.DEFAULT_MAINTENANCE_WINDOW);
        JsonNode lake = SCHEMA_TREE.path("properties").path("dataLake").path("properties");
        assertThat(lake.path("transitionToGlacierDays").path("default").asInt())
                .isEqualTo(DataLakeConfig.DEFAULTS.transitionToGlacierDays());
    }

    @Test
    void listsTheLogRetentionsCloudWatchLogsAccepts() {
        List<Integer> days = new ArrayList<>();
        SCHEMA_TREE
                .path("properties")
                .path("logs")
                .path("properties")
                .path("retentionDays")
                .path("enum")
                .forEach(n -> days.add(n.asInt()));
        assertThat(days).isEqualTo(LogsConfig.RETENTION_DAYS);
    }

    /** The schema states the loader contract's choices and ranges, not a copy that could drift. */
    @Test
    void listsTheLoaderContractsChoicesAndRanges() {
        JsonNode loader =
                SCHEMA_TREE.path("properties").path("loaders").path("items").path("properties");
        assertThat(texts(loader.path("format").path("properties").path("type").path("enum")))
                .isEqualTo(LoaderContract.FORMATS);
        assertThat(texts(loader.path("format")
                        .path("properties")
                        .path("compression")
                        .path("enum")))
                .isEqualTo(LoaderContract.COMPRESSIONS);
        assertThat(texts(loader.path("mode").path("enum"))).isEqualTo(LoaderContract.MODES);
        assertThat(loader.path("name").path("pattern").asText()).isEqualTo("^" + LoaderContract.NAME.pattern() + "$");
        assertThat(loader.path("orderBy").path("items").path("pattern").asText())
                .isEqualTo("^" + LoaderContract.IDENTIFIER.pattern() + "$");
        for (var range : List.of(
                List.of("maxErrors", LoaderContract.MAX_ERRORS),
                List.of("maxFilesPerRun", LoaderContract.MAX_FILES_PER_RUN))) {
            JsonNode key = loader.path((String) range.get(0));
            LoaderContract.Range r = (LoaderContract.Range) range.get(1);
            assertThat(List.of(
                            key.path("minimum").asLong(),
                            key.path("maximum").asLong(),
                            key.path("default").asLong()))
                    .as((String) range.get(0))
                    .containsExactly(r.min(), r.max(), r.defaultValue());
        }
    }

    /** The schema's delimiter pattern and the contract's delimiter rule accept the same delimiters. */
    @Test
    void acceptsTheDelimitersTheContractAccepts() throws IOException {
        for (String delimiter :
                List.of(",", "|", ";", " ", "~", "\t", "\\t", "\\", "\"", "\n", "\r", ";;", "", "\u0001", "\u00a7")) {
            String yaml =
                    BadConfigCases.VALID.replace("delimiter: \",\"", "delimiter: " + YAML_QUOTED.apply(delimiter));
            boolean contract = LoaderContract.delimiterProblem(LoaderContract.delimiter(delimiter)) == null;
            assertThat(schemaErrors(yaml).isEmpty())
                    .as("delimiter \"" + LoaderContract.printable(delimiter) + "\"")
                    .isEqualTo(contract);
        }
    }

    private static final java.util.function.UnaryOperator<String> YAML_QUOTED = v -> "\""
            + v.replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("\t", "\\t")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r")
                    .replace("\u0001", "\\x01")
            + "\"";

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    @Test
    void acceptsEveryShippedEnvironmentFile() throws IOException {
        try (var files = Files.list(Path.of("..", "config"))) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(yamls).isNotEmpty();
            for (Path file : yamls) {
                assertThat(schemaErrors(Files.readString(file)))
                        .as(file.toString())
                        .isEmpty();
            }
        }
    }

    @Test
    void acceptsTheValidExamples() throws IOException {
        assertThat(schemaErrors(BadConfigCases.VALID)).isEmpty();
        assertThat(schemaErrors(BadConfigCases.VALID_SERVERLESS)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SCHEMA_CASES")
    void rejectsWhatTheValidatorRejects(BadConfigCases.Case bad) throws IOException {
        assertThat(schemaErrors(bad.yaml()))
                .as("schema errors for: " + bad.name())
                .isNotEmpty();
    }

    @Test
    void refusesMoreLoadersThanTheWarehouseHasIamRolesFor() throws IOException {
        assertThat(schemaErrors(BadConfigCases.withLoaders(BadConfigCases.VALID, EnvironmentConfig.MAX_LOADERS)))
                .isEmpty();
        assertThat(schemaErrors(BadConfigCases.withLoaders(BadConfigCases.VALID, EnvironmentConfig.MAX_LOADERS + 1)))
                .singleElement()
                .asString()
                .contains("loaders")
                .contains("50");
        assertThat(SCHEMA_TREE
                        .path("properties")
                        .path("loaders")
                        .path("maxItems")
                        .asInt())
                .isEqualTo(EnvironmentConfig.MAX_LOADERS);
    }
}
