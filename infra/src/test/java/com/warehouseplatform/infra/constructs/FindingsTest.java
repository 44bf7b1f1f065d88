package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.constructs.Construct;
import software.constructs.IConstruct;

class FindingsTest {
    private static List<String> acknowledgedIds(IConstruct construct) {
        List<String> ids = new ArrayList<>();
        construct.getNode().getMetadata().stream()
                .filter(e -> Validations.ACKNOWLEDGED_RULES_METADATA_KEY.equals(e.getType()))
                .forEach(e -> ((Map<?, ?>) e.getData()).keySet().forEach(id -> ids.add(String.valueOf(id))));
        return ids;
    }

    @Test
    void aComplianceRuleIsAcknowledgedWithItsExactIdInEachPackThatChecksIt() {
        Construct function = new Construct(new Stack(), "Function");
        Findings.acknowledgeCompliance(
                function, "LambdaDLQ", "Invoked synchronously during deploys; a failure fails the deploy itself.");
        Construct role = new Construct(new Stack(), "Role");
        Findings.acknowledgeInlinePolicies(role);

        assertThat(acknowledgedIds(function))
                .as("PCI DSS 3.2.1 has no LambdaDLQ rule")
                .containsExactly(
                        "NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ", "HIPAA.Security::HIPAA.Security-LambdaDLQ");
        assertThat(acknowledgedIds(role))
                .containsExactly(
                        "NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy",
                        "HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy",
                        "PCI.DSS.321::PCI.DSS.321-IAMNoInlinePolicy");
    }

    @Test
    void refusesARuleItDoesNotKnowRatherThanWritingAnIdNoPackReports() {
        Construct construct = new Construct(new Stack(), "Thing");
        assertThatThrownBy(() -> Findings.acknowledgeCompliance(construct, "LambdaDlq", "a reason long enough to pass"))
                .hasMessageContaining("LambdaDlq");
    }
}
