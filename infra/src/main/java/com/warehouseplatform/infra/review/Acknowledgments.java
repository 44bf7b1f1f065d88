package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The cdk-nag acknowledgments of a synth, found in the construct metadata of each stack
 * ({@code aws:cdk:acknowledged-rules} in {@code <stack>.metadata.json} or the manifest), and the question
 * "is this finding acknowledged on this resource?".
 */
final class Acknowledgments {
    private static final int RESOURCES_SHOWN = 8;

    private Acknowledgments() {}

    /**
     * The acknowledgment of {@code findingId} (or of its whole rule, such as {@code AwsSolutions-IAM5}) that lies
     * on one of the constructs at {@code paths} or on a parent of one.
     */
    static Optional<Acknowledgment> find(StackTemplate stack, Collection<String> paths, String findingId) {
        String rule = findingId.contains("[") ? findingId.substring(0, findingId.indexOf('[')) : findingId;
        return stack.acknowledgments().stream()
                .filter(a -> a.rule().equals(findingId) || a.rule().equals(rule))
                .filter(a -> paths.stream().anyMatch(a::covers))
                .findFirst();
    }

    static void appendTo(Markdown md, CloudAssembly assembly) {
        md.heading(2, "cdk-nag acknowledgments");
        List<List<String>> rows = new ArrayList<>();
        for (StackTemplate stack : assembly.stacks()) {
            for (Acknowledgment ack : stack.acknowledgments()) {
                List<String> covered = stack.resources().values().stream()
                        .filter(r -> ack.covers(r.path()))
                        .map(Resource::logicalId)
                        .toList();
                String resources = covered.stream()
                        .limit(RESOURCES_SHOWN)
                        .map(Markdown::code)
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("(no resource of its own)");
                if (covered.size() > RESOURCES_SHOWN) {
                    resources += " and " + (covered.size() - RESOURCES_SHOWN) + " more";
                }
                rows.add(List.of(
                        stack.name(),
                        Markdown.code(ack.findingId()),
                        ack.reason(),
                        Markdown.code(ack.path()),
                        resources));
            }
        }
        if (rows.isEmpty()) {
            md.paragraph("No acknowledged cdk-nag finding is recorded in this cdk.out.");
            return;
        }
        md.paragraph(
                rows.size() + " acknowledgments, each on the construct that carries it and the resources under it.");
        md.table(List.of("stack", "finding", "reason", "acknowledged on", "resources"), rows);
    }
}
