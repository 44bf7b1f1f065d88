package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every permission of a synth, one row per policy statement: identity policies ({@code AWS::IAM::Policy},
 * {@code AWS::IAM::ManagedPolicy}, inline policies and managed policy ARNs of roles, users and groups) and
 * resource policies (bucket, queue, topic, key and secret policies, Lambda permissions). Wildcards in the
 * actions or resources of an identity policy's Allow statement are matched to their cdk-nag acknowledgment
 * ({@code AwsSolutions-IAM5[Action::...]} / {@code [Resource::...]}, AWS managed policies
 * {@code AwsSolutions-IAM4[Policy::...]}) on the policy, the identity or a parent construct.
 */
final class IamPermissions {
    static final String UNACKNOWLEDGED = "UNACKNOWLEDGED";

    /** One statement: who, what, on which resources, and what its wildcards are. */
    record Row(
            String stack,
            String principal,
            String source,
            String effect,
            String actions,
            String resources,
            String condition,
            String wildcards,
            boolean unacknowledged) {}

    private final CloudAssembly assembly;
    private final StackTemplate stack;
    private final Intrinsics intrinsics;
    private final List<Row> rows = new ArrayList<>();

    private IamPermissions(CloudAssembly assembly, StackTemplate stack) {
        this.assembly = assembly;
        this.stack = stack;
        this.intrinsics = new Intrinsics(assembly, stack);
    }

    static List<Row> of(CloudAssembly assembly) {
        List<Row> rows = new ArrayList<>();
        for (StackTemplate stack : assembly.stacks()) {
            IamPermissions permissions = new IamPermissions(assembly, stack);
            permissions.collect();
            rows.addAll(permissions.rows);
        }
        return rows;
    }

    private void collect() {
        for (Resource resource : stack.resources().values()) {
            JsonNode p = resource.properties();
            switch (resource.type()) {
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" ->
                    identityPolicy(
                            resource,
                            identities(p),
                            p.path("PolicyDocument"),
                            (resource.type().endsWith("ManagedPolicy") ? "managed policy " : "policy ")
                                    + Markdown.code(resource.logicalId()));
                case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" -> {
                    Identity self = new Identity(label(resource), resource.path());
                    for (JsonNode inline : Json.list(p.path("Policies"))) {
                        identityPolicy(
                                resource,
                                List.of(self),
                                inline.path("PolicyDocument"),
                                "inline policy "
                                        + Markdown.code(
                                                inline.path("PolicyName").asText()));
                    }
                    for (JsonNode arn : Json.list(p.path("ManagedPolicyArns"))) {
                        managedPolicyArn(resource, self, arn);
                    }
                }
                case "AWS::S3::BucketPolicy" ->
                    resourcePolicy(
                            resource,
                            p.path("PolicyDocument"),
                            "bucket policy of " + intrinsics.text(p.path("Bucket")),
                            false);
                case "AWS::SQS::QueuePolicy" ->
                    resourcePolicy(
                            resource,
                            p.path("PolicyDocument"),
                            "queue policy of " + intrinsics.text(p.path("Queues")),
                            false);
                case "AWS::SNS::TopicPolicy" ->
                    resourcePolicy(
                            resource,
                            p.path("PolicyDocument"),
                            "topic policy of " + intrinsics.text(p.path("Topics")),
                            false);
                case "AWS::KMS::Key" ->
                    resourcePolicy(
                            resource,
                            p.path("KeyPolicy"),
                            "key policy of " + Markdown.code(resource.logicalId()),
                            true);
                case "AWS::SecretsManager::ResourcePolicy" ->
                    resourcePolicy(
                            resource,
                            p.path("ResourcePolicy"),
                            "secret policy of " + intrinsics.text(p.path("SecretId")),
                            false);
                case "AWS::Lambda::Permission" -> lambdaPermission(resource);
                default -> {}
            }
        }
    }

    private record Identity(String label, String path) {}

    /** The roles, users and groups a policy is attached to. */
    private List<Identity> identities(JsonNode policy) {
        List<Identity> identities = new ArrayList<>();
        for (String field : List.of("Roles", "Users", "Groups")) {
            for (JsonNode item : Json.list(policy.path(field))) {
                Optional<Resource> target =
                        Optional.ofNullable(Json.text(item.get("Ref"))).flatMap(stack::resource);
                identities.add(target.map(r -> new Identity(label(r), r.path()))
                        .orElse(new Identity(
                                field.substring(0, field.length() - 1).toLowerCase() + " " + intrinsics.text(item),
                                null)));
            }
        }
        return identities;
    }

    /** "role `Id` (assumed by lambda.amazonaws.com)". */
    private String label(Resource identity) {
        String kind = identity.type().substring("AWS::IAM::".length()).toLowerCase();
        String label = kind + " " + Markdown.code(identity.logicalId());
        Set<String> trusted = new LinkedHashSet<>();
        for (JsonNode statement :
                Json.list(identity.property("AssumeRolePolicyDocument").path("Statement"))) {
            trusted.add(principal(statement.path("Principal")));
        }
        return trusted.isEmpty() ? label : label + " (assumed by " + String.join(", ", trusted) + ")";
    }

    private void identityPolicy(Resource policy, List<Identity> identities, JsonNode document, String source) {
        List<String> paths = new ArrayList<>();
        if (policy.path() != null) {
            paths.add(policy.path());
        }
        identities.stream().map(Identity::path).filter(p -> p != null).forEach(paths::add);
        String principal = identities.isEmpty()
                ? "(not attached)"
                : String.join(", ", identities.stream().map(Identity::label).toList());
        for (JsonNode statement : Json.list(document.path("Statement"))) {
            boolean allow = "Allow".equals(statement.path("Effect").asText());
            List<String> wildcards = new ArrayList<>();
            boolean unacknowledged = false;
            if (allow) {
                for (String[] wildcard : wildcards(statement)) {
                    String findingId = "AwsSolutions-IAM5[" + wildcard[0] + "::" + wildcard[1] + "]";
                    Optional<Acknowledgment> ack = Acknowledgments.find(stack, paths, findingId);
                    if (ack.isPresent()) {
                        wildcards.add("acknowledged " + Markdown.code(ack.get().findingId()));
                    } else {
                        unacknowledged = true;
                        wildcards.add(Markdown.bold(UNACKNOWLEDGED) + " " + wildcard[0].toLowerCase() + " wildcard "
                                + Markdown.code(wildcard[1]));
                    }
                }
            } else if (!wildcards(statement).isEmpty()) {
                wildcards.add("deny: a wildcard here restricts, it grants nothing");
            }
            rows.add(row(principal, source, statement, wildcards, unacknowledged, false));
        }
    }

    /** The wildcards of a statement as {kind, value as cdk-nag writes it}: Action or Resource. */
    private static List<String[]> wildcards(JsonNode statement) {
        List<String[]> found = new ArrayList<>();
        for (JsonNode action : Json.list(statement.path("Action"))) {
            if (action.asText().contains("*")) {
                found.add(new String[] {"Action", action.asText()});
            }
        }
        if (statement.has("NotAction")) {
            found.add(new String[] {"Action", "NotAction " + statement.path("NotAction")});
        }
        for (JsonNode resource : Json.list(statement.path("Resource"))) {
            String flat = Intrinsics.nagFlatten(resource);
            if (flat.contains("*")) {
                found.add(new String[] {"Resource", flat});
            }
        }
        if (statement.has("NotResource")) {
            found.add(new String[] {"Resource", "NotResource " + statement.path("NotResource")});
        }
        return found;
    }

    private void managedPolicyArn(Resource identity, Identity self, JsonNode arn) {
        String target = Json.text(arn.get("Ref"));
        String text = intrinsics.text(arn);
        String wildcards;
        boolean unacknowledged = false;
        if (target != null && stack.resource(target).isPresent()) {
            wildcards =
                    "customer managed policy " + Markdown.code(target) + ": its statements are listed as its own rows";
        } else {
            String findingId = "AwsSolutions-IAM4[Policy::" + Intrinsics.nagFlatten(arn) + "]";
            List<String> paths = identity.path() == null ? List.of() : List.of(identity.path());
            Optional<Acknowledgment> ack = Acknowledgments.find(stack, paths, findingId);
            if (ack.isPresent()) {
                wildcards = "managed policy, contents not in the template; acknowledged "
                        + Markdown.code(ack.get().findingId());
            } else {
                unacknowledged = true;
                wildcards = Markdown.bold(UNACKNOWLEDGED) + " managed policy, contents not in the template";
            }
        }
        rows.add(new Row(
                stack.name(),
                self.label(),
                "managed policy ARN",
                "Allow",
                "(the actions of the managed policy)",
                Markdown.code(text),
                "",
                wildcards,
                unacknowledged));
    }

    private void resourcePolicy(Resource resource, JsonNode document, String source, boolean keyPolicy) {
        for (JsonNode statement : Json.list(document.path("Statement"))) {
            boolean allow = "Allow".equals(statement.path("Effect").asText());
            List<String> wildcards = new ArrayList<>();
            List<String[]> found = wildcards(statement);
            if (keyPolicy) {
                found.removeIf(w -> w[0].equals("Resource") && w[1].equals("*"));
            }
            if (!allow && !found.isEmpty()) {
                wildcards.add("deny: a wildcard here restricts, it grants nothing");
            } else if (!found.isEmpty()) {
                wildcards.add(
                        "wildcard "
                                + String.join(
                                        ", ",
                                        found.stream()
                                                .map(w -> Markdown.code(w[1]))
                                                .toList())
                                + " in a resource policy, granted to its principal only (cdk-nag IAM5 reviews identity policies)");
            }
            boolean open = allow && isEveryone(statement.path("Principal")) && !statement.has("Condition");
            if (open) {
                wildcards.add(Markdown.bold("PUBLIC") + ": allowed to anyone without a condition");
            }
            rows.add(row(
                    principal(statement.path("Principal")),
                    keyPolicy ? source : source + " (" + Markdown.code(resource.logicalId()) + ")",
                    statement,
                    wildcards,
                    false,
                    keyPolicy));
        }
    }

    private void lambdaPermission(Resource permission) {
        JsonNode p = permission.properties();
        String condition = p.has("SourceArn") ? "SourceArn = " + intrinsics.text(p.path("SourceArn")) : "";
        if (p.has("SourceAccount")) {
            condition +=
                    (condition.isEmpty() ? "" : "; ") + "SourceAccount = " + intrinsics.text(p.path("SourceAccount"));
        }
        String principal = p.path("Principal").asText();
        rows.add(new Row(
                stack.name(),
                principal.contains(".") ? "service " + principal : intrinsics.text(p.path("Principal")),
                "Lambda permission (" + Markdown.code(permission.logicalId()) + ")",
                "Allow",
                Markdown.code(intrinsics.text(p.path("Action"))),
                Markdown.code(intrinsics.text(p.path("FunctionName"))),
                condition,
                "*".equals(principal) && condition.isEmpty() ? Markdown.bold("PUBLIC") + ": invocable by anyone" : "",
                false));
    }

    private Row row(
            String principal,
            String source,
            JsonNode statement,
            List<String> wildcards,
            boolean unacknowledged,
            boolean keyPolicy) {
        String actions = statement.has("NotAction")
                ? "all but " + codes(statement.path("NotAction"))
                : codes(statement.path("Action"));
        String resources;
        if (statement.has("NotResource")) {
            resources = "all but " + codes(statement.path("NotResource"));
        } else if (keyPolicy && "*".equals(statement.path("Resource").asText())) {
            resources = "this key";
        } else {
            resources = String.join(
                    "\n",
                    Json.list(statement.path("Resource")).stream()
                            .map(r -> Markdown.code(intrinsics.text(r)))
                            .toList());
        }
        return new Row(
                stack.name(),
                principal,
                source,
                statement.path("Effect").asText(),
                actions,
                resources,
                condition(statement.path("Condition")),
                String.join("\n", wildcards),
                unacknowledged);
    }

    private String codes(JsonNode values) {
        return String.join(
                ", ",
                Json.list(values).stream()
                        .map(v -> Markdown.code(intrinsics.text(v)))
                        .toList());
    }

    /** "service lambda.amazonaws.com", "AWS arn:...:root", "anyone (*)". */
    private String principal(JsonNode principal) {
        if (principal.isMissingNode()) {
            return "";
        }
        if (principal.isTextual()) {
            return "*".equals(principal.asText()) ? "anyone (*)" : principal.asText();
        }
        List<String> parts = new ArrayList<>();
        principal.properties().forEach(kind -> {
            for (JsonNode value : Json.list(kind.getValue())) {
                String text = intrinsics.text(value);
                parts.add(
                        "*".equals(text)
                                ? "anyone (" + kind.getKey() + ": *)"
                                : (kind.getKey().equals("Service") ? "service " : kind.getKey() + " ") + text);
            }
        });
        return String.join(", ", parts);
    }

    private static boolean isEveryone(JsonNode principal) {
        if (principal.isTextual()) {
            return "*".equals(principal.asText());
        }
        return Json.list(principal.path("AWS")).stream().anyMatch(p -> "*".equals(p.asText()));
    }

    private String condition(JsonNode condition) {
        List<String> parts = new ArrayList<>();
        condition
                .properties()
                .forEach(operator -> operator.getValue()
                        .properties()
                        .forEach(key -> parts.add(operator.getKey() + " " + key.getKey() + " = "
                                + Markdown.code(intrinsics.text(key.getValue())))));
        return String.join("; ", parts);
    }

    static void appendTo(Markdown md, List<Row> rows, List<CopyRoles.Row> copyRoles) {
        md.heading(2, "IAM permissions");
        long unacknowledged = rows.stream().filter(Row::unacknowledged).count();
        long wildcardRows = rows.stream()
                .filter(r -> r.wildcards().contains("acknowledged `"))
                .count();
        md.paragraph(rows.size() + " policy statements. "
                + (unacknowledged == 0
                        ? "Every wildcard of an identity policy has its cdk-nag acknowledgment (" + wildcardRows
                                + " statements with acknowledged wildcards)."
                        : Markdown.bold(unacknowledged
                                        + " statements have a wildcard or managed policy without a cdk-nag "
                                        + "acknowledgment")
                                + " (marked " + UNACKNOWLEDGED + ")."));
        CopyRoles.appendTo(md, copyRoles);
        Map<String, List<List<String>>> byStack = new LinkedHashMap<>();
        for (Row row : rows) {
            byStack.computeIfAbsent(row.stack(), s -> new ArrayList<>())
                    .add(List.of(
                            row.principal(),
                            row.source(),
                            row.effect(),
                            row.actions(),
                            row.resources(),
                            row.condition(),
                            row.wildcards()));
        }
        byStack.forEach((stack, stackRows) -> {
            md.heading(3, stack);
            md.table(
                    List.of("principal", "granted by", "effect", "actions", "resources", "condition", "wildcards"),
                    stackRows);
        });
    }
}
