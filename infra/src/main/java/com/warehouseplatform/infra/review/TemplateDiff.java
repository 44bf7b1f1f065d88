package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What changes between two synths, stack by stack: resources added, removed and modified, with the paths of
 * the properties that differ ({@code ClusterIdentifier}, {@code LoggingProperties.BucketName},
 * {@code Tags[1].Value}) and of the resource attributes ({@code Type}, {@code DeletionPolicy},
 * {@code UpdateReplacePolicy}, {@code Condition}, {@code DependsOn}). Metadata is not compared.
 */
public record TemplateDiff(List<StackChanges> stacks) {
    private static final List<String> ATTRIBUTES =
            List.of("Type", "DeletionPolicy", "UpdateReplacePolicy", "Condition", "DependsOn");

    public enum StackStatus {
        ADDED,
        REMOVED,
        CHANGED,
        UNCHANGED
    }

    /** One resource that is modified: the definitions before and after and the paths that differ. */
    public record Modified(Resource before, Resource after, List<String> paths) {
        public boolean changed(String propertyPath) {
            return paths.stream()
                    .anyMatch(p -> p.equals(propertyPath)
                            || p.startsWith(propertyPath + ".")
                            || p.startsWith(propertyPath + "["));
        }
    }

    /** The changes of one stack; {@code unchanged} are the resources in both synths with nothing changed. */
    public record StackChanges(
            String stack,
            StackStatus status,
            List<Resource> added,
            List<Resource> removed,
            List<Modified> modified,
            List<Resource> unchanged) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && modified.isEmpty();
        }

        public Optional<Modified> modification(String logicalId) {
            return modified.stream()
                    .filter(m -> m.after().logicalId().equals(logicalId))
                    .findFirst();
        }
    }

    public static TemplateDiff between(CloudAssembly baseline, CloudAssembly current) {
        Set<String> names = new LinkedHashSet<>();
        baseline.stacks().forEach(s -> names.add(s.name()));
        current.stacks().forEach(s -> names.add(s.name()));
        List<StackChanges> stacks = new ArrayList<>();
        for (String name : names) {
            Optional<StackTemplate> before = baseline.stack(name);
            Optional<StackTemplate> after = current.stack(name);
            if (before.isEmpty()) {
                stacks.add(new StackChanges(
                        name,
                        StackStatus.ADDED,
                        List.copyOf(after.get().resources().values()),
                        List.of(),
                        List.of(),
                        List.of()));
            } else if (after.isEmpty()) {
                stacks.add(new StackChanges(
                        name,
                        StackStatus.REMOVED,
                        List.of(),
                        List.copyOf(before.get().resources().values()),
                        List.of(),
                        List.of()));
            } else {
                stacks.add(compare(before.get(), after.get()));
            }
        }
        return new TemplateDiff(List.copyOf(stacks));
    }

    public Optional<StackChanges> stack(String name) {
        return stacks.stream().filter(s -> s.stack().equals(name)).findFirst();
    }

    public boolean isEmpty() {
        return stacks.stream().allMatch(StackChanges::isEmpty);
    }

    private static StackChanges compare(StackTemplate before, StackTemplate after) {
        List<Resource> added = new ArrayList<>();
        List<Resource> removed = new ArrayList<>();
        List<Modified> modified = new ArrayList<>();
        List<Resource> unchanged = new ArrayList<>();
        for (Resource old : before.resources().values()) {
            Optional<Resource> now = after.resource(old.logicalId());
            if (now.isEmpty()) {
                removed.add(old);
                continue;
            }
            List<String> paths = new ArrayList<>();
            for (String attribute : ATTRIBUTES) {
                if (!Json.orMissing(old.definition().get(attribute))
                        .equals(Json.orMissing(now.get().definition().get(attribute)))) {
                    paths.add(attribute);
                }
            }
            differences(old.properties(), now.get().properties(), "", paths);
            if (paths.isEmpty()) {
                unchanged.add(now.get());
            } else {
                modified.add(new Modified(old, now.get(), List.copyOf(paths)));
            }
        }
        for (Resource now : after.resources().values()) {
            if (before.resource(now.logicalId()).isEmpty()) {
                added.add(now);
            }
        }
        StackStatus status = added.isEmpty() && removed.isEmpty() && modified.isEmpty()
                ? StackStatus.UNCHANGED
                : StackStatus.CHANGED;
        return new StackChanges(
                before.name(),
                status,
                List.copyOf(added),
                List.copyOf(removed),
                List.copyOf(modified),
                List.copyOf(unchanged));
    }

    /** Adds to {@code out} the paths under {@code prefix} where {@code a} and {@code b} differ. */
    static void differences(JsonNode a, JsonNode b, String prefix, List<String> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject() && !isIntrinsic(a) && !isIntrinsic(b)) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                differences(
                        Json.orMissing(a.get(key)),
                        Json.orMissing(b.get(key)),
                        prefix.isEmpty() ? key : prefix + "." + key,
                        out);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                differences(a.get(i), b.get(i), prefix + "[" + i + "]", out);
            }
            for (int i = common; i < Math.max(a.size(), b.size()); i++) {
                out.add(prefix + "[" + i + "]");
            }
            return;
        }
        out.add(prefix.isEmpty() ? "(all properties)" : prefix);
    }

    /** {@code {"Ref": ...}} or {@code {"Fn::...": ...}}: a value whose change is one change, not one per argument. */
    private static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }
}
