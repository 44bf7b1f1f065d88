package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.List;

/**
 * The policy statements a change adds ({@code +}) and removes ({@code -}), like the "IAM Statement Changes" table
 * of {@code cdk diff}: a statement is the same when its stack, principal, policy, effect, actions, resources and
 * condition are; statements with a {@code *} in their actions, resources or principal are marked.
 */
final class IamStatementChanges {
    static final String WILDCARD = "wildcard `*`";

    /** One added or removed statement. */
    record Change(String sign, IamPermissions.Row statement) {
        boolean wildcard() {
            return statement.actions().contains("*")
                    || statement.resources().contains("*")
                    || statement.principal().contains("*");
        }

        boolean widens() {
            return sign.equals("+") && wildcard() && statement.effect().equals("Allow");
        }
    }

    private IamStatementChanges() {}

    static List<Change> between(CloudAssembly baseline, CloudAssembly current) {
        List<Change> changes = new ArrayList<>();
        Changes.added(IamPermissions.of(baseline), IamPermissions.of(current), IamStatementChanges::key)
                .forEach(row -> changes.add(new Change("+", row)));
        Changes.added(IamPermissions.of(current), IamPermissions.of(baseline), IamStatementChanges::key)
                .forEach(row -> changes.add(new Change("-", row)));
        return changes;
    }

    static void appendTo(Markdown md, List<Change> changes) {
        md.heading(3, "IAM statement changes");
        if (changes.isEmpty()) {
            md.paragraph("No policy statement is added or removed.");
            return;
        }
        List<List<String>> rows = changes.stream()
                .map(c -> List.of(
                        c.sign(),
                        c.statement().stack(),
                        c.statement().principal(),
                        c.statement().source(),
                        c.statement().effect(),
                        c.statement().actions(),
                        c.statement().resources(),
                        c.statement().condition(),
                        c.wildcard() ? Markdown.bold(WILDCARD) : ""))
                .toList();
        md.fittedTable(
                List.of(
                        "",
                        "stack",
                        "principal",
                        "granted by",
                        "effect",
                        "actions",
                        "resources",
                        "condition",
                        "marked"),
                rows);
    }

    private static List<String> key(IamPermissions.Row row) {
        return List.of(
                row.stack(),
                row.principal(),
                row.source(),
                row.effect(),
                row.actions(),
                row.resources(),
                row.condition());
    }
}
