package com.warehouseplatform.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the warehouse lives: a VPC this platform creates ({@code vpcCidr}, {@code maxAzs}) or an
 * existing one ({@code existingVpc}); exactly one of the two. {@code availabilityZones} is empty
 * unless the file names zones: then the region's first {@code maxAzs} zones are taken at deploy time.
 * {@code functionsInVpc} (default false) runs every Lambda function of the environment in the private subnets,
 * with the VPC endpoints they call; only in the VPC the platform creates, whose routes it knows.
 */
public record NetworkConfig(
        String vpcCidr, int maxAzs, List<String> availabilityZones, ExistingVpc existingVpc, boolean functionsInVpc) {

    /** A VPC created elsewhere, described fully so that synth needs no lookup. */
    public record ExistingVpc(String vpcId, List<String> privateSubnetIds, List<String> availabilityZones) {}

    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");

    public boolean createsVpc() {
        return existingVpc == null;
    }

    static NetworkConfig read(YamlObject o, String region) {
        boolean created = o.has("vpcCidr") || o.has("maxAzs");
        String cidr = o.string("vpcCidr", false);
        Integer maxAzs = o.integer("maxAzs", 2, 1, 6);
        List<String> azs = o.strings("availabilityZones", false);
        boolean existingGiven = o.has("existingVpc");
        Boolean inVpc = o.bool("functionsInVpc", false);
        boolean functionsInVpc = inVpc != null && inVpc;
        if (functionsInVpc && existingGiven) {
            // the functions' HTTPS egress relies on the created VPC having no route but its own and the S3 gateway's
            o.problem(
                    "functionsInVpc",
                    "needs the VPC the platform creates (vpcCidr): an existing VPC's routes, endpoints and S3 path are"
                            + " its owner's");
        }
        YamlObject existing = o.object("existingVpc", false);
        if (created == existingGiven) {
            o.problem(
                    created ? "existingVpc" : "vpcCidr",
                    "give either vpcCidr (and maxAzs) to create a VPC, or existingVpc, not both and not neither");
        }
        if (existingGiven && !azs.isEmpty()) {
            o.problem("availabilityZones", "give the zones inside existingVpc, one per subnet");
        }
        if (existingGiven && existing == null) {
            return null; // not a mapping: reported; every key of this level is read
        }
        if (existing != null) {
            ExistingVpc vpc = readExisting(existing, region);
            existing.rejectUnknownKeys();
            return vpc == null
                    ? null
                    : new NetworkConfig(null, vpc.availabilityZones().size(), vpc.availabilityZones(), vpc, false);
        }
        if (cidr != null) {
            String reason = Cidr.problem(cidr);
            if (reason != null) {
                o.problem("vpcCidr", reason);
                cidr = null;
            } else if (Cidr.prefixLength(cidr) < 16 || Cidr.prefixLength(cidr) > 24) {
                o.problem("vpcCidr", "the prefix length must be between /16 and /24, got " + cidr);
                cidr = null;
            }
        } else {
            o.problem("vpcCidr", "is required when the platform creates the VPC");
        }
        if (!azs.isEmpty()) {
            if (maxAzs != null && azs.size() != maxAzs) {
                o.problem("availabilityZones", "must name exactly maxAzs (" + maxAzs + ") zones, got " + azs.size());
            }
            checkZones(o, "availabilityZones", azs, region);
        }
        return cidr == null || maxAzs == null ? null : new NetworkConfig(cidr, maxAzs, azs, null, functionsInVpc);
    }

    private static ExistingVpc readExisting(YamlObject o, String region) {
        String vpcId = o.string("vpcId", true);
        List<String> subnets = o.strings("privateSubnetIds", true);
        List<String> azs = o.strings("availabilityZones", true);
        if (vpcId != null && !VPC_ID.matcher(vpcId).matches()) {
            o.problem("vpcId", "\"" + vpcId + "\" is not a VPC id such as vpc-0abc1234");
            vpcId = null;
        }
        for (String subnet : subnets) {
            if (!SUBNET_ID.matcher(subnet).matches()) {
                o.problem("privateSubnetIds", "\"" + subnet + "\" is not a subnet id such as subnet-0abc1234");
            }
        }
        if (o.has("privateSubnetIds") && subnets.size() < 2) {
            o.problem("privateSubnetIds", "needs at least 2 subnets in different zones, got " + subnets.size());
        }
        if (o.has("availabilityZones") && azs.size() != subnets.size()) {
            o.problem("availabilityZones", "must name one zone per subnet (" + subnets.size() + "), got " + azs.size());
        }
        checkZones(o, "availabilityZones", azs, region);
        return vpcId == null || subnets.isEmpty() || azs.size() != subnets.size()
                ? null
                : new ExistingVpc(vpcId, subnets, azs);
    }

    private static void checkZones(YamlObject o, String key, List<String> azs, String region) {
        for (String az : azs) {
            if (region != null && !az.matches(Pattern.quote(region) + "[a-z]")) {
                o.problem(key, "\"" + az + "\" is not a zone of region " + region);
            }
        }
    }
}
