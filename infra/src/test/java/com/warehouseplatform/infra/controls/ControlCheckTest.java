package com.warehouseplatform.infra.controls;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.constructs.ControlAcknowledgments;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * The controls check with the real cfn-guard over small real synths: a log group without a KMS key breaks
 * CT.CLOUDWATCH.PR.3 and the check names the control, the stack, the logical id and the construct path; the same
 * log group acknowledged passes; an acknowledgment that acknowledges nothing fails.
 */
class ControlCheckTest {
    private static final String REASON = "a test: this log group keeps no secrets";

    /** A stack "Broken" with one log group "Logs" (two years, the L2's default retention), shaped by {@code edit}. */
    private static Path synth(Path out, Consumer<LogGroup> edit) {
        App app = new App(AppProps.builder().outdir(out.toString()).build());
        Stack stack = new Stack(app, "Broken");
        LogGroup logs = LogGroup.Builder.create(stack, "Logs")
                .retention(RetentionDays.TWO_YEARS)
                .build();
        edit.accept(logs);
        app.synth();
        return out;
    }

    private static String logicalId(LogGroup logs) {
        return Stack.of(logs)
                .getLogicalId((software.amazon.awscdk.CfnElement) logs.getNode().getDefaultChild());
    }

    @Test
    void aLogGroupWithoutAKeyFailsNamingTheControlTheResourceAndItsConstruct(@TempDir Path out) {
        String[] id = new String[1];
        Check check = Check.of(synth(out, logs -> id[0] = logicalId(logs)));

        assertThat(check.status()).isEqualTo(ControlCheckCommand.REFUSED);
        assertThat(check.errors())
                .contains("FAIL CT.CLOUDWATCH.PR.3: Require an Amazon CloudWatch log group to be encrypted at rest")
                .contains("stack Broken, resource " + id[0] + " (AWS::Logs::LogGroup), construct Broken/Logs/Resource")
                .contains("[FIX]: Set 'KmsKeyId'")
                .contains("ControlAcknowledgments.acknowledge(resource, \"CT.CLOUDWATCH.PR.3\"");
        // the log group keeps two years, so the retention control passes on it and is not reported
        assertThat(check.errors()).doesNotContain("CT.CLOUDWATCH.PR.2");
        assertThat(check.out()).contains(out + ": ").contains("1 failed").endsWith("FAILED\n");
    }

    @Test
    void theSameLogGroupAcknowledgedOnItselfPassesWithTheReason(@TempDir Path out) {
        synth(out, logs -> ControlAcknowledgments.acknowledge(logs, "CT.CLOUDWATCH.PR.3", REASON));

        Check check = Check.of(out);
        assertThat(check.status()).as(check.errors()).isZero();
        assertThat(check.out()).contains("1 acknowledged, 0 failed").contains("passed");

        ControlCheck.Result result = new ControlCheck(CfnGuard.locate(Check.ROOT)).check(List.of(out));
        assertThat(result.acknowledged()).singleElement().satisfies(r -> {
            assertThat(r.control().id()).isEqualTo("CT.CLOUDWATCH.PR.3");
            assertThat(r.stack()).isEqualTo("Broken");
            assertThat(r.constructPath()).isEqualTo("Broken/Logs/Resource");
            assertThat(r.reason()).isEqualTo(REASON);
        });
        assertThat(result.results())
                .filteredOn(r -> r.control().id().equals("CT.CLOUDWATCH.PR.2"))
                .singleElement()
                .extracting(ControlResult::status)
                .isEqualTo(ControlStatus.PASS);
    }

    @Test
    void anAcknowledgmentOfAControlThatPassesIsStale(@TempDir Path out) {
        synth(out, logs -> {
            ((software.amazon.awscdk.services.logs.CfnLogGroup) logs.getNode().getDefaultChild())
                    .setKmsKeyId("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
            ControlAcknowledgments.acknowledge(logs, "CT.CLOUDWATCH.PR.3", REASON);
        });

        Check check = Check.of(out);
        assertThat(check.status()).isEqualTo(ControlCheckCommand.REFUSED);
        assertThat(check.errors())
                .contains("STALE acknowledgment of CT.CLOUDWATCH.PR.3 on Broken/")
                .contains("at Broken/Logs/Resource: the control passes on it")
                .doesNotContain("FAIL CT.CLOUDWATCH.PR.3");
        assertThat(check.out()).contains("1 stale acknowledgments: FAILED");
    }

    @Test
    void anAcknowledgmentOfAControlThatDoesNotEvaluateTheTypeOrOfNoControlIsStale(@TempDir Path out) {
        synth(out, logs -> {
            ControlAcknowledgments.acknowledge(logs, "CT.CLOUDWATCH.PR.3", REASON);
            Queue queue = Queue.Builder.create(Stack.of(logs), "Queue")
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .build();
            ControlAcknowledgments.acknowledge(queue, "CT.S3.PR.9", "not a bucket");
            ControlAcknowledgments.acknowledge(queue, "CT.NOSUCH.PR.1", "no such control");
        });

        Check check = Check.of(out);
        assertThat(check.status()).isEqualTo(ControlCheckCommand.REFUSED);
        assertThat(check.errors())
                .contains("STALE acknowledgment of CT.S3.PR.9 on Broken/")
                .contains("the control does not evaluate AWS::SQS::Queue")
                .contains("STALE acknowledgment of CT.NOSUCH.PR.1")
                .contains("no control of the bundled rules has this id");
    }

    @Test
    void withoutNodeModulesItTellsTheUserToRunNpmCi(@TempDir Path empty, @TempDir Path out) {
        Check check = Check.run("--root", empty.toString(), out.toString());
        assertThat(check.status()).isEqualTo(ControlCheckCommand.BAD_INPUT);
        assertThat(check.errors())
                .contains("cfn-guard not found")
                .contains("node_modules/@cdklabs/cdk-validator-cfnguard")
                .contains("run npm ci");
    }

    @Test
    void aFolderWithoutTemplatesIsBadInput(@TempDir Path out) {
        Check check = Check.of(out);
        assertThat(check.status()).isEqualTo(ControlCheckCommand.BAD_INPUT);
        assertThat(check.errors()).contains("holds no *.template.json");
    }

    @Test
    void choosesTheBinaryOfTheOperatingSystemAndArchitecture() {
        assertThat(CfnGuard.locate(Check.ROOT, "Linux", "amd64").binary().toString())
                .endsWith("bin/ubuntu/x86_64/cfn-guard");
        assertThat(CfnGuard.locate(Check.ROOT, "Mac OS X", "aarch64").binary().toString())
                .endsWith("bin/macos/aarch64/cfn-guard");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CfnGuard.locate(Check.ROOT, "Windows 11", "amd64"))
                .hasMessageContaining("Linux and macOS only, not Windows 11");
    }

    @Test
    void readsEveryRuleFileOfThePackage() {
        ControlRules rules = ControlRules.read(CfnGuard.locate(Check.ROOT).rules());
        assertThat(rules.all()).hasSizeGreaterThan(200);
        assertThat(rules.byId("CT.CLOUDWATCH.PR.3").orElseThrow().reportsOn()).containsExactly("AWS::Logs::LogGroup");
        // "# Rule Name:" headers and comma-separated types, as CT.IAM.PR.1 writes them
        assertThat(rules.byId("CT.IAM.PR.1").orElseThrow().reportsOn())
                .containsExactly("AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group");
        assertThat(rules.byId("CT.NETWORK-FIREWALL.PR.1")).isPresent();
        assertThat(rules.all()).allSatisfy(c -> assertThat(c.fix()).as(c.id()).isNotBlank());
    }
}
