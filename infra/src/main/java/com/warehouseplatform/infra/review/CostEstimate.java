package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An estimated monthly compute cost from the price table {@code review/prices.json} (on-demand list prices per
 * node-hour and per RPU-hour, with their source and date): provisioned clusters run nodes x price x 730 hours;
 * Serverless workgroups are given as base RPUs x price x 730 hours, the upper bound when the workgroup is busy
 * all month at its base capacity. A region or node type the table has no price for is reported as unknown.
 */
final class CostEstimate {

    /** One warehouse and what it costs per month, or why that is unknown. */
    record Row(String stack, String resource, String what, String unitPrice, String monthly, BigDecimal amount) {}

    private final JsonNode prices;

    CostEstimate(JsonNode prices) {
        this.prices = prices;
    }

    static CostEstimate load() {
        return new CostEstimate(Json.resource("prices.json"));
    }

    int hoursPerMonth() {
        return prices.path("hoursPerMonth").asInt(730);
    }

    List<Row> of(CloudAssembly assembly) {
        List<Row> rows = new ArrayList<>();
        for (StackTemplate stack : assembly.stacks()) {
            for (Resource r : stack.resources().values()) {
                if (r.type().equals("AWS::Redshift::Cluster")) {
                    rows.add(cluster(stack, r));
                } else if (r.type().equals("AWS::RedshiftServerless::Workgroup")) {
                    rows.add(workgroup(stack, r));
                }
            }
        }
        return rows;
    }

    private Row cluster(StackTemplate stack, Resource cluster) {
        String nodeType = cluster.property("NodeType").asText("?");
        int nodes = nodes(cluster);
        String what = nodes + " x " + nodeType + " node" + (nodes == 1 ? "" : "s")
                + (multiAz(cluster) ? " (Multi-AZ: " + nodes / 2 + " in each of 2 zones)" : "") + ", on demand, "
                + hoursPerMonth() + " h/month";
        JsonNode price = region(stack).path("nodeHour").path(nodeType);
        if (!price.isNumber()) {
            return unknown(stack, cluster, what, nodeType);
        }
        BigDecimal monthly = price.decimalValue().multiply(BigDecimal.valueOf((long) nodes * hoursPerMonth()));
        return new Row(
                stack.name(),
                Markdown.code(cluster.logicalId()),
                what,
                "$" + price.decimalValue().toPlainString() + " per node-hour (" + stack.knownRegion() + ")",
                dollars(monthly),
                monthly);
    }

    /**
     * The nodes billed: a Multi-AZ cluster's NumberOfNodes is per zone and Redshift runs as many in a second zone
     * ("Setting up Multi-AZ deployment", https://docs.aws.amazon.com/redshift/latest/mgmt/overview-multi-az.html:
     * "the number of compute nodes to provision in each Availability Zone"), so twice the nodes are billed.
     */
    private static int nodes(Resource cluster) {
        int nodes = "single-node".equals(cluster.property("ClusterType").asText())
                ? 1
                : cluster.property("NumberOfNodes").asInt(1);
        return multiAz(cluster) ? 2 * nodes : nodes;
    }

    private static boolean multiAz(Resource cluster) {
        return cluster.property("MultiAZ").asBoolean(false);
    }

    private Row workgroup(StackTemplate stack, Resource workgroup) {
        int base = workgroup.property("BaseCapacity").asInt(128);
        String max = workgroup.property("MaxCapacity").isMissingNode()
                ? ""
                : ", can scale to " + workgroup.property("MaxCapacity").asText() + " RPUs";
        String what = base + " base RPUs" + (workgroup.property("BaseCapacity").isMissingNode() ? " (default)" : "")
                + max + "; upper bound: busy " + hoursPerMonth() + " h/month at base capacity (Serverless bills only "
                + "while queries run)";
        JsonNode price = region(stack).path("rpuHour");
        if (!price.isNumber()) {
            return unknown(stack, workgroup, what, "Serverless RPU-hours");
        }
        BigDecimal monthly = price.decimalValue().multiply(BigDecimal.valueOf((long) base * hoursPerMonth()));
        return new Row(
                stack.name(),
                Markdown.code(workgroup.logicalId()),
                what,
                "$" + price.decimalValue().toPlainString() + " per RPU-hour (" + stack.knownRegion() + ")",
                "at most " + dollars(monthly),
                monthly);
    }

    private Row unknown(StackTemplate stack, Resource resource, String what, String item) {
        String region = stack.knownRegion();
        String why = region == null
                ? "unknown: the stack has no region"
                : prices.path("regions").has(region)
                        ? "unknown: prices.json has no price of " + item + " in " + region
                        : "unknown: prices.json has no prices for " + region;
        return new Row(stack.name(), Markdown.code(resource.logicalId()), what, why, "unknown", null);
    }

    private JsonNode region(StackTemplate stack) {
        return stack.knownRegion() == null
                ? Json.orMissing(null)
                : prices.path("regions").path(stack.knownRegion());
    }

    static String dollars(BigDecimal amount) {
        return String.format(Locale.ROOT, "$%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
    }

    void appendTo(Markdown md, CloudAssembly assembly) {
        md.heading(2, "Estimated monthly cost");
        List<Row> rows = of(assembly);
        if (rows.isEmpty()) {
            md.paragraph("No Redshift cluster or workgroup in this synth.");
            return;
        }
        md.table(
                List.of("stack", "warehouse", "what", "list price", "per month"),
                rows.stream()
                        .map(r -> List.of(r.stack(), r.resource(), r.what(), r.unitPrice(), r.monthly()))
                        .toList());
        // the regions of the warehouses priced above, not of every stack (a DR stack holds no warehouse)
        Set<String> warehouseStacks = rows.stream().map(Row::stack).collect(Collectors.toSet());
        Set<String> regions = new LinkedHashSet<>();
        for (StackTemplate stack : assembly.stacks()) {
            if (warehouseStacks.contains(stack.name())) {
                regions.add(stack.knownRegion() == null ? "unknown" : stack.knownRegion());
            }
        }
        for (String region : regions) {
            JsonNode entry = prices.path("regions").path(region);
            if (entry.path("asOf").isTextual()) {
                md.bullet("Prices for " + region + ": on-demand list prices copied from "
                        + entry.path("source").asText() + " as of "
                        + entry.path("asOf").asText() + ". They may be out of date: check the pricing page.");
            } else if (!entry.isMissingNode()) {
                md.bullet("Prices for " + region + " are not recorded in prices.json: "
                        + entry.path("recorded").asText());
            } else {
                md.bullet("prices.json has no entry for the region " + region + ": the cost is unknown, not guessed.");
            }
        }
        reference(md, assembly, rows);
        md.bullet("Compute only: managed storage, snapshots, S3, data transfer, Spectrum, concurrency scaling, Lambda "
                + "and the other services are not included. A paused cluster (pause/resume schedule) costs less; "
                + "reserved nodes cost less.");
    }

    /** For warehouses whose price is unknown, what the same warehouse costs in a region the table has, as a reference. */
    private void reference(Markdown md, CloudAssembly assembly, List<Row> rows) {
        if (rows.stream().allMatch(r -> r.amount() != null)) {
            return;
        }
        String referenceRegion = "us-east-1";
        JsonNode reference = prices.path("regions").path(referenceRegion);
        for (StackTemplate stack : assembly.stacks()) {
            for (Resource r : stack.resources().values()) {
                BigDecimal amount = null;
                if (r.type().equals("AWS::Redshift::Cluster")
                        && reference
                                .path("nodeHour")
                                .path(r.property("NodeType").asText())
                                .isNumber()) {
                    int nodes = nodes(r);
                    amount = reference
                            .path("nodeHour")
                            .path(r.property("NodeType").asText())
                            .decimalValue()
                            .multiply(BigDecimal.valueOf((long) nodes * hoursPerMonth()));
                } else if (r.type().equals("AWS::RedshiftServerless::Workgroup")
                        && reference.path("rpuHour").isNumber()) {
                    amount = reference
                            .path("rpuHour")
                            .decimalValue()
                            .multiply(BigDecimal.valueOf(
                                    (long) r.property("BaseCapacity").asInt(128) * hoursPerMonth()));
                }
                if (amount != null && referenceRegion.equals(stack.knownRegion())) {
                    amount = null;
                }
                if (amount != null) {
                    md.bullet("For reference only, not an estimate for " + stack.knownRegion() + ": "
                            + Markdown.code(r.logicalId())
                            + " would cost " + dollars(amount) + " per month at the " + referenceRegion
                            + " list price ("
                            + reference.path("asOf").asText() + "); prices differ between regions.");
                }
            }
        }
    }
}
