package com.warehouseplatform.infra.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Redshift warehouse: a provisioned cluster. */
public record WarehouseConfig(String type, String nodeType, int numberOfNodes, String databaseName,
                              String adminUsername, int port, int snapshotRetentionDays,
                              String maintenanceWindow, List<String> allowedCidrs) {

    /** RA3 node types and the node counts a cluster of that type may have (1 = single-node). */
    record NodeCounts(int min, int max, boolean singleNode) {
        String describe() {
            return (singleNode ? "1 or " : "") + min + " to " + max;
        }

        boolean allows(int count) {
            return (singleNode && count == 1) || (count >= min && count <= max);
        }
    }

    static final Map<String, NodeCounts> NODE_TYPES = Map.of(
            "ra3.large", new NodeCounts(2, 16, false),
            "ra3.xlplus", new NodeCounts(2, 16, true),
            "ra3.4xlarge", new NodeCounts(2, 32, false),
            "ra3.16xlarge", new NodeCounts(2, 128, false));
    static final List<String> TYPES = List.of("provisioned");
    static final String DEFAULT_MAINTENANCE_WINDOW = "sun:03:00-sun:03:30";
    private static final Pattern WINDOW = Pattern.compile(
            "(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):([0-5]\\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):([0-5]\\d)");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public boolean singleNode() {
        return numberOfNodes == 1;
    }

    static WarehouseConfig read(YamlObject o) {
        String type = o.string("type", "provisioned");
        if (type != null && !TYPES.contains(type)) {
            o.problem("type", "must be one of " + TYPES + ", got \"" + type + "\"");
            type = null;
        }
        String nodeType = o.string("nodeType", true);
        Integer nodes = o.integer("numberOfNodes", null, 1, 128);
        if (nodeType != null && !NODE_TYPES.containsKey(nodeType)) {
            o.problem("nodeType", "must be one of the RA3 node types " + NODE_TYPES.keySet().stream().sorted().toList()
                    + ", got \"" + nodeType + "\"");
            nodeType = null;
        }
        if (nodeType != null && nodes != null && !NODE_TYPES.get(nodeType).allows(nodes)) {
            o.problem("numberOfNodes", nodeType + " needs " + NODE_TYPES.get(nodeType).describe() + " nodes, got " + nodes);
            nodes = null;
        }
        String database = o.string("databaseName", true);
        if (database != null) {
            String reason = "dev".equals(database)
                    ? "\"dev\" is Redshift's default database name; choose a name of your own"
                    : RedshiftNames.problem(database);
            if (reason != null) {
                o.problem("databaseName", reason);
                database = null;
            }
        }
        String admin = o.string("adminUsername", true);
        if (admin != null) {
            String reason = "awsuser".equals(admin)
                    ? "\"awsuser\" is Redshift's default admin name; choose a name of your own"
                    : admin.startsWith("iamr:") || admin.startsWith("iam:") ? "\"" + admin + "\" is reserved for IAM identities"
                    : RedshiftNames.problem(admin);
            if (reason != null) {
                o.problem("adminUsername", reason);
                admin = null;
            }
        }
        Integer port = o.integer("port", 5440, 1150, 65535);
        if (port != null && port == 5439) {
            o.problem("port", "5439 is Redshift's default port; choose another between 1150 and 65535");
            port = null;
        }
        Integer retention = o.integer("snapshotRetentionDays", 7, 1, 35);
        String window = o.string("maintenanceWindow", DEFAULT_MAINTENANCE_WINDOW);
        if (window != null) {
            String reason = windowProblem(window);
            if (reason != null) {
                o.problem("maintenanceWindow", reason);
                window = null;
            }
        }
        List<String> cidrs = o.strings("allowedCidrs", true);
        for (String cidr : cidrs) {
            String reason = Cidr.problem(cidr);
            if (reason == null && Cidr.prefixLength(cidr) == 0) {
                reason = "\"" + cidr + "\" opens the warehouse to the whole internet";
            }
            if (reason != null) {
                o.problem("allowedCidrs", reason);
            }
        }
        if (type == null || nodeType == null || nodes == null || database == null || admin == null
                || port == null || retention == null || window == null) {
            return null;
        }
        return new WarehouseConfig(type, nodeType, nodes, database, admin, port, retention, window, cidrs);
    }

    /** Redshift wants ddd:hh24:mi-ddd:hh24:mi (UTC), at least 30 minutes long. */
    static String windowProblem(String window) {
        Matcher m = WINDOW.matcher(window);
        if (!m.matches()) {
            return "\"" + window + "\" is not a window such as sun:03:00-sun:03:30 (ddd:hh24:mi-ddd:hh24:mi, UTC)";
        }
        int start = minuteOfWeek(m.group(1), m.group(2), m.group(3));
        int end = minuteOfWeek(m.group(4), m.group(5), m.group(6));
        int length = Math.floorMod(end - start, 7 * 24 * 60);
        if (length < 30) {
            return "\"" + window + "\" must last at least 30 minutes, it lasts " + length;
        }
        return null;
    }

    private static int minuteOfWeek(String day, String hour, String minute) {
        return DAYS.indexOf(day) * 24 * 60 + Integer.parseInt(hour) * 60 + Integer.parseInt(minute);
    }
}
