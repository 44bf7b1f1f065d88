package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.warehouseplatform.infra.Platforms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * warehouse.parameters and warehouse.wlm in the templates: config/prod.yaml's parameter group carries the security
 * settings, its parameters and its WLM JSON, exactly and in order; a Serverless workgroup its config parameters; an
 * environment without either keeps the two security settings alone.
 */
class TuningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Template PROD = Platforms.of("prod").warehouse();
    private static final Template DEV = Platforms.of("dev").warehouse();
    private static final Template STAGING_TUNED = Platforms.variant(
                    "staging",
                    "workgroup parameters",
                    text -> replaceOnce(
                            text,
                            "  allowedCidrs:",
                            "  parameters: {max_query_execution_time: 3600, auto_mv: false, search_path: \"$user, public\"}\n"
                                    + "  allowedCidrs:"))
            .warehouse();

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Template template, String type, String property) {
        Map<String, Map<String, Object>> resources = template.findResources(type);
        assertThat(resources).hasSize(1);
        Map<String, Object> properties =
                (Map<String, Object>) resources.values().iterator().next().get("Properties");
        return (List<Map<String, Object>>) properties.get(property);
    }

    private static List<String> names(List<Map<String, Object>> parameters, String key) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add((String) p.get(key)));
        return names;
    }

    @Test
    void theClusterParameterGroupCarriesTheSecuritySettingsTheParametersAndTheWlmInOrder() {
        List<Map<String, Object>> parameters = list(PROD, "AWS::Redshift::ClusterParameterGroup", "Parameters");

        assertThat(names(parameters, "ParameterName"))
                .containsExactly(
                        "require_ssl", "enable_user_activity_logging", "statement_timeout", "wlm_json_configuration");
        assertThat(parameters.get(0)).containsEntry("ParameterValue", "true");
        assertThat(parameters.get(1)).containsEntry("ParameterValue", "true");
        assertThat(parameters.get(2)).containsEntry("ParameterValue", "14400000");
    }

    @Test
    void theWlmJsonIsAutomaticWlmWithTheConfiguredQueuesAndRules() throws IOException {
        List<Map<String, Object>> parameters = list(PROD, "AWS::Redshift::ClusterParameterGroup", "Parameters");
        String value = (String) parameters.get(3).get("ParameterValue");
        JsonNode wlm = JSON.readTree(value);

        assertThat(value.length())
                .as("wlm_json_configuration takes at most 8000 characters")
                .isLessThanOrEqualTo(8000);
        assertThat(wlm).hasSize(4);
        JsonNode etl = wlm.get(0);
        assertThat(etl.get("name").asText()).isEqualTo("etl");
        assertThat(etl.get("queue_type").asText()).isEqualTo("auto");
        assertThat(etl.get("auto_wlm").asBoolean()).isTrue();
        assertThat(etl.get("priority").asText()).isEqualTo("high");
        assertThat(etl.get("user_group").get(0).asText()).isEqualTo("loaders");
        assertThat(etl.get("query_group").get(0).asText()).isEqualTo("etl");
        JsonNode abort = etl.get("rules").get(0);
        assertThat(abort.get("rule_name").asText()).isEqualTo("abort_runaway_etl");
        assertThat(abort.get("action").asText()).isEqualTo("abort");
        assertThat(abort.get("predicate").get(0).get("metric_name").asText()).isEqualTo("query_execution_time");
        assertThat(abort.get("predicate").get(0).get("operator").asText()).isEqualTo(">");
        assertThat(abort.get("predicate").get(0).get("value").asInt()).isEqualTo(7200);

        JsonNode analysts = wlm.get(1);
        assertThat(analysts.get("user_role").get(0).asText()).isEqualTo("analyst");
        assertThat(analysts.get("concurrency_scaling").asText()).isEqualTo("auto");
        assertThat(analysts.get("rules")).hasSize(3);
        assertThat(analysts.get("rules").get(1).get("action").asText()).isEqualTo("change_query_priority");
        assertThat(analysts.get("rules").get(1).get("value").asText()).isEqualTo("low");

        assertThat(wlm.get(2).get("name").asText()).isEqualTo("Default queue");
        assertThat(wlm.get(2).get("queue_type").asText()).isEqualTo("auto");
        assertThat(wlm.get(2).has("user_group")).isFalse();
        assertThat(wlm.get(3).get("short_query_queue").asBoolean()).isTrue();
    }

    @Test
    void anEnvironmentWithoutTuningKeepsTheSecuritySettingsAlone() {
        assertThat(list(DEV, "AWS::Redshift::ClusterParameterGroup", "Parameters"))
                .containsExactly(
                        Map.of("ParameterName", "require_ssl", "ParameterValue", "true"),
                        Map.of("ParameterName", "enable_user_activity_logging", "ParameterValue", "true"));
    }

    @Test
    void theWorkgroupCarriesTheSecuritySettingsThenItsParameters() {
        assertThat(list(STAGING_TUNED, "AWS::RedshiftServerless::Workgroup", "ConfigParameters"))
                .containsExactly(
                        Map.of("ParameterKey", "require_ssl", "ParameterValue", "true"),
                        Map.of("ParameterKey", "enable_user_activity_logging", "ParameterValue", "true"),
                        Map.of("ParameterKey", "max_query_execution_time", "ParameterValue", "3600"),
                        Map.of("ParameterKey", "auto_mv", "ParameterValue", "false"),
                        Map.of("ParameterKey", "search_path", "ParameterValue", "$user, public"));
    }
}
