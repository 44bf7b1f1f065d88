package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a change against the baseline does, for a reviewer: first a summary per stack (resources added, modified,
 * replaced and deleted; IAM statements added with wildcards; security group rules widened), then per stack the
 * changed resources with their old and new values, the IAM statement changes and the security group rule changes.
 */
final class ChangeReport {
    private final CloudAssembly baseline;
    private final CloudAssembly current;
    private final TemplateDiff diff;
    private final DataLossGuard.Result guard;
    private final List<IamStatementChanges.Change> iam;
    private final List<SecurityGroupRuleChanges.Change> rules;
    private final List<AccessChanges.Change> access;

    ChangeReport(CloudAssembly current, ReviewReport.Comparison comparison) {
        this.baseline = comparison.baseline();
        this.current = current;
        this.diff = comparison.diff();
        this.guard = comparison.guard();
        this.iam = IamStatementChanges.between(baseline, current);
        this.rules = SecurityGroupRuleChanges.between(baseline, current);
        this.access = AccessChanges.between(baseline, current);
    }

    void appendSummary(Markdown md) {
        md.heading(2, "Summary of changes");
        if (diff.isEmpty()) {
            md.paragraph("No resource is added, removed or modified.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (TemplateDiff.StackChanges stack : diff.stacks()) {
            if (stack.isEmpty()) {
                continue;
            }
            String name = stack.stack();
            long wildcards = iam.stream()
                    .filter(c -> c.statement().stack().equals(name))
                    .filter(IamStatementChanges.Change::widens)
                    .count();
            long widened = rules.stream()
                    .filter(c -> c.rule().stack().equals(name))
                    .filter(SecurityGroupRuleChanges.Change::widened)
                    .count();
            rows.add(List.of(
                    name,
                    String.valueOf(stack.added().size()),
                    String.valueOf(stack.modified().size()),
                    String.valueOf(replaced(stack).size()),
                    String.valueOf(stack.removed().size()),
                    iam.stream()
                                    .filter(c -> c.statement().stack().equals(name)
                                            && c.sign().equals("+"))
                                    .count() + " / "
                            + iam.stream()
                                    .filter(c -> c.statement().stack().equals(name)
                                            && c.sign().equals("-"))
                                    .count(),
                    wildcards == 0 ? "" : Markdown.bold(wildcards + " added with `*`"),
                    rules.stream()
                                    .filter(c -> c.rule().stack().equals(name)
                                            && c.sign().equals("+"))
                                    .count() + " / "
                            + rules.stream()
                                    .filter(c -> c.rule().stack().equals(name)
                                            && c.sign().equals("-"))
                                    .count(),
                    widened == 0 ? "" : Markdown.bold(widened + " " + SecurityGroupRuleChanges.WIDENED)));
        }
        md.fittedTable(
                List.of(
                        "stack",
                        "added",
                        "modified",
                        "replaced",
                        "deleted",
                        "IAM statements + / -",
                        "IAM widened",
                        "security group rules + / -",
                        "network widened"),
                rows);
        md.paragraph("Replaced counts the resources the data-loss guard knows to be replaced (stateful types) and type "
                + "changes; other replacements show as modified.");
        md.paragraph(AccessChanges.summary(access));
    }

    void appendDetails(Markdown md) {
        md.heading(2, "Changes");
        if (diff.isEmpty()) {
            md.paragraph("No resource is added, removed or modified.");
            return;
        }
        for (TemplateDiff.StackChanges stack : diff.stacks()) {
            if (!stack.isEmpty()) {
                stackChanges(md, stack);
            }
        }
        IamStatementChanges.appendTo(md, iam);
        SecurityGroupRuleChanges.appendTo(md, rules);
        AccessChanges.appendTo(md, access);
    }

    private void stackChanges(Markdown md, TemplateDiff.StackChanges stack) {
        md.heading(
                3,
                stack.stack()
                        + switch (stack.status()) {
                            case ADDED -> " (new stack)";
                            case REMOVED -> " (stack removed)";
                            default -> "";
                        });
        List<List<String>> rows = new ArrayList<>();
        stack.added().forEach(r -> rows.add(List.of("added", Markdown.code(r.logicalId()), r.type(), "")));
        stack.removed().forEach(r -> rows.add(List.of("removed", Markdown.code(r.logicalId()), r.type(), "")));
        stack.modified()
                .forEach(m -> rows.add(List.of(
                        "modified",
                        Markdown.code(m.after().logicalId()),
                        m.after().type(),
                        String.join(", ", m.paths().stream().map(Markdown::code).toList()))));
        md.fittedTable(List.of("change", "logical id", "type", "changed paths"), rows);
        if (stack.modified().isEmpty()) {
            return;
        }
        md.paragraph("Changed properties, old -> new:");
        Set<String> replaced = replaced(stack);
        Intrinsics before =
                new Intrinsics(baseline, baseline.stack(stack.stack()).orElseThrow());
        Intrinsics after = new Intrinsics(current, current.stack(stack.stack()).orElseThrow());
        for (TemplateDiff.Modified modified : stack.modified()) {
            md.fittedBullet(Markdown.code(modified.after().logicalId()) + " ("
                    + modified.after().type() + ")"
                    + (replaced.contains(modified.after().logicalId()) ? " " + Markdown.bold("replaced") : ""));
            PropertyChanges.of(modified, before, after).forEach(md::subBullet);
        }
    }

    /** The logical ids of a stack that the change replaces: a type change, or a replacement the guard finds. */
    private Set<String> replaced(TemplateDiff.StackChanges stack) {
        Set<String> ids = new TreeSet<>();
        stack.modified().stream()
                .filter(m -> m.paths().contains("Type"))
                .forEach(m -> ids.add(m.after().logicalId()));
        ids.addAll(Stream.concat(guard.blocked().stream(), guard.allowed().stream())
                .filter(f -> f.stack().equals(stack.stack())
                        && !f.property().equals("(removed)")
                        && stack.modification(f.logicalId()).isPresent())
                .map(DataLossGuard.Finding::logicalId)
                .collect(Collectors.toSet()));
        return ids;
    }
}
