package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of {@code review/replacement-properties.json}: which resource types are stateful, and which of
 * their properties replace the resource (or are otherwise unsafe for its data) when they change.
 */
public final class ReplacementRules {

    /** One guarded property; {@code from}/{@code to}, when set, limit the rule to that change of value. */
    public record Rule(String type, String property, String effect, JsonNode from, JsonNode to, String note) {

        public boolean appliesTo(JsonNode before, JsonNode after) {
            if (from == null && to == null) {
                return true;
            }
            return (from == null || from.equals(before)) && (to == null || to.equals(after));
        }

        /** What the change does, in the reference's words where it has them. */
        public String consequence(String effectDescription) {
            return note == null ? effectDescription : effectDescription + "; " + note;
        }
    }

    private final Map<String, List<Rule>> rules;
    private final Map<String, String> effects;
    private final Map<String, String> docs;

    private ReplacementRules(Map<String, List<Rule>> rules, Map<String, String> effects, Map<String, String> docs) {
        this.rules = rules;
        this.effects = effects;
        this.docs = docs;
    }

    /** The table shipped with the review. */
    public static ReplacementRules load() {
        return from(Json.resource("replacement-properties.json"));
    }

    static ReplacementRules from(JsonNode table) {
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        Map<String, String> docs = new LinkedHashMap<>();
        table.path("types").properties().forEach(type -> {
            List<Rule> typeRules = new ArrayList<>();
            for (JsonNode rule : type.getValue().path("properties")) {
                typeRules.add(new Rule(
                        type.getKey(),
                        rule.path("property").asText(),
                        rule.path("effect").asText(),
                        rule.get("from"),
                        rule.get("to"),
                        Json.text(rule.get("note"))));
            }
            rules.put(type.getKey(), List.copyOf(typeRules));
            docs.put(type.getKey(), type.getValue().path("docs").asText(""));
        });
        Map<String, String> effects = new LinkedHashMap<>();
        table.path("effects")
                .properties()
                .forEach(e -> effects.put(e.getKey(), e.getValue().asText()));
        return new ReplacementRules(Collections.unmodifiableMap(rules), effects, docs);
    }

    public Set<String> statefulTypes() {
        return rules.keySet();
    }

    public boolean isStateful(String type) {
        return rules.containsKey(type);
    }

    public List<Rule> rulesFor(String type) {
        return rules.getOrDefault(type, List.of());
    }

    public String describe(Rule rule) {
        return rule.consequence(effects.getOrDefault(rule.effect(), rule.effect()));
    }

    /** The page of the CloudFormation template reference for {@code type}. */
    public String docsUrl(String type) {
        String page = docs.getOrDefault(type, "");
        return page.isEmpty()
                ? ""
                : "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/" + page + ".html";
    }
}
