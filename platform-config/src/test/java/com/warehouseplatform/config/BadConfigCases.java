package com.warehouseplatform.config;

import java.util.List;

/**
 * Bad configurations, each a one-line change to a valid file with the key and reason the validator
 * must report. {@code schemaCanTell}: whether the JSON Schema can reject it too.
 */
final class BadConfigCases {

    static final String FILE = "config/prod.yaml";

    /** The sign-in principal of VALID's role analyst. */
    static final String PRINCIPAL = "\"arn:aws:iam::123456789012:role/DataAnalysts\"";

    static final String VALID = """
            name: prod
            account: "123456789012"
            region: eu-west-1
            protect: true
            tags: {owner: data-platform, cost-center: analytics}
            network:
              vpcCidr: 10.20.0.0/16
              maxAzs: 2
            dataLake:
              transitionToInfrequentAccessDays: 30
              transitionToGlacierDays: 180
              noncurrentVersionExpirationDays: 90
            warehouse:
              type: provisioned
              nodeType: ra3.xlplus
              numberOfNodes: 2
              databaseName: analytics
              adminUsername: warehouse_admin
              port: 5440
              snapshotRetentionDays: 7
              maintenanceWindow: "sun:03:00-sun:03:30"
              allowedCidrs: [10.0.0.0/8]
            alerts:
              emails: [data-alerts@example.com]
            loaders:
              - name: orders
                table: sales.orders
                source: orders/
                format: {type: csv, header: true, delimiter: ",", compression: gzip}
                schedule: "cron(0/15 * * * ? *)"
                timezone: Europe/Berlin
                mode: merge
                keys: [order_id]
                maxErrors: 0
                maxFilesPerRun: 1000
                freshnessHours: 6
              - name: events
                table: web.events
                source: events/
                format: {type: json}
                schedule: "rate(5 minutes)"
            access:
              roles:
                - name: analyst
                  read: [sales, web]
                  write: []
                  signIn:
                    principals: ["arn:aws:iam::123456789012:role/DataAnalysts"]
                - name: order_fixer
                  read: [sales]
                  write: [sales]
              users:
                - name: tableau
                  roles: [analyst]
                  rotationDays: 30
            """;

    /** The valid file with {@code count} loaders (events, then feed-2, feed-3, ...), each on its own prefix. */
    static String withLoaders(String base, int count) {
        StringBuilder yaml = new StringBuilder(base.substring(0, base.indexOf("  - name: orders")));
        for (int i = 1; i <= count; i++) {
            yaml.append("  - name: feed-")
                    .append(i)
                    .append("\n")
                    .append("    table: sales.feed_")
                    .append(i)
                    .append("\n")
                    .append("    source: feed-")
                    .append(i)
                    .append("/\n")
                    .append("    format: {type: json}\n")
                    .append("    schedule: \"rate(5 minutes)\"\n");
        }
        return yaml.toString();
    }

    /** The valid file with a Serverless workgroup in place of the cluster. */
    static final String VALID_SERVERLESS = VALID.replace("""
              type: provisioned
              nodeType: ra3.xlplus
              numberOfNodes: 2
            """, """
              type: serverless
              baseCapacityRpus: 8
              maxCapacityRpus: 64
            """).replace("""
              snapshotRetentionDays: 7
              maintenanceWindow: "sun:03:00-sun:03:30"
            """, "\n");

    record Case(String name, String from, String to, String key, String reason, boolean schemaCanTell, String base) {
        Case(String name, String from, String to, String key, String reason, boolean schemaCanTell) {
            this(name, from, to, key, reason, schemaCanTell, VALID);
        }

        static Case serverless(String name, String from, String to, String key, String reason, boolean schemaCanTell) {
            return new Case(name, from, to, key, reason, schemaCanTell, VALID_SERVERLESS);
        }

        String yaml() {
            if (!base.contains(from)) {
                throw new IllegalStateException("case " + name + ": the valid file has no \"" + from + "\"");
            }
            return base.replace(from, to);
        }

        /** The message the validator must print for this case. */
        String expected() {
            return FILE + ": " + key + ": " + reason;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> ALL = List.of(
            new Case(
                    "name differs from file",
                    "name: prod",
                    "name: production",
                    "name",
                    "must equal the file name \"prod\", got \"production\"",
                    false),
            new Case(
                    "account not 12 digits",
                    "account: \"123456789012\"",
                    "account: \"12345\"",
                    "account",
                    "must be 12 digits, got \"12345\"",
                    true),
            new Case(
                    "account unquoted",
                    "account: \"123456789012\"",
                    "account: 123456789012",
                    "account",
                    "must be a string, got 123456789012 (write it in quotes)",
                    true),
            new Case(
                    "unknown region",
                    "region: eu-west-1",
                    "region: eu-westeros-1",
                    "region",
                    "\"eu-westeros-1\" is not an AWS region name such as eu-west-1",
                    false),
            new Case("region missing", "region: eu-west-1\n", "", "region", "is required", true),
            new Case(
                    "protect not boolean",
                    "protect: true",
                    "protect: yes please",
                    "protect",
                    "must be true or false, got \"yes please\"",
                    true),
            new Case(
                    "unknown top-level key",
                    "protect: true",
                    "protect: true\nprotection: true",
                    "protection",
                    "unknown key",
                    true),
            new Case(
                    "bad VPC CIDR",
                    "vpcCidr: 10.20.0.0/16",
                    "vpcCidr: 10.20.0.0/33",
                    "network.vpcCidr",
                    "\"10.20.0.0/33\" has a prefix length above 32",
                    true),
            new Case(
                    "VPC CIDR with host bits",
                    "vpcCidr: 10.20.0.0/16",
                    "vpcCidr: 10.20.1.0/16",
                    "network.vpcCidr",
                    "\"10.20.1.0/16\" has host bits set (the network address is required)",
                    false),
            new Case(
                    "maxAzs too many",
                    "maxAzs: 2",
                    "maxAzs: 7",
                    "network.maxAzs",
                    "must be between 1 and 6, got 7",
                    true),
            new Case(
                    "both VPC kinds",
                    "  maxAzs: 2\n",
                    "  maxAzs: 2\n  existingVpc: {vpcId: vpc-0abc1234, privateSubnetIds: [subnet-0abc1234, subnet-0abc5678], availabilityZones: [eu-west-1a, eu-west-1b]}\n",
                    "network.existingVpc",
                    "give either vpcCidr (and maxAzs) to create a VPC, or existingVpc, not both and not neither",
                    true),
            new Case(
                    "existing VPC with bad id",
                    "  vpcCidr: 10.20.0.0/16\n  maxAzs: 2\n",
                    "  existingVpc: {vpcId: vpc-xyz, privateSubnetIds: [subnet-0abc1234, subnet-0abc5678], availabilityZones: [eu-west-1a, eu-west-1b]}\n",
                    "network.existingVpc.vpcId",
                    "\"vpc-xyz\" is not a VPC id such as vpc-0abc1234",
                    true),
            new Case(
                    "existing VPC zone of another region",
                    "  vpcCidr: 10.20.0.0/16\n  maxAzs: 2\n",
                    "  existingVpc: {vpcId: vpc-0abc1234, privateSubnetIds: [subnet-0abc1234, subnet-0abc5678], availabilityZones: [eu-west-1a, us-east-1b]}\n",
                    "network.existingVpc.availabilityZones",
                    "\"us-east-1b\" is not a zone of region eu-west-1",
                    false),
            new Case(
                    "functions in an existing VPC",
                    "  vpcCidr: 10.20.0.0/16\n  maxAzs: 2\n",
                    "  functionsInVpc: true\n  existingVpc: {vpcId: vpc-0abc1234, privateSubnetIds: [subnet-0abc1234, subnet-0abc5678], availabilityZones: [eu-west-1a, eu-west-1b]}\n",
                    "network.functionsInVpc",
                    "needs the VPC the platform creates (vpcCidr): an existing VPC's routes, endpoints and S3 path are its owner's",
                    true),
            new Case(
                    "functionsInVpc not a boolean",
                    "  maxAzs: 2\n",
                    "  maxAzs: 2\n  functionsInVpc: sometimes\n",
                    "network.functionsInVpc",
                    "must be true or false, got \"sometimes\"",
                    true),
            new Case(
                    "IA transition too early",
                    "transitionToInfrequentAccessDays: 30",
                    "transitionToInfrequentAccessDays: 10",
                    "dataLake.transitionToInfrequentAccessDays",
                    "must be between 30 and 3650, got 10",
                    true),
            new Case(
                    "glacier before IA",
                    "transitionToGlacierDays: 180",
                    "transitionToGlacierDays: 40",
                    "dataLake.transitionToGlacierDays",
                    "must be at least 30 days after transitionToInfrequentAccessDays (30), got 40",
                    false),
            new Case(
                    "unknown warehouse type",
                    "type: provisioned",
                    "type: dedicated",
                    "warehouse.type",
                    "must be one of [provisioned, serverless], got \"dedicated\"",
                    true),
            new Case(
                    "serverless settings on a cluster",
                    "numberOfNodes: 2",
                    "numberOfNodes: 2\n  maxCapacityRpus: 64",
                    "warehouse.maxCapacityRpus",
                    "only used when type is serverless, got type provisioned",
                    true),
            Case.serverless(
                    "cluster settings on a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  nodeType: ra3.xlplus",
                    "warehouse.nodeType",
                    "only used when type is provisioned, got type serverless",
                    true),
            new Case(
                    "pause without resume",
                    "  allowedCidrs: [10.0.0.0/8]\n",
                    "  allowedCidrs: [10.0.0.0/8]\n  operations: {pauseSchedule: \"cron(0 19 ? * MON-FRI *)\"}\n",
                    "warehouse.operations.resumeSchedule",
                    "pauseSchedule and resumeSchedule go together: a paused cluster must resume",
                    true),
            new Case(
                    "pause on a rate",
                    "  allowedCidrs: [10.0.0.0/8]\n",
                    "  allowedCidrs: [10.0.0.0/8]\n  operations: {pauseSchedule: \"rate(1 day)\", resumeSchedule: \"cron(0 6 ? * MON-FRI *)\"}\n",
                    "warehouse.operations.pauseSchedule",
                    "\"rate(1 day)\": Redshift pauses and resumes on cron(...) schedules in UTC, not rate()",
                    true),
            new Case(
                    "pause on the last weekday of the month (L)",
                    "  allowedCidrs: [10.0.0.0/8]\n",
                    "  allowedCidrs: [10.0.0.0/8]\n  operations: {pauseSchedule: \"cron(0 19 ? * 6L *)\", resumeSchedule: \"cron(0 6 ? * MON-FRI *)\"}\n",
                    "warehouse.operations.pauseSchedule",
                    "\"cron(0 19 ? * 6L *)\": day-of-week '6L': the 'L' wildcard is not supported here (the loader"
                            + " evaluates the schedule itself); write the days as values, lists or ranges",
                    false),
            new Case(
                    "resume on the second Monday (#)",
                    "  allowedCidrs: [10.0.0.0/8]\n",
                    "  allowedCidrs: [10.0.0.0/8]\n  operations: {pauseSchedule: \"cron(0 19 ? * MON-FRI *)\", resumeSchedule: \"cron(0 6 ? * 2#2 *)\"}\n",
                    "warehouse.operations.resumeSchedule",
                    "\"cron(0 6 ? * 2#2 *)\": day-of-week '2#2': the '#' wildcard is not supported here",
                    false),
            new Case(
                    "snapshot rate in minutes",
                    "  allowedCidrs: [10.0.0.0/8]\n",
                    "  allowedCidrs: [10.0.0.0/8]\n  operations: {snapshotSchedule: \"rate(30 minutes)\"}\n",
                    "warehouse.operations.snapshotSchedule",
                    "\"rate(30 minutes)\": a snapshot rate is counted in hours or days, such as rate(12 hours)",
                    true),
            new Case(
                    "unknown usage limit action",
                    "  allowedCidrs: [10.0.0.0/8]\n",
                    "  allowedCidrs: [10.0.0.0/8]\n  operations: {spectrumTerabytes: 1, usageLimitAction: stop}\n",
                    "warehouse.operations.usageLimitAction",
                    "must be one of [log, emit-metric, disable], got \"stop\"",
                    true),
            Case.serverless(
                    "cluster operations on a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  operations: {spectrumTerabytes: 1}",
                    "warehouse.operations",
                    "only used when type is provisioned, got type serverless",
                    true),
            Case.serverless(
                    "base capacity not a multiple of 8",
                    "baseCapacityRpus: 8",
                    "baseCapacityRpus: 12",
                    "warehouse.baseCapacityRpus",
                    "must be a multiple of 8, got 12",
                    true),
            Case.serverless(
                    "max capacity below base",
                    "baseCapacityRpus: 8",
                    "baseCapacityRpus: 128",
                    "warehouse.maxCapacityRpus",
                    "must be at least baseCapacityRpus (128), got 64",
                    false),
            Case.serverless(
                    "max capacity missing",
                    "  maxCapacityRpus: 64\n",
                    "",
                    "warehouse.maxCapacityRpus",
                    "is required",
                    true),
            Case.serverless(
                    "workgroup port out of its ranges",
                    "port: 5440",
                    "port: 6000",
                    "warehouse.port",
                    "a Serverless workgroup accepts 5431-5455 or 8191-8215 but not the default 5439, got 6000",
                    true),
            new Case(
                    "unknown node type",
                    "nodeType: ra3.xlplus",
                    "nodeType: dc2.large",
                    "warehouse.nodeType",
                    "must be one of the RA3 node types [ra3.16xlarge, ra3.4xlarge, ra3.large, ra3.xlplus], got \"dc2.large\"",
                    true),
            new Case(
                    "too few nodes for the type",
                    "nodeType: ra3.xlplus\n  numberOfNodes: 2",
                    "nodeType: ra3.4xlarge\n  numberOfNodes: 1",
                    "warehouse.numberOfNodes",
                    "ra3.4xlarge needs 2 to 32 nodes, got 1",
                    false),
            new Case(
                    "too many nodes for the type",
                    "numberOfNodes: 2",
                    "numberOfNodes: 17",
                    "warehouse.numberOfNodes",
                    "ra3.xlplus needs 1 or 2 to 16 nodes, got 17",
                    false),
            new Case(
                    "default database name",
                    "databaseName: analytics",
                    "databaseName: dev",
                    "warehouse.databaseName",
                    "\"dev\" is Redshift's default database name; choose a name of your own",
                    true),
            new Case(
                    "invalid database name",
                    "databaseName: analytics",
                    "databaseName: Sales-DB",
                    "warehouse.databaseName",
                    "\"Sales-DB\" is not a valid Redshift identifier",
                    true),
            new Case(
                    "default admin name",
                    "adminUsername: warehouse_admin",
                    "adminUsername: awsuser",
                    "warehouse.adminUsername",
                    "\"awsuser\" is Redshift's default admin name; choose a name of your own",
                    true),
            new Case(
                    "reserved admin name",
                    "adminUsername: warehouse_admin",
                    "adminUsername: user",
                    "warehouse.adminUsername",
                    "\"user\" is a reserved word in Redshift",
                    false),
            new Case(
                    "default port",
                    "port: 5440",
                    "port: 5439",
                    "warehouse.port",
                    "5439 is Redshift's default port; choose another between 1150 and 65535",
                    true),
            new Case(
                    "port out of range",
                    "port: 5440",
                    "port: 80",
                    "warehouse.port",
                    "must be between 1150 and 65535, got 80",
                    true),
            new Case(
                    "snapshot retention too long",
                    "snapshotRetentionDays: 7",
                    "snapshotRetentionDays: 36",
                    "warehouse.snapshotRetentionDays",
                    "must be between 1 and 35, got 36",
                    true),
            new Case(
                    "maintenance window malformed",
                    "\"sun:03:00-sun:03:30\"",
                    "\"sunday 3am\"",
                    "warehouse.maintenanceWindow",
                    "\"sunday 3am\" is not a window such as sun:03:00-sun:03:30",
                    true),
            new Case(
                    "maintenance window too short",
                    "\"sun:03:00-sun:03:30\"",
                    "\"sun:03:00-sun:03:10\"",
                    "warehouse.maintenanceWindow",
                    "\"sun:03:00-sun:03:10\" must last at least 30 minutes, it lasts 10",
                    false),
            new Case(
                    "ingress from the internet",
                    "allowedCidrs: [10.0.0.0/8]",
                    "allowedCidrs: [0.0.0.0/0]",
                    "warehouse.allowedCidrs",
                    "\"0.0.0.0/0\" opens the warehouse to the whole internet",
                    true),
            new Case(
                    "misspelled warehouse key",
                    "snapshotRetentionDays: 7",
                    "snapshotRetentionDay: 7",
                    "warehouse.snapshotRetentionDay",
                    "unknown key",
                    true),
            new Case(
                    "bad alert email",
                    "emails: [data-alerts@example.com]",
                    "emails: [data-alerts]",
                    "alerts.emails",
                    "\"data-alerts\" is not an email address",
                    true),
            new Case(
                    "warehouse event severity unknown",
                    "emails: [data-alerts@example.com]",
                    "emails: [data-alerts@example.com]\n  warehouseEvents: {severity: WARN}",
                    "alerts.warehouseEvents.severity",
                    "\"WARN\" is not a Redshift event severity (ERROR or INFO)",
                    true),
            new Case(
                    "warehouse event category unknown",
                    "emails: [data-alerts@example.com]",
                    "emails: [data-alerts@example.com]\n  warehouseEvents: {categories: [monitoring, availability]}",
                    "alerts.warehouseEvents.categories[1]",
                    "\"availability\" is not a Redshift event category (configuration, management, monitoring, security, pending)",
                    true),
            new Case(
                    "warehouse event category twice",
                    "emails: [data-alerts@example.com]",
                    "emails: [data-alerts@example.com]\n  warehouseEvents: {categories: [monitoring, monitoring]}",
                    "alerts.warehouseEvents.categories[1]",
                    "\"monitoring\" is listed twice",
                    true),
            new Case(
                    "warehouse event categories empty",
                    "emails: [data-alerts@example.com]",
                    "emails: [data-alerts@example.com]\n  warehouseEvents: {categories: []}",
                    "alerts.warehouseEvents.categories",
                    "must name at least one category; to turn warehouse events off, write enabled: false",
                    true),
            new Case(
                    "warehouse events as a bare false",
                    "emails: [data-alerts@example.com]",
                    "emails: [data-alerts@example.com]\n  warehouseEvents: false",
                    "alerts.warehouseEvents",
                    "must be a mapping, got false",
                    true),
            new Case(
                    "misspelled warehouse events key",
                    "emails: [data-alerts@example.com]",
                    "emails: [data-alerts@example.com]\n  warehouseEvents: {severities: ERROR}",
                    "alerts.warehouseEvents.severities",
                    "unknown key",
                    true),
            new Case(
                    "loader name not lower case",
                    "- name: orders",
                    "- name: Orders",
                    "loaders[0].name",
                    "\"Orders\" must be lower-case letters, digits and -",
                    true),
            new Case(
                    "duplicate loader name",
                    "- name: events",
                    "- name: orders",
                    "loaders[1].name",
                    "\"orders\" is already the name of loaders[0]",
                    false),
            new Case(
                    "overlapping prefixes",
                    "source: events/",
                    "source: orders/2026/",
                    "loaders[1].source",
                    "\"orders/2026/\" overlaps \"orders/\" of loader orders: a file would have two loaders",
                    false),
            new Case(
                    "prefix without slash",
                    "source: events/",
                    "source: events",
                    "loaders[1].source",
                    "\"events\" must be a key prefix ending in /",
                    true),
            new Case(
                    "wildcard in prefix",
                    "source: events/",
                    "source: events/*/",
                    "loaders[1].source",
                    "\"events/*/\" must not contain * or ?: the prefix becomes part of IAM resources",
                    true),
            new Case(
                    "single-character wildcard in prefix",
                    "source: events/",
                    "source: event?/",
                    "loaders[1].source",
                    "\"event?/\" must not contain * or ?",
                    true),
            new Case(
                    "table without schema",
                    "table: sales.orders",
                    "table: orders",
                    "loaders[0].table",
                    "\"orders\" must be schema.table",
                    true),
            new Case(
                    "table in the platform's schema",
                    "table: sales.orders",
                    "table: ops.orders",
                    "loaders[0].table",
                    "schema \"ops\" is reserved for the platform and the system",
                    false),
            new Case(
                    "unknown format",
                    "{type: json}",
                    "{type: xml}",
                    "loaders[1].format.type",
                    "must be one of [csv, json, parquet], got \"xml\"",
                    true),
            new Case(
                    "compressed parquet",
                    "{type: json}",
                    "{type: parquet, compression: gzip}",
                    "loaders[1].format.compression",
                    "parquet files carry their own compression; leave it none, got gzip",
                    true),
            new Case(
                    "header on json",
                    "{type: json}",
                    "{type: json, header: true}",
                    "loaders[1].format.header",
                    "only used when type is csv, got type json",
                    true),
            new Case(
                    "cron with five fields",
                    "\"cron(0/15 * * * ? *)\"",
                    "\"cron(0/15 * * * ?)\"",
                    "loaders[0].schedule",
                    "\"cron(0/15 * * * ?)\" is not cron(minutes hours day-of-month month day-of-week year) or rate(n unit)",
                    true),
            new Case(
                    "cron without a ?",
                    "\"cron(0/15 * * * ? *)\"",
                    "\"cron(0 12 * * * *)\"",
                    "loaders[0].schedule",
                    "\"cron(0 12 * * * *)\": exactly one of day-of-month and day-of-week must be ?",
                    false),
            new Case(
                    "cron minute out of range",
                    "\"cron(0/15 * * * ? *)\"",
                    "\"cron(61 * * * ? *)\"",
                    "loaders[0].schedule",
                    "\"cron(61 * * * ? *)\": minutes field \"61\" must hold values from 0 to 59",
                    false),
            new Case(
                    "rate with the wrong unit form",
                    "\"rate(5 minutes)\"",
                    "\"rate(5 minute)\"",
                    "loaders[1].schedule",
                    "\"rate(5 minute)\": write rate(1 minute) or rate(n minutes)",
                    false),
            new Case(
                    "unknown time zone",
                    "timezone: Europe/Berlin",
                    "timezone: Europe/Atlantis",
                    "loaders[0].timezone",
                    "\"Europe/Atlantis\" is not an IANA time zone such as Europe/Berlin",
                    false),
            new Case(
                    "merge without keys",
                    "    keys: [order_id]\n",
                    "",
                    "loaders[0].keys",
                    "required when mode is merge",
                    true),
            new Case(
                    "keys without merge",
                    "mode: merge",
                    "mode: append",
                    "loaders[0].keys",
                    "only used when mode is merge, got mode append",
                    true),
            new Case(
                    "negative max errors",
                    "maxErrors: 0",
                    "maxErrors: -1",
                    "loaders[0].maxErrors",
                    "must be between 0 and 100000, got -1",
                    true),
            new Case(
                    "backslash delimiter",
                    "delimiter: \",\"",
                    "delimiter: \"\\\\\"",
                    "loaders[0].format.delimiter",
                    "must be one ASCII character other than a quote, a backslash or a line break, got \"\\\"",
                    true),
            new Case(
                    "two-character delimiter",
                    "delimiter: \",\"",
                    "delimiter: \";;\"",
                    "loaders[0].format.delimiter",
                    "must be one ASCII character other than a quote, a backslash or a line break, got \";;\"",
                    true),
            new Case(
                    "max errors on parquet",
                    "{type: json}",
                    "{type: parquet}\n    maxErrors: 10",
                    "loaders[1].maxErrors",
                    "must be 0 for parquet: COPY from columnar formats does not support MAXERROR, got 10",
                    true),
            new Case(
                    "too many files per run",
                    "maxFilesPerRun: 1000",
                    "maxFilesPerRun: 10001",
                    "loaders[0].maxFilesPerRun",
                    "must be between 1 and 10000, got 10001",
                    true),
            new Case(
                    "orderBy without merge",
                    "rate(5 minutes)\"",
                    "rate(5 minutes)\"\n    orderBy: [seen_at]",
                    "loaders[1].orderBy",
                    "only used when mode is merge, got mode append",
                    true),
            new Case(
                    "orderBy on a key",
                    "keys: [order_id]",
                    "keys: [order_id]\n    orderBy: [order_id]",
                    "loaders[0].orderBy",
                    "\"order_id\" is one of keys: rows with the same keys have the same value in it",
                    false),
            new Case(
                    "orderBy listed twice",
                    "keys: [order_id]",
                    "keys: [order_id]\n    orderBy: [updated_at, updated_at]",
                    "loaders[0].orderBy",
                    "\"updated_at\" is listed twice",
                    true),
            new Case(
                    "orderBy not an identifier",
                    "keys: [order_id]",
                    "keys: [order_id]\n    orderBy: [Updated]",
                    "loaders[0].orderBy",
                    "\"Updated\" is not a valid Redshift identifier",
                    true),
            new Case(
                    "target shadows a temporary table",
                    "table: sales.orders",
                    "table: sales.stage",
                    "loaders[0].table",
                    "table name \"stage\" is reserved for the loader's temporary tables",
                    false),
            new Case(
                    "misspelled loader key",
                    "freshnessHours: 6",
                    "freshnessHour: 6",
                    "loaders[0].freshnessHour",
                    "unknown key",
                    true),
            new Case(
                    "deployment repository without owner",
                    "alerts:\n",
                    "deployment: {githubRepository: warehouse-platform}\nalerts:\n",
                    "deployment.githubRepository",
                    "must be owner/repository as GitHub spells it (e.g. example-org/warehouse-platform), got \"warehouse-platform\"",
                    true),
            new Case(
                    "deployment owner with a double hyphen",
                    "alerts:\n",
                    "deployment: {githubRepository: example--org/warehouse-platform}\nalerts:\n",
                    "deployment.githubRepository",
                    "must be owner/repository as GitHub spells it (e.g. example-org/warehouse-platform), got \"example--org/warehouse-platform\"",
                    true),
            new Case(
                    "deployment without repository",
                    "alerts:\n",
                    "deployment: {}\nalerts:\n",
                    "deployment.githubRepository",
                    "is required",
                    true),
            new Case(
                    "misspelled deployment key",
                    "alerts:\n",
                    "deployment: {githubRepository: example-org/warehouse-platform, githubRepo: x}\nalerts:\n",
                    "deployment.githubRepo",
                    "unknown key",
                    true),
            new Case(
                    "unknown compliance pack",
                    "alerts:\n",
                    "compliance: [nist-800-53-r5, nist-800-53]\nalerts:\n",
                    "compliance[1]",
                    "\"nist-800-53\" is not a compliance pack; the packs are nist-800-53-r5, hipaa, pci-dss-3.2.1",
                    true),
            new Case(
                    "compliance pack listed twice",
                    "alerts:\n",
                    "compliance: [hipaa, pci-dss-3.2.1, hipaa]\nalerts:\n",
                    "compliance[2]",
                    "\"hipaa\" is listed twice",
                    true),
            new Case(
                    "compliance not a list",
                    "alerts:\n",
                    "compliance: hipaa\nalerts:\n",
                    "compliance",
                    "must be a list, got \"hipaa\"",
                    true),
            new Case(
                    "log retention CloudWatch Logs does not accept",
                    "alerts:\n",
                    "logs: {retentionDays: 100}\nalerts:\n",
                    "logs.retentionDays",
                    "must be one of the retentions CloudWatch Logs accepts " + LogsConfig.RETENTION_DAYS + ", got 100",
                    true),
            new Case(
                    "log retention longer than CloudWatch Logs keeps",
                    "alerts:\n",
                    "logs: {retentionDays: 3654}\nalerts:\n",
                    "logs.retentionDays",
                    "must be between 1 and 3653, got 3654",
                    true),
            new Case(
                    "log retention as text",
                    "alerts:\n",
                    "logs: {retentionDays: one-year}\nalerts:\n",
                    "logs.retentionDays",
                    "must be a whole number, got \"one-year\"",
                    true),
            new Case(
                    "misspelled logs key",
                    "alerts:\n",
                    "logs: {retention: 365}\nalerts:\n",
                    "logs.retention",
                    "unknown key",
                    true),
            new Case(
                    "role name not lower case",
                    "name: analyst",
                    "name: Analyst",
                    "access.roles[0].name",
                    "\"Analyst\" must be lower-case letters, digits and _, starting with a letter, at most 127 "
                            + "characters (a Redshift identifier)",
                    true),
            new Case(
                    "role name longer than Redshift takes",
                    "name: analyst",
                    "name: " + "a".repeat(128),
                    "access.roles[0].name",
                    "\"" + "a".repeat(128) + "\" must be lower-case letters",
                    true),
            new Case(
                    "role name a reserved word",
                    "name: analyst",
                    "name: user",
                    "access.roles[0].name",
                    "\"user\" is a reserved word in Redshift",
                    false),
            new Case(
                    "role name PostgreSQL reserves",
                    "name: analyst",
                    "name: pg_analyst",
                    "access.roles[0].name",
                    "\"pg_analyst\" starts with pg_, which PostgreSQL reserves for its own roles",
                    true),
            new Case(
                    "role name the loaders' user group",
                    "name: analyst",
                    "name: loaders",
                    "access.roles[0].name",
                    "\"loaders\" is the user group the platform puts every loader in (WLM userGroups: [loaders]): "
                            + "give the role or user another name",
                    false),
            new Case(
                    "role name twice",
                    "name: order_fixer",
                    "name: analyst",
                    "access.roles[1].name",
                    "\"analyst\" is already the name of access.roles[0]",
                    false),
            new Case("role without read", "      read: [sales]\n", "", "access.roles[1].read", "is required", true),
            new Case(
                    "role reads the ledgers",
                    "read: [sales, web]",
                    "read: [sales, ops]",
                    "access.roles[0].read[1]",
                    "schema ops holds the loaders' ledgers (which files were loaded, exactly once): no role may read "
                            + "or write it",
                    true),
            new Case(
                    "role writes the ledgers",
                    "write: [sales]",
                    "write: [ops]",
                    "access.roles[1].write[0]",
                    "schema ops holds the loaders' ledgers",
                    true),
            new Case(
                    "role writes what it does not read",
                    "write: [sales]",
                    "write: [sales, web]",
                    "access.roles[1].write[1]",
                    "\"web\" is not in read: a role that writes a schema must read it too",
                    false),
            new Case(
                    "schema listed twice in read",
                    "read: [sales, web]",
                    "read: [sales, sales]",
                    "access.roles[0].read[1]",
                    "\"sales\" is listed twice",
                    true),
            new Case(
                    "schema listed twice in write",
                    "write: [sales]",
                    "write: [sales, sales]",
                    "access.roles[1].write[1]",
                    "\"sales\" is listed twice",
                    true),
            new Case(
                    "schema not an identifier",
                    "read: [sales, web]",
                    "read: [sales, Web]",
                    "access.roles[0].read[1]",
                    "\"Web\" is not a schema name (a Redshift identifier",
                    true),
            new Case(
                    "misspelled role key",
                    "write: []",
                    "write: []\n      reads: [web]",
                    "access.roles[0].reads",
                    "unknown key",
                    true),
            new Case(
                    "sign-in principal not an ARN",
                    PRINCIPAL,
                    "\"DataAnalysts\"",
                    "access.roles[0].signIn.principals[0]",
                    "\"DataAnalysts\" is not an IAM role or user ARN such as arn:aws:iam::123456789012:role/DataAnalysts",
                    true),
            new Case(
                    "sign-in principal a wildcard",
                    PRINCIPAL,
                    "\"arn:aws:iam::123456789012:role/*\"",
                    "access.roles[0].signIn.principals[0]",
                    "\"arn:aws:iam::123456789012:role/*\" is not an IAM role or user ARN",
                    true),
            new Case(
                    "sign-in principal an assumed-role session",
                    PRINCIPAL,
                    "\"arn:aws:sts::123456789012:assumed-role/DataAnalysts/jane\"",
                    "access.roles[0].signIn.principals[0]",
                    "\"arn:aws:sts::123456789012:assumed-role/DataAnalysts/jane\" is not an IAM role or user ARN",
                    true),
            new Case(
                    "sign-in principal of an unknown partition",
                    PRINCIPAL,
                    "\"arn:aws-mars:iam::123456789012:role/DataAnalysts\"",
                    "access.roles[0].signIn.principals[0]",
                    "\"arn:aws-mars:iam::123456789012:role/DataAnalysts\" is not an IAM role or user ARN",
                    true),
            new Case(
                    "sign-in principal twice",
                    "principals: [" + PRINCIPAL + "]",
                    "principals: [" + PRINCIPAL + ", " + PRINCIPAL + "]",
                    "access.roles[0].signIn.principals[1]",
                    "\"arn:aws:iam::123456789012:role/DataAnalysts\" is listed twice",
                    true),
            new Case(
                    "sign-in without principals",
                    "principals: [" + PRINCIPAL + "]",
                    "principals: []",
                    "access.roles[0].signIn.principals",
                    "must list at least one IAM role or user ARN",
                    true),
            new Case(
                    "misspelled sign-in key",
                    "principals: [" + PRINCIPAL + "]",
                    "principal: [" + PRINCIPAL + "]",
                    "access.roles[0].signIn.principal",
                    "unknown key",
                    true),
            new Case(
                    "user name an IAM identity",
                    "name: tableau",
                    "name: \"IAMR:tableau\"",
                    "access.users[0].name",
                    "\"IAMR:tableau\" is the form of the database users Redshift maps IAM identities to",
                    true),
            new Case(
                    "user name a role's",
                    "name: tableau",
                    "name: order_fixer",
                    "access.users[0].name",
                    "\"order_fixer\" is already the name of the role access.roles[1]: a user and a role must have "
                            + "different names",
                    false),
            new Case(
                    "user name the loaders' user group",
                    "name: tableau",
                    "name: loaders",
                    "access.users[0].name",
                    "\"loaders\" is the user group the platform puts every loader in",
                    false),
            new Case(
                    "user is the admin",
                    "name: tableau",
                    "name: warehouse_admin",
                    "access.users[0].name",
                    "\"warehouse_admin\" is the admin user (warehouse.adminUsername), which the access step never "
                            + "touches",
                    false),
            new Case(
                    "user name a reserved word",
                    "name: tableau",
                    "name: select",
                    "access.users[0].name",
                    "\"select\" is a reserved word in Redshift",
                    false),
            new Case(
                    "user name twice",
                    "rotationDays: 30",
                    "rotationDays: 30\n    - name: tableau\n      roles: [analyst]",
                    "access.users[1].name",
                    "\"tableau\" is already the name of access.users[0]",
                    false),
            new Case(
                    "user of an unknown role",
                    "roles: [analyst]",
                    "roles: [analyts]",
                    "access.users[0].roles[0]",
                    "\"analyts\" is not a role of access.roles (roles: analyst, order_fixer)",
                    false),
            new Case(
                    "user with a role twice",
                    "roles: [analyst]",
                    "roles: [analyst, analyst]",
                    "access.users[0].roles[1]",
                    "\"analyst\" is listed twice",
                    true),
            new Case(
                    "user without roles",
                    "roles: [analyst]",
                    "roles: []",
                    "access.users[0].roles",
                    "must list at least one role of access.roles",
                    true),
            new Case(
                    "user rotated never",
                    "rotationDays: 30",
                    "rotationDays: 0",
                    "access.users[0].rotationDays",
                    "must be between 1 and 1000, got 0",
                    true),
            new Case(
                    "user rotated less often than Secrets Manager allows",
                    "rotationDays: 30",
                    "rotationDays: 1001",
                    "access.users[0].rotationDays",
                    "must be between 1 and 1000, got 1001",
                    true),
            new Case(
                    "misspelled user key",
                    "rotationDays: 30",
                    "rotateDays: 30",
                    "access.users[0].rotateDays",
                    "unknown key",
                    true),
            new Case("misspelled access key", "  users:\n", "  user:\n", "access.user", "unknown key", true),
            new Case(
                    "access not a mapping",
                    "access:\n",
                    "access: []\nunused:\n",
                    "access",
                    "must be a mapping, got a list",
                    true));

    private BadConfigCases() {}
}
