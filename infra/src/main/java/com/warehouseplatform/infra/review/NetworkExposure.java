package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a synth can be reached: the ingress rules of security groups (CIDRs, security groups, prefix lists and
 * ports), PubliclyAccessible of clusters and workgroups, the public access block of buckets, and internet or
 * NAT gateways. Open-to-the-internet rules, public endpoints and missing blocks are marked.
 */
final class NetworkExposure {
    private static final Set<String> ANYWHERE = Set.of("0.0.0.0/0", "::/0");
    private static final List<String> BLOCKS =
            List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets");

    /** One way in: where from, to what, and a flag when it is open or public. */
    record Row(String stack, String resource, String kind, String detail, String flag) {}

    private NetworkExposure() {}

    static List<Row> of(CloudAssembly assembly) {
        List<Row> rows = new ArrayList<>();
        for (StackTemplate stack : assembly.stacks()) {
            Intrinsics text = new Intrinsics(assembly, stack);
            for (Resource r : stack.resources().values()) {
                String id = Markdown.code(r.logicalId());
                switch (r.type()) {
                    case "AWS::EC2::SecurityGroup" -> {
                        List<JsonNode> ingress = Json.list(r.property("SecurityGroupIngress"));
                        if (ingress.isEmpty()) {
                            rows.add(new Row(stack.name(), id, "security group", "no inline ingress rule", ""));
                        }
                        ingress.forEach(rule -> rows.add(ingress(stack, id, rule, text)));
                    }
                    case "AWS::EC2::SecurityGroupIngress" ->
                        rows.add(ingress(
                                stack,
                                id + " of " + Markdown.code(text.text(r.property("GroupId"))),
                                r.properties(),
                                text));
                    case "AWS::Redshift::Cluster", "AWS::RedshiftServerless::Workgroup" -> {
                        boolean open = r.property("PubliclyAccessible").asBoolean(false);
                        rows.add(new Row(
                                stack.name(),
                                id,
                                r.type(),
                                "PubliclyAccessible "
                                        + (r.property("PubliclyAccessible").isMissingNode() ? "not set (false)" : open)
                                        + ", port "
                                        + (r.property("Port").isMissingNode()
                                                ? "not set (default 5439)"
                                                : text.text(r.property("Port"))),
                                open ? Markdown.bold("public endpoint") : ""));
                    }
                    case "AWS::S3::Bucket" -> rows.add(bucket(stack, id, r));
                    case "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::EgressOnlyInternetGateway" ->
                        rows.add(new Row(
                                stack.name(),
                                id,
                                r.type(),
                                "a route to or from the internet",
                                Markdown.bold("internet access")));
                    default -> {}
                }
            }
        }
        return rows;
    }

    private static Row ingress(StackTemplate stack, String group, JsonNode rule, Intrinsics text) {
        String source;
        if (rule.has("CidrIp")) {
            source = text.text(rule.path("CidrIp"));
        } else if (rule.has("CidrIpv6")) {
            source = text.text(rule.path("CidrIpv6"));
        } else if (rule.has("SourceSecurityGroupId")) {
            source = "security group " + text.text(rule.path("SourceSecurityGroupId"));
        } else if (rule.has("SourcePrefixListId")) {
            source = "prefix list " + text.text(rule.path("SourcePrefixListId"));
        } else {
            source = "(no source)";
        }
        String protocol = text.text(rule.path("IpProtocol"));
        String ports = "-1".equals(protocol)
                ? "all protocols and ports"
                : protocol + " " + portRange(text.text(rule.path("FromPort")), text.text(rule.path("ToPort")));
        String description = rule.has("Description") ? " (" + text.text(rule.path("Description")) + ")" : "";
        String flag = ANYWHERE.contains(source) ? Markdown.bold("open to the internet") : "";
        return new Row(
                stack.name(), group, "ingress", "from " + Markdown.code(source) + " to " + ports + description, flag);
    }

    private static String portRange(String from, String to) {
        return from.equals(to) || to.isEmpty() ? "port " + from : "ports " + from + "-" + to;
    }

    private static Row bucket(StackTemplate stack, String id, Resource bucket) {
        JsonNode block = bucket.property("PublicAccessBlockConfiguration");
        if (block.isMissingNode()) {
            return new Row(
                    stack.name(),
                    id,
                    "S3 bucket",
                    "public access block not declared: the account's settings "
                            + "apply (S3 blocks public access of new buckets by default)",
                    Markdown.bold("not declared"));
        }
        List<String> off =
                BLOCKS.stream().filter(b -> !block.path(b).asBoolean(false)).toList();
        return off.isEmpty()
                ? new Row(stack.name(), id, "S3 bucket", "public access block: all four settings on", "")
                : new Row(
                        stack.name(),
                        id,
                        "S3 bucket",
                        "public access block: " + String.join(", ", off) + " off",
                        Markdown.bold("public access possible"));
    }

    static void appendTo(Markdown md, List<Row> rows) {
        md.heading(2, "Network exposure");
        long flagged = rows.stream().filter(r -> !r.flag().isEmpty()).count();
        md.paragraph(
                flagged == 0
                        ? "Nothing is open to the internet: no 0.0.0.0/0 or ::/0 ingress, no public "
                                + "endpoint, every bucket blocks public access, no internet or NAT gateway."
                        : Markdown.bold(flagged + " findings") + " below are marked.");
        md.table(
                List.of("stack", "resource", "kind", "detail", "flag"),
                rows.stream()
                        .map(r -> List.of(r.stack(), r.resource(), r.kind(), r.detail(), r.flag()))
                        .toList());
    }
}
