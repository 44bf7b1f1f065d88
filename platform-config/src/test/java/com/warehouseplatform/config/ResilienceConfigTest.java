package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code warehouse.resilience}: a valid file read into {@link ResilienceConfig}, and each bad combination refused by
 * the validator naming file, key and reason, and by the JSON Schema where it can tell.
 */
class ResilienceConfigTest {
    /** The valid file of {@link BadConfigCases} with three zones, as Multi-AZ needs. */
    static final String VALID = BadConfigCases.VALID.replace("  maxAzs: 2", "  maxAzs: 3");

    static final String RESILIENT = VALID.replace(
            "  allowedCidrs: [10.0.0.0/8]\n",
            "  allowedCidrs: [10.0.0.0/8]\n  resilience:\n    multiAz: true\n"
                    + "    snapshotCopy: {region: eu-central-1, retentionDays: 14}\n"
                    + "    restoreFrom: {snapshot: prod-before-migration, sourceCluster: prod-warehouse}\n");

    private static BadConfigCases.Case bad(String name, String to, String key, String reason, boolean schema) {
        return new BadConfigCases.Case(name, "    multiAz: true\n", to, key, reason, schema, RESILIENT);
    }

    private static BadConfigCases.Case badCluster(String name, String from, String to, String key, String reason) {
        return new BadConfigCases.Case(name, from, to, key, reason, false, RESILIENT);
    }

    static final List<BadConfigCases.Case> CASES = List.of(
            badCluster(
                    "multi-AZ single node",
                    "numberOfNodes: 2",
                    "numberOfNodes: 1",
                    "warehouse.resilience.multiAz",
                    "a Multi-AZ cluster has at least 2 nodes in each Availability Zone: numberOfNodes must be 2 or"
                            + " more (single-node is not supported), got 1"),
            badCluster(
                    "multi-AZ on ra3.large",
                    "nodeType: ra3.xlplus",
                    "nodeType: ra3.large",
                    "warehouse.resilience.multiAz",
                    "a Multi-AZ cluster needs one of the node types [ra3.xlplus, ra3.4xlarge, ra3.16xlarge], got"
                            + " nodeType ra3.large"),
            badCluster(
                    "multi-AZ port outside its ranges",
                    "port: 5440",
                    "port: 5460",
                    "warehouse.resilience.multiAz",
                    "a Multi-AZ cluster listens on a port in 5431-5455 or 8191-8215, got port 5460"),
            badCluster(
                    "multi-AZ with pause and resume",
                    "  allowedCidrs: [10.0.0.0/8]\n",
                    "  allowedCidrs: [10.0.0.0/8]\n  operations: {pauseSchedule: \"cron(0 19 ? * MON-FRI *)\","
                            + " resumeSchedule: \"cron(0 6 ? * MON-FRI *)\"}\n",
                    "warehouse.resilience.multiAz",
                    "a Multi-AZ cluster cannot be paused and resumed: remove operations.pauseSchedule and"
                            + " operations.resumeSchedule, or multiAz"),
            badCluster(
                    "multi-AZ in two zones",
                    "  maxAzs: 3",
                    "  maxAzs: 2",
                    "warehouse.resilience.multiAz",
                    "a Multi-AZ cluster needs subnets in at least 3 Availability Zones, the network has 2"
                            + " (network.maxAzs)"),
            bad(
                    "multi-AZ not a boolean",
                    "    multiAz: yes please\n",
                    "warehouse.resilience.multiAz",
                    "must be true or false",
                    true),
            badCluster(
                    "snapshot copy to the own region",
                    "region: eu-central-1, retentionDays: 14",
                    "region: eu-west-1, retentionDays: 14",
                    "warehouse.resilience.snapshotCopy.region",
                    "must be another region than the environment's own (eu-west-1): a copy in the same region"
                            + " does not survive the loss of the region"),
            badCluster(
                    "snapshot copy to another partition",
                    "region: eu-central-1, retentionDays: 14",
                    "region: cn-north-1, retentionDays: 14",
                    "warehouse.resilience.snapshotCopy.region",
                    "\"cn-north-1\" is in another AWS partition than eu-west-1: Redshift copies snapshots only"
                            + " within a partition"),
            badCluster(
                    "snapshot copy to no region",
                    "region: eu-central-1, retentionDays: 14",
                    "region: eu-middle-9, retentionDays: 14",
                    "warehouse.resilience.snapshotCopy.region",
                    "\"eu-middle-9\" is not an AWS region name such as eu-central-1"),
            new BadConfigCases.Case(
                    "snapshot copy kept too long",
                    "region: eu-central-1, retentionDays: 14",
                    "region: eu-central-1, retentionDays: 36",
                    "warehouse.resilience.snapshotCopy.retentionDays",
                    "must be between 1 and 35, got 36",
                    true,
                    RESILIENT),
            new BadConfigCases.Case(
                    "snapshot copy without region",
                    "region: eu-central-1, retentionDays: 14",
                    "retentionDays: 14",
                    "warehouse.resilience.snapshotCopy.region",
                    "is required",
                    true,
                    RESILIENT),
            new BadConfigCases.Case(
                    "restore from a bad snapshot name",
                    "snapshot: prod-before-migration",
                    "snapshot: 1st_snapshot",
                    "warehouse.resilience.restoreFrom.snapshot",
                    "\"1st_snapshot\" is not a snapshot identifier",
                    true,
                    RESILIENT),
            badCluster(
                    "restore from a snapshot name with two hyphens",
                    "snapshot: prod-before-migration",
                    "snapshot: prod--before",
                    "warehouse.resilience.restoreFrom.snapshot",
                    "\"prod--before\" is not a snapshot identifier"),
            new BadConfigCases.Case(
                    "restore from a bad owner account",
                    "sourceCluster: prod-warehouse",
                    "sourceCluster: prod-warehouse, ownerAccount: \"12345\"",
                    "warehouse.resilience.restoreFrom.ownerAccount",
                    "must be 12 digits, got \"12345\"",
                    true,
                    RESILIENT),
            new BadConfigCases.Case(
                    "unknown resilience key",
                    "    multiAz: true\n",
                    "    multiAz: true\n    readReplica: true\n",
                    "warehouse.resilience.readReplica",
                    "unknown key",
                    true,
                    RESILIENT),
            BadConfigCases.Case.serverless(
                    "multi-AZ workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  resilience: {multiAz: true}",
                    "warehouse.resilience.multiAz",
                    "only for a provisioned cluster: CloudFormation's AWS::RedshiftServerless::Workgroup has no"
                            + " Multi-AZ property",
                    false),
            BadConfigCases.Case.serverless(
                    "restore a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  resilience: {restoreFrom: {snapshot: s1}}",
                    "warehouse.resilience.restoreFrom.snapshot",
                    "restoreFrom is built for provisioned clusters only",
                    false),
            BadConfigCases.Case.serverless(
                    "snapshot copy of a workgroup",
                    "maxCapacityRpus: 64",
                    "maxCapacityRpus: 64\n  resilience: {snapshotCopy: {region: eu-central-1}}",
                    "warehouse.resilience.snapshotCopy.region",
                    "snapshot copy is built for provisioned clusters only",
                    false));

    static final List<BadConfigCases.Case> SCHEMA_CASES =
            CASES.stream().filter(BadConfigCases.Case::schemaCanTell).toList();

    private static final JsonSchema SCHEMA = schema();

    private static JsonSchema schema() {
        try {
            JsonNode tree = new ObjectMapper()
                    .readTree(Path.of("..", "config", "environment.schema.json").toFile());
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(tree);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EnvironmentConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, BadConfigCases.FILE, "prod");
    }

    @Test
    void readsEveryResilienceKey() throws IOException {
        ResilienceConfig resilience = parse(RESILIENT).warehouse().resilience();

        assertThat(resilience)
                .isEqualTo(new ResilienceConfig(
                        true,
                        new ResilienceConfig.SnapshotCopy("eu-central-1", 14),
                        new ResilienceConfig.RestoreFrom("prod-before-migration", "prod-warehouse", null)));
        assertThat(SCHEMA.validate(new YAMLMapper().readTree(RESILIENT))).isEmpty();
    }

    @Test
    void defaultsToNoneAndASevenDayCopy() {
        assertThat(parse(VALID).warehouse().resilience()).isEqualTo(ResilienceConfig.NONE);
        ResilienceConfig copyOnly = parse(VALID.replace(
                        "  allowedCidrs: [10.0.0.0/8]\n",
                        "  allowedCidrs: [10.0.0.0/8]\n  resilience: {snapshotCopy: {region: eu-central-1}}\n"))
                .warehouse()
                .resilience();
        assertThat(copyOnly)
                .isEqualTo(new ResilienceConfig(false, new ResilienceConfig.SnapshotCopy("eu-central-1", 7), null));
    }

    @Test
    void acceptsAnAutomatedSnapshotsName() {
        assertThat(parse(RESILIENT.replace(
                                "snapshot: prod-before-migration",
                                "snapshot: \"rs:prod-warehouse-2026-12-01-03-00-00\""))
                        .warehouse()
                        .resilience()
                        .restoreFrom()
                        .snapshot())
                .isEqualTo("rs:prod-warehouse-2026-12-01-03-00-00");
    }

    @Test
    void hasTheKeysOfTheTypedConfigurationInTheSchema() {
        JsonNode resilience = SCHEMA.getSchemaNode()
                .path("properties")
                .path("warehouse")
                .path("properties")
                .path("resilience");
        assertThat(keys(resilience)).containsExactly("multiAz", "restoreFrom", "snapshotCopy");
        assertThat(keys(resilience.path("properties").path("snapshotCopy")))
                .isEqualTo(recordKeys(ResilienceConfig.SnapshotCopy.class));
        assertThat(keys(resilience.path("properties").path("restoreFrom")))
                .isEqualTo(recordKeys(ResilienceConfig.RestoreFrom.class));
        assertThat(resilience.path("additionalProperties").asBoolean(true)).isFalse();
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> recordKeys(Class<? extends Record> type) {
        Set<String> keys = new TreeSet<>();
        for (var component : type.getRecordComponents()) {
            keys.add(component.getName());
        }
        return keys;
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void refusesNamingFileKeyAndReason(BadConfigCases.Case bad) {
        try {
            parse(bad.yaml());
        } catch (ConfigException e) {
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.expected()));
            return;
        }
        throw new AssertionError("accepted:\n" + bad.yaml());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SCHEMA_CASES")
    void theSchemaRefusesWhatItCanTell(BadConfigCases.Case bad) throws IOException {
        assertThat(SCHEMA.validate(new YAMLMapper().readTree(bad.yaml())))
                .as(bad.name())
                .isNotEmpty();
    }
}
