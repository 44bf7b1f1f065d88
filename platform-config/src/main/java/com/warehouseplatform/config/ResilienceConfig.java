package com.warehouseplatform.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * High availability and disaster recovery of the warehouse ({@code warehouse.resilience}): a Multi-AZ cluster, an
 * automatic copy of its snapshots to another region, and creating the cluster from a snapshot. {@code snapshotCopy}
 * and {@code restoreFrom} are {@code null} when not configured.
 *
 * <p>The Multi-AZ rules are those of "Setting up Multi-AZ deployment", Limitations
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/overview-multi-az.html): RA3 only, no single node, encrypted
 * (the platform always encrypts), a port in 5431-5455 or 8191-8215, a subnet group with subnets in at least three
 * Availability Zones, no pause and resume, no Elastic IP (the platform never makes the cluster public), no cluster
 * relocation (the platform never sets AvailabilityZoneRelocation).
 */
public record ResilienceConfig(boolean multiAz, SnapshotCopy snapshotCopy, RestoreFrom restoreFrom) {

    /** Automated snapshots copied to {@code region}, kept there {@code retentionDays} days. */
    public record SnapshotCopy(String region, int retentionDays) {}

    /**
     * The cluster is created from {@code snapshot}; {@code sourceCluster} (the cluster the snapshot was taken of) and
     * {@code ownerAccount} (the account that shared it) are {@code null} unless given.
     */
    public record RestoreFrom(String snapshot, String sourceCluster, String ownerAccount) {}

    public static final ResilienceConfig NONE = new ResilienceConfig(false, null, null);

    /** Multi-AZ needs subnets in at least this many Availability Zones. */
    static final int MULTI_AZ_MIN_ZONES = 3;

    /**
     * The RA3 node types the platform allows with Multi-AZ. The Management Guide says "RA3 node types only";
     * ra3.large is left out because the Multi-AZ pages name no ra3.large cluster and its launch came later: refused
     * rather than failing at deploy (README, "High availability and disaster recovery").
     */
    static final List<String> MULTI_AZ_NODE_TYPES = List.of("ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge");

    /**
     * EnableSnapshotCopy RetentionPeriod, the days automated snapshots are kept in the destination: 1 to 35,
     * default 7 (https://docs.aws.amazon.com/redshift/latest/APIReference/API_EnableSnapshotCopy.html).
     */
    static final int MIN_COPY_RETENTION = 1;

    static final int MAX_COPY_RETENTION = 35;
    static final int DEFAULT_COPY_RETENTION = 7;

    /**
     * A snapshot identifier: a letter, then letters, digits and single hyphens, at most 255, not ending in a hyphen
     * (CreateClusterSnapshot SnapshotIdentifier); automated snapshots carry Redshift's {@code rs:} prefix.
     */
    private static final Pattern SNAPSHOT = Pattern.compile("(rs:)?[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)");

    private static final Pattern CLUSTER = Pattern.compile("[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public boolean copiesSnapshots() {
        return snapshotCopy != null;
    }

    public boolean restores() {
        return restoreFrom != null;
    }

    /**
     * Reads {@code warehouse.resilience} ({@code o}, {@code null} when absent) of a warehouse whose own keys were
     * read as given ({@code null} where they were invalid): the rules that need only the warehouse are checked
     * here, those that need the region and network in {@link #checkPlacement}.
     */
    static ResilienceConfig read(
            YamlObject o,
            boolean serverless,
            String nodeType,
            Integer nodes,
            Integer port,
            ClusterOperationsConfig operations) {
        if (o == null) {
            return NONE;
        }
        Boolean multiAz = o.bool("multiAz", false);
        if (Boolean.TRUE.equals(multiAz)) {
            String reason = multiAzProblem(serverless, nodeType, nodes, port, operations);
            if (reason != null) {
                o.problem("multiAz", reason);
                multiAz = null;
            }
        }
        SnapshotCopy copy = null;
        boolean copyValid = true;
        YamlObject copyObject = o.object("snapshotCopy", false);
        if (copyObject != null) {
            copy = readCopy(copyObject, serverless);
            copyObject.rejectUnknownKeys();
            copyValid = copy != null;
        } else if (o.has("snapshotCopy")) {
            copyValid = false;
        }
        RestoreFrom restore = null;
        boolean restoreValid = true;
        YamlObject restoreObject = o.object("restoreFrom", false);
        if (restoreObject != null) {
            restore = readRestore(restoreObject, serverless);
            restoreObject.rejectUnknownKeys();
            restoreValid = restore != null;
        } else if (o.has("restoreFrom")) {
            restoreValid = false;
        }
        o.rejectUnknownKeys();
        return multiAz == null || !copyValid || !restoreValid ? null : new ResilienceConfig(multiAz, copy, restore);
    }

    private static String multiAzProblem(
            boolean serverless, String nodeType, Integer nodes, Integer port, ClusterOperationsConfig operations) {
        if (serverless) {
            return "only for a provisioned cluster: CloudFormation's AWS::RedshiftServerless::Workgroup has no"
                    + " Multi-AZ property";
        }
        if (nodeType != null && !MULTI_AZ_NODE_TYPES.contains(nodeType)) {
            return "a Multi-AZ cluster needs one of the node types " + MULTI_AZ_NODE_TYPES + ", got nodeType "
                    + nodeType;
        }
        if (nodes != null && nodes < 2) {
            return "a Multi-AZ cluster has at least 2 nodes in each Availability Zone: numberOfNodes must be 2 or"
                    + " more (single-node is not supported), got " + nodes;
        }
        if (port != null && !multiAzPort(port)) {
            return "a Multi-AZ cluster listens on a port in 5431-5455 or 8191-8215, got port " + port;
        }
        if (operations != null && operations.pausesAndResumes()) {
            return "a Multi-AZ cluster cannot be paused and resumed: remove operations.pauseSchedule and"
                    + " operations.resumeSchedule, or multiAz";
        }
        return null;
    }

    static boolean multiAzPort(int port) {
        return (port >= 5431 && port <= 5455) || (port >= 8191 && port <= 8215);
    }

    private static SnapshotCopy readCopy(YamlObject o, boolean serverless) {
        String region = o.string("region", true);
        Integer days = o.integer("retentionDays", DEFAULT_COPY_RETENTION, MIN_COPY_RETENTION, MAX_COPY_RETENTION);
        if (serverless) {
            // AWS::RedshiftServerless::Namespace has SnapshotCopyConfigurations, whose DestinationKmsKeyId is "the ID
            // of the KMS key" in the destination region: generated by KMS in another stack and region, which a
            // template cannot reference (no cross-region references), and no page says that an alias is accepted.
            // Refused rather than copied under a key nobody chose, or silently ignored.
            o.problem(
                    "region",
                    "snapshot copy is built for provisioned clusters only; a Serverless namespace's"
                            + " SnapshotCopyConfigurations need the ID of a KMS key in the destination region, which"
                            + " this platform cannot pass across regions yet");
            return null;
        }
        if (region != null && !AwsRegions.NAMES.contains(region)) {
            o.problem("region", "\"" + region + "\" is not an AWS region name such as eu-central-1");
            region = null;
        }
        return region == null || days == null ? null : new SnapshotCopy(region, days);
    }

    private static RestoreFrom readRestore(YamlObject o, boolean serverless) {
        String snapshot = o.string("snapshot", true);
        String cluster = o.string("sourceCluster", false);
        String owner = o.string("ownerAccount", false);
        if (serverless) {
            o.problem(
                    "snapshot",
                    "restoreFrom is built for provisioned clusters only; a Serverless restore"
                            + " (AWS::RedshiftServerless::Workgroup SnapshotName) is not wired by this platform yet");
            return null;
        }
        if (snapshot != null && !SNAPSHOT.matcher(snapshot).matches()) {
            o.problem(
                    "snapshot",
                    "\"" + snapshot + "\" is not a snapshot identifier: a letter, then letters, digits and single"
                            + " hyphens, at most 255, not ending in a hyphen (automated snapshots start with rs:)");
            snapshot = null;
        }
        if (cluster != null && !CLUSTER.matcher(cluster).matches()) {
            o.problem(
                    "sourceCluster",
                    "\"" + cluster + "\" is not a cluster identifier: a lowercase letter, then lowercase letters,"
                            + " digits and single hyphens, at most 63, not ending in a hyphen");
            cluster = null;
        }
        if (owner != null && !ACCOUNT.matcher(owner).matches()) {
            o.problem("ownerAccount", "must be 12 digits, got \"" + owner + "\"");
            owner = null;
        }
        boolean bad = snapshot == null
                || (o.has("sourceCluster") && cluster == null)
                || (o.has("ownerAccount") && owner == null);
        return bad ? null : new RestoreFrom(snapshot, cluster, owner);
    }

    /**
     * The rules that need the environment's region and network: the copy goes to another region of the same
     * partition, and Multi-AZ needs subnets in at least {@value #MULTI_AZ_MIN_ZONES} Availability Zones.
     */
    static void checkPlacement(YamlObject root, ResilienceConfig resilience, String region, NetworkConfig network) {
        if (resilience == null) {
            return;
        }
        SnapshotCopy copy = resilience.snapshotCopy();
        if (copy != null && region != null) {
            if (copy.region().equals(region)) {
                root.problem(
                        "warehouse.resilience.snapshotCopy.region",
                        "must be another region than the environment's own (" + region + "): a copy in the same"
                                + " region does not survive the loss of the region");
            } else if (!partition(copy.region()).equals(partition(region))) {
                root.problem(
                        "warehouse.resilience.snapshotCopy.region",
                        "\"" + copy.region() + "\" is in another AWS partition than " + region
                                + ": Redshift copies snapshots only within a partition");
            }
        }
        if (resilience.multiAz() && network != null && network.maxAzs() < MULTI_AZ_MIN_ZONES) {
            root.problem(
                    "warehouse.resilience.multiAz",
                    "a Multi-AZ cluster needs subnets in at least " + MULTI_AZ_MIN_ZONES
                            + " Availability Zones, the network has " + network.maxAzs()
                            + (network.createsVpc() ? " (network.maxAzs)" : " (network.existingVpc.privateSubnetIds)"));
        }
    }

    static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
