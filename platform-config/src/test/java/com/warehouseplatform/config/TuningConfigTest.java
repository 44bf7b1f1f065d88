package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** warehouse.parameters and warehouse.wlm: what is read, the WLM JSON written, every refusal, and the schema. */
class TuningConfigTest {
    static final List<BadConfigCases.Case> CASES = TuningCases.ALL;
    static final List<BadConfigCases.Case> SCHEMA_CASES =
            CASES.stream().filter(BadConfigCases.Case::schemaCanTell).toList();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA = schema();
    private static final JsonSchema SCHEMA_VALIDATOR =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SCHEMA);

    private static JsonNode schema() {
        try {
            return JSON.readTree(
                    Path.of("..", "config", "environment.schema.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EnvironmentConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, BadConfigCases.FILE, "prod");
    }

    @Test
    void readsParametersInFileOrderAsText() {
        assertThat(parse(TuningCases.VALID).warehouse().parameters())
                .containsExactly(
                        Map.entry("statement_timeout", "3600000"),
                        Map.entry("datestyle", "ISO, DMY"),
                        Map.entry("auto_analyze", "true"),
                        Map.entry("search_path", "$user, public, sales"));
        assertThat(parse(BadConfigCases.VALID).warehouse().parameters()).isEmpty();
        assertThat(parse(BadConfigCases.VALID).warehouse().wlm()).isEqualTo(WlmConfig.NONE);
    }

    @Test
    void readsWorkgroupQueryLimits() {
        EnvironmentConfig config = parse(BadConfigCases.VALID_SERVERLESS.replace(
                "maxCapacityRpus: 64",
                "maxCapacityRpus: 64\n  parameters: {max_query_execution_time: 3600, search_path: \"$user, public\"}"));

        assertThat(config.warehouse().parameters())
                .containsExactly(
                        Map.entry("max_query_execution_time", "3600"), Map.entry("search_path", "$user, public"));
    }

    @Test
    void writesAutomaticWlmJsonWithTheDefaultQueueAndSqaLast() throws IOException {
        JsonNode wlm = JSON.readTree(parse(TuningCases.VALID).warehouse().wlm().json());

        assertThat(wlm).hasSize(4);
        JsonNode etl = wlm.get(0);
        assertThat(etl.get("name").asText()).isEqualTo("etl");
        assertThat(etl.get("queue_type").asText()).isEqualTo("auto");
        assertThat(etl.get("auto_wlm").asBoolean()).isTrue();
        assertThat(etl.get("priority").asText()).isEqualTo("high");
        assertThat(etl.get("concurrency_scaling").asText()).isEqualTo("off");
        assertThat(texts(etl.get("user_group"))).containsExactly("loaders");
        assertThat(etl.get("user_group_wild_card").asInt()).isZero();
        assertThat(texts(etl.get("query_group"))).containsExactly("etl");
        assertThat(texts(etl.get("user_role"))).isEmpty();
        JsonNode abort = etl.get("rules").get(1);
        assertThat(abort.get("rule_name").asText()).isEqualTo("abort_long");
        assertThat(abort.get("action").asText()).isEqualTo("abort");
        assertThat(abort.has("value")).isFalse();
        assertThat(abort.get("predicate")).hasSize(2);
        assertThat(abort.get("predicate").get(0).get("metric_name").asText()).isEqualTo("query_execution_time");
        assertThat(abort.get("predicate").get(0).get("operator").asText()).isEqualTo(">");
        assertThat(abort.get("predicate").get(0).get("value").isNumber()).isTrue();
        assertThat(abort.get("predicate").get(0).get("value").asLong()).isEqualTo(7200);
        assertThat(abort.get("predicate").get(1).get("value").decimalValue()).isEqualByComparingTo("1.3");

        JsonNode analysts = wlm.get(1);
        assertThat(texts(analysts.get("user_role"))).containsExactly("analyst");
        assertThat(analysts.get("user_group_wild_card").asInt())
                .as("bi_* is a wildcard")
                .isOne();
        assertThat(analysts.get("concurrency_scaling").asText()).isEqualTo("auto");
        JsonNode demote = analysts.get("rules").get(0);
        assertThat(demote.get("action").asText()).isEqualTo("change_query_priority");
        assertThat(demote.get("value").asText()).isEqualTo("lowest");

        JsonNode defaultQueue = wlm.get(2);
        assertThat(defaultQueue.get("name").asText()).isEqualTo("Default queue");
        assertThat(defaultQueue.get("priority").asText()).isEqualTo("low");
        assertThat(defaultQueue.has("user_group"))
                .as("the default queue routes nothing")
                .isFalse();
        assertThat(defaultQueue.get("rules")).isEmpty();

        assertThat(wlm.get(3).get("short_query_queue").asBoolean()).isTrue();
        assertThat(wlm.get(3).get("max_execution_time").asInt()).isEqualTo(5000);
    }

    @Test
    void writesTheSameJsonEveryTime() {
        assertThat(parse(TuningCases.VALID).warehouse().wlm().json())
                .isEqualTo(parse(TuningCases.VALID).warehouse().wlm().json());
    }

    @Test
    void refusesWlmJsonLongerThanRedshiftTakes() {
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            groups.append(i == 0 ? "" : ", ").append("group_").append(i);
        }
        String yaml = TuningCases.VALID.replace("userGroups: [loaders]", "userGroups: [" + groups + "]");

        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/prod.yaml: warehouse.wlm.queues: the WLM configuration is ")
                .hasMessageContaining("characters of JSON, but wlm_json_configuration takes at most 8000");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void rejectsBadInputNamingFileKeyAndReason(BadConfigCases.Case bad) {
        assertThatThrownBy(() -> parse(bad.yaml()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith(bad.expected())));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SCHEMA_CASES")
    void theSchemaRejectsWhatItCanTell(BadConfigCases.Case bad) throws IOException {
        assertThat(SCHEMA_VALIDATOR.validate(new YAMLMapper().readTree(bad.yaml())))
                .as("schema errors for: " + bad.name())
                .isNotEmpty();
    }

    @Test
    void theSchemaAcceptsTheValidTuning() throws IOException {
        assertThat(SCHEMA_VALIDATOR.validate(new YAMLMapper().readTree(TuningCases.VALID)))
                .isEmpty();
    }

    @Test
    void theSchemaHasTheKeysAndNamesOfTheValidator() {
        JsonNode warehouse = SCHEMA.path("properties").path("warehouse").path("properties");
        JsonNode parameters = warehouse.path("parameters");
        assertThat(parameters.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(fieldNames(parameters.path("properties"))).containsExactlyElementsOf(WarehouseParameters.allNames());
        assertThat(fieldNames(parameters.path("properties")))
                .as("the security settings are refused, in the schema too")
                .doesNotContainAnyElementsOf(WarehouseParameters.REFUSED.keySet());
        JsonNode wlm = warehouse.path("wlm");
        assertThat(Set.copyOf(fieldNames(wlm.path("properties")))).isEqualTo(recordKeys(WlmConfig.class));
        JsonNode queue = wlm.path("properties").path("queues").path("items");
        assertThat(Set.copyOf(fieldNames(queue.path("properties")))).isEqualTo(recordKeys(WlmConfig.Queue.class));
        assertThat(wlm.path("properties").path("queues").path("maxItems").asInt())
                .isEqualTo(WlmConfig.MAX_QUEUES);
        JsonNode rule = queue.path("properties").path("rules").path("items");
        assertThat(Set.copyOf(fieldNames(rule.path("properties")))).isEqualTo(recordKeys(WlmConfig.Rule.class));
        JsonNode predicate = rule.path("properties").path("predicates").path("items");
        assertThat(Set.copyOf(fieldNames(predicate.path("properties"))))
                .isEqualTo(recordKeys(WlmConfig.Predicate.class));
        assertThat(texts(predicate.path("properties").path("metric").path("enum")))
                .containsExactlyElementsOf(WlmConfig.METRICS.keySet());
        assertThat(texts(rule.path("properties").path("action").path("enum")))
                .containsExactlyElementsOf(WlmConfig.ACTIONS);
        assertThat(texts(queue.path("properties").path("priority").path("enum")))
                .containsExactlyElementsOf(WlmConfig.PRIORITIES);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> recordKeys(Class<? extends Record> type) {
        Set<String> keys = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).forEach(keys::add);
        return keys;
    }
}
