package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The resources that hold data (the types of {@link ReplacementRules}), with their deletion policies. */
final class StatefulResources {
    private static final Map<String, String> NAME_PROPERTY = Map.of(
            "AWS::Redshift::Cluster", "ClusterIdentifier",
            "AWS::RedshiftServerless::Namespace", "NamespaceName",
            "AWS::RedshiftServerless::Workgroup", "WorkgroupName",
            "AWS::S3::Bucket", "BucketName",
            "AWS::SecretsManager::Secret", "Name",
            "AWS::SQS::Queue", "QueueName",
            "AWS::Logs::LogGroup", "LogGroupName",
            "AWS::KMS::Key", "Description");

    private StatefulResources() {}

    static List<Resource> of(CloudAssembly assembly, ReplacementRules rules) {
        return assembly.resources().stream()
                .filter(r -> rules.isStateful(r.type()))
                .toList();
    }

    /** Resources whose data goes when they are removed or replaced. */
    static boolean deletesData(Resource resource) {
        return resource.deletedWithStack() || resource.deletedOnReplacement();
    }

    static void appendTo(Markdown md, CloudAssembly assembly, ReplacementRules rules) {
        md.heading(2, "Stateful resources");
        List<Resource> stateful = of(assembly, rules);
        long deleting = stateful.stream().filter(StatefulResources::deletesData).count();
        md.paragraph(stateful.size() + " resources hold data (" + String.join(", ", rules.statefulTypes()) + "). "
                + (deleting == 0
                        ? "None of them is deleted with its data when removed or replaced (Retain or Snapshot)."
                        : Markdown.bold(deleting + " of them are deleted with their data")
                                + " when removed from their stack "
                                + "or replaced (DeletionPolicy or UpdateReplacePolicy Delete)."));
        List<List<String>> rows = new ArrayList<>();
        for (Resource resource : stateful) {
            StackTemplate stack = assembly.stack(resource.stack()).orElseThrow();
            String nameProperty = NAME_PROPERTY.get(resource.type());
            String name =
                    nameProperty == null || resource.property(nameProperty).isMissingNode()
                            ? "(generated)"
                            : new Intrinsics(assembly, stack).text(resource.property(nameProperty));
            rows.add(List.of(
                    resource.stack(),
                    Markdown.code(resource.logicalId()),
                    resource.type(),
                    name,
                    flagged(resource.deletionPolicy()),
                    flagged(resource.updateReplacePolicy()),
                    deletesData(resource)
                            ? "**Delete on a stateful resource**: its data goes with it"
                            : "removed: " + resource.fate("DeletionPolicy") + "; replaced: "
                                    + resource.fate("UpdateReplacePolicy")));
        }
        md.table(
                List.of(
                        "stack",
                        "logical id",
                        "type",
                        "name",
                        "DeletionPolicy",
                        "UpdateReplacePolicy",
                        "when removed or replaced"),
                rows);
    }

    private static String flagged(String policy) {
        return policy.startsWith("Delete") ? Markdown.bold(policy) : policy;
    }
}
