package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.infra.Platforms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Loaders that respect a paused cluster: the arrow Lambda -> Redshift API (DescribeClusters: the role's policy,
 * and in the VPC the redshift endpoint's policy), the pause schedules in the loader's environment, and the
 * freshness alarm on the up-time metric. dev pauses (and runs its functions outside the VPC); prod runs them in
 * the VPC; staging is Serverless, which does not pause.
 */
class PausedClusterLoadersTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Template loaders) {
        return loaders.findResources("AWS::IAM::Policy").values().stream()
                .flatMap(r -> ((List<Map<String, Object>>) ((Map<String, Object>)
                                        ((Map<String, Object>) r.get("Properties")).get("PolicyDocument"))
                                .get("Statement"))
                        .stream())
                .toList();
    }

    private static List<Map<String, Object>> describeClusters(Template loaders) {
        return statements(loaders).stream()
                .filter(s -> String.valueOf(s.get("Action")).contains("redshift:DescribeClusters"))
                .toList();
    }

    @Test
    void devsLoadersGetItsPauseSchedulesAndMayDescribeTheirClusterOnly() {
        Platforms.Built dev = Platforms.of("dev");
        Template loaders = dev.loaders();
        loaders.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(Map.of(
                                        "LOADER_NAME", "orders",
                                        "PAUSE_SCHEDULE", "cron(0 19 ? * MON-FRI *)",
                                        "RESUME_SCHEDULE", "cron(0 6 ? * MON-FRI *)")))));
        List<Map<String, Object>> grants = describeClusters(loaders);
        assertThat(grants).hasSize(dev.config().loaders().size());
        for (Map<String, Object> s : grants) {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            assertThat(s.get("Sid")).isEqualTo("ReadOwnClusterState");
            assertThat(s.get("Action")).isEqualTo("redshift:DescribeClusters");
            assertThat(String.valueOf(s.get("Resource")))
                    .as("this cluster's ARN, never *")
                    .contains(":cluster:")
                    .doesNotContain("\"*\"")
                    .isNotEqualTo("*");
        }
    }

    @Test
    void theFreshnessAlarmCountsOnlyTheHoursTheScheduleHasTheClusterUp() {
        Platforms.Built dev = Platforms.of("dev");
        for (LoaderConfig loader : dev.config().loaders()) {
            dev.loaders()
                    .hasResourceProperties(
                            "AWS::CloudWatch::Alarm",
                            Map.of(
                                    "AlarmName", "dev-loader-" + loader.name() + "-freshness",
                                    "MetricName", "UpSecondsSinceLastSuccess",
                                    "Namespace", "WarehousePlatform/Loaders",
                                    "Statistic", "Maximum",
                                    "Threshold", loader.freshnessThresholdSeconds(),
                                    "TreatMissingData", "breaching"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void inTheVpcTheRedshiftEndpointAdmitsTheLoadersDescribeClusters() {
        Platforms.Built prod = Platforms.of("prod");
        assertThat(describeClusters(prod.loaders()))
                .hasSize(prod.config().loaders().size());
        Map<String, Object> redshift = prod.network().findResources("AWS::EC2::VPCEndpoint").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> String.valueOf(p.get("ServiceName")).matches(".*\\.redshift\\W*$")
                        || String.valueOf(p.get("ServiceName")).endsWith(".redshift"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no redshift endpoint in prod's network"));
        assertThat(String.valueOf(redshift.get("SecurityGroupIds"))).contains("EndpointSecurityGroup");
        List<Map<String, Object>> statements =
                (List<Map<String, Object>>) ((Map<String, Object>) redshift.get("PolicyDocument")).get("Statement");
        assertThat(statements)
                .as("the endpoint admits DescribeClusters for this account's principals")
                .anySatisfy(s -> {
                    assertThat(s.get("Effect")).isEqualTo("Allow");
                    assertThat(String.valueOf(s.get("Action"))).contains("redshift:DescribeClusters");
                    assertThat(String.valueOf(s.get("Condition")))
                            .contains("aws:PrincipalAccount")
                            .contains("123456789012");
                });
    }

    @Test
    void serverlessLoadersNeitherAskNorGetSchedules() {
        Template loaders = Platforms.of("staging").loaders();
        assertThat(describeClusters(loaders)).isEmpty();
        assertThat(loaders.toJSON().toString()).doesNotContain("PAUSE_SCHEDULE");
    }
}
