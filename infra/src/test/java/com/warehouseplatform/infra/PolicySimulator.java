package com.warehouseplatform.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Evaluates the policies of an environment's synthesized templates the way AWS decides one request within
 * one account: an explicit deny in any policy wins; otherwise the request needs an allow in the identity
 * policy of the caller or in the resource's policy; a KMS key policy must allow the caller itself, or allow
 * the account (its root) and leave the rest to the caller's identity policy. Values are rendered to strings
 * so that policies of different stacks compare: {@code ref:<stack>/<id>}, {@code att:<stack>/<id>.<attr>},
 * imports followed to the exporting stack's output, pseudo parameters replaced by the environment's account,
 * region and the aws partition. Covers what the platform's policies use: Principal (Service, AWS, *), Action,
 * Resource, and the String, Arn, Bool and Null condition operators (with IfExists).
 */
public final class PolicySimulator {
    /** The account of an environment that names none (its templates say AWS::AccountId). */
    public static final String PLACEHOLDER_ACCOUNT = "111122223333";

    private final Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
    private final String account;
    private final String region;

    public PolicySimulator(Platforms.Built built) {
        for (Stack stack : built.platform().stacks()) {
            templates.put(stack.getStackName(), Template.fromStack(stack).toJSON());
        }
        account = built.config().account() == null
                ? PLACEHOLDER_ACCOUNT
                : built.config().account();
        region = built.config().region();
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    /** A request: who (a service principal or a role's rendered ARN), what, on which rendered resource, with which context. */
    public record Request(String service, String roleArn, String action, String resource, Map<String, String> context) {
        public static Request byService(String service, String action, String resource, Map<String, String> context) {
            return new Request(service, null, action, resource, context);
        }

        public static Request byRole(String roleArn, String action, String resource) {
            return new Request(null, roleArn, action, resource, Map.of("aws:SecureTransport", "true"));
        }

        public Request with(String action, String resource) {
            return new Request(service, roleArn, action, resource, context);
        }
    }

    /** One statement, its values rendered. */
    public record Statement(
            String stack,
            boolean allow,
            Object principal,
            List<String> actions,
            List<String> resources,
            Map<String, Map<String, List<String>>> conditions) {}

    // ---- reading the templates ----

    @SuppressWarnings("unchecked")
    public Map<String, Object> resources(String stack) {
        return (Map<String, Object>) templates.get(stack).get("Resources");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String stack, String logicalId) {
        Map<String, Object> resource = (Map<String, Object>) resources(stack).get(logicalId);
        if (resource == null) {
            throw new AssertionError("no resource " + logicalId + " in " + stack);
        }
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** Logical ids of {@code type} in {@code stack}, in template order. */
    @SuppressWarnings("unchecked")
    public List<String> ofType(String stack, String type) {
        return resources(stack).entrySet().stream()
                .filter(e -> type.equals(((Map<String, Object>) e.getValue()).get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The stack and logical id a rendered {@code ref:} or {@code att:} value points at. */
    public static String[] target(String rendered) {
        String body = rendered.substring(4);
        int dot = body.indexOf('.');
        String path = dot < 0 ? body : body.substring(0, dot);
        return path.split("/", 2);
    }

    /** The identity policies attached to a role (AWS::IAM::Policy and inline Policies). */
    @SuppressWarnings("unchecked")
    public List<Statement> identityPolicy(String stack, String roleId) {
        List<Statement> statements = new ArrayList<>();
        for (String id : ofType(stack, "AWS::IAM::Policy")) {
            Map<String, Object> props = properties(stack, id);
            List<Object> roles = (List<Object>) props.getOrDefault("Roles", List.of());
            if (roles.contains(Map.of("Ref", roleId))) {
                statements.addAll(statements(stack, props.get("PolicyDocument")));
            }
        }
        for (Object inline : (List<Object>) properties(stack, roleId).getOrDefault("Policies", List.of())) {
            statements.addAll(statements(stack, ((Map<String, Object>) inline).get("PolicyDocument")));
        }
        return statements;
    }

    public List<Statement> trustPolicy(String stack, String roleId) {
        return statements(stack, properties(stack, roleId).get("AssumeRolePolicyDocument"));
    }

    /** The policy document held by {@code property} of a resource, such as a VPC endpoint's PolicyDocument. */
    public List<Statement> policyOf(String stack, String logicalId, String property) {
        return statements(stack, properties(stack, logicalId).get(property));
    }

    /** Every stack's name. */
    public List<String> stacks() {
        return List.copyOf(templates.keySet());
    }

    public List<Statement> keyPolicy(String stack, String keyId) {
        return statements(stack, properties(stack, keyId).get("KeyPolicy"));
    }

    /** The policy of a topic, queue or bucket: the policy resource of {@code policyType} that names it under {@code property}. */
    @SuppressWarnings("unchecked")
    public List<Statement> resourcePolicy(String stack, String policyType, String property, String targetId) {
        List<Statement> statements = new ArrayList<>();
        for (String id : ofType(stack, policyType)) {
            Map<String, Object> props = properties(stack, id);
            Object named = props.get(property);
            List<Object> targets = named instanceof List<?> list ? (List<Object>) list : List.of(named);
            if (targets.contains(Map.of("Ref", targetId))) {
                statements.addAll(statements(stack, props.get("PolicyDocument")));
            }
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private List<Statement> statements(String stack, Object document) {
        List<Statement> statements = new ArrayList<>();
        Object raw = ((Map<String, Object>) document).get("Statement");
        for (Object s : raw instanceof List<?> list ? list : List.of(raw)) {
            Map<String, Object> statement = (Map<String, Object>) s;
            if (statement.containsKey("NotAction")
                    || statement.containsKey("NotResource")
                    || statement.containsKey("NotPrincipal")) {
                throw new AssertionError(
                        "the simulator does not read NotAction/NotResource/NotPrincipal: " + statement);
            }
            Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
            ((Map<String, Object>) statement.getOrDefault("Condition", Map.of())).forEach((operator, keys) -> {
                Map<String, List<String>> values = new LinkedHashMap<>();
                ((Map<String, Object>) keys).forEach((key, value) -> values.put(key, renderAll(stack, value)));
                conditions.put(operator, values);
            });
            statements.add(new Statement(
                    stack,
                    "Allow".equals(statement.get("Effect")),
                    statement.get("Principal"),
                    renderAll(stack, statement.get("Action")),
                    statement.containsKey("Resource") ? renderAll(stack, statement.get("Resource")) : List.of("*"),
                    conditions));
        }
        return statements;
    }

    // ---- rendering CloudFormation values ----

    public List<String> renderAll(String stack, Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(v -> render(stack, v)).toList();
        }
        return List.of(render(stack, value));
    }

    @SuppressWarnings("unchecked")
    public String render(String stack, Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        Map<String, Object> node = (Map<String, Object>) value;
        if (node.containsKey("Ref")) {
            String ref = (String) node.get("Ref");
            return switch (ref) {
                case "AWS::AccountId" -> account;
                case "AWS::Region" -> region;
                case "AWS::Partition" -> "aws";
                case "AWS::URLSuffix" -> "amazonaws.com";
                default -> bucketName(stack, ref) != null ? bucketName(stack, ref) : "ref:" + stack + "/" + ref;
            };
        }
        if (node.containsKey("Fn::GetAtt")) {
            List<Object> att = (List<Object>) node.get("Fn::GetAtt");
            String name = bucketName(stack, (String) att.get(0));
            if (name != null && "Arn".equals(att.get(1))) {
                // a named bucket's ARN is known: the same string as a policy that names the bucket by its ARN
                return "arn:aws:s3:::" + name;
            }
            return "att:" + stack + "/" + att.get(0) + "." + att.get(1);
        }
        if (node.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) node.get("Fn::Join");
            return ((List<Object>) join.get(1))
                    .stream().map(v -> render(stack, v)).collect(Collectors.joining((String) join.get(0)));
        }
        if (node.containsKey("Fn::ImportValue")) {
            String name = render(stack, node.get("Fn::ImportValue"));
            for (var entry : templates.entrySet()) {
                Map<String, Object> outputs =
                        (Map<String, Object>) entry.getValue().getOrDefault("Outputs", Map.of());
                for (Object o : outputs.values()) {
                    Map<String, Object> output = (Map<String, Object>) o;
                    Map<String, Object> export = (Map<String, Object>) output.get("Export");
                    if (export != null && name.equals(render(entry.getKey(), export.get("Name")))) {
                        return render(entry.getKey(), output.get("Value"));
                    }
                }
            }
            throw new AssertionError("no stack exports " + name);
        }
        return "unrendered:" + node;
    }

    @SuppressWarnings("unchecked")
    private String bucketName(String stack, String logicalId) {
        Object resource = stack == null ? null : resources(stack).get(logicalId);
        if (resource == null || !"AWS::S3::Bucket".equals(((Map<String, Object>) resource).get("Type"))) {
            return null;
        }
        Object name = properties(stack, logicalId).get("BucketName");
        return name == null ? null : render(stack, name);
    }

    // ---- deciding ----

    /** Whether AWS would allow {@code request} given the caller's identity policy and the resource's policy. */
    public boolean allows(Request request, List<Statement> identity, List<Statement> resourcePolicy) {
        return decide(request, identity, resourcePolicy, false);
    }

    /** Whether AWS would allow {@code request} on a KMS key: the key policy must allow it, itself or through the account. */
    public boolean keyAllows(Request request, List<Statement> identity, List<Statement> keyPolicy) {
        return decide(request, identity, keyPolicy, true);
    }

    private boolean decide(Request request, List<Statement> identity, List<Statement> resourcePolicy, boolean kms) {
        List<Statement> all = new ArrayList<>(identity);
        all.addAll(resourcePolicy);
        if (all.stream().anyMatch(s -> !s.allow() && applies(s, request) && principalMatches(s, request, true))) {
            return false;
        }
        boolean identityAllows =
                request.roleArn() != null && identity.stream().anyMatch(s -> s.allow() && applies(s, request));
        boolean resourceAllowsCaller = resourcePolicy.stream()
                .anyMatch(s -> s.allow() && applies(s, request) && principalMatches(s, request, false));
        boolean resourceAllowsAccount =
                resourcePolicy.stream().anyMatch(s -> s.allow() && applies(s, request) && isAccountRoot(s));
        if (kms) {
            return resourceAllowsCaller || (resourceAllowsAccount && identityAllows);
        }
        return resourceAllowsCaller || identityAllows;
    }

    private boolean applies(Statement s, Request request) {
        return s.actions().stream()
                        .anyMatch(a -> glob(a.toLowerCase(), request.action().toLowerCase()))
                && s.resources().stream().anyMatch(r -> glob(r, request.resource()))
                && conditionsHold(s.conditions(), request.context());
    }

    @SuppressWarnings("unchecked")
    private boolean principalMatches(Statement s, Request request, boolean forDeny) {
        Object principal = s.principal();
        if (principal == null) {
            return true; // identity policies have none: they are the caller's
        }
        if ("*".equals(principal)) {
            return true;
        }
        Map<String, Object> map = (Map<String, Object>) principal;
        List<String> services = renderAll(s.stack(), map.getOrDefault("Service", List.of()));
        List<String> aws = map.containsKey("AWS") ? renderAll(s.stack(), map.get("AWS")) : List.of();
        if (aws.contains("*")) {
            return true;
        }
        if (request.service() != null && services.contains(request.service())) {
            return true;
        }
        if (request.roleArn() != null && aws.contains(request.roleArn())) {
            return true;
        }
        // a deny naming the account covers its roles too
        return forDeny && request.roleArn() != null && aws.contains(accountRoot());
    }

    @SuppressWarnings("unchecked")
    private boolean isAccountRoot(Statement s) {
        if (!(s.principal() instanceof Map<?, ?>)) {
            return false;
        }
        Object aws = ((Map<String, Object>) s.principal()).get("AWS");
        return aws != null && renderAll(s.stack(), aws).contains(accountRoot());
    }

    private String accountRoot() {
        return "arn:aws:iam::" + account + ":root";
    }

    private static boolean conditionsHold(
            Map<String, Map<String, List<String>>> conditions, Map<String, String> context) {
        for (var operator : conditions.entrySet()) {
            for (var key : operator.getValue().entrySet()) {
                if (!conditionHolds(operator.getKey(), context.get(key.getKey()), key.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean conditionHolds(String operator, String actual, List<String> values) {
        boolean ifExists = operator.endsWith("IfExists");
        String op = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        if (op.equals("Null")) {
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == (actual == null));
        }
        if (actual == null) {
            return ifExists || op.contains("Not");
        }
        return switch (op) {
            case "StringEquals", "ArnEquals", "Bool" -> values.contains(actual);
            case "StringNotEquals", "ArnNotEquals" -> !values.contains(actual);
            case "StringLike", "ArnLike" -> values.stream().anyMatch(v -> glob(v, actual));
            case "StringNotLike", "ArnNotLike" -> values.stream().noneMatch(v -> glob(v, actual));
            default -> throw new AssertionError("the simulator does not read condition operator " + operator);
        };
    }

    /** IAM's wildcards: * any run of characters, ? one character. */
    static boolean glob(String pattern, String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return text.matches(regex.toString());
    }
}
