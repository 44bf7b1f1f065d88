package com.warehouseplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file with a mistake in every section gets all of them in one load, each naming the file and the key. */
class EveryProblemAtOnceTest {

    private static final String EVERY_SECTION_WRONG = """
            name: dev
            region: mars-1
            protect: false
            tags: {"aws:owner": data-platform}
            network:
              vpcCidr: 10.0.0.0/8
              maxAzs: 2
            dataLake:
              transitionToInfrequentAccessDays: 30
              transitionToGlacierDays: 40
            warehouse:
              nodeType: ra3.medium
              numberOfNodes: 1
              databaseName: analytics
              adminUsername: warehouse_admin
              allowedCidrs: [10.30.0.0/16]
              operations:
                pauseSchedule: "rate(1 day)"
                resumeSchedule: "cron(0 6 ? * MON-FRI *)"
            deployment:
              githubRepository: not a repository
            alerts:
              emails: [data-alerts-at-example.com]
            loaders:
              - name: orders
                table: sales.orders
                source: orders/
                format: {type: csv}
                schedule: "every 15 minutes"
                mode: merge
                keys: [ordr_id]
              - name: web-events
                table: web.eventz
                source: events/
                format: {type: json}
                schedule: "rate(10 minutes)"
                timezone: Mars/Olympus_Mons
            """;

    @Test
    void reportsAMistakeInEverySectionInOneLoad(@TempDir Path config) throws IOException {
        Files.createDirectories(config.resolve("sql"));
        for (String migration : new String[] {"V1__create_sales_orders.sql", "V2__create_web_events.sql"}) {
            Files.copy(
                    Path.of("..", "config", "sql", migration),
                    config.resolve("sql").resolve(migration));
        }
        Files.writeString(config.resolve("dev.yaml"), EVERY_SECTION_WRONG);
        String file = config.resolve("dev.yaml") + ": ";

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config, "dev"));

        assertThat(e.problems())
                .containsExactly(
                        file + "region: \"mars-1\" is not an AWS region name such as eu-west-1",
                        file + "tags.aws:owner: a tag key must be 1 to 128 characters and not start with aws:",
                        file + "network.vpcCidr: the prefix length must be between /16 and /24, got 10.0.0.0/8",
                        file
                                + "dataLake.transitionToGlacierDays: must be at least 30 days after transitionToInfrequentAccessDays"
                                + " (30), got 40",
                        file
                                + "warehouse.nodeType: must be one of the RA3 node types [ra3.16xlarge, ra3.4xlarge, ra3.large,"
                                + " ra3.xlplus], got \"ra3.medium\"",
                        file
                                + "warehouse.operations.pauseSchedule: \"rate(1 day)\": Redshift pauses and resumes on cron(...)"
                                + " schedules in UTC, not rate()",
                        file + "alerts.emails: \"data-alerts-at-example.com\" is not an email address",
                        file + "deployment.githubRepository: must be owner/repository as GitHub spells it"
                                + " (e.g. example-org/warehouse-platform), got \"not a repository\"",
                        file + "loaders[0].schedule: \"every 15 minutes\" is not cron(minutes hours day-of-month month"
                                + " day-of-week year) or rate(n unit)",
                        file + "loaders[0].keys[0]: column ordr_id is not a column of sales.orders"
                                + " (created by V1__create_sales_orders.sql)",
                        file
                                + "loaders[1].timezone: \"Mars/Olympus_Mons\" is not an IANA time zone such as Europe/Berlin",
                        file + "loaders[1].table: web.eventz is created by no migration in " + config.resolve("sql")
                                + " (they create sales.orders, web.events): add a migration that creates it, or set"
                                + " tableManagedElsewhere: true if it is created outside the platform");
    }

    /** A loader that cannot be read hides neither the loader limit nor the overlap of two other loaders. */
    @Test
    void aBadLoaderHidesNoProblemOfTheOthers() {
        String yaml = BadConfigCases.withLoaders(BadConfigCases.VALID, 51)
                .replace(
                        "    source: feed-3/\n    format: {type: json}\n    schedule: \"rate(5 minutes)\"",
                        "    source: feed-3/\n    format: {type: json}\n    schedule: \"rate(5 minute)\"")
                .replace("source: feed-5/", "source: feed-4/more/");

        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> ConfigLoader.parse(yaml, BadConfigCases.FILE, "prod"));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems().get(0))
                .isEqualTo(BadConfigCases.FILE
                        + ": loaders[2].schedule: \"rate(5 minute)\": write rate(1 minute) or rate(n minutes)");
        assertThat(e.problems().get(1))
                .isEqualTo(BadConfigCases.FILE + ": loaders[4].source: \"feed-4/more/\" overlaps"
                        + " \"feed-4/\" of loader feed-4: a file would have two loaders");
        assertThat(e.problems().get(2))
                .startsWith(
                        BadConfigCases.FILE + ": loaders: 51 loaders, but a warehouse takes" + " at most 50 IAM roles");
    }
}
