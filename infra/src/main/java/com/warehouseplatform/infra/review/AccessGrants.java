package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who can read and write what in the warehouse, from the synth: the Redshift roles of the access step's
 * {@code Custom::WarehouseAccess} resource (the schemas each reads and writes, the database identity
 * {@code IAMR:<role name>} people sign in as), the IAM principals the sign-in role's trust policy lets assume it,
 * and the service users granted each role. Without that resource no access is managed by the platform: only the
 * admin and the loaders' users exist.
 */
final class AccessGrants {
    static final String TYPE = "Custom::WarehouseAccess";
    /** The database user of an IAM role signed in with GetClusterCredentialsWithIAM is {@code IAMR:<role name>}. */
    static final String IAM_ROLE_USER = "IAMR:";

    static final String OPS = "ops";

    /**
     * One Redshift role: what it reads and writes, its sign-in IAM role ({@code stack/logicalId}, or the database
     * user as written when the synth holds no such role), who may assume that role, and the users granted it.
     */
    record Role(
            String name,
            List<String> reads,
            List<String> writes,
            String signInRole,
            List<String> signedInBy,
            List<String> users,
            String flag) {}

    /** One service user and the roles it is granted. */
    record User(String name, List<String> roles) {}

    /** The access step's resource ({@code stack/logicalId}, null when none), its roles and users. */
    record Access(String resource, List<Role> roles, List<User> users) {
        boolean managed() {
            return resource != null;
        }

        long marked() {
            return roles.stream().filter(r -> !r.flag().isEmpty()).count();
        }
    }

    private final CloudAssembly assembly;

    private AccessGrants(CloudAssembly assembly) {
        this.assembly = assembly;
    }

    static Access of(CloudAssembly assembly) {
        return new AccessGrants(assembly).access();
    }

    private Access access() {
        List<Resource> resources =
                assembly.resources().stream().filter(r -> r.type().equals(TYPE)).toList();
        if (resources.isEmpty()) {
            return new Access(null, List.of(), List.of());
        }
        if (resources.size() > 1) {
            // Two access steps would fight over the same grants: each revokes what the other gives.
            throw new ReviewException("the synth has " + resources.size() + " " + TYPE + " resources ("
                    + String.join(", ", resources.stream().map(Resource::id).toList()) + "); the review expects one");
        }
        Resource resource = resources.get(0);
        StackTemplate stack = assembly.stack(resource.stack()).orElseThrow();
        Intrinsics intrinsics = new Intrinsics(assembly, stack);
        List<User> users = new ArrayList<>();
        for (JsonNode user : list(resource.property("Users"))) {
            users.add(new User(user.path("name").asText(), texts(user.path("roles"), intrinsics)));
        }
        Set<String> roleNames = new LinkedHashSet<>();
        List<Role> roles = new ArrayList<>();
        for (JsonNode role : list(resource.property("Roles"))) {
            String name = role.path("name").asText();
            roleNames.add(name);
            List<String> reads = texts(role.path("read"), intrinsics);
            List<String> writes = texts(role.path("write"), intrinsics);
            String signInUser = role.has("signInUser") ? intrinsics.text(role.get("signInUser")) : null;
            Optional<Resource> signInRole = Optional.ofNullable(signInUser).flatMap(u -> signInRole(stack, u));
            List<String> flags = new ArrayList<>();
            if (reads.contains(OPS) || writes.contains(OPS)) {
                // The ops schema holds the load ledger and the loaders' bookkeeping: no reader may touch it.
                flags.add(Markdown.bold("OPS") + ": reaches the ops schema");
            }
            writes.stream()
                    .filter(s -> !reads.contains(s))
                    .forEach(s -> flags.add("writes " + Markdown.code(s) + " without reading it"));
            List<String> signedInBy = List.of();
            if (signInUser != null && signInRole.isEmpty()) {
                flags.add("sign-in IAM role not in this synth");
            } else if (signInRole.isPresent()) {
                signedInBy = trustedPrincipals(signInRole.get());
                if (signedInBy.stream().anyMatch(p -> p.equals("*"))) {
                    flags.add(Markdown.bold("PUBLIC") + ": anyone may sign in");
                }
            }
            List<String> usersOfRole = users.stream()
                    .filter(u -> u.roles().contains(name))
                    .map(User::name)
                    .toList();
            roles.add(new Role(
                    name,
                    reads,
                    writes,
                    signInRole.map(Resource::id).orElse(signInUser),
                    signedInBy,
                    usersOfRole,
                    String.join("; ", flags)));
        }
        for (User user : users) {
            user.roles().stream()
                    .filter(r -> !roleNames.contains(r))
                    .forEach(r -> roles.add(new Role(
                            r,
                            List.of(),
                            List.of(),
                            null,
                            List.of(),
                            List.of(user.name()),
                            "not a role of the access step")));
        }
        return new Access(resource.id(), List.copyOf(roles), List.copyOf(users));
    }

    /**
     * The IAM role whose database user is {@code user} ({@code IAMR:<role name>}): a role of the synth with that
     * literal {@code RoleName}, or the role a {@code Ref} names ({@code Ref} of a role is its name).
     */
    private Optional<Resource> signInRole(StackTemplate stack, String user) {
        if (!user.startsWith(IAM_ROLE_USER)) {
            return Optional.empty();
        }
        String name = user.substring(IAM_ROLE_USER.length());
        if (name.startsWith("${") && name.endsWith("}")) {
            return stack.resource(name.substring(2, name.length() - 1))
                    .filter(r -> r.type().equals("AWS::IAM::Role"));
        }
        int colon = name.indexOf(":${");
        if (colon > 0 && name.endsWith("}")) {
            // An imported Ref reads "<exporting stack>:${LogicalId}" (Intrinsics).
            String exporter = name.substring(0, colon);
            String id = name.substring(colon + 3, name.length() - 1);
            return assembly.stack(exporter)
                    .flatMap(s -> s.resource(id))
                    .filter(r -> r.type().equals("AWS::IAM::Role"));
        }
        return assembly.resources().stream()
                .filter(r -> r.type().equals("AWS::IAM::Role"))
                .filter(r -> name.equals(Json.text(r.property("RoleName"))))
                .findFirst();
    }

    /** The AWS principals an Allow statement of the role's trust policy lets call sts:AssumeRole, with conditions. */
    private List<String> trustedPrincipals(Resource role) {
        Intrinsics intrinsics =
                new Intrinsics(assembly, assembly.stack(role.stack()).orElseThrow());
        Set<String> principals = new LinkedHashSet<>();
        for (JsonNode statement :
                Json.list(role.property("AssumeRolePolicyDocument").path("Statement"))) {
            if (!"Allow".equals(statement.path("Effect").asText())
                    || Json.list(statement.path("Action")).stream()
                            .map(JsonNode::asText)
                            .noneMatch(a -> a.equals("sts:AssumeRole") || a.equals("sts:*") || a.equals("*"))) {
                continue;
            }
            JsonNode principal = statement.path("Principal");
            List<JsonNode> aws = principal.isTextual() ? List.of(principal) : Json.list(principal.path("AWS"));
            String condition = statement.has("Condition") ? " if " + intrinsics.text(statement.get("Condition")) : "";
            aws.forEach(p -> principals.add(intrinsics.text(p) + condition));
        }
        return List.copyOf(principals);
    }

    /** A list property, also when the custom resource carries it as a JSON string. */
    private static List<JsonNode> list(JsonNode node) {
        if (node.isTextual()) {
            try {
                return Json.list(Json.MAPPER.readTree(node.asText()));
            } catch (JsonProcessingException e) {
                throw new ReviewException(TYPE + " has a property that is neither a list nor JSON: " + node.asText());
            }
        }
        return Json.list(node);
    }

    private static List<String> texts(JsonNode node, Intrinsics intrinsics) {
        return Json.list(node).stream().map(intrinsics::text).toList();
    }

    static void appendTo(Markdown md, Access access) {
        md.heading(2, "Who can read and write what");
        if (!access.managed()) {
            md.paragraph("No access is managed: the synth has no " + Markdown.code(TYPE)
                    + " resource (no `access` in the environment's config), so the warehouse has only the admin and "
                    + "the loaders' users.");
            return;
        }
        md.paragraph("The Redshift roles the access step (" + Markdown.code(access.resource())
                + ") makes the warehouse match at each deploy: a role reads (USAGE, SELECT) every table and view of "
                + "its read schemas, now and later, and may also INSERT, UPDATE and DELETE in its write schemas. "
                + "People sign in as a role through its sign-in IAM role (database user `IAMR:<role name>`); "
                + "services sign in as a user with the password of its secret.");
        List<List<String>> rows = new ArrayList<>();
        for (Role role : access.roles()) {
            rows.add(List.of(
                    Markdown.code(role.name()),
                    codes(role.reads()),
                    codes(role.writes()),
                    role.signInRole() == null ? "" : Markdown.code(role.signInRole()),
                    role.signInRole() == null ? "no one (no signIn)" : codes(role.signedInBy()),
                    codes(role.users()),
                    role.flag()));
        }
        md.table(List.of("role", "reads", "writes", "sign-in IAM role", "signed in by", "users", "flag"), rows);
    }

    private static String codes(List<String> values) {
        return values.isEmpty()
                ? "none"
                : String.join(", ", values.stream().map(Markdown::code).toList());
    }
}
