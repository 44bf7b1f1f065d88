package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The roles the warehouse assumes for COPY, and which loaders each one serves: a COPY role is a role Redshift may
 * assume ({@code redshift.amazonaws.com} or {@code redshift-serverless.amazonaws.com} in its trust) or a role a loader
 * function names in {@code COPY_ROLE_ARN}. A database user granted ASSUMEROLE on a role reads whatever the role may
 * read, so a role is flagged when more than one loader could use it: more than one loader names it, or its S3 reads
 * ({@code s3:GetObject} and wildcards that include it, in its identity policies) reach the files or the manifests
 * ({@code manifests/<loader>/}) of more than one loader. Buckets are not told apart: a read is matched on its object
 * key pattern only, which can flag too much, never too little.
 */
final class CopyRoles {
    static final String SHARED = "SHARED";
    private static final Set<String> REDSHIFT = Set.of("redshift.amazonaws.com", "redshift-serverless.amazonaws.com");

    /** One loader function: its name, prefix, and the role its COPY_ROLE_ARN names (null when not in this synth). */
    record Loader(String name, String source, String roleId, String roleText) {}

    /** One COPY role, the loaders that name it, what it reads and whose files that reaches, and its flag. */
    record Row(
            String role,
            String trustedBy,
            List<String> namedBy,
            List<String> reads,
            List<String> reaches,
            String flag) {
        boolean shared() {
            return flag.contains(SHARED);
        }
    }

    private final CloudAssembly assembly;

    private CopyRoles(CloudAssembly assembly) {
        this.assembly = assembly;
    }

    static List<Row> of(CloudAssembly assembly) {
        return new CopyRoles(assembly).rows();
    }

    private List<Row> rows() {
        List<Loader> loaders = loaders();
        Map<String, Resource> roles = new LinkedHashMap<>();
        for (StackTemplate stack : assembly.stacks()) {
            for (Resource role : stack.resourcesOfType("AWS::IAM::Role")) {
                if (!trustedRedshift(role).isEmpty()) {
                    roles.put(role.id(), role);
                }
            }
        }
        for (Loader loader : loaders) {
            if (loader.roleId() != null && !roles.containsKey(loader.roleId())) {
                resource(loader.roleId()).ifPresent(r -> roles.put(r.id(), r));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Resource role : roles.values()) {
            List<String> namedBy = loaders.stream()
                    .filter(l -> role.id().equals(l.roleId()))
                    .map(Loader::name)
                    .toList();
            List<String> reads = reads(role);
            Set<String> reaches = new LinkedHashSet<>();
            for (Loader loader : loaders) {
                for (String glob : reads) {
                    if (reachesPrefix(glob, loader.source())
                            || reachesPrefix(glob, "manifests/" + loader.name() + "/")) {
                        reaches.add(loader.name());
                    }
                }
            }
            List<String> flags = new ArrayList<>();
            if (namedBy.size() > 1) {
                flags.add(Markdown.bold(SHARED) + ": the COPY role of " + namedBy.size() + " loaders");
            }
            if (reaches.size() > 1) {
                flags.add(Markdown.bold(SHARED) + ": reads the files or manifests of " + reaches.size() + " loaders");
            }
            if (namedBy.isEmpty() && !loaders.isEmpty()) {
                flags.add("no loader names it");
            }
            rows.add(new Row(
                    role.stack() + "/" + role.logicalId(),
                    String.join(", ", trustedRedshift(role)),
                    namedBy,
                    reads,
                    List.copyOf(reaches),
                    String.join("; ", flags)));
        }
        return rows;
    }

    /** Every function with a COPY_ROLE_ARN variable, in stack and template order. */
    private List<Loader> loaders() {
        List<Loader> loaders = new ArrayList<>();
        for (StackTemplate stack : assembly.stacks()) {
            for (Resource function : stack.resourcesOfType("AWS::Lambda::Function")) {
                JsonNode variables = function.property("Environment").path("Variables");
                if (!variables.has("COPY_ROLE_ARN")) {
                    continue;
                }
                JsonNode arn = variables.get("COPY_ROLE_ARN");
                String name = Optional.ofNullable(Json.text(variables.get("LOADER_NAME")))
                        .orElse(function.logicalId());
                String source = Optional.ofNullable(Json.text(variables.get("SOURCE_PREFIX")))
                        .orElse("");
                loaders.add(new Loader(name, source, roleId(stack, arn, 0), new Intrinsics(assembly, stack).text(arn)));
            }
        }
        return loaders;
    }

    /** The role {@code arn} names, as {@code stack/logicalId}: through imports, GetAtt and literal role names. */
    private String roleId(StackTemplate stack, JsonNode arn, int depth) {
        if (arn == null || depth > 5) {
            return null;
        }
        if (arn.has("Fn::ImportValue")) {
            String export = new Intrinsics(assembly, stack).text(arn.get("Fn::ImportValue"));
            return assembly.export(export)
                    .map(e -> roleId(e.getKey(), e.getValue(), depth + 1))
                    .orElse(null);
        }
        if (arn.has("Fn::GetAtt")) {
            JsonNode att = arn.get("Fn::GetAtt");
            String id = att.isArray() ? att.path(0).asText() : att.asText().split("\\.")[0];
            return stack.resource(id)
                    .filter(r -> r.type().equals("AWS::IAM::Role"))
                    .map(Resource::id)
                    .orElse(null);
        }
        String text = Json.text(arn);
        if (text != null && text.contains(":role/")) {
            String name = text.substring(text.lastIndexOf('/') + 1);
            for (StackTemplate s : assembly.stacks()) {
                for (Resource role : s.resourcesOfType("AWS::IAM::Role")) {
                    if (name.equals(Json.text(role.property("RoleName")))) {
                        return role.id();
                    }
                }
            }
        }
        return null;
    }

    private Optional<Resource> resource(String id) {
        return assembly.resources().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private static List<String> trustedRedshift(Resource role) {
        List<String> trusted = new ArrayList<>();
        for (JsonNode statement :
                Json.list(role.property("AssumeRolePolicyDocument").path("Statement"))) {
            for (JsonNode service : Json.list(statement.path("Principal").path("Service"))) {
                if (REDSHIFT.contains(service.asText())
                        && "Allow".equals(statement.path("Effect").asText())) {
                    trusted.add(service.asText());
                }
            }
        }
        return trusted;
    }

    /** The object key patterns the role may GetObject, from its inline policies and the policies attached to it. */
    private List<String> reads(Resource role) {
        List<JsonNode> documents = new ArrayList<>();
        Json.list(role.property("Policies")).forEach(p -> documents.add(p.path("PolicyDocument")));
        StackTemplate stack = assembly.stack(role.stack()).orElseThrow();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            for (Resource policy : stack.resourcesOfType(type)) {
                if (Json.list(policy.property("Roles")).stream()
                        .anyMatch(r -> role.logicalId().equals(Json.text(r.get("Ref"))))) {
                    documents.add(policy.property("PolicyDocument"));
                }
            }
        }
        Intrinsics intrinsics = new Intrinsics(assembly, stack);
        Set<String> reads = new LinkedHashSet<>();
        for (JsonNode document : documents) {
            for (JsonNode statement : Json.list(document.path("Statement"))) {
                if (!"Allow".equals(statement.path("Effect").asText())
                        || Json.list(statement.path("Action")).stream().noneMatch(a -> allowsGetObject(a.asText()))) {
                    continue;
                }
                for (JsonNode resource : Json.list(statement.path("Resource"))) {
                    String text = intrinsics.text(resource);
                    int slash = text.indexOf('/');
                    if (text.equals("*")) {
                        reads.add("*");
                    } else if (slash >= 0) {
                        reads.add(text.substring(slash + 1));
                    }
                }
            }
        }
        return List.copyOf(reads);
    }

    private static boolean allowsGetObject(String action) {
        String pattern =
                Pattern.quote(action.toLowerCase()).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return "s3:getobject".matches(pattern);
    }

    /** Whether the key pattern {@code glob} ({@code *}, {@code ?}) matches some key that starts with {@code prefix}. */
    static boolean reachesPrefix(String glob, String prefix) {
        for (int i = 0; ; i++) {
            if (i == prefix.length()) {
                return true;
            }
            if (i == glob.length()) {
                return false;
            }
            char c = glob.charAt(i);
            if (c == '*') {
                return true;
            }
            if (c != '?' && c != prefix.charAt(i)) {
                return false;
            }
        }
    }

    static void appendTo(Markdown md, List<Row> rows) {
        md.heading(3, "COPY roles");
        long shared = rows.stream().filter(Row::shared).count();
        md.paragraph(rows.size() + " roles the warehouse may assume for COPY. "
                + (shared == 0
                        ? "Each serves one loader: no role is named by two loaders or reads two loaders' files."
                        : Markdown.bold(shared + " could be used by more than one loader") + " (marked " + SHARED
                                + "): a user granted ASSUMEROLE on it reads every file it reaches."));
        List<List<String>> table = new ArrayList<>();
        for (Row row : rows) {
            table.add(List.of(
                    Markdown.code(row.role()),
                    row.trustedBy(),
                    codes(row.namedBy()),
                    codes(row.reads()),
                    codes(row.reaches()),
                    row.flag()));
        }
        md.table(
                List.of(
                        "role",
                        "trusted by",
                        "COPY role of (COPY_ROLE_ARN)",
                        "reads objects",
                        "files of loaders",
                        "flag"),
                table);
    }

    private static String codes(List<String> values) {
        return values.isEmpty()
                ? "none"
                : String.join(", ", values.stream().map(Markdown::code).toList());
    }
}
