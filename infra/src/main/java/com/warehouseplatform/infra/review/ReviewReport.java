package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The review of one synth as Markdown: when there is a baseline, a summary of the changes, the data-loss guard
 * and the changes in detail ({@link ChangeReport}); then resources by type, stateful resources, IAM permissions (with the loaders' COPY roles), network
 * exposure, who can read and write what in the warehouse ({@link AccessGrants}), encryption, cdk-nag
 * acknowledgments, the AWS Control Tower proactive controls and the estimated monthly cost.
 */
public final class ReviewReport {

    /** The baseline a synth is compared with, what changes, and what the guard says about it. */
    public record Comparison(CloudAssembly baseline, TemplateDiff diff, DataLossGuard.Result guard) {}

    private ReviewReport() {}

    public static String render(
            CloudAssembly assembly, Comparison comparison, ReplacementRules rules, CostEstimate cost) {
        return render(assembly, comparison, rules, cost, ControlTowerSection.notRun("no controls check was asked for"));
    }

    static String render(
            CloudAssembly assembly,
            Comparison comparison,
            ReplacementRules rules,
            CostEstimate cost,
            ControlTowerSection controls) {
        Markdown md = new Markdown();
        List<String> stackNames =
                assembly.stacks().stream().map(StackTemplate::name).toList();
        md.heading(1, "Review of " + String.join(", ", stackNames));
        List<IamPermissions.Row> permissions = IamPermissions.of(assembly);
        List<CopyRoles.Row> copyRoles = CopyRoles.of(assembly);
        List<NetworkExposure.Row> exposure = NetworkExposure.of(assembly);
        List<Encryption.Row> encryption = Encryption.of(assembly);
        AccessGrants.Access access = AccessGrants.of(assembly);
        summary(md, assembly, comparison, rules, permissions, copyRoles, exposure, encryption);
        md.bullet(accessSummary(access));
        md.bullet(controls.summary());
        if (comparison != null) {
            ChangeReport changes = new ChangeReport(assembly, comparison);
            changes.appendSummary(md);
            guard(md, comparison);
            changes.appendDetails(md);
        }
        resourcesByType(md, assembly);
        StatefulResources.appendTo(md, assembly, rules);
        IamPermissions.appendTo(md, permissions, copyRoles);
        NetworkExposure.appendTo(md, exposure);
        AccessGrants.appendTo(md, access);
        Encryption.appendTo(md, encryption);
        Acknowledgments.appendTo(md, assembly);
        controls.appendTo(md);
        cost.appendTo(md, assembly);
        return md.toString();
    }

    private static void summary(
            Markdown md,
            CloudAssembly assembly,
            Comparison comparison,
            ReplacementRules rules,
            List<IamPermissions.Row> permissions,
            List<CopyRoles.Row> copyRoles,
            List<NetworkExposure.Row> exposure,
            List<Encryption.Row> encryption) {
        if (comparison != null) {
            DataLossGuard.Result guard = comparison.guard();
            md.bullet("Data-loss guard: "
                    + (guard.safe()
                            ? "passed (" + guard.allowed().size() + " allowed, "
                                    + guard.warnings().size() + " warnings)"
                            : Markdown.bold("BLOCKED: " + guard.blocked().size() + " stateful resource"
                                    + (guard.blocked().size() == 1 ? "" : "s") + " would be deleted or replaced")));
        } else {
            md.bullet("Data-loss guard: not run (no --baseline)");
        }
        md.bullet("Stacks: "
                + assembly.stacks().stream()
                        .map(s -> s.name() + " (" + s.resources().size() + " resources, "
                                + (s.knownRegion() == null ? "any region" : s.knownRegion()) + ")")
                        .collect(Collectors.joining(", ")));
        long deleting = StatefulResources.of(assembly, rules).stream()
                .filter(StatefulResources::deletesData)
                .count();
        md.bullet("Stateful resources: " + StatefulResources.of(assembly, rules).size()
                + (deleting == 0 ? ", none deleted with its data" : ", " + Markdown.bold(deleting + " with Delete")));
        long unacknowledged =
                permissions.stream().filter(IamPermissions.Row::unacknowledged).count();
        md.bullet("IAM: " + permissions.size() + " statements, "
                + (unacknowledged == 0
                        ? "no unacknowledged wildcard"
                        : Markdown.bold(unacknowledged + " unacknowledged"))
                + ", " + copyRoles.size() + " COPY roles, "
                + (copyRoles.stream().noneMatch(CopyRoles.Row::shared)
                        ? "none shared by loaders"
                        : Markdown.bold(
                                copyRoles.stream().filter(CopyRoles.Row::shared).count() + " shared by loaders")));
        md.bullet("Network: "
                + flagged(exposure.stream().map(NetworkExposure.Row::flag).toList()));
        md.bullet("Encryption: "
                + flagged(encryption.stream().map(Encryption.Row::flag).toList()));
    }

    private static String accessSummary(AccessGrants.Access access) {
        if (!access.managed()) {
            return "Access: none managed (no " + AccessGrants.TYPE + ")";
        }
        long signIn =
                access.roles().stream().filter(r -> r.signInRole() != null).count();
        long marked = access.marked();
        return "Access: " + access.roles().size() + " roles (" + signIn + " with IAM sign-in), "
                + access.users().size() + " service users, "
                + (marked == 0 ? "nothing marked" : Markdown.bold(marked + " marked"));
    }

    private static String flagged(List<String> flags) {
        long count = flags.stream().filter(f -> !f.isEmpty()).count();
        return count == 0 ? "nothing marked" : Markdown.bold(count + " marked");
    }

    private static void guard(Markdown md, Comparison comparison) {
        DataLossGuard.Result guard = comparison.guard();
        md.heading(2, "Data-loss guard against " + comparison.baseline().directory());
        if (guard.safe()) {
            md.paragraph("No stateful resource is deleted or replaced by this change"
                    + (guard.allowed().isEmpty() ? "." : ", except the ones allowed below."));
        } else {
            md.paragraph(
                    Markdown.bold("BLOCKED") + ": this change deletes or replaces stateful resources. Make it keep "
                            + "them, or, when the loss is intended, allow each one with --allow-replacement LOGICAL_ID.");
            guard.blocked().forEach(f -> md.bullet("BLOCKED " + Markdown.code(f.line())));
        }
        if (!guard.allowed().isEmpty()) {
            md.paragraph("Allowed:");
            guard.allowed().forEach(f -> md.bullet("allowed " + Markdown.code(f.line())));
        }
        if (!guard.warnings().isEmpty()) {
            md.paragraph("Warnings:");
            guard.warnings().forEach(f -> md.bullet("warning " + Markdown.code(f.line())));
        }
    }

    private static void resourcesByType(Markdown md, CloudAssembly assembly) {
        md.heading(2, "Resources by type");
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (StackTemplate stack : assembly.stacks()) {
            for (Resource r : stack.resources().values()) {
                counts.computeIfAbsent(r.type(), t -> new TreeMap<>()).merge(stack.name(), 1L, Long::sum);
            }
        }
        List<String> headers = new ArrayList<>(List.of("type"));
        assembly.stacks().forEach(s -> headers.add(s.name()));
        List<List<String>> rows = new ArrayList<>();
        counts.forEach((type, byStack) -> {
            List<String> row = new ArrayList<>(List.of(type));
            assembly.stacks()
                    .forEach(s -> row.add(
                            byStack.containsKey(s.name())
                                    ? byStack.get(s.name()).toString()
                                    : ""));
            rows.add(row);
        });
        List<String> total = new ArrayList<>(List.of("**total**"));
        assembly.stacks()
                .forEach(s ->
                        total.add(Markdown.bold(String.valueOf(s.resources().size()))));
        rows.add(total);
        md.table(headers, rows);
    }
}
