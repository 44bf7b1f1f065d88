package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ConfigLoaderTest {

    static final List<BadConfigCases.Case> CASES = BadConfigCases.ALL;

    private static EnvironmentConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, BadConfigCases.FILE, "prod");
    }

    private static ConfigException rejected(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("the configuration was accepted:\n" + yaml);
    }

    @Test
    void readsEveryKeyOfAValidFile() {
        EnvironmentConfig config = parse(BadConfigCases.VALID);

        assertThat(config.name()).isEqualTo("prod");
        assertThat(config.account()).isEqualTo("123456789012");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.protect()).isTrue();
        assertThat(config.tags()).containsEntry("owner", "data-platform").containsEntry("cost-center", "analytics");
        assertThat(config.network().vpcCidr()).isEqualTo("10.20.0.0/16");
        assertThat(config.network().maxAzs()).isEqualTo(2);
        assertThat(config.network().createsVpc()).isTrue();
        assertThat(config.dataLake()).isEqualTo(new DataLakeConfig(30, 180, 90));
        assertThat(config.warehouse())
                .isEqualTo(new WarehouseConfig(
                        "provisioned",
                        "ra3.xlplus",
                        2,
                        "analytics",
                        "warehouse_admin",
                        5440,
                        7,
                        "sun:03:00-sun:03:30",
                        List.of("10.0.0.0/8"),
                        0,
                        0,
                        ClusterOperationsConfig.NONE,
                        Map.of(),
                        WlmConfig.NONE,
                        ResilienceConfig.NONE));
        assertThat(config.alerts().emails()).containsExactly("data-alerts@example.com");
        assertThat(config.deployment())
                .as("no deployment section: no CI deploy role")
                .isNull();
        assertThat(config.loaders())
                .containsExactly(
                        new LoaderConfig(
                                "orders",
                                "sales.orders",
                                "orders/",
                                new LoaderConfig.Format("csv", true, ",", "gzip"),
                                "cron(0/15 * * * ? *)",
                                "Europe/Berlin",
                                "merge",
                                List.of("order_id"),
                                List.of(),
                                0,
                                1000,
                                6),
                        new LoaderConfig(
                                "events",
                                "web.events",
                                "events/",
                                new LoaderConfig.Format("json", false, ",", "none"),
                                "rate(5 minutes)",
                                "UTC",
                                "append",
                                List.of(),
                                List.of(),
                                0,
                                1000,
                                24));
    }

    @Test
    void appliesSafeDefaultsForOptionalKeys() {
        EnvironmentConfig config = parse("""
                name: prod
                region: eu-west-1
                network: {vpcCidr: 10.1.0.0/16}
                warehouse: {nodeType: ra3.xlplus, numberOfNodes: 1, databaseName: analytics,
                            adminUsername: admin_user, allowedCidrs: []}
                """);

        assertThat(config.account()).isNull();
        assertThat(config.protect()).as("protection is on unless switched off").isTrue();
        assertThat(config.network().maxAzs()).isEqualTo(2);
        assertThat(config.warehouse().port()).isEqualTo(5440);
        assertThat(config.warehouse().snapshotRetentionDays()).isEqualTo(7);
        assertThat(config.warehouse().singleNode()).isTrue();
        assertThat(config.dataLake()).isEqualTo(DataLakeConfig.DEFAULTS);
        assertThat(config.compliance()).as("no compliance pack unless listed").isEmpty();
    }

    @Test
    void readsAServerlessWorkgroup() {
        EnvironmentConfig config = parse(BadConfigCases.VALID_SERVERLESS);

        assertThat(config.warehouse().serverless()).isTrue();
        assertThat(config.warehouse())
                .isEqualTo(new WarehouseConfig(
                        "serverless",
                        null,
                        0,
                        "analytics",
                        "warehouse_admin",
                        5440,
                        0,
                        null,
                        List.of("10.0.0.0/8"),
                        8,
                        64,
                        ClusterOperationsConfig.NONE,
                        Map.of(),
                        WlmConfig.NONE,
                        ResilienceConfig.NONE));
    }

    @Test
    void readsAnExistingVpc() {
        EnvironmentConfig config = parse(BadConfigCases.VALID.replace(
                "  vpcCidr: 10.20.0.0/16\n  maxAzs: 2\n",
                "  existingVpc: {vpcId: vpc-0abc1234, privateSubnetIds: [subnet-0abc1234, subnet-0abc5678],"
                        + " availabilityZones: [eu-west-1a, eu-west-1b]}\n"));

        assertThat(config.network().createsVpc()).isFalse();
        assertThat(config.network().existingVpc().privateSubnetIds())
                .containsExactly("subnet-0abc1234", "subnet-0abc5678");
        assertThat(config.network().existingVpc().availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void rejectsBadInputNamingFileKeyAndReason(BadConfigCases.Case bad) {
        ConfigException e = rejected(bad.yaml());

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.expected()));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String yaml = BadConfigCases.VALID
                .replace("port: 5440", "port: 5439")
                .replace("region: eu-west-1", "region: mars-1")
                .replace("numberOfNodes: 2", "numberOfNodes: 40");

        ConfigException e = rejected(yaml);

        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage())
                .contains("config/prod.yaml: region: ")
                .contains("config/prod.yaml: warehouse.port: ")
                .contains("config/prod.yaml: warehouse.numberOfNodes: ra3.xlplus needs 1 or 2 to 16 nodes, got 40");
    }

    @Test
    void namesTheLineOfAYamlSyntaxError() {
        String yaml = BadConfigCases.VALID.replace("  maxAzs: 2", "  maxAzs: [2");

        ConfigException e = rejected(yaml);

        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith("config/prod.yaml: line ")
                .contains("not valid YAML");
        int line = Integer.parseInt(e.problems().get(0).replaceAll("^config/prod.yaml: line (\\d+).*$", "$1"));
        assertThat(line).as("the line of the error or the one after it").isBetween(8, 10);
    }

    @Test
    void rejectsAFileThatIsNotAMapping() {
        assertThatThrownBy(() -> parse("- just\n- a list\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config/prod.yaml: must be a YAML mapping of keys such as name, region, warehouse");
    }

    @Test
    void namesAMissingEnvironmentFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir, "qa"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("qa.yaml: no such file; each environment is a file config/<env>.yaml");
    }

    @Test
    void loadsEveryShippedEnvironment() throws IOException {
        Path dir = Path.of("..", "config");
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.replace(".yaml", ""))
                    .sorted()
                    .toList();
            assertThat(names).contains("dev", "prod");
            for (String name : names) {
                assertThat(ConfigLoader.load(dir, name).name()).isEqualTo(name);
            }
        }
    }

    /** Each loader's COPY role is attached to the warehouse, which takes at most 50 IAM roles. */
    @Test
    void refusesMoreLoadersThanTheWarehouseHasIamRolesFor() {
        assertThat(parse(BadConfigCases.withLoaders(BadConfigCases.VALID, 50)).loaders())
                .hasSize(50);
        assertThat(parse(BadConfigCases.withLoaders(BadConfigCases.VALID_SERVERLESS, 50))
                        .loaders())
                .hasSize(50);
        for (String base : List.of(BadConfigCases.VALID, BadConfigCases.VALID_SERVERLESS)) {
            ConfigException e = rejected(BadConfigCases.withLoaders(base, 51));
            assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("config/prod.yaml: loaders: 51 loaders, but a warehouse takes at most 50 IAM roles "
                            + "and each loader has its own COPY role");
        }
    }

    @Test
    void readsTheDeploymentOfEveryShippedEnvironment() {
        for (String env : List.of("dev", "staging", "prod")) {
            assertThat(ConfigLoader.load(Path.of("..", "config"), env).deployment())
                    .as(env)
                    .isEqualTo(new DeploymentConfig("example-org/warehouse-platform"));
        }
        EnvironmentConfig config = parse(BadConfigCases.VALID.replace(
                "alerts:\n", "deployment:\n  githubRepository: Example-Org/warehouse.platform_2\nalerts:\n"));
        assertThat(config.deployment().githubRepository()).isEqualTo("Example-Org/warehouse.platform_2");
    }

    @Test
    void readsTheCompliancePacksInTheirOrderAndProdListsNist() {
        EnvironmentConfig config = parse(BadConfigCases.VALID.replace(
                "alerts:\n", "compliance: [pci-dss-3.2.1, nist-800-53-r5, hipaa]\nalerts:\n"));
        assertThat(config.compliance())
                .containsExactly(CompliancePack.PCI_DSS_321, CompliancePack.NIST_800_53_R5, CompliancePack.HIPAA);
        assertThat(ConfigLoader.load(Path.of("..", "config"), "prod").compliance())
                .containsExactly(CompliancePack.NIST_800_53_R5);
    }

    @Test
    void keepsLogsAYearWhenProtectedAndNinetyDaysWhenNotUnlessConfigured() {
        assertThat(parse(BadConfigCases.VALID).logs())
                .as("protect: true meets CT.CLOUDWATCH.PR.2 by default")
                .isEqualTo(new LogsConfig(365));
        assertThat(parse(BadConfigCases.VALID.replace("protect: true", "protect: false"))
                        .logs())
                .isEqualTo(new LogsConfig(90));
        assertThat(parse(BadConfigCases.VALID.replace("alerts:\n", "logs: {retentionDays: 731}\nalerts:\n"))
                        .logs())
                .isEqualTo(new LogsConfig(731));
        assertThat(parse(BadConfigCases.VALID
                                .replace("protect: true", "protect: false")
                                .replace("alerts:\n", "logs: {}\nalerts:\n"))
                        .logs()
                        .meetsControl())
                .as("an empty logs section keeps the default of protect: false")
                .isFalse();
    }

    @Test
    void readsTheAccessSection() {
        AccessConfig access = parse(BadConfigCases.VALID).access();

        assertThat(access.roles())
                .containsExactly(
                        new AccessConfig.Role(
                                "analyst",
                                List.of("sales", "web"),
                                List.of(),
                                new AccessConfig.SignIn(List.of("arn:aws:iam::123456789012:role/DataAnalysts"))),
                        new AccessConfig.Role("order_fixer", List.of("sales"), List.of("sales"), null));
        assertThat(access.users()).containsExactly(new AccessConfig.User("tableau", List.of("analyst"), 30));
    }

    @Test
    void managesNoAccessWithoutAnAccessSectionAndDefaultsWhatIsOptional() {
        String withoutAccess = BadConfigCases.VALID.substring(0, BadConfigCases.VALID.indexOf("access:\n"));
        assertThat(parse(withoutAccess).access()).isSameAs(AccessConfig.NONE);
        assertThat(parse(withoutAccess + "access: {}\n").access()).isEqualTo(AccessConfig.NONE);

        AccessConfig access = parse(withoutAccess + """
                access:
                  roles: [{name: viewer, read: [web]}]
                  users: [{name: notebook, roles: [viewer]}]
                """).access();
        assertThat(access.roles()).containsExactly(new AccessConfig.Role("viewer", List.of("web"), List.of(), null));
        assertThat(access.users())
                .as("rotated every 30 days unless configured")
                .containsExactly(
                        new AccessConfig.User("notebook", List.of("viewer"), AccessConfig.DEFAULT_ROTATION_DAYS));
    }

    @Test
    void acceptsIamRolesWithPathsAndUsersOfEveryPartition() {
        List<String> principals = List.of(
                "arn:aws:iam::123456789012:role/team/analytics/DataAnalysts",
                "arn:aws:iam::123456789012:user/jane.doe@example.com",
                "arn:aws-cn:iam::123456789012:role/DataAnalysts",
                "arn:aws-us-gov:iam::123456789012:role/Data+Analysts=1,2_3-4");
        String yaml = BadConfigCases.VALID.replace(
                BadConfigCases.PRINCIPAL,
                String.join(", ", principals.stream().map(p -> "\"" + p + "\"").toList()));

        assertThat(parse(yaml).access().roles().get(0).signIn().principals()).isEqualTo(principals);
    }

    @Test
    void sendsEveryWarehouseEventCategoryAtSeverityErrorUnlessConfigured() {
        assertThat(parse(BadConfigCases.VALID).alerts().warehouseEvents())
                .as("no warehouseEvents key: on, failures of every category")
                .isEqualTo(new WarehouseEventsConfig(
                        true, "ERROR", List.of("configuration", "management", "monitoring", "security", "pending")));
        String without = BadConfigCases.VALID.substring(0, BadConfigCases.VALID.indexOf("alerts:\n"))
                + BadConfigCases.VALID.substring(BadConfigCases.VALID.indexOf("loaders:\n"));
        assertThat(parse(without).alerts())
                .as("no alerts section")
                .isEqualTo(new AlertsConfig(List.of(), WarehouseEventsConfig.DEFAULTS));

        String emails = "emails: [data-alerts@example.com]";
        WarehouseEventsConfig configured = parse(BadConfigCases.VALID.replace(
                        emails, emails + "\n  warehouseEvents: {severity: INFO, categories: [security, monitoring]}"))
                .alerts()
                .warehouseEvents();
        assertThat(configured).isEqualTo(new WarehouseEventsConfig(true, "INFO", List.of("security", "monitoring")));
        assertThat(configured.errorsOnly()).isFalse();
        assertThat(parse(BadConfigCases.VALID.replace(emails, emails + "\n  warehouseEvents: {enabled: false}"))
                        .alerts()
                        .warehouseEvents()
                        .enabled())
                .isFalse();
    }

    @Test
    void readsTheWarehouseEventsOfEveryShippedEnvironment() {
        Path dir = Path.of("..", "config");
        List<String> three = List.of("management", "monitoring", "security");
        assertThat(ConfigLoader.load(dir, "dev").alerts().warehouseEvents())
                .isEqualTo(new WarehouseEventsConfig(true, "ERROR", three));
        assertThat(ConfigLoader.load(dir, "staging").alerts().warehouseEvents())
                .isEqualTo(new WarehouseEventsConfig(true, "ERROR", three));
        assertThat(ConfigLoader.load(dir, "prod").alerts().warehouseEvents()).isEqualTo(WarehouseEventsConfig.DEFAULTS);
    }
}
