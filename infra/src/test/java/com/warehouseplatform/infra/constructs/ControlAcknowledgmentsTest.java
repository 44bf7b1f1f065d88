package com.warehouseplatform.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.sqs.Queue;

class ControlAcknowledgmentsTest {

    @Test
    void writesEachAcknowledgmentIntoTheResourcesOwnMetadataInOrder() {
        Stack stack = new Stack();
        Queue queue = new Queue(stack, "Dlq");
        ControlAcknowledgments.acknowledge(queue, "CT.SQS.PR.1", "a dead-letter queue of its own");
        ControlAcknowledgments.acknowledge(queue, "CT.SQS.PR.2", "second reason");

        Map<String, Map<String, Object>> queues = Template.fromStack(stack).findResources("AWS::SQS::Queue");
        assertThat(queues.values().iterator().next().get("Metadata"))
                .isEqualTo(Map.of(
                        "ControlTower",
                        Map.of(
                                "acknowledged",
                                List.of(
                                        Map.of("control", "CT.SQS.PR.1", "reason", "a dead-letter queue of its own"),
                                        Map.of("control", "CT.SQS.PR.2", "reason", "second reason")))));
    }

    @Test
    void refusesAnIdThatIsNotAControlAndAnEmptyReason() {
        Queue queue = new Queue(new Stack(), "Q");
        assertThatThrownBy(() -> ControlAcknowledgments.acknowledge(queue, "AwsSolutions-SQS3", "x"))
                .hasMessageContaining("not a Control Tower proactive control id: AwsSolutions-SQS3");
        assertThatThrownBy(() -> ControlAcknowledgments.acknowledge(queue, "CT.SQS.PR.1", " "))
                .hasMessageContaining("needs a reason");
    }
}
