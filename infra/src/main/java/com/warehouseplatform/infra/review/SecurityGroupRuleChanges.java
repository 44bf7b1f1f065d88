package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The security group rules a change adds ({@code +}) and removes ({@code -}), inline ones and
 * {@code AWS::EC2::SecurityGroupIngress/Egress} resources, like the "Security Group Changes" table of
 * {@code cdk diff}. An added rule is marked widened when it is open to anywhere, allows all protocols, or covers
 * a removed rule of the same group and direction with more addresses or ports.
 */
final class SecurityGroupRuleChanges {
    static final String WIDENED = "widened";
    private static final Set<String> ANYWHERE = Set.of("0.0.0.0/0", "::/0");

    /** One rule: the group, ingress or egress, protocol, port range and the peer it allows. */
    record Rule(String stack, String group, String direction, String protocol, int fromPort, int toPort, String peer) {
        String ports() {
            if (protocol.equals("-1")) {
                return "all";
            }
            return fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort;
        }

        boolean covers(Rule other) {
            return stack.equals(other.stack)
                    && group.equals(other.group)
                    && direction.equals(other.direction)
                    && (protocol.equals("-1")
                            || protocol.equals(other.protocol) && fromPort <= other.fromPort && toPort >= other.toPort)
                    && Cidr.contains(peer, other.peer);
        }
    }

    /** One added or removed rule; {@code widened} for an added rule that opens more than before. */
    record Change(String sign, Rule rule, boolean widened) {}

    private SecurityGroupRuleChanges() {}

    static List<Change> between(CloudAssembly baseline, CloudAssembly current) {
        List<Rule> before = rules(baseline);
        List<Rule> after = rules(current);
        List<Rule> removed = Changes.added(after, before, r -> r);
        List<Change> changes = new ArrayList<>();
        for (Rule added : Changes.added(before, after, r -> r)) {
            boolean widened = ANYWHERE.contains(added.peer())
                    || added.protocol().equals("-1")
                    || removed.stream().anyMatch(added::covers);
            changes.add(new Change("+", added, widened));
        }
        removed.forEach(r -> changes.add(new Change("-", r, false)));
        return changes;
    }

    static void appendTo(Markdown md, List<Change> changes) {
        md.heading(3, "Security group rule changes");
        if (changes.isEmpty()) {
            md.paragraph("No security group rule is added or removed.");
            return;
        }
        List<List<String>> rows = changes.stream()
                .map(c -> List.of(
                        c.sign(),
                        c.rule().stack(),
                        Markdown.code(c.rule().group()),
                        c.rule().direction(),
                        c.rule().protocol().equals("-1") ? "all" : c.rule().protocol(),
                        c.rule().ports(),
                        Markdown.code(c.rule().peer()),
                        c.widened() ? Markdown.bold(WIDENED) : ""))
                .toList();
        md.fittedTable(List.of("", "stack", "group", "direction", "protocol", "ports", "peer", "marked"), rows);
    }

    static List<Rule> rules(CloudAssembly assembly) {
        List<Rule> rules = new ArrayList<>();
        for (StackTemplate stack : assembly.stacks()) {
            Intrinsics text = new Intrinsics(assembly, stack);
            for (Resource r : stack.resources().values()) {
                switch (r.type()) {
                    case "AWS::EC2::SecurityGroup" -> {
                        Json.list(r.property("SecurityGroupIngress"))
                                .forEach(rule -> rules.add(rule(stack, r.logicalId(), "ingress", rule, text)));
                        Json.list(r.property("SecurityGroupEgress"))
                                .forEach(rule -> rules.add(rule(stack, r.logicalId(), "egress", rule, text)));
                    }
                    case "AWS::EC2::SecurityGroupIngress" ->
                        rules.add(rule(stack, text.text(r.property("GroupId")), "ingress", r.properties(), text));
                    case "AWS::EC2::SecurityGroupEgress" ->
                        rules.add(rule(stack, text.text(r.property("GroupId")), "egress", r.properties(), text));
                    default -> {}
                }
            }
        }
        return rules;
    }

    private static Rule rule(StackTemplate stack, String group, String direction, JsonNode rule, Intrinsics text) {
        String protocol = text.text(rule.path("IpProtocol"));
        boolean all = protocol.equals("-1") || protocol.equals("all");
        return new Rule(
                stack.name(),
                group,
                direction,
                all ? "-1" : protocol,
                all ? 0 : rule.path("FromPort").asInt(0),
                all ? 65535 : rule.path("ToPort").asInt(65535),
                peer(rule, text));
    }

    private static String peer(JsonNode rule, Intrinsics text) {
        for (String field : List.of(
                "CidrIp",
                "CidrIpv6",
                "SourceSecurityGroupId",
                "DestinationSecurityGroupId",
                "SourcePrefixListId",
                "DestinationPrefixListId")) {
            if (rule.has(field)) {
                String value = text.text(rule.path(field));
                return field.startsWith("Cidr") ? value : field.replaceAll("(Source|Destination|Id)", "") + " " + value;
            }
        }
        return "(no peer)";
    }
}
